/**
 * Highlight segments: the article's blocks cut at every highlight boundary,
 * so overlapping and nested highlights can be painted as flat runs of text.
 * Each segment carries the ids of every highlight that covers it, innermost
 * (shortest) first — that one wins a click, the others still show through
 * as blended colour.
 *
 * Pure and DOM-free. One sweep over the sorted boundaries: O(m log m) for m
 * highlights plus the size of the output (a segment lists all its covering
 * ids, which is what the renderer needs anyway), then one linear merge with
 * the blocks.
 */

export interface Span {
  id: string;
  /** Offsets into the canonical article text; `end` is exclusive. */
  start: number;
  end: number;
  /** Tie-break between highlights of the same length: the newer one is "inner" (ISO timestamp). */
  created?: string;
}

export interface Segment {
  start: number;
  end: number;
  /** Covering highlight ids, innermost (shortest) first; empty for plain text. */
  ids: string[];
}

export interface Range {
  start: number;
  end: number;
}

/** Orders covering highlights innermost first: shorter, then starting later, then newer, then by id. */
export function compareInnermost(a: Span, b: Span): number {
  return (
    a.end - a.start - (b.end - b.start) || b.start - a.start || (b.created ?? '').localeCompare(a.created ?? '') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/**
 * The highlighted runs of the whole text, in order, each with its covering
 * ids. Runs nobody covers are left out. Empty or inverted spans are ignored.
 */
export function highlightRuns(spans: readonly Span[]): Segment[] {
  const valid = spans.filter((s) => Number.isFinite(s.start) && Number.isFinite(s.end) && s.end > s.start);
  if (valid.length === 0) return [];
  const points = [...new Set(valid.flatMap((s) => [s.start, s.end]))].sort((a, b) => a - b);
  const byStart = [...valid].sort((a, b) => a.start - b.start);
  const active = new Map<string, Span>();
  // Ends are handled lazily: a span whose end has passed is dropped when met.
  const byEnd = [...valid].sort((a, b) => a.end - b.end);
  const runs: Segment[] = [];
  let s = 0;
  let e = 0;
  for (let i = 0; i < points.length - 1; i++) {
    const at = points[i];
    while (e < byEnd.length && byEnd[e].end <= at) {
      const span = byEnd[e++];
      if (active.get(span.id) === span) active.delete(span.id);
    }
    while (s < byStart.length && byStart[s].start <= at) {
      const span = byStart[s++];
      if (span.end > at) active.set(span.id, span);
    }
    if (active.size === 0) continue;
    const ids = [...active.values()].sort(compareInnermost).map((x) => x.id);
    runs.push({ start: at, end: points[i + 1], ids });
  }
  return runs;
}

/**
 * Cuts each block into segments: the highlighted runs clipped to the block
 * and the plain text between them. Blocks must be in text order and must not
 * overlap (as an article's blocks are). Returns one list per block, in the
 * blocks' order; every block's segments tile it exactly.
 */
export function blockSegments(blocks: readonly Range[], spans: readonly Span[]): Segment[][] {
  const runs = highlightRuns(spans);
  const out: Segment[][] = [];
  let j = 0;
  for (const block of blocks) {
    const list: Segment[] = [];
    while (j < runs.length && runs[j].end <= block.start) j++;
    let cursor = block.start;
    for (let k = j; k < runs.length && runs[k].start < block.end; k++) {
      const from = Math.max(runs[k].start, block.start);
      const to = Math.min(runs[k].end, block.end);
      if (from > cursor) list.push({ start: cursor, end: from, ids: [] });
      if (to > from) list.push({ start: from, end: to, ids: runs[k].ids });
      cursor = Math.max(cursor, to);
    }
    if (cursor < block.end) list.push({ start: cursor, end: block.end, ids: [] });
    out.push(list);
  }
  return out;
}

/** Does [a.start, a.end) share at least one character with [b.start, b.end)? */
export function intersects(a: Range, b: Range): boolean {
  return a.start < b.end && b.start < a.end;
}
