/**
 * "Something in the library changed in this window" (a highlight's tags, an
 * annotation file imported): views that show derived data — the library
 * list's tag counts, the notebook — ask core again. A change made by another
 * process is seen on the next query.
 */
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
  return () => {
    listeners.delete(wrapped);
    if (timer) clearTimeout(timer);
  };
}
