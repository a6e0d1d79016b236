/**
 * `highlight` and `annotations` (export / import).
 */
import { promises as fs } from 'node:fs';
import { COLOR_KEYS, type ColorKey } from '../../common/model';
import { findQuoteForCli, describeFindQuoteError } from '../../common/anchoring/describe';
import type { Command } from '../command';
import { printJson } from '../command';

export const highlightCommand: Command = {
  name: 'highlight',
  usage: 'briefing highlight <articleId> --quote TEXT [--prefix P] [--suffix S] [--color key|figure|policy|risk|verify] [--note MD] [--tag T ...]',
  summary: 'Highlight a quoted passage; prints the annotation as JSON.',
  flags: {
    quote: { type: 'string' },
    prefix: { type: 'string' },
    suffix: { type: 'string' },
    color: { type: 'string' },
    note: { type: 'string' },
    tag: { type: 'string', multiple: true },
  },
  async run({ args, io, core }) {
    const articleId = args.positionals[0];
    const quote = args.flags.quote as string | undefined;
    if (!articleId || !quote) {
      io.err('Usage: ' + highlightCommand.usage);
      return 2;
    }
    const color = (args.flags.color as string | undefined) ?? 'key';
    if (!(COLOR_KEYS as readonly string[]).includes(color)) {
      io.err(`--color must be one of ${COLOR_KEYS.join(', ')}, not "${color}".`);
      return 2;
    }
    const c = await core();
    const article = await c.api.getArticle({ id: articleId });
    const found = findQuoteForCli(article.text, quote, args.flags.prefix as string | undefined, args.flags.suffix as string | undefined);
    if (found.kind !== 'found') {
      io.err(`Error: ${describeFindQuoteError(found)}`);
      return 1;
    }
    const annotation = await c.api.createAnnotation({
      articleId,
      start: found.start,
      end: found.end,
      color: color as ColorKey,
      ...(args.flags.note ? { note: String(args.flags.note) } : {}),
      ...(args.flags.tag ? { tags: args.flags.tag as string[] } : {}),
    });
    printJson(io, annotation);
    return 0;
  },
};

export const annotationsCommand: Command = {
  name: 'annotations',
  usage: 'briefing annotations <articleId|--all> --format json|w3c|md  |  briefing annotations import FILE',
  summary: 'Export one article’s annotations (or all) as JSON, W3C JSON-LD or Markdown; or import a W3C/JSON file.',
  flags: { all: { type: 'boolean' }, format: { type: 'string' }, out: { type: 'string' } },
  async run({ args, io, json, core }) {
    const [first, second] = args.positionals;
    const c = await core();
    if (first === 'import') {
      if (!second) {
        io.err('Which file? briefing annotations import FILE');
        return 2;
      }
      const content = await fs.readFile(second, 'utf8').catch((err: NodeJS.ErrnoException) => {
        throw new Error(`${second}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
      });
      const report = await c.api.importAnnotations({ content });
      if (json) printJson(io, report);
      else io.out(`${report.imported} imported (${report.placed} placed, ${report.orphaned} orphaned), ${report.skipped} skipped (article not in this library).`);
      return 0;
    }
    const format = (args.flags.format as string | undefined) ?? 'json';
    if (!['json', 'w3c', 'md'].includes(format)) {
      io.err(`--format must be json, w3c or md, not "${format}".`);
      return 2;
    }
    if (!first && !args.flags.all) {
      io.err('Which article? Give its id, or --all.');
      return 2;
    }
    const exported = await c.api.exportAnnotations({
      ...(args.flags.all ? { all: true } : { articleId: first }),
      format: format as 'json' | 'w3c' | 'md',
    });
    if (args.flags.out) {
      await c.store.writeExport(String(args.flags.out), exported.content);
      io.err(`Wrote ${args.flags.out}`);
    } else io.out(exported.content);
    return 0;
  },
};
