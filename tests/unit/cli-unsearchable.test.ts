/**
 * Part of the library that cannot be searched is never silent: an article
 * whose notes (or text) could not be read is counted in every search answer
 * (`unsearchable`; the CLI says so on stderr), its file is a library problem
 * again each time the index is opened — also after the problem was
 * acknowledged — and the rest of the library is searched as usual.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliOn } from '../support/cli-run';
import { Core } from '../../src-main/core/core';

let lib: string;
beforeEach(() => {
  lib = mkdtempSync(join(tmpdir(), 'bd-unsearchable-'));
});
afterEach(() => rmSync(lib, { recursive: true, force: true }));

const cli = (...args: string[]) => runCliOn(lib, ...args);

/** Two articles with a note each; returns their ids. */
async function library(): Promise<{ grain: string; ports: string }> {
  const core = await Core.open({ dir: lib, host: 'cli', seedSample: false, searchIndex: 'lazy' });
  try {
    const grain = (await core.api.importText({ text: '夏粮收购\n\n今年夏粮收购总体平稳，主产区小麦价格保持稳定。', title: '夏粮收购' })).id;
    const ports = (await core.api.importText({ text: 'Port traffic\n\nCoastal ports handled more containers this quarter.', title: 'Port traffic' })).id;
    await core.api.createAnnotation({ articleId: grain, start: 6, end: 10, note: '核对碳足迹口径' });
    await core.api.createAnnotation({ articleId: ports, start: 0, end: 4, note: '关注集装箱运价' });
    return { grain, ports };
  } finally {
    await core.close();
  }
}

describe('search says when part of the library is not searchable', () => {
  it('notes from a newer version: counted in every answer, the problem listed again after an acknowledgement', async () => {
    const { grain } = await library();
    // Written by a newer Briefing Desk: this version must not read it, and must say so.
    writeFileSync(
      join(lib, 'articles', grain, 'annotations.json'),
      JSON.stringify({ schemaVersion: 99, articleId: grain, annotations: [{ id: 'x', note: '核对碳足迹口径' }] }),
    );
    rmSync(join(lib, 'index'), { recursive: true, force: true });
    const first = await cli('search', '碳足迹', '--json');
    expect(JSON.parse(first.out)).toEqual([]);
    expect(first.err).toMatch(/Note: 1 article could not be read whole \(text or notes\), so it was searched only in part/);
    expect(first.err).toMatch(/newer Briefing Desk/);
    // The rest is searched as usual, and the notice stays.
    const other = await cli('search', '集装箱', '--json');
    expect(JSON.parse(other.out)).toHaveLength(1);
    expect(other.err).toMatch(/Note: 1 article/);

    expect((await cli('problems', '--ack-all')).code).toBe(0);
    const again = await cli('search', '碳足迹');
    expect(again.err).toMatch(/Note: 1 article could not be read whole/);
    const problems = await cli('problems', '--json');
    expect(JSON.parse(problems.out)).toEqual([expect.objectContaining({ kind: 'newer-version', articleId: grain })]);

    // The app's answer carries the count (the interface words it).
    const core = await Core.open({ dir: lib, host: 'cli', seedSample: false, searchIndex: 'lazy' });
    try {
      expect((await core.api.search({ query: '小麦' })).unsearchable).toBe(1);
    } finally {
      await core.close();
    }
  });

  it('damaged notes: moved aside and reported as a problem, the article then searched whole', async () => {
    const { ports } = await library();
    rmSync(join(lib, 'index'), { recursive: true, force: true });
    expect((await cli('search', '集装箱')).err).not.toMatch(/Note:/);
    writeFileSync(join(lib, 'articles', ports, 'annotations.json'), '{"schemaVersion": 1, "articleId": "');
    rmSync(join(lib, 'index'), { recursive: true, force: true });
    const damaged = await cli('search', 'containers');
    expect(damaged.out).toContain('Port traffic');
    const notices = [damaged.err, (await cli('search', 'containers')).err].join('\n');
    expect(notices).toMatch(/could not be read.*moved to quarantine/s);
    // Once quarantined (no notes left to read), the article is whole in the index again.
    expect((await cli('search', 'containers')).err).not.toMatch(/Note:/);
  });
});
