import { describe, expect, it } from 'vitest';
import { SAMPLE_EN, SAMPLE_ZH } from '../../tests/fixtures/texts';
import { normaliseForIdentity, normaliseUrl, sketchSimilarity, textSketch } from './text-identity';

describe('identity normalisation (NFKC, White_Space removed)', () => {
  it.each([
    ['indentation and line breaks', '　　第一段。\n\n　　第二段。', '第一段。第二段。'],
    ['full-width digits and letters', '２０２３年ＡＩ大会', '2023年AI大会'],
    ['NBSP, tabs and spaces between CJK and Latin', 'AI\u00a0大模型\t与 GPU', 'AI大模型与GPU'],
    ['compatibility characters', '㈱ ﬁle ①', '(株)file1'],
  ])('%s', (_name, text, expected) => {
    expect(normaliseForIdentity(text)).toBe(expected);
  });
});

describe('text sketch', () => {
  const revised = SAMPLE_ZH.replace('17.7万人次', '17.8万人次').replace('均创历史新高。', '均创历史新高。本届大会首次设立青年论坛。');
  it.each([
    ['the same text, other layout', SAMPLE_ZH.replace(/\n　　/g, '\n\n'), 1, 1],
    ['a lightly revised copy', revised, 0.7, 1],
    ['the English report of the same event', SAMPLE_EN, 0, 0.1],
    ['an unrelated Chinese notice', '国家能源局发布数据显示，上半年全国新型储能装机规模同比增长一倍以上，多地储能电站集中并网。'.repeat(5), 0, 0.1],
  ])('%s', (_name, other, min, max) => {
    const sim = sketchSimilarity(textSketch(SAMPLE_ZH), textSketch(other))!;
    expect(sim).toBeGreaterThanOrEqual(min);
    expect(sim).toBeLessThanOrEqual(max);
  });

  it('is 256 hex digits, also for short and empty texts; malformed sketches compare as null', () => {
    for (const t of ['', '短', SAMPLE_ZH]) expect(textSketch(t)).toMatch(/^[0-9a-f]{256}$/);
    expect(sketchSimilarity('xyz', textSketch(SAMPLE_ZH))).toBeNull();
  });
});

describe('URL normalisation', () => {
  it.each([
    ['https://www.gov.cn/zhengce/2023-07/10/content_1.htm', 'http://gov.cn/zhengce/2023-07/10/content_1.htm#top', true],
    ['https://example.org/a/?utm_source=wechat&id=2&b=1', 'https://example.org/a?b=1&id=2', true],
    ['https://example.org/a', 'https://example.org/b', false],
    ['https://example.org:8443/a', 'https://example.org/a', false],
  ])('%s vs %s', (a, b, same) => {
    expect(normaliseUrl(a) === normaliseUrl(b)).toBe(same);
  });
  it.each(['javascript:alert(1)', 'file:///etc/passwd', 'not a url', 'mailto:a@b.c'])('refuses %s', (u) => {
    expect(normaliseUrl(u)).toBeNull();
  });
});
