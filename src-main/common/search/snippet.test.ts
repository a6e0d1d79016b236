/**
 * Snippets on the sample article: the best occurrence, the cut, the marks,
 * and the marked-string form the CLI prints.
 */
import { describe, expect, it } from 'vitest';
import { SAMPLE_ZH } from '../../../tests/fixtures/texts';
import { buildSnippet, isWordAligned, snippetToMarkedString, type Snippet } from './snippet';
import { parseQuery } from './tokenize';

const sample = SAMPLE_ZH;

describe('isWordAligned (Intl.Segmenter)', () => {
  it.each([
    ['算力规模位居全球第二', '算力', true],
    ['企业打算力求在年内完成改造', '算力', false],
    ['工信部副部长徐晓兰介绍', '徐晓兰', true],
    ['工信部副部长徐晓兰介绍', '晓兰介', false],
  ])('%s / %s → %s', (text, word, expected) => {
    const start = text.indexOf(word);
    expect(isWordAligned(text, start, start + word.length)).toBe(expected);
  });
});

describe('buildSnippet', () => {
  it.each(['算力', '徐晓兰', '智能网联汽车', '288亿元', '磁场效应'])('marks %s inside a short excerpt of the sample', (query) => {
    const { snippet, best } = buildSnippet(sample, parseQuery(query).parts);
    expect(best).not.toBeNull();
    expect(sample.slice(best!.start, best!.end)).toBe(query);
    expect(snippet.text.length).toBeGreaterThanOrEqual(40);
    expect(snippet.text.length).toBeLessThanOrEqual(130);
    expect(snippet.marks.length).toBeGreaterThan(0);
    for (const [s, e] of snippet.marks) expect(snippet.text.slice(s, e)).toBe(query);
    expect(sample.slice(snippet.start, snippet.end).replace(/\n/g, ' ')).toBe(snippet.text);
    expect(snippet.start).toBeLessThanOrEqual(best!.start);
    expect(snippet.end).toBeGreaterThanOrEqual(best!.end);
  });

  it('prefers the body to the title line', () => {
    const titleEnd = sample.indexOf('\n');
    const { best } = buildSnippet(sample, parseQuery('288亿元').parts, { avoid: [[0, titleEnd]] });
    expect(best!.start).toBeGreaterThan(titleEnd);
  });

  it('prefers an occurrence that is a whole word', () => {
    const text = '企业打算力求在年内完成改造。\n当前算力规模位居全球第二。';
    const { best } = buildSnippet(text, parseQuery('算力').parts);
    expect(best!.start).toBe(text.indexOf('算力规模'));
  });

  it('prefers an occurrence with the other parts nearby', () => {
    const { best } = buildSnippet(sample, parseQuery('算力 供给').parts);
    expect(sample.slice(best!.start - 40, best!.end + 40)).toMatch(/供给/);
  });

  it('starts at a sentence or line start when one is near', () => {
    const { snippet } = buildSnippet(sample, parseQuery('徐晓兰').parts);
    expect(snippet.text.startsWith('工信部副部长徐晓兰介绍')).toBe(true);
  });

  it('maps marks back through NFKC (full-width text, half-width query)', () => {
    const text = '大会简称ＷＡＩＣ，今年在上海举办。';
    const { snippet } = buildSnippet(text, parseQuery('waic').parts);
    expect(snippet.marks.map(([s, e]) => snippet.text.slice(s, e))).toEqual(['ＷＡＩＣ']);
  });

  it('falls back to the start of the body when the text has no match', () => {
    const titleEnd = sample.indexOf('\n');
    const { snippet, best } = buildSnippet(sample, parseQuery('不存在的词').parts, { avoid: [[0, titleEnd]] });
    expect(best).toBeNull();
    expect(snippet.marks).toEqual([]);
    expect(snippet.start).toBeGreaterThan(titleEnd);
  });
});

describe('snippetToMarkedString', () => {
  const snippet: Snippet = {
    text: '目前我国超算、智算、云算协同发力，算力规模位居全球第二',
    start: 10,
    end: 37,
    marks: [[17, 19]],
    truncatedStart: true,
    truncatedEnd: true,
  };
  it.each([
    [[], '…目前我国超算、智算、云算协同发力，[算力]规模位居全球第二…'],
    [['<mark>', '</mark>', ''], '目前我国超算、智算、云算协同发力，<mark>算力</mark>规模位居全球第二'],
  ] as Array<[string[], string]>)('%j', (args, expected) => {
    expect(snippetToMarkedString(snippet, ...(args as [string?, string?, string?]))).toBe(expected);
  });
});
