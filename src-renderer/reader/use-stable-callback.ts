/**
 * A function whose identity never changes but which always calls the latest
 * `fn`: for callbacks handed to memoised children (blocks, panel cards), so a
 * parent re-render does not re-render them.
 */
import { useCallback, useLayoutEffect, useRef } from 'react';

export function useStableCallback<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  const ref = useRef(fn);
  useLayoutEffect(() => {
    ref.current = fn;
  });
  return useCallback((...args: A) => ref.current(...args), []);
}
