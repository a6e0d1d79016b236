/**
 * Loading something from the API into a component, in one place: the call
 * runs when `key` changes (after `delay` ms when given, so typing does not
 * send a call per keystroke), an answer that arrives after the key changed
 * or the component went away is dropped, a failure is kept as `error`, and
 * `reload()` asks again. A null key loads nothing (and clears the data).
 *
 * `keepPrevious` (default true) keeps showing the last data while the next
 * loads (search results, a preview); false clears it at once (a different
 * document is being opened). `setData` changes the data locally, e.g. after
 * the user created an item, until the next load replaces it.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

export interface ApiQuery<T> {
  data: T | undefined;
  /** The failure of the latest load; null when it succeeded or is running. */
  error: unknown;
  loading: boolean;
  reload(): void;
  setData(update: T | ((previous: T | undefined) => T)): void;
}

export interface ApiQueryOptions<T> {
  /** Wait this long (ms) after the key changed before calling. */
  delay?: number;
  keepPrevious?: boolean;
  /** Called with each loaded result (not with `setData`), before it is shown. */
  onData?(data: T): void;
}

interface State<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
}

export function useApiQuery<T>(key: readonly unknown[] | null, fetcher: () => Promise<T>, options: ApiQueryOptions<T> = {}): ApiQuery<T> {
  const { delay = 0, keepPrevious = true } = options;
  const [state, setState] = useState<State<T>>({ data: undefined, error: null, loading: key !== null });
  const [round, setRound] = useState(0);
  const latest = useRef({ fetcher, onData: options.onData });
  latest.current = { fetcher, onData: options.onData };
  const id = key === null ? null : JSON.stringify(key);

  useEffect(() => {
    if (id === null) {
      setState({ data: undefined, error: null, loading: false });
      return;
    }
    let live = true;
    setState((s) => ({ data: keepPrevious ? s.data : undefined, error: null, loading: true }));
    const start = () => {
      let call: Promise<T>;
      try {
        call = latest.current.fetcher();
      } catch (err) {
        call = Promise.reject(err);
      }
      call.then(
        (data) => {
          if (!live) return;
          latest.current.onData?.(data);
          setState({ data, error: null, loading: false });
        },
        (error: unknown) => live && setState((s) => ({ data: s.data, error: error ?? new Error('failed'), loading: false })),
      );
    };
    const timer = delay > 0 ? setTimeout(start, delay) : null;
    if (!timer) start();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [id, round, delay, keepPrevious]);

  const reload = useCallback(() => setRound((n) => n + 1), []);
  const setData = useCallback((update: T | ((previous: T | undefined) => T)) => {
    setState((s) => ({ ...s, data: typeof update === 'function' ? (update as (p: T | undefined) => T)(s.data) : update }));
  }, []);
  return { data: state.data, error: state.error, loading: state.loading, reload, setData };
}
