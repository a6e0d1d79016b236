/**
 * Core errors with a message key read as sentences of the interface's
 * language; errors without one keep the core's bilingual message.
 */
import { describe, expect, it } from 'vitest';
import { BdError } from '../../src-main/common/errors';
import { errorText, messageText } from './error-text';
import { STRINGS } from './strings';

describe('errorText', () => {
  it('turns a keyed core error into a Chinese or English sentence with its parameters', () => {
    const err = new BdError('not-found', 'No article with id a1b2c3 in this library.', { key: 'article.notFound', params: { id: 'a1b2c3' } });
    expect(errorText(err, 'zh-CN')).toBe('这篇文章已不在文库中，它可能已被删除。');
    expect(errorText(err, 'en')).toBe('This article is no longer in the library; it may have been deleted.');
    const deleted = new BdError('not-found', '“夏粮再获丰收” (id a1b2c3) is no longer in this library; it was deleted.', {
      key: 'article.deleted',
      params: { id: 'a1b2c3', title: '夏粮再获丰收' },
    });
    expect(errorText(deleted, 'zh-CN')).toBe('《夏粮再获丰收》已从文库中删除。');
    expect(errorText(deleted, 'en')).toBe('“夏粮再获丰收” has been deleted from the library.');
  });

  it('shows no internal id in any error sentence of either language (ids stay in params for logs and the CLI)', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      const keys = Object.keys(STRINGS[locale]).filter((k) => k.startsWith('error.'));
      expect(keys.length).toBeGreaterThan(20);
      for (const key of keys) {
        const text = messageText(
          {
            message: 'x',
            key: key.slice('error.'.length),
            params: {
              id: 'a0f6219a74a7e',
              more: 2,
              count: 3,
              title: '标题',
              file: 'f.zip',
              name: 'n',
              folder: 'd',
              path: 'p',
              start: 0,
              end: 1,
              length: 5,
              reason: 'r',
              packages: 'p',
              version: 9,
            },
          },
          locale,
        );
        expect(text, key).not.toContain('a0f6219a74a7e');
      }
    }
  });

  it('names a duplicate by its title, not its internal id', () => {
    const outcome = {
      message: 'x.docx is already in the library as “关于加快发展的意见” (a9f8e7).',
      key: 'import.duplicateFile',
      params: { file: '通知.docx', title: '关于加快发展的意见' },
    };
    expect(messageText(outcome, 'zh-CN')).toBe('通知.docx 已在文库中，题为《关于加快发展的意见》。');
    expect(messageText(outcome, 'en')).not.toContain('a9f8e7');
  });

  it('formats numbers for the locale', () => {
    const outcome = { message: 'big', key: 'import.tooLarge', params: { file: '年报.pdf', sizeMb: 1234, limitMb: 50 } };
    expect(messageText(outcome, 'en')).toBe('年报.pdf is 1,234 MB; Briefing Desk imports files up to 50 MB.');
    expect(messageText(outcome, 'zh-CN')).toContain('1,234 MB');
  });

  it('falls back to the bilingual message for an unknown key, and to English without a Chinese one', () => {
    const bilingual = new BdError('refused', 'The clipboard text is empty.', { key: 'clipboard.someFutureKey', detail: { messageZh: '剪贴板中的文字为空。' } });
    expect(errorText(bilingual, 'zh-CN')).toBe('剪贴板中的文字为空。');
    expect(errorText(new BdError('internal', 'Disk full'), 'zh-CN')).toBe('Disk full');
    expect(errorText(new Error('plain'), 'en')).toBe('plain');
  });

  it('keeps key and parameters across the wire format', () => {
    const info = new BdError('not-found', 'No briefing with id b1.', { key: 'briefing.notFound', params: { id: 'b1' } }).toInfo();
    expect(info).toMatchObject({ key: 'briefing.notFound', params: { id: 'b1' } });
    expect(errorText(BdError.fromInfo(JSON.parse(JSON.stringify(info))), 'zh-CN')).toBe('这份简报已不存在，它可能已被删除。');
  });
});
