/**
 * Dates through Intl: a calendar date is the day written in any time zone,
 * in each language's medium style; anything that is not a real calendar date
 * is shown as written.
 */
import { describe, expect, it } from 'vitest';
import { formatDate, formatWhen } from './format';

describe('formatDate', () => {
  it.each([
    ['2023-07-10', 'zh-CN', '2023年7月10日'],
    ['2023-07-10', 'en', 'Jul 10, 2023'],
    ['2024-02-29', 'en', 'Feb 29, 2024'],
    ['1999-12-31', 'zh-CN', '1999年12月31日'],
    ['2023-01-01', 'en', 'Jan 1, 2023'],
  ])('%s in %s → %s', (date, locale, expected) => {
    expect(formatDate(date, locale)).toBe(expected);
  });

  it.each(['2023', '2023-02-30', '2023年7月10日', '', 'July 2023', '2023-7-10'])('shows %j as written', (date) => {
    expect(formatDate(date, 'en')).toBe(date);
  });
});

describe('formatWhen', () => {
  it('gives the time for today and the date otherwise', () => {
    const now = new Date(2024, 4, 20, 15, 0);
    expect(formatWhen(new Date(2024, 4, 20, 9, 5).toISOString(), 'en', now)).toMatch(/09:05/);
    expect(formatWhen(new Date(2023, 6, 10, 9, 5).toISOString(), 'en', now)).toBe('Jul 10, 2023');
    expect(formatWhen('not a time', 'en', now)).toBe('');
  });
});
