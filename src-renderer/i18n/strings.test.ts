/**
 * The string table: both languages have the same keys, every message is
 * valid ICU MessageFormat and formats with values for its placeholders, and
 * counts take the right plural form ("1 article", "2 articles", grouped
 * thousands) through Intl.PluralRules.
 */
import { describe, expect, it } from 'vitest';
import { IntlMessageFormat } from 'intl-messageformat';
import { LOCALES, STRINGS, translate, type StringKey } from './strings';

const keys = Object.keys(STRINGS['zh-CN']) as StringKey[];

/** Placeholder names of a message (`{name}`, `{count, plural, …}`). */
function placeholders(template: string): string[] {
  return [...template.matchAll(/\{\s*(\w+)\s*(?:[,}])/g)].map((m) => m[1]);
}

describe('strings', () => {
  it('has the same keys in both languages', () => {
    expect(Object.keys(STRINGS.en).sort()).toEqual([...keys].sort());
  });

  it.each(LOCALES)('compiles and formats every %s message with its placeholders filled', (locale) => {
    for (const key of keys) {
      const template = STRINGS[locale][key];
      expect(() => new IntlMessageFormat(template, locale, undefined, { ignoreTag: true }), key).not.toThrow();
      const vars = Object.fromEntries(placeholders(template).map((name) => [name, name === 'more' ? 'no' : 3]));
      const text = translate(locale, key, vars);
      expect(text, key).not.toMatch(/\{|plural,|select,/);
    }
  });

  it.each([
    ['en', 'library.count', { count: 1 }, '1 article'],
    ['en', 'library.count', { count: 2 }, '2 articles'],
    ['en', 'library.count', { count: 0 }, '0 articles'],
    ['en', 'library.count', { count: 12345 }, '12,345 articles'],
    ['zh-CN', 'library.count', { count: 1 }, '1 篇文章'],
    ['en', 'brief.added', { count: 1 }, 'Added 1 highlight'],
    ['en', 'brief.synced', { updated: 1, missing: 2 }, 'Updated 1 item; 2 highlights no longer exist'],
    ['en', 'brief.synced', { updated: 3, missing: 1 }, 'Updated 3 items; 1 highlight no longer exists'],
    ['en', 'reader.editSaved', { moved: 1, orphaned: 0 }, 'Text corrected: 1 highlight moved, 0 could not be placed.'],
    ['en', 'search.count', { count: 1, more: 'no', ms: '4' }, '1 article (4 ms)'],
    ['en', 'search.count', { count: 50, more: 'yes', ms: '12' }, '50+ articles (12 ms)'],
    ['zh-CN', 'search.count', { count: 50, more: 'yes', ms: '12' }, '50+ 篇（12 毫秒）'],
    ['en', 'search.unsearchable', { count: 1 }, '1 article could not be read in full (text or notes) and was searched only in part; see the library problems.'],
    [
      'en',
      'search.unsearchable',
      { count: 3 },
      '3 articles could not be read in full (text or notes) and were searched only in part; see the library problems.',
    ],
    ['zh-CN', 'search.unsearchable', { count: 2 }, '另有 2 篇文章的部分内容（正文或批注）无法读取，未被搜索；详见文库问题。'],
    ['en', 'annot.importCount', { count: 1 }, '1 annotation'],
  ] as const)('%s %s %j → %s', (locale, key, vars, expected) => {
    expect(translate(locale, key, vars)).toBe(expected);
  });

  it('takes the singular for a count of one in every English message (no “1 articles”)', () => {
    const nouns = /\b1 (articles|highlights|briefings|notes|annotations|items|files|folders|sections|tags|characters|problems|pages|words|sources|colours)\b/;
    for (const key of keys) {
      const vars = Object.fromEntries(placeholders(STRINGS.en[key]).map((name) => [name, 1]));
      expect({ key, text: translate('en', key, vars) }).not.toEqual({ key, text: expect.stringMatching(nouns) });
    }
  });

  it('leaves a placeholder it has no value for visible instead of failing', () => {
    expect(translate('en', 'import.done', {})).toContain('{title}');
    expect(translate('en', 'library.count')).not.toBe('');
  });
});
