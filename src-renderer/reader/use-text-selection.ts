/**
 * The text selection as canonical offsets: follows `selectionchange` (after
 * a short pause) and the mouse button, keeps the last selection in the
 * session (for re-attaching from the panel), and shows the selection toolbar
 * at it. Resizing hides the toolbar, whose place was measured for the old
 * layout.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AnnotationSession, TextRange } from '../annotations/annotation-session';
import { selectionOffsets } from '../annotations/dom-offsets';
import { clientRects } from './reader-dom';
import { useLatest } from './use-latest';
import type { ReaderDom } from './use-reader-dom';

/** Pause after the last `selectionchange` before the selection counts (keyboard selection). */
const SETTLE_MS = 80;

export interface TextSelection {
  /** The selection in the text now (null when none or in edit mode). */
  range: TextRange | null;
  /** True while the primary button is down in the text (a drag is under way). */
  pointerDown: React.RefObject<boolean>;
  /** The selection as it is right now (state can lag a keypress that follows the mouse closely). */
  live(): TextRange | null;
  /** Forgets the selection: in the document, here and in the session; hides the toolbar. */
  clear(): void;
}

export function useTextSelection(session: AnnotationSession, dom: ReaderDom, text: string, editMode: boolean): TextSelection {
  const [range, setRange] = useState<TextRange | null>(null);
  const pointerDown = useRef(false);
  const latest = useLatest({ text, editMode });
  const { body, anchorAt, setToolbar } = dom;

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const update = () => {
      const root = body();
      if (!root || pointerDown.current) return;
      const selection = window.getSelection();
      const found = latest.current.editMode ? null : selectionOffsets(root, latest.current.text);
      if (found && selection && selection.rangeCount) {
        setRange(found);
        session.keepRange(found);
        session.select(null);
        const position = anchorAt(clientRects(selection.getRangeAt(0)));
        setToolbar(position ? { mode: 'selection', position } : null);
        return;
      }
      setRange(null);
      setToolbar((tb) => (tb?.mode === 'selection' ? null : tb));
      // A click in the text (not a trip to the panel) also forgets the kept selection.
      if (selection?.anchorNode && root.contains(selection.anchorNode)) session.keepRange(null);
    };
    const onSelectionChange = () => {
      if (pointerDown.current) return;
      clearTimeout(timer);
      timer = setTimeout(update, SETTLE_MS);
    };
    const onPointerDown = (e: PointerEvent) => {
      if (e.button !== 0 || !body()?.contains(e.target as Node)) return;
      pointerDown.current = true;
      clearTimeout(timer);
    };
    const onPointerUp = () => {
      if (!pointerDown.current) return;
      pointerDown.current = false;
      clearTimeout(timer);
      // The selection is final once the button is up.
      update();
    };
    const onResize = () => setToolbar(null);
    window.addEventListener('resize', onResize);
    document.addEventListener('selectionchange', onSelectionChange);
    document.addEventListener('pointerdown', onPointerDown, true);
    document.addEventListener('pointerup', onPointerUp, true);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('resize', onResize);
      document.removeEventListener('selectionchange', onSelectionChange);
      document.removeEventListener('pointerdown', onPointerDown, true);
      document.removeEventListener('pointerup', onPointerUp, true);
    };
  }, [session, body, anchorAt, setToolbar, latest]);

  const live = useCallback((): TextRange | null => {
    const root = body();
    if (!root || latest.current.editMode) return null;
    return selectionOffsets(root, latest.current.text);
  }, [body, latest]);

  const clear = useCallback(() => {
    window.getSelection()?.removeAllRanges();
    setRange(null);
    session.keepRange(null);
    setToolbar(null);
  }, [session, setToolbar]);

  return { range, pointerDown, live, clear };
}
