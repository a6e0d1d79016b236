import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { OffsetConverter } from './code-points';

describe('OffsetConverter', () => {
  it.each([
    [
      'BMP only (Chinese)',
      '人工智能大会在上海举办',
      [
        [0, 0],
        [4, 4],
        [11, 11],
      ],
    ],
    [
      'rare CJK character 𠮷 first',
      '𠮷野家的牛肉饭',
      [
        [0, 0],
        [2, 1],
        [3, 2],
        [8, 7],
      ],
    ],
    [
      'emoji in the middle',
      'AI 😀 大会',
      [
        [3, 3],
        [5, 4],
        [6, 5],
        [8, 7],
      ],
    ],
    [
      'two astral characters in a row',
      '𠮷😀x',
      [
        [2, 1],
        [4, 2],
        [5, 3],
      ],
    ],
  ] as const)('%s', (_name, text, pairs) => {
    const c = new OffsetConverter(text);
    for (const [utf16, cp] of pairs) {
      expect(c.toCodePoints(utf16)).toBe(cp);
      expect(c.toUtf16(cp)).toBe(utf16);
    }
    expect(c.codePointLength).toBe([...text].length);
  });

  it('the issue’s example: with 𠮷 and 😀 earlier, UTF-16 25 is code point 23', () => {
    const text = '𠮷😀' + '人工智能产业规模持续扩大，我国的计算能力为' + '算力规模位居全球第二';
    const at = text.indexOf('算力');
    expect(at).toBe(25);
    expect(new OffsetConverter(text).toCodePoints(at)).toBe(23);
    expect([...text].slice(23, 25).join('')).toBe('算力');
  });

  it('refuses offsets beyond the text and inside nothing', () => {
    const c = new OffsetConverter('a😀b');
    expect(c.toUtf16(4)).toBeNull();
    expect(c.toUtf16(-1)).toBeNull();
    expect(c.toUtf16(1.5)).toBeNull();
    expect(c.toCodePoints(2)).toBe(1); // inside the surrogate pair: the character's start
  });

  it('round-trips every code-point offset (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', '中', '𠮷', '😀', '\n', '\ud800'), { maxLength: 60 }), (chars) => {
        const text = chars.join('');
        const c = new OffsetConverter(text);
        for (let cp = 0; cp <= c.codePointLength; cp++) expect(c.toCodePoints(c.toUtf16(cp)!)).toBe(cp);
        expect(c.codePointLength).toBe([...text].length);
      }),
    );
  });
});
