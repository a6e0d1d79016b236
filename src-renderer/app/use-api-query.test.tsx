/**
 * useApiQuery: loads on mount and on a new key, drops an answer that comes
 * after the key changed or the component went away, keeps a failure as
 * `error` until `reload` succeeds, waits `delay` before calling (fake
 * timers), clears on a null key, and lets the caller change the data locally.
 */
import { act, renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useApiQuery, type ApiQueryOptions } from './use-api-query';

/** A call whose answer the test gives. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

function setup<T>(initial: readonly unknown[] | null, fetcher: (key: readonly unknown[]) => Promise<T>, options: ApiQueryOptions<T> = {}) {
  return renderHook(({ queryKey }) => useApiQuery(queryKey, () => fetcher(queryKey!), options), { initialProps: { queryKey: initial } });
}

afterEach(() => vi.useRealTimers());

describe('useApiQuery', () => {
  it('loads and shows the answer, calling onData first', async () => {
    const onData = vi.fn();
    const { result } = setup(['articles'], async () => ['甲', '乙'], { onData });
    expect(result.current.loading).toBe(true);
    await waitFor(() => expect(result.current.data).toEqual(['甲', '乙']));
    expect(result.current.loading).toBe(false);
    expect(result.current.error).toBeNull();
    expect(onData).toHaveBeenCalledWith(['甲', '乙']);
  });

  it('drops an answer that arrives after the key changed', async () => {
    const calls = new Map<string, ReturnType<typeof deferred<string>>>();
    const { result, rerender } = setup<string>(['a'], (key) => {
      const d = deferred<string>();
      calls.set(String(key[0]), d);
      return d.promise;
    });
    rerender({ queryKey: ['b'] });
    await act(async () => calls.get('b')!.resolve('answer b'));
    expect(result.current.data).toBe('answer b');
    await act(async () => calls.get('a')!.resolve('answer a (late)'));
    expect(result.current.data).toBe('answer b');
  });

  it('keeps a failure as error, keeps the last data, and reloads', async () => {
    let fail = false;
    const fetcher = vi.fn(async () => {
      if (fail) throw new Error('Briefing Desk is not responding.');
      return 42;
    });
    const { result, rerender } = setup(['n', 1], fetcher);
    await waitFor(() => expect(result.current.data).toBe(42));
    fail = true;
    rerender({ queryKey: ['n', 2] });
    await waitFor(() => expect(result.current.error).toBeInstanceOf(Error));
    expect((result.current.error as Error).message).toContain('not responding');
    expect(result.current.data).toBe(42);
    fail = false;
    act(() => result.current.reload());
    await waitFor(() => expect(result.current.error).toBeNull());
    expect(fetcher).toHaveBeenCalledTimes(3);
  });

  it('waits for the pause after the last change before calling', async () => {
    vi.useFakeTimers();
    const fetcher = vi.fn(async (key: readonly unknown[]) => `hits for ${String(key[1])}`);
    const { result, rerender } = setup(['search', '算'], fetcher, { delay: 120 });
    await act(async () => vi.advanceTimersByTimeAsync(100));
    rerender({ queryKey: ['search', '算力'] });
    await act(async () => vi.advanceTimersByTimeAsync(119));
    expect(fetcher).not.toHaveBeenCalled();
    await act(async () => vi.advanceTimersByTimeAsync(1));
    expect(fetcher).toHaveBeenCalledTimes(1);
    expect(fetcher).toHaveBeenCalledWith(['search', '算力']);
    expect(result.current.data).toBe('hits for 算力');
  });

  it('clears at once for a null key or when asked not to keep the previous data', async () => {
    const { result, rerender } = setup<string>(['doc', 1], async (key) => `doc ${String(key[1])}`, { keepPrevious: false });
    await waitFor(() => expect(result.current.data).toBe('doc 1'));
    rerender({ queryKey: ['doc', 2] });
    expect(result.current.data).toBeUndefined();
    expect(result.current.loading).toBe(true);
    await waitFor(() => expect(result.current.data).toBe('doc 2'));
    rerender({ queryKey: null });
    expect(result.current.data).toBeUndefined();
    expect(result.current.loading).toBe(false);
  });

  it('lets the caller change the data until the next load', async () => {
    const { result } = setup(['list'], async () => ['b1']);
    await waitFor(() => expect(result.current.data).toEqual(['b1']));
    act(() => result.current.setData((list) => ['b0', ...(list ?? [])]));
    expect(result.current.data).toEqual(['b0', 'b1']);
    act(() => result.current.reload());
    await waitFor(() => expect(result.current.data).toEqual(['b1']));
  });

  it('reports a fetcher that throws at once as an error', async () => {
    const { result } = setup(['x'], () => {
      throw new Error('bad parameters');
    });
    await waitFor(() => expect((result.current.error as Error)?.message).toBe('bad parameters'));
  });

  it('ignores an answer after unmounting', async () => {
    const d = deferred<number>();
    const onData = vi.fn();
    const { unmount } = setup(['late'], () => d.promise, { onData });
    unmount();
    await act(async () => d.resolve(1));
    expect(onData).not.toHaveBeenCalled();
  });
});
