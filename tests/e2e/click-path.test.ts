/**
 * End to end in Chromium against browser mode: what opening an article from
 * the list asks of core. At 100,000 articles every call runs on the one
 * server thread, so the click's getArticle and listAnnotations wait behind
 * whatever else the click sends: the list and `libraryInfo` (tags, counts,
 * sources of the whole library) must not be asked again because an article
 * was opened — neither by the reader for its tag suggestions nor by the
 * window for the preferences the click saves (last article, recent ones).
 * The page's timers run on Playwright's clock, so the window's debounced
 * reactions to the saves run before the calls are counted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startApp, type App } from './harness';
import { apiCall, articleRow } from '../support/page-helpers';

let app: App;
let browser: Browser;
let page: Page;

const TITLES = ['关于深化农村集体产权制度改革的意见', '二〇二四年政府工作报告解读', 'Notes on the semiconductor export rules'];

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' });
  await page.clock.install();
  await page.goto(app.url);
  await page.getByTestId('article-row').first().waitFor();
  for (const [i, title] of TITLES.entries()) {
    const { id } = (await apiCall(page, 'importText', { text: `${title}\n\n第一段正文，编号${i}。\n\n第二段正文。` })) as { id: string };
    await apiCall(page, 'updateArticleMeta', { id, meta: { tags: [`标签${i}`] } });
  }
  await page.reload();
  await articleRow(page, TITLES[2]).waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** Clicks the article's row and returns the API methods the page called until the click's work was done. */
async function callsOfOpening(title: string): Promise<string[]> {
  // Whatever the start or the last click left to run (debounced refreshes) runs now, before counting.
  await page.clock.runFor(2_000);
  await apiCall(page, 'getColorLabels', {});
  const calls: string[] = [];
  const onRequest = (r: { url(): string }) => {
    const m = /\/api\/(\w+)$/.exec(r.url());
    if (m) calls.push(m[1]);
  };
  page.on('request', onRequest);
  try {
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/setPreferences') && (r.request().postData() ?? '').includes('recentArticles'));
    await articleRow(page, title).click();
    await expect.poll(() => page.getByTestId('reader').locator('h1').textContent()).toBe(title);
    await saved;
    // The window's reactions to what the click saved (core's libraryChanged event, debounced) run now.
    await page.clock.runFor(2_000);
    // A call of the test's own, answered after everything the page sent before it.
    await apiCall(page, 'getColorLabels', {});
    return calls.slice(0, calls.lastIndexOf('getColorLabels'));
  } finally {
    page.off('request', onRequest);
  }
}

describe('opening an article', () => {
  it('asks for the article and what it shows, not the list or the library info again', async () => {
    for (const title of [TITLES[0], TITLES[1], TITLES[0]]) {
      const calls = await callsOfOpening(title);
      expect(calls).toContain('getArticle');
      expect(calls).toContain('listAnnotations');
      expect(calls.filter((m) => m === 'libraryInfo' || m === 'queryArticles')).toEqual([]);
    }
  });

  it('still follows a change of the library: a tag added elsewhere reaches the list and the tag filter', async () => {
    const [{ id }] = (
      (await apiCall(page, 'queryArticles', { sort: 'added', order: 'desc', offset: 0, limit: 100 })) as { items: { id: string; title: string }[] }
    ).items.filter((a) => a.title === TITLES[1]);
    await apiCall(page, 'updateArticleMeta', { id, meta: { tags: ['标签1', '新加标签'] } });
    await page.clock.runFor(2_000);
    await expect
      .poll(() => page.getByTestId('tag-filter').locator('option').allTextContents())
      .toEqual(expect.arrayContaining([expect.stringContaining('新加标签')]));
  });
});
