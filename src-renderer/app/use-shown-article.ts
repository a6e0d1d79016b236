/**
 * Which article the reader shows and how it is loaded: the one open last time reopens once the
 * library's state is known (unless it stopped the app while opening), else the list's first; the
 * article is fetched with `display` (see ./opening.ts), remembered in the reading history, and one
 * remembered from last time that is gone is forgotten without a word.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api-client';
import { noteShown } from './opening';
import { prefetchAnnotations } from '../annotations/prefetch';
import { useApiQuery } from './use-api-query';
import type { ReadingHistory } from './use-reading-history';
import type { LibraryList, LibraryListSnapshot } from '../library/library-list';
import type { ReaderFocus } from '../reader/Reader';

/** What the hook needs from the window. */
export interface ShownArticleDeps {
  list: LibraryList;
  snapshot: LibraryListSnapshot;
  history: ReadingHistory;
  /** Whether `libraryInfo` has answered (the start waits for it, to know what stopped the app). */
  infoLoaded: boolean;
  /** Whether `id` is the article that stopped the app last time. */
  avoided(id: string | null | undefined): boolean;
  onError(err: unknown): void;
}

/**
 * `selectedId` is the article chosen (null: none), `article` the loaded one (null while loading or
 * failed), `focus` the range to scroll to; `open(id, at)` chooses another.
 */
export function useShownArticle({ list, snapshot, history, infoLoaded, avoided, onError }: ShownArticleDeps) {
  // Chosen once the library's state is known (see below): the last article, unless it stopped the app.
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [focus, setFocus] = useState<ReaderFocus | null>(null);

  /** Opens an article (remembered as the last one and among the recent ones). */
  const open = useCallback((id: string | null, at: ReaderFocus | null = null) => {
    setFocus(at);
    setSelectedId(id);
  }, []);

  // Once the library's state is known: the article open last time reopens — unless it stopped the app
  // while opening; with none (or it is gone), the list's first one that did not.
  const started = useRef(false);
  const firstRow = snapshot.total ? [list.rowAt(0)?.id, list.rowAt(1)?.id].find((id) => id && !avoided(id)) : undefined;
  useEffect(() => {
    if (selectedId || !infoLoaded) return;
    if (!started.current) {
      started.current = true;
      if (history.last && !avoided(history.last)) {
        setSelectedId(history.last);
        return;
      }
    }
    if (firstRow) setSelectedId(firstRow);
  }, [selectedId, firstRow, infoLoaded, history.last, avoided]);

  const articleQuery = useApiQuery(selectedId ? ['article', selectedId] : null, () => {
    prefetchAnnotations(selectedId!);
    // `display`: the core notes that the app is opening it, until told it was shown (see ./opening.ts).
    return api.getArticle({ id: selectedId!, display: true });
  });
  const article = articleQuery.data ?? null;
  const shownId = article?.id;
  useEffect(() => {
    if (shownId) noteShown('article', shownId);
  }, [shownId]);
  useEffect(() => {
    const err = articleQuery.error as { code?: string } | null;
    if (!err) return;
    // The article remembered from last time is gone: open the list's first instead, without a word.
    if (err.code === 'not-found' && selectedId && selectedId === history.last && !article) {
      history.forget(selectedId);
      setSelectedId(null);
      return;
    }
    onError(articleQuery.error);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per failure
  }, [articleQuery.error]);
  useEffect(() => {
    if (article) history.opened(article.id);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per article shown
  }, [article?.id]);

  return { selectedId, focus, open, article, setArticle: articleQuery.setData, loading: articleQuery.loading };
}
