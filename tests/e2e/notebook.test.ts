/**
 * End to end in Chromium against browser mode: the notebook. Highlights
 * made in three articles appear in one list, paged from core; the user
 * searches "算力", filters by colour and by article, sorts, selects with the
 * keyboard and the mouse, exports the selection (Markdown, Word) and all
 * notes, adds a selection to a briefing — and adding the same ones again
 * asks and skips instead of duplicating; the rows then say which briefing
 * holds them, and Enter opens a highlight in the reader. Then the links
 * elsewhere: the reader's cards say "在《简报》中"; deleting a cited article
 * names the briefing; 查看原文 on its excerpts says the source was deleted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { animationsSettled, launchBrowser, screenshot, startApp, type App } from './harness';
import { apiCall, articleRow, downloadTo, highlightQuote, importText, openAppPage } from '../support/page-helpers';

let app: App;
let browser: Browser;
let page: Page;
const downloads = mkdtempSync(join(tmpdir(), 'bd-e2e-nb-'));
const ids: Record<string, string> = {};

const ARTICLES = {
  compute:
    '全国一体化算力网络建设提速\n\n国家发展改革委表示，全国一体化算力网络国家枢纽节点建设加快推进，智能算力规模年均增长超过30%。东数西算工程全面启动，数据中心集约化水平明显提升。',
  grain: '夏粮再获丰收\n\n全国夏粮总产量达到2923亿斤，比上年增加37.2亿斤。种业振兴行动深入实施，高标准农田建设持续推进。',
  energy:
    'New energy vehicles lead export growth\n\nExports of new energy vehicles rose 41 percent in the first half, and charging networks expanded to every county. Battery makers increased computing investment.',
};

/** [article, quote, colour, note, tags] */
const MARKS: [keyof typeof ARTICLES, string, string, string, string[]][] = [
  ['compute', '智能算力规模年均增长超过30%', 'figure', '算力增速数据', ['算力']],
  ['compute', '东数西算工程全面启动', 'policy', '', ['算力', '东数西算']],
  ['grain', '2923亿斤', 'figure', '夏粮总产量', ['粮食']],
  ['grain', '种业振兴行动深入实施', 'policy', '种业政策', []],
  ['energy', 'rose 41 percent in the first half', 'risk', 'check the base period', ['trade']],
];

const rows = () => page.getByTestId('notebook-row');
const quotesShown = () => page.locator('[data-testid=notebook-row] .notebook-quote').allTextContents();

const download = (click: () => Promise<void>, name: string) => downloadTo(page, downloads, name, click);

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  page = await openAppPage(browser, app.url, { acceptDownloads: true });
  for (const [key, text] of Object.entries(ARTICLES)) ids[key] = await importText(page, text);
  for (const [article, quote, color, note, tags] of MARKS) await highlightQuote(page, ids[article], quote, { color, note, tags });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  rmSync(downloads, { recursive: true, force: true });
});

describe('the notebook', () => {
  it('lists every highlight of the library, searchable, filterable by colour and article, sortable', async () => {
    await page.getByTestId('tab-notebook').click();
    await expect.poll(() => page.getByTestId('notebook-count').textContent()).toBe('5 条划线');
    expect(await rows().count()).toBe(5);
    // Newest first: the last highlight made comes first.
    expect((await quotesShown())[0]).toBe('rose 41 percent in the first half');

    await page.getByTestId('notebook-filter').fill('算力');
    // 算力 in the quote or the tags; the English article's "computing" does not match.
    await expect.poll(quotesShown).toEqual(['东数西算工程全面启动', '智能算力规模年均增长超过30%']);
    expect(await page.getByTestId('notebook-count').textContent()).toBe('2 / 5 条');

    await page.getByTestId('notebook-filter').fill('');
    await page.getByTestId('notebook-color-figure').click();
    await expect.poll(quotesShown).toEqual(['2923亿斤', '智能算力规模年均增长超过30%']);
    // The colour chips keep their own counts while a colour is chosen.
    expect(await page.getByTestId('notebook-color-policy').textContent()).toContain('2');
    await page.getByTestId('notebook-color-figure').click();

    await page.getByTestId('notebook-article').selectOption(ids.grain);
    await expect.poll(quotesShown).toEqual(['种业振兴行动深入实施', '2923亿斤']);
    await page.getByTestId('notebook-sort').selectOption('article');
    await expect.poll(quotesShown).toEqual(['2923亿斤', '种业振兴行动深入实施']);
    await page.getByTestId('notebook-clear').click();
    await expect.poll(() => rows().count()).toBe(5);

    // Nothing matches: it says so, with the notebook's size, never "no highlights yet".
    await page.getByTestId('notebook-filter').fill('没有这样的词');
    await page.getByTestId('notebook-no-match').waitFor();
    expect(await page.getByTestId('notebook-no-match').textContent()).toContain('5 条划线');
    await page.getByTestId('notebook-filter').fill('');
    await expect.poll(() => rows().count()).toBe(5);
    await page.getByTestId('notebook-sort').selectOption('created');
  });

  it('selects with the keyboard and exports the selection as Markdown and Word, and all notes', async () => {
    await page.getByTestId('notebook-list').focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowDown');
    await expect.poll(() => page.locator('[data-testid=notebook-selection-bar] .selection-count').textContent()).toBe('已选 3 条');
    const md = await download(async () => {
      await page.getByTestId('notebook-export').click();
      await page.getByTestId('notebook-export-md').click();
    }, 'selected.md');
    const text = readFileSync(md, 'utf8');
    expect(text).toContain('rose 41 percent in the first half');
    expect(text).toContain('种业振兴行动深入实施');
    expect(text).toContain('2923亿斤');
    expect(text).not.toContain('东数西算工程全面启动');
    const docx = await download(async () => {
      await page.getByTestId('notebook-export').click();
      await page.getByTestId('notebook-export-docx').click();
    }, 'selected.docx');
    expect(readFileSync(docx).subarray(0, 2).toString()).toBe('PK');
    await expect.poll(() => page.locator('.toast').last().textContent()).toContain('3 条划线');

    await page.keyboard.press('Escape');
    const all = await download(async () => {
      await page.getByTestId('notebook-export-all').click();
      await page.getByTestId('notebook-export-all-w3c').click();
    }, 'all.jsonld');
    expect(JSON.parse(readFileSync(all, 'utf8')).total).toBe(5);
  });

  it('adds a selection to a briefing, asks before adding it again, and shows "in 《briefing》" on the rows', async () => {
    await page.getByTestId('notebook-filter').fill('算力');
    await expect.poll(() => rows().count()).toBe(2);
    await page.getByTestId('notebook-list').focus();
    await page.keyboard.press('Control+a');
    await expect.poll(() => page.locator('[data-testid=notebook-selection-bar] .selection-count').textContent()).toBe('已选 2 条');
    await page.getByTestId('notebook-add-to-briefing').click();
    await page.getByTestId('briefing-new-title').fill('算力周报');
    await page.getByTestId('briefing-add').click();
    await expect.poll(() => page.locator('.toast').last().textContent()).toContain('《算力周报》');
    await expect.poll(() => page.getByTestId('notebook-in-briefing').count()).toBe(2);
    expect(await page.getByTestId('notebook-in-briefing').first().textContent()).toBe('已在《算力周报》');

    // Widen to every highlight and add them all: the two already there are named, and skipped by default.
    await page.getByTestId('notebook-filter').fill('');
    await expect.poll(() => rows().count()).toBe(5);
    await page.getByTestId('notebook-list').focus();
    await page.keyboard.press('Control+a');
    // Select-all asks core for every matching key: wait for its answer, not for the two rows still selected.
    await expect.poll(() => page.locator('[data-testid=notebook-selection-bar] .selection-count').textContent()).toBe('已选 5 条');
    await page.getByTestId('notebook-add-to-briefing').click();
    await page.getByTestId('briefing-duplicates').waitFor();
    expect(await page.getByTestId('briefing-duplicates').textContent()).toContain('其中 2 条已在《算力周报》中');
    await animationsSettled(page);
    await screenshot(page, 'notebook-duplicates-1400');
    await page.getByTestId('briefing-add').click();
    await expect.poll(() => page.locator('.toast').last().textContent()).toContain('跳过已在其中的 2 条');
    const [entry] = (await apiCall(page, 'listBriefings', {})) as { id: string }[];
    const briefing = (await apiCall(page, 'getBriefing', { id: entry.id })) as { sections: { items: { annotationId: string }[] }[] };
    const held = briefing.sections.flatMap((s) => s.items.map((i) => i.annotationId));
    expect(held.length).toBe(5);
    expect(new Set(held).size).toBe(5);
    await expect.poll(() => page.getByTestId('notebook-in-briefing').count()).toBe(5);
  });

  it('opens a highlight in the reader with Enter', async () => {
    await page.keyboard.press('Escape');
    await page.getByTestId('notebook-article').selectOption(ids.grain);
    await expect.poll(() => rows().count()).toBe(2);
    await page.getByTestId('notebook-list').focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('reader').locator('h1').textContent()).toBe('夏粮再获丰收');
    await expect
      .poll(() => page.locator('[data-testid=annotation-card].selected, [data-testid=annotation-card][aria-current=true]').count())
      .toBeGreaterThan(0);
  });

  it('shows "in 《briefing》" on the reader\'s annotation cards', async () => {
    // The reader shows 夏粮再获丰收 (opened above); both its highlights are in 算力周报.
    await expect.poll(() => page.getByTestId('card-in-briefing').count()).toBe(2);
    expect(await page.getByTestId('card-in-briefing').first().textContent()).toBe('在《算力周报》中');
    await animationsSettled(page);
    await screenshot(page, 'reader-in-briefing-1400');
  });

  it('deleting a cited article names the briefing; 查看原文 then says the source was deleted, in Chinese, and opens nothing', async () => {
    await page.getByTestId('delete-article').click();
    await page.getByTestId('confirm-dialog').waitFor();
    expect(await page.getByTestId('confirm-dialog').textContent()).toContain('《算力周报》');
    await page.getByTestId('confirm-ok').click();
    await expect.poll(() => page.locator('.toast').last().textContent()).toContain('夏粮再获丰收');
    // The reader moves on to another article (or none) once the list has been asked again.
    await expect
      .poll(() =>
        page
          .getByTestId('reader')
          .locator('h1')
          .count()
          .then(async (n) => (n ? page.getByTestId('reader').locator('h1').textContent() : null)),
      )
      .not.toBe('夏粮再获丰收');

    await page.getByTestId('tab-briefings').click();
    await expect.poll(() => page.getByTestId('brief-source-deleted').count()).toBe(2);
    const item = page.getByTestId('brief-item').filter({ hasText: '2923亿斤' });
    await item.getByTestId('brief-open-source').click();
    await expect.poll(() => page.locator('.toast', { hasText: '这条摘录的原文已从文库中删除' }).count()).toBe(1);
    // Still in the composer; no article opened, no English error.
    expect(await page.getByTestId('tab-briefings').getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('[data-testid=toast-error]').count()).toBe(0);
    await animationsSettled(page);
    await screenshot(page, 'composer-source-deleted-1400');
    // An item whose article is still there opens it.
    await page.getByTestId('brief-item').filter({ hasText: '东数西算工程全面启动' }).getByTestId('brief-open-source').click();
    await expect.poll(() => page.getByTestId('reader').locator('h1').textContent()).toBe('全国一体化算力网络建设提速');
  });

  it('looks right at 1400×900 and 1024×700', async () => {
    await page.getByTestId('tab-notebook').click();
    await page.getByTestId('notebook-clear').click();
    // The deleted article's highlights left the notebook with it.
    await expect.poll(() => rows().count()).toBe(3);
    await animationsSettled(page);
    await screenshot(page, 'notebook-1400');
    await page.setViewportSize({ width: 1024, height: 700 });
    await animationsSettled(page);
    await screenshot(page, 'notebook-1024');
    const listBox = await page.getByTestId('notebook-list').boundingBox();
    expect(listBox!.width).toBeGreaterThan(500);
    await page.setViewportSize({ width: 1400, height: 900 });
  });

  it('drops the highlights of a deleted article from the selection: the count says what the rows show', async () => {
    await page.getByTestId('notebook-list').focus();
    await page.keyboard.press('Control+a');
    const count = () => page.locator('[data-testid=notebook-selection-bar] .selection-count').textContent();
    await expect.poll(count).toBe('已选 3 条');
    await page.getByTestId('tab-library').click();
    await articleRow(page, 'New energy vehicles lead export growth').click();
    await page.getByTestId('delete-article').click();
    await page.getByTestId('confirm-ok').click();
    await expect.poll(() => page.locator('.toast').last().textContent()).toContain('New energy vehicles');
    await page.getByTestId('tab-notebook').click();
    await expect.poll(() => rows().count()).toBe(2);
    await expect.poll(count).toBe('已选 2 条');
    // A filter that leaves one of them out leaves one selected.
    await page.getByTestId('notebook-color-policy').click();
    await expect.poll(() => rows().count()).toBe(1);
    await expect.poll(count).toBe('已选 1 条');
    await page.getByTestId('notebook-clear').click();
    await expect.poll(() => rows().count()).toBe(2);
    await expect.poll(count).toBe('已选 1 条');
  });
});
