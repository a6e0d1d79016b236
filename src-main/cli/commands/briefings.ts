/**
 * `brief create`, `brief list`, `export` and `export-article` (one article for print).
 */
import { resolve } from 'node:path';
import type { Command } from '../command';
import { printJson } from '../command';
import { refusal, say } from '../cli-messages';
import { takeEarlyPrinter } from '../early-printer';
import type { PdfPrinter } from '../../core/export/pdf';
import type { ExportFormat } from '../../common/contract/briefings';
import type { TemplateName } from '../../common/briefing/model';
import type { ARTICLE_EXPORT_FORMATS, PRINT_ANNOTATIONS } from '../../common/contract/article-export';
import { articleFileName, exportFileName } from '../../common/briefing/export-name';

/** The system Chromium started ahead of the library (loaded on demand: only a PDF export needs it). */
async function startPdfPrinter(): Promise<PdfPrinter> {
  // Started by the CLI's entry before the program loaded (early-printer.ts), else now.
  const early = takeEarlyPrinter();
  if (early) return early;
  const { ChromiumPdfPrinter } = await import('../../core/export/pdf');
  const printer = new ChromiumPdfPrinter();
  printer.warm();
  return printer;
}

export const briefCommand: Command = {
  name: 'brief',
  usage:
    'briefing brief create --title T [--series NAME | --next-of ID] [--article ID ...] [--org O] [--issue N] [--date YYYY-MM-DD] [--template modern|gbt9704]  |  briefing brief list  |  briefing brief delete <id>',
  usageZh:
    'briefing brief create --title 标题 [--series 刊名 | --next-of 简报id] [--article 文章id ...] [--org 单位] [--issue 期号] [--date YYYY-MM-DD] [--template modern|gbt9704]  |  briefing brief list  |  briefing brief delete <id>',
  summaryZh:
    '新建简报（用 --article 时收入这些文章的全部划线，每篇一栏）；--next-of 或 --series 续编系列的下一期（沿用刊头、单位和报/送/发，期号加一；--title 可省略）。也可列出或删除简报。',
  summary:
    'Create a briefing (with --article: every highlight of those articles, one section per article); --next-of ID or --series NAME makes the next issue of a series (masthead, organisation, 报/送/发 carried over, 期号 advanced; --title optional). Or list briefings, or delete one.',
  flags: {
    title: { type: 'string' },
    series: { type: 'string' },
    'next-of': { type: 'string' },
    article: { type: 'string', multiple: true },
    org: { type: 'string' },
    issue: { type: 'string' },
    date: { type: 'string' },
    template: { type: 'string' },
  },
  fieldFlags: { organisation: 'org', issueNumber: 'issue', articleIds: 'article', nextOf: 'next-of' },
  operands: (args) => {
    const sub = args.positionals[0];
    if (sub === undefined) return { min: 1, max: 1, what: 'subcommand' };
    if (sub === 'delete') return { min: 2, max: 2, what: 'briefing' };
    if (sub === 'list' || sub === 'create') return { min: 1, max: 1 };
    throw refusal('cli.unknown-subcommand', {
      command: 'brief',
      name: sub,
      choices: 'create|list|delete',
      usage: briefCommand.usage,
      usageZh: briefCommand.usageZh,
    });
  },
  async run({ args, io, json, core, language }) {
    const sub = args.positionals[0];
    const c = await core();
    if (sub === 'list') {
      const list = await c.api.listBriefings({});
      if (json)
        printJson(
          io,
          list.map((b) => ({
            id: b.id,
            title: b.title,
            modified: b.modified,
            series: b.seriesName ?? null,
            issueNumber: b.issueNumber ?? null,
            date: b.date ?? null,
            seriesId: b.seriesId ?? null,
          })),
        );
      else
        for (const b of list)
          io.out(
            `${b.id}  ${b.date ?? b.modified.slice(0, 10)}  ${[b.seriesName, b.issueNumber !== undefined ? `#${b.issueNumber}` : ''].filter(Boolean).join(' ')}${b.seriesName || b.issueNumber !== undefined ? '  ' : ''}${b.title}`,
          );
      return 0;
    }
    if (sub === 'delete') {
      const id = args.positionals[1];
      const deleted = await c.api.deleteBriefing({ id });
      if (json) printJson(io, deleted);
      else io.err(say(language, `Deleted ${deleted.id}  ${deleted.title}`, `已删除 ${deleted.id}  ${deleted.title}`));
      return 0;
    }
    const series = args.flags.series as string | undefined;
    const nextOf = args.flags['next-of'] as string | undefined;
    if (!args.flags.title && !series && !nextOf) throw refusal('cli.briefing-needs-title', {}, 'title');
    const issue = args.flags.issue as string | undefined;
    // The contract's schema checks --template, --date and --series with --next-of (a refusal names the field; exit 2).
    const template = args.flags.template as string | undefined;
    const briefing = await c.api.createBriefing({
      ...(args.flags.title ? { title: String(args.flags.title) } : {}),
      ...(series ? { series } : {}),
      ...(nextOf ? { nextOf } : {}),
      ...(args.flags.org ? { organisation: String(args.flags.org) } : {}),
      ...(issue ? { issueNumber: /^\d+$/.test(issue) ? Number(issue) : issue } : {}),
      ...(args.flags.date ? { date: String(args.flags.date) } : {}),
      ...(template ? { template: template as TemplateName } : {}),
      ...(args.flags.article ? { articleIds: args.flags.article as string[] } : {}),
    });
    // `series` is the series' printed name (刊名), null when it has none; `seriesId` names the series itself (every briefing has one).
    if (json)
      printJson(io, {
        id: briefing.id,
        title: briefing.header.title,
        series: briefing.header.publicationName?.trim() || null,
        issueNumber: briefing.header.issueNumber ?? null,
        date: briefing.header.date,
        seriesId: briefing.header.series?.id ?? null,
      });
    else io.out(`${briefing.id}  ${briefing.header.title}`);
    return 0;
  },
};

export const exportCommand: Command = {
  name: 'export',
  usage: 'briefing export <briefingId> --format pdf|docx|md|html [--template modern|gbt9704] [--out FILE]',
  usageZh: 'briefing export <简报id> --format pdf|docx|md|html [--template modern|gbt9704] [--out 文件]',
  summary: 'Export a briefing (default PDF) to FILE; without --out, to a file named by its date and title in the current folder.',
  summaryZh: '把简报导出（默认 PDF）到指定文件；不用 --out 时，写入当前文件夹，以日期和标题命名。',
  flags: { format: { type: 'string' }, template: { type: 'string' }, out: { type: 'string' } },
  operands: { min: 1, max: 1, what: 'briefing' },
  async run({ args, io, json, core, language }) {
    const id = args.positionals[0];
    const format = (args.flags.format as string | undefined) ?? 'pdf';
    const template = args.flags.template as string | undefined;
    // Chromium starts (another process) while the library opens.
    const printer = format === 'pdf' ? await startPdfPrinter() : undefined;
    // One briefing's file is all an export reads: the catalog (40 MB at 100,000 articles) stays unread.
    const c = await core({ pdfPrinter: printer, catalog: 'lazy' }).catch(async (err: unknown) => {
      await printer?.close?.(); // the core that would have closed it did not open
      throw err;
    });
    const started = Date.now();
    // Without --out: the export's own name (date and title) in the working folder.
    const out = resolve(String(args.flags.out ?? exportFileName(await c.api.getBriefing({ id }), format)));
    // Core checks --format and --template (exit 2 naming the field), refuses a target inside a library folder
    // before the export is made, and writes by temp file and rename.
    const written = await c.api.exportBriefingToFile({
      id,
      format: format as ExportFormat,
      ...(template ? { template: template as TemplateName } : {}),
      path: out,
    });
    if (json) printJson(io, { path: out, format, bytes: written.bytes, ms: Date.now() - started });
    else {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      io.err(say(language, `Wrote ${out} in ${seconds} s`, `已写入 ${out}，用时 ${seconds} 秒`));
    }
    return 0;
  },
};

export const exportArticleCommand: Command = {
  name: 'export-article',
  usage: 'briefing export-article <articleId> --format pdf|html [--annotations none|highlights|notes] [--out FILE]',
  usageZh: 'briefing export-article <文章id> --format pdf|html [--annotations none|highlights|notes] [--out 文件]',
  summaryZh:
    '把一篇文章导出以供打印：PDF（与简报相同的打印引擎）或 HTML，可带划线（默认）、带划线和批注，或只有正文；不用 --out 时，写入当前文件夹，以日期和标题命名。',
  summary:
    'Export one article for print: PDF (the print engine of briefings) or HTML, with its highlights (default), with highlights and notes, or the text alone; without --out, to a file named by its date and title in the current folder.',
  flags: { format: { type: 'string' }, annotations: { type: 'string' }, out: { type: 'string' } },
  operands: { min: 1, max: 1, what: 'article' },
  async run({ args, io, json, core, language }) {
    const id = args.positionals[0];
    const format = (args.flags.format as string | undefined) ?? 'pdf';
    const annotations = (args.flags.annotations as string | undefined) ?? 'highlights';
    // Chromium starts (another process) while the library opens; the article's files are all an export reads: the catalog stays unread.
    const printer = format === 'pdf' ? await startPdfPrinter() : undefined;
    const c = await core({ pdfPrinter: printer, catalog: 'lazy' }).catch(async (err: unknown) => {
      await printer?.close?.(); // the core that would have closed it did not open
      throw err;
    });
    const started = Date.now();
    // Without --out: the export's own name (date and title) in the working folder.
    const out = resolve(String(args.flags.out ?? articleFileName(await c.api.getArticle({ id }), format)));
    // Core checks --format and --annotations (exit 2 naming the field), refuses a target inside a library folder
    // before the export is made, and writes by temp file and rename.
    const written = await c.api.exportArticleToFile({
      id,
      format: format as (typeof ARTICLE_EXPORT_FORMATS)[number],
      annotations: annotations as (typeof PRINT_ANNOTATIONS)[number],
      path: out,
    });
    if (json) printJson(io, { path: out, format, annotations, bytes: written.bytes, ms: Date.now() - started });
    else {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      io.err(say(language, `Wrote ${out} in ${seconds} s`, `已写入 ${out}，用时 ${seconds} 秒`));
    }
    return 0;
  },
};
