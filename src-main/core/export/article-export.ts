/**
 * One article → a self-contained HTML document or a PDF printed by the same
 * engine as briefings (`pdf.ts`: Chromium's print engine in the CLI and
 * browser mode, Electron's printToPDF in the desktop app): the title,
 * subtitle, metadata line, 核心阅读 lead, headings by GB/T 9704 level,
 * paragraphs, quotes, lists, tables, captions and footnotes, with — as asked —
 * nothing else, the highlights in their colours, or the highlights and their
 * notes (numbered after each highlight and listed at the end).
 *
 * The article's inline marks (bold, emphasis, links: `Article.marks`) are
 * kept as in the reader — link outermost, then bold, then italics, then the
 * highlight's colour — and a link survives only with an http(s) or mailto
 * target, written by the shared sanitiser (`safeLinkHtml`).
 *
 * Offsets are UTF-16 units into `article.text`; orphaned highlights are
 * left out of the text (they point nowhere) and out of the notes. Every piece
 * of article text is escaped, notes go through the same marked + DOMPurify
 * path as briefings (`sanitize.ts`), and the document carries the same CSP:
 * nothing in it can run script or fetch anything.
 */
import type { Annotation } from '../../common/annotation';
import type { Article, Block, Mark } from '../../common/model';
import { marksByBlock, marksWithin } from '../../common/marks';
import { splitTableText } from '../../common/table-text';
import { BdError } from '../../common/errors';
import { assertChineseFonts } from './fonts';
import { CONTENT_SECURITY_POLICY } from './html';
import { ChromiumPdfPrinter, type PdfPrinter } from './pdf';
import { escapeHtml, renderMarkdown, safeLinkHtml } from './sanitize';
import { articleFileName } from '../../common/briefing/export-name';

import { ARTICLE_EXPORT_FORMATS, type PRINT_ANNOTATIONS } from '../../common/contract/article-export';

type ArticleExportFormat = (typeof ARTICLE_EXPORT_FORMATS)[number];
/** What an article's print or export carries besides the text. */
type PrintAnnotations = (typeof PRINT_ANNOTATIONS)[number];

export interface ArticleExportOptions {
  format: ArticleExportFormat;
  annotations: PrintAnnotations;
  /** The host's PDF engine; without one a Chromium printer is started for this call. */
  printer?: PdfPrinter;
}

const COLORS = new Set(['key', 'figure', 'policy', 'risk', 'verify']);

/** A4 with 25 / 22 mm margins, a CJK serif text face, highlight colours that print. */
const ARTICLE_CSS = `
@page { size: A4; margin: 24mm 22mm 22mm; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: #111; font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", STSong, SimSun, "AR PL SungtiL GB", serif;
  font-size: 12pt; line-height: 1.8; text-align: justify; }
/* Chinese is justified between characters; other scripts between words (a line of spread-out letters reads badly). */
html:lang(zh) body { text-justify: inter-character; }
h1, h2, h3, h4, .subtitle, .lead-label { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", SimHei, sans-serif; text-align: left; }
h1 { font-size: 19pt; line-height: 1.4; margin: 0 0 4pt; word-break: keep-all; }
.subtitle { font-size: 13pt; color: #444; margin: 0 0 10pt; }
.meta { font-size: 9.5pt; color: #555; margin: 0 0 14pt; display: flex; flex-wrap: wrap; gap: 0 12pt; font-family: sans-serif; }
.meta a { color: #555; word-break: break-all; }
article a { color: #1f4e99; text-decoration: underline; }
.lead { border: 0.6pt solid #d9b9b0; background: #fbf1ee; padding: 8pt 12pt 2pt; margin: 0 0 14pt; break-inside: avoid; }
.lead-label { font-weight: 700; color: #9b2c2c; margin: 0 0 4pt; letter-spacing: 0.12em; }
.lead p { font-size: 11pt; margin: 0 0 6pt; }
h2 { font-size: 14pt; margin: 16pt 0 6pt; break-after: avoid; }
h3 { font-size: 12.5pt; margin: 12pt 0 4pt; break-after: avoid; }
h4 { font-size: 12pt; margin: 10pt 0 4pt; break-after: avoid; }
p { margin: 0 0 8pt; orphans: 2; widows: 2; }
p.para, li { text-indent: 2em; }
blockquote { margin: 0 0 8pt; padding-left: 12pt; border-left: 2pt solid #ccc; color: #333; }
ul.items { list-style: none; margin: 0; padding: 0; }
table { border-collapse: collapse; margin: 0 0 10pt; font-size: 10.5pt; break-inside: auto; }
td { border: 0.5pt solid #999; padding: 2pt 6pt; vertical-align: top; text-align: left; }
tr:first-child td { font-weight: 600; background: #f1f1f1; }
.caption { font-size: 10pt; color: #444; text-align: center; }
.footnote { font-size: 9.5pt; color: #333; }
mark { color: inherit; padding: 0.05em 0; border-radius: 1pt; }
mark.hl-key { background: #ffe9a6; } mark.hl-figure { background: #d6e6ff; } mark.hl-policy { background: #d3f0dd; }
mark.hl-risk { background: #fbd6d3; } mark.hl-verify { background: #e6dcff; }
sup.note-ref { font-size: 7.5pt; color: #9b2c2c; font-family: sans-serif; }
.notes { margin-top: 20pt; border-top: 0.6pt solid #999; padding-top: 8pt; font-size: 10.5pt; }
.notes h2 { font-size: 12pt; margin: 0 0 6pt; }
.notes ol { margin: 0; padding-left: 2.2em; }
.notes li { text-indent: 0; margin: 0 0 6pt; break-inside: avoid; }
.notes .quote { color: #444; }
.notes .note p { margin: 2pt 0; text-indent: 0; }
`;

/** The placed (not orphaned) highlights, by start. */
function placed(annotations: readonly Annotation[], text: string): Annotation[] {
  return annotations
    .filter((a) => !a.orphan && a.target.selector[1].start < a.target.selector[1].end && a.target.selector[1].end <= text.length)
    .sort((a, b) => a.target.selector[1].start - b.target.selector[1].start || a.target.selector[1].end - b.target.selector[1].end);
}

/**
 * The text of [start, end) as HTML: escaped, in the article's inline marks
 * (link outermost, then bold, then italics, as the reader draws them), with
 * the highlights' colours (the innermost — latest-starting — one where they
 * overlap) and, in notes mode, the number of each note after the highlight's
 * end.
 */
function spanHtml(
  text: string,
  start: number,
  end: number,
  highlights: readonly Annotation[],
  marks: readonly Mark[],
  noteNumbers: Map<string, number>,
): string {
  const inside = highlights.filter((a) => a.target.selector[1].start < end && a.target.selector[1].end > start);
  const formats = marksWithin(marks, start, end);
  if (!inside.length && !formats.length) return escapeHtml(text.slice(start, end));
  const cuts = new Set([start, end]);
  for (const a of inside) {
    cuts.add(Math.max(start, a.target.selector[1].start));
    cuts.add(Math.min(end, a.target.selector[1].end));
  }
  for (const m of formats) cuts.add(m.start).add(m.end);
  const points = [...cuts].sort((x, y) => x - y);
  let html = '';
  // Pieces under one link are gathered and written as one <a> (one link, not one per highlight piece).
  let link: Mark | undefined;
  let linked = '';
  const flush = () => {
    html += link ? safeLinkHtml(link.href, linked) : linked;
    linked = '';
  };
  for (let i = 0; i < points.length - 1; i++) {
    const [from, to] = [points[i], points[i + 1]];
    const covering = inside.filter((a) => a.target.selector[1].start <= from && a.target.selector[1].end >= to);
    let piece = escapeHtml(text.slice(from, to));
    const top = covering.at(-1);
    if (top && COLORS.has(top.color)) piece = `<mark class="hl-${top.color}">${piece}</mark>`;
    const active = formats.filter((m) => m.start <= from && m.end >= to);
    if (active.some((m) => m.kind === 'emphasis')) piece = `<em>${piece}</em>`;
    if (active.some((m) => m.kind === 'strong')) piece = `<strong>${piece}</strong>`;
    const pieceLink = active.find((m) => m.kind === 'link');
    if (pieceLink !== link) {
      flush();
      link = pieceLink;
    }
    linked += piece;
    for (const a of inside) {
      const n = noteNumbers.get(a.id);
      if (n !== undefined && a.target.selector[1].end === to) linked += `<sup class="note-ref">[${n}]</sup>`;
    }
  }
  flush();
  return html;
}

/** A block's element. */
function blockHtml(article: Article, block: Block, inner: (start: number, end: number) => string): string {
  const { start, end } = block;
  switch (block.kind) {
    case 'title':
      return ''; // the document's <h1> comes from the metadata title
    case 'subtitle':
      return `<p class="subtitle">${inner(start, end)}</p>`;
    case 'lead-label':
      return `<p class="lead-label">${inner(start, end)}</p>`;
    case 'lead':
      return `<p>${inner(start, end)}</p>`;
    case 'heading': {
      const level = Math.min(4, Math.max(1, block.level ?? 1)) + 1;
      return `<h${level}>${inner(start, end)}</h${level}>`;
    }
    case 'paragraph':
      return `<p class="para">${inner(start, end)}</p>`;
    case 'quote':
      return `<blockquote>${inner(start, end)}</blockquote>`;
    case 'list-item':
      return `<ul class="items"><li>${inner(start, end)}</li></ul>`;
    case 'table': {
      // Rows are joined by " | " and cells by a tab (common/table-text.ts); highlights inside a table are drawn per cell.
      let at = start;
      const rows = splitTableText(article.text.slice(start, end)).map((cells) => {
        const tds = cells.map((cell) => {
          const from = article.text.indexOf(cell, at);
          const html = from >= 0 && cell ? inner(from, from + cell.length) : escapeHtml(cell);
          if (from >= 0) at = from + cell.length;
          return `<td>${html}</td>`;
        });
        return `<tr>${tds.join('')}</tr>`;
      });
      return `<table>${rows.join('')}</table>`;
    }
    case 'figure-caption':
      return `<p class="caption">${inner(start, end)}</p>`;
    case 'footnote':
      return `<p class="footnote">${inner(start, end)}</p>`;
    default: {
      const never: never = block.kind;
      return `<p>${inner(start, end)}${never}</p>`;
    }
  }
}

/** Whether the article reads as Chinese (labels in Chinese then). */
function isChinese(text: string): boolean {
  const sample = text.slice(0, 2000);
  const han = sample.match(/[\u4e00-\u9fff]/g)?.length ?? 0;
  return han > sample.length * 0.2;
}

/**
 * The article as one HTML document (UTF-8, A4 print stylesheet inlined).
 * `annotations`: the article's highlights (orphans are skipped).
 */
export function articleToHtml(article: Article, annotations: readonly Annotation[], mode: PrintAnnotations): string {
  const zh = isChinese(article.text);
  const highlights = mode === 'none' ? [] : placed(annotations, article.text);
  const withNotes = mode === 'notes' ? highlights.filter((a) => a.note.trim()) : [];
  const noteNumbers = new Map(withNotes.map((a, i) => [a.id, i + 1]));
  // Each block's marks once (a mark never crosses a block boundary), so a long article is not scanned per block.
  const marksOf = marksByBlock(article.blocks, article.marks);
  const { meta } = article;
  const metaParts = [meta.source, meta.docNumber, meta.author, meta.published]
    .filter((x): x is string => !!x && !!x.trim())
    .map((x) => `<span>${escapeHtml(x)}</span>`);
  if (meta.url) metaParts.push(`<a href="${escapeHtml(meta.url)}">${escapeHtml(meta.url)}</a>`);
  const body: string[] = [];
  let lead: string[] = [];
  const flushLead = () => {
    if (lead.length) body.push(`<section class="lead">${lead.join('')}</section>`);
    lead = [];
  };
  for (const [index, block] of article.blocks.entries()) {
    const html = blockHtml(article, block, (start, end) => spanHtml(article.text, start, end, highlights, marksOf[index], noteNumbers));
    if (block.kind === 'lead-label' || block.kind === 'lead') lead.push(html);
    else {
      flushLead();
      if (html) body.push(html);
    }
  }
  flushLead();
  const notes = withNotes.length
    ? `<section class="notes"><h2>${zh ? '批注' : 'Notes'}</h2><ol>${withNotes
        .map((a) => `<li><div class="quote">「${escapeHtml(a.target.selector[0].exact)}」</div><div class="note">${renderMarkdown(a.note)}</div></li>`)
        .join('')}</ol></section>`
    : '';
  return [
    '<!DOCTYPE html>',
    `<html lang="${zh ? 'zh-CN' : 'en'}"><head><meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    `<title>${escapeHtml(meta.title)}</title><style>${ARTICLE_CSS}</style></head><body>`,
    `<article><h1>${escapeHtml(meta.title)}</h1>`,
    metaParts.length ? `<p class="meta">${metaParts.join('')}</p>` : '',
    body.join('\n'),
    notes,
    '</article></body></html>',
  ].join('\n');
}

/**
 * The article as PDF or HTML bytes, with its file name and MIME type.
 * Errors: `invalid-params` for an unknown format; a PDF needs a Chinese face
 * installed for Chinese text and a Chromium when no printer is passed
 * (BdError 'unavailable', naming what to install).
 */
export async function exportArticle(
  article: Article,
  annotations: readonly Annotation[],
  options: ArticleExportOptions,
): Promise<{ bytes: Uint8Array; fileName: string; mime: string }> {
  if (!(ARTICLE_EXPORT_FORMATS as readonly string[]).includes(options.format)) {
    throw new BdError('invalid-params', `Unknown export format "${options.format}"; use pdf or html.`, { field: 'format' });
  }
  const html = articleToHtml(article, annotations, options.annotations);
  const fileName = articleFileName(article, options.format);
  if (options.format === 'html') return { bytes: new TextEncoder().encode(html), fileName, mime: 'text/html; charset=utf-8' };
  await assertChineseFonts(html);
  const printer = options.printer ?? new ChromiumPdfPrinter();
  try {
    const bytes = await printer.print(html, {
      title: article.meta.title,
      footerTemplate:
        '<div style="width:100%;font-size:8.5pt;color:#98a0aa;text-align:center"><span class="pageNumber"></span> / <span class="totalPages"></span></div>',
      outline: true,
      tagged: true,
    });
    return { bytes, fileName, mime: 'application/pdf' };
  } finally {
    if (!options.printer) await printer.close?.();
  }
}
