/**
 * How the `briefing` command line reads what users type: the options for
 * every command before the command's name, numbers written only in decimal
 * digits, export targets that cannot be written refused before anything is
 * made (named as the user gave them, never a temporary file), the date a
 * briefing list shows, and a diagnostics run whose stderr keeps the
 * library's words out as its report does. Real temporary libraries, the CLI
 * in-process.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src-main/cli/index';
import { runCliOn } from '../support/cli-run';

const SAMPLE = join(__dirname, '../../resources/rmrb-2023-waic-ai-conference.txt');
let dir: string;
let lib: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bd-cli-args-'));
  lib = join(dir, 'lib');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** `briefing <argv>` exactly as given (no --library appended). */
async function raw(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Imports the sample and an English article; returns their ids (Chinese first). */
async function seed(): Promise<string[]> {
  const en = join(dir, 'order.txt');
  writeFileSync(
    en,
    'Executive Order on Port Resilience\n\nSection 1. Policy. The ports of the nation shall be kept open.\n\nSection 2. Review. Agencies shall report within 90 days.\n',
  );
  const res = await runCliOn(lib, 'import', SAMPLE, en, '--json');
  expect(res.code, res.err).toBe(0);
  return res.json().map((a: { id: string }) => a.id);
}

describe('options before the command', () => {
  it('reads --library and --json before the name as after it, in any order and both spellings', async () => {
    await seed();
    const after = await raw('list', '--library', lib, '--json');
    expect(after.code).toBe(0);
    const expected = JSON.parse(after.out);
    expect(expected).toHaveLength(2);
    for (const argv of [
      ['--library', lib, 'list', '--json'],
      [`--library=${lib}`, '--json', 'list'],
      ['--json', '--library', lib, 'list'],
      ['--json', 'list', '--library', lib],
    ]) {
      const res = await raw(...argv);
      expect(res.code, `${argv.join(' ')}: ${res.err}`).toBe(0);
      expect(JSON.parse(res.out), argv.join(' ')).toEqual(expected);
    }
    // The command's own options still come after it, and its positionals stay positionals.
    const search = await raw('--library', lib, 'search', '人工智能', '--limit', '1', '--json');
    expect(search.code, search.err).toBe(0);
    expect(JSON.parse(search.out)).toHaveLength(1);
  });

  it('refuses another option before the name, naming it, and prints help for --help', async () => {
    const bad = await raw('--limit', '5', 'list', '--library', lib);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--limit before the command/);
    expect(existsSync(lib)).toBe(false);
    const help = await raw('--library', lib, '--help');
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^briefing — the Briefing Desk command line/);
    const none = await raw('--json');
    expect(none.code).toBe(2);
    expect(none.out).toMatch(/Usage: briefing <command>/);
  });
});

describe('numbers', () => {
  it('refuses a number not written in decimal digits, naming the flag, and takes one that is', async () => {
    await seed();
    for (const value of ['1e2', '0x10', '2.5', '20abc', '', ' ', '+3', '1_000']) {
      const res = await runCliOn(lib, 'search', '人工智能', '--limit', value, '--json');
      expect(res.code, `--limit "${value}"`).toBe(2);
      expect(res.err, `--limit "${value}"`).toMatch(/--limit/);
      expect(res.out).toBe('');
    }
    const ok = await runCliOn(lib, 'search', '人工智能', '--limit', ' 1 ', '--json');
    expect(ok.code, ok.err).toBe(0);
    expect(ok.json()).toHaveLength(1);
    // Out of range is still the contract's to refuse.
    expect((await runCliOn(lib, 'search', '人工智能', '--limit', '0')).code).toBe(2);
    const recent = await runCliOn(lib, 'diagnostics', '--recent', '0x1');
    expect(recent.code).toBe(2);
    expect(recent.err).toMatch(/--recent/);
    for (const port of ['1e3', '0x50', '0', '70000', '80.0']) {
      const res = await runCliOn(lib, 'serve', '--port', port, '--no-open');
      expect(res.code, `--port ${port}`).toBe(2);
      expect(res.err).toMatch(/--port must be a port number/);
    }
  });
});

describe('export targets', () => {
  it('refuses a folder that does not exist, a folder as the file and a file as the folder, before anything is written', async () => {
    const [articleId] = await seed();
    const brief = await runCliOn(lib, 'brief', 'create', '--title', '工作简报', '--article', articleId, '--json');
    expect(brief.code, brief.err).toBe(0);
    const briefingId = brief.json().id as string;
    const aFile = join(dir, 'a-file.txt');
    writeFileSync(aFile, 'not a folder');
    const aFolder = join(dir, 'exports');
    mkdirSync(aFolder);
    const cases: Array<[string, RegExp]> = [
      [join(dir, 'no', 'such', 'folder', '简报.md'), /does not exist/],
      [join(aFile, 'x.md'), /is a file, not a folder/],
      [aFolder, /is a folder/],
    ];
    const commands = (out: string) => [
      ['export', briefingId, '--format', 'md', '--out', out],
      ['export-article', articleId, '--format', 'html', '--out', out],
      ['annotations', articleId, '--format', 'json', '--out', out],
    ];
    for (const [out, why] of cases) {
      for (const args of commands(out)) {
        const res = await runCliOn(lib, ...args);
        expect(res.code, `${args.join(' ')}`).not.toBe(0);
        expect(res.err, `${args.join(' ')}`).toMatch(why);
        expect(res.err).toContain(out.endsWith('.md') ? 'md' : out);
        // Never the system's words or the temporary name the write would have used.
        expect(res.err).not.toMatch(/ENOENT|ENOTDIR|EISDIR|\.tmp|\.partial/);
      }
    }
    expect(existsSync(join(dir, 'no'))).toBe(false);
    expect(readFileSync(aFile, 'utf8')).toBe('not a folder');
    expect(readdirSync(aFolder)).toEqual([]);
    // A backup makes its missing folders (as it always did); a file in the way is refused all the same.
    const backup = await runCliOn(lib, 'backup', join(dir, 'new', 'folder', 'b.zip'));
    expect(backup.code, backup.err).toBe(0);
    expect(existsSync(join(dir, 'new', 'folder', 'b.zip'))).toBe(true);
    const blocked = await runCliOn(lib, 'backup', join(aFile, 'deeper', 'b.zip'));
    expect(blocked.code).not.toBe(0);
    expect(blocked.err).toMatch(/is a file, not a folder/);
    // The same export into a folder that exists is written.
    const good = await runCliOn(lib, 'export', briefingId, '--format', 'md', '--out', join(aFolder, '简报.md'), '--json');
    expect(good.code, good.err).toBe(0);
    expect(readFileSync(join(aFolder, '简报.md'), 'utf8')).toContain('工作简报');
  });
});

describe('brief list', () => {
  it("shows each briefing's own date, not the day it was changed", async () => {
    await seed();
    for (const [title, date] of [
      ['第一期', '2021-03-01'],
      ['第二期', '2019-12-31'],
    ]) {
      expect((await runCliOn(lib, 'brief', 'create', '--title', title, '--date', date)).code).toBe(0);
    }
    const today = new Date().toISOString().slice(0, 10);
    const lines = (await runCliOn(lib, 'brief', 'list')).out.split('\n');
    expect(lines.find((l) => l.includes('第一期'))).toContain('2021-03-01');
    expect(lines.find((l) => l.includes('第二期'))).toContain('2019-12-31');
    expect(lines.join('\n')).not.toContain(today);
  });
});

describe('diagnostics stderr', () => {
  it("names library problems without the article's title, as the report does", async () => {
    const [articleId] = await seed();
    const shown = (await runCliOn(lib, 'show', articleId, '--json')).json();
    const title = shown.title as string;
    // Damage the article's highlights file: the library reports it, naming the article.
    const annotations = join(lib, 'articles', articleId, 'annotations.json');
    mkdirSync(join(lib, 'articles', articleId), { recursive: true });
    writeFileSync(annotations, '{ "schemaVersion": 1, "annotations": [ {"broken": ');
    // Reading the highlights finds the damage; every later command names it on stderr.
    await runCliOn(lib, 'annotations', articleId, '--format', 'json');
    const list = await runCliOn(lib, 'list');
    expect(list.err, 'the ordinary banner names the article').toContain(title);
    const diag = await runCliOn(lib, 'diagnostics');
    expect(diag.err).toMatch(/Library problem: /);
    expect(diag.err).not.toContain(title);
    expect(diag.out).not.toContain(title);
  });
});
