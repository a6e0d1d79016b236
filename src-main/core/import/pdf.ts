/**
 * PDF importer. pdfjs-dist (legacy build, no worker thread, no eval, no font
 * loading, no network) reads the text layer; this module rebuilds the
 * article from positioned text runs:
 *
 *  1. runs → lines (same baseline, left to right);
 *  2. running headers and footers (the same text at the same place on most
 *     pages) and page numbers (`1`, `- 2 -`, `— 3 —`, `第 4 页`, `Page 5 of 9`)
 *     are dropped;
 *  3. lines → paragraphs, broken at a change of type size, an extra vertical
 *     gap, a first-line indent, or a short line that ends a sentence;
 *  4. lines inside a paragraph are joined: Chinese without a space, English
 *     with one, and a word hyphenated across a line end is rejoined;
 *  5. type larger than the body text is the title (first page, largest) or a
 *     heading (levels by size); `核心阅读`-style labels start a lead.
 *
 * A PDF without a text layer (a scan) is refused with advice to run OCR.
 */
import type { ParsedArticle } from '../../common/model';
import { bilingualError, type BdError } from '../../common/errors';
import { detectMeta, isBylineLine } from '../../common/metadata-detect';
import { isIssuerMasthead, isMetadataLine, startsWithSectionNumber } from '../../common/line-roles';
import { plausibleDeclaredTitle } from '../../common/page-title';
import { normalizeCharacters } from '../../common/normalize-characters';
import { LEAD_LABELS, finishArticle, type DeclaredMeta, type RawBlock } from './article-builder';
import { openPdf } from '../pdfjs';
import { log } from '../diagnostics/log';

// ---------------------------------------------------------------------------
// Lines from text runs

/** One positioned run of text from pdfjs' `getTextContent`. */
export interface TextRun {
  str: string;
  /** PDF text matrix [a, b, c, d, e, f]: e/f position the baseline start. */
  transform: number[];
  width: number;
  fontName?: string;
}

export interface PdfLine {
  text: string;
  page: number;
  x: number;
  /** Baseline, in PDF units from the bottom of the page. */
  y: number;
  right: number;
  size: number;
  font?: string;
  /** Column of a multi-column page (0 = left), set by `readingOrder`; absent on a single-column page. */
  column?: number;
}

export interface PdfPage {
  width: number;
  height: number;
  lines: PdfLine[];
}

const CJK_CHAR = /[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]/;
const HYPHEN_END = /(?<=\p{L})[-\u2010\u00ad]$/u;

function isCjk(ch: string | undefined): boolean {
  return !!ch && CJK_CHAR.test(ch);
}

/** Glue between two pieces of text that sit `gap` apart on one line. */
function glue(left: string, right: string, gap: number, size: number): string {
  if (!left || !right || /\s$/.test(left) || /^\s/.test(right)) return '';
  if (isCjk(left[left.length - 1]) || isCjk(right[0])) return '';
  return gap > size * 0.15 ? ' ' : '';
}

/**
 * Groups the runs of one page into lines. Runs come in content-stream order,
 * which is reading order for the single-column documents we import; a run
 * joins the current line while it sits on the same baseline further right.
 * Rotated runs (diagonal watermarks, vertical margin notes) are not text of
 * the article and are skipped.
 */
export function linesFromRuns(runs: readonly TextRun[], page: number): PdfLine[] {
  const lines: PdfLine[] = [];
  let line: PdfLine | undefined;
  let inkRight = 0;
  for (const run of runs) {
    const [a, b, c, d, x, y] = run.transform;
    if (Math.abs(b) > 0.01 * Math.abs(a) || Math.abs(c) > 0.01 * Math.abs(d)) continue;
    const size = Math.abs(d) || Math.abs(a);
    const str = run.str.replace(/\u00ad/g, (m, i: number, s: string) => (i === s.length - 1 ? m : ''));
    if (!str) continue;
    // A space run's width may overrun the next glyph (`　　` set as one space 32 pt wide before `2024年…印发`):
    // the next run continues the line if it starts after the last glyph's end.
    if (line && Math.abs(line.y - y) <= Math.max(line.size, size) * 0.4 && x >= inkRight - Math.max(line.size, size) * 0.6) {
      if (!str.trim()) {
        // A space run: keep one space unless the line already ends in one. A
        // gap a full em wide after a Chinese character is an ideographic
        // space (`第一条　为了…`), which letter spacing never is.
        if (!/\s$/.test(line.text)) line.text += run.width >= size * 0.8 && isCjk(line.text[line.text.length - 1]) ? '\u3000' : ' ';
      } else {
        line.text += glue(line.text, str, x - line.right, size) + str;
        line.size = Math.max(line.size, size);
        inkRight = x + run.width;
      }
      line.right = Math.max(line.right, x + run.width);
      continue;
    }
    if (!str.trim()) continue;
    line = { text: str, page, x, y, right: x + run.width, size, font: run.fontName };
    inkRight = line.right;
    lines.push(line);
  }
  for (const l of lines) l.text = closeLetterSpacing(l.text.replace(/[ \t\u00a0]+/g, ' ').trim());
  return lines.filter((l) => l.text !== '');
}

const CJK_RUN = '[\\u2e80-\\u9fff\\uf900-\\ufaff\\u3000-\\u303f\\uff00-\\uffef]';
/** A space between two Chinese characters or marks: Chinese sets none, so it is letter spacing. */
const SPACE_IN_CJK = new RegExp(`(?<=${CJK_RUN}) +(?=${CJK_RUN})`, 'g');
/** Three or more single letters or digits spaced one apart: `I V R S`, `2 0 2 4`, `C O N T E N T S`. */
const SPACED_LETTERS = /(?<![\p{L}\p{N}])(?:[\p{Lu}\p{N}] ){2,}[\p{Lu}\p{N}](?![\p{L}\p{N}])/gu;
const CJK_LATIN_GAP = new RegExp(`(?<=${CJK_RUN}) +(?=[\\p{L}\\p{N}])|(?<=[\\p{L}\\p{N}]) +(?=${CJK_RUN})`, 'gu');
const SPACED_ANY = /(?<![\p{L}\p{N}])(?:[\p{L}\p{N}] ){2,}[\p{L}\p{N}](?![\p{L}\p{N}])/gu;

/**
 * Undoes letter spacing (CSS `letter-spacing`, Word's expanded character
 * spacing, 间距加宽 in WPS): pdf.js reports each widened gap as a space, so
 * `检测规程` arrives as `检 测 规 程` and `IVRS` as `I V R S`. Spaces between
 * Chinese characters go; a run of spaced single capitals or digits is
 * closed up, and in a line that is mostly Chinese any run of spaced single
 * letters is (word spaces in letter-spaced English cannot be told from
 * letter gaps, so lower-case English is left as it is).
 */
export function closeLetterSpacing(text: string): string {
  if (!text.includes(' ')) return text;
  const cjk = (text.match(new RegExp(CJK_RUN, 'g')) ?? []).length;
  const gaps = (text.match(SPACE_IN_CJK) ?? []).length;
  // Letter-spaced: most neighbouring Chinese characters stand a space apart
  // (an ordinary line has a space here and there: `中小企业局 王明`).
  const letterSpaced = (gaps >= 2 && gaps >= (cjk - 1) * 0.5) || (gaps >= 1 && gaps === cjk - 1);
  if (!letterSpaced) return text.replace(SPACED_LETTERS, (run) => run.replace(/ /g, ''));
  return text
    .replace(SPACE_IN_CJK, '')
    .replace(SPACED_ANY, (run) => run.replace(/ /g, ''))
    .replace(CJK_LATIN_GAP, '');
}

// ---------------------------------------------------------------------------
// Running headers, footers and page numbers

const PAGE_NUMBER = [
  /^\d{1,4}$/,
  /^[-—–－‐]\s*\d{1,4}\s*[-—–－‐]$/,
  /^第\s*\d{1,4}\s*页(\s*[,，/]?\s*共\s*\d{1,4}\s*页)?$/,
  /^(page|p\.)\s*\d{1,4}(\s*(of|\/)\s*\d{1,4})?$/i,
  /^\d{1,4}\s*\/\s*\d{1,4}$/,
  /^[ivxlcdm]{1,6}$/i,
];

/** True for a line that is only a page number in one of the common styles. */
export function isPageNumber(text: string): boolean {
  const t = text.replace(/\s+/g, ' ').trim();
  return PAGE_NUMBER.some((re) => re.test(t));
}

/** Lines within this share of the page height from the top or bottom edge may be headers or footers. */
const EDGE_BAND = 0.12;

function edgeKey(line: PdfLine): string {
  return line.text.replace(/\d+/g, '#').replace(/\s+/g, '');
}

/**
 * Removes page numbers near the page edges and lines that repeat at the same
 * place on at least half of the pages (and on two or more). Returns the kept
 * lines per page and the removed header/footer texts (which often carry the
 * publication and date).
 */
export function dropRunningLines(pages: readonly PdfPage[]): { pages: PdfLine[][]; removed: string[] } {
  const inBand = (line: PdfLine, page: PdfPage): boolean => line.y > page.height * (1 - EDGE_BAND) || line.y < page.height * EDGE_BAND;

  // Count, per header/footer key and position, on how many pages it occurs.
  const seen = new Map<string, Set<number>>();
  pages.forEach((page, n) => {
    for (const line of page.lines) {
      if (!inBand(line, page)) continue;
      const key = `${edgeKey(line)}@${Math.round(line.y / 6)}`;
      if (!seen.has(key)) seen.set(key, new Set());
      seen.get(key)!.add(n);
    }
  });
  const threshold = Math.max(2, Math.ceil(pages.length / 2));
  const running = (line: PdfLine): boolean => {
    const k = edgeKey(line);
    // Allow the position to wobble by a bucket either way.
    const bucket = Math.round(line.y / 6);
    let count = 0;
    for (const b of [bucket - 1, bucket, bucket + 1]) count = Math.max(count, seen.get(`${k}@${b}`)?.size ?? 0);
    return count >= threshold;
  };

  const removed: string[] = [];
  const kept = pages.map((page) =>
    page.lines.filter((line) => {
      if (!inBand(line, page)) return true;
      if (isPageNumber(line.text) || (pages.length > 1 && running(line))) {
        if (!isPageNumber(line.text) && !removed.includes(line.text)) removed.push(line.text);
        return false;
      }
      return true;
    }),
  );
  return { pages: kept, removed };
}

// ---------------------------------------------------------------------------
// Columns

/**
 * The gutter of a two-column page, or undefined for a single-column page.
 * A gutter is an x position in the middle 30–70 % of the page width that no
 * line crosses over the height both columns share, with at least three lines
 * starting at one x (the column's margin, within half an em) on each side
 * and the left column's longest lines reaching well towards the gutter. Table rows,
 * centred titles and indented lines of a single-column page cross the
 * middle, so they never make a gutter. Units: PDF user space (pt).
 */
export function findGutter(page: PdfPage): number | undefined {
  const lines = page.lines;
  if (lines.length < 8) return undefined;
  const starts = new Map<number, number>();
  for (const l of lines) if (l.x > page.width * 0.3 && l.x < page.width * 0.7) starts.set(Math.round(l.x), (starts.get(Math.round(l.x)) ?? 0) + 1);
  let best: { gutter: number; score: number } | undefined;
  for (const [xr, n] of starts) {
    if (n < 3) continue;
    const gutter = xr - 1;
    const right = lines.filter((l) => l.x >= gutter);
    const left = lines.filter((l) => l.right <= gutter);
    const rightMargin = right.filter((l) => Math.abs(l.x - xr) < l.size * 0.5);
    const xl = dominant(left, (l) => Math.round(l.x));
    if (xl === undefined) continue;
    const leftMargin = left.filter((l) => Math.abs(l.x - xl) < l.size * 0.5);
    if (rightMargin.length < 3 || leftMargin.length < 3) continue;
    // The left column is full: its longer lines reach well past the middle between the two margins.
    if (Math.max(...left.map((l) => l.right)) < xl + (xr - xl) * 0.6) continue;
    if (xr - xl < page.width * 0.25) continue;
    // The height both columns share must hold no line that crosses the gutter.
    const top = Math.min(Math.max(...leftMargin.map((l) => l.y)), Math.max(...rightMargin.map((l) => l.y)));
    const bottom = Math.max(Math.min(...leftMargin.map((l) => l.y)), Math.min(...rightMargin.map((l) => l.y)));
    if (top <= bottom) continue;
    const inShared = (l: PdfLine) => l.y <= top + l.size * 0.5 && l.y >= bottom - l.size * 0.5;
    if (lines.some((l) => l.x < gutter && l.right > gutter && inShared(l))) continue;
    const shared = lines.filter(inShared).length;
    if (shared < 6) continue;
    const score = rightMargin.length + leftMargin.length;
    if (!best || score > best.score) best = { gutter, score };
  }
  return best?.gutter;
}

/**
 * Puts the lines of a page in reading order. A single-column page keeps its
 * content order. On a two-column page (see `findGutter`) each band between
 * lines that span the gutter is read column by column: the left column top
 * to bottom, then the right one. A line below the other column's end that
 * stands apart from its own column (more than twice the leading), or a
 * left-hand line more than 1.6 leadings below the right column's end
 * (balanced columns end within a line of each other), is full-width text
 * after the columns (a 附注, a 版记, an editor's credit) and follows them.
 * Column lines get `column` (0, 1) and the right column's lines are shifted
 * left onto the left column's margin, so indents and line ends read as in a
 * single column.
 */
export function readingOrder(page: PdfPage): PdfLine[] {
  const gutter = findGutter(page);
  if (gutter === undefined) return page.lines;
  const sorted = page.lines.map((l, i) => ({ l, i })).sort((a, b) => b.l.y - a.l.y || a.i - b.i);
  const out: PdfLine[] = [];
  let band: PdfLine[] = [];
  const leftX = dominant(
    page.lines.filter((l) => l.right <= gutter),
    (l) => Math.round(l.x),
  )!;
  const rightX = dominant(
    page.lines.filter((l) => l.x >= gutter),
    (l) => Math.round(l.x),
  )!;
  const flush = () => {
    const left = band.filter((l) => l.right <= gutter);
    const right = band.filter((l) => l.x >= gutter);
    band = [];
    if (left.length < 2 || right.length < 2) {
      out.push(...[...left, ...right].sort((a, b) => b.y - a.y));
      return;
    }
    const gaps: number[] = [];
    for (const side of [left, right]) for (let k = 1; k < side.length; k++) gaps.push(side[k - 1].y - side[k].y);
    const leading = median(gaps);
    // Balanced columns end within about a line of each other; the left one may run on longer only by that.
    const cut = (side: PdfLine[], otherBottom: number, overrun: number): [PdfLine[], PdfLine[]] => {
      for (let k = 1; k < side.length; k++) {
        const below = otherBottom - side[k].y;
        if (below > 0 && (side[k - 1].y - side[k].y > leading * 2.2 || below > overrun)) return [side.slice(0, k), side.slice(k)];
      }
      return [side, []];
    };
    const [leftCol, leftTail] = cut(left, Math.min(...right.map((l) => l.y)), leading * 1.6);
    const [rightCol, rightTail] = cut(right, Math.min(...leftCol.map((l) => l.y)), Infinity);
    out.push(...leftCol.map((l) => ({ ...l, column: 0 })));
    out.push(...rightCol.map((l) => ({ ...l, column: 1, x: l.x - (rightX - leftX), right: l.right - (rightX - leftX) })));
    out.push(...[...leftTail, ...rightTail].sort((a, b) => b.y - a.y));
  };
  for (const { l } of sorted) {
    if (l.x < gutter && l.right > gutter) {
      flush();
      out.push(l);
    } else band.push(l);
  }
  flush();
  return out;
}

// ---------------------------------------------------------------------------
// Paragraphs

const SENTENCE_END = /[。！？…；.!?:：”’"』」)）]$/;
const SENTENCE_PUNCT = /[。，、；：！？,;:!?]|\.\s|\.$/;

interface Paragraph {
  lines: PdfLine[];
}

function median(values: number[]): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The value that covers the most characters: the body text's size, margin, font. */
function dominant<T>(lines: readonly PdfLine[], pick: (l: PdfLine) => T): T | undefined {
  const weight = new Map<T, number>();
  for (const l of lines) weight.set(pick(l), (weight.get(pick(l)) ?? 0) + l.text.length);
  let best: T | undefined;
  let most = -1;
  for (const [value, w] of weight) {
    if (w > most) {
      best = value;
      most = w;
    }
  }
  return best;
}

/** Joins the lines of one paragraph: Chinese directly, English with a space, hyphenated words rejoined. */
export function joinLines(texts: readonly string[]): string {
  let out = '';
  for (const raw of texts) {
    const text = raw.trim();
    if (!out) {
      out = text;
      continue;
    }
    if (HYPHEN_END.test(out) && /^\p{Ll}/u.test(text)) {
      // `intel-` + `ligence`: a word broken at the line end.
      out = out.slice(0, -1) + text;
    } else if (/(?<=[\p{L}\d])[-\u2010\u00ad]$/u.test(out) && /^[\p{Lu}\d]/u.test(text)) {
      // `Sino-` + `American`, `2023-` + `2025`: the hyphen belongs to the text.
      out = out.replace(/\u00ad$/, '-') + text;
    } else if (isCjk(out[out.length - 1]) || isCjk(text[0])) {
      out += text;
    } else {
      out += ' ' + text;
    }
  }
  return out.replace(/\u00ad/g, '');
}

function paragraphs(pages: readonly PdfLine[][]): { paras: Paragraph[]; body: { size: number; font?: string } } {
  const all = pages.flat();
  const bodySize = Math.round((dominant(all, (l) => Math.round(l.size * 2) / 2) ?? 10) * 2) / 2;
  const isBodySize = (l: PdfLine) => Math.abs(l.size - bodySize) <= bodySize * 0.08;
  const bodyLines = all.filter(isBodySize);
  const left = dominant(bodyLines, (l) => Math.round(l.x)) ?? 0;
  const right = median(bodyLines.filter((l) => l.right > left + bodySize * 10).map((l) => l.right)) || Math.max(...all.map((l) => l.right));
  const gaps: number[] = [];
  for (const lines of pages) {
    for (let k = 1; k < lines.length; k++) {
      const gap = lines[k - 1].y - lines[k].y;
      if (isBodySize(lines[k]) && isBodySize(lines[k - 1]) && gap > 0 && gap < bodySize * 3) gaps.push(gap);
    }
  }
  const leading = median(gaps) || bodySize * 1.5;
  // The right edge near a line: a ragged English passage in a Chinese page,
  // or a narrower lead box, has its own measure.
  const near = 4;
  const localRight = (k: number): number => {
    let edge = 0;
    for (let j = Math.max(0, k - near); j <= Math.min(all.length - 1, k + near); j++) {
      const other = all[j];
      if (other.page === all[k].page && Math.abs(other.size - all[k].size) <= all[k].size * 0.08) edge = Math.max(edge, other.right);
    }
    return Math.min(edge, right) || right;
  };

  const paras: Paragraph[] = [];
  let current: Paragraph | undefined;
  let prev: PdfLine | undefined;
  let bodySeen = false;
  all.forEach((line, k) => {
    let breakHere = !prev || !current;
    if (prev && current) {
      // A column break reads like a page break.
      const samePage = prev.page === line.page && prev.column === line.column;
      const sizeChanged = Math.abs(prev.size - line.size) > Math.min(prev.size, line.size) * 0.1;
      const display = line.size > bodySize * 1.12;
      const gap = samePage ? prev.y - line.y : 0;
      const edge = localRight(k - 1);
      const width = Math.max(edge - left, bodySize * 10);
      const prevShort = prev.right < edge - Math.max(2 * prev.size, width * 0.15);
      const next = all[k + 1];
      const prevCentred = prev.x > left + prev.size * 1.5 && prev.right < edge - prev.size * 1.5;
      // A line set to the right (a 落款's 成文日期) ends its paragraph when the next one starts further left (a 附注).
      const prevRightSet = prev.x > left + width * 0.3 && line.x < prev.x - line.size;
      // An indented line followed by one at the margin opens a paragraph (first-line indent).
      const opensParagraph =
        line.x > left + line.size * 0.8 &&
        !!next &&
        next.page === line.page &&
        next.column === line.column &&
        Math.abs(next.x - left) < line.size * 0.5 &&
        Math.abs(next.size - line.size) <= line.size * 0.1;
      // A headline that wraps: large centred lines of one size at the top of page 1, before any body text
      // (body-size lines set in from both margins above it, a 发文字号, do not count),
      // set with the document's line height (up to 2.4 em apart) are one title.
      const centre = (left + right) / 2;
      // The first line of a wrapped headline may fill the measure; the line under it is centred and set in.
      const isCentred = (l: PdfLine) => Math.abs((l.x + l.right) / 2 - centre) < l.size;
      const titleWrap =
        display &&
        samePage &&
        line.page === 1 &&
        !bodySeen &&
        isCentred(prev) &&
        isCentred(line) &&
        line.x > left + line.size * 0.5 &&
        Math.abs(prev.size - line.size) < 0.5 &&
        gap > 0 &&
        gap <= line.size * 2.4;
      if (sizeChanged) breakHere = true;
      else if (titleWrap) breakHere = false;
      else if (samePage && prevCentred && !display) breakHere = true;
      else if (prevRightSet && !display) breakHere = true;
      else if (samePage && opensParagraph && !display) breakHere = true;
      else if (samePage && (gap < 0 || gap > (display ? line.size * 1.8 : leading * 1.4))) breakHere = true;
      else if (display) breakHere = false;
      else if (line.x > prev.x + line.size * 0.8 && line.x > left + line.size * 0.8)
        breakHere = true; // first-line indent
      else if (prevShort && (SENTENCE_END.test(prev.text) || prev.right < edge - width * 0.4)) breakHere = true;
      else if (!samePage && line.x > left + line.size * 0.8) breakHere = true;
    }
    if (isBodySize(line) && !(line.x > left + line.size * 1.5 && line.right < right - line.size * 1.5)) bodySeen = true;
    if (breakHere) {
      current = { lines: [] };
      paras.push(current);
    }
    current!.lines.push(line);
    prev = line;
  });
  return { paras, body: { size: bodySize, font: dominant(bodyLines, (l) => l.font) } };
}

/**
 * The headline of page 1: among the paragraphs at the top of the first page
 * (before its first body-size paragraph; metadata lines such as a 发文字号
 * or an issuer's masthead do not end the top), the one in the largest type
 * larger than the body's, the first of equals. A numbered section head
 * (`一、总体要求`, often set larger than the title by a heading style) and a
 * metadata line (`国家发展改革委文件`, a dateline) are never it. Undefined
 * when page 1 opens with body text.
 */
function pageOneHeadline(paras: readonly Paragraph[], texts: ReadonlyMap<Paragraph, string>, bodySize: number): Paragraph | undefined {
  let best: Paragraph | undefined;
  let bestSize = 0;
  for (const p of paras) {
    if (p.lines[0].page !== 1) break;
    // Text layers carry Kangxi radicals (⽂ for 文): read the line as it will be kept.
    const text = normalizeCharacters(texts.get(p) ?? '');
    if (!text) continue;
    const size = Math.max(...p.lines.map((l) => l.size));
    const display = size > bodySize * 1.12;
    if (isMetadataLine(text) || isIssuerMasthead(text)) continue;
    if (!display) break;
    if (startsWithSectionNumber(text)) continue;
    if (Math.round(size) > Math.round(bestSize)) {
      best = p;
      bestSize = size;
    }
  }
  return best;
}

/** Turns paragraphs into blocks: title, headings by type size, lead label and lead, paragraphs. */
export function blocksFromPages(pages: readonly PdfLine[][]): RawBlock[] {
  const { paras, body } = paragraphs(pages);
  const sizeOf = (p: Paragraph) => Math.max(...p.lines.map((l) => l.size));
  const displaySizes = [
    ...new Set(
      paras
        .map(sizeOf)
        .filter((s) => s > body.size * 1.12)
        .map((s) => Math.round(s)),
    ),
  ].sort((a, b) => b - a);

  const texts = new Map(paras.map((p) => [p, joinLines(p.lines.map((l) => l.text))]));
  const headline = pageOneHeadline(paras, texts, body.size);
  const titleSize = headline ? Math.round(sizeOf(headline)) : undefined;

  const out: RawBlock[] = [];
  let titleDone = false;
  let seenBody = false;
  let inLead = false;
  for (const p of paras) {
    const text = texts.get(p) ?? '';
    if (!text) continue;
    const size = sizeOf(p);
    const firstPage = p.lines[0].page === 1;
    if (p === headline) {
      out.push({ kind: 'title', text });
      titleDone = true;
      continue;
    }
    if (size > body.size * 1.12) {
      inLead = false;
      if (titleDone && !seenBody && out[out.length - 1]?.kind === 'title' && firstPage && Math.round(size) !== titleSize) {
        out.push({ kind: 'subtitle', text });
      } else {
        // Title size (if the title was found) is not a heading level.
        const levels = titleSize === undefined ? displaySizes : displaySizes.filter((s) => s !== titleSize);
        const level = Math.max(1, Math.min(6, levels.indexOf(Math.round(size)) + 1 || 1));
        out.push({ kind: 'heading', text, level });
      }
      continue;
    }
    if (LEAD_LABELS.has(text)) {
      out.push({ kind: 'lead-label', text });
      inLead = true;
      continue;
    }
    if (inLead) {
      out.push({ kind: 'lead', text });
      inLead = false;
      continue;
    }
    // A lone short line in another face than the body (黑体 section heads of
    // official documents) with no sentence punctuation is a heading.
    const lone = p.lines.length === 1 && text.length <= 32 && !SENTENCE_PUNCT.test(text) && !isBylineLine(text);
    if (lone && body.font && p.lines[0].font !== body.font) {
      out.push({ kind: 'heading', text, level: Math.max(1, displaySizes.length) });
      continue;
    }
    seenBody = true;
    out.push({ kind: 'paragraph', text });
  }
  return out;
}

/** A PDF ends with `%%EOF` (ISO 32000-1 §7.5.5); a copy cut short does not. */
function looksTruncated(bytes: Uint8Array): boolean {
  const tail = new TextDecoder('latin1').decode(bytes.subarray(Math.max(0, bytes.length - 2048)));
  return !tail.includes('%%EOF');
}

function refuse(fileName: string, why: string, what: string, zh: string): BdError {
  return bilingualError('refused', `${fileName} ${why}; ${what}`, `${fileName} ${zh}`);
}

/** Parses a PDF's text layer into an article. */
export async function parsePdf(bytes: Uint8Array, fileName: string): Promise<ParsedArticle> {
  if (bytes.length === 0) throw bilingualError('refused', `${fileName} is empty; there is nothing to import.`, `${fileName} 是空文件，没有可导入的内容。`);
  if (!new TextDecoder('latin1').decode(bytes.subarray(0, 1024)).includes('%PDF-')) {
    throw refuse(
      fileName,
      'is not a PDF document (it has no PDF header)',
      'check that it is the file you meant to import.',
      '不是 PDF 文档（缺少 PDF 文件头）；请确认是否选错了文件。',
    );
  }
  if (looksTruncated(bytes)) {
    throw refuse(
      fileName,
      'is incomplete (the file ends before the PDF end marker, as after an interrupted download or copy)',
      'get a complete copy and import it again.',
      '不完整（文件在 PDF 结束标记之前就断了，常见于下载或复制中断）；请取得完整的文件后重新导入。',
    );
  }

  const task = await openPdf(bytes);
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (err) {
    // Releasing a document that never opened: the open's error below is the one that matters.
    await task.destroy().catch(() => undefined);
    const name = (err as { name?: string })?.name;
    if (name === 'PasswordException') {
      throw refuse(
        fileName,
        'is password-protected',
        'open it, save or print an unprotected copy (for example "Print to PDF"), and import that.',
        '设有密码；请打开后另存或打印一份无密码的副本（例如“打印为 PDF”）再导入。',
      );
    }
    throw refuse(
      fileName,
      'is not a readable PDF (the file is damaged or incomplete)',
      'open it in a PDF reader to check it, or get a fresh copy, and import it again.',
      '不是可读的 PDF（文件已损坏或不完整）；请用 PDF 阅读器检查，或重新获取文件后再导入。',
    );
  }

  try {
    const pages: PdfPage[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const [x0, y0, x1, y1] = page.view;
      const content = await page.getTextContent();
      const runs = content.items.filter((item): item is (typeof content.items)[number] & TextRun => 'str' in item);
      // Page coordinates may not start at 0: shift to the page box.
      const lines = linesFromRuns(runs, n).map((l) => ({ ...l, x: l.x - x0, right: l.right - x0, y: l.y - y0 }));
      const box = { width: x1 - x0, height: y1 - y0 };
      pages.push({ ...box, lines: readingOrder({ ...box, lines }) });
      page.cleanup();
    }

    const chars = pages.reduce((sum, p) => sum + p.lines.reduce((s, l) => s + l.text.replace(/\s/g, '').length, 0), 0);
    if (chars === 0) {
      throw refuse(
        fileName,
        'has no text layer (it is a scanned image)',
        'run OCR first (for example with your scanner software, WPS or Adobe Acrobat, "Recognize Text"), save the result as PDF or text, and import that.',
        '没有文字层（是扫描图片）；请先做文字识别（例如用扫描软件、WPS 或 Adobe Acrobat 的“识别文本”），把结果存为 PDF 或文本后再导入。',
      );
    }

    const { pages: kept, removed } = dropRunningLines(pages);
    const raw = blocksFromPages(kept);
    if (!raw.length) {
      throw refuse(
        fileName,
        'has no article text besides page headers and page numbers',
        'if it is a scan, run OCR first and import the result; otherwise check that it is the document you meant to import.',
        '除页眉和页码外没有正文；如果是扫描件，请先做文字识别再导入，否则请确认是否选错了文件。',
      );
    }

    const declared: DeclaredMeta = {};
    // Document properties are a weak hint (the title); a PDF whose info dictionary is broken still imports.
    const info = (await doc.getMetadata().catch(() => undefined))?.info as Record<string, unknown> | undefined;
    // The Info title only where the page shows no headline, and only when it reads as one (not
    // `forpdf.html`, `Microsoft Word - 通知.docx`, a URL or `untitled`).
    const title = plausibleDeclaredTitle(typeof info?.Title === 'string' ? info.Title : undefined);
    if (title && !raw.some((b) => b.kind === 'title')) declared.title = title;
    // Running headers often name the paper and the date: `人民日报 2023年7月10日 星期一`.
    const fromHeaders = detectMeta(removed);
    if (fromHeaders.published) declared.published = fromHeaders.published;
    if (fromHeaders.source) declared.source = fromHeaders.source;
    return finishArticle(raw, declared, fileName, { format: 'pdf' });
  } finally {
    await doc.destroy().catch((err) => log.warn('Could not release a PDF document', { err }));
  }
}
