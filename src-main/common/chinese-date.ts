/**
 * Dates written in Chinese numerals, as the 成文日期 of an official document
 * often is (GB/T 9704-2012 §7.3.5.1 prescribes Arabic numerals, but many
 * notices, older documents and documents set by hand use `二〇二四年三月一日`):
 * the year digit by digit (〇 U+3007, ○ U+25CB, 零, Ｏ/O and О as typed by
 * mistake), the month and day as numbers (`十二`, `三十一`, `廿三`, `卅一`,
 * `元月`), also after an Arabic year (`2024年三月一日`). Pure: no Node, no DOM.
 */

const DIGITS: Record<string, number> = {
  〇: 0,
  '○': 0,
  零: 0,
  Ｏ: 0,
  O: 0,
  o: 0,
  О: 0,
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

const YEAR_DIGIT = '[〇○零ＯOoО一二三四五六七八九]';
const UNIT = '[一二三四五六七八九]';
/** One to thirty-one in Chinese numerals: `九`, `十`, `十二`, `二十`, `廿三`, `三十一`, `卅一`. */
const NUMBER = `(?:[二三]?十${UNIT}?|[廿卅]${UNIT}?|${UNIT})`;
const SP = '[\\s\\u3000]*';

/** A date in Chinese numerals anywhere in a line (global, for replacing). */
const CHINESE_DATE = new RegExp(`(${YEAR_DIGIT}{4}|\\d{4})${SP}年${SP}(元|${NUMBER})${SP}月${SP}(${NUMBER})${SP}[日号]`, 'g');

/** The value of a Chinese numeral from one to thirty-nine; NaN for anything else. */
function numberValue(text: string): number {
  if (text === '元') return 1;
  if (text.length === 1 && text !== '十' && text !== '廿' && text !== '卅') return DIGITS[text] ?? Number.NaN;
  const m = /^([二三廿卅]?)(十?)([一二三四五六七八九]?)$/.exec(text);
  if (!m || (!m[1] && !m[2] && !m[3])) return Number.NaN;
  const unit = m[3] ? DIGITS[m[3]] : 0;
  if (m[1] === '廿') return m[2] ? Number.NaN : 20 + unit;
  if (m[1] === '卅') return m[2] ? Number.NaN : 30 + unit;
  if (m[1]) return m[2] ? DIGITS[m[1]] * 10 + unit : Number.NaN;
  return m[2] ? 10 + unit : unit;
}

/**
 * `text` with every date in Chinese numerals rewritten in Arabic numerals
 * (`二〇二三年十二月三十一日` → `2023年12月31日`); everything else, and a match
 * whose month or day is out of range, unchanged. The result may be shorter
 * than `text`: use it to read a date, never for offsets into `text`.
 */
export function arabicDates(text: string): string {
  if (!/[年]/.test(text)) return text;
  return text.replace(CHINESE_DATE, (whole, year: string, month: string, day: string) => {
    const y = [...year].map((d) => (/\d/.test(d) ? d : DIGITS[d])).join('');
    const m = numberValue(month);
    const d = numberValue(day);
    if (!(m >= 1 && m <= 12 && d >= 1 && d <= 31)) return whole;
    return `${y}年${m}月${d}日`;
  });
}
