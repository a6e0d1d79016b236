/**
 * Cached texts: the normalised text for matching, the original rebuilt in
 * any window, and snippets identical to those cut from the original string.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeWithMap, parseQuery } from '../../common/search/tokenize';
import { buildSnippet } from '../../common/search/snippet';
import { CachedText } from './cached-text';

const SAMPLE = readFileSync(join(__dirname, '../../../resources/rmrb-2023-waic-ai-conference.txt'), 'utf8');

describe('CachedText', () => {
  it.each([
    ['Chinese news text (full-width punctuation, ideographic spaces)', SAMPLE],
    ['Latin capitals and full-width letters', 'WAIC ＷＡＩＣ 2023：Ｓｈａｎｇｈａｉ'],
    ['normalisation that changes the length (㎡, combining marks)', '面积120㎡，cafe\u0301 与 café'],
    ['text that normalisation leaves alone', '算力 数据中心 waic'],
    ['English in capitals (the original is kept whole)', 'THE WORLD ARTIFICIAL INTELLIGENCE CONFERENCE'],
    ['nothing', ''],
  ])('gives back the original in every window: %s', (_name, text) => {
    const cached = CachedText.of(text);
    expect(cached.norm).toEqual(normalizeWithMap(text));
    expect(cached.length).toBe(text.length);
    expect(cached.toString()).toBe(text);
    for (let start = 0; start <= text.length; start += 7) {
      for (const width of [0, 1, 5, 40]) expect(cached.slice(start, start + width)).toBe(text.slice(start, start + width));
      expect(cached.charAt(start)).toBe(text.charAt(start));
    }
    expect(cached.slice(text.length + 5, text.length + 9)).toBe('');
    expect(cached.charAt(-1)).toBe('');
  });

  it('costs little more than the normalised text for Chinese prose', () => {
    const cached = CachedText.of(SAMPLE);
    expect(cached.units).toBeLessThan(SAMPLE.length * 1.3);
  });

  it.each(['算力', '徐晓兰', 'WAIC', '288亿元', '人工智能 上海', '"connected vehicles"'])('cuts the same snippet for %s as the original string', (query) => {
    const text = SAMPLE + '\nThe WAIC showed Intelligent connected vehicles.';
    const { parts } = parseQuery(query);
    const cached = CachedText.of(text);
    const fromCache = buildSnippet(cached, parts, { norm: cached.norm, length: 100 });
    expect(fromCache).toEqual(buildSnippet(text, parts, { length: 100 }));
  });
});
