/**
 * Term keys: CJK tokens of BMP characters packed into 32 bits, everything
 * else a word; and what a query term looks up.
 */
import { describe, expect, it } from 'vitest';
import { cjkString, keyLength, keyString, packCjk, prefixWeight, termLookup } from './term-key';

const cp = (s: string): number => s.codePointAt(0)!;

describe('packCjk', () => {
  it.each([
    ['a bigram', '算', '力', 0x7b97529b],
    ['a run’s last character (second 0)', '算', '', 0x7b970000],
    ['kana', 'デ', 'ー', 0x30c730fc],
  ])('packs %s', (_name, a, b, key) => {
    const packed = packCjk(cp(a), b ? cp(b) : 0);
    expect(packed).toBe(key);
    expect(keyString(packed)).toBe(a + b);
    expect(keyLength(packed)).toBe((a + b).length);
    expect(cjkString(cp(a), b ? cp(b) : 0)).toBe(a + b);
  });

  it.each([
    ['first outside the BMP', '𠀀', '字'],
    ['second outside the BMP', '字', '𠀁'],
  ])('leaves a token with a character %s to the string table', (_name, a, b) => {
    expect(packCjk(cp(a), cp(b))).toBe(-1);
    expect(cjkString(cp(a), cp(b))).toBe(a + b);
  });

  it('sorts every term starting with a character into one range', () => {
    const keys = ['算', '算力', '算法', '管算'].map((t) => packCjk(cp(t[0]), t[1] ? cp(t[1]) : 0));
    const [lo, hi] = termLookup({ term: '算', prefix: true }).keyRange!;
    expect(keys.map((k) => k >= lo && k <= hi)).toEqual([true, true, true, false]);
  });
});

describe('termLookup', () => {
  it.each([
    // query term → packed key range, word
    [{ term: '算力', prefix: false }, [0x7b97529b, 0x7b97529b], null],
    [{ term: '算', prefix: true }, [0x7b970000, 0x7b97ffff], '算'],
    [{ term: 'waic', prefix: false }, null, 'waic'],
    [{ term: '17.7', prefix: false }, null, '17.7'],
    [{ term: '𠀀', prefix: true }, null, '𠀀'],
    [{ term: '字𠀁', prefix: false }, null, '字𠀁'],
  ])('%j', (term, keyRange, word) => {
    const lookup = termLookup(term);
    expect(lookup.keyRange).toEqual(keyRange);
    expect(lookup.word).toBe(word);
  });
});

describe('prefixWeight', () => {
  it.each([
    [1, 1, 1],
    [1, 2, (0.375 * 2) / 2.3],
    [2, 3, (0.375 * 3) / 3.3],
  ])('query length %i, term length %i → %f (MiniSearch’s)', (q, t, w) => {
    expect(prefixWeight(q, t)).toBeCloseTo(w, 12);
  });
});
