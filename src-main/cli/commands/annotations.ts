/**
 * `highlight` and `annotations` (export / import).
 */
import { promises as fs } from 'node:fs';
import { findQuoteForCli, describeFindQuoteError } from '../../common/anchoring/describe';
import { OffsetConverter } from '../../common/anchoring/code-points';
import type { Annotation } from '../../common/annotation';
import { ColorKeySchema, type AnnotationImportReport } from '../../common/contract/annotations';
import type { Command } from '../command';
import { flagValue, printJson } from '../command';
import { refusal } from '../cli-messages';

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
  operands: { min: 1, max: 1, what: 'article' },
  async run({ args, io, core }) {
    const articleId = args.positionals[0];
    const quote = args.flags.quote as string | undefined;
    if (!quote) throw refusal('cli.option-needs-value', { option: 'quote' }, 'quote');
    // The contract's own schema checks --color before the quote is looked up (a refusal names the field; exit 2).
    const color = flagValue(ColorKeySchema, 'color', (args.flags.color as string | undefined) ?? 'key');
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
      color,
      ...(args.flags.note ? { note: String(args.flags.note) } : {}),
      ...(args.flags.tag ? { tags: args.flags.tag as string[] } : {}),
    });
    printJson(io, withCodePoints(annotation, article.text));
    return 0;
  },
};

/**
 * The annotation as the CLI prints it: its W3C TextPositionSelector in code
 * points, as the Web Annotation model counts them (the app keeps UTF-16
 * offsets inside).
 */
function withCodePoints(annotation: Annotation, text: string): Annotation {
  const [quote, position] = annotation.target.selector;
  const c = new OffsetConverter(text);
  return {
    ...annotation,
    target: { selector: [quote, { type: 'TextPositionSelector', start: c.toCodePoints(position.start), end: c.toCodePoints(position.end) }] },
  };
}

/** The import report in words: what went where, what matched nothing and why, what was refused. */
function describeImport(report: AnnotationImportReport): string {
  const lines = [
    `${report.imported} imported (${report.placed} placed, ${report.orphaned} orphaned), ${report.duplicates} already present, ${report.skipped} not imported.`,
  ];
  for (const a of report.articles) {
    lines.push(`  → “${a.title}” (${a.articleId}), matched by ${a.matchedBy}: ${a.imported} new, ${a.duplicates} already present.`);
  }
  for (const u of report.unmatched) {
    lines.push(`  ✗ ${u.count} annotation(s) of ${u.title ? `“${u.title}”` : (u.url ?? u.source ?? 'an unnamed article')}: ${u.reason}.`);
    lines.push(`    To import them into an article of this library: --assign ${u.key}=<articleId>`);
  }
  for (const r of report.refused) lines.push(`  ✗ ${r.path}: ${r.reason}${r.quote ? ` (“${r.quote.slice(0, 40)}”)` : ''}`);
  return lines.join('\n');
}

export const annotationsCommand: Command = {
  name: 'annotations',
  usage: 'briefing annotations <articleId|--all> --format json|w3c|md [--out FILE]  |  briefing annotations import FILE [--assign KEY=ARTICLE_ID ...]',
  summary: 'Export one article’s annotations (or all) as JSON, W3C JSON-LD or Markdown; or import a W3C/JSON file (unmatched groups go where --assign says).',
  flags: { all: { type: 'boolean' }, format: { type: 'string' }, out: { type: 'string' }, assign: { type: 'string', multiple: true } },
  // `import FILE`; with --all nothing; else one article id.
  operands: (args) =>
    args.positionals[0] === 'import' ? { min: 2, max: 2, what: 'file' } : args.flags.all ? { min: 0, max: 0 } : { min: 1, max: 1, what: 'article-or-all' },
  async run({ args, io, json, core }) {
    const [first, second] = args.positionals;
    const c = await core();
    if (first === 'import') {
      const content = await fs.readFile(second, 'utf8').catch((err: NodeJS.ErrnoException) => {
        throw new Error(`${second}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
      });
      const assign: Record<string, string> = {};
      for (const pair of (args.flags.assign as string[] | undefined) ?? []) {
        const eq = pair.indexOf('=');
        if (eq <= 0 || eq === pair.length - 1) throw refusal('cli.assign-pair', { got: pair }, 'assign');
        assign[pair.slice(0, eq)] = pair.slice(eq + 1);
      }
      const report = await c.api.importAnnotations({ content, ...(Object.keys(assign).length ? { assign } : {}) });
      if (json) printJson(io, report);
      else io.out(describeImport(report));
      return 0;
    }
    // The contract's schema checks --format (a refusal names the field; exit 2).
    const format = (args.flags.format as string | undefined) ?? 'json';
    const request = { ...(args.flags.all ? { all: true } : { articleId: first }), format: format as 'json' | 'w3c' | 'md' };
    let skipped: { articleId: string; title: string; reason: string }[] = [];
    if (args.flags.out) {
      // Core writes it, by temp file and rename.
      skipped = (await c.api.exportAnnotationsToFile({ ...request, path: String(args.flags.out) })).skipped ?? [];
      io.err(`Wrote ${args.flags.out}`);
    } else {
      const exported = await c.api.exportAnnotations(request);
      io.out(exported.content);
      skipped = exported.skipped ?? [];
    }
    // Everything else was exported; what was left out is named, and the exit code says the export is partial.
    for (const s of skipped) io.err(`Not exported: the annotations of “${s.title}” (${s.articleId}): ${s.reason}`);
    return skipped.length ? 1 : 0;
  },
};
