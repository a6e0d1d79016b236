// @vitest-environment node
/**
 * UI preferences through the API into the library's settings, against a
 * real core: a choice made in one launch is there in the next (the core
 * reopened on the same folder), changes save in order, a refused save keeps
 * the choice for the session and is reported, and the values older versions
 * kept in localStorage are taken over once.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Core } from '../../../src-main/core/core';
import { PreferencesStore, type PreferencesClient } from '../../../src-renderer/app/preferences';

let dir: string;
let core: Core;

const open = () => Core.open({ dir, host: 'browser', seedSample: false, searchIndex: 'lazy' });

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bd-preferences-'));
  core = await open();
});

afterEach(async () => {
  await core.close();
  await rm(dir, { recursive: true, force: true });
});

/** localStorage as an older version left it. */
function storage(entries: Record<string, string>) {
  const map = new Map(Object.entries(entries));
  return { getItem: (k: string) => map.get(k) ?? null, removeItem: (k: string) => void map.delete(k), map };
}

describe('PreferencesStore', () => {
  it('keeps choices across a restart of the library', async () => {
    const first = new PreferencesStore(core.api);
    await first.load();
    expect(first.getSnapshot()).toEqual({});
    first.set('language', 'en');
    first.set('readerPanel', 'closed');
    first.set('readerPanel', 'open');
    first.set('lastBriefingId', 'b1a2b3c4d5e6');
    expect(first.get('language')).toBe('en');
    await first.idle();
    await core.close();
    core = await open();
    const second = new PreferencesStore(core.api);
    await second.load();
    expect(second.getSnapshot()).toEqual({ language: 'en', readerPanel: 'open', lastBriefingId: 'b1a2b3c4d5e6' });
  });

  it('keeps a refused choice for this session and reports the error', async () => {
    const onError = vi.fn();
    const store = new PreferencesStore(core.api, onError);
    await store.load();
    store.set('lastBriefingId', 'NOT AN ID');
    expect(store.get('lastBriefingId')).toBe('NOT AN ID');
    await store.idle();
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'invalid-params', field: 'preferences.lastBriefingId' }));
    expect(await core.api.getPreferences({})).toEqual({});
  });

  it('starts from the defaults when the library cannot be reached, and says so', async () => {
    const onError = vi.fn();
    const offline: PreferencesClient = {
      getPreferences: () => Promise.reject(new Error('Briefing Desk is not responding.')),
      setPreferences: () => Promise.reject(new Error('Briefing Desk is not responding.')),
    };
    const store = new PreferencesStore(offline, onError);
    await store.load();
    expect(store.getSnapshot()).toEqual({});
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it('takes over valid values an older version kept in localStorage, once', async () => {
    await core.api.setPreferences({ preferences: { readerPanel: 'open' } });
    const legacy = storage({
      'briefing-desk-locale': 'en',
      'briefing-desk-annotation-panel': 'closed',
      'briefing-desk-briefing': '../../etc',
      unrelated: 'kept',
    });
    const store = new PreferencesStore(core.api);
    await store.load(legacy);
    await store.idle();
    // The library's own value wins over the old local one; an invalid id is not taken.
    expect(store.getSnapshot()).toEqual({ language: 'en', readerPanel: 'open' });
    expect(await core.api.getPreferences({})).toEqual({ language: 'en', readerPanel: 'open' });
    expect([...legacy.map.keys()]).toEqual(['unrelated']);
  });

  it('tells subscribers about every change', async () => {
    const store = new PreferencesStore(null);
    const seen: unknown[] = [];
    store.subscribe(() => seen.push(store.getSnapshot()));
    store.set('briefingSide', 'wide');
    store.set('briefingSide', 'wide');
    store.set('briefingSide', 'normal');
    expect(seen).toEqual([{ briefingSide: 'wide' }, { briefingSide: 'normal' }]);
  });
});
