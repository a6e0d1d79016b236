/**
 * A damaged search index is rebuilt from the library, and every host says
 * so: the CLI on stderr, the app through libraryInfo's warnings (a notice of
 * this session, in English and Chinese). A first build (no index yet) is no
 * news and says nothing. Real libraries and index files in temp folders.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliOn } from '../support/cli-run';
import { Core } from '../../src-main/core/core';

let lib: string;
beforeEach(() => {
  lib = mkdtempSync(join(tmpdir(), 'bd-index-rebuilt-'));
});
afterEach(() => rmSync(lib, { recursive: true, force: true }));

const cli = (...args: string[]) => runCliOn(lib, ...args);

async function library(): Promise<void> {
  const core = await Core.open({ dir: lib, host: 'cli', seedSample: false, searchIndex: 'lazy' });
  try {
    await core.api.importText({ text: '粮食安全\n\n今年夏粮收购总体平稳，主产区小麦价格保持稳定。', title: '粮食安全' });
    await core.api.importText({ text: 'Port traffic\n\nCoastal ports handled more containers in the first quarter.', title: 'Port traffic' });
  } finally {
    await core.close();
  }
}

const damages: Array<[string, (path: string) => void]> = [
  ['cut short', (path) => truncateSync(path, 40)],
  ['random bytes', (path) => writeFileSync(path, randomBytes(4096))],
  ['empty', (path) => writeFileSync(path, '')],
];

describe('a damaged search index', () => {
  it('builds a missing index without a notice', async () => {
    await library();
    const first = await cli('search', '小麦');
    expect(first.code).toBe(0);
    expect(first.out).toContain('粮食安全');
    expect(first.err).not.toMatch(/search index was damaged/);
  });

  it.each(damages)('is rebuilt with a notice when %s (CLI and libraryInfo)', async (_what, damage) => {
    await library();
    expect((await cli('search', 'containers')).code).toBe(0); // builds and saves it
    damage(join(lib, 'index', 'search.bin'));
    const after = await cli('search', 'containers');
    expect(after.out).toContain('Port traffic'); // rebuilt: the answer is whole
    expect(after.err).toMatch(/The search index was damaged \(.+\) and is being rebuilt from the library; nothing in the library was affected/);

    damage(join(lib, 'index', 'search.bin'));
    const core = await Core.open({ dir: lib, host: 'cli', seedSample: false, searchIndex: 'lazy' });
    try {
      await core.api.searchStatus({ wait: true });
      const { warnings } = await core.api.libraryInfo({});
      const notice = warnings.find((w) => w.kind === 'index-rebuilt');
      expect(notice).toMatchObject({ file: 'index/' });
      expect(notice?.id).toBeUndefined(); // a notice of this session, not a problem to acknowledge
      expect(notice?.messageZh).toMatch(/搜索索引已损坏.*正在根据文库重建/);
      // Said once, however often the status is reported.
      await core.api.search({ query: '小麦' });
      expect((await core.api.libraryInfo({})).warnings.filter((w) => w.kind === 'index-rebuilt')).toHaveLength(1);
    } finally {
      await core.close();
    }
    // The next open finds a sound index: nothing to say.
    expect(readFileSync(join(lib, 'index', 'search.bin')).length).toBeGreaterThan(100);
    expect((await cli('search', '小麦')).err).not.toMatch(/search index was damaged/);
  });
});
