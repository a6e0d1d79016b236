/**
 * `search`: full-text search from the command line.
 */
import type { Command } from '../command';
import { integerFlag, printJson } from '../command';
import { refusal, say } from '../cli-messages';
import { snippetToMarkedString } from '../../common/search/snippet';
import type { SearchSort } from '../../common/search/types';

export const searchCommand: Command = {
  name: 'search',
  usage: 'briefing search <query> [--tag T ...] [--source S] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--sort relevance|date|title|added] [--limit N] [--json]',
  usageZh:
    'briefing search <检索词> [--tag 标签 ...] [--source 来源] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--sort relevance|date|title|added] [--limit 条数] [--json]',
  summary: 'Search titles, text, metadata, tags and notes; best match first. Matches in snippets are marked [like this].',
  summaryZh: '检索标题、正文、元数据、标签和批注，最相关的在前；摘录中的命中处用 [方括号] 标出。',
  flags: {
    tag: { type: 'string', multiple: true },
    source: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    sort: { type: 'string' },
    limit: { type: 'string' },
  },
  // The words of the query (any number); with --tag or --source none are needed.
  operands: (args) => ({ min: args.flags.tag || args.flags.source ? 0 : 1, max: Infinity, what: 'query' }),
  async run({ args, io, json, core, language }) {
    const query = args.positionals.join(' ');
    if (!query.trim() && !args.flags.tag && !args.flags.source)
      throw refusal('cli.missing-argument', { what: 'query', usage: searchCommand.usage, usageZh: searchCommand.usageZh });
    // The contract's schema checks --sort and --limit (a refusal names the field; exit 2).
    const sort = args.flags.sort as string | undefined;
    const limit = args.flags.limit === undefined ? 20 : integerFlag('limit', args.flags.limit);
    const c = await core();
    // A search waits for the index to be loaded or built.
    const result = await c.api.search({
      query,
      limit,
      ...(args.flags.tag ? { tags: args.flags.tag as string[] } : {}),
      ...(args.flags.source ? { source: String(args.flags.source) } : {}),
      ...(args.flags.from ? { from: String(args.flags.from) } : {}),
      ...(args.flags.to ? { to: String(args.flags.to) } : {}),
      ...(sort ? { sort: sort as SearchSort } : {}),
    });
    const rows = result.hits.map((h) => ({
      id: h.id,
      title: h.title,
      score: h.score,
      snippet: h.snippet ? snippetToMarkedString(h.snippet) : '',
    }));
    // On stderr, so --json stays the same shape: part of the library was not searched (problems name the files).
    const missed = result.unsearchable ?? 0;
    if (missed)
      io.err(
        say(
          language,
          `Note: ${missed} article${missed === 1 ? '' : 's'} could not be read whole (text or notes), so ${missed === 1 ? 'it was' : 'they were'} searched only in part; \`briefing problems\` names the files.`,
          `注意：有 ${missed} 篇文章（正文或批注）无法完整读取，只检索了其中一部分；\`briefing problems\` 列出了这些文件。`,
        ),
      );
    if (json) printJson(io, rows);
    else {
      for (const r of rows) io.out(`${r.id}  ${r.title}\n    ${r.snippet}`);
      const total = `${result.total}${result.totalExact ? '' : '+'}`;
      io.err(
        say(
          language,
          `${total} match${result.total === 1 ? '' : 'es'} (${result.tookMs.toFixed(1)} ms)`,
          `${total} 条结果（${result.tookMs.toFixed(1)} 毫秒）`,
        ),
      );
    }
    return 0;
  },
};
