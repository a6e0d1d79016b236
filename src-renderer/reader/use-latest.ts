/**
 * A ref that always holds the latest render's value, updated after each
 * commit: for event handlers and stable callbacks that must see current
 * state without being re-created (so memoised children do not re-render).
 */
import { useLayoutEffect, useRef } from 'react';

export function useLatest<T>(value: T): { readonly current: T } {
  const ref = useRef(value);
  useLayoutEffect(() => {
    ref.current = value;
  });
  return ref;
}
