/**
 * A file read before the library's lock is taken is used only while the file
 * on disk is still the one read: on a real temporary folder, the bytes are
 * refused after an atomic replace (the store's way of writing), after a
 * change in place of the same size, and after a removal; taken once only.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prefetchFile, takePrefetchedText } from './prefetch';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bd-prefetch-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('prefetchFile / takePrefetchedText', () => {
  it('hands out the text of an unchanged file once, decoded as UTF-8', async () => {
    const path = join(dir, 'catalog.json');
    const text = JSON.stringify({ schemaVersion: 3, title: '人工智能产业动态 — “新质生产力” 𠀋' });
    writeFileSync(path, text);
    void prefetchFile(path);
    expect(await takePrefetchedText(path)).toBe(text);
    // The bytes were handed out: a second taker reads the file itself.
    expect(await takePrefetchedText(path)).toBeUndefined();
  });

  it('refuses the bytes when the file was replaced by rename after the read, even with the same size', async () => {
    const path = join(dir, 'catalog.json');
    writeFileSync(path, '{"a":1}');
    // The read ends first, as it does while the program loads.
    await prefetchFile(path);
    writeFileSync(join(dir, 'next.tmp'), '{"a":2}');
    renameSync(join(dir, 'next.tmp'), path);
    expect(await takePrefetchedText(path)).toBeUndefined();
  });

  it('refuses the bytes when the file was changed in place (same size, its time moved)', async () => {
    const path = join(dir, 'catalog.json');
    writeFileSync(path, '{"a":1}');
    await prefetchFile(path);
    writeFileSync(path, '{"a":2}');
    utimesSync(path, new Date(), new Date(Date.now() + 5000));
    expect(await takePrefetchedText(path)).toBeUndefined();
  });

  it('answers nothing for a file that is gone, one that never was, and a path not prefetched', async () => {
    const path = join(dir, 'catalog.json');
    writeFileSync(path, '{}');
    await prefetchFile(path);
    rmSync(path);
    expect(await takePrefetchedText(path)).toBeUndefined();
    const never = join(dir, 'missing.json');
    void prefetchFile(never);
    expect(await takePrefetchedText(never)).toBeUndefined();
    writeFileSync(join(dir, 'other.json'), '{}');
    expect(await takePrefetchedText(join(dir, 'other.json'))).toBeUndefined();
  });
});
