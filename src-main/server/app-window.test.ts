/**
 * The app window's browser control with a stand-in browser that speaks the
 * DevTools protocol on the pipe (testing/fake-browser.mjs): the switches it
 * is started with, focus, closing (by the user or by the app), links the
 * page opens going to the system browser, a browser that keeps running
 * without windows, and a browser that cannot start. The real Chromium is
 * driven end to end in tests/e2e/app-window.test.ts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appWindowArgs, openAppWindow } from './app-window';

const work = mkdtempSync(join(tmpdir(), 'bd-app-window-unit-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** An executable that runs the fake browser with this Node, whatever the platform's shebang handling. */
function fakeBrowser(env: Record<string, string>): string {
  const script = join(__dirname, 'testing', 'fake-browser.mjs');
  const path = join(work, `browser-${Math.random().toString(36).slice(2)}.sh`);
  const vars = Object.entries(env)
    .map(([k, v]) => `${k}='${v}'`)
    .join(' ');
  writeFileSync(path, `#!/bin/sh\nexec env ${vars} '${process.execPath}' '${script}' "$@"\n`);
  chmodSync(path, 0o755);
  return path;
}

const readLog = (file: string) =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
    : [];

describe.skipIf(process.platform === 'win32')('app window', () => {
  it('starts a chromeless window with its own profile and a private pipe, never a debugging port', () => {
    const args = appWindowArgs({
      url: 'http://127.0.0.1:5000/#token=x',
      executablePath: '/usr/bin/chromium',
      profileDir: '/data/app-window/abc',
      extraArgs: ['--disable-gpu'],
    });
    expect(args).toContain('--app=http://127.0.0.1:5000/#token=x');
    expect(args).toContain('--user-data-dir=/data/app-window/abc');
    expect(args).toContain('--remote-debugging-pipe');
    expect(args).toContain('--no-first-run');
    expect(args).toContain('--disable-background-networking');
    expect(args.at(-1)).toBe('--disable-gpu');
    expect(args.some((a) => a.startsWith('--remote-debugging-port'))).toBe(false);
  });

  it('brings the window to the front, and resolves `closed` when the user closes it', async () => {
    const log = join(work, 'focus.log');
    const win = await openAppWindow({ url: 'http://127.0.0.1:5001/', executablePath: fakeBrowser({ FAKE_BROWSER_LOG: log }), profileDir: join(work, 'p1') });
    expect(await win.focus()).toBe(true);
    expect(readLog(log).some((m) => m.method === 'Target.activateTarget' && m.params.targetId === 'APP')).toBe(true);
    process.kill(win.pid!, 'SIGUSR2');
    await win.closed;
    expect(await win.focus()).toBe(false);
    expect(existsSync(join(work, 'p1'))).toBe(true);
  });

  it('closes a browser that would keep running without windows (Chrome on macOS)', async () => {
    const log = join(work, 'stay.log');
    const win = await openAppWindow({
      url: 'http://127.0.0.1:5002/',
      executablePath: fakeBrowser({ FAKE_BROWSER_LOG: log, FAKE_BROWSER_SCRIPT: 'stay' }),
      profileDir: join(work, 'p2'),
    });
    const pid = win.pid!;
    process.kill(pid, 'SIGUSR2');
    await win.closed;
    expect(readLog(log).some((m) => m.method === 'Browser.close')).toBe(true);
    expect(() => process.kill(pid, 0)).toThrow();
  });

  it('sends a link the page opens in a new window to the system browser, not a tab of its profile', async () => {
    const log = join(work, 'popup.log');
    const opened: string[] = [];
    const win = await openAppWindow({
      url: 'http://127.0.0.1:5003/',
      executablePath: fakeBrowser({ FAKE_BROWSER_LOG: log, FAKE_BROWSER_SCRIPT: 'popup:https://www.gov.cn/zhengce/' }),
      profileDir: join(work, 'p3'),
      openExternal: (url) => opened.push(url),
    });
    await expect.poll(() => opened).toEqual(['https://www.gov.cn/zhengce/']);
    await expect.poll(() => readLog(log).some((m) => m.method === 'Target.closeTarget' && m.params.targetId === 'POPUP')).toBe(true);
    await win.close();
  });

  it('says why when the browser cannot start', async () => {
    const browser = fakeBrowser({ FAKE_BROWSER_FAIL: '1' });
    // One sentence for the user; the browser's own words apart, for the log.
    await expect(openAppWindow({ url: 'http://127.0.0.1:5004/', executablePath: browser, profileDir: join(work, 'p4') })).rejects.toMatchObject({
      message: `The browser at ${browser} did not start.`,
      detail: expect.stringMatching(/Missing X server or \$DISPLAY/),
    });
    await expect(
      openAppWindow({ url: 'http://127.0.0.1:5004/', executablePath: join(work, 'no-such-browser'), profileDir: join(work, 'p5') }),
    ).rejects.toMatchObject({
      message: expect.stringMatching(/did not start\.$/),
      detail: expect.stringMatching(/ENOENT/),
    });
  });
});
