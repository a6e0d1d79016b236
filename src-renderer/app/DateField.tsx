/**
 * A calendar date field that reads and writes dates in the interface
 * language's order, whatever language the browser or the system runs in
 * (Chromium draws `<input type="date">` in the browser's locale only, and
 * ignores the `lang` attribute): `2024/03/01` in zh-CN, `03/01/2024` in
 * English. What it holds is an ISO 8601 calendar date (`YYYY-MM-DD`, '' for
 * none). Typed text is read on Enter or when the field is left: the
 * interface's order, ISO dates and `2024年3月1日` are all understood; text
 * that is no date is kept as typed and marked invalid (`aria-invalid`), and
 * nothing is changed. The calendar button opens the browser's date picker.
 */
import { useEffect, useRef, useState, type InputHTMLAttributes } from 'react';
import { calendarIsoDate } from '../../src-main/common/metadata-detect';
import { useI18n } from '../i18n/I18nProvider';
import type { Locale } from '../i18n/strings';

/** `YYYY-MM-DD` when it names a real calendar day (years 1000–9999), else undefined. */
const isoOf = (year: number, month: number, day: number) => calendarIsoDate(year, month, day, 1000, 9999);

/** The ISO date `iso` as the interface shows it (`2024/03/01`, `03/01/2024`); '' for ''; anything else as it is. */
export function formatDateField(iso: string, locale: Locale): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  return locale === 'zh-CN' ? `${m[1]}/${m[2]}/${m[3]}` : `${m[2]}/${m[3]}/${m[1]}`;
}

/**
 * The ISO date of typed text, or '' for blank text, or undefined when it is no
 * date. Year first (`2024/3/1`, `2024-03-01`, `2024.3.1`, `2024年3月1日`)
 * is read as such in every language; otherwise zh-CN reads nothing more and
 * English reads month first (`3/1/2024`). Full-width digits and signs are read as ASCII.
 */
export function parseDateField(text: string, locale: Locale): string | undefined {
  const t = text.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).trim();
  if (!t) return '';
  const yearFirst = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(t);
  if (yearFirst) return isoOf(+yearFirst[1], +yearFirst[2], +yearFirst[3]);
  if (locale === 'zh-CN') return undefined;
  const monthFirst = /^(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})$/.exec(t);
  return monthFirst ? isoOf(+monthFirst[3], +monthFirst[1], +monthFirst[2]) : undefined;
}

export interface DateFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type' | 'min' | 'max'> {
  /** ISO `YYYY-MM-DD`, or '' for none. */
  value: string;
  /** Called with the new ISO date ('' when cleared) when a valid date is entered or picked. */
  onChange(value: string): void;
  /** Earliest and latest ISO dates the picker offers. */
  min?: string;
  max?: string;
}

export function DateField({ value, onChange, min, max, onBlur, onKeyDown, className, ...rest }: DateFieldProps) {
  const { t, locale } = useI18n();
  const [text, setText] = useState(() => formatDateField(value, locale));
  const [bad, setBad] = useState(false);
  const picker = useRef<HTMLInputElement>(null);
  const editing = useRef(false);
  // Follow the value (and the language) while the user is not typing in the field.
  useEffect(() => {
    if (editing.current) return;
    setText(formatDateField(value, locale));
    setBad(false);
  }, [value, locale]);

  const read = () => {
    editing.current = false;
    const iso = parseDateField(text, locale);
    if (iso === undefined) {
      setBad(true);
      return;
    }
    setBad(false);
    setText(formatDateField(iso, locale));
    if (iso !== value) onChange(iso);
  };

  return (
    <span className={`date-field${className ? ` ${className}` : ''}`}>
      <input
        {...rest}
        type="text"
        inputMode="numeric"
        lang={locale}
        value={text}
        placeholder={locale === 'zh-CN' ? '年/月/日' : 'mm/dd/yyyy'}
        aria-invalid={bad || rest['aria-invalid'] || undefined}
        title={bad ? t('date.invalid') : rest.title}
        size={11}
        onChange={(e) => {
          editing.current = true;
          setText(e.target.value);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') read();
          onKeyDown?.(e);
        }}
        onBlur={(e) => {
          read();
          onBlur?.(e);
        }}
      />
      <button
        type="button"
        className="ghost date-field-pick"
        aria-label={t('date.pick')}
        title={t('date.pick')}
        tabIndex={-1}
        onClick={() => {
          const input = picker.current;
          if (!input) return;
          input.value = value;
          try {
            input.showPicker();
          } catch {
            input.focus();
          }
        }}
      >
        <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
          <rect x="1.5" y="3" width="13" height="11.5" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.3" />
          <path d="M1.5 6.5h13M5 1.5v3M11 1.5v3" stroke="currentColor" strokeWidth="1.3" fill="none" />
        </svg>
      </button>
      <input
        ref={picker}
        type="date"
        className="date-field-native"
        tabIndex={-1}
        aria-hidden="true"
        min={min}
        max={max}
        onChange={(e) => {
          editing.current = false;
          setText(formatDateField(e.target.value, locale));
          setBad(false);
          if (e.target.value !== value) onChange(e.target.value);
        }}
      />
    </span>
  );
}
