/**
 * An excerpt in a briefing is a copy of a highlight. When the article is
 * corrected under the highlight (a figure fixed in another window, or by the
 * CLI), the open briefing marks that excerpt at once (no reload), a click on
 * the mark brings the excerpt up to date, and a deleted highlight is marked
 * as such. Real core, real Chromium, browser mode.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot, startApp, type App } from './harness';
import { apiCall, highlightQuote, importText, openAppPage } from '../support/page-helpers';

let app: App;
let browser: Browser;
let page: Page;
let articleId: string;
let briefingId: string;

const TEXT =
  '一季度工业经济运行稳中向好\n\n一季度，全国规模以上工业增加值同比增长6.1%，比上年全年加快1.5个百分点。高技术制造业增加值增长7.5%。\n\n装备制造业对工业增长的贡献率达到43%。';

const quotes = () => page.getByTestId('brief-item-quote').allTextContents();

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  page = await openAppPage(browser, app.url);
  articleId = await importText(page, TEXT);
  const first = await highlightQuote(page, articleId, '全国规模以上工业增加值同比增长6.1%', { color: 'figure' });
  const second = await highlightQuote(page, articleId, '高技术制造业增加值增长7.5%', { color: 'figure' });
  const third = await highlightQuote(page, articleId, '装备制造业对工业增长的贡献率达到43%', { color: 'key' });
  briefingId = ((await apiCall(page, 'createBriefing', { title: '工业运行简报' })) as { id: string }).id;
  await apiCall(page, 'addHighlightsToBriefing', {
    briefingId,
    highlights: [first, second, third].map((annotationId) => ({ articleId, annotationId })),
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** Corrects `from` to `to` in the article, as another window or the CLI would (through core, not this page). */
async function correct(from: string, to: string) {
  const { text } = (await apiCall(page, 'getArticle', { id: articleId })) as { text: string };
  const start = text.indexOf(from);
  expect(start).toBeGreaterThanOrEqual(0);
  await apiCall(page, 'editArticleText', { id: articleId, start, end: start + from.length, text: to });
}

describe('excerpts whose highlight changed', () => {
  it('marks an excerpt whose figure was corrected while the briefing is open, and updates it on a click', async () => {
    await page.getByTestId('tab-briefings').click();
    await page.getByTestId('brief-row').filter({ hasText: '工业运行简报' }).click();
    await expect.poll(quotes).toHaveLength(3);
    expect(await page.getByTestId('brief-excerpt-changed').count()).toBe(0);

    await correct('增长6.1%', '增长6.2%');
    await expect.poll(() => page.getByTestId('brief-excerpt-changed').count()).toBe(1);
    // The mark sits on the first excerpt, which still holds the old figure.
    const first = page.locator('[data-item-id]').filter({ has: page.getByTestId('brief-excerpt-changed') });
    expect(await first.getByTestId('brief-item-quote').textContent()).toContain('6.1%');
    await screenshot(page, 'briefing-excerpt-changed');

    await page.getByTestId('brief-excerpt-changed').click();
    await expect.poll(quotes).toEqual(['全国规模以上工业增加值同比增长6.2%', '高技术制造业增加值增长7.5%', '装备制造业对工业增长的贡献率达到43%']);
    await expect.poll(() => page.getByTestId('brief-excerpt-changed').count()).toBe(0);
    // Saved: the briefing on disk holds the corrected figure.
    const saved = (await apiCall(page, 'getBriefing', { id: briefingId })) as { sections: { items: { quote?: string }[] }[] };
    expect(saved.sections.flatMap((s) => s.items.map((i) => i.quote))).toContain('全国规模以上工业增加值同比增长6.2%');
  });

  it('marks an excerpt whose passage was deleted from the article', async () => {
    await correct('高技术制造业增加值增长7.5%。', '');
    await expect.poll(() => page.getByTestId('brief-excerpt-orphaned').count()).toBe(1);
    expect(await page.getByTestId('brief-excerpt-orphaned').textContent()).toBe('原文已删去此段');
  });

  it('marks an excerpt whose highlight was deleted, in the interface language', async () => {
    const list = (await apiCall(page, 'listAnnotations', { articleId })) as { id: string; target: { selector: { exact: string }[] } }[];
    const doomed = list.find((a) => a.target.selector[0].exact.startsWith('装备制造业'))!;
    await apiCall(page, 'deleteAnnotation', { articleId, id: doomed.id });
    await expect.poll(() => page.getByTestId('brief-excerpt-missing').count()).toBe(1);
    expect(await page.getByTestId('brief-excerpt-missing').textContent()).toBe('原划线已删除');
    // The excerpt itself stays as it was.
    expect(await quotes()).toContain('装备制造业对工业增长的贡献率达到43%');
  });
});
