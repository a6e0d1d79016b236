/**
 * LazySorted: the same order as a full sort, as far as it is taken.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from './bench-corpus';
import { LazySorted } from './lazy-sort';

describe('LazySorted', () => {
  it.each([0, 1, 2, 7, 100, 2000])('takes %i items in sorted order', (n) => {
    const rand = seededRandom(n + 1);
    const items = Array.from({ length: n }, (_, i) => ({ score: Math.floor(rand() * 50), id: i }));
    const cmp = (a: { score: number; id: number }, b: { score: number; id: number }): number => b.score - a.score || a.id - b.id;
    const sorted = new LazySorted(items, cmp);
    const first = sorted.take(5);
    expect(sorted.taken).toBe(first.length);
    expect(sorted.remaining).toBe(n - first.length);
    const rest: typeof items = [];
    for (let x = sorted.next(); x; x = sorted.next()) rest.push(x);
    expect([...first, ...rest]).toEqual([...items].sort(cmp));
    expect(sorted.next()).toBeUndefined();
  });

  it('leaves the input alone', () => {
    const items = [3, 1, 2];
    new LazySorted(items, (a, b) => a - b).take(3);
    expect(items).toEqual([3, 1, 2]);
  });
});
