/**
 * LazySorted: the same order as a full sort, as far as it is taken.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../bench/search/bench-corpus';
import { LazySorted, ScoreOrder } from './lazy-sort';

describe('ScoreOrder', () => {
  it.each([
    [0, 10],
    [1, 1],
    [5, 3],
    [100, 1],
    [1000, 7],
    [3000, 40],
  ])('gives %i candidates in score order, ties by the tie rule, taken %i at a time', (n, step) => {
    const rand = seededRandom(n + step);
    // Few distinct scores, so ties cross batch boundaries.
    const scores = Float64Array.from({ length: n }, () => Math.floor(rand() * 9) / 3);
    const tie = (a: number, b: number): number => (a % 7) - (b % 7) || a - b;
    const order = new ScoreOrder(n, scores, tie, 4);
    const out: number[] = [];
    for (let chunk = order.take(step); chunk.length; chunk = order.take(step)) {
      out.push(...chunk);
      expect(order.remaining).toBe(n - out.length);
    }
    expect(order.taken).toBe(n);
    const expected = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a] || tie(a, b));
    expect(out).toEqual(expected);
    expect(order.next()).toBeUndefined();
  });
});

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
