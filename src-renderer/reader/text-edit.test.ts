/**
 * A corrected block becomes the smallest replacement of the canonical text.
 */
import { describe, expect, it } from 'vitest';
import { minimalReplacement, normaliseBlockText } from './text-edit';

describe('minimalReplacement', () => {
  it.each([
    ['typo fix', '企业数量超过4300家', '企业数量超过4300余家', { start: 110, end: 110, text: '余' }],
    ['word replaced', '核心产业规模达到', '核心产业总量达到', { start: 104, end: 106, text: '总量' }],
    ['deletion', '上下游上下游企业', '上下游企业', { start: 103, end: 106, text: '' }],
    ['OCR fix at the start', '入工智能', '人工智能', { start: 100, end: 101, text: '人' }],
    ['surrogate pair kept whole', 'a𠮷b', 'a𠮾b', { start: 101, end: 103, text: '𠮾' }],
  ])('%s', (_name, before, after, expected) => {
    const r = minimalReplacement(before, after, 100)!;
    expect(r).toEqual(expected);
    expect(before.slice(0, r.start - 100) + r.text + before.slice(r.end - 100)).toBe(after);
  });

  it('is null when nothing changed', () => {
    expect(minimalReplacement('不变', '不变', 0)).toBeNull();
  });
});

describe('normaliseBlockText', () => {
  it('drops line breaks and edge white space', () => {
    expect(normaliseBlockText('\u3000\u3000当前，\n我国 ')).toBe('当前， 我国');
  });
});
