/**
 * Renderer entry: reads the UI preferences and the unsaved drafts from the
 * library (so the first paint is already in the chosen language and editors
 * find their drafts) and applies the saved theme, then mounts the app inside the preferences, drafts and
 * i18n providers. Drafts still waiting to be written go out when the page is
 * hidden or unloaded.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { api } from './api-client';
import { PreferencesProvider, PreferencesStore } from './app/preferences';
import { DraftBook, DraftsProvider } from './app/drafts';
import { recordError } from './app/diagnostics';
import { I18nProvider } from './i18n/I18nProvider';
import { App } from './app/App';
import { AccessNotice } from './app/AccessNotice';
import { applyTheme } from './app/use-theme';
import './styles.css';
import './reading.css';

const preferences = new PreferencesStore(api, (err) => recordError(err, 'preferences'));
const drafts = new DraftBook(api, (err) => recordError(err, 'drafts'));
window.addEventListener('pagehide', () => drafts.flush());
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') drafts.flush();
});

function legacyStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    // Storage disabled (private mode, policy): there is nothing old to take over.
    return null;
  }
}

void Promise.all([preferences.load(legacyStorage()), drafts.load()]).finally(() => {
  // The saved theme before the first render (the host already put it on <html> for the first paint).
  applyTheme(preferences.get('theme'));
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <PreferencesProvider store={preferences}>
        <DraftsProvider book={drafts}>
          <I18nProvider>
            <AccessNotice />
            <App />
          </I18nProvider>
        </DraftsProvider>
      </PreferencesProvider>
    </StrictMode>,
  );
});
