/**
 * `stats`: what is in a library and what opening it cost this process
 * (time since process start until the article list was ready, resident memory).
 */
import type { Command } from '../command';
import { printJson } from '../command';

export const statsCommand: Command = {
  name: 'stats',
  usage: 'briefing stats [--with-index] [--json]',
  summary: 'Library size, and the time and memory it took to open; --with-index also loads the search index.',
  flags: { 'with-index': { type: 'boolean' } },
  async run({ args, io, json, core }) {
    const c = await core();
    const list = await c.api.listArticles({});
    const listReadyMs = process.uptime() * 1000;
    const rssAfterOpenMb = process.memoryUsage().rss / 1048576;
    const [info, briefings] = await Promise.all([c.api.libraryInfo({}), c.api.listBriefings({})]);
    const stats: Record<string, unknown> = {
      path: info.path,
      articles: list.length,
      briefings: briefings.length,
      tags: info.tags.length,
      listReadyMs: Math.round(listReadyMs),
      rssAfterOpenMb: Math.round(rssAfterOpenMb),
    };
    if (args.flags['with-index']) {
      const started = performance.now();
      const status = await c.api.searchStatus({ wait: true });
      stats.indexReadyMs = Math.round(performance.now() - started);
      stats.indexDocuments = status.documents;
      stats.rssWithIndexMb = Math.round(process.memoryUsage().rss / 1048576);
    }
    if (json) printJson(io, stats);
    else for (const [k, v] of Object.entries(stats)) io.out(`${k.padEnd(16)} ${String(v)}`);
    return 0;
  },
};
