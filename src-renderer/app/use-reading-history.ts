/**
 * What the reader has read: the article open last (opened again at start)
 * and the recently read ones, newest first, kept in the preferences so every
 * host and every launch finds them.
 */
import { useCallback, useMemo, useState } from 'react';
import { usePreference, usePreferencesStore } from './preferences';

const RECENT_KEPT = 20;

export interface ReadingHistory {
  /** The article open when the app was last left (read once, at start). */
  last: string | null;
  recent: readonly string[];
  opened(id: string): void;
  /** Drops an article that is no longer in the library. */
  forget(id: string): void;
}

export function useReadingHistory(): ReadingHistory {
  const store = usePreferencesStore();
  const [last] = useState(() => store.get('lastArticleId') || null);
  const [recent = EMPTY] = usePreference('recentArticles');
  const opened = useCallback(
    (id: string) => {
      store.set('lastArticleId', id);
      const now = store.get('recentArticles') ?? [];
      if (now[0] !== id) store.set('recentArticles', [id, ...now.filter((x) => x !== id)].slice(0, RECENT_KEPT));
    },
    [store],
  );
  const forget = useCallback(
    (id: string) => {
      if (store.get('lastArticleId') === id) store.set('lastArticleId', '');
      const now = store.get('recentArticles') ?? [];
      if (now.includes(id))
        store.set(
          'recentArticles',
          now.filter((x) => x !== id),
        );
    },
    [store],
  );
  return useMemo(() => ({ last, recent, opened, forget }), [last, recent, opened, forget]);
}

const EMPTY: readonly string[] = [];
