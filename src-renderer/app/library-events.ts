/**
 * "Something in the library changed" — in this window (a highlight's tags, an
 * annotation file imported) or anywhere else core announced it (its
 * `libraryChanged` event: another window or browser tab, an import by path
 * still running): views that show derived data — the library list and its
 * tag counts, the notebook — ask core again.
 */
import type { LibraryArea } from '../../src-main/common/contract/events';
import { onApiEvent } from '../api-client';

const listeners = new Set<() => void>();

/** Something changed in this window (which part is not said: every listener hears it). */
export function libraryChanged(): void {
  for (const listener of [...listeners]) listener();
}

/**
 * Calls `listener` at most once per `delayMs` burst of changes; returns an unsubscribe. With `areas`, core's
 * events that name none of them are not heard (a preference saved — `settings` — changes no list or count).
 */
export function onLibraryChanged(listener: () => void, areas: readonly LibraryArea[] | null = null, delayMs = 250): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const wrapped = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => ((timer = null), listener()), delayMs);
  };
  listeners.add(wrapped);
  const offCore = onApiEvent('libraryChanged', (event) => {
    if (!areas || event.areas.some((area) => areas.includes(area))) wrapped();
  });
  return () => {
    listeners.delete(wrapped);
    offCore();
    if (timer) clearTimeout(timer);
  };
}
