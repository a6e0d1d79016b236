/**
 * Handlers of the preferences contract (src-main/common/contract/preferences.ts):
 * one `uiPreferences` entry in the library's settings.
 */
import type { HandlersOf } from '../../common/contract/define';
import { readUiPreferences, type preferencesContract } from '../../common/contract/preferences';
import type { CoreContext } from '../context';

const KEY = 'uiPreferences';

export function preferenceHandlers({ store }: CoreContext): HandlersOf<typeof preferencesContract> {
  return {
    getPreferences: async () => readUiPreferences(store.setting(KEY)),
    setPreferences: async ({ preferences }) => {
      const stored = store.setting<Record<string, unknown>>(KEY);
      // Fields another version wrote stay as they were.
      const next = { ...(stored && typeof stored === 'object' && !Array.isArray(stored) ? stored : {}), ...preferences };
      await store.setSetting(KEY, next);
      return readUiPreferences(next);
    },
  };
}
