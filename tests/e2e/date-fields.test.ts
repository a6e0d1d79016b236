/**
 * Date fields follow the interface language, not the browser's: in a
 * Chromium whose locale is en-US, the zh-CN interface shows and reads dates
 * year first (`2023/07/11`), and switching to English shows them month
 * first (`07/11/2023`) — and the date typed filters the list for real.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot, startApp, type App } from './harness';

let library: string;
let browser: Browser;
let page: Page;
let app: App;

beforeAll(async () => {
  library = mkdtempSync(join(tmpdir(), 'bd-e2e-dates-'));
  app = await startApp({ library });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'en-US' });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  rmSync(library, { recursive: true, force: true });
});

describe('date fields in the interface language', () => {
  it('reads and shows dates year first in zh-CN on an English browser, month first in English', async () => {
    await page.goto(app.url);
    const rows = page.getByTestId('article-row');
    await rows.first().waitFor();
    const toggle = page.getByTestId('toggle-language');
    // The browser speaks English, so the interface starts in English: switch to Chinese.
    if ((await page.evaluate(() => document.documentElement.lang)) !== 'zh-CN') await toggle.click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await page.getByRole('button', { name: '更多筛选' }).click();
    const from = page.getByTestId('library-from');
    expect(await from.getAttribute('placeholder')).toBe('年/月/日');
    // The sample article is dated 2023-07-10: a range from the 11th leaves nothing, from the 1st keeps it.
    await from.fill('2023/07/11');
    await from.press('Enter');
    await expect.poll(() => rows.count()).toBe(0);
    expect(await from.inputValue()).toBe('2023/07/11');
    await from.fill('2023年7月1日');
    await from.press('Tab');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await from.inputValue()).toBe('2023/07/01');
    await screenshot(page, 'date-fields-zh');
    // Not a date in this order: kept as typed, marked, the filter unchanged.
    await from.fill('07/01/2023');
    await from.press('Enter');
    expect(await from.getAttribute('aria-invalid')).toBe('true');
    expect(await rows.count()).toBe(1);
    await from.fill('2023/07/01');
    await from.press('Enter');

    await toggle.click();
    await expect.poll(() => from.inputValue()).toBe('07/01/2023');
    expect(await from.getAttribute('placeholder')).toBe('mm/dd/yyyy');
    await screenshot(page, 'date-fields-en');
  });
});
