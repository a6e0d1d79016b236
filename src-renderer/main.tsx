/**
 * Renderer entry: reads the UI preferences from the library (so the first
 * paint is already in the chosen language), then mounts the app inside the
 * preferences and i18n providers.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { api } from './api-client';
import { PreferencesProvider, PreferencesStore } from './app/preferences';
import { recordError } from './app/diagnostics';
import { I18nProvider } from './i18n/I18nProvider';
import { App } from './app/App';
import './styles.css';

const preferences = new PreferencesStore(api, (err) => recordError(err, 'preferences'));

function legacyStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    // Storage disabled (private mode, policy): there is nothing old to take over.
    return null;
  }
}

void preferences.load(legacyStorage()).finally(() => {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <PreferencesProvider store={preferences}>
        <I18nProvider>
          <App />
        </I18nProvider>
      </PreferencesProvider>
    </StrictMode>,
  );
});
