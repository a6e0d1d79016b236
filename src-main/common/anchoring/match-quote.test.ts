import { SAMPLE_ZH } from '../../../tests/fixtures/texts';
import { describe, expect, it } from 'vitest';
import { defaultMaxErrors, exactMatches, matchQuote, similarity } from './match-quote';

const ZH = SAMPLE_ZH;
const SENTENCE = '大会共对接210家上下游企业，达成110亿元意向采购金额，推动32个重大产业项目签约，项目投资总额288亿元';
const LEAD = ZH.indexOf(SENTENCE);
const PARAGRAPH = ZH.indexOf(SENTENCE, LEAD + 1);
const context = (at: number, quote: string) => ({
  prefix: ZH.slice(at - 32, at),
  suffix: ZH.slice(at + quote.length, at + quote.length + 32),
});

describe('exactMatches', () => {
  it.each([
    ['repeated sentence', SENTENCE, 2],
    ['title phrase inside it', '推动32个重大产业项目签约，项目投资总额288亿元', 3],
    ['overlapping occurrences', '算力', ZH.split('算力').length - 1],
    ['absent', '量子计算', 0],
    ['empty quote', '', 0],
  ])('%s', (_name, quote, n) => {
    expect(exactMatches(ZH, quote)).toHaveLength(n);
  });

  it('respects the from/to window', () => {
    expect(exactMatches(ZH, SENTENCE, LEAD + 1)).toEqual([{ start: PARAGRAPH, end: PARAGRAPH + SENTENCE.length, errors: 0 }]);
    expect(exactMatches(ZH, SENTENCE, 0, PARAGRAPH + 5)).toHaveLength(1);
  });
});

describe('matchQuote', () => {
  it.each([
    { name: 'lead copy by its context', at: LEAD, hint: undefined },
    { name: 'paragraph copy by its context', at: PARAGRAPH, hint: undefined },
    { name: 'lead copy by context despite a hint near the other copy', at: LEAD, hint: PARAGRAPH },
    { name: 'paragraph copy by context despite a hint at the lead', at: PARAGRAPH, hint: LEAD },
  ])('$name', ({ at, hint }) => {
    const m = matchQuote(ZH, SENTENCE, { ...context(at, SENTENCE), hint });
    expect(m).toMatchObject({ start: at, end: at + SENTENCE.length, errors: 0 });
    expect(m!.score).toBeGreaterThan(0.97);
  });

  it('without context, the hint breaks the tie', () => {
    expect(matchQuote(ZH, SENTENCE, { hint: PARAGRAPH - 3 })?.start).toBe(PARAGRAPH);
    expect(matchQuote(ZH, SENTENCE, { hint: LEAD + 3 })?.start).toBe(LEAD);
  });

  it('finds an edited quote approximately and scores it lower', () => {
    const quote = '工信部将以人工智能与实体经济融合为主线';
    const at = ZH.indexOf(quote);
    const edited = '工信部将以人工智能和实体经济深度融合为主线';
    const m = matchQuote(ZH, edited, { ...context(at, quote), hint: at });
    expect(m).toMatchObject({ start: at, end: at + quote.length, errors: 3 });
    expect(m!.score).toBeLessThan(1);
    expect(m!.score).toBeGreaterThan(0.8);
  });

  it.each([
    ['empty quote', ''],
    ['unrelated English', 'Shanghai AI conference lines up investment'],
  ])('returns null for %s', (_name, quote) => {
    expect(matchQuote(ZH, quote)).toBeNull();
  });

  it('allows at most half the quote in errors, capped at 256', () => {
    expect(defaultMaxErrors(10)).toBe(5);
    expect(defaultMaxErrors(11)).toBe(5);
    expect(defaultMaxErrors(10000)).toBe(256);
  });
});

describe('similarity', () => {
  it.each([
    ['identical', '面向未来，', '面向未来，', 1],
    ['contained', '……面向未来，上海', '面向未来，', 1],
    ['one of five changed', '面向将来，', '面向未来，', 0.8],
    ['nothing in common', 'abcde', '面向未来，', 0],
    ['empty expectation', 'anything', '', 1],
    ['empty actual', '', '面向', 0],
  ])('%s', (_name, actual, expected, score) => {
    expect(similarity(actual, expected)).toBeCloseTo(score, 5);
  });
});
