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

export const HighlightedText = memo(function HighlightedText({ text, offset, segments, selectedId, tabStopId, tabStopStart }: HighlightedTextProps) {
  const out: ReactNode[] = [];
  for (const seg of segments) {
    const slice = text.slice(seg.start - offset, seg.end - offset);
    if (seg.ids.length === 0) {
      out.push(seg.focus ? <mark key={seg.start} className="hl-focus" data-focus="">{slice}</mark> : slice);
      continue;
    }
    const classes = ['hl', `hl-${seg.colors[0]}`];
    if (seg.ids.length > 1) classes.push('hl-overlap');
    if (selectedId && seg.ids.includes(selectedId)) classes.push('hl-selected');
    if (seg.noteEnd) classes.push('hl-note-end');
    if (seg.focus) classes.push('hl-focus');
    const isTabStop = tabStopId !== null && seg.start === tabStopStart && seg.ids.includes(tabStopId);
    out.push(
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
      </mark>,
    );
  }
  return <>{out}</>;
});
