/**
 * The reader's keys, anywhere outside text fields and dialogs:
 *
 *   Ctrl/Cmd+Z undo, Ctrl+Shift+Z / Ctrl+Y redo
 *   on a selection: 1–5 highlight in that colour, N / T highlight in the
 *     last colour and open the note / tag editor, C copy with citation
 *   on a selected highlight: 1–5 recolour, N, T, C, Delete removes it
 *   Escape forgets the selection
 *
 * The plain keys act only where the reader is what the user works in (not,
 * say, the library list).
 */
import { useEffect } from 'react';
import type { AnnotationSnapshot, TextRange } from '../annotations/annotation-session';
import { quoteOf } from '../annotations/annotation-list';
import { colorForDigit } from '../annotations/colors';
import { isTextField } from './reader-dom';
import { useLatest } from './use-latest';
import type { ReaderActions } from './use-reader-actions';

export interface KeyboardState {
  snapshot: AnnotationSnapshot;
  /** A dialog of the reader is open: keys belong to it. */
  dialogOpen: boolean;
  toolbarShown: boolean;
  liveRange(): TextRange | null;
  clearSelection(): void;
}

export function useReaderKeyboard(main: React.RefObject<HTMLElement | null>, state: KeyboardState, actions: ReaderActions): void {
  const latest = useLatest({ state, actions });

  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      const { state: s, actions: act } = latest.current;
      if (e.defaultPrevented || s.dialogOpen || isTextField(e.target)) return;
      const key = e.key.toLowerCase();
      if ((e.ctrlKey || e.metaKey) && !e.altKey && (key === 'z' || key === 'y')) {
        e.preventDefault();
        if (key === 'y' || e.shiftKey) void act.redo();
        else void act.undo();
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target as Node | null;
      const inReader = !target || target === document.body || target === document.documentElement || !!main.current?.contains(target);
      if (!inReader) return;
      const range = s.liveRange();
      const { selectedId, byId, lastColor, article } = s.snapshot;
      const selected = selectedId ? byId.get(selectedId) : undefined;
      const color = colorForDigit(e.key);
      if (color) {
        if (range) void act.highlight(range, color);
        else if (selected) void act.recolor(selected.id, color);
        else return;
      } else if (key === 'n' || key === 't') {
        const editor = key === 'n' ? 'note' : 'tags';
        if (range) void act.highlight(range, lastColor, editor);
        else if (selected) act.openEditor(selected.id, editor);
        else return;
      } else if (key === 'c' && !e.shiftKey) {
        if (range) void act.copyQuote(article.text.slice(range.start, range.end));
        else if (selected) void act.copyQuote(quoteOf(selected));
        else return;
      } else if (e.key === 'Delete' || e.key === 'Backspace') {
        if (!selected || range) return;
        void act.remove(selected.id);
      } else if (e.key === 'Escape') {
        if (!range && !s.toolbarShown && !selectedId) return;
        s.clearSelection();
      } else return;
      e.preventDefault();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [main, latest]);
}
