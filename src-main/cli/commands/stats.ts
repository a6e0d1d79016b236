/**
 * `stats`: what is in a library and what opening it cost this process: time
 * since process start until the first page of the article list was ready
 * (`firstPageReadyMs`: the first 100 rows, newest first, with the tag and
 * source counts — what the app asks for when it opens), until the whole list
 * was (`listReadyMs`), and resident memory.
 */
import type { Command } from '../command';
import { printJson } from '../command';
import { say } from '../cli-messages';

/** The Chinese name of each line of the report (the English name is its `--json` field). */
const LABELS_ZH: Record<string, string> = {
  path: '文库位置',
  articles: '文章',
  briefings: '简报',
  tags: '标签',
  firstPageReadyMs: '首页就绪（毫秒）',
  firstPageRows: '首页行数',
  listReadyMs: '列表就绪（毫秒）',
  rssAfterOpenMb: '打开后内存（MB）',
  indexReadyMs: '索引就绪（毫秒）',
  indexDocuments: '索引文档数',
  rssWithIndexMb: '加载索引后内存（MB）',
};

export const statsCommand: Command = {
  name: 'stats',
  usage: 'briefing stats [--with-index] [--json]',
  usageZh: 'briefing stats [--with-index] [--json]',
  summary: 'Library size, and the time and memory it took to open; --with-index also loads the search index.',
  summaryZh: '文库规模，以及打开它所用的时间和内存；--with-index 还会加载检索索引。',
  flags: { 'with-index': { type: 'boolean' } },
  operands: { min: 0, max: 0 },
  async run({ args, io, json, core, language }) {
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
    else for (const [k, v] of Object.entries(stats)) io.out(say(language, `${k.padEnd(16)} ${String(v)}`, `${LABELS_ZH[k] ?? k}：${String(v)}`));
    return 0;
  },
};
