/**
 * The React side of `LibraryList`: one list for the window, started on
 * mount with the sort remembered in the preferences (and remembering each
 * new one), read with `useSyncExternalStore`.
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { api, onApiEvent } from '../api-client';
import { usePreferencesStore } from '../app/preferences';
import { LibraryList, type LibraryListSnapshot } from './library-list';

export function useLibraryList(): [LibraryList, LibraryListSnapshot] {
  const preferences = usePreferencesStore();
  const [list] = useState(() => {
    const sort = preferences.get('librarySort');
    const order = preferences.get('libraryOrder');
    // Counts are final once every article's highlight tags are known (core's countsComplete event).
    const tagsKnown = (listener: () => void) =>
      onApiEvent('countsComplete', (e) => {
        if (e.counts === 'tags') listener();
      });
    return new LibraryList(api, { ...(sort ? { sort } : {}), ...(order ? { order } : {}) }, tagsKnown);
  });
  const snapshot = useSyncExternalStore(list.subscribe, list.getSnapshot);
  useEffect(() => {
    void list.start();
    return () => list.dispose();
  }, [list]);
  const { sort, order } = snapshot.query;
  useEffect(() => {
    preferences.set('librarySort', sort);
    preferences.set('libraryOrder', order);
  }, [preferences, sort, order]);
  return [list, snapshot];
}
