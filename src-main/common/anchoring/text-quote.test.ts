import { SAMPLE_ZH } from '../../../tests/fixtures/texts';
import { describe, expect, it } from 'vitest';
import { describeRange, findQuoteForCli } from './describe';
import { checkRange, describePosition, readPosition } from './text-position';
import { QUOTE_CONTEXT_CHARS, describeQuote } from './text-quote';

const ZH = SAMPLE_ZH;

describe('describeQuote', () => {
  it('keeps 32 UTF-16 code units of context on each side', () => {
    const at = ZH.indexOf('人工智能应用场景加速拓展');
    const q = describeQuote(ZH, at, at + 12);
    expect(q).toEqual({
      type: 'TextQuoteSelector',
      exact: '人工智能应用场景加速拓展',
      prefix: ZH.slice(at - 32, at),
      suffix: ZH.slice(at + 12, at + 44),
    });
    expect(q.prefix).toHaveLength(QUOTE_CONTEXT_CHARS);
    expect(q.prefix.endsWith('健康发展。\n　　')).toBe(true);
  });

  it.each([
    ['start of text', 0, 5, '', 32],
    ['end of text', ZH.length - 5, ZH.length, 32, ''],
  ])('clips context at the %s', (_name, start, end, prefix, suffix) => {
    const q = describeQuote(ZH, start, end);
    if (typeof prefix === 'number') expect(q.prefix).toHaveLength(prefix);
    else expect(q.prefix).toBe(prefix);
    if (typeof suffix === 'number') expect(q.suffix).toHaveLength(suffix);
    else expect(q.suffix).toBe(suffix);
  });

  it('never splits a surrogate pair (rare CJK characters, emoji) at the edge of the context', () => {
    // '𠮷' (U+20BB7) is two UTF-16 code units; place it so a 32-unit cut would split it.
    const text = `𠮷${'一'.repeat(31)}QUOTE${'二'.repeat(31)}𠮷尾`;
    const at = text.indexOf('QUOTE');
    const q = describeQuote(text, at, at + 5);
    expect(q.prefix).toBe('一'.repeat(31));
    expect(q.suffix).toBe('二'.repeat(31));
    const whole = describeQuote(`甲𠮷${'一'.repeat(30)}QUOTE`, 33, 38);
    expect(whole.prefix).toBe(`𠮷${'一'.repeat(30)}`);
  });

  it.each([
    [-1, 3],
    [3, 3],
    [5, 2],
    [0, ZH.length + 1],
    [0.5, 3],
  ])('rejects the range %s–%s', (start, end) => {
    expect(() => describeQuote(ZH, start, end)).toThrow(RangeError);
    expect(() => checkRange(ZH, start, end)).toThrow(RangeError);
  });
});

describe('position selectors', () => {
  it('describes and reads back', () => {
    const p = describePosition(3, 9);
    expect(p).toEqual({ type: 'TextPositionSelector', start: 3, end: 9 });
    expect(readPosition(ZH, p)).toBe(ZH.slice(3, 9));
    expect(readPosition(ZH, describePosition(3, ZH.length + 1))).toBeNull();
    expect(readPosition(ZH, describePosition(4, 4))).toBeNull();
  });

  it('describeRange gives both selectors, quote first', () => {
    const at = ZH.indexOf('徐晓兰');
    expect(describeRange(ZH, at, at + 3)).toEqual([describeQuote(ZH, at, at + 3), describePosition(at, at + 3)]);
  });
});

describe('findQuoteForCli', () => {
  const SENTENCE = '大会共对接210家上下游企业，达成110亿元意向采购金额，推动32个重大产业项目签约，项目投资总额288亿元';
  const lead = ZH.indexOf(SENTENCE);
  const paragraph = ZH.indexOf(SENTENCE, lead + 1);
  it.each([
    {
      name: 'unique quote',
      quote: '徐晓兰',
      prefix: undefined,
      suffix: undefined,
      want: { kind: 'found', start: ZH.indexOf('徐晓兰'), end: ZH.indexOf('徐晓兰') + 3 },
    },
    { name: 'absent quote', quote: '量子计算', prefix: undefined, suffix: undefined, want: { kind: 'not-found' } },
    { name: 'ASCII comma where the text has a full-width one', quote: '面向未来,上海', prefix: undefined, suffix: undefined, want: { kind: 'not-found' } },
    { name: 'repeated sentence', quote: SENTENCE, prefix: undefined, suffix: undefined, want: { kind: 'ambiguous', count: 2 } },
    {
      name: 'repeated sentence, prefix picks the lead',
      quote: SENTENCE,
      prefix: '在上海举办。',
      suffix: undefined,
      want: { kind: 'found', start: lead, end: lead + SENTENCE.length },
    },
    {
      name: 'repeated sentence, suffix picks the paragraph',
      quote: SENTENCE,
      prefix: undefined,
      suffix: '。大会的磁场效应',
      want: { kind: 'found', start: paragraph, end: paragraph + SENTENCE.length },
    },
    { name: 'prefix shared by both copies', quote: SENTENCE, prefix: '。', suffix: undefined, want: { kind: 'ambiguous', count: 2 } },
    { name: 'context that fits no copy', quote: SENTENCE, prefix: '不存在的前文', suffix: undefined, want: { kind: 'not-found', occurrences: 2 } },
    {
      name: 'three copies of the title phrase',
      quote: '推动32个重大产业项目签约，项目投资总额288亿元',
      prefix: undefined,
      suffix: '\n',
      want: { kind: 'found', start: 0, end: '推动32个重大产业项目签约，项目投资总额288亿元'.length },
    },
    { name: 'empty quote', quote: '', prefix: undefined, suffix: undefined, want: { kind: 'not-found' } },
  ])('$name', ({ quote, prefix, suffix, want }) => {
    expect(findQuoteForCli(ZH, quote, prefix, suffix)).toEqual(want);
  });
});
