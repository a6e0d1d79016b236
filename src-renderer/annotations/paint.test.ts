/**
 * Painting: colours, note markers and the focus range per segment, and the
 * per-block cache that lets unchanged blocks skip re-rendering.
 */
import { describe, expect, it } from 'vitest';
import { blockIndexAt, FOCUS_ID, paintBlocks, type PaintCache } from './paint';
import { annotationOn, sampleArticle } from './test-fixtures';

const article = sampleArticle();
const index = (phrase: string) => blockIndexAt(article.blocks, article.text.indexOf(phrase));

describe('paintBlocks', () => {
  it('paints colours innermost first, marks where a note ends, and skips orphans', () => {
    const outer = annotationOn(article, '我国人工智能核心产业规模', { color: 'policy', note: '口径待核' });
    const inner = annotationOn(article, '核心产业', { color: 'risk' });
    const orphan = annotationOn(article, '开放共建', { orphan: true });
    const painted = paintBlocks(article.blocks, [outer, inner, orphan], null, new Map());
    const p = painted[index('核心产业')];
    const show = p.filter((s) => s.ids.length).map((s) => [article.text.slice(s.start, s.end), s.colors.join('+'), s.noteEnd]);
    expect(show).toEqual([
      ['我国人工智能', 'policy', false],
      ['核心产业', 'risk+policy', false],
      ['规模', 'policy', true],
    ]);
    expect(painted[index('开放共建')].every((s) => s.ids.length === 0)).toBe(true);
  });

  it('marks the focus range without making it an annotation', () => {
    const start = article.text.indexOf('5000亿元');
    const painted = paintBlocks(article.blocks, [], { start, end: start + 6 }, new Map());
    const focus = painted[index('5000亿元')].filter((s) => s.focus);
    expect(focus).toHaveLength(1);
    expect(focus[0].ids).toEqual([]);
    expect(focus[0].ids).not.toContain(FOCUS_ID);
  });

  it('returns the same arrays for blocks whose painting did not change', () => {
    const cache: PaintCache = new Map();
    const a = annotationOn(article, '核心产业规模');
    const first = paintBlocks(article.blocks, [a], null, cache);
    const b = annotationOn(article, '开放共建', { color: 'figure' });
    const second = paintBlocks(article.blocks, [a, b], null, cache);
    expect(second[index('核心产业规模')]).toBe(first[index('核心产业规模')]);
    expect(second[0]).toBe(first[0]);
    expect(second[index('开放共建')]).not.toBe(first[index('开放共建')]);
    // A colour change repaints only its block.
    const third = paintBlocks(article.blocks, [a, { ...b, color: 'risk' }], null, cache);
    expect(third[index('核心产业规模')]).toBe(first[index('核心产业规模')]);
    expect(third[index('开放共建')]).not.toBe(second[index('开放共建')]);
  });
});

describe('blockIndexAt', () => {
  it.each([
    [0, 0],
    [article.blocks[2].start + 3, 2],
    [article.blocks[1].end, -1], // the "\n" between blocks
    [article.text.length, -1],
  ])('offset %i → block %i', (offset, expected) => {
    expect(blockIndexAt(article.blocks, offset)).toBe(expected);
  });
});
