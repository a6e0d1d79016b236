/**
 * The print engine's browser process over the DevTools pipe: started with a
 * profile folder of its own, answering protocol calls, and ending cleanly —
 * closed, killed, or failing to start — with no process or folder left and
 * every call still waiting rejected. Real Chromium (skipped without one).
 */
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CdpError, ChromiumProcess } from './cdp-pipe';
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
