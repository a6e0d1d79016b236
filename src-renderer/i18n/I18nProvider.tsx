/**
 * Locale state and the `useI18n()` hook. The language is a UI preference,
 * kept in the library's settings (`app/preferences.ts`); before one is chosen
 * the system's language decides.
 */
import { createContext, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { systemLocale, translate, type Locale, type StringKey } from './strings';
import { formatDate } from './format';
import { usePreference } from '../app/preferences';

interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t(key: StringKey, vars?: Record<string, string | number>): string;
  /** A calendar date (`YYYY-MM-DD`) in this language ("2023年7月10日", "Jul 10, 2023"). */
  date(date: string): string;
}

const I18nContext = createContext<I18n | null>(null);

/** `initial` is the language before any is chosen (tests); otherwise the system's. */
export function I18nProvider({ children, initial }: { children: ReactNode; initial?: Locale }) {
  const [chosen, setLocale] = usePreference('language');
  const locale: Locale = chosen ?? initial ?? systemLocale();
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const value = useMemo<I18n>(
    () => ({ locale, setLocale, t: (key, vars) => translate(locale, key, vars), date: (d) => formatDate(d, locale) }),
    [locale, setLocale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
