/**
 * Browser-mode access in a real Chromium (DESIGN.md, "Browser-mode access"):
 * the token travels in the link's fragment, lives in the tab's sessionStorage
 * and goes out only as a header to our own port. No cookie, so another server
 * on 127.0.0.1 never receives it, and after a restart the newest link opens the
 * app in the same tab that held the old one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, startApp, type App } from './harness';

let browser: Browser;
let context: BrowserContext;
let page: Page;
let library: string;
let other: Server;
let otherPort: number;
const seenByOther: IncomingHttpHeaders[] = [];

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

beforeAll(async () => {
  library = mkdtempSync(join(tmpdir(), 'bd-e2e-access-'));
  other = createServer((req, res) => {
    seenByOther.push(req.headers);
    res.end('<!doctype html><title>another local app</title>');
  });
  await new Promise<void>((r) => other.listen(0, '127.0.0.1', () => r()));
  otherPort = (other.address() as AddressInfo).port;
  browser = await launchBrowser();
  context = await browser.newContext({ locale: 'en' });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((r) => other.close(() => r()));
  rmSync(library, { recursive: true, force: true });
});

describe('browser-mode access', () => {
  it('opens from the fragment link, keeps no cookie, and never sends the token to another local port', async () => {
    const app: App = await startApp({ library });
    try {
      const token = /#token=(\S+)$/.exec(app.url)![1];
      await page.goto(app.url);
      await page.getByTestId('article-row').first().waitFor();
      expect(page.url()).not.toContain('token');
      expect(await context.cookies()).toEqual([]);
      // A reload in the same tab keeps working (sessionStorage).
      await page.reload();
      await page.getByTestId('article-row').first().waitFor();

      const visit = await context.newPage();
      await visit.goto(`http://127.0.0.1:${otherPort}/`);
      await visit.close();
      expect(seenByOther.length).toBeGreaterThan(0);
      for (const headers of seenByOther) expect(JSON.stringify(headers)).not.toContain(token);
    } finally {
      await app.stop();
    }
  });

  it('after a restart the newest link opens the app in the tab that held the old token', async () => {
    const port = await freePort();
    const first = await startApp({ library, port });
    await page.goto(first.url);
    await page.getByTestId('article-row').first().waitFor();
    await first.stop();

    const second = await startApp({ library, port });
    try {
      expect(second.url).not.toBe(first.url);
      // Only the fragment differs from the page already shown: the app must take the new token and load again.
      const listed = page.waitForResponse((r) => r.url().endsWith('/api/queryArticles'), { timeout: 15_000 });
      await page.goto(second.url);
      expect((await listed).status()).toBe(200);
      await page.getByTestId('article-row').first().waitFor();
      expect(page.url()).not.toContain('token');
      // The old link (same port) no longer works for the API, the new one does.
      const statusWith = (token: string) =>
        page.evaluate(async (t) => (await fetch('/api/listArticles', { method: 'POST', headers: { 'x-briefing-token': t }, body: '{}' })).status, token);
      expect(await statusWith(/#token=(\S+)$/.exec(first.url)![1])).toBe(401);
      expect(await statusWith(/#token=(\S+)$/.exec(second.url)![1])).toBe(200);
    } finally {
      await second.stop();
    }
  });

  it('opened without its token (a bookmark of the bare address), says which link to open and stops calling', async () => {
    const app = await startApp({ library });
    try {
      const bare = await browser.newContext({ locale: 'zh-CN' });
      const tab = await bare.newPage();
      const refused: string[] = [];
      tab.on('response', (r) => {
        if (r.status() === 401) refused.push(r.url());
      });
      await tab.goto(new URL(app.url).origin + '/');
      await tab.getByTestId('access-notice').waitFor({ timeout: 15_000 });
      expect(await tab.getByTestId('access-notice').textContent()).toBe(
        '这个页面没有有效的访问令牌，无法打开文库。请打开 `briefing serve` 或 `npm start` 启动时打印的链接（链接中带有令牌）。',
      );
      // Quiet afterwards: the network goes idle (nothing retried), and at most the event stream's one try was refused.
      await tab.waitForLoadState('networkidle');
      expect(refused.length).toBeLessThanOrEqual(1);
      // A token the server does not know (an old link after a restart) is refused once, in English too.
      const stale = await browser.newContext({ locale: 'en' });
      const old = await stale.newPage();
      const refusedOld: string[] = [];
      old.on('response', (r) => {
        if (r.status() === 401) refusedOld.push(r.url());
      });
      await old.goto(new URL(app.url).origin + '/#token=not-the-token');
      await old.getByTestId('access-notice').waitFor({ timeout: 15_000 });
      expect(await old.getByTestId('access-notice').textContent()).toContain('Open the link printed by `briefing serve` or `npm start`');
      // Each call made before the refusal was known is refused once; none is repeated.
      expect(new Set(refusedOld).size).toBe(refusedOld.length);
      await bare.close();
      await stale.close();
    } finally {
      await app.stop();
    }
  });
});
