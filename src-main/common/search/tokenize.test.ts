/**
 * The search tokenizer on real newspaper prose: what the index stores, what a
 * query looks up, and which queries must be confirmed as phrases.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SAMPLE_ZH } from '../../../tests/fixtures/texts';
import { indexTokens, normalizeText, normalizeWithMap, parseQuery, partsOccurIn, scanIndexTokens, toOriginalOffset } from './tokenize';

describe('indexTokens', () => {
  it.each([
    ['CJK runs become overlapping bigrams plus the run’s last character', '算力底座', ['算力', '力底', '底座', '座']],
    ['a one-character run is its own token', '数据、算、网', ['数据', '据', '算', '网']],
    ['numbers and CJK split apart', '项目投资总额288亿元', ['项目', '目投', '投资', '资总', '总额', '额', '288', '亿元', '元']],
    ['Latin words are whole and lowercased', 'WAIC 2023 opens', ['waic', '2023', 'opens']],
    ['full-width Latin and digits are folded by NFKC', 'ＷＡＩＣ２０２３', ['waic2023']],
    ['decimals stay one token', '17.7万人次', ['17.7', '万人', '人次', '次']],
    ['thousands separators are dropped', '1,400 guests', ['1400', 'guests']],
    ['Latin glued to Chinese splits at the script change', 'AI大会', ['ai', '大会', '会']],
    ['punctuation separates runs', '“四大功能”，', ['四大', '大功', '功能', '能']],
    ['kana and hangul are CJK too', 'データ 데이터', ['デー', 'ータ', 'タ', '데이', '이터', '터']],
    ['characters outside the BMP count as one', '𠀀𠀁字', ['𠀀𠀁', '𠀁字', '字']],
  ])('%s', (_name, text, expected) => {
    expect(indexTokens(text)).toEqual(expected);
  });

  it('cuts very long words', () => {
    expect(indexTokens('x'.repeat(100))).toEqual(['x'.repeat(40)]);
  });
});

describe('scanIndexTokens', () => {
  /** The scanned tokens spelled as strings. */
  function scanned(text: string): string[] {
    const out: string[] = [];
    scanIndexTokens(text, {
      cjk: (a, b) => out.push(b ? String.fromCodePoint(a, b) : String.fromCodePoint(a)),
      word: (w) => out.push(w),
    });
    return out;
  }

  it.each([
    ['a CJK run', '算力底座'],
    ['a one-character run', '数据、算、网'],
    ['numbers and decimals', '项目投资总额288亿元，增长17.7%，1,400 guests'],
    ['full-width Latin', 'ＷＡＩＣ２０２３ opens'],
    ['kana and hangul', 'データ 데이터'],
    ['characters outside the BMP', '𠀀𠀁字 古𠀂'],
    ['a long word', 'x'.repeat(100)],
    ['the sample article', SAMPLE_ZH],
  ])('gives the tokens of indexTokens for %s', (_name, text) => {
    expect(scanned(text)).toEqual(indexTokens(text));
  });

  it('gives the tokens of indexTokens for any mix of scripts, digits, separators and marks', () => {
    // Characters at the edges of the classes: iteration marks and the prolonged sound mark (CJK), full-width
    // digits and letters (NFKC), combining marks, digits of other scripts, separators that numbers keep or drop,
    // letters whose lowercase differs in length, surrogate pairs.
    const alphabet = [...'算力数据默想认々〇ーカナ한글', ...'aZéß İ', ...'0123٣৪１２', ...',.，。、-_/ \n', '\u0301', '\u200b', '𠀀', '😀', 'ﬁ', '㎡'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 60 }), (chars) => {
        const text = chars.join('');
        expect(scanned(text)).toEqual(indexTokens(text));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseQuery', () => {
  const cases: Array<[string, string[], boolean]> = [
    // query, candidate terms (`*` = prefix), needs the phrase check
    ['算力', ['算力'], false],
    ['默想', ['默想'], false],
    ['徐晓兰', ['徐晓', '晓兰'], true],
    ['智能网联汽车', ['智能', '网联', '汽车'], true],
    ['算力底座', ['算力', '底座'], true],
    ['288亿元', ['288', '亿元'], true],
    ['WAIC', ['waic'], false],
    ['1,400', ['1400'], false],
    ['算', ['*算'], false],
    ['17.7万', ['17.7', '*万'], true],
    ['ai-driven', ['ai', 'driven'], true],
    ['“算力。”', ['算力'], false],
  ];
  it.each(cases)('%s → %j (phrase check: %s)', (query, terms, check) => {
    const parsed = parseQuery(query);
    expect(parsed.terms.map((t) => (t.prefix ? '*' : '') + t.term)).toEqual(terms);
    expect(parsed.needsPhraseCheck).toBe(check);
  });

  it('ANDs whitespace-separated parts and keeps quoted phrases together', () => {
    const parsed = parseQuery('"artificial intelligence" 上海 算力');
    expect(parsed.parts.map((p) => p.text)).toEqual(['artificial intelligence', '上海', '算力']);
    expect(parsed.parts.map((p) => p.needsPhraseCheck)).toEqual([true, false, false]);
  });

  it.each([
    // query, filter terms (the bigrams between the scored ones)
    ['算力', []],
    ['徐晓兰', []],
    ['算力底座', ['力底']],
    ['川藏唁冈', ['藏唁']],
    ['智能网联汽车', ['能网', '联汽']],
    ['数字经济发展', ['字经', '济发']],
    ['288亿元', []],
    ['算力底座 力底', []],
  ])('%s filters by %j as well', (query, filters) => {
    expect(parseQuery(query).filterTerms.map((t) => t.term)).toEqual(filters);
  });

  it('deduplicates terms shared by parts', () => {
    expect(parseQuery('算力 算力规模').terms.map((t) => t.term)).toEqual(['算力', '规模']);
  });

  it('tells a blank query from one with nothing searchable', () => {
    expect(parseQuery('   ')).toMatchObject({ blank: true, terms: [] });
    expect(parseQuery('，。')).toMatchObject({ blank: false, terms: [] });
  });
});

describe('phrase patterns', () => {
  const text = normalizeText('工信部副部长徐晓兰介绍，项目投资总额288亿元。Xinhua said WAIC-2023 drew 1,400 guests.');
  it.each([
    ['徐晓兰', true],
    ['徐晓', true],
    ['晓兰介', true],
    ['徐兰', false],
    ['288亿元', true],
    ['88亿元', false],
    ['ai', false],
    ['said waic', true],
    ['"said   WAIC-2023"', true],
    ['waic-2023', true],
    ['Xinhua', true],
    ['xinhu', false],
  ])('%s occurs: %s', (query, expected) => {
    expect(partsOccurIn(parseQuery(query).parts, [text])).toBe(expected);
  });
});

describe('normalizeWithMap', () => {
  it('keeps offsets when normalisation keeps the length', () => {
    const norm = normalizeWithMap('ＷＡＩＣ　２０２３');
    expect(norm.text).toBe('waic 2023');
    expect(norm.map).toBeUndefined();
  });

  it('maps offsets back when characters expand', () => {
    const original = '面积5㎡，算力';
    const norm = normalizeWithMap(original);
    expect(norm.text).toBe('面积5m2,算力');
    const at = norm.text.indexOf('算力');
    expect(original.slice(toOriginalOffset(norm, at), toOriginalOffset(norm, at + 2))).toBe('算力');
  });
});
