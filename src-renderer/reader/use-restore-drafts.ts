/**
 * Opens again the note or tag editor that held unsaved text when the app
 * last stopped (a reload, a crash): once the article's highlights are
 * loaded, the newest draft of a highlight still there opens its editor, with
 * the panel shown, so the user finds what was typed where it was typed.
 */
import { useEffect, useRef } from 'react';
import type { AnnotationSession, AnnotationSnapshot } from '../annotations/annotation-session';
import { useDraftBook } from '../app/drafts';
import { draftKey } from '../../src-main/common/contract/drafts';

export function useRestoreDrafts(session: AnnotationSession, snapshot: AnnotationSnapshot, openPanel: () => void): void {
  const book = useDraftBook();
  const done = useRef(false);
  const { loaded, list } = snapshot;
  useEffect(() => {
    if (done.current || !loaded) return;
    done.current = true;
    // A draft that says what is saved already (its save went through; the discard did not) is dropped, not reopened.
    const differs = (d: ReturnType<typeof book.forArticle>[number]) => {
      const a = d.kind === 'meta' ? undefined : list.find((x) => x.id === d.annotationId);
      if (!a || d.kind === 'meta') return false;
      const same = d.kind === 'note' ? d.text === a.note : !d.input.trim() && d.tags.length === a.tags.length && d.tags.every((t, i) => t === a.tags[i]);
      if (same) book.discard(draftKey(d));
      return !same;
    };
    const draft = book.forArticle(session.articleId).find(differs);
    if (!draft || draft.kind === 'meta') return;
    openPanel();
    session.select(draft.annotationId);
    session.openEditor({ id: draft.annotationId, editor: draft.kind });
  }, [loaded, list, book, session, openPanel]);
}
