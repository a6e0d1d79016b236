/**
 * Locale state and the `useT()` hook; the chosen language is remembered.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { defaultLocale, translate, type Locale, type StringKey } from './strings';

interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t(key: StringKey, vars?: Record<string, string | number>): string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children, initial }: { children: ReactNode; initial?: Locale }) {
  const [locale, setLocaleState] = useState<Locale>(initial ?? defaultLocale());
  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    localStorage.setItem('briefing-desk-locale', next);
    document.documentElement.lang = next;
  }, []);
  const value = useMemo<I18n>(
    () => ({ locale, setLocale, t: (key, vars) => translate(locale, key, vars) }),
    [locale, setLocale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
