/** Dates in Chinese numerals read as dates: every zero sign, every month and day form, and what is left alone. */
import { describe, expect, it } from 'vitest';
import { arabicDates } from './chinese-date';
import { normalizeDate } from './metadata-detect';
import { isRecordLine, isWrittenDateLine, signatureOnOneLine } from './line-roles';

describe('dates in Chinese numerals', () => {
  it.each([
    ['二〇二四年三月一日', '2024-03-01'],
    ['二○二三年十二月三十一日', '2023-12-31'],
    ['二零二二年十月十日', '2022-10-10'],
    ['二Ｏ二一年二月二十八日', '2021-02-28'],
    ['一九九九年九月九日', '1999-09-09'],
    ['二〇二五年元月廿六日', '2025-01-26'],
    ['二〇二五年五月卅一日', '2025-05-31'],
    ['二〇二四年 十一月 二十二日', '2024-11-22'],
    ['2024年三月十五日', '2024-03-15'],
    ['二〇二〇年二月二十九日', '2020-02-29'],
  ])('%s → %s', (written, iso) => {
    expect(normalizeDate(written)).toBe(iso);
    expect(isWrittenDateLine(written)).toBe(true);
    expect(isWrittenDateLine(`　　${written}　`)).toBe(true);
  });

  it.each(['二〇二四年十三月一日', '二〇二四年三月三十二日', '二〇二四年三月', '二十四年三月一日', '三月一日', '二〇二四年三十月一日'])(
    'not a date: %s',
    (text) => {
      expect(normalizeDate(text)).toBeUndefined();
      expect(isWrittenDateLine(text)).toBe(false);
    },
  );

  it('no calendar date: 二〇二一年二月二十九日', () => expect(normalizeDate('二〇二一年二月二十九日')).toBeUndefined());

  it('rewrites the date only, leaving the rest of a line as it is', () => {
    expect(arabicDates('县人民政府办公室　　二〇二四年三月四日印发')).toBe('县人民政府办公室　　2024年3月4日印发');
    expect(arabicDates('截至二〇二三年底，共有十二个项目。')).toBe('截至二〇二三年底，共有十二个项目。');
    expect(arabicDates('第十二条 自二〇二四年一月一日起施行。')).toBe('第十二条 自2024年1月1日起施行。');
  });

  it('reads the 落款 on one line and the 印发 line of the 版记', () => {
    expect(signatureOnOneLine('市统计局 市财政局 二○二三年十二月三十一日')).toEqual({ issuers: ['市统计局', '市财政局'], date: '2023年12月31日' });
    expect(isRecordLine('市建筑业协会秘书处　　二零二二年十月廿一日印发')).toBe(true);
  });
});
