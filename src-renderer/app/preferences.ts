/**
 * UI preferences (language, the annotation panel, the briefing side panel,
 * the briefing open last) kept in the library's settings through the API, so
 * they survive restarts in every host — browser mode included, whose origin
 * (and so localStorage) changes with every random port.
 *
 * `PreferencesStore` is headless: it loads once before the app renders,
 * changes apply at once and are saved one at a time in the background
 * (`idle()` resolves when saved). A save that fails keeps the choice for this
 * session and is reported to `onError`. Values older versions kept in
 * localStorage are taken over once and removed there.
 */
import { createContext, createElement, useCallback, useContext, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { Api } from '../../src-main/common/api';
import type { UiPreferenceKey, UiPreferences } from '../../src-main/common/contract/preferences';

export type PreferencesClient = Pick<Api, 'getPreferences' | 'setPreferences'>;

/** Where older versions kept these preferences in localStorage. */
const LEGACY_KEYS: Partial<Record<UiPreferenceKey, { key: string; valid: RegExp }>> = {
  language: { key: 'briefing-desk-locale', valid: /^(zh-CN|en)$/ },
  readerPanel: { key: 'briefing-desk-annotation-panel', valid: /^(open|closed)$/ },
  lastBriefingId: { key: 'briefing-desk-briefing', valid: /^[a-z0-9][a-z0-9_-]{2,63}$/ },
};

export class PreferencesStore {
  private values: UiPreferences = {};
  private listeners = new Set<() => void>();
  private saving: Promise<unknown> = Promise.resolve();
  /** Changes not sent yet, in order (each waits for the save before it). */
  private unsent: UiPreferences[] = [];

  /** `client` null keeps the preferences in memory only (component tests, a view without the app around it). */
  constructor(
    private readonly client: PreferencesClient | null,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {}

  getSnapshot = (): UiPreferences => this.values;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Reads the stored preferences; on failure the defaults stay and the error is reported. */
  async load(legacy: Pick<Storage, 'getItem' | 'removeItem'> | null = null): Promise<void> {
    if (!this.client) return;
    try {
      this.values = await this.client.getPreferences({});
    } catch (err) {
      this.onError(err);
      return;
    }
    if (legacy) this.adoptLegacy(legacy);
    this.changed();
  }

  get<K extends UiPreferenceKey>(key: K): UiPreferences[K] {
    return this.values[key];
  }

  set<K extends UiPreferenceKey>(key: K, value: UiPreferences[K]): void {
    if (this.values[key] === value) return;
    this.values = { ...this.values, [key]: value };
    this.changed();
    this.save({ [key]: value });
  }

  /** Resolves when every change made so far has been saved (or has failed). */
  async idle(): Promise<void> {
    for (;;) {
      const saving = this.saving;
      await saving;
      if (saving === this.saving) return;
    }
  }

  /**
   * Sends every change not sent yet at once, each as its own call, not after the saves before it: for a page
   * being hidden or unloaded (a reload, the window closed), where a call queued behind one still on its way
   * would never leave.
   */
  flush(): void {
    const client = this.client;
    if (!client) return;
    for (const preferences of this.unsent.splice(0)) {
      const sent = client.setPreferences({ preferences }).catch((err: unknown) => this.onError(err));
      this.saving = Promise.all([this.saving, sent]);
    }
  }

  private save(preferences: UiPreferences): void {
    const client = this.client;
    if (!client) return;
    this.unsent.push(preferences);
    this.saving = this.saving
      .then(() => {
        const next = this.unsent.shift(); // undefined: flush() sent it already
        return next && client.setPreferences({ preferences: next });
      })
      .catch((err: unknown) => this.onError(err));
  }

  private adoptLegacy(storage: Pick<Storage, 'getItem' | 'removeItem'>): void {
    const found: Record<string, string> = {};
    for (const [name, legacy] of Object.entries(LEGACY_KEYS)) {
      let value: string | null = null;
      try {
        value = storage.getItem(legacy.key);
        storage.removeItem(legacy.key);
      } catch {
        continue; // storage refused (private mode): nothing to take over
      }
      if (value !== null && legacy.valid.test(value) && this.values[name as UiPreferenceKey] === undefined) found[name] = value;
    }
    if (Object.keys(found).length === 0) return;
    this.values = { ...found, ...this.values };
    this.save(found as UiPreferences);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

const PreferencesContext = createContext<PreferencesStore | null>(null);

export function PreferencesProvider({ store, children }: { store: PreferencesStore; children: ReactNode }) {
  return createElement(PreferencesContext.Provider, { value: store }, children);
}

/** The app's store, or one kept in memory for this component when there is no provider (tests). */
export function usePreferencesStore(): PreferencesStore {
  const provided = useContext(PreferencesContext);
  const [local] = useState(() => new PreferencesStore(null));
  return provided ?? local;
}

/** One preference and its setter; the value is undefined until set (callers apply their default). */
export function usePreference<K extends UiPreferenceKey>(key: K): [UiPreferences[K], (value: UiPreferences[K]) => void] {
  const store = usePreferencesStore();
  const values = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const set = useCallback((value: UiPreferences[K]) => store.set(key, value), [store, key]);
  return [values[key], set];
}
