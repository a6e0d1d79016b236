/**
 * Focus asked for by the app (a search hit, a briefing item's source): a
 * highlight is scrolled to and selected (an orphan is shown in the panel); a
 * plain range is marked and scrolled to. Also marks `bd:article-painted`
 * once the article is first drawn with its highlights (for the benchmarks).
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { AnnotationSession, AnnotationSnapshot, TextRange } from '../annotations/annotation-session';

/** Where the reader should scroll to and mark, e.g. a search hit or a briefing item's source. */
export interface ReaderFocus {
  start: number;
  end: number;
  annotationId?: string;
}

export function useReaderFocus(
  focus: ReaderFocus | null,
  session: AnnotationSession,
  snapshot: AnnotationSnapshot,
  options: { body(): HTMLElement | null; show(id: string): void; openPanel(): void },
): TextRange | null {
  const [focusRange, setFocusRange] = useState<TextRange | null>(null);
  const handled = useRef<ReaderFocus | null>(null);
  const { loaded, byId } = snapshot;
  const { body, show, openPanel } = options;

  useEffect(() => {
    if (!focus || handled.current === focus) {
      if (!focus) setFocusRange(null);
      return;
    }
    if (focus.annotationId) {
      if (!loaded) return;
      handled.current = focus;
      const target = byId.get(focus.annotationId);
      if (target && !target.orphan) {
        requestAnimationFrame(() => show(target.id));
        return;
      }
      if (target?.orphan) {
        openPanel();
        session.select(target.id);
        return;
      }
    }
    handled.current = focus;
    if (focus.end > focus.start) setFocusRange({ start: focus.start, end: focus.end });
  }, [focus, loaded, byId, show, openPanel, session]);

  useEffect(() => {
    if (!focusRange) return;
    body()?.querySelector<HTMLElement>('mark[data-focus], mark.hl-focus')?.scrollIntoView?.({ block: 'center' });
  }, [focusRange, body]);

  // Performance mark after the first paint with highlights.
  const paintedMark = useRef(false);
  const { article, placed } = snapshot;
  useLayoutEffect(() => {
    if (paintedMark.current || !loaded) return;
    paintedMark.current = true;
    const detail = { articleId: article.id, chars: article.text.length, highlights: placed.length };
    requestAnimationFrame(() => setTimeout(() => performance.mark('bd:article-painted', { detail }), 0));
  }, [loaded, article.id, article.text.length, placed.length]);

  return focusRange;
}
