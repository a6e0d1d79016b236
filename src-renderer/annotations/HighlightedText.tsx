/**
 * One block's text with its highlights painted in: a flat run of segments,
 * each highlighted one a <mark> carrying every covering highlight id
 * (`data-ids`, innermost first) and the innermost one as
 * `data-annotation-id` (it wins a click). Overlaps blend: the innermost colour
 * is the background, outer ones are stacked as translucent layers over it,
 * and the innermost colour underlines the run.
 *
 * Memoised: it re-renders only when its segments (identity-stable, see
 * paint.ts), its text, or the selected / tab-stop highlight inside it change.
 */
import { memo, type CSSProperties, type ReactNode } from 'react';
import type { Mark } from '../../src-main/common/model';
import type { PaintedSegment } from './paint';

/** Outer layers drawn at most; deeper nesting looks the same as this. */
const MAX_LAYERS = 3;

export interface HighlightedTextProps {
  text: string;
  /** Canonical offset of `text[0]`. */
  offset: number;
  segments: PaintedSegment[];
  /** The selected highlight, if it shows in this block. */
  selectedId: string | null;
  /** The highlight that takes the Tab stop (roving tabindex), if its first segment is in this block. */
  tabStopId: string | null;
  /** Start offset of that highlight. */
  tabStopStart: number;
  /** Inline marks (bold, emphasis, links) inside `text`, canonical offsets. */
  marks?: readonly Mark[];
}

/** Wraps a run of text in the inline marks that cover it: link outermost, then bold, then italics. */
function withMarks(node: ReactNode, start: number, end: number, marks: readonly Mark[], key: number): ReactNode {
  let out = node;
  const covering = marks.filter((m) => m.start <= start && m.end >= end);
  if (covering.some((m) => m.kind === 'emphasis')) out = <em key={key}>{out}</em>;
  if (covering.some((m) => m.kind === 'strong')) out = <strong key={key}>{out}</strong>;
  const link = covering.find((m) => m.kind === 'link' && m.href);
  if (link) {
    out = (
      <a key={key} className="art-link" href={link.href} target="_blank" rel="noopener noreferrer">
        {out}
      </a>
    );
  }
  return out;
}

function layers(colors: string[]): CSSProperties | undefined {
  if (colors.length < 2) return undefined;
  return {
    backgroundImage: colors
      .slice(1, 1 + MAX_LAYERS)
      .map((c) => `linear-gradient(var(--hl-${c}), var(--hl-${c}))`)
      .join(', '),
  };
}

export const HighlightedText = memo(function HighlightedText({
  text,
  offset,
  segments: painted,
  selectedId,
  tabStopId,
  tabStopStart,
  marks = [],
}: HighlightedTextProps) {
  const renderSegment = (seg: PaintedSegment, slice: string): ReactNode => {
    if (seg.ids.length === 0) {
      return seg.focus ? (
        <mark key={seg.start} className="hl-focus" data-focus="">
          {slice}
        </mark>
      ) : (
        slice
      );
    }
    const classes = ['hl', `hl-${seg.colors[0]}`];
    if (seg.ids.length > 1) classes.push('hl-overlap');
    if (selectedId && seg.ids.includes(selectedId)) classes.push('hl-selected');
    if (seg.noteEnd) classes.push('hl-note-end');
    if (seg.focus) classes.push('hl-focus');
    const isTabStop = tabStopId !== null && seg.start === tabStopStart && seg.ids.includes(tabStopId);
    return (
      <mark
        key={seg.start}
        className={classes.join(' ')}
        data-annotation-id={seg.ids[0]}
        data-ids={seg.ids.join(' ')}
        data-depth={seg.ids.length}
        tabIndex={isTabStop ? 0 : -1}
        style={layers(seg.colors)}
      >
        {slice}
      </mark>
    );
  };

  const out: ReactNode[] = [];
  const end = offset + text.length;
  // Segments clipped to this text (a table cell draws part of its block), and cut where marks begin or end.
  const cuts = [...new Set(marks.flatMap((m) => [m.start, m.end]).filter((c) => c > offset && c < end))].sort((a, b) => a - b);
  const segments: PaintedSegment[] = [];
  for (const s of painted) {
    if (s.end <= offset || s.start >= end) continue;
    let from = Math.max(offset, s.start);
    const to = Math.min(end, s.end);
    for (const c of cuts) {
      if (c > from && c < to) {
        segments.push({ ...s, start: from, end: c, noteEnd: false });
        from = c;
      }
    }
    segments.push({ ...s, start: from, end: to, noteEnd: s.noteEnd && to === s.end });
  }
  for (const seg of segments) {
    const slice = text.slice(seg.start - offset, seg.end - offset);
    const node = renderSegment(seg, slice);
    out.push(marks.length ? withMarks(node, seg.start, seg.end, marks, seg.start) : node);
  }
  return <>{out}</>;
});
