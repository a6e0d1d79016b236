/**
 * The preferences methods over the contract (validated like every call):
 * values are checked field by field and a refused call names the field and
 * writes nothing; fields another version stored stay untouched; a stored
 * value this version cannot use reads as unset.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Core } from '../core';

let dir: string;
let core: Core;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bd-pref-handlers-'));
  core = await Core.open({ dir, host: 'cli', seedSample: false, searchIndex: 'lazy' });
});

afterEach(async () => {
  await core.close();
  await rm(dir, { recursive: true, force: true });
});

describe('getPreferences / setPreferences', () => {
  it('merges what is set with what was stored', async () => {
    expect(await core.call('getPreferences', {})).toEqual({});
    expect(await core.call('setPreferences', { preferences: { language: 'zh-CN' } })).toEqual({ language: 'zh-CN' });
    expect(await core.call('setPreferences', { preferences: { briefingSide: 'wide', lastBriefingId: '' } })).toEqual({
      language: 'zh-CN',
      briefingSide: 'wide',
      lastBriefingId: '',
    });
  });

  it.each([
    [{ language: 'fr' }, 'preferences.language'],
    [{ readerPanel: true }, 'preferences.readerPanel'],
    [{ fontSize: 14 }, 'preferences'],
    [{ lastBriefingId: 'Robert"); DROP' }, 'preferences.lastBriefingId'],
  ])('refuses %j naming %s, and stores nothing', async (preferences, field) => {
    await expect(core.call('setPreferences', { preferences })).rejects.toMatchObject({ code: 'invalid-params', field });
    expect(await core.call('getPreferences', {})).toEqual({});
  });

  it('keeps fields it does not know and ignores stored values it cannot use', async () => {
    await core.store.setSetting('uiPreferences', { language: 'klingon', readerPanel: 'closed', zoom: 1.25 });
    expect(await core.call('getPreferences', {})).toEqual({ readerPanel: 'closed' });
    await core.call('setPreferences', { preferences: { language: 'en' } });
    expect(core.store.setting('uiPreferences')).toEqual({ language: 'en', readerPanel: 'closed', zoom: 1.25 });
  });
});
