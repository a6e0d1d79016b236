/**
 * The exporter's keep rules, as a reader of the printed pages meets them: which block at the top
 * of a page could not have been split, so that the page before it may end early by less than
 * that block's height. One definition for `briefing check` (`layout-check.ts`, lines read with
 * pdfjs) and the pagination tests (`pagination.test.ts`, lines read with poppler), after the
 * print stylesheets (`resources/templates/*.css`, "Pagination" in their README):
 *
 * - a heading keeps the two lines after it (`break-after: avoid`, orphans 2); where those lines
 *   reach a citation, or a citation follows them, the citation comes along whole, since it stays
 *   with its excerpt's last lines (`break-before: avoid`): heading lines, two lines, the citation;
 * - a citation stays with its excerpt's last lines (widows 2): an excerpt of up to three lines
 *   cannot be split at all (two lines on each side), so up to three lines of text and the
 *   citation below them open a page together;
 * - the comment (按) follows its citation and is kept with nothing: it opens a page as any
 *   paragraph does, its first two lines together (orphans 2);
 * - the 版记 never splits and drags nothing along: on a page of its own (GB/T 9704 §7.5 版记页) it
 *   stands at the foot, and the block is from its first rule to the foot of the 版心.
 *
 * A page that ends early by less than the block that opens the next page ends where the rules
 * put its end; one that ends earlier (the block would have fitted) is left short for nothing.
 *
 * Lengths are PostScript points measured down from the top of the page; a line's `top` and
 * `bottom` are its box (the line box on a grid, else the glyph box; the leading between the first
 * two lines is added to a block of glyph boxes, so both measure the same).
 */

/** What a printed line is, as far as the keep rules care. */
export type KeepRole = 'heading' | 'citation' | 'colophon' | 'text';

export interface KeepLine {
  /** Top and bottom of the line, pt from the top of the page. For `colophon`, `top` is the top of its first rule. */
  top: number;
  bottom: number;
  role: KeepRole;
}

/** The block that opens a page and could not have been split. */
export interface KeptBlock {
  /** What it is: a heading with its lines, an excerpt's last lines with their citation, the 版记, or a paragraph's first two lines. */
  what: 'heading' | 'citation' | 'colophon' | 'text';
  /** Lines of the page it takes (the 版记: its lines). */
  lines: number;
  /** Its height, pt. */
  height: number;
}

/** An excerpt this long (lines) or shorter cannot be split with two lines on each side of the break. */
const UNSPLITTABLE = 3;

/**
 * The block the keep rules hold together at the top of a page, whose lines are `lines` (top to
 * bottom); `pageBottom` is the foot of the 版心 (pt), which the 版记 ends on. Null for an empty page.
 */
export function keptOpening(lines: readonly KeepLine[], pageBottom: number): KeptBlock | null {
  if (!lines.length) return null;
  const height = (n: number) => {
    const last = lines[Math.min(n, lines.length) - 1];
    const leading = lines.length > 1 ? Math.max(0, lines[1].top - lines[0].bottom) : 0;
    return last.bottom - lines[0].top + leading;
  };
  const citationEnd = (from: number) => {
    let k = from;
    while (k < lines.length && lines[k].role === 'citation') k++;
    return k;
  };
  if (lines[0].role === 'colophon') {
    let n = 1;
    while (n < lines.length && lines[n].role === 'colophon') n++;
    return { what: 'colophon', lines: n, height: pageBottom - lines[0].top };
  }
  if (lines[0].role === 'heading') {
    let h = 1;
    while (h < lines.length && lines[h].role === 'heading') h++;
    let k = Math.min(lines.length, h + 2);
    // A citation among or right after the two lines comes whole, with them.
    const firstCitation = lines.slice(h, k + 1).findIndex((l) => l.role === 'citation');
    if (firstCitation >= 0) k = citationEnd(h + firstCitation);
    return { what: 'heading', lines: k, height: height(k) };
  }
  const citation = lines.slice(0, UNSPLITTABLE + 1).findIndex((l) => l.role === 'citation');
  if (citation >= 0 && lines.slice(0, citation).every((l) => l.role === 'text')) {
    const k = citationEnd(citation);
    return { what: 'citation', lines: k, height: height(k) };
  }
  const n = Math.min(2, lines.length);
  return { what: 'text', lines: n, height: height(n) };
}

/** Slack (pt) for rounding in the measures: a block this much taller than the room left would still have fitted. */
const FIT_SLACK = 1;

/**
 * Whether a page that leaves `room` pt below its last line (to the foot of the 版心) ends there by
 * the keep rules: the block opening the next page (`next`, its lines) is taller than the room, so
 * it could not have stood at this page's foot. Returns that block, or null when the page was left
 * short for nothing (the block would have fitted, or nothing follows).
 */
export function earlyEndByRule(room: number, next: readonly KeepLine[], pageBottom: number): KeptBlock | null {
  const block = keptOpening(next, pageBottom);
  return block && block.height > room + FIT_SLACK ? block : null;
}

/**
 * The line boxes of a page's lines read as glyph boxes (`pdftotext -bbox`, pdfjs runs), where no
 * grid gives them: the lines tile the page, each reaching halfway to its neighbours' centres (the
 * first as far above its centre as it reaches below, the last as far below as it reaches above), so
 * a line's box holds its leading as the printed line box does, whatever the glyphs' own heights.
 * Returns one `{ top, bottom }` a line, pt.
 */
export function tiledLineBoxes(lines: readonly { top: number; bottom: number }[]): { top: number; bottom: number }[] {
  const centre = lines.map((l) => (l.top + l.bottom) / 2);
  return lines.map((l, i) => {
    if (lines.length === 1) return { top: l.top, bottom: l.bottom };
    const up = i > 0 ? (centre[i] - centre[i - 1]) / 2 : (centre[1] - centre[0]) / 2;
    const down = i < lines.length - 1 ? (centre[i + 1] - centre[i]) / 2 : (centre[i] - centre[i - 1]) / 2;
    return { top: centre[i] - up, bottom: centre[i] + down };
  });
}
