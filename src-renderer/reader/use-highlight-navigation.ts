/**
 * Getting to a highlight: a click or Tab selects it and shows its toolbar;
 * the arrow keys, Home and End move between highlights (one Tab stop for
 * all of them); Enter shows the toolbar again; `show` scrolls a highlight
 * into view, flashes and selects it (from the panel or the app).
 */
import { useCallback, useRef, type FocusEvent, type KeyboardEvent, type MouseEvent } from 'react';
import type { AnnotationSession, AnnotationSnapshot } from '../annotations/annotation-session';
import { markAt, marksOf } from './reader-dom';
import type { ReaderDom } from './use-reader-dom';

const FLASH_MS = 1600;

export interface HighlightNavigation {
  onClick(e: MouseEvent): void;
  onFocus(e: FocusEvent): void;
  onKeyDown(e: KeyboardEvent): void;
  show(id: string): void;
}

export function useHighlightNavigation(
  session: AnnotationSession,
  snapshot: AnnotationSnapshot,
  dom: ReaderDom,
  options: { editMode: boolean; pointerDown: React.RefObject<boolean> },
): HighlightNavigation {
  const { body, firstMark, showHighlightToolbar, setToolbar } = dom;
  const focusing = useRef<string | null>(null);

  const flash = useCallback(
    (id: string) => {
      for (const mark of marksOf(body(), id)) {
        mark.classList.remove('hl-flash');
        void mark.offsetWidth; // restart the animation
        mark.classList.add('hl-flash');
        setTimeout(() => mark.classList.remove('hl-flash'), FLASH_MS);
      }
    },
    [body],
  );

  const show = useCallback(
    (id: string) => {
      const mark = firstMark(id);
      if (!mark) return;
      session.select(id);
      mark.scrollIntoView?.({ block: 'center', behavior: 'smooth' });
      // After the selection repaint, which resets the marks' classes.
      requestAnimationFrame(() => flash(id));
    },
    [session, firstMark, flash],
  );

  const focusHighlight = (id: string) => {
    const mark = firstMark(id);
    if (!mark) return;
    focusing.current = id;
    mark.focus();
    focusing.current = null;
    session.select(id);
    showHighlightToolbar(id, mark);
  };

  const onClick = (e: MouseEvent) => {
    if (options.editMode) return;
    const root = body();
    const selection = window.getSelection();
    if (selection && !selection.isCollapsed && root?.contains(selection.anchorNode)) return;
    const mark = markAt(e.target);
    if (mark && root?.contains(mark)) {
      const id = mark.getAttribute('data-annotation-id')!;
      session.select(id);
      showHighlightToolbar(id, mark);
    } else if (root?.contains(e.target as Node)) {
      session.select(null);
      setToolbar(null);
    }
  };

  const onFocus = (e: FocusEvent) => {
    const mark = markAt(e.target);
    // A press of the mouse is handled on click (it may become a selection that starts on a highlight).
    if (!mark || options.editMode || options.pointerDown.current) return;
    const id = focusing.current ?? mark.getAttribute('data-annotation-id')!;
    session.select(id);
    showHighlightToolbar(id, mark);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const { placed, selectedId } = snapshot;
    if (!markAt(e.target) || placed.length === 0) return;
    const index = Math.max(
      0,
      placed.findIndex((a) => a.id === selectedId),
    );
    const last = placed.length - 1;
    const moves: Record<string, number> = {
      ArrowRight: Math.min(last, index + 1),
      ArrowDown: Math.min(last, index + 1),
      ArrowLeft: Math.max(0, index - 1),
      ArrowUp: Math.max(0, index - 1),
      Home: 0,
      End: last,
    };
    if (e.key === 'Enter') {
      e.preventDefault();
      showHighlightToolbar(placed[index].id);
      return;
    }
    if (!(e.key in moves)) return;
    e.preventDefault();
    focusHighlight(placed[moves[e.key]].id);
  };

  return { onClick, onFocus, onKeyDown, show };
}
