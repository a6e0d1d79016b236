/**
 * The library's state for the window (`libraryInfo`: counts, sources, warnings): loaded once, reloaded
 * when any call reports a problem (PROBLEMS_CHANGED), and the problems the user acknowledges. Also
 * remembers the item that stopped the app while it was opening last time, so it is not opened again
 * by itself.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LibraryInfo } from '../../src-main/common/api';
import { api, PROBLEMS_CHANGED } from '../api-client';

/** The item (article or briefing) that was opening when the app last stopped. */
export type AvoidedItem = { kind: 'article' | 'briefing'; id: string };

/**
 * `info` is null until the first `libraryInfo` answers; `hiddenNotices` holds the messages of session
 * notices (no id) the user closed; `avoid` is cleared by the caller when the user opens the item anyway.
 * Errors of the first load and of acknowledging go to `onError`.
 */
export function useLibraryInfo(onError: (err: unknown) => void) {
  const [info, setInfo] = useState<LibraryInfo | null>(null);
  /** Session notices (no id) the user has closed; problems are acknowledged in the core instead. */
  const [hiddenNotices, setHiddenNotices] = useState<string[]>([]);
  /** An item that stopped the app while it was opening last time: not opened again by itself. */
  const avoid = useRef<AvoidedItem | null>(null);

  const refreshInfo = useCallback(() => {
    api.libraryInfo({}).then((next) => {
      if (next.interrupted && avoid.current === null) avoid.current = { kind: next.interrupted.kind, id: next.interrupted.id };
      setInfo(next);
    }, onError);
  }, [onError]);
  useEffect(refreshInfo, [refreshInfo]);

  // A problem found by any call (a file moved to quarantine while reading it…) shows at once.
  useEffect(() => {
    const onProblems = () => {
      api.libraryInfo({}).then(setInfo, () => undefined);
    };
    window.addEventListener(PROBLEMS_CHANGED, onProblems);
    return () => window.removeEventListener(PROBLEMS_CHANGED, onProblems);
  }, []);

  /** Acknowledges problems by id (or all of them, which also shows the closed session notices again). */
  async function acknowledge(ids: string[] | 'all') {
    try {
      if (ids === 'all') {
        await api.acknowledgeProblems({ all: true });
        setHiddenNotices([]);
      } else if (ids.length) await api.acknowledgeProblems({ ids });
      setInfo(await api.libraryInfo({}));
    } catch (err) {
      onError(err);
    }
  }

  /** Whether `id` is the article that stopped the app last time. */
  const avoided = useCallback((id: string | null | undefined) => !!id && avoid.current?.kind === 'article' && avoid.current.id === id, []);

  return {
    info,
    refreshInfo,
    acknowledge,
    avoid,
    avoided,
    visibleWarnings: info ? info.warnings.filter((w) => w.id !== undefined || !hiddenNotices.includes(w.message)) : [],
    hideNotice: (message: string) => setHiddenNotices((hidden) => [...hidden, message]),
  };
}
