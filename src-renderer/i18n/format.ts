/**
 * Dates and numbers in the interface language, through Intl: a calendar
 * date (`YYYY-MM-DD`, as articles and briefings store it) reads "2023年7月10日"
 * or "Jul 10, 2023"; a moment (ISO 8601 timestamp) reads as a time today and
 * a date otherwise. Formatters are cached per locale.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.DateTimeFormat(locale, options)));
  return f;
}

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A calendar date (`YYYY-MM-DD`) in the locale's medium style. The day is
 * the one written, whatever the time zone; text that is not such a date
 * (a year alone, a free-form date from an old import) is returned as it is.
 */
export function formatDate(date: string, locale: string): string {
  const m = CALENDAR_DATE.exec(date.trim());
  if (!m) return date;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (Number.isNaN(d.getTime()) || d.getUTCDate() !== Number(m[3])) return date;
  return formatter(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}

/** A moment (ISO 8601): hours and minutes when it is today (in `now`'s day), else the date. Empty when unreadable. */
export function formatWhen(iso: string, locale: string, now: Date = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const sameDay = d.toDateString() === now.toDateString();
  return formatter(locale, sameDay ? { hour: '2-digit', minute: '2-digit' } : { year: 'numeric', month: 'short', day: 'numeric' }).format(d);
}
