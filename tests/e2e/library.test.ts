/**
 * End to end in Chromium against browser mode: importing a folder with
 * progress and a per-file summary, searching (Ctrl+K) and opening a result at
 * its match, editing metadata, filtering by tag, deleting with confirmation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, root, screenshot, startApp, type App } from './harness';
import { apiCall, openAppPage } from '../support/page-helpers';

let app: App;
let browser: Browser;
let page: Page;
let folder: string;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'bd-e2e-folder-'));
  const fixtures = join(root, 'tests', 'fixtures', 'import');
  mkdirSync(join(folder, 'web'));
  copyFileSync(join(fixtures, 'xinhua-waic.html'), join(folder, 'web', 'xinhua-waic.html'));
  copyFileSync(join(fixtures, 'english-waic.pdf'), join(folder, 'english-waic.pdf'));
  writeFileSync(join(folder, 'settings.md'), '# 软件默认设置说明\n\n安装后程序使用默认配置，用户可在设置中修改。\n');
  writeFileSync(join(folder, 'broken.docx'), 'not really a word document');
  app = await startApp(); // a fresh library: the sample article is seeded
  browser = await launchBrowser();
  page = await openAppPage(browser, app.url);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  rmSync(folder, { recursive: true, force: true });
});

describe('library in the browser', () => {
  it('imports a folder: progress, then a per-file summary; a bad file does not stop the rest', async () => {
    await page.locator('input[type=file][webkitdirectory]').setInputFiles(folder);
    const summary = page.getByTestId('import-summary');
    await summary.waitFor();
    const text = await summary.textContent();
    expect(text).toContain('3 篇导入');
    expect(text).toContain('1 篇未导入');
    expect(text).toContain('broken.docx');
    await screenshot(page, 'library-folder-import-summary');
    await summary.getByRole('button').click();
    expect(await page.getByTestId('article-row').count()).toBe(4);
  });

  it('searches with Ctrl+K, marks matches in snippets, opens the article at the match', async () => {
    await page.keyboard.press('Control+k');
    const input = page.getByTestId('search-input');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('search-input');
    await input.fill('算力');
    const hits = page.getByTestId('search-hit');
    await expect.poll(() => hits.count()).toBeGreaterThan(0);
    expect(await hits.first().locator('mark').first().textContent()).toBe('算力');
    await input.fill('默想');
    await expect.poll(() => page.locator('.search-results .empty').count()).toBe(1);
    await input.fill('徐晓兰');
    // The sample and the saved Xinhua page carry the same report.
    await expect.poll(() => hits.count()).toBe(2);
    await screenshot(page, 'library-search');
    await hits.first().click();
    const focus = page.locator('[data-testid=reader] mark.hl-focus');
    await expect.poll(() => focus.first().textContent()).toBe('徐晓兰');
    expect(await focus.first().isVisible()).toBe(true);
    await page.keyboard.press('Escape');
  });

  it('edits metadata, which the list shows and the tag filter uses', async () => {
    if (await page.getByTestId('search-panel').count())
      await page
        .getByTestId('search-panel')
        .getByRole('button', { name: /关闭|Close/ })
        .click();
    // The seeded sample (filed as 人民日报, 2023-07-10); the Xinhua page has the same headline.
    await page.getByTestId('article-row').filter({ hasText: '推动32个重大产业项目签约' }).filter({ hasText: '人民日报' }).click();
    const row = page.locator('[data-testid=article-row][aria-current=true]');
    await page.getByTestId('edit-meta').click();
    const editor = page.getByTestId('meta-editor');
    await editor.getByTestId('meta-source').fill('人民日报海外版');
    await editor.getByTestId('meta-published').fill('2023-07-11');
    await editor.getByTestId('meta-tags').fill('人工智能，会展');
    await editor.getByTestId('meta-url').fill('not a url');
    await editor.getByTestId('meta-save').click();
    // The browser's own validation stops a malformed URL before anything is sent.
    expect(await editor.locator('input:invalid').count()).toBe(1);
    expect(await editor.count()).toBe(1);
    await editor.getByTestId('meta-url').fill('http://paper.people.com.cn/rmrb/html/2023-07/10/nw.D110000renmrb_20230710_1-01.htm');
    await editor.getByTestId('meta-save').click();
    await expect.poll(() => editor.count()).toBe(0);
    await expect.poll(() => row.textContent()).toContain('人民日报海外版');
    expect(await row.textContent()).toContain('2023年7月11日');
    await page.getByTestId('tag-filter').selectOption('会展');
    await expect.poll(() => page.getByTestId('article-row').count()).toBe(1);
    await page.getByTestId('tag-filter').selectOption('');
    await expect.poll(() => page.getByTestId('article-row').count()).toBe(4);
  });

  it('deletes an article only after confirmation', async () => {
    const row = page.getByTestId('article-row').filter({ hasText: '软件默认设置说明' });
    await row.click();
    await page.getByTestId('delete-article').click();
    await page.getByTestId('confirm-cancel').click();
    expect(await page.getByTestId('article-row').count()).toBe(4);
    await page.getByTestId('delete-article').click();
    await page.getByTestId('confirm-ok').click();
    await expect.poll(() => page.getByTestId('article-row').count()).toBe(3);
    await page.keyboard.press('Control+k');
    await page.getByTestId('search-input').fill('默认');
    await expect
      .poll(() => page.locator('.search-results .empty').count())
      .toBe(1)
      .catch(async (err: Error) => {
        // What the panel shows beside what core answers now, so a failure says which side is behind.
        const panel = await page.getByTestId('search-panel').textContent();
        const answer = await apiCall(page, 'search', { query: '默认' }).catch((e: Error) => e.message);
        const status = await apiCall(page, 'searchStatus', {}).catch((e: Error) => e.message);
        throw new Error(`${err.message}\npanel: ${panel}\ncore answers: ${JSON.stringify(answer)}\nindex: ${JSON.stringify(status)}`);
      });
  });
});
