/**
 * End to end in Chromium against browser mode: import the sample through the
 * UI's file picker and read it, with structure, in the reader.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, SAMPLE, screenshot, startApp, type App } from './harness';
import { LibraryStore } from '../../src-main/core/library/store';

let app: App;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  // A library that exists but is empty, so the first-run sample is not seeded and the import is what shows it.
  const library = mkdtempSync(join(tmpdir(), 'bd-e2e-lib-'));
  await (await LibraryStore.open(library)).close();
  app = await startApp({ library });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (app) rmSync(app.library, { recursive: true, force: true });
});

describe('import and read in the browser', () => {
  it('starts on an empty library', async () => {
    await page.goto(app.url);
    await expect.poll(() => page.locator('.sidebar .empty').count()).toBe(1);
    // The token left the address bar once read.
    expect(page.url()).not.toContain('token=');
  });

  it('imports the sample through the file picker and shows its structure', async () => {
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('import-file').click();
    await (await chooser).setFiles(SAMPLE);
    const reader = page.getByTestId('reader');
    await expect.poll(() => reader.locator('h1').textContent()).toBe('推动32个重大产业项目签约，项目投资总额288亿元');
    expect(await reader.locator('.blk-subtitle').textContent()).toBe('世界人工智能大会磁场效应显现');
    expect(await reader.locator('h2.blk-heading').allTextContents()).toEqual([
      '人工智能应用场景加速拓展',
      '构建人工智能时代算力底座',
      '深度交流为行业高质量发展集聚众智',
    ]);
    expect(await reader.getByTestId('lead-box').locator('.blk-lead-label').textContent()).toBe('核心阅读');
    expect(await reader.locator('p.blk-paragraph').count()).toBe(18);
    expect(await page.getByTestId('article-row').count()).toBe(1);
    const shot = await screenshot(page, 'reader-sample');
    expect(existsSync(shot)).toBe(true);
  });

  it('reports a duplicate import by name', async () => {
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('import-file').click();
    await (await chooser).setFiles(SAMPLE);
    await expect.poll(() => page.getByTestId('import-summary').textContent()).toContain('推动32个重大产业项目签约');
    await page.keyboard.press('Escape');
    await page.getByTestId('import-summary').getByRole('button').click();
    expect(await page.getByTestId('article-row').count()).toBe(1);
  });

  it('imports a file dropped on the window', async () => {
    const text = '储能装机规模创新高\n　　国家能源局发布数据显示，上半年全国新型储能装机规模同比增长一倍以上。';
    const dropped = await page.evaluateHandle((content) => {
      const data = new DataTransfer();
      data.items.add(new File([content], 'storage.txt', { type: 'text/plain' }));
      return data;
    }, text);
    await page.dispatchEvent('.app', 'dragover', { dataTransfer: dropped });
    await expect.poll(() => page.locator('.drop-overlay').count()).toBe(1);
    await page.dispatchEvent('.app', 'drop', { dataTransfer: dropped });
    await expect.poll(() => page.getByTestId('reader').locator('h1').textContent()).toBe('储能装机规模创新高');
    expect(await page.getByTestId('article-row').count()).toBe(2);
    expect(await page.locator('.drop-overlay').count()).toBe(0);
  });

  it('switches the interface language', async () => {
    await page.getByTestId('toggle-language').click();
    expect(await page.getByTestId('import-file').textContent()).toBe('Import files');
    await page.getByTestId('toggle-language').click();
    expect(await page.getByTestId('import-file').textContent()).toBe('导入文件');
  });
});
