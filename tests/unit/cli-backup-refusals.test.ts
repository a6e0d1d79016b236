/**
 * Refused backups and restores say what the user can act on, before any work:
 * a damaged or foreign archive is named by the user's file and a keyed reason
 * (never the zip library's own text), a missing archive is reported as
 * missing whatever the library holds, and a backup into the library folder is
 * refused before a single file is read. Real temporary libraries, in-process CLI.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src-main/cli/index';

const SAMPLE = join(__dirname, '../../resources/rmrb-2023-waic-ai-conference.txt');
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bd-cli-refusals-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function cli(library: string, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli([...args, '--library', library], { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Things that are not backups: random bytes, text, a truncated real backup, a zip-looking header with nothing after it. */
function fixtures(realBackup: Buffer): Array<[string, Buffer]> {
  return [
    ['corrupt.zip', randomBytes(4096)],
    ['notes.txt', Buffer.from('会议纪要：这不是备份。\nMeeting notes, not a backup.\n', 'utf8')],
    ['cut-short.zip', realBackup.subarray(0, Math.floor(realBackup.length / 2))],
    ['header-only.zip', Buffer.from('PK\u0003\u0004' + '\u0000'.repeat(40), 'latin1')],
  ];
}

describe('backup and restore refusals', () => {
  it('names the user file and a plain reason for archives that are not backups or are damaged, and changes nothing', async () => {
    const lib = join(dir, 'lib');
    await cli(lib, 'import', SAMPLE);
    const good = join(dir, 'good.zip');
    expect((await cli(lib, 'backup', good)).code).toBe(0);
    const catalogBefore = readFileSync(join(lib, 'catalog.json'), 'utf8');
    for (const [name, bytes] of fixtures(readFileSync(good))) {
      const file = join(dir, name);
      writeFileSync(file, bytes);
      for (const args of [
        ['restore', file, '--merge'],
        ['restore', file],
      ]) {
        const target = args.length === 2 ? join(dir, `empty-${name}`) : lib;
        const res = await cli(target, ...args);
        expect(res.code, `${name} ${args.join(' ')}`).not.toBe(0);
        expect(res.err).toContain(`${name} cannot be restored`);
        expect(res.err).toMatch(/not a Briefing Desk backup archive, or it is damaged or truncated/);
        // Nothing of the zip library's own wording.
        expect(res.err).not.toMatch(/central directory|signature|invalid|EOCDR|yauzl|offset|ENOENT|comment/i);
        if (args.length === 2) expect(existsSync(target) ? readdirSync(target) : []).toEqual([]);
      }
    }
    expect(readFileSync(join(lib, 'catalog.json'), 'utf8')).toBe(catalogBefore);
  });

  it('reports a missing archive as missing, even into a library that is not empty', async () => {
    const lib = join(dir, 'lib');
    await cli(lib, 'import', SAMPLE);
    for (const missing of [join(dir, 'nonexist.zip'), join(dir, 'no', 'such', 'folder', '备份.zip')]) {
      const res = await cli(lib, 'restore', missing);
      expect(res.code).not.toBe(0);
      expect(res.err).toContain(`No backup archive at ${missing}`);
      expect(res.err).not.toContain('not empty');
    }
  });

  it('refuses a backup into the library folder before reading anything', async () => {
    const lib = join(dir, 'lib');
    await cli(lib, 'import', SAMPLE);
    for (const target of [join(lib, 'inside.zip'), join(lib, 'articles', 'deeper', 'b.zip')]) {
      const res = await cli(lib, 'backup', target);
      expect(res.code).not.toBe(0);
      expect(res.err).toContain('inside the library folder');
      expect(res.err).not.toMatch(/Backing up: \d+%/);
      expect(existsSync(target)).toBe(false);
    }
  });
});
