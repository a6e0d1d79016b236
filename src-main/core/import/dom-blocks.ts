/**
 * Walks an (inert, script-free) DOM subtree into raw blocks: h1–h6 → heading,
 * p and block containers → paragraph, blockquote → quote, li/dt/dd →
 * list-item, data tables → one table block, figcaption/caption →
 * figure-caption. Shared by the HTML importer (the article Readability found)
 * and the DOCX importer (mammoth's HTML).
 *
 * Only text nodes are read, so nothing of a script, style, event handler or
 * remote resource can reach the article; <script>, <style>, <noscript>,
 * <template>, frames, embedded objects and form controls are skipped whole.
 */
import type { BlockKind } from '../../common/model';
import { MARK_CLOSE, MARK_OPEN, type InlineMark } from '../../common/text-builder';
import { BOLD_HEADING_DEPTH, type RawBlock } from './article-builder';
import { safeHref } from './safe-href';
import { gridOfSpannedRows, tableText } from '../../common/table-text';

/** Elements whose content is never article text. */
const SKIP = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'svg',
  'math',
  'canvas',
  'audio',
  'video',
  'source',
  'track',
  'map',
  'button',
  'select',
  'option',
  'textarea',
  'input',
  'head',
  'title',
  'meta',
  'link',
  'base',
  'dialog',
]);
/** Elements that break the flow of text into separate blocks. */
const BLOCK = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'header',
  'footer',
  'aside',
  'nav',
  'address',
  'center',
  'fieldset',
  'details',
  'summary',
  'form',
  'body',
  'html',
  'ul',
  'ol',
  'dl',
  'menu',
  'figure',
  'hgroup',
  'tbody',
  'thead',
  'tfoot',
  'tr',
  'td',
  'th',
  'legend',
  'search',
]);
const HEADING = /^h([1-6])$/;

const CJK = '\\u2e80-\\u9fff\\uf900-\\ufaff\\uff00-\\uffef\\u3000-\\u303f';
/**
 * A line break in the source between two East Asian characters is removed
 * rather than turned into a space (CSS Text Level 3, §4.1.3 segment break
 * transformation), so hard-wrapped Chinese HTML reads as it should.
 */
const CJK_SEGMENT_BREAK = new RegExp(`(?<=[${CJK}][\\ufdd0\\ufdd1]*)[ \\t\\r\\f]*\\n[\\s]*(?=[\\ufdd0\\ufdd1]*[${CJK}])`, 'g');

/** Collapses HTML whitespace the way a browser displays it; NBSP becomes a space. */
export function normalizeInline(raw: string): string {
  return raw
    .replace(/[\u200b-\u200d\u2060\ufeff\u00ad]/g, '')
    .replace(CJK_SEGMENT_BREAK, '')
    .replace(/[ \t\n\r\f\u00a0]+/g, ' ');
}

function tag(el: Element): string {
  return el.localName.toLowerCase();
}

/** Hidden by attribute or inline style: never shown to a reader, so never imported. */
export function isHidden(el: Element): boolean {
  if (el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true') return true;
  const style = el.getAttribute('style') ?? '';
  return /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style);
}

function skipped(el: Element): boolean {
  return SKIP.has(tag(el)) || isHidden(el);
}

/** Visible text of an element as one line (br and blocks become spaces). */
export function textOf(el: Element): string {
  let out = '';
  const visit = (node: Node): void => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === 3) out += (child as Text).data;
      else if (child.nodeType === 1) {
        const e = child as Element;
        if (skipped(e)) continue;
        if (tag(e) === 'br' || BLOCK.has(tag(e)) || HEADING.test(tag(e)) || tag(e) === 'li') out += ' ';
        visit(e);
        if (BLOCK.has(tag(e)) || tag(e) === 'li') out += ' ';
      }
    }
  };
  visit(el);
  return normalizeInline(out).trim();
}

function rowsOf(table: Element): Element[] {
  // Rows of this table only, not of tables nested in its cells.
  return Array.from(table.querySelectorAll('tr')).filter((tr) => tr.closest('table') === table);
}

function cellsOf(tr: Element): Element[] {
  return Array.from(tr.children).filter((c) => tag(c) === 'td' || tag(c) === 'th');
}

/**
 * The table's cells on its grid: rowspan/colspan fill the slots they cover
 * (WHATWG HTML §4.9.12, via `gridOfSpannedRows`), so the cells of a column
 * line up however the page merged its cells. Missing tbody, unclosed cells
 * and rows were already mended by the HTML parser (implied end tags).
 */
function gridOf(table: Element): string[][] {
  const span = (cell: Element, name: string): number | undefined => {
    const value = cell.getAttribute(name);
    return value === null || !/^\s*\d+/.test(value) ? undefined : parseInt(value, 10);
  };
  return gridOfSpannedRows(
    rowsOf(table).map((tr) => cellsOf(tr).map((cell) => ({ text: textOf(cell), rowSpan: span(cell, 'rowspan'), colSpan: span(cell, 'colspan') }))),
  );
}

/**
 * Pages (gov.cn notices especially) still lay out with tables. A table is data
 * only if it has two or more columns, no nested tables and cells of short
 * inline text; otherwise its cells are walked as ordinary containers.
 */
function isDataTable(table: Element): boolean {
  if (table.getAttribute('role') === 'presentation') return false;
  if (table.querySelector('table')) return false;
  const rows = rowsOf(table);
  if (!rows.length) return false;
  const widest = Math.max(
    ...rows.map((r) => cellsOf(r).reduce((n, cell) => n + Math.max(1, Number.parseInt(cell.getAttribute('colspan') ?? '1', 10) || 1), 0)),
  );
  if (widest < 2) return false;
  for (const row of rows) {
    for (const cell of cellsOf(row)) {
      if (cell.querySelector('p, div, h1, h2, h3, h4, h5, h6, ul, ol, blockquote, table')) {
        // Word and some CMSs wrap every cell in one <p>; that is still a data cell.
        const blocks = cell.querySelectorAll('p, div, h1, h2, h3, h4, h5, h6, ul, ol, blockquote, table');
        if (blocks.length > 1 || textOf(cell).length > 200) return false;
      }
      if (textOf(cell).length > 300) return false;
    }
  }
  return true;
}

/** Punctuation of a sentence; a section head carries none (as in plain-text.ts). */
const SENTENCE_PUNCT = /[。，、；：！？,;:!?]|\.\s|\.$/;
const MAX_BOLD_HEADING = 40;
const BOLD = new Set(['strong', 'b']);

/**
 * Chinese news sites (and Word documents through mammoth) mark section heads
 * as a paragraph that is entirely bold: `<p><strong>人工智能应用场景加速拓展</strong></p>`.
 * Such a short, unpunctuated paragraph is a heading.
 */
function isBoldHeading(el: Element): boolean {
  const text = textOf(el);
  if (!text || text.length > MAX_BOLD_HEADING || SENTENCE_PUNCT.test(text)) return false;
  let plain = '';
  let bold = '';
  const visit = (node: Node, inBold: boolean): void => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === 3) {
        if (inBold) bold += (child as Text).data;
        else plain += (child as Text).data;
      } else if (child.nodeType === 1 && !skipped(child as Element)) {
        const e = child as Element;
        if (BLOCK.has(tag(e)) || HEADING.test(tag(e))) {
          plain += 'x'; // nested blocks: not a simple bold line
          continue;
        }
        visit(e, inBold || BOLD.has(tag(e)) || /font-weight\s*:\s*(bold|[6-9]00)/i.test(e.getAttribute('style') ?? ''));
      }
    }
  };
  visit(el, false);
  return plain.replace(/[\s\u00a0\u3000]+/g, '') === '' && bold.trim() !== '';
}

type Context = 'paragraph' | 'quote' | 'list-item' | 'figure-caption';

/** Inline elements whose text becomes a mark. */
function markOf(el: Element): InlineMark | undefined {
  const name = tag(el);
  if (name === 'strong' || name === 'b') return { kind: 'strong' };
  if (name === 'em' || name === 'i') return { kind: 'emphasis' };
  if (name === 'a') {
    const href = safeHref(el.getAttribute('href') ?? undefined);
    return href ? { kind: 'link', href } : undefined;
  }
  const style = el.getAttribute('style') ?? '';
  if (name === 'span' && /font-weight\s*:\s*(bold|[6-9]00)/i.test(style)) return { kind: 'strong' };
  return undefined;
}

/** Longest paragraph under an image that is taken for its caption. */
const MAX_CAPTION = 60;

/** True when an element shows an image and no text of its own. */
function imageOnly(el: Element): boolean {
  return (tag(el) === 'img' || !!el.querySelector('img, picture')) && textOf(el) === '';
}

export interface DomBlockOptions {
  /**
   * Elements carrying one of these classes become one block of the given
   * kind. The DOCX importer marks Title/Subtitle-styled paragraphs this way;
   * web pages get no such map, so a page cannot choose its own block kinds.
   */
  kindByClass?: Readonly<Record<string, BlockKind>>;
}

/** The raw blocks of `root`'s content, in document order. */
export function domBlocks(root: Element | DocumentFragment, options: DomBlockOptions = {}): RawBlock[] {
  const kindByClass = Object.entries(options.kindByClass ?? {});
  const out: RawBlock[] = [];
  let buffer = '';
  let marks: InlineMark[] = [];
  /** The last thing seen was an image (a short paragraph after it is its caption). */
  let afterImage = false;

  const emit = (kind: BlockKind, text: string, level?: number, inline?: InlineMark[]): void => {
    // Table text keeps its tab and row separators (cells are already clean).
    const clean = kind === 'table' ? text : normalizeInline(text).trim();
    if (!clean.replace(/[\ufdd0\ufdd1]/g, '')) return;
    const block: RawBlock = { kind, text: clean };
    if (level !== undefined) block.level = level;
    if (inline?.length) block.marks = inline;
    out.push(block);
    afterImage = false;
  };
  const flush = (kind: Context): void => {
    const plain = buffer.replace(/[\ufdd0\ufdd1]/g, '').trim();
    // A short line right under an image, not a sentence of the article, is its caption.
    const caption = kind === 'paragraph' && afterImage && plain.length > 0 && plain.length <= MAX_CAPTION && !/[。！？]$/.test(plain);
    emit(caption ? 'figure-caption' : kind, buffer, undefined, marks);
    buffer = '';
    marks = [];
  };

  const walk = (node: Node, ctx: Context): void => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === 3) {
        buffer += (child as Text).data;
        continue;
      }
      if (child.nodeType !== 1) continue; // comments, processing instructions
      const el = child as Element;
      if (skipped(el)) continue;
      const name = tag(el);
      const heading = HEADING.exec(name);
      const classed = kindByClass.find(([cls]) => el.classList.contains(cls));
      if (classed) {
        flush(ctx);
        emit(classed[1], textOf(el), classed[1] === 'heading' ? 1 : undefined);
      } else if (heading) {
        flush(ctx);
        emit('heading', textOf(el), Number(heading[1]));
      } else if (name === 'br' || name === 'hr') {
        // Chinese pages often separate paragraphs with <br> inside one element.
        flush(ctx);
      } else if (name === 'blockquote') {
        flush(ctx);
        walk(el, 'quote');
        flush('quote');
      } else if (name === 'li' || name === 'dt' || name === 'dd') {
        flush(ctx);
        walk(el, 'list-item');
        flush('list-item');
      } else if (name === 'figcaption' || name === 'caption') {
        flush(ctx);
        walk(el, 'figure-caption');
        flush('figure-caption');
      } else if (name === 'pre') {
        flush(ctx);
        for (const line of (el.textContent ?? '').split(/\r?\n/)) emit(ctx, line);
      } else if (name === 'table') {
        flush(ctx);
        if (isDataTable(el)) {
          const caption = Array.from(el.children).find((c) => tag(c) === 'caption');
          if (caption) emit('figure-caption', textOf(caption));
          emit('table', tableText(gridOf(el)));
        } else {
          walk(el, ctx);
          flush(ctx);
        }
      } else if (name === 'p' && ctx === 'paragraph' && isBoldHeading(el)) {
        flush(ctx);
        emit('heading', textOf(el), BOLD_HEADING_DEPTH);
      } else if (BLOCK.has(name)) {
        flush(ctx);
        if (imageOnly(el)) {
          afterImage = true;
          continue;
        }
        walk(el, ctx);
        flush(ctx);
      } else if (name === 'img' || name === 'picture') {
        // Images carry no article text; their captions do.
        if (!buffer.replace(/[\ufdd0\ufdd1\s\u00a0]/g, '')) afterImage = true;
      } else if (name === 'wbr') {
        // a line-break opportunity, no text
      } else {
        // inline: a, span, strong, em, font, sup, …
        const mark = markOf(el);
        if (mark) {
          buffer += MARK_OPEN;
          marks.push(mark);
          walk(el, ctx);
          buffer += MARK_CLOSE;
        } else walk(el, ctx);
      }
    }
  };

  walk(root, 'paragraph');
  flush('paragraph');
  return out;
}
