import { describe, expect, it } from 'vitest';
import { normalizeCharacters, removeInvisibles, unifiedIdeograph } from './normalize-characters';

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

  it('removes zero-width and other default-ignorable characters that split words', () => {
    // ZWSP, ZWJ and a BOM between ideographs, a word joiner, a soft hyphen, bidi marks and isolates.
    expect(normalizeCharacters('全\u200b年\u200d完\ufeff成\u2060任务')).toBe('全年完成任务');
    expect(normalizeCharacters('in\u00adfra\u00adstruc\u00adture')).toBe('infrastructure');
    expect(normalizeCharacters('\u200e新华社\u200f\u202a北京\u202c\u2066电\u2069')).toBe('新华社北京电');
    expect(normalizeCharacters('报告\u034f显示\u180e数据\u3164\uffa0增长\ufffc')).toBe('报告显示数据增长');
  });

  it('removes variation selectors after ideographs and controls, keeps them in emoji', () => {
    expect(normalizeCharacters('葛\u{e0100}洲坝\ufe00集团')).toBe('葛洲坝集团');
    expect(normalizeCharacters('电\u0007力\u0085系统\u001b')).toBe('电力系统');
    expect(normalizeCharacters('点赞\u2764\ufe0f')).toBe('点赞\u2764\ufe0f');
    expect(normalizeCharacters('1\ufe0f\u20e3 第一')).toBe('1\ufe0f\u20e3 第一');
    expect(normalizeCharacters('第1\ufe0f期')).toBe('第1期');
  });

  it('keeps ZWJ in emoji sequences and ZWJ/ZWNJ between letters of joining scripts', () => {
    const family = '\u{1f468}\u200d\u{1f469}\u200d\u{1f467}';
    expect(normalizeCharacters(`家庭${family}`)).toBe(`家庭${family}`);
    const persian = 'می\u200cخواهم';
    expect(normalizeCharacters(persian)).toBe(persian);
    const hindi = 'क्\u200dष';
    expect(normalizeCharacters(hindi)).toBe(hindi);
    // Between Latin or Han letters they mean nothing.
    expect(normalizeCharacters('AI\u200c产业\u200dGDP')).toBe('AI产业GDP');
    const england = '\u{1f3f4}\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f}';
    expect(normalizeCharacters(england)).toBe(england);
    expect(normalizeCharacters('中\u{e0041}国')).toBe('中国');
  });

  it('turns other spaces into U+0020 and leaves the ideographic space and tabs alone', () => {
    expect(normalizeCharacters('10\u00a0000 tons\u2002of\u202fcoal\u2028next')).toBe('10 000 tons of coal next');
    expect(normalizeCharacters('第一章\u3000总则\tA')).toBe('第一章\u3000总则\tA');
  });

  it('sees through inline-mark signs when it decides on a joiner', () => {
    const open = '\ufdd0';
    const close = '\ufdd1';
    expect(removeInvisibles(`${open}\u{1f468}${close}\u200d\u{1f469}`)).toBe(`${open}\u{1f468}${close}\u200d\u{1f469}`);
    expect(removeInvisibles(`${open}全${close}\u200b年`)).toBe(`${open}全${close}年`);
  });

  it('returns the same string when there is nothing to remove', () => {
    const text = '国家统计局发布数据显示，2024年一季度国内生产总值同比增长5.3%。';
    expect(removeInvisibles(text)).toBe(text);
  });
});
