/**
 * Copy diagnostics in browser mode (no menu bar there: a toolbar button), in
 * a real Chromium against a real server and library: the clipboard gets the
 * core's report (this library's counts, browser host) and the window's
 * section — and not a word of the article.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, SAMPLE, screenshot, startApp, type App } from './harness';

let app: App;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  app = await startApp({ seed: true });
  browser = await launchBrowser();
  const context = await browser.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(app.url).origin });
  page = await context.newPage();
  await page.goto(app.url);
  await page.getByTestId('copy-diagnostics').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('Copy diagnostics (browser mode)', () => {
  it('copies the library report and the window section, without article text', async () => {
    await page.getByTestId('copy-diagnostics').click();
    await page.getByText(/Diagnostics copied|诊断信息已复制/).waitFor();
    await screenshot(page, 'diagnostics-copied');
    const text = await page.evaluate(() => navigator.clipboard.readText());
    expect(text).toMatch(/^Briefing Desk diagnostics \(/);
    expect(text).toMatch(/App: +Briefing Desk [\d.]+ \(browser\)/);
    expect(text).toMatch(/Articles: +1\n/);
    expect(text).toMatch(/Browser: +Mozilla\/5\.0 .*Chrome\//);
    expect(text).toContain('host: browser');
    const article = readFileSync(SAMPLE, 'utf8');
    for (const line of article
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 12)
      .slice(0, 8)) {
      expect(text).not.toContain(line.slice(0, 12));
    }
  });
});
