/**
 * Applies the colour theme chosen in the preferences (`theme`: system, light
 * or dark; system by default) to the document as `data-theme="light|dark"`,
 * following the operating system's setting live while it is "system"
 * (`prefers-color-scheme`). reading.css holds the dark palette.
 *
 * No light flash on start: the hosts serve index.html with the saved choice
 * already on <html> (`withSavedTheme`), the stylesheet follows the system
 * while nothing is set, and main.tsx calls `applyTheme` with the loaded
 * preferences before the app is first rendered.
 */
import { useEffect, useState } from 'react';
import { usePreference } from './preferences';

const DARK_QUERY = '(prefers-color-scheme: dark)';

function systemDark(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia(DARK_QUERY).matches;
}

/** The theme a choice means now ('system' follows the operating system). */
function resolveTheme(choice: string | undefined, dark: boolean): 'light' | 'dark' {
  return choice === 'dark' || (choice !== 'light' && dark) ? 'dark' : 'light';
}

/** Puts the theme a choice means on <html> at once (before the first render). */
export function applyTheme(choice: string | undefined): void {
  document.documentElement.dataset.theme = resolveTheme(choice, systemDark());
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
  const theme = resolveTheme(choice, dark);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return theme;
}
