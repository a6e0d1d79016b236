/**
 * The print engine's browser process over the DevTools pipe: started with a
 * profile folder of its own, answering protocol calls, and ending cleanly —
 * closed, killed, or failing to start — with no process or folder left and
 * every call still waiting rejected; and what the end of the process that
 * started it leaves (a real process, exiting or killed outright, its browser
 * printing). Real Chromium (skipped without one).
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { CdpError, ChromiumProcess, removeStaleProfiles } from './cdp-pipe';
import { CHROMIUM_ARGS, findChromium } from './pdf';

let chromium: string | null = null;
try {
  chromium = findChromium();
} catch {
  console.log('SKIPPED: DevTools pipe tests (no Chromium)');
}

const scratch = mkdtempSync(join(tmpdir(), 'bd-cdp-'));
// A temp folder of this file's own (its worker's environment): other test files' browsers make profile folders at the same time.
const savedTmp = process.env.TMPDIR;
process.env.TMPDIR = mkdtempSync(join(scratch, 'tmp-'));
afterAll(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  rmSync(scratch, { recursive: true, force: true });
});
const profiles = () => new Set(readdirSync(tmpdir()).filter((n) => n.startsWith('briefing-desk-print-')));

describe.skipIf(chromium === null)('a browser on the DevTools pipe', () => {
  it('answers calls and events, and closing ends it and removes its profile folder', async () => {
    const before = profiles();
    const { browser, product } = await ChromiumProcess.launch({ executablePath: chromium!, args: CHROMIUM_ARGS, timeout: 30_000 });
    expect(product).toMatch(/Chrom\w*\/\d+\./);
    const created = [...profiles()].filter((n) => !before.has(n));
    expect(created).toHaveLength(1);
    const events: string[] = [];
    const stop = browser.onEvent((e) => events.push(e.method));
    await browser.send('Target.setDiscoverTargets', { discover: true });
    const { targetId } = await browser.send('Target.createTarget', { url: 'about:blank' });
    expect(typeof targetId).toBe('string');
    expect(events).toContain('Target.targetCreated');
    stop();
    // A protocol error is the browser's message, naming the method.
    await expect(browser.send('No.suchMethod')).rejects.toThrow(/No\.suchMethod: .*wasn't found/);
    await browser.close();
    expect(browser.closed).toBe(true);
    expect(existsSync(join(tmpdir(), created[0]))).toBe(false);
    await expect(browser.send('Browser.getVersion')).rejects.toBeInstanceOf(CdpError);
  }, 60_000);

  it('a browser killed mid-call rejects the call waiting on it and leaves no folder', async () => {
    const before = profiles();
    const { browser } = await ChromiumProcess.launch({ executablePath: chromium!, args: CHROMIUM_ARGS, timeout: 30_000 });
    // A call that never answers by itself: a load that waits for a navigation that never ends.
    const { targetId } = await browser.send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await browser.send('Target.attachToTarget', { targetId, flatten: true });
    const waiting = browser.send('Runtime.evaluate', { expression: 'new Promise(() => {})', awaitPromise: true }, sessionId as string);
    browser.kill();
    await expect(waiting).rejects.toThrow(/Runtime\.evaluate: the browser exited \(SIGKILL/);
    await browser.exited;
    expect([...profiles()].filter((n) => !before.has(n))).toEqual([]);
  }, 60_000);
});

describe('a browser that does not start', () => {
  it('names the missing executable and leaves no folder', async () => {
    const before = profiles();
    await expect(ChromiumProcess.launch({ executablePath: join(scratch, 'no-such-browser'), args: [], timeout: 10_000 })).rejects.toThrow(/ENOENT/);
    expect([...profiles()].filter((n) => !before.has(n))).toEqual([]);
  });

  it('passes on the last thing a browser that exits at once said', async () => {
    const fake = join(scratch, 'fake-browser.sh');
    writeFileSync(fake, '#!/bin/sh\necho "starting" >&2\necho "Missing X server or $DISPLAY" >&2\nexit 3\n');
    chmodSync(fake, 0o755);
    const before = profiles();
    await expect(ChromiumProcess.launch({ executablePath: fake, args: [], timeout: 10_000 })).rejects.toThrow(/exited \(code 3\): Missing X server/);
    expect([...profiles()].filter((n) => !before.has(n))).toEqual([]);
  });

  it('gives up on a browser that never answers, and ends it', async () => {
    const silent = join(scratch, 'silent-browser.sh');
    writeFileSync(silent, '#!/bin/sh\nexec sleep 30\n');
    chmodSync(silent, 0o755);
    const before = profiles();
    const t0 = Date.now();
    await expect(ChromiumProcess.launch({ executablePath: silent, args: [], timeout: 300 })).rejects.toThrow(/did not answer within 300 ms/);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect([...profiles()].filter((n) => !before.has(n))).toEqual([]);
  });
});

/** Live (not zombie) processes whose environment holds `TMPDIR=<dir>`: a browser started with that temp folder and all its children. Linux. */
function processesWithTmp(dir: string): number[] {
  const marker = Buffer.from(`TMPDIR=${dir}\0`);
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // A zombie's environment reads empty: only processes that still run count.
      if (readFileSync(`/proc/${name}/environ`).includes(marker)) found.push(Number(name));
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

/** Resolves once `check` holds, polling; rejects with `what` after `ms`. */
async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Starts testing/print-engine-child.ts with its own temp folder; resolves its first line and its exit. */
function startPrintingProcess(mode: 'exit' | 'wait', tmp: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'testing', 'print-engine-child.ts'), mode], {
    env: { ...process.env, TMPDIR: tmp },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })));
  const started = new Promise<{ pid: number }>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (line) => resolve(JSON.parse(line) as { pid: number }));
    void exited.then(({ code }) => reject(new Error(`the process ended before its browser started (code ${code}): ${stderr}`)));
  });
  return { child, started, exited };
}

const printProfiles = (dir: string) => readdirSync(dir).filter((n) => n.startsWith('briefing-desk-print-'));

describe.skipIf(chromium === null || process.platform !== 'linux')('what the end of the process that started a browser leaves', () => {
  it('a process that exits while its browser prints leaves no profile folder, and no process of its browser runs on', async () => {
    const tmp = mkdtempSync(join(scratch, 'exit-'));
    const run = startPrintingProcess('exit', tmp);
    await run.started;
    expect(await run.exited).toEqual({ code: 0, signal: null });
    // The exit hook ran before the process ended: the folder is gone already.
    expect(printProfiles(tmp)).toEqual([]);
    await until(() => processesWithTmp(tmp).length === 0, 20_000, "the browser's processes did not end");
    expect(printProfiles(tmp)).toEqual([]);
  }, 90_000);

  it('a process killed outright leaves its folder; its browser ends by itself, and the next start removes the folder', async () => {
    const tmp = mkdtempSync(join(scratch, 'kill-'));
    const run = startPrintingProcess('wait', tmp);
    const { pid } = await run.started;
    const [left] = printProfiles(tmp);
    expect(left).toMatch(new RegExp(`^briefing-desk-print-${run.child.pid}-`));
    run.child.kill('SIGKILL');
    expect((await run.exited).signal).toBe('SIGKILL');
    // The pipe closed with the process: the browser and its children end without anyone killing them.
    await until(() => processesWithTmp(tmp).length === 0, 30_000, 'the browser of a killed process did not end');
    expect(processesWithTmp(tmp)).not.toContain(pid);
    expect(printProfiles(tmp)).toEqual([left]);
    // Folders of live processes stay: this one's, and one named by a live process that is older than the folder.
    const mine = join(tmp, `briefing-desk-print-${process.pid}-keep01`);
    const parents = join(tmp, `briefing-desk-print-${process.ppid}-keep02`);
    const unrelated = join(tmp, 'briefing-desk-print-notapid');
    for (const d of [mine, parents, unrelated]) mkdirSync(d);
    // A folder named by a live process that started after the folder last changed: that id was handed out again.
    const reused = join(tmp, `briefing-desk-print-${process.pid === 1 ? 2 : 1}-reuse1`);
    mkdirSync(reused);
    const longAgo = new Date('2001-01-01T00:00:00Z');
    utimesSync(reused, longAgo, longAgo);
    const removed = await removeStaleProfiles(tmp);
    expect(removed.sort()).toEqual([join(tmp, left), reused].sort());
    expect(printProfiles(tmp).sort()).toEqual([mine, parents, unrelated].map((d) => d.slice(tmp.length + 1)).sort());
  }, 90_000);
});
