/**
 * End to end in Chromium against browser mode: a library of generated
 * articles without a search index opens at once and builds its index in the
 * background. The search panel shows the build (a progress bar whose
 * aria-valuenow moves, the article counts, a note that results may be
 * incomplete), then tells it is ready and the indicator goes away; searching
 * then finds the generated articles. Then the saved index is damaged on disk
 * and the library reopened: the window shows the rebuild and, again, its end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot, startApp, type App } from './harness';
import { writeGeneratedLibrary } from './generated-library';
import { apiCall } from '../support/page-helpers';

const COUNT = 10_000;
let dir: string;
let app: App | undefined;
let browser: Browser;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bd-e2e-index-status-'));
  writeGeneratedLibrary(dir, COUNT);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Opens the window on the running app and its search panel, as soon as the page has loaded. */
async function openSearch(locale: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1300, height: 800 }, locale });
  await page.goto(app!.url);
  await page.getByTestId('search-input').or(page.getByTestId('article-row').first()).first().waitFor({ timeout: 60_000 });
  if (!(await page.getByTestId('search-panel').isVisible())) await page.keyboard.press('Control+k');
  await page.getByTestId('search-panel').waitFor();
  return page;
}

/** Records every aria-valuenow the progress bar shows, from the page itself (a poll from here could miss a short build). */
async function watchProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { seenProgress: number[] };
    w.seenProgress = [];
    const look = () => {
      const v = document.querySelector('[data-testid="index-status"] [role="progressbar"]')?.getAttribute('aria-valuenow');
      if (v != null && w.seenProgress[w.seenProgress.length - 1] !== Number(v)) w.seenProgress.push(Number(v));
    };
    look();
    new MutationObserver(look).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });
  });
}

describe('search index status in the window', () => {
  it('shows the background build with progress, then that it is ready, then nothing', async () => {
    app = await startApp({ library: dir });
    const page = await openSearch('zh-CN');
    const indicator = page.getByTestId('index-status');
    await indicator.waitFor({ timeout: 30_000 });
    await watchProgress(page);
    const bar = page.getByRole('progressbar');
    await bar.waitFor();
    await expect.poll(() => indicator.textContent(), { timeout: 30_000 }).toMatch(/正在建立搜索索引… \d+%（[\d,]+ \/ 10,000 篇）/);
    await screenshot(page, 'index-status-building');

    // A search during the build says its results may be incomplete.
    await page.getByTestId('search-input').fill('粮食安全');
    const note = page.getByTestId('search-incomplete');
    const count = page.locator('.search-count');
    await count.waitFor({ timeout: 120_000 });
    // Read in one go on the page: while the bar still shows, the count carries the note.
    const during = await page.evaluate(() => ({
      building: !!document.querySelector('[data-testid="index-status"] [role="progressbar"]'),
      note: document.querySelector('[data-testid="search-incomplete"]')?.textContent ?? null,
    }));
    if (during.building) expect(during.note).toContain('搜索索引尚在建立，结果可能不完整');

    // Ready: told briefly, then gone.
    await expect.poll(() => indicator.textContent(), { timeout: 180_000 }).toContain('搜索索引已就绪（10,000 篇）');
    await screenshot(page, 'index-status-ready');
    await indicator.waitFor({ state: 'detached', timeout: 30_000 });
    await expect(note.count()).resolves.toBe(0);
    const seen = await page.evaluate(() => (window as unknown as { seenProgress: number[] }).seenProgress);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((v, i) => v >= 0 && v <= 100 && (i === 0 || v >= seen[i - 1]))).toBe(true);

    // The finished index finds the generated articles.
    await page.getByTestId('search-input').fill('种业振兴');
    await expect.poll(() => count.textContent(), { timeout: 30_000 }).toMatch(/^1,?250\+? 篇/);
    const status = (await apiCall(page, 'searchStatus', {})) as { state: string; documents: number };
    expect(status).toMatchObject({ state: 'ready', documents: COUNT });
    await page.close();
  }, 400_000);

  it('shows the rebuild after the saved index is damaged, in English', async () => {
    await app!.stop();
    app = undefined;
    const indexDir = findIndexDir(dir);
    // Damage every saved index file (a checksum mismatch or an unreadable file): the library must rebuild.
    for (const name of readdirSync(indexDir)) {
      const file = join(indexDir, name);
      if (statSync(file).isFile() && statSync(file).size > 0) writeFileSync(file, Buffer.alloc(Math.min(4096, statSync(file).size), 0x5a));
    }
    app = await startApp({ library: dir });
    const page = await openSearch('en');
    const indicator = page.getByTestId('index-status');
    await expect.poll(() => indicator.textContent(), { timeout: 60_000 }).toMatch(/Building the search index… (\d+% \([\d,]+ of 10,000 articles\))?/);
    await screenshot(page, 'index-status-rebuild-en');
    await expect.poll(() => indicator.textContent(), { timeout: 180_000 }).toContain('The search index is ready (10,000 articles)');
    await indicator.waitFor({ state: 'detached', timeout: 30_000 });
    await page.close();
  }, 400_000);
});

/** The folder holding the saved search index (search.bin and its state). */
function findIndexDir(library: string): string {
  const stack = [library];
  while (stack.length) {
    const d = stack.pop()!;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === 'articles') continue;
      const p = join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.name === 'search.bin') return d;
    }
  }
  if (existsSync(join(library, 'index'))) return join(library, 'index');
  throw new Error(`No saved search index under ${library}`);
}
