import { describe, expect, it } from 'vitest';
import { normalizeCharacters, unifiedIdeograph } from './normalize-characters';

describe('normalizeCharacters', () => {
  it('turns Kangxi radicals from PDF text layers into unified ideographs', () => {
    expect(normalizeCharacters('深化改⾰，推进⼯作，保障电⼒供应。⼀、总体要求')).toBe('深化改革，推进工作，保障电力供应。一、总体要求');
  });

  it('turns CJK Radicals Supplement forms into the ideographs they stand for', () => {
    // ⻓ U+2ED3, ⻔ U+2ED4, ⻢ U+2EE2, ⻛ U+2EDB: the simplified radical forms.
    expect(normalizeCharacters('\u2ed3江\u2ed4户\u2ee2上\u2edb险')).toBe('长江门户马上风险');
  });

  it('turns compatibility ideographs into unified ones and leaves the unified ideographs of that block', () => {
    expect(normalizeCharacters('\uf900\uf9dc')).toBe('\u8c48\u9686');
    expect(normalizeCharacters('\ufa0e\ufa0f')).toBe('\ufa0e\ufa0f');
    expect(normalizeCharacters('\u{2f800}')).toBe('\u4e3d');
  });

  it('leaves full-width punctuation, digits, letters and spaces alone (unlike NFKC)', () => {
    const text = '（一）２０２４年，ＧＤＰ增长５％；“十四五”规划：Ａ级　——！？';
    expect(normalizeCharacters(text)).toBe(text);
    expect(text.normalize('NFKC')).not.toBe(text);
  });

  it('maps every Kangxi radical as NFKC does, and every mapped character to a unified ideograph', () => {
    for (let cp = 0x2e80; cp <= 0x2fdf; cp++) {
      const ch = String.fromCodePoint(cp);
      const out = unifiedIdeograph(ch);
      if (cp >= 0x2f00 && cp <= 0x2fd5) expect(out).toBe(ch.normalize('NFKC'));
      if (out !== ch) expect(out).toMatch(/^[\u3400-\u9fff\u{20000}-\u{2ffff}]$/u);
    }
  });

  it('may lengthen the text where a radical stands for an ideograph outside the BMP', () => {
    expect(normalizeCharacters('\u2e87')).toBe('\u{20628}');
  });
});
