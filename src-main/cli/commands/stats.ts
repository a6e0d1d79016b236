/**
 * `stats`: what is in a library and what opening it cost this process: time
 * since process start until the first page of the article list was ready
 * (`firstPageReadyMs`: the first 100 rows, newest first, with the tag and
 * source counts — what the app asks for when it opens), until the whole list
 * was (`listReadyMs`), and resident memory.
 */
import type { Command } from '../command';
import { printJson } from '../command';

export const statsCommand: Command = {
  name: 'stats',
  usage: 'briefing stats [--with-index] [--json]',
  summary: 'Library size, and the time and memory it took to open; --with-index also loads the search index.',
  flags: { 'with-index': { type: 'boolean' } },
  operands: { min: 0, max: 0 },
  async run({ args, io, json, core }) {
    const c = await core();
    const page = await c.api.queryArticles({ offset: 0, limit: 100, sort: 'added' });
    const firstPageReadyMs = process.uptime() * 1000;
    const list = await c.api.listArticles({});
    const listReadyMs = process.uptime() * 1000;
    const rssAfterOpenMb = process.memoryUsage().rss / 1048576;
    const [info, briefings] = await Promise.all([c.api.libraryInfo({}), c.api.listBriefings({})]);
    const stats: Record<string, unknown> = {
      path: info.path,
      articles: list.length,
      briefings: briefings.length,
      tags: info.tags.length,
      firstPageReadyMs: Math.round(firstPageReadyMs),
      firstPageRows: page.items.length,
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
