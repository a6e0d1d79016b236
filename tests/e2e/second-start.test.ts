/**
 * A second start on a library that is already served hands over instead of
 * refusing, with real processes of the built CLI on a real library folder:
 * `briefing serve` finds the running server (`instance.json`), and since
 * that one has no window (`--no-open`) prints its link — the same address
 * and token — and exits 0, in the language of the locale; any other
 * command on the served library is refused naming that link; and after the
 * server is killed (SIGKILL: its `library.lock` and `instance.json` are left
 * behind) the next start recovers both and serves the library itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, startApp, type App } from './harness';

const cli = join(root, 'out', 'main', 'cli.js');
const library = mkdtempSync(join(tmpdir(), 'bd-second-start-'));
let first: App;
/** Set once the test has killed the first server (its `stop` would wait for an exit that already happened). */
let killed = false;

/** Runs the built CLI to its end; `env` adds variables (the locale). */
function briefing(args: string[], env: Record<string, string> = {}) {
  const res = spawnSync(process.execPath, [cli, ...args, '--library', library], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, BRIEFING_DESK_LIBRARY: '', BRIEFING_DESK_LANG: '', LC_ALL: '', LC_MESSAGES: '', LANGUAGE: '', LANG: 'C.UTF-8', ...env },
  });
  return { code: res.status, out: res.stdout, err: res.stderr };
}

beforeAll(async () => {
  first = await startApp({ library });
}, 60_000);

afterAll(async () => {
  if (!killed) await first?.stop();
  rmSync(library, { recursive: true, force: true });
});

describe('a second start on a served library', () => {
  it('prints the running server’s link (same address and token) and exits 0, in English and in Chinese', () => {
    const en = briefing(['serve', '--no-open']);
    expect({ code: en.code, err: en.err }).toEqual({ code: 0, err: '' });
    expect(en.out.trim()).toBe(`Briefing Desk is already running for ${library} (process ${readPid()}); open it at ${first.url}`);
    const zh = briefing(['serve', '--no-open'], { LANG: 'zh_CN.UTF-8' });
    expect(zh.code).toBe(0);
    expect(zh.out.trim()).toBe(`简报台已在为 ${library} 运行（进程 ${readPid()}），请打开 ${first.url}`);
    // Still the one server: the first answers as before.
    expect(JSON.parse(readFileSync(join(library, 'instance.json'), 'utf8')).pid).toBe(readPid());
  });

  it('refuses another command on it naming that link, and says so in Chinese under a Chinese locale', () => {
    const en = briefing(['list']);
    expect(en.code).toBe(1);
    expect(en.err.trim()).toBe(
      `Error: The library at ${library} is being served by Briefing Desk (process ${readPid()}) at ${first.url}: use it there, or stop it (Ctrl+C where it runs) first.`,
    );
    const zh = briefing(['list'], { LC_ALL: 'zh_CN.UTF-8' });
    expect(zh.err.trim()).toBe(
      `错误：文库 ${library} 正由简报台（进程 ${readPid()}）提供服务，地址 ${first.url}：请在那里使用，或先停止它（在它运行的终端按 Ctrl+C）。`,
    );
  });

  it('after the server was killed, recovers its lock and record and serves the library itself', async () => {
    const pid = readPid();
    process.kill(pid, 'SIGKILL');
    killed = true;
    await expect.poll(() => alive(pid), { timeout: 10_000 }).toBe(false);
    // What the killed process left behind.
    expect(existsSync(join(library, 'library.lock'))).toBe(true);
    expect(existsSync(join(library, 'instance.json'))).toBe(true);
    const child = spawn(process.execPath, [cli, 'serve', '--no-open', '--library', library], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, BRIEFING_DESK_LIBRARY: '' },
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    try {
      await expect.poll(() => out, { timeout: 20_000 }).toMatch(/is running at http:\/\/127\.0\.0\.1:\d+\/#token=/);
      expect(out).not.toContain('already running');
      await expect.poll(() => readPid()).toBe(child.pid);
      expect(JSON.parse(readFileSync(join(library, 'library.lock'), 'utf8')).pid).toBe(child.pid);
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    expect(existsSync(join(library, 'instance.json'))).toBe(false);
  });
});

function readPid(): number {
  return JSON.parse(readFileSync(join(library, 'instance.json'), 'utf8')).pid;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
