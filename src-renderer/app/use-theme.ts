/**
 * Applies the colour theme chosen in the preferences (`theme`: system, light
 * or dark; system by default) to the document as `data-theme="light|dark"`,
 * following the operating system's setting live while it is "system"
 * (`prefers-color-scheme`). reading.css holds the dark palette.
 */
import { useEffect, useState } from 'react';
import { usePreference } from './preferences';

const DARK_QUERY = '(prefers-color-scheme: dark)';

function systemDark(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia(DARK_QUERY).matches;
}

/** The theme in effect ('light' or 'dark'), applied to <html>. */
export function useTheme(): 'light' | 'dark' {
  const [choice] = usePreference('theme');
  const [dark, setDark] = useState(systemDark);
  useEffect(() => {
    if (typeof window.matchMedia !== 'function') return;
    const query = window.matchMedia(DARK_QUERY);
    const onChange = () => setDark(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  const theme = choice === 'dark' || (choice !== 'light' && dark) ? 'dark' : 'light';
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return theme;
}
