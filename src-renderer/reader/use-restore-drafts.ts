/**
 * Opens again the note or tag editor that held unsaved text when the app
 * last stopped (a reload, a crash): once the article's highlights are
 * loaded, the newest draft of a highlight still there opens its editor, with
 * the panel shown, so the user finds what was typed where it was typed.
 */
import { useEffect, useRef } from 'react';
import type { AnnotationSession, AnnotationSnapshot } from '../annotations/annotation-session';
import { useDraftBook } from '../app/drafts';

export function useRestoreDrafts(session: AnnotationSession, snapshot: AnnotationSnapshot, openPanel: () => void): void {
  const book = useDraftBook();
  const done = useRef(false);
  const { loaded, list } = snapshot;
  useEffect(() => {
    if (done.current || !loaded) return;
    done.current = true;
    const draft = book.forArticle(session.articleId).find((d) => d.kind !== 'meta' && list.some((a) => a.id === d.annotationId));
    if (!draft || draft.kind === 'meta') return;
    openPanel();
    session.select(draft.annotationId);
    session.openEditor({ id: draft.annotationId, editor: draft.kind });
  }, [loaded, list, book, session, openPanel]);
}
