/**
 * The reader's DOM handles and the selection toolbar's state: the scroll
 * area, the text column, the article body, where a highlight's first mark is,
 * and the toolbar (for a text selection or for a highlight) with its position.
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import type { ToolbarPosition } from '../annotations/SelectionToolbar';
import { clientRects, marksOf, toolbarPosition } from './reader-dom';

export interface ToolbarState {
  mode: 'selection' | 'highlight';
  position: ToolbarPosition;
}

export interface ReaderDom {
  mainRef: React.RefObject<HTMLElement | null>;
  scrollRef: React.RefObject<HTMLDivElement | null>;
  measureRef: React.RefObject<HTMLDivElement | null>;
  body(): HTMLElement | null;
  firstMark(id: string): HTMLElement | null;
  /** Toolbar position for these line boxes; null before the view is mounted. */
  anchorAt(rects: DOMRect[]): ToolbarPosition | null;
  toolbar: ToolbarState | null;
  setToolbar: React.Dispatch<React.SetStateAction<ToolbarState | null>>;
  /** Shows the highlight toolbar at highlight `id` (at `mark` when given). */
  showHighlightToolbar(id: string, mark?: HTMLElement | null): void;
}

export function useReaderDom(): ReaderDom {
  const mainRef = useRef<HTMLElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const measureRef = useRef<HTMLDivElement>(null);
  const [toolbar, setToolbar] = useState<ToolbarState | null>(null);
  const body = useCallback(() => measureRef.current?.querySelector<HTMLElement>('article.article-body') ?? null, []);
  const firstMark = useCallback((id: string) => marksOf(body(), id)[0] ?? null, [body]);
  const anchorAt = useCallback((rects: DOMRect[]) => {
    const measure = measureRef.current;
    const scroller = scrollRef.current;
    return measure && scroller ? toolbarPosition(measure, scroller, rects) : null;
  }, []);
  const showHighlightToolbar = useCallback(
    (id: string, mark?: HTMLElement | null) => {
      const el = mark ?? firstMark(id);
      const position = el ? anchorAt(clientRects(el)) : null;
      setToolbar(position ? { mode: 'highlight', position } : null);
    },
    [anchorAt, firstMark],
  );
  return useMemo(
    () => ({ mainRef, scrollRef, measureRef, body, firstMark, anchorAt, toolbar, setToolbar, showHighlightToolbar }),
    [body, firstMark, anchorAt, toolbar, showHighlightToolbar],
  );
}
