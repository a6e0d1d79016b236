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

  it('flush() sends the changes waiting behind a save still on its way at once, each on its own, in order', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const sent: unknown[] = [];
    let calls = 0;
    // The first save hangs (a slow answer); the page is then hidden and must not wait for it.
    const slow: PreferencesClient = {
      getPreferences: (p) => core.api.getPreferences(p),
      setPreferences: async (p) => {
        sent.push(p.preferences);
        if (calls++ === 0) await gate;
        return core.api.setPreferences(p);
      },
    };
    const onError = vi.fn();
    const store = new PreferencesStore(slow, onError);
    await store.load();
    store.set('readerPanel', 'closed');
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    store.set('readingPositions', { a1b2c3d4e5f6: 120 });
    store.set('lastBriefingId', 'NOT AN ID'); // refused on its own, without taking the others with it
    store.set('language', 'en');
    expect(sent).toHaveLength(1);
    store.flush();
    expect(sent).toEqual([{ readerPanel: 'closed' }, { readingPositions: { a1b2c3d4e5f6: 120 } }, { lastBriefingId: 'NOT AN ID' }, { language: 'en' }]);
    await vi.waitFor(async () => expect(await core.api.getPreferences({})).toEqual({ readingPositions: { a1b2c3d4e5f6: 120 }, language: 'en' }));
    release();
    await store.idle();
    expect(sent).toHaveLength(4); // nothing sent twice
    expect(await core.api.getPreferences({})).toEqual({ readerPanel: 'closed', readingPositions: { a1b2c3d4e5f6: 120 }, language: 'en' });
    expect(onError).toHaveBeenCalledTimes(1);
  });
});
