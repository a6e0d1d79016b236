/**
 * "Something in the library changed" — in this window (a highlight's tags, an
 * annotation file imported) or anywhere else core announced it (its
 * `libraryChanged` event: another window or browser tab, an import by path
 * still running): views that show derived data — the library list and its
 * tag counts, the notebook — ask core again.
 */
import { onApiEvent } from '../api-client';

const listeners = new Set<() => void>();

export function libraryChanged(): void {
  for (const listener of [...listeners]) listener();
}

/** Calls `listener` at most once per `delayMs` burst of changes; returns an unsubscribe. */
export function onLibraryChanged(listener: () => void, delayMs = 250): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const wrapped = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => ((timer = null), listener()), delayMs);
  };
  listeners.add(wrapped);
  const offCore = onApiEvent('libraryChanged', wrapped);
  return () => {
    listeners.delete(wrapped);
    offCore();
    if (timer) clearTimeout(timer);
  };
}
