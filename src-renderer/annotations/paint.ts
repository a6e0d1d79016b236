/**
 * From annotations to what each block paints: the block's segments with the
 * colours of their covering highlights, whether a note ends there, and a
 * transient "focus" range (a search hit, a briefing item's source). The
 * result for a block keeps its identity while its painting is unchanged, so
 * memoised block components skip re-rendering: adding one highlight re-renders
 * only the blocks it touches.
 */
import type { Annotation } from '../../src-main/common/annotation';
import type { Block, ColorKey } from '../../src-main/common/model';
import { blockSegments, type Span } from './segments';
import { rangeOf } from './annotation-list';

/** The pseudo-highlight id of the focus range; never an annotation id (those match /^[a-z0-9]/). */
export const FOCUS_ID = '~focus';

export interface PaintedSegment {
  start: number;
  end: number;
  /** Covering annotation ids, innermost first. */
  ids: string[];
  /** Their colours, same order. */
  colors: ColorKey[];
  /** A highlight with a note ends here (draws the note marker). */
  noteEnd: boolean;
  /** Inside the focus range. */
  focus: boolean;
}

export type PaintCache = Map<number, { sig: string; segments: PaintedSegment[] }>;

function signature(segments: PaintedSegment[]): string {
  let sig = '';
  for (const s of segments) sig += `${s.start},${s.end},${s.ids.join(' ')},${s.colors.join(' ')},${+s.noteEnd}${+s.focus}|`;
  return sig;
}

/**
 * Painted segments for every block (same order as `blocks`). Orphans are not
 * painted. `cache` (per article) is read and updated so unchanged blocks get
 * back the very same array.
 */
export function paintBlocks(
  blocks: readonly Block[],
  annotations: readonly Annotation[],
  focus: { start: number; end: number } | null,
  cache: PaintCache,
): PaintedSegment[][] {
  const byId = new Map<string, Annotation>();
  const spans: Span[] = [];
  for (const a of annotations) {
    if (a.orphan) continue;
    byId.set(a.id, a);
    spans.push({ id: a.id, ...rangeOf(a), created: a.created });
  }
  if (focus && focus.end > focus.start) spans.push({ id: FOCUS_ID, start: focus.start, end: focus.end });
  const perBlock = blockSegments(blocks, spans);
  return perBlock.map((segments, index) => {
    const painted: PaintedSegment[] = segments.map((seg) => {
      const ids: string[] = [];
      const colors: ColorKey[] = [];
      let noteEnd = false;
      let inFocus = false;
      for (const id of seg.ids) {
        if (id === FOCUS_ID) {
          inFocus = true;
          continue;
        }
        const a = byId.get(id)!;
        ids.push(id);
        colors.push(a.color);
        if (a.note.trim() && rangeOf(a).end === seg.end) noteEnd = true;
      }
      return { start: seg.start, end: seg.end, ids, colors, noteEnd, focus: inFocus };
    });
    const sig = signature(painted);
    const cached = cache.get(index);
    if (cached && cached.sig === sig) return cached.segments;
    cache.set(index, { sig, segments: painted });
    return painted;
  });
}

/** Index of the block containing `offset` (binary search over ordered blocks), or -1. */
export function blockIndexAt(blocks: readonly Block[], offset: number): number {
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (offset < blocks[mid].start) hi = mid - 1;
    else if (offset >= blocks[mid].end) lo = mid + 1;
    else return mid;
  }
  return -1;
}
