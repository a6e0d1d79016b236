/**
 * Where a briefing's title may break, and the lines it is set in: one rule for the PDF (HTML
 * title, `core/export/html.ts`) and the Word file (`core/export/docx.ts`), so both break a long
 * Chinese title at the same places. Word and LibreOffice break Chinese between any two characters
 * (新|能源, inside 《…》); Chromium with `word-break: keep-all` breaks only where it is told to.
 *
 * A title may break (all offsets in UTF-16 units of the title):
 * - between words found by ICU's word segmenter (`Intl.Segmenter`, zh), where a word of one
 *   ideograph is held to its neighbour — to the word before it when it is a particle or a unit
 *   after a number (…发展的, 2025年, 55万亿元), else to the word after it (新能源, 各地区) — so no line
 *   ends or starts inside a compound the segmenter split;
 * - never inside a book title 《…》 (〈…〉 within it) that fits on a line, nor before a closing mark
 *   (，。、；：？！”’》〉）】」』) or after an opening one (《〈（(“‘「『【) — GB/T 15834's rule that
 *   such marks stay with their text;
 * - between Latin words after their space.
 * Widths are estimated in em (full-width characters 1, others ½), which is exact for CJK text
 * set without tracking, as both titles are.
 */

/** Closing marks a line may not start with. */
const CLOSES = /^[，。、；：？！”’》〉）)】」』…—]/;
/** Opening marks a line may not end with. */
const OPENS = /[《〈（(“‘「『【]$/;
/** One-ideograph words that belong to the word before them. */
const PARTICLE = /^[的之等们了着过地得者性化式型类]$/;
/** Units and measure words, held to the number before them. */
const UNIT = /^[年月日号期届次个项家亿万千百元件台座条款章节倍]$/;
const IDEOGRAPH = /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]$/;

/** Estimated width in em: full-width (CJK) characters 1, others ½. */
export function widthEm(text: string): number {
  let em = 0;
  for (const ch of text)
    em += /[\u1100-\u11ff\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u2014\u2026\u201c\u201d\u2018\u2019]/.test(ch)
      ? 1
      : 0.5;
  return em;
}

/** The spans of book titles 《…》 and the 〈…〉 / 《…》 nested in them, at every depth, as [open, close] offsets. */
function bookTitleSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  const open: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '《' || (ch === '〈' && open.length > 0)) open.push(i);
    else if ((ch === '》' || ch === '〉') && open.length > 0) spans.push([open.pop()!, i]);
  }
  return spans;
}

/**
 * The offsets where a line of `title` may break (each the start of the next line's text), in
 * order, excluding 0 and the end. Breaks inside a book title (or one nested in it) are left out
 * when that book title is at most `maxEm` wide (a longer one breaks between its words).
 */
export function titleBreaks(title: string, maxEm = Infinity): number[] {
  if (typeof Intl.Segmenter !== 'function') return [];
  const segments = [...new Intl.Segmenter('zh', { granularity: 'word' }).segment(title)];
  const breaks = new Set<number>();
  const single = (t: string) => IDEOGRAPH.test(t);
  segments.forEach((seg, i) => {
    if (i === 0) return;
    const before = segments[i - 1].segment;
    const text = seg.segment;
    // Before a word or an opening mark only: a space or a closing mark stays with what precedes it.
    if (!seg.isWordLike && !/^[《〈（(“‘「『【]/.test(text)) return;
    if (OPENS.test(before) || CLOSES.test(text)) return;
    // A number with its unit or what it counts (55万亿元, 2025年); one Latin word.
    if (/[0-9０-９]$/.test(before)) return;
    if (/^[A-Za-z0-9]/.test(text) && /[^\s\u3000-\u9fff\uff00-\uffef]$/.test(before)) return;
    // A word of one ideograph is held to a neighbour: a particle or unit to the word before, any other to the word after it
    // (not across an opening mark: 印发|〈…〉).
    if (single(text) && (PARTICLE.test(text) || UNIT.test(text))) return;
    if (single(before) && !PARTICLE.test(before) && !UNIT.test(before) && seg.isWordLike) return;
    breaks.add(seg.index);
  });
  for (const [open, close] of bookTitleSpans(title)) {
    if (widthEm(title.slice(open, close + 1)) > maxEm) continue;
    for (const at of [...breaks]) if (at > open && at <= close) breaks.delete(at);
  }
  return [...breaks].sort((a, b) => a - b);
}

/**
 * The title in lines no wider than `maxEm` (estimated, `widthEm`), as few as it fits in and as even
 * as the legal breaks (`titleBreaks`) allow: the break points minimising the sum of squared
 * differences from the mean line width. One line when it fits, or when no legal break gives
 * lines that fit (the renderer then wraps it as it can).
 */
export function titleLines(title: string, maxEm: number): string[] {
  const total = widthEm(title);
  if (total <= maxEm) return [title];
  const points = [0, ...titleBreaks(title, maxEm), title.length];
  const width = (a: number, b: number) => widthEm(title.slice(a, b).trimEnd());
  // best[j]: the least cost of setting title[0, points[j]) in k lines, for the fewest k that fits.
  for (let lines = Math.ceil(total / maxEm); lines <= points.length - 1; lines++) {
    const target = total / lines;
    let cost: number[] = points.map((_, j) => (j === 0 ? 0 : Infinity));
    const from: number[][] = [];
    for (let k = 1; k <= lines; k++) {
      const next = points.map(() => Infinity);
      from[k] = points.map(() => -1);
      for (let j = 1; j < points.length; j++)
        for (let i = 0; i < j; i++) {
          if (cost[i] === Infinity) continue;
          const w = width(points[i], points[j]);
          if (w > maxEm) continue;
          const c = cost[i] + (w - target) ** 2;
          if (c < next[j]) {
            next[j] = c;
            from[k][j] = i;
          }
        }
      cost = next;
    }
    if (cost[points.length - 1] === Infinity) continue;
    const out: string[] = [];
    for (let k = lines, j = points.length - 1; k >= 1; k--) {
      const i = from[k][j];
      out.unshift(title.slice(points[i], points[j]));
      j = i;
    }
    return out.map((l) => l.trimEnd());
  }
  return [title];
}
