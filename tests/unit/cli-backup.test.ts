/**
 * `briefing backup` and `briefing restore [--merge]` in-process on real
 * temporary libraries: the documented --json shapes, progress on stderr
 * (stdout stays parseable), a restore into an empty folder, a merge that
 * lists what it skipped, and a refused archive with a non-zero exit.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src-main/cli/index';

const SAMPLE = join(__dirname, '../../resources/rmrb-2023-waic-ai-conference.txt');
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bd-cli-backup-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function cli(library: string, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli([...args, '--library', library], { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n'), json: () => JSON.parse(out.join('\n')) };
}

describe('briefing backup / restore', () => {
  it('backs up with progress on stderr, restores into an empty folder and merges, with the documented --json shapes', async () => {
    const lib = join(dir, 'lib');
    const [{ id }] = (await cli(lib, 'import', SAMPLE, '--json')).json();
    expect((await cli(lib, 'highlight', id, '--quote', '徐晓兰', '--note', '发言人')).code).toBe(0);
    const archive = join(dir, 'b.zip');
    const backup = await cli(lib, 'backup', archive, '--json');
    expect(backup.code).toBe(0);
    expect(Object.keys(backup.json()).sort()).toEqual(['articles', 'briefings', 'bytes', 'files', 'ms', 'path']);
    expect(backup.json()).toMatchObject({ path: archive, articles: 1, briefings: 0 });
    expect(backup.err).toMatch(/Backing up: 100% \(\d+ of \d+ files\)/);

    const restored = await cli(join(dir, 'copy'), 'restore', archive, '--json');
    expect(restored.code).toBe(0);
    expect(restored.json()).toEqual({ mode: 'empty', path: join(dir, 'copy'), files: expect.any(Number), articles: 1, briefings: 0, problems: [] });
    expect((await cli(join(dir, 'copy'), 'list', '--json')).json().map((a: { id: string }) => a.id)).toEqual([id]);

    // Into the same, non-empty library: refused without --merge, merged with it (nothing new, the highlight kept).
    const refused = await cli(lib, 'restore', archive);
    expect(refused.code).not.toBe(0);
    expect(refused.err).toContain('not empty');
    const merged = await cli(lib, 'restore', archive, '--merge', '--json');
    expect(merged.code).toBe(0);
    expect(merged.json()).toEqual({
      mode: 'merge',
      added: { articles: 0, annotations: 0, briefings: 0 },
      updated: { articles: 0, annotations: 0, briefings: 0 },
      skipped: [{ path: `articles/${id}/annotations.json`, code: 'kept-newer', count: 1, reason: expect.stringContaining('1 highlight was already here') }],
    });
    expect(merged.err).toMatch(/Merging: 100%/);
  });

  it('backs up into backups/ beside the library by default, and refuses a file that is not a backup', async () => {
    const lib = join(dir, 'lib');
    await cli(lib, 'import', SAMPLE);
    const made = await cli(lib, 'backup', '--json');
    expect(made.json().path).toMatch(/backups[\\/]briefing-desk-backup-\d{4}-\d{2}-\d{2}-\d{6}\.zip$/);
    expect(existsSync(made.json().path)).toBe(true);
    const junk = join(dir, 'junk.zip');
    writeFileSync(junk, 'not a zip');
    const bad = await cli(lib, 'restore', junk, '--merge');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('junk.zip cannot be restored');
  });
});
