/**
 * Briefing → one self-contained HTML document: the semantic markup of the
 * outline (`common/briefing/outline.ts`, the same outline the Markdown and
 * DOCX writers walk) with the template's print stylesheet inlined.
 *
 * Why not just render the canonical Markdown: the masthead, the quote +
 * citation unit that must not be split across pages, and the distribution
 * lines need elements and classes Markdown cannot express. So the document
 * is built from the outline, and every piece of user Markdown inside it
 * (summary, notes, free items) goes through the same marked + DOMPurify
 * path (`sanitize.ts`). The text is therefore the text of the Markdown
 * export, and nothing the user typed can run script or fetch anything.
 *
 * The same document serves the HTML export and PDF printing. Fonts are
 * named, never embedded here: the stylesheets list the Windows / macOS
 * faces first (仿宋_GB2312, KaiTi, SimHei, STFangsong…) and open-licensed
 * TrueType faces from Debian packages after them (see resources/templates/
 * README.md); Chromium's print engine then embeds the subset it used in
 * the PDF. CJK faces run to tens of megabytes, too large to inline.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Briefing, TemplateName } from '../../common/briefing/model';
import { buildOutline, labelColon, type Language, type Outline, type OutlineBlock } from '../../common/briefing/outline';
import { BdError } from '../../common/errors';
import { resourcesDir } from '../resources';
import { escapeHtml, renderMarkdown } from './sanitize';
import { isSafeLinkUrl } from '../../common/safe-url';
import { titleBreaks, titleLines } from '../../common/briefing/title-lines';
import { pageArea, TEMPLATE_PAGES, titleMeasureEm } from './page-geometry';

export interface HtmlOptions {
  template: TemplateName;
  /**
   * `print` for the PDF printer; `standalone` for the HTML export, which adds
   * the screen rules (a page-like column on a grey desk); `pages` for the
   * print preview: the printed pages on a desk, broken where the PDF breaks
   * them (`pagesCss`).
   */
  purpose?: HtmlPurpose;
}

export type HtmlPurpose = 'print' | 'standalone' | 'pages';

/** The gap between two pages of the preview on its desk, CSS px. */
export const DESK_GAP_PX = 16;

/**
 * The print preview's screen rules (purpose `pages`): the print document laid out in columns
 * exactly as large as the template's page area (`page-geometry.ts`, the numbers of its `@page`
 * rule), which Chromium breaks by the same fragmentation rules as printed pages (break-before/
 * after/inside, orphans, widows) — the same columns the PDF printer lays the document out in to
 * place the 版记 (pdf.ts, pinToFoot). The columns wrap into rows one page apart (CSS Multi-column
 * Layout Level 2: `column-height`, `column-wrap`), each row drawn on a sheet of the page's size,
 * so the pages stand one under the other; an engine without column wrapping
 * sets them side by side. No script runs: the preview frame is sandboxed. What the printer alone
 * does is not shown: page numbers (CSS page-margin boxes exist only in print), the 版记 pinned to
 * the foot of its page (it stands right after the text, on the page the PDF has it on) and the
 * modern template's shrunken gaps (`bd-tight`) where the 版记 would not fit below the text without
 * them.
 */
export function pagesCss(template: TemplateName): string {
  const g = TEMPLATE_PAGES[template];
  const area = pageArea(g);
  const sheet = `${g.height}mm`;
  return `
@media screen {
  html { background: #e6e4de; }
  body.bd-pages {
    box-sizing: content-box;
    width: ${area.width}mm;
    margin: ${DESK_GAP_PX}px auto;
    padding: ${g.margin.top}mm ${g.margin.right}mm ${g.margin.bottom}mm ${g.margin.left}mm;
    background: repeating-linear-gradient(to bottom, #fff 0, #fff ${sheet}, transparent ${sheet}, transparent calc(${sheet} + ${DESK_GAP_PX}px));
  }
  body.bd-pages > .bd-briefing {
    column-width: ${area.width}mm;
    column-count: 1;
    column-gap: 0;
    column-fill: auto;
    height: ${area.height}mm;
  }
  @supports (column-wrap: wrap) {
    body.bd-pages > .bd-briefing {
      height: auto;
      column-height: ${area.height}mm;
      column-wrap: wrap;
      row-gap: calc(${g.margin.bottom + g.margin.top}mm + ${DESK_GAP_PX}px);
    }
  }
  @supports not (column-wrap: wrap) {
    html {
      background-image: linear-gradient(to right, #fff 0, #fff ${g.width}mm, transparent ${g.width}mm);
      background-size: calc(${g.width}mm + ${DESK_GAP_PX}px) ${sheet};
      background-repeat: repeat-x;
    }
    body.bd-pages {
      margin: 0;
      background: none;
    }
    body.bd-pages > .bd-briefing {
      column-gap: calc(${g.margin.right + g.margin.left}mm + ${DESK_GAP_PX}px);
    }
  }
}
`;
}

/** Allowed highlight colours; anything else is ignored (no class from user data). */
const COLOR_CLASSES = new Set(['key', 'figure', 'policy', 'risk', 'verify']);

/**
 * Only inline styles may apply and nothing may be fetched: a document opened
 * from disk in any browser stays as offline as the PDF.
 */
export const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:";

const cssCache = new Map<string, string>();

/** The template's stylesheet from `resources/templates/<name>.css`. */
export function templateCss(template: TemplateName): string {
  const cached = cssCache.get(template);
  if (cached !== undefined) return cached;
  const path = join(resourcesDir(), 'templates', `${template}.css`);
  let css: string;
  try {
    css = readFileSync(path, 'utf8');
  } catch (err) {
    throw new BdError('unavailable', `The ${template} template's stylesheet is missing (${path}). Reinstall Briefing Desk.`, {
      detail: { cause: (err as Error).message },
    });
  }
  cssCache.set(template, css);
  return css;
}

/**
 * Chinese has no spaces, so a title would wrap inside a word (成|果). The
 * title gets a break opportunity (<wbr>) between words found by ICU's word
 * segmenter, and the stylesheet sets `word-break: keep-all` on it, so it
 * wraps only between words; `text-wrap: balance` then evens the lines.
 */
export function breakableTitle(title: string): string {
  if (!/[\u3400-\u9fff]/.test(title) || typeof Intl.Segmenter !== 'function') return escapeHtml(title);
  const parts: string[] = [];
  let previous: { segment: string; isWordLike?: boolean } | undefined;
  for (const seg of new Intl.Segmenter('zh', { granularity: 'word' }).segment(title)) {
    const opensAfter = previous && /[《（(“‘「『【]$/.test(previous.segment);
    if (previous && seg.isWordLike && !opensAfter) parts.push('<wbr>');
    parts.push(escapeHtml(seg.segment));
    previous = seg;
  }
  return parts.join('');
}

/**
 * The briefing's title as HTML: a Chinese title longer than a line is set in the lines
 * `titleLines` chooses (the Word file's lines too), joined by <br>, each with a break opportunity
 * (<wbr>) only at its legal breaks (`titleBreaks`: between words, never inside a 《…》 that fits a
 * line), which `word-break: keep-all` makes the only ones should a line still not fit.
 */
export function titleHtml(title: string, template: TemplateName, language: Language): string {
  if (!/[\u3400-\u9fff]/.test(title)) return escapeHtml(title);
  const maxEm = titleMeasureEm(template, language);
  const breaks = titleBreaks(title, maxEm);
  let at = 0;
  return titleLines(title, maxEm)
    .map((line) => {
      const start = title.indexOf(line, at);
      at = start + line.length;
      const inner = breaks.filter((b) => b > start && b < start + line.length).map((b) => b - start);
      return [0, ...inner].map((from, k) => escapeHtml(line.slice(from, inner[k] ?? line.length))).join('<wbr>');
    })
    .join('<br>');
}

/**
 * Text with each book title (《…》, nested 〈〉 inside) kept whole where it can be: the title
 * in a `bd-book` span the stylesheets set `word-break: keep-all` on, with a break opportunity
 * (<wbr>) only between the words of its Chinese text (ICU's word segmenter, as for the
 * briefing's title). A title that fits on a line is never broken; a longer one breaks between
 * words, never inside one (…资金预算的通|知》 becomes …资金|预算的通知》). Returns HTML.
 */
export function keptBookTitles(text: string): string {
  const out: string[] = [];
  let from = 0;
  for (let open = text.indexOf('《'); open >= 0; open = text.indexOf('《', from)) {
    let depth = 0;
    let close = -1;
    for (let i = open; i < text.length && close < 0; i++) {
      if (text[i] === '《' || text[i] === '〈') depth++;
      else if ((text[i] === '》' || text[i] === '〉') && --depth === 0) close = i;
    }
    if (close < 0) break;
    out.push(escapeHtml(text.slice(from, open)), `<span class="bd-book">${breakableTitle(text.slice(open, close + 1))}</span>`);
    from = close + 1;
  }
  out.push(escapeHtml(text.slice(from)));
  return out.join('');
}

function paragraphs(text: string): string {
  return text
    .split(/\n+/)
    .filter(Boolean)
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join('');
}

/** The block the PDF printer pins to the foot of the last page, and the spacer it sizes to do so. */
export const COLOPHON_CLASS = 'bd-colophon';
export const COLOPHON_SPACER_CLASS = 'bd-colophon-spacer';
/** Set on `<body>` by the PDF printer to shrink the template's flexible gaps where the 版记 would not fit below the text. */
export const TIGHT_CLASS = 'bd-tight';

/**
 * A rendered note with its label: inside the first paragraph when the note
 * starts with one (`<p><span class="bd-note-label">按：</span>…`), else as a
 * paragraph of its own, so a note that starts with a list keeps its bullets.
 */
export function labelledNoteHtml(noteHtml: string, label: string, language: Language): string {
  if (!label) return noteHtml;
  const span = `<span class="bd-note-label">${escapeHtml(label + labelColon(language))}</span>`;
  return noteHtml.startsWith('<p>') ? `<p>${span}${noteHtml.slice(3)}` : `<p class="bd-note-label-line">${span}</p>${noteHtml}`;
}

function blockHtml(block: OutlineBlock, out: string[], language: Language, template: TemplateName): void {
  switch (block.kind) {
    case 'masthead': {
      out.push('<header class="bd-masthead">');
      if (block.classification) out.push(`<p class="bd-classification">${escapeHtml(block.classification)}</p>`);
      if (block.publicationName || block.issue) {
        out.push(
          '<div class="bd-series">' +
            (block.publicationName ? `<p class="bd-publication">${escapeHtml(block.publicationName)}</p>` : '') +
            (block.issue ? `<p class="bd-issue">${escapeHtml(block.issue)}</p>` : '') +
            '</div>',
        );
      }
      // Empty parts are left out, so no separator is printed before or after nothing.
      out.push(
        '<div class="bd-byline">' +
          (block.organisation ? `<span class="bd-organisation">${escapeHtml(block.organisation)}</span>` : '') +
          (block.date ? `<span class="bd-date">${escapeHtml(block.date)}</span>` : '') +
          '</div>',
      );
      out.push('<hr class="bd-rule">');
      out.push(`<h1 class="bd-title">${titleHtml(block.title, template, language)}</h1>`);
      out.push('</header>');
      return;
    }
    case 'summary':
      out.push(
        `<section class="bd-summary"><h2 class="bd-summary-label">${escapeHtml(block.label)}</h2>` +
          `<div class="bd-md">${renderMarkdown(block.markdown)}</div></section>`,
      );
      return;
    case 'section-heading': {
      const num = block.number ? `<span class="bd-num">${escapeHtml(block.number)}</span>` : '';
      out.push(`<h2 class="bd-heading">${num}${escapeHtml(block.text)}</h2>`);
      return;
    }
    case 'highlight': {
      const color = block.color && COLOR_CLASSES.has(block.color) ? ` bd-color-${block.color}` : '';
      const parts = block.citationParts.map((p) => (p.keep ? `<span class="bd-keep">${escapeHtml(p.text)}</span>` : keptBookTitles(p.text))).join('');
      const cite = block.url && isSafeLinkUrl(block.url) ? `<a href="${escapeHtml(block.url)}" rel="noopener noreferrer">${parts}</a>` : parts;
      out.push(
        `<div class="bd-highlight${color}">` +
          `<figure class="bd-quote"><blockquote>${block.passage ? `<div class="bd-md">${renderMarkdown(block.passage)}</div>` : paragraphs(block.paragraphs.join('\n'))}</blockquote>` +
          `<figcaption class="bd-citation${block.repeated ? ' bd-ibid' : ''}"${block.repeated ? ` title="${escapeHtml(block.fullCitation)}"` : ''}>${cite}</figcaption></figure>` +
          (block.note ? `<div class="bd-note bd-md">${labelledNoteHtml(renderMarkdown(block.note), block.noteLabel, language)}</div>` : '') +
          '</div>',
      );
      return;
    }
    case 'markdown':
      out.push(`<div class="bd-md bd-free">${renderMarkdown(block.markdown)}</div>`);
      return;
    case 'sources':
      out.push(
        `<section class="bd-sources"><h2 class="bd-sources-label">${escapeHtml(block.label)}</h2><ol>` +
          block.entries
            .map(
              (e) =>
                `<li>${keptBookTitles(e.text)}${e.url && isSafeLinkUrl(e.url) ? ` <a class="bd-url" href="${escapeHtml(e.url)}" rel="noopener noreferrer">${escapeHtml(e.url)}</a>` : ''}</li>`,
            )
            .join('') +
          '</ol></section>',
      );
      return;
    case 'distribution': {
      // The 版记: rows between rules (CSS draws them), pinned to the foot of the
      // last page by the PDF printer, which sizes the spacer (pdf.ts, export.ts).
      const rows = block.lines.map(
        (l) => `<p class="bd-dist-line"><span class="bd-dist-label">${escapeHtml(l.label + labelColon(language))}</span>${escapeHtml(l.text)}</p>`,
      );
      if (block.copies) rows.push(`<p class="bd-copies">${escapeHtml(block.copies)}</p>`);
      const issued =
        block.issuer || block.issued
          ? '<p class="bd-issued">' +
            (block.issuer ? `<span class="bd-issuer">${escapeHtml(block.issuer)}</span>` : '') +
            (block.issued ? `<span class="bd-issued-date">${escapeHtml(block.issued)}</span>` : '') +
            '</p>'
          : '';
      out.push(
        `<div class="${COLOPHON_CLASS}"><div class="${COLOPHON_SPACER_CLASS}" aria-hidden="true"></div>` +
          `<footer class="bd-distribution">${rows.length ? `<div class="bd-dist-rows">${rows.join('')}</div>` : ''}${issued}</footer></div>`,
      );
      return;
    }
    default: {
      const never: never = block;
      throw new Error(`Unknown block ${(never as { kind: string }).kind}`);
    }
  }
}

/** The `<body>` content of a briefing: header, then sections wrapped in `<section>`. */
export function outlineBodyHtml(outline: Outline): string {
  const out: string[] = [];
  let inSection = false;
  for (const block of outline.blocks) {
    const opens = block.kind === 'section-heading';
    const closes = opens || block.kind === 'sources' || block.kind === 'distribution';
    if (closes && inSection) {
      out.push('</section>');
      inSection = false;
    }
    if (opens) {
      out.push('<section class="bd-section">');
      inSection = true;
    }
    blockHtml(block, out, outline.language, outline.template);
  }
  if (inSection) out.push('</section>');
  return out.join('\n');
}

export function outlineToHtml(outline: Outline, options: HtmlOptions): string {
  const lang = outline.language === 'zh' ? 'zh-CN' : 'en';
  const classes = [`bd-template-${options.template}`, `bd-lang-${outline.language}`, `bd-${options.purpose ?? 'print'}`].join(' ');
  return [
    '<!DOCTYPE html>',
    `<html lang="${lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="Briefing Desk">',
    `<title>${escapeHtml(outline.title)}</title>`,
    `<style>\n${templateCss(options.template)}${options.purpose === 'pages' ? pagesCss(options.template) : ''}\n</style>`,
    '</head>',
    `<body class="${classes}">`,
    '<article class="bd-briefing">',
    outlineBodyHtml(outline),
    '</article>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** A complete HTML document of the briefing for the template. */
export function briefingToHtml(b: Briefing, options: HtmlOptions): string {
  return outlineToHtml(buildOutline(b, options.template), options);
}
