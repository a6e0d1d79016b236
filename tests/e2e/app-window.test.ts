/**
 * `npm start` where Electron cannot run, end to end under Xvfb: the launcher
 * serves browser mode and opens the interface in an app window of the system
 * Chromium with its own profile under the data folder; the window shows the
 * library; a second start on the same library brings that window forward
 * instead of starting a second server; closing the window stops the server
 * and the process exits. Prints one SKIPPED line where Xvfb or Chromium is
 * missing.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { chromiumPath, root, screenshot } from './harness';

const xvfbRun = ['/usr/bin/xvfb-run', '/bin/xvfb-run'].find((p) => existsSync(p)) ?? (spawnSync('which', ['xvfb-run']).stdout?.toString().trim() || null);
const browserPath = chromiumPath();
const skip = !xvfbRun
  ? 'xvfb-run not installed (Debian: apt-get install xvfb xauth)'
  : !browserPath
    ? 'no Chromium (install chromium or set CHROMIUM_PATH)'
    : null;
if (skip) console.log(`SKIPPED: app window end-to-end test (${skip})`);

const work = mkdtempSync(join(tmpdir(), 'bd-app-window-'));
const library = join(work, 'library');
const dataHome = join(work, 'data');
const launcher = join(root, 'src-main', 'cli', 'launcher.mjs');
const children: ChildProcess[] = [];
let cdp: Browser | undefined;

afterAll(async () => {
  await cdp?.close().catch(() => undefined);
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

/** `npm start`'s command under its own X display; Electron is bypassed as it is where its binary is missing. */
function start(): { child: ChildProcess; output: () => string; exit: Promise<number | null> } {
  const child = spawn(xvfbRun!, ['-a', '-s', '-screen 0 1400x1000x24', process.execPath, launcher, 'start', '--library', library], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      BRIEFING_DESK_LIBRARY: '',
      BRIEFING_DESK_BROWSER: '1',
      ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
      XDG_DATA_HOME: dataHome,
      CHROMIUM_PATH: browserPath!,
      // The test reaches the window through a DevTools port of the app's own profile.
      BRIEFING_DESK_BROWSER_ARGS: '--remote-debugging-port=0 --disable-gpu --disable-dev-shm-usage',
    },
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exit };
}

async function waitFor<T>(what: string, probe: () => T | null | undefined | false, output: () => string, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}. Output so far:\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('npm start without Electron: the app window', () => {
  it.skipIf(!!skip)('opens the library in a Chromium app window, focuses it on a second start, and stops when it is closed', async () => {
    const first = start();
    const url = await waitFor('the server URL', () => /running at (http:\/\/127\.0\.0\.1:\d+\/\S+)/.exec(first.output())?.[1], first.output);
    const origin = new URL(url).origin;
    expect(first.output()).toContain('browser mode');

    // The window's own profile lives under the app's data folder, one per library.
    const profiles = join(dataHome, 'briefing-desk', 'app-window');
    const portFile = await waitFor(
      'the app window’s DevTools port',
      () => {
        if (!existsSync(profiles)) return null;
        const file = readdirSync(profiles)
          .map((d) => join(profiles, d, 'DevToolsActivePort'))
          .find((f) => existsSync(f));
        return file && readFileSync(file, 'utf8').split('\n')[0] ? file : null;
      },
      first.output,
    );
    const port = readFileSync(portFile, 'utf8').split('\n')[0];
    cdp = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
    const pageOf = () =>
      cdp!
        .contexts()
        .flatMap((c) => c.pages())
        .filter((p) => p.url().startsWith(origin));
    const page = await waitFor('the app page', () => pageOf()[0], first.output);
    await waitFor('the launcher’s word on the window', () => /its own window of .*chromium.*closing that window stops/i.test(first.output()), first.output);
    // The library shows: the sample article a new library starts with.
    await page.getByText('推动32个重大产业项目签约', { exact: false }).first().waitFor({ timeout: 30_000 });
    expect(await page.evaluate(() => (window as unknown as { briefingDesk?: unknown }).briefingDesk)).toBeUndefined();
    // A chromeless app window: no tab strip or address bar, so the page fills the window's height.
    const { outer, inner } = await page.evaluate(() => ({ outer: window.outerHeight, inner: window.innerHeight }));
    expect(outer - inner).toBeLessThan(60);
    // The app's icon is the window's icon.
    expect(await page.evaluate(async () => (await fetch('./256x256.png')).headers.get('content-type'))).toBe('image/png');
    await screenshot(page, 'app-window');

    // A second start on the same library: no second server, the first window is brought forward.
    const second = start();
    expect(await second.exit).toBe(0);
    expect(second.output()).toMatch(/already running for .* its window was brought to the front/);
    expect(second.output()).not.toContain('running at http');
    expect(pageOf()).toHaveLength(1);
    const instance = JSON.parse(readFileSync(join(library, 'instance.json'), 'utf8'));
    expect(instance.port).toBe(Number(new URL(url).port));

    // Closing the window stops the server and the process.
    await page.close();
    const code = await Promise.race([first.exit, new Promise((r) => setTimeout(() => r('still running'), 30_000))]);
    expect(code, first.output()).toBe(0);
    await expect(fetch(`${origin}/`)).rejects.toThrow();
    expect(existsSync(join(library, 'instance.json'))).toBe(false);
    expect(existsSync(join(library, 'library.lock'))).toBe(false);
  });

  /** `npm start`'s command without Xvfb, with `env` changes; resolves once `until` matches the output. */
  async function startPlain(name: string, env: NodeJS.ProcessEnv, until: RegExp) {
    const lib = join(work, name);
    const child = spawn(process.execPath, [launcher, 'start', '--library', lib], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env });
    children.push(child);
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await waitFor(
      'the sentence',
      () => until.test(out),
      () => out,
      60_000,
    );
    return { lib, child, exit, output: () => out };
  }

  const plainEnv = (extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      BRIEFING_DESK_LIBRARY: '',
      BRIEFING_DESK_BROWSER: '1',
      ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
      XDG_DATA_HOME: dataHome,
      ...extra,
    };
    for (const [k, v] of Object.entries(extra)) if (v === undefined) delete env[k];
    return env;
  };

  it.each([
    ['no browser found either', join(work, 'no-browser-here')],
    ['a browser found', browserPath!],
  ])('with no display (%s): one sentence giving the link to open, nothing promised, and stops on Ctrl+C', async (_name, chromium) => {
    const run = await startPlain(
      `library-no-display-${chromium === browserPath ? 'b' : 'n'}`,
      plainEnv({ CHROMIUM_PATH: chromium, DISPLAY: undefined, WAYLAND_DISPLAY: undefined }),
      /No display was found/,
    );
    const out = run.output();
    expect(out).toMatch(/running at http:\/\/127\.0\.0\.1:\d+\//);
    const lines = out.split('\n').filter((l) => /No display was found/.test(l));
    expect(lines).toEqual([
      'No display was found (neither DISPLAY nor WAYLAND_DISPLAY is set), so no window can open here: open the link above in a browser on this computer; press Ctrl+C here to stop Briefing Desk.',
    ]);
    expect(out).not.toMatch(/default browser instead|did not start|dbus|zygote|ERROR:/i);
    expect(existsSync(join(run.lib, 'instance.json'))).toBe(true);
    run.child.kill('SIGINT');
    expect(await run.exit).toBe(0);
    expect(existsSync(join(run.lib, 'instance.json'))).toBe(false);
  });

  it('when the browser cannot open its window: one sentence, its own messages in the log only', async () => {
    const logs = join(work, 'logs-broken-display');
    // A display that does not exist: the real Chromium prints its X, D-Bus and zygote complaints and exits.
    const run = await startPlain(
      'library-broken-display',
      plainEnv({ CHROMIUM_PATH: browserPath!, DISPLAY: ':97', WAYLAND_DISPLAY: undefined, BRIEFING_DESK_LOG_DIR: logs }),
      /did not start/,
    );
    const out = run.output();
    const lines = out.split('\n').filter((l) => /did not start/.test(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^The browser at .* did not start \(what it said is in the log, .*briefing-desk\.log\); (Briefing Desk opens in your default browser instead; press Ctrl\+C here to stop it|open the link above in a browser on this computer; press Ctrl\+C here to stop Briefing Desk)\.$/,
    );
    expect(out).not.toMatch(/dbus|zygote|Missing X server|ERROR:/i);
    run.child.kill('SIGINT');
    expect(await run.exit).toBe(0);
    const logged = readFileSync(join(logs, 'briefing-desk.log'), 'utf8');
    expect(logged).toMatch(/The app window did not start/);
    expect(logged).toMatch(/platform failed to initialize|Missing X server|zygote/i);
  });
});
