/**
 * Core errors with a message key read as sentences of the interface's
 * language; errors without one keep the core's bilingual message.
 */
import { describe, expect, it } from 'vitest';
import { BdError } from '../../src-main/common/errors';
import { errorText, messageText } from './error-text';

describe('errorText', () => {
  it('turns a keyed core error into a Chinese or English sentence with its parameters', () => {
    const err = new BdError('not-found', 'No article with id a1b2c3 in this library.', { key: 'article.notFound', params: { id: 'a1b2c3' } });
    expect(errorText(err, 'zh-CN')).toBe('文库中没有这篇文章（编号 a1b2c3），它可能已被删除。');
    expect(errorText(err, 'en')).toBe('This article (id a1b2c3) is not in the library; it may have been deleted.');
  });

  it('names a duplicate by its title, not its internal id', () => {
    const outcome = { message: 'x.docx is already in the library as “关于加快发展的意见” (a9f8e7).', key: 'import.duplicateFile', params: { file: '通知.docx', title: '关于加快发展的意见' } };
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
    expect(errorText(BdError.fromInfo(JSON.parse(JSON.stringify(info))), 'zh-CN')).toBe('没有这份简报（编号 b1），它可能已被删除。');
  });
});
