/**
 * The table of library problems and notices: every key words its sentence in
 * both languages from its parameters (and only from them), and
 * `isLibraryMessage` accepts exactly what the table declares.
 */
import { describe, expect, it } from 'vitest';
import {
  isLibraryMessage,
  LIBRARY_MESSAGE_KEYS,
  LIBRARY_MESSAGE_PARAMS,
  libraryMessageText,
  libraryMessageWording,
  subjectText,
  type LibraryMessage,
  type LibraryMessageKey,
} from './library-messages';

const HAN = /[\u4e00-\u9fff]/gu;

/** Parameters for `key` with every one given (`full`) or only the required ones; each string value distinct, so a sentence that drops one is caught. */
function sample(key: LibraryMessageKey, full: boolean): LibraryMessage {
  const params: Record<string, unknown> = {};
  for (const [name, type] of Object.entries(LIBRARY_MESSAGE_PARAMS[key] as Record<string, string>)) {
    if (type.endsWith('?') && !full) continue;
    if (type === 'strings') params[name] = [`«${name}-1»`, `«${name}-2»`];
    else if (type.startsWith('string')) params[name] = name === 'thing' ? 'annotations' : `«${name}-值»`;
    else if (type.startsWith('number')) params[name] = 7;
    else if (type === 'boolean') params[name] = true;
  }
  return { key, params } as LibraryMessage;
}

describe('library messages', () => {
  it.each(LIBRARY_MESSAGE_KEYS)('%s: worded in English and in Chinese, naming every parameter it is given', (key) => {
    const wording = libraryMessageWording(key);
    expect(typeof wording.en, `${key} has no English`).toBe('function');
    expect(typeof wording.zh, `${key} has no Chinese`).toBe('function');
    for (const full of [true, false]) {
      const message = sample(key, full);
      expect(isLibraryMessage(message)).toBe(true);
      const en = libraryMessageText(message, 'en');
      const zh = libraryMessageText(message, 'zh');
      const ownHan = (text: string) => (text.replace(/«[^»]*»/g, '').match(HAN) ?? []).length;
      expect(ownHan(en), `English of ${key} has Chinese: ${en}`).toBe(0);
      expect(ownHan(zh), `Chinese of ${key} is not Chinese: ${zh}`).toBeGreaterThanOrEqual(4);
      expect(zh).not.toMatch(/undefined|NaN|\[object/);
      expect(en).not.toMatch(/undefined|NaN|\[object/);
      // Every file name, title and reason given reaches both sentences (except the subject kind, worded).
      for (const [name, value] of Object.entries(message.params)) {
        if (typeof value !== 'string' || name === 'thing' || (name === 'id' && 'thing' in message.params && 'title' in message.params)) continue;
        expect(en, `${key}: English drops ${name}`).toContain(value);
        // The technical reason a newer file was refused is worded in Chinese from its version instead.
        if (!(name === 'reason' && 'version' in message.params)) expect(zh, `${key}: Chinese drops ${name}`).toContain(value);
      }
    }
  });

  it('names every subject in both languages', () => {
    for (const thing of ['article', 'annotations', 'briefing', 'drafts'] as const) {
      expect(subjectText({ thing, title: '政府工作报告' }, 'zh')).toMatch(HAN);
      expect(subjectText({ thing, id: 'a123' }, 'en')).toMatch(/^The /);
    }
    expect(subjectText({ thing: 'annotations', title: '政府工作报告' }, 'zh')).toBe('“政府工作报告”的标注和笔记');
  });

  it('counts in Chinese without English plurals, and words a newer file’s version itself', () => {
    const zh = libraryMessageText({ key: 'catalog-recovered', params: { articles: 3, briefings: 1 } }, 'zh');
    expect(zh).toBe('在文库文件夹中找到了目录里缺少的3 篇文章和1 份简报（导入或保存曾被中断），已重新列出。');
    const newer = {
      key: 'file-newer',
      params: { thing: 'briefing', title: '周报', where: 'briefings/b1.json', reason: 'it was written by a newer Briefing Desk', version: 9 },
    } as const;
    expect(libraryMessageText(newer, 'zh')).toContain('schemaVersion 9');
    expect(libraryMessageText(newer, 'zh')).not.toContain('newer Briefing Desk');
    expect(libraryMessageText(newer, 'en')).toContain('newer Briefing Desk');
  });

  it('accepts only known keys with their declared parameters', () => {
    const good = { key: 'index-rebuilt', params: { reason: 'too short' } };
    expect(isLibraryMessage(good)).toBe(true);
    expect(isLibraryMessage({ key: 'index-rebuilt', params: {} })).toBe(false);
    expect(isLibraryMessage({ key: 'index-rebuilt', params: { reason: 3 } })).toBe(false);
    expect(isLibraryMessage({ key: 'index-rebuilt', params: { reason: 'x', extra: 'y' } })).toBe(false);
    expect(isLibraryMessage({ key: 'constructor', params: {} })).toBe(false);
    expect(isLibraryMessage({ key: 'file-salvaged', params: { ...sample('file-salvaged', true).params, items: 'one' } })).toBe(false);
    expect(isLibraryMessage({ key: 'catalog-migrated', params: { from: Number.NaN } })).toBe(false);
    expect(isLibraryMessage(null)).toBe(false);
    expect(isLibraryMessage('index-rebuilt')).toBe(false);
  });
});

describe('English counts of highlights after a rebuild or restore', () => {
  const rebuilt = (total: number, shifted: number, orphaned: number) =>
    libraryMessageText(
      { key: 'article-rebuilt', params: { title: 'T', id: 'a1', original: 'original.txt', corrected: false, total, shifted, orphaned } },
      'en',
    );
  const restored = (total: number, orphaned: number) =>
    libraryMessageText({ key: 'article-restored', params: { title: 'T', id: 'a1', total, orphaned } }, 'en');
  it.each([
    [rebuilt(0, 0, 0), 'It had no highlights.'],
    [rebuilt(1, 0, 0), 'Its highlight is in place.'],
    [rebuilt(1, 1, 0), 'Its highlight is in place (1 moved).'],
    [rebuilt(3, 1, 0), 'All 3 of its highlights are in place (1 moved).'],
    [rebuilt(3, 0, 1), 'Of its 3 highlights, 2 are in place and 1 was no longer found (kept as orphans to re-attach).'],
    [rebuilt(2, 0, 1), 'Of its 2 highlights, 1 is in place and 1 was no longer found (kept as orphans to re-attach).'],
    [rebuilt(1, 0, 1), 'Its highlight was not found again (kept as orphans to re-attach).'],
    [rebuilt(4, 0, 4), 'None of its 4 highlights were found again (kept as orphans to re-attach).'],
    [restored(0, 0), 'under its id a1; it had no highlights.'],
    [restored(1, 0), 'under its id a1; its highlight was kept.'],
    [restored(5, 2), 'under its id a1; its 5 highlights were kept (2 no longer found, kept as orphans to re-attach).'],
  ])('%s', (text, ending) => {
    expect(text.endsWith(ending)).toBe(true);
    expect(text).not.toMatch(/\b0 (highlights|in place)\b|\b1 highlights\b/);
  });
});
