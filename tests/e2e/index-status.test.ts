/**
 * End to end in Chromium against browser mode: a library of generated
 * articles without a search index opens at once and builds its index in the
 * background. The search panel shows the build (a progress bar whose
 * aria-valuenow moves, the article counts, a note that results may be
 * incomplete), then tells it is ready and the indicator goes away; searching
 * then finds the generated articles. Then the saved index is damaged on disk
 * and the library reopened: the window shows the rebuild and, again, its end.
 *
 * The library is kept small (`COUNT`: a build of a few seconds, so this file
 * does not hold the machine for the tests after it): every expected text is
 * derived from `COUNT`, and what the indicator showed is recorded by the page
 * itself from its first frame, so a short build is seen whole. The build
 * workers pause after each read batch (`PACE`): without it the two-worker
 * build of `COUNT` articles ends in about a second, before the window opened
 * after the library has loaded, and nothing would be left to see.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot, startApp, type App } from './harness';
import { generatedArticle, writeGeneratedLibrary } from './generated-library';
import { apiCall } from '../support/page-helpers';

const COUNT = 3_000;
/**
 * A pause after each read batch of the build workers (8 articles): about
 * 190 batches a worker, so the build lasts at least ~4 s however fast the
 * machine is, and the window, opened after the library, sees it.
 */
const PACE = { BRIEFING_DESK_INDEX_BUILD_PACE_MS: '20' };
/** Paragraphs an article: with `COUNT`, a build of a few seconds of one core, long enough to be seen. */
const PARAGRAPHS = 12;
/** `COUNT` as the window writes it (grouped thousands in both languages). */
const COUNT_TEXT = COUNT.toLocaleString('en-US');
/** Articles whose generated title names 种业振兴 (one topic of eight, by index). */
const SEED_INDUSTRY = Array.from({ length: COUNT }, (_, n) => generatedArticle(n)).filter((a) => a.title.includes('种业振兴')).length;
let dir: string;
let app: App | undefined;
let browser: Browser;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bd-e2e-index-status-'));
  writeGeneratedLibrary(dir, COUNT, { paragraphs: PARAGRAPHS });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface Seen {
  /** Every distinct text the indicator showed, in order. */
  texts: string[];
  /** Every distinct aria-valuenow of its progress bar, in order. */
  progress: number[];
}

/**
 * Opens the window on the running app and its search panel. What the index
 * indicator shows is recorded by the page from its first frame (an observer
 * installed before the app's script runs), so a poll from here cannot miss
 * a short build.
 */
async function openSearch(locale: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1300, height: 800 }, locale });
  await page.addInitScript(() => {
    const w = window as unknown as { seen: Seen };
    w.seen = { texts: [], progress: [] };
    const look = () => {
      const el = document.querySelector('[data-testid="index-status"]');
      const text = el?.textContent ?? '';
      if (text && w.seen.texts[w.seen.texts.length - 1] !== text) w.seen.texts.push(text);
      const v = el?.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow');
      if (v != null && w.seen.progress[w.seen.progress.length - 1] !== Number(v)) w.seen.progress.push(Number(v));
    };
    new MutationObserver(look).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  await page.goto(app!.url);
  await page.getByTestId('search-input').or(page.getByTestId('article-row').first()).first().waitFor({ timeout: 60_000 });
  if (!(await page.getByTestId('search-panel').isVisible())) await page.keyboard.press('Control+k');
  await page.getByTestId('search-panel').waitFor();
  return page;
}

const seen = (page: Page) => page.evaluate(() => (window as unknown as { seen: Seen }).seen);

describe('search index status in the window', () => {
  it('shows the background build with progress, then that it is ready, then nothing', async () => {
    app = await startApp({ library: dir, env: PACE });
    const page = await openSearch('zh-CN');
    const indicator = page.getByTestId('index-status');
    // The build with its counts, as the page recorded it (it may be over by the time we look).
    const building = new RegExp(`正在建立搜索索引… \\d+%（[\\d,]+ / ${COUNT_TEXT} 篇）`);
    await expect.poll(async () => (await seen(page)).texts.some((t) => building.test(t)), { timeout: 60_000 }).toBe(true);
    if (await page.getByRole('progressbar').count()) await screenshot(page, 'index-status-building');

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
    const ready = `搜索索引已就绪（${COUNT_TEXT} 篇）`;
    await expect.poll(async () => (await seen(page)).texts.at(-1), { timeout: 180_000 }).toBe(ready);
    if (await indicator.count()) await screenshot(page, 'index-status-ready');
    await indicator.waitFor({ state: 'detached', timeout: 30_000 });
    await expect(note.count()).resolves.toBe(0);
    const { texts, progress } = await seen(page);
    // Building (with counts) came before ready, and the bar only ever moved forward within 0–100.
    expect(texts.findIndex((t) => building.test(t))).toBeLessThan(texts.indexOf(ready));
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((v, i) => v >= 0 && v <= 100 && (i === 0 || v >= progress[i - 1]))).toBe(true);

    // The finished index finds the generated articles.
    await page.getByTestId('search-input').fill('种业振兴');
    await expect.poll(() => count.textContent(), { timeout: 30_000 }).toMatch(new RegExp(`^${SEED_INDUSTRY.toLocaleString('en-US')}\\+? 篇`));
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
    app = await startApp({ library: dir, env: PACE });
    const page = await openSearch('en');
    const indicator = page.getByTestId('index-status');
    const building = new RegExp(`^Building the search index…( \\d+% \\([\\d,]+ of ${COUNT_TEXT} articles\\))?$`);
    await expect.poll(async () => (await seen(page)).texts.some((t) => building.test(t)), { timeout: 60_000 }).toBe(true);
    if (await page.getByRole('progressbar').count()) await screenshot(page, 'index-status-rebuild-en');
    const ready = `The search index is ready (${COUNT_TEXT} articles)`;
    await expect.poll(async () => (await seen(page)).texts.at(-1), { timeout: 180_000 }).toBe(ready);
    await indicator.waitFor({ state: 'detached', timeout: 30_000 });
    const { texts } = await seen(page);
    expect(texts.findIndex((t) => building.test(t))).toBeLessThan(texts.indexOf(ready));
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
