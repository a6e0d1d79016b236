/**
 * `highlight` and `annotations` (export / import).
 */
import { promises as fs } from 'node:fs';
import { findQuoteForCli, describeFindQuoteError } from '../../common/anchoring/describe';
import { OffsetConverter } from '../../common/anchoring/code-points';
import type { Annotation } from '../../common/annotation';
import { ColorKeySchema, type AnnotationImportReport, type ArticleMatch, type RefusedAnnotation, type UnmatchedGroup } from '../../common/contract/annotations';
import { BdError } from '../../common/errors';
import type { Command } from '../command';
import { flagValue, printJson } from '../command';
import { refusal, say, type CliLanguage } from '../cli-messages';

export const highlightCommand: Command = {
  name: 'highlight',
  usage: 'briefing highlight <articleId> --quote TEXT [--prefix P] [--suffix S] [--color key|figure|policy|risk|verify] [--note MD] [--tag T ...]',
  usageZh: 'briefing highlight <文章id> --quote 原文 [--prefix 前文] [--suffix 后文] [--color key|figure|policy|risk|verify] [--note 批注] [--tag 标签 ...]',
  summary: 'Highlight a quoted passage; prints the annotation as JSON.',
  summaryZh: '划出一段引用的原文，并以 JSON 打印这条标注。',
  flags: {
    quote: { type: 'string' },
    prefix: { type: 'string' },
    suffix: { type: 'string' },
    color: { type: 'string' },
    note: { type: 'string' },
    tag: { type: 'string', multiple: true },
  },
  operands: { min: 1, max: 1, what: 'article' },
  async run({ args, io, core, language }) {
    const articleId = args.positionals[0];
    const quote = args.flags.quote as string | undefined;
    if (!quote) throw refusal('cli.option-needs-value', { option: 'quote' }, 'quote');
    // The contract's own schema checks --color before the quote is looked up (a refusal names the field; exit 2).
    const color = flagValue(ColorKeySchema, 'color', (args.flags.color as string | undefined) ?? 'key');
    const c = await core();
    const article = await c.api.getArticle({ id: articleId });
    const found = findQuoteForCli(article.text, quote, args.flags.prefix as string | undefined, args.flags.suffix as string | undefined);
    if (found.kind !== 'found') {
      io.err(say(language, `Error: ${describeFindQuoteError(found)}`, `错误：${quoteErrorZh(found)}`));
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

/** Why a quote was not highlighted, in Chinese (describeFindQuoteError says it in English). */
function quoteErrorZh(result: Exclude<ReturnType<typeof findQuoteForCli>, { kind: 'found' }>): string {
  switch (result.kind) {
    case 'not-found':
      return result.occurrences
        ? `这段原文出现了 ${result.occurrences} 次，但没有一处前后是给出的 --prefix/--suffix。`
        : '正文中没有这段原文。请检查标点（全角 ，。“” 与半角）和空格。';
    case 'ambiguous':
      return `这段原文出现了 ${result.count} 次；请用 --prefix 或 --suffix 给出它前后紧挨着的文字，以选定其中一处。`;
    default: {
      const unreachable: never = result;
      return String(unreachable);
    }
  }
}

/** How an imported group was matched to an article, in Chinese. */
const MATCHED_BY_ZH: Record<ArticleMatch, string> = { id: ' id ', fingerprint: '正文指纹', url: '网址', text: '相近的正文', assigned: ' --assign 的指定' };
/** Why a group matched no article, in Chinese. */
const UNMATCHED_ZH: Record<UnmatchedGroup['code'], string> = {
  'no-match': '本文库中没有与之对应的文章',
  ambiguous: '有几篇文章同样相符，无法确定',
  'not-in-library': '指定的文章不在本文库中',
  unreadable: '对应文章的正文无法读取',
};
/** Why one annotation was not imported, in Chinese. */
const REFUSED_ZH: Record<RefusedAnnotation['code'], string> = {
  invalid: '格式无效',
  'no-usable-selector': '没有可用的定位信息',
  'whole-document': '它标注的是整篇文档，不是一段文字',
  'not-fetched': '它指向的文档不在本文库中',
  'out-of-range': '位置超出了正文',
  conflict: '与已有的标注冲突',
};

/** The import report in words: what went where, what matched nothing and why, what was refused. */
function describeImport(report: AnnotationImportReport, language: CliLanguage): string {
  if (language === 'zh') {
    const lines = [
      `导入 ${report.imported} 条（已定位 ${report.placed} 条，未能定位 ${report.orphaned} 条），已有 ${report.duplicates} 条，未导入 ${report.skipped} 条。`,
    ];
    for (const a of report.articles) {
      lines.push(`  → 《${a.title}》（${a.articleId}），按${MATCHED_BY_ZH[a.matchedBy]}匹配：新增 ${a.imported} 条，已有 ${a.duplicates} 条。`);
    }
    for (const u of report.unmatched) {
      lines.push(`  ✗ ${u.title ? `《${u.title}》` : (u.url ?? u.source ?? '一篇未署名文章')}的 ${u.count} 条标注：${UNMATCHED_ZH[u.code]}。`);
      lines.push(`    要把它们导入本文库中的某篇文章：--assign ${u.key}=<文章id>`);
    }
    for (const r of report.refused) lines.push(`  ✗ ${r.path}：${REFUSED_ZH[r.code]}${r.quote ? `（“${r.quote.slice(0, 40)}”）` : ''}`);
    return lines.join('\n');
  }
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
  usageZh: 'briefing annotations <文章id|--all> --format json|w3c|md [--out 文件]  |  briefing annotations import 文件 [--assign 键=文章id ...]',
  summary: 'Export one article’s annotations (or all) as JSON, W3C JSON-LD or Markdown; or import a W3C/JSON file (unmatched groups go where --assign says).',
  summaryZh: '把一篇（或全部）文章的标注导出为 JSON、W3C JSON-LD 或 Markdown；或导入 W3C/JSON 文件（未匹配的组按 --assign 的指定导入）。',
  flags: { all: { type: 'boolean' }, format: { type: 'string' }, out: { type: 'string' }, assign: { type: 'string', multiple: true } },
  // `import FILE`; with --all nothing; else one article id.
  operands: (args) =>
    args.positionals[0] === 'import' ? { min: 2, max: 2, what: 'file' } : args.flags.all ? { min: 0, max: 0 } : { min: 1, max: 1, what: 'article-or-all' },
  async run({ args, io, json, core, language }) {
    const [first, second] = args.positionals;
    const c = await core();
    if (first === 'import') {
      const content = await fs.readFile(second, 'utf8').catch((err: NodeJS.ErrnoException) => {
        throw new BdError('not-found', `${second}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`, {
          field: 'file',
          detail: { messageZh: `${second}：${err.code === 'ENOENT' ? '没有这个文件' : `无法读取（${err.code ?? err.message}）`}` },
        });
      });
      const assign: Record<string, string> = {};
      for (const pair of (args.flags.assign as string[] | undefined) ?? []) {
        const eq = pair.indexOf('=');
        if (eq <= 0 || eq === pair.length - 1) throw refusal('cli.assign-pair', { got: pair }, 'assign');
        assign[pair.slice(0, eq)] = pair.slice(eq + 1);
      }
      const report = await c.api.importAnnotations({ content, ...(Object.keys(assign).length ? { assign } : {}) });
      if (json) printJson(io, report);
      else io.out(describeImport(report, language));
      return 0;
    }
    // The contract's schema checks --format (a refusal names the field; exit 2).
    const format = (args.flags.format as string | undefined) ?? 'json';
    const request = { ...(args.flags.all ? { all: true } : { articleId: first }), format: format as 'json' | 'w3c' | 'md' };
    let skipped: { articleId: string; title: string; reason: string }[] = [];
    if (args.flags.out) {
      // Core writes it, by temp file and rename.
      skipped = (await c.api.exportAnnotationsToFile({ ...request, path: String(args.flags.out) })).skipped ?? [];
      io.err(say(language, `Wrote ${args.flags.out}`, `已写入 ${args.flags.out}`));
    } else {
      const exported = await c.api.exportAnnotations(request);
      io.out(exported.content);
      skipped = exported.skipped ?? [];
    }
    // Everything else was exported; what was left out is named, and the exit code says the export is partial.
    for (const s of skipped)
      io.err(
        say(
          language,
          `Not exported: the annotations of “${s.title}” (${s.articleId}): ${s.reason}`,
          `未导出：《${s.title}》（${s.articleId}）的标注无法读取，见 \`briefing problems\`。`,
        ),
      );
    return skipped.length ? 1 : 0;
  },
};
