/**
 * The React side of `AnnotationSession`: one session per article view,
 * loaded on mount, kept in step with the app's copy of the article, and read
 * with `useSyncExternalStore` so a change repaints only what it touches.
 */
import { createContext, useContext, useEffect, useState, useSyncExternalStore } from 'react';
import type { Article } from '../../src-main/common/model';
import { api } from '../api-client';
import { AnnotationSession, type AnnotationSnapshot } from './annotation-session';
import { takePrefetchedAnnotations } from './prefetch';
import { libraryChanged } from '../app/library-events';

/**
 * The library's tags as the window knows them (`libraryInfo`, loaded once and after changes); null where no
 * window provides them (a session then asks itself).
 */
export const LibraryTagsContext = createContext<readonly string[] | null>(null);

export function useAnnotationSession(article: Article): [AnnotationSession, AnnotationSnapshot] {
  const libraryTags = useContext(LibraryTagsContext);
  const [session] = useState(
    () => new AnnotationSession(article, { api, prefetched: takePrefetchedAnnotations(article.id), onWritten: libraryChanged, libraryTags }),
  );
  useEffect(() => {
    if (libraryTags) session.setLibraryTags(libraryTags);
  }, [session, libraryTags]);
  const snapshot = useSyncExternalStore(session.subscribe, session.getSnapshot);
  useEffect(() => {
    void session.load();
  }, [session]);
  useEffect(() => session.setArticle(article), [session, article]);
  return [session, snapshot];
}
