/**
 * End to end in Chromium against browser mode, on a library whose search
 * index was saved under the first indexing rules (fixture
 * `tests/fixtures/search-index/v5-rules1-library`): the app brings the index
 * up to date without a rebuild, a 发文字号 typed with other brackets finds
 * its document and opens it, and a phrase past the 300,000th character of a
 * long report opens the reader at the match, marked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, root, screenshot, startApp, type App } from './harness';
import { apiCall, openAppPage } from '../support/page-helpers';

let app: App;
let browser: Browser;
let page: Page;
let library: string;

beforeAll(async () => {
  library = mkdtempSync(join(tmpdir(), 'bd-e2e-docnumber-'));
  cpSync(join(root, 'tests', 'fixtures', 'search-index', 'v5-rules1-library'), library, { recursive: true });
  app = await startApp({ library });
  browser = await launchBrowser();
  page = await openAppPage(browser, app.url);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  rmSync(library, { recursive: true, force: true });
});

describe('searching a 发文字号 in the app', () => {
  it('finds 国办发〔2024〕12号 typed as 国办发[2024]12号 and opens the document', async () => {
    await page.keyboard.press('Control+k');
    const input = page.getByTestId('search-input');
    await input.waitFor();
    await input.fill('国办发[2024]12号');
    const hits = page.getByTestId('search-hit');
    await expect.poll(() => hits.count(), { timeout: 20_000 }).toBe(1);
    expect(await hits.first().textContent()).toContain('国务院办公厅关于加快推进算力基础设施建设的通知');
    // The index was brought up to date, not rebuilt: only the articles the new rules index differently.
    const status = await apiCall(page, 'searchStatus', {});
    expect(status).toMatchObject({ state: 'ready', documents: 6, rulesUpgrade: { from: 1, to: 2, reindexed: 5 } });
    await screenshot(page, 'search-doc-number');
    await hits.first().click();
    await expect.poll(() => page.getByTestId('reader').locator('h1').textContent()).toBe('国务院办公厅关于加快推进算力基础设施建设的通知');
    await page.keyboard.press('Escape');
  });

  it('finds the full-width 财税［2024］１８号 typed with 〔〕 and half-width digits', async () => {
    await page.keyboard.press('Control+k');
    const input = page.getByTestId('search-input');
    await input.fill('财税〔2024〕18号');
    const hits = page.getByTestId('search-hit');
    // The answer to the query before may still be shown: wait for this one's.
    await expect.poll(() => hits.first().textContent()).toContain('关于延续实施小微企业增值税优惠政策的公告');
    expect(await hits.count()).toBe(1);
    await input.fill('默想');
    await expect.poll(() => page.locator('.search-results .empty').count()).toBe(1);
    await page.keyboard.press('Escape');
  });

  it('opens a long report at a phrase past its 300,000th character, marked in the reader', async () => {
    await page.keyboard.press('Control+k');
    const input = page.getByTestId('search-input');
    await input.fill('量子通信骨干网');
    const hits = page.getByTestId('search-hit');
    await expect.poll(() => hits.first().textContent()).toContain('Grid storage progress report');
    expect(await hits.count()).toBe(1);
    expect(await hits.first().locator('mark').first().textContent()).toBe('量子通信骨干网');
    await hits.first().click();
    const focus = page.locator('[data-testid=reader] mark.hl-focus');
    await expect.poll(() => focus.first().textContent(), { timeout: 20_000 }).toBe('量子通信骨干网');
    await expect.poll(() => focus.first().isVisible()).toBe(true);
    // Where the reader marked it is where the text has it (canonical offsets of its block).
    const offset = await focus.first().evaluate((mark) => {
      const block = mark.closest<HTMLElement>('[data-start]')!;
      const range = document.createRange();
      range.setStart(block, 0);
      range.setEnd(mark, 0);
      return Number(block.dataset.start) + range.toString().length;
    });
    expect(offset).toBeGreaterThan(300_000);
    await screenshot(page, 'search-long-report-match');
  });
});
