/**
 * Measures a printed briefing against its layout, as a reader with a ruler
 * would: margins, text block, line grid, page numbers, the 版记 rules and the
 * fonts of Chinese punctuation, read from the PDF itself (`pdf-geometry.ts`).
 * `briefing check FILE.pdf` prints the report; the export tests assert it.
 *
 * GB/T 9704-2012 (the `gbt9704` template), with the tolerances used:
 *   §5.2.1  A4, 210 × 297 mm (±0.5 mm)
 *   §5.2.2  天头 (top margin) 37 mm, 订口 (left margin) 28 mm, 版心 156 × 225 mm (each ±1 mm)
 *   §5.2.3  22 lines a page, 28 characters a line (exact)
 *   §7.5    page numbers `— n —` in 4号 (14 pt), their top 7 mm below the 版心 (±1 mm);
 *           odd pages right, even pages left, one character (14 pt) in from the edge (±1 mm)
 *   §7.4.1  版记 rules as wide as the 版心, 0.35 mm first and last and 0.25 mm between
 *           (±0.1 mm), the last one on the bottom edge of the 版心 of the last page (±0.5 mm)
 *   and, for Chinese text, every CJK punctuation mark (，。、“”‘’—…· …) drawn full-width by a
 *   font that also draws the Chinese characters: never a Western font's narrow glyph.
 * The `modern` template is checked for page size, 版记 at the foot, punctuation and page fill.
 *
 * How lines are measured: text runs on one baseline form a line; a line's
 * box is its glyph box centred in the line pitch (Chromium centres the em box
 * in the line box), so the text block's top edge is the first line's centre
 * less half a pitch, and its height the line pitch times the lines of the
 * fullest page. Pages other than the first (masthead) and the last are the
 * "full" pages the grid is measured on. Lengths are mm unless named pt.
 */
import type { TemplateName } from '../../common/briefing/model';
import { mm, readPdfGeometry, toMm, type PdfGeometry, type PdfGlyph, type PdfPageGeometry, type PdfRule, type PdfTextRun } from './pdf-geometry';
import { pageArea, TEMPLATE_PAGES } from './page-geometry';
import { earlyEndByRule, keptOpening, tiledLineBoxes, type KeepLine, type KeptBlock } from './keep-rules';

/** One row of the report: what was measured against what the layout asks for. */
export interface LayoutCheck {
  /** Stable key, e.g. `top-margin`. */
  id: string;
  /** What is checked, in words. */
  label: string;
  expected: string;
  measured: string;
  ok: boolean;
  /**
   * True when the file gives nothing to measure this against (a one-page
   * briefing has no full page for the grid; a text without Chinese
   * punctuation has none to check). `ok` is then true — nothing failed —
   * and the report says the check was not made.
   */
  notMeasured?: true;
  /** `label`, `expected` and `measured` in Chinese (`briefing check` under a Chinese locale). */
  zh: { label: string; expected: string; measured: string };
}

export interface PageNumberMeasure {
  page: number;
  text: string;
  /** From the 版心's bottom edge down to the top of the number, mm. */
  below: number;
  side: 'left' | 'right' | 'centre';
  /** From the 版心's outer edge (right on odd pages, left on even) to the number, mm. */
  inset: number;
  /** Font size, pt. */
  size: number;
}

export interface ColophonMeasure {
  page: number;
  /** Full-width black rules of the last page, top to bottom: top edge and thickness, mm. */
  rules: { top: number; thickness: number }[];
  /** Last rule's bottom edge above (+) or below (−) the 版心's bottom edge, mm. */
  lastRuleOffset: number;
}

export interface PunctuationOffender {
  page: number;
  char: string;
  font: string;
  /** Advance width in em. */
  em: number;
  why: 'western-font' | 'narrow';
}

export interface LayoutMeasures {
  pageCount: number;
  /** Of the first page, mm. */
  pageSize: { width: number; height: number };
  topMargin: number | null;
  leftMargin: number | null;
  textBlock: { width: number | null; height: number | null };
  /** Distance between lines, pt. */
  linePitch: number | null;
  /**
   * Lines a full page holds (pages between the first and the last): the deepest grid line used,
   * a page that a keep rule ended early credited with the kept block it could not take.
   */
  linesPerFullPage: number | null;
  /** Characters on a full line of Chinese text (the most common count). */
  charsPerFullLine: number | null;
  /**
   * Where the 版心's bottom edge (for page numbers, the 版记 and page fill) was taken from:
   * `full-page` the measured top plus the lines of a full page times the pitch; `line-pitch`
   * the measured top plus 22 pitches, when no page is full (`linesPerFullPage` is then null);
   * `nominal` the template's page area (the modern template, or nothing measured).
   */
  blockBottomFrom: 'full-page' | 'line-pitch' | 'nominal';
  pageNumbers: PageNumberMeasure[];
  colophon: ColophonMeasure | null;
  punctuation: { checked: number; offenders: PunctuationOffender[] };
  /**
   * How much of the 版心's height each page's text fills, 0…1 (the last page is listed too).
   * `keptNext` names the block the exporter's keep rules hold together at the top of the next
   * page (`keep-rules.ts`: a heading with the lines it keeps, an excerpt's last lines with their
   * citation, the 版记 on a page of its own) when it is taller than the room this page leaves: it
   * could not have stood here, so this page ends early by the rules (height in mm).
   * `colophonPage` (kept as before) marks the page before a last page that holds only the 版记
   * (GB/T 9704 §7.5 版记页) when the 版记 did not fit below its text: `keptNext.what` is then `colophon`.
   */
  pageFill: { page: number; fill: number; colophonPage?: true; keptNext?: { what: KeptBlock['what']; lines: number; height: number } }[];
}

export interface LayoutReport {
  template: TemplateName;
  /**
   * Where the template came from: `option` the caller named it (`--template`); `layout` read from
   * the pages (`detectTemplate`: the size of the body text and where its lines start — 3号 at the
   * 28 mm 订口 for GB/T 9704, 10.5–11 pt at 22 mm for the modern template). Set by `checkPdfLayout`.
   */
  templateFrom?: 'option' | 'layout';
  measures: LayoutMeasures;
  checks: LayoutCheck[];
  ok: boolean;
}

// ---------------------------------------------------------------------------
// Lines

interface Line {
  page: number;
  baseline: number;
  center: number;
  top: number;
  bottom: number;
  x0: number;
  x1: number;
  /** Largest font size on the line, pt. */
  size: number;
  text: string;
  runs: PdfTextRun[];
}

function linesOf(page: PdfPageGeometry): Line[] {
  const runs = page.runs.filter((r) => r.text.trim()).sort((a, b) => a.baseline - b.baseline || a.x - b.x);
  const lines: Line[] = [];
  for (const run of runs) {
    const last = lines.at(-1);
    if (last && Math.abs(run.baseline - last.baseline) < 2) {
      last.runs.push(run);
      continue;
    }
    lines.push({ page: page.number, baseline: run.baseline, center: 0, top: 0, bottom: 0, x0: 0, x1: 0, size: 0, text: '', runs: [run] });
  }
  for (const line of lines) {
    line.runs.sort((a, b) => a.x - b.x);
    // The line's box: its body-size runs decide (a smaller superscript or a page number beside it does not).
    line.size = Math.max(...line.runs.map((r) => r.size));
    const main = line.runs.filter((r) => r.size >= line.size - 0.5);
    line.top = Math.min(...main.map((r) => r.top));
    line.bottom = Math.max(...main.map((r) => r.bottom));
    line.center = (line.top + line.bottom) / 2;
    line.x0 = Math.min(...line.runs.map((r) => r.x));
    line.x1 = Math.max(...line.runs.map((r) => r.x + r.width));
    line.text = line.runs.map((r) => r.text).join('');
  }
  return lines;
}

const IDEOGRAPH = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
/** Punctuation that Chinese shares with Western text, plus the CJK-only marks. */
const CJK_PUNCTUATION = /[\u00b7\u2014\u2015\u2018\u2019\u201c\u201d\u2026\u2e3a\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]/;
/** A line that is Chinese text set full-width: ideographs and CJK punctuation only. */
const FULL_WIDTH_LINE = /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u00b7\u2014\u2015\u2018\u2019\u201c\u201d\u2026\u3000-\u303f\uff01-\uff60]+$/;

function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The most common value after rounding to `step` (ties: the larger count first, then the smaller value). */
function mode(values: number[], step: number): number | null {
  if (!values.length) return null;
  const counts = new Map<number, number[]>();
  for (const v of values) {
    const k = Math.round(v / step);
    counts.set(k, [...(counts.get(k) ?? []), v]);
  }
  const best = [...counts.entries()].sort((a, b) => b[1].length - a[1].length || a[0] - b[0])[0][1];
  return best.reduce((s, v) => s + v, 0) / best.length;
}

/** The largest count that occurs at least twice (the largest when none repeats). */
function fullestCount(counts: number[]): number {
  const seen = counts.filter((c, i) => counts.indexOf(c) !== i);
  return Math.max(...(seen.length ? seen : counts));
}

/** The modern template's citation size (`.bd-citation` in modern.css), pt. */
const MODERN_CITATION_SIZE = 8.5;

/** GB/T 9704 §5.2.3: lines on a page. */
const GRID_LINES = 22;

/** A page number's form: `— n —` (any dash, spaced or not), a bare `n`, or `n / m`. */
const PAGE_NUMBER = /^(?:[—–-]\s*\d{1,4}\s*[—–-]|\d{1,4}|\d{1,4}\s*\/\s*\d{1,4})$/;
/** A citation line: it opens with a dash (——《题名》, ——同上, ——Reuters). */
const CITATION = /^\s*[—–]{1,2}/;

const squash = (t: string) => t.replace(/\s+/g, '');

/**
 * Each body line's part in the keep rules (`keep-rules.ts`), read from the page: headings where
 * the document outline points (Chromium writes a bookmark for every heading; the lines from there
 * whose text the bookmark's title holds), citations by their dash and their smaller size (4号 on the
 * GB/T grid, with the lines that continue them in that size), the 版记 below its first rule on the
 * last page. A file without bookmarks has no headings found.
 */
function keepRoles(lines: Line[], page: number, bookmarks: PdfGeometry['bookmarks'], citationSize: number, colophonTop: number | null): KeepLine['role'][] {
  const roles: KeepLine['role'][] = lines.map(() => 'text');
  for (const bm of bookmarks) {
    if (bm.page !== page || bm.top === null) continue;
    const title = squash(bm.title);
    // The first line at or below where the bookmark points (within a few lines) that begins its title.
    const below = lines.findIndex((l) => l.bottom > bm.top! + 1);
    const first = below < 0 ? -1 : lines.findIndex((l, i) => i >= below && i <= below + 3 && !!squash(l.text) && title.startsWith(squash(l.text)));
    if (first < 0 || !title) continue;
    let acc = '';
    for (let i = first; i < lines.length; i++) {
      const t = squash(lines[i].text);
      if (!t || !title.startsWith(acc + t)) break;
      acc += t;
      roles[i] = 'heading';
      if (acc.length >= title.length) break;
    }
  }
  let inCitation = false;
  lines.forEach((l, i) => {
    if (colophonTop !== null && l.top > colophonTop - mm(1)) {
      roles[i] = 'colophon';
      inCitation = false;
      return;
    }
    const small = Math.abs(l.size - citationSize) < 0.75;
    inCitation = small && roles[i] === 'text' && (CITATION.test(l.text) || inCitation);
    if (inCitation) roles[i] = 'citation';
  });
  return roles;
}

// ---------------------------------------------------------------------------
// Measures

/** Names of Chinese faces (for a face the document uses for punctuation only). */
const CHINESE_FACE_NAME = /CJK|GB|SC\b|Hei|Song|Sung|Kai|Fang|Ming|WenKai|YaHei|PingFang|Hiragino|SourceHan|Source Han|Sim|STZhong|XiaoBiao|[\u4e00-\u9fff]/i;

/**
 * Chinese punctuation in Chinese text must come from a Chinese face and be
 * full-width. A face is Chinese when it draws Chinese characters in the
 * document, or — used only for punctuation — when its name says so (an
 * unnamed Type 3 face, Chromium's form of CFF faces, is taken by its widths).
 */
function punctuation(pages: PdfPageGeometry[]): LayoutMeasures['punctuation'] {
  const cjkFonts = new Set<string>();
  const latinFonts = new Set<string>();
  for (const p of pages)
    for (const g of p.glyphs) {
      if (IDEOGRAPH.test(g.char)) cjkFonts.add(g.font);
      else if (/[A-Za-z0-9]/.test(g.char)) latinFonts.add(g.font);
    }
  const chineseFace = (font: string) => cjkFonts.has(font) || (!latinFonts.has(font) && (CHINESE_FACE_NAME.test(font) || font.startsWith('Type3:')));
  const offenders: PunctuationOffender[] = [];
  let checked = 0;
  for (const p of pages) {
    const glyphs = p.glyphs.filter((g) => g.char.trim());
    const isIdeograph = (g: PdfGlyph | undefined) => !!g && IDEOGRAPH.test(g.char);
    glyphs.forEach((g, i) => {
      if (!CJK_PUNCTUATION.test(g.char)) return;
      // In Chinese text: an ideograph within three glyphs before or after, punctuation between.
      let chinese = false;
      for (const step of [-1, 1]) {
        for (let k = i + step, n = 0; k >= 0 && k < glyphs.length && n < 3; k += step, n++) {
          if (isIdeograph(glyphs[k])) chinese = true;
          if (!CJK_PUNCTUATION.test(glyphs[k].char)) break;
        }
      }
      if (!chinese) return;
      checked++;
      if (!chineseFace(g.font)) offenders.push({ page: p.number, char: g.char, font: g.font, em: g.em, why: 'western-font' });
      else if (g.em < 0.85) offenders.push({ page: p.number, char: g.char, font: g.font, em: g.em, why: 'narrow' });
    });
  }
  return { checked, offenders };
}

/** Measures the pages of a PDF against a template's page (nominal values only decide what is body and what is margin). */
export function measureLayout(geometry: PdfGeometry, template: TemplateName): LayoutMeasures {
  const page = TEMPLATE_PAGES[template];
  const nominal = pageArea(page);
  const pages = geometry.pages;
  const first = pages[0];
  const areaTop = mm(nominal.top);
  const areaBottom = mm(nominal.top + nominal.height);

  const allLines = pages.map(linesOf);
  // Body lines: inside the page area (a little slack above for the first line's glyph box).
  const body = allLines.map((lines) => lines.filter((l) => l.center > areaTop - mm(8) && l.center < areaBottom + mm(1)));
  // The line grid is GB/T 9704's (3号 body, 4号 citations and 版记 on the same pitch); the modern
  // template sets type on proportional leading, so only its page area is measured.
  const grid = template === 'gbt9704';
  const isBodySize = (l: Line) => grid && (Math.abs(l.size - 16) < 0.75 || Math.abs(l.size - 14) < 0.75);

  // Line pitch: on every page but the first, the mean step between consecutive grid lines.
  // The first page holds the masthead, off the grid; a one-page briefing has no grid to measure.
  const gridPages = body.slice(1);
  const steps: number[] = [];
  for (const lines of gridPages) {
    const grid = lines.filter(isBodySize);
    for (let i = 1; i < grid.length; i++) steps.push(grid[i].center - grid[i - 1].center);
  }
  const rough = median(steps);
  const single = rough ? steps.filter((s) => s > rough * 0.8 && s < rough * 1.2) : [];
  const linePitch = single.length ? single.reduce((a, b) => a + b, 0) / single.length : null;

  // The top edge from the pages between the first and the last where there are any: the last may
  // hold only the 版记, at its foot.
  const topEdges = (body.length > 2 ? body.slice(1, -1) : gridPages)
    .map((lines) => lines.find(isBodySize))
    .filter((l): l is Line => !!l)
    .map((l) => l.center - (linePitch ?? 0) / 2);
  const top = linePitch ? median(topEdges) : null;

  // Each page's lines as the keep rules see them (keep-rules.ts): line boxes on the grid (the
  // pitch centred on each line), else the glyph boxes widened to tile the page (`tiledLineBoxes`). The 版记's top is known once its rules are.
  let colophonTop: number | null = null;
  const citationSize = grid ? 14 : MODERN_CITATION_SIZE;
  const boxesOf = (lines: Line[]) =>
    grid && linePitch ? lines.map((l) => ({ top: l.center - linePitch / 2, bottom: l.center + linePitch / 2 })) : tiledLineBoxes(lines);
  const keepLines = (i: number): KeepLine[] => {
    const lines = body[i] ?? [];
    const roles = keepRoles(lines, pages[i]?.number ?? 0, geometry.bookmarks, citationSize, i === body.length - 1 ? colophonTop : null);
    const boxes = boxesOf(lines);
    return lines.map((l, k) => {
      const box = boxes[k];
      return roles[k] === 'colophon' && colophonTop !== null && (k === 0 || roles[k - 1] !== 'colophon')
        ? { ...box, top: colophonTop, role: roles[k] }
        : { ...box, role: roles[k] };
    });
  };
  // Lines a full page holds. The fullest page between the first and the last shows at least
  // that many. A page can end short of the 版心's foot where a keep rule moved lines on (an
  // excerpt's last line with its citation and comment, a paragraph's two lines kept together): it would have
  // held fewer than its lines plus the kept block that opens the next page. When every page ends
  // at such a block, the grid lies between the fullest page and the least of those bounds, and is
  // taken to be the standard's 22 lines if they lie in that range.
  const innerPages = body.slice(1, -1);
  const fullest = innerPages.length ? Math.max(...innerPages.map((lines) => lines.length)) : null;
  const bound = innerPages.length
    ? Math.min(...innerPages.map((lines, i) => lines.length + (grid ? (keptOpening(keepLines(i + 2), areaBottom)?.lines ?? 1) : 1) - 1))
    : null;
  // No page full and no keep rule to explain it (a short briefing whose one middle page ends
  // where its text does): a count that only one page shows is no evidence of the grid, which is
  // then not counted; the 版心's foot is taken from the measured top and pitch (the standard's
  // 22 lines below the first), so page numbers, the 版记 and page fill are still measured.
  const shortPages =
    fullest !== null && bound !== null && grid && fullest < GRID_LINES && bound < GRID_LINES && innerPages.filter((l) => l.length === fullest).length < 2;
  const linesPerFullPage = shortPages ? null : fullest !== null && bound !== null && grid && fullest < GRID_LINES && bound >= GRID_LINES ? GRID_LINES : fullest;

  // The 版心's side edges, as a ruler finds them: the leftmost start of a body line (a wrapped
  // paragraph's second line; first lines are indented, citations and the 版记 set in), and the
  // right end most lines within an em and a half of the rightmost end reach (justified lines and the
  // right-aligned 4号 citations end on it; punctuation hanging into the margin ends a little beyond).
  const bodyLines = body.flat().filter((l) => !grid || Math.abs(l.size - 16) < 0.75);
  const edgeLines = body.flat().filter((l) => !grid || isBodySize(l));
  const maxRight = edgeLines.length ? Math.max(...edgeLines.map((l) => l.x1)) : 0;
  const reachesRight = (l: Line) => l.x1 >= maxRight - mm(l.size * 1.5 * (25.4 / 72));
  const long = edgeLines.filter(reachesRight);
  const right = mode(
    long.map((l) => l.x1),
    0.5,
  );
  // Only a line that continues a paragraph starts on the edge for sure: one right under a line that
  // reaches the right edge. A briefing whose every 16 pt line is a first line (one-line excerpts and
  // comments: all indented) shows no edge, and the standard's is taken instead of the indent.
  const continuing = body.flatMap((lines) =>
    lines.filter((l, k) => {
      const above = lines[k - 1];
      return k > 0 && bodyLines.includes(l) && bodyLines.includes(above!) && reachesRight(above!) && l.top - above!.top <= (linePitch ?? l.size * 1.5) * 1.5;
    }),
  );
  const left = continuing.length ? Math.min(...continuing.map((l) => l.x0)) : bodyLines.length && !grid ? Math.min(...bodyLines.map((l) => l.x0)) : null;
  const width = left !== null && right !== null ? right - left : null;

  // The text block's height: the grid's lines times the pitch (22 × 28.99 pt = 225 mm). Counting
  // pitches, not glyph boxes, keeps it independent of the last line's font.
  const height = top !== null && linePitch && linesPerFullPage ? linesPerFullPage * linePitch : null;
  const blockBottomFrom: LayoutMeasures['blockBottomFrom'] =
    grid && top !== null && height !== null ? 'full-page' : grid && shortPages && top !== null && linePitch ? 'line-pitch' : 'nominal';
  const blockBottom = blockBottomFrom === 'full-page' ? top! + height! : blockBottomFrom === 'line-pitch' ? top! + GRID_LINES * linePitch! : areaBottom;
  const blockLeft = left ?? mm(nominal.left);
  const blockRight = right ?? mm(nominal.left + nominal.width);

  // Characters on a full line: a line of Chinese text that ends on the right edge, counted with
  // the characters its indent leaves out (a first line indented two characters holds 26 + 2).
  // The most any two such lines hold: a line that may not end before a mark that cannot open one
  // (“长，” carried over together) is justified with a character fewer, however often it recurs.
  const fullLineCounts = bodyLines
    .filter((l) => left !== null && right !== null && Math.abs(l.x1 - right) < 2)
    .map((l) => ({ l, t: l.text.replace(/\s+/g, '') }))
    .filter(({ t }) => FULL_WIDTH_LINE.test(t))
    .map(({ l, t }) => {
      const n = [...t].length;
      const advance = (l.x1 - l.x0) / n;
      return n + Math.round((l.x0 - left!) / advance);
    });
  // And the 版心's width over the body face's character advance (that of unjustified runs of
  // Chinese text), which no line-breaking rule shortens and which a text whose every full line
  // mixes in digits or Latin (“第10段…”) still shows. The larger of the two is what a line holds.
  const advances = bodyLines.flatMap((l) =>
    l.runs
      .map((r) => ({ r, n: [...r.text.replace(/\s+/g, '')].length }))
      .filter(({ r, n }) => n >= 2 && FULL_WIDTH_LINE.test(r.text.replace(/\s+/g, '')))
      .map(({ r, n }) => r.width / n),
  );
  const advance = mode(advances, mm(0.05));
  const byAdvance = width !== null && advance ? Math.round(width / advance) : null;
  const byCount = fullLineCounts.length ? fullestCount(fullLineCounts) : null;
  const charsPerFullLine = byCount === null ? byAdvance : byAdvance === null ? byCount : Math.max(byCount, byAdvance);

  // Page numbers: by their form (“— n —”, “n”, “n / m”) and their place — below the 版心 (outside
  // it, in the band between its bottom edge and the page's), the lowest such line of the page.
  // A citation's “——” or a line of the text never stands there.
  const pageNumbers: PageNumberMeasure[] = [];
  allLines.forEach((lines, i) => {
    const band = lines.filter((l) => l.top >= Math.min(blockBottom, areaBottom) - mm(0.5) && l.bottom <= pages[i].height && l.size <= 20);
    const line = band.filter((l) => PAGE_NUMBER.test(l.text.trim())).at(-1);
    if (!line) return;
    const n = pages[i].number;
    const centre = Math.abs((line.x0 + line.x1) / 2 - (blockLeft + blockRight) / 2) < mm(5);
    const side = centre ? 'centre' : line.x1 > (blockLeft + blockRight) / 2 ? 'right' : 'left';
    pageNumbers.push({
      page: n,
      text: line.text.replace(/\s+/g, ' ').trim(),
      below: toMm(line.top - blockBottom),
      side,
      inset: toMm(side === 'right' ? blockRight - line.x1 : line.x0 - blockLeft),
      size: line.size,
    });
  });

  let colophon: ColophonMeasure | null = null;
  const lastPage = pages.at(-1);
  if (lastPage && pages.length === geometry.pageCount) {
    // GB/T 9704 rules are black; the modern template's are a light grey.
    const wide = (r: PdfRule) => r.x1 - r.x0 >= mm(nominal.width) * 0.9 && (!grid || /^#(?:[0-3][0-9a-f]){3}$/i.test(r.color));
    const rules = lastPage.rules.filter((r) => wide(r) && r.top > areaTop);
    // The 版记 / distribution block closes the page: text of the body below its last rule means these
    // rules are the text's own (section or quotation rules of a briefing without a distribution block).
    const textBelow = rules.length > 0 && body.at(-1)!.some((l) => l.top > rules.at(-1)!.bottom + mm(0.5));
    if (rules.length && !textBelow) {
      // Its first rule: up from the last, while the lines between are in the 版记's size (that of citations).
      let first = rules.length - 1;
      const between = (a: PdfRule, b: PdfRule) => body.at(-1)!.filter((l) => l.top > a.bottom && l.bottom < b.top);
      while (first > 0 && between(rules[first - 1], rules[first]).every((l) => Math.abs(l.size - citationSize) < 0.75)) first--;
      colophonTop = rules[first].top;
      colophon = {
        page: lastPage.number,
        rules: rules.map((r) => ({ top: toMm(r.top), thickness: toMm(r.bottom - r.top) })),
        lastRuleOffset: toMm(blockBottom - rules.at(-1)!.bottom),
      };
    }
  }

  const blockTop = grid && top !== null ? top : areaTop;
  const blockHeight = blockBottom - blockTop;
  const ends = body.map((lines) => {
    const last = lines.at(-1);
    return last ? (grid && linePitch ? last.center + linePitch / 2 : last.bottom) : blockTop;
  });
  const pageFill: LayoutMeasures['pageFill'] = body.map((_, i) => ({
    page: pages[i].number,
    fill: Math.max(0, Math.min(1, (ends[i] - blockTop) / blockHeight)),
  }));
  // A page may end early by less than the block the keep rules hold together at the top of the next
  // (a 版记 that does not fit below the text takes the foot of a page of its own, GB/T 9704 §7.5).
  pageFill.forEach((p, i) => {
    if (i === pageFill.length - 1 || pages[i + 1]?.number !== p.page + 1) return;
    const kept = earlyEndByRule(blockBottom - (boxesOf(body[i]).at(-1)?.bottom ?? blockTop), keepLines(i + 1), blockBottom);
    if (!kept) return;
    p.keptNext = { what: kept.what, lines: kept.lines, height: toMm(kept.height) };
    if (kept.what === 'colophon' && i === pageFill.length - 2) p.colophonPage = true;
  });

  return {
    pageCount: geometry.pageCount,
    pageSize: { width: toMm(first?.width ?? 0), height: toMm(first?.height ?? 0) },
    topMargin: top === null ? null : toMm(top),
    leftMargin: left === null ? null : toMm(left),
    textBlock: { width: width === null ? null : toMm(width), height: height === null ? null : toMm(height) },
    linePitch,
    linesPerFullPage,
    charsPerFullLine,
    blockBottomFrom,
    pageNumbers,
    colophon,
    punctuation: punctuation(pages),
    pageFill,
  };
}

// ---------------------------------------------------------------------------
// Checks

const f1 = (v: number | null | undefined, unit = ' mm') => (v === null || v === undefined ? '—' : `${v.toFixed(1)}${unit}`);
const within = (v: number | null | undefined, target: number, tol: number) => v !== null && v !== undefined && Math.abs(v - target) <= tol;

/** The block a keep rule holds together, in words (the page-fill check's report). */
const KEPT_WORDS: Record<KeptBlock['what'], string> = {
  heading: 'a heading and the lines it keeps',
  citation: "an excerpt's last lines and their citation",
  colophon: 'the 版记',
  text: "a paragraph's first two lines",
};
const KEPT_WORDS_ZH: Record<KeptBlock['what'], string> = {
  heading: '标题及其须同页的行',
  citation: '摘录的最后几行及其出处',
  colophon: '版记',
  text: '一段的前两行',
};

/** GB/T 9704 §7.5: one character of the page number's 4号 (14 pt) in from the edge. */
const ONE_CHARACTER_4HAO = toMm(14);

/** The checks of a template over measured pages; `ok` when every one passes. */
export function checkMeasures(m: LayoutMeasures, template: TemplateName): LayoutReport {
  const g = TEMPLATE_PAGES[template];
  const area = pageArea(g);
  const checks: LayoutCheck[] = [];
  // Every text in English and Chinese: a [en, zh] pair, or one string where both read the same (numbers, units).
  type Words = string | readonly [string, string];
  const en = (w: Words) => (typeof w === 'string' ? w : w[0]);
  const zh = (w: Words) => (typeof w === 'string' ? w : w[1]);
  const add = (id: string, label: Words, expected: Words, measured: Words, ok: boolean) =>
    checks.push({
      id,
      label: en(label),
      expected: en(expected),
      measured: en(measured),
      ok,
      zh: { label: zh(label), expected: zh(expected), measured: zh(measured) },
    });
  const notMeasured = (id: string, label: Words, expected: Words, why: Words) =>
    checks.push({
      id,
      label: en(label),
      expected: en(expected),
      measured: `not measured: ${en(why)}`,
      ok: true,
      notMeasured: true,
      zh: { label: zh(label), expected: zh(expected), measured: `未测量：${zh(why)}` },
    });
  const SIDE_ZH = { left: '居左', right: '居右', centre: '居中' } as const;

  add(
    'page-size',
    ['Page size (A4)', '纸张尺寸（A4）'],
    `${g.width} × ${g.height} mm ±0.5`,
    `${m.pageSize.width.toFixed(1)} × ${m.pageSize.height.toFixed(1)} mm`,
    within(m.pageSize.width, g.width, 0.5) && within(m.pageSize.height, g.height, 0.5),
  );

  // Counted on lines of Chinese text; a briefing in English has none (not a failure of the grid).
  const charsLabel = ['Characters on a full line', '整行字数'] as const;
  const charsPerLine = () =>
    m.charsPerFullLine === null
      ? notMeasured('chars-per-line', charsLabel, '28', ['no full line of Chinese text', '没有整行的中文正文'])
      : add('chars-per-line', charsLabel, '28', String(Math.round(m.charsPerFullLine)), Math.round(m.charsPerFullLine) === 28);
  const blockLabel = ['Text block (版心)', '版心'] as const;
  const linesLabel = ['Lines on a full page', '整页行数'] as const;
  // The 天头 and 订口, measured wherever the grid is (from a full page or from the line pitch).
  const margins = () => {
    add('top-margin', ['Top margin (天头)', '天头'], `${area.top} mm ±1`, f1(m.topMargin), within(m.topMargin, area.top, 1));
    add('left-margin', ['Left margin (订口)', '订口'], `${area.left} mm ±1`, f1(m.leftMargin), within(m.leftMargin, area.left, 1));
  };
  if (template === 'gbt9704' && m.linesPerFullPage === null && m.blockBottomFrom === 'line-pitch') {
    // Margins, width and characters a line measured; the lines a page holds are not (no page is full).
    const noFullPage = [
      'no page between the first and the last is full (each ends where its text does)',
      '首页和末页之间没有排满的页（每页都在文字结束处结束）',
    ] as const;
    margins();
    add(
      'text-block',
      blockLabel,
      `${area.width} × ${area.height} mm ±1`,
      [`${f1(m.textBlock.width, '')} mm wide; height not measured: ${noFullPage[0]}`, `宽 ${f1(m.textBlock.width, '')} mm；高未测量：${noFullPage[1]}`],
      within(m.textBlock.width, area.width, 1),
    );
    notMeasured('lines-per-page', linesLabel, '22', noFullPage);
    charsPerLine();
  } else if (template === 'gbt9704' && m.linesPerFullPage === null) {
    notMeasured(
      'grid',
      ['Margins, 版心 and the 22 × 28 grid', '页边距、版心和 22 × 28 版面'],
      ['measured on a page between the first and the last', '在首页和末页之间的页上测量'],
      m.pageCount < 3
        ? [
            `the file has ${m.pageCount === 1 ? 'one page' : 'two pages'}, no full page between the first and the last`,
            `文件只有${m.pageCount === 1 ? '一' : '两'}页，首页和末页之间没有整页`,
          ]
        : ['no page between the first and the last holds lines of text', '首页和末页之间没有正文行'],
    );
  } else if (template === 'gbt9704') {
    margins();
    add(
      'text-block',
      blockLabel,
      `${area.width} × ${area.height} mm ±1`,
      `${f1(m.textBlock.width, '')} × ${f1(m.textBlock.height)}`,
      within(m.textBlock.width, area.width, 1) && within(m.textBlock.height, area.height, 1),
    );
    add('lines-per-page', linesLabel, '22', m.linesPerFullPage === null ? '—' : String(m.linesPerFullPage), m.linesPerFullPage === GRID_LINES);
    charsPerLine();
  }
  if (template === 'gbt9704') {
    const numbered = m.pageNumbers.length === m.pageCount;
    const badNumber = m.pageNumbers.find(
      (p) =>
        !/^— ?\d+ ?—$/.test(p.text) ||
        Math.abs(p.size - 14) > 0.75 ||
        !within(p.below, 7, 1) ||
        p.side !== (p.page % 2 ? 'right' : 'left') ||
        !within(p.inset, ONE_CHARACTER_4HAO, 1),
    );
    const worstBelow = m.pageNumbers.reduce((w, p) => Math.max(w, Math.abs(p.below - 7)), 0);
    const inset = ONE_CHARACTER_4HAO.toFixed(1);
    add(
      'page-numbers',
      [
        'Page numbers “— n —”, 4号, 7 mm below the 版心, odd right / even left, one character in',
        '页码“— n —”，4号字，在版心下边缘以下 7 mm，单页居右、双页居左，空一字',
      ],
      [`every page; 7 mm ±1 below; ${inset} mm ±1 in`, `每页都有；版心以下 7 mm ±1；距版心边缘 ${inset} mm ±1`],
      numbered
        ? badNumber
          ? [
              `page ${badNumber.page}: “${badNumber.text}” ${badNumber.size.toFixed(1)} pt, ${badNumber.below.toFixed(1)} mm below, ${badNumber.side}, ${badNumber.inset.toFixed(1)} mm in`,
              `第 ${badNumber.page} 页：“${badNumber.text}” ${badNumber.size.toFixed(1)} pt，版心以下 ${badNumber.below.toFixed(1)} mm，${SIDE_ZH[badNumber.side]}，距边缘 ${badNumber.inset.toFixed(1)} mm`,
            ]
          : [
              `${m.pageNumbers.length} of ${m.pageCount} pages; ${(7 + worstBelow).toFixed(1)} mm at most below; ${m.pageNumbers.map((p) => p.side[0]).join('')}`,
              `${m.pageCount} 页中 ${m.pageNumbers.length} 页；版心以下至多 ${(7 + worstBelow).toFixed(1)} mm；${m.pageNumbers.map((p) => SIDE_ZH[p.side].slice(1)).join('')}`,
            ]
        : [`${m.pageNumbers.length} of ${m.pageCount} pages numbered`, `${m.pageCount} 页中 ${m.pageNumbers.length} 页有页码`],
      numbered && !badNumber,
    );
  }

  if (m.colophon) {
    const rules = m.colophon.rules;
    const thick = (t: number) => within(t, 0.35, 0.1);
    const thin = (t: number) => within(t, 0.25, 0.1);
    const gb = template === 'gbt9704';
    const thicknessOk =
      !gb || (rules.length >= 2 && thick(rules[0].thickness) && thick(rules.at(-1)!.thickness) && rules.slice(1, -1).every((r) => thin(r.thickness)));
    const thicknesses = rules.map((r) => r.thickness.toFixed(2)).join(' / ');
    const lastOffset = m.colophon.lastRuleOffset.toFixed(2);
    add(
      'colophon',
      gb
        ? ['版记 rules on the last page, the last on the bottom edge of the 版心', '末页的版记分隔线，最后一条在版心下边缘']
        : ['Distribution block at the foot of the last page', '末页底部的分送栏'],
      gb
        ? ['0.35 / 0.25 … / 0.35 mm; last rule 0 mm ±0.5 from the bottom edge', '0.35 / 0.25 … / 0.35 mm；最后一条距版心下边缘 0 mm ±0.5']
        : ['last rule 0 mm ±0.5 from the bottom edge', '最后一条距下边缘 0 mm ±0.5'],
      [
        `${thicknesses} mm on page ${m.colophon.page}; last rule ${lastOffset} mm from the edge`,
        `第 ${m.colophon.page} 页 ${thicknesses} mm；最后一条距边缘 ${lastOffset} mm`,
      ],
      thicknessOk && within(m.colophon.lastRuleOffset, 0, 0.5),
    );
  }

  const off = m.punctuation.offenders;
  const punctuationLabel = ['Chinese punctuation full-width, in a Chinese font', '中文标点为全角，用中文字体'] as const;
  const everyMark = ['every mark', '每个标点'] as const;
  if (m.punctuation.checked === 0) notMeasured('cjk-punctuation', punctuationLabel, everyMark, ['the text has no Chinese punctuation', '正文中没有中文标点']);
  else
    add(
      'cjk-punctuation',
      punctuationLabel,
      everyMark,
      off.length
        ? [
            `${off.length} of ${m.punctuation.checked} not: ${off
              .slice(0, 3)
              .map((o) => `“${o.char}” on page ${o.page} in ${o.font}${o.why === 'narrow' ? ` (${o.em.toFixed(2)} em)` : ''}`)
              .join(', ')}`,
            `${m.punctuation.checked} 个中有 ${off.length} 个不是：${off
              .slice(0, 3)
              .map((o) => `第 ${o.page} 页的“${o.char}”，字体 ${o.font}${o.why === 'narrow' ? `（${o.em.toFixed(2)} em）` : ''}`)
              .join('；')}`,
          ]
        : [`${m.punctuation.checked} checked`, `已检查 ${m.punctuation.checked} 个`],
      off.length === 0,
    );

  // A page that ends early by the keep rules (the block opening the next page could not stand at its foot) is not underfull.
  const underfull = m.pageFill.slice(0, -1).filter((p) => p.fill < 0.8 && !p.keptNext && !p.colophonPage);
  const excused = m.pageFill.slice(0, -1).filter((p) => p.fill < 0.8 && (p.keptNext || p.colophonPage));
  const pct = (p: { fill: number }) => `${Math.round(p.fill * 100)}%`;
  const why = (p: LayoutMeasures['pageFill'][number]): readonly [string, string] =>
    p.colophonPage || p.keptNext?.what === 'colophon'
      ? ['the 版记 did not fit below its text and has the next page (版记页)', '版记排不下，另占下一页（版记页）']
      : [
          `the next page opens with ${KEPT_WORDS[p.keptNext!.what]} (${p.keptNext!.lines} lines, ${p.keptNext!.height.toFixed(1)} mm), which did not fit below its text`,
          `下一页开头是${KEPT_WORDS_ZH[p.keptNext!.what]}（${p.keptNext!.lines} 行，${p.keptNext!.height.toFixed(1)} mm），排不进这一页的余下空间`,
        ];
  const excusedNote = excused.length
    ? [
        `; ${excused.map((p) => `page ${p.page}: ${pct(p)}, ${why(p)[0]}`).join('; ')}`,
        `；${excused.map((p) => `第 ${p.page} 页：${pct(p)}，${why(p)[1]}`).join('；')}`,
      ]
    : ['', ''];
  const fillLabel = ['Pages before the last at least 80% full', '末页之前的各页至少排满 80%'] as const;
  if (m.pageFill.length <= 1) notMeasured('page-fill', fillLabel, '≥ 80%', ['the file has one page', '文件只有一页']);
  else {
    const lowest = `${Math.round(Math.min(...m.pageFill.slice(0, -1).map((p) => p.fill)) * 100)}%`;
    add(
      'page-fill',
      fillLabel,
      '≥ 80%',
      underfull.length
        ? [
            underfull.map((p) => `page ${p.page}: ${pct(p)}`).join(', ') + excusedNote[0],
            underfull.map((p) => `第 ${p.page} 页：${pct(p)}`).join('，') + excusedNote[1],
          ]
        : excused.length
          ? [`every other page ≥ 80%${excusedNote[0]}`, `其余各页 ≥ 80%${excusedNote[1]}`]
          : [`lowest ${lowest}`, `最低 ${lowest}`],
      underfull.length === 0,
    );
  }

  return { template, measures: m, checks, ok: checks.every((c) => c.ok) };
}

/**
 * The template a briefing PDF was made with, read from its pages: the median size of its text by
 * characters (GB/T 9704's 3号, 16 pt, against the modern template's 10.5–11.5 pt) and how far in its
 * lines start (the 28 mm 订口 against 22 mm). Null when the pages hold no text to tell by.
 * (Chromium writes no keywords or subject into a PDF, so the file cannot simply name its template.)
 */
export function detectTemplate(geometry: PdfGeometry): TemplateName | null {
  // Text between the top and bottom margins both templates leave (page numbers and running feet below).
  const runs = geometry.pages.flatMap((p) => p.runs).filter((r) => r.text.trim() && r.baseline > mm(20) && r.baseline < mm(297 - 36));
  if (!runs.length) return null;
  // The median size by characters set, and the leftmost start of a line.
  const sized = runs.map((r) => ({ size: r.size, n: [...r.text.trim()].length })).sort((a, b) => a.size - b.size);
  const half = sized.reduce((t, r) => t + r.n, 0) / 2;
  let seen = 0;
  const size = sized.find((r) => (seen += r.n) >= half)!.size;
  const left = toMm(Math.min(...runs.map((r) => r.x)));
  const score = (t: TemplateName) => Math.abs(size - (t === 'gbt9704' ? 16 : 10.75)) / 4 + Math.abs(left - TEMPLATE_PAGES[t].margin.left) / 3;
  return score('gbt9704') <= score('modern') ? 'gbt9704' : 'modern';
}

/**
 * Reads a PDF and checks it against a template's layout: the one named, else the one its pages show
 * it was made with (`detectTemplate`), else GB/T 9704. Throws a BdError naming `fileName` when it is not a readable PDF.
 */
export async function checkPdfLayout(bytes: Uint8Array, options: { template?: TemplateName; fileName?: string } = {}): Promise<LayoutReport> {
  const geometry = await readPdfGeometry(bytes, { fileName: options.fileName, outline: true });
  const template = options.template ?? detectTemplate(geometry) ?? 'gbt9704';
  const report = checkMeasures(measureLayout(geometry, template), template);
  return { ...report, templateFrom: options.template ? 'option' : 'layout' };
}
