/**
 * End to end in Chromium: UI preferences live in the library, not in the
 * browser. The language and the annotation panel chosen in one run of
 * browser mode are there after the server is restarted on the same library
 * (on a new random port, so a new origin with empty localStorage), and
 * another library keeps its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startApp, type App } from './harness';

let browser: Browser;
let library: string;
let app: App | null = null;

beforeAll(async () => {
  library = mkdtempSync(join(tmpdir(), 'bd-e2e-prefs-'));
  browser = await launchBrowser();
});

afterAll(async () => {
  await app?.stop();
  await browser?.close();
  rmSync(library, { recursive: true, force: true });
});

/** A fresh browser context (nothing stored) on a server started for `dir`. */
async function openApp(dir: string): Promise<Page> {
  app = await startApp({ library: dir });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(app.url);
  await page.getByTestId('article-row').first().click();
  await page.getByTestId('reader').waitFor();
  return page;
}

async function restart(): Promise<void> {
  await app?.stop();
  app = null;
}

describe('preferences across restarts', () => {
  it('keeps the language and the closed annotation panel after the server restarts on the same library', async () => {
    let page = await openApp(library);
    expect(await page.getByTestId('toggle-language').textContent()).toBe('English');
    expect(await page.locator('#annotation-panel').count()).toBe(1);
    await page.getByTestId('toggle-language').click();
    await page.getByTestId('panel-toggle').click();
    await expect.poll(() => page.getByTestId('panel-toggle').textContent()).toContain('Annotations');
    expect(await page.locator('#annotation-panel').count()).toBe(0);
    const firstOrigin = new URL(page.url()).origin;
    // Saved in the library before the server goes away.
    await expect
      .poll(() =>
        page.evaluate(async () =>
          (
            await fetch('/api/getPreferences', {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'x-briefing-token': sessionStorage.getItem('briefing-desk-token') ?? '' },
              body: '{}',
            })
          ).json(),
        ),
      )
      .toMatchObject({ result: { language: 'en', readerPanel: 'closed' } });
    await page.context().close();
    await restart();

    page = await openApp(library);
    expect(new URL(page.url()).origin).not.toBe(firstOrigin);
    expect(await page.getByTestId('toggle-language').textContent()).toBe('中文');
    expect(await page.getByTestId('panel-toggle').textContent()).toContain('Annotations');
    expect(await page.locator('#annotation-panel').count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.context().close();
    await restart();
  });

  it('gives another library its own preferences', async () => {
    const other = mkdtempSync(join(tmpdir(), 'bd-e2e-prefs-other-'));
    try {
      const page = await openApp(other);
      expect(await page.getByTestId('toggle-language').textContent()).toBe('English');
      expect(await page.locator('#annotation-panel').count()).toBe(1);
      await page.context().close();
      await restart();
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
