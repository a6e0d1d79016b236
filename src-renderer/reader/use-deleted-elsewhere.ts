/**
 * Notices that the open article was deleted by someone else (another window
 * or browser tab, `briefing serve`'s other users, the CLI): on a core
 * `libraryChanged` event that concerns articles and names this one (or names
 * none), core is asked for it again; a `not-found` answer means it is gone,
 * and the reader closes it instead of letting highlights and notes be made
 * that nothing could save.
 */
import { useEffect, useState } from 'react';
import { api, onApiEvent } from '../api-client';

/** True once the article `id` is known to have been deleted; resets when `id` changes. */
export function useDeletedElsewhere(id: string | undefined): boolean {
  const [deleted, setDeleted] = useState<string | null>(null);
  useEffect(() => {
    if (!id) return;
    let alive = true;
    let asking = false;
    const off = onApiEvent('libraryChanged', (event) => {
      if (!event.areas.includes('articles') || (event.ids && !event.ids.includes(id)) || asking) return;
      asking = true;
      api
        .getArticle({ id })
        .then(
          () => undefined,
          (err: { code?: string }) => {
            if (alive && err?.code === 'not-found') setDeleted(id);
          },
        )
        .finally(() => (asking = false));
    });
    return () => {
      alive = false;
      off();
    };
  }, [id]);
  return !!id && deleted === id;
}
