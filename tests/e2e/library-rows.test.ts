/**
 * End to end in Chromium against browser mode: the virtualised library list
 * lays its rows out one under another after every change made through the
 * interface, without a reload — and nothing is missing at its top. Rows
 * differ in height (a title on one line or five, Chinese or English), so a
 * row placed by the height of the row that stood at its position before the
 * change overlaps its neighbour or leaves a gap.
 *
 * Checked on a small library (everything in view: imports by the file
 * picker, one file and several at once, a paste import, sorting both ways,
 * a deletion, a filter and clearing it) and on a generated library of 1,200
 * articles with titles of five lengths (imports at the top, a bulk
 * deletion, re-sorting while scrolled deep into the list, a filter).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, screenshot, startApp, type App } from './harness';
import { writeGeneratedLibrary } from './generated-library';

const files = mkdtempSync(join(tmpdir(), 'bd-e2e-rows-'));

/** Writes a file for the import picker; its first line is the title. */
function file(name: string, title: string, body: string): { path: string; title: string } {
  const path = join(files, name);
  writeFileSync(path, `${name.endsWith('.md') ? '# ' : ''}${title}\n\n${body}\n`);
  return { path, title };
}

const SHORT = file('short.txt', '快讯', '　　国家统计局今天发布数据，10月份规模以上工业增加值同比增长5.6%。');
const HUGE = file(
  'huge.md',
  '关于进一步优化营商环境、降低制度性交易成本、推动民营经济和中小微企业高质量发展、加快建设全国统一大市场、完善要素市场化配置体制机制若干措施的通知及配套政策问答汇编（第二批）',
  '各省、自治区、直辖市人民政府，国务院各部委、各直属机构：现将有关措施印发给你们，请认真贯彻执行。',
);
const ENGLISH = file(
  'english.md',
  'Semiconductor export controls: what the October rules change for equipment makers, servicing contracts and the supply of spare parts',
  'The rules widen the list of controlled tools and add licence requirements for servicing installed equipment.',
);
const MEDIUM = file('medium.txt', '工业和信息化部：前三季度软件业务收入同比增长13.5%', '　　前三季度，我国软件和信息技术服务业运行稳步向好。');
const TINY_EN = file('tiny.txt', 'Brief', 'Markets were quiet on Monday as traders waited for the central bank.');
const PASTED = '区域协调发展新格局加快形成，东中西部和东北地区发展的协调性持续增强';

interface Layout {
  titles: string[];
  heights: number[];
  first: number;
  problems: string[];
}

/**
 * The article rows' boxes in list order, and what is wrong with them: two rows that overlap (by more than half a
 * CSS px, any two, not only neighbours), a gap between neighbours, an index missing between the first and last
 * row, the part of the list in view not covered by rows (a row missing at the top or the bottom of the view), and
 * at the top of the list (scrolled to 0) a first row that is not the list's first or does not stand at its top.
 */
function layout(page: Page): Promise<Layout> {
  return page.getByTestId('article-list').evaluate((list) => {
    const scroller = list.parentElement!;
    const rows = [...list.querySelectorAll(':scope > [data-index]')]
      .map((r) => ({
        title: r.querySelector('.row-title')?.textContent ?? '(pending)',
        index: Number(r.getAttribute('data-index')),
        box: r.getBoundingClientRect(),
      }))
      .sort((a, b) => a.index - b.index);
    const problems: string[] = [];
    for (let i = 0; i < rows.length; i++) {
      for (let j = i + 1; j < rows.length; j++) {
        const [a, b] = [rows[i], rows[j]];
        const overlap = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
        if (overlap > 0.5) problems.push(`#${a.index} “${a.title}” overlaps #${b.index} “${b.title}” by ${overlap.toFixed(1)} px`);
      }
      if (i > 0) {
        const [a, b] = [rows[i - 1], rows[i]];
        if (b.index !== a.index + 1) problems.push(`rows #${a.index + 1}…#${b.index - 1} are missing`);
        else if (b.box.top > a.box.bottom + 0.5) problems.push(`gap of ${(b.box.top - a.box.bottom).toFixed(1)} px between #${a.index} and #${b.index}`);
      }
    }
    const view = scroller.getBoundingClientRect();
    const whole = list.getBoundingClientRect();
    const [top, bottom] = [Math.max(view.top, whole.top), Math.min(view.bottom, whole.bottom)];
    if (rows.length && rows[0].box.top > top + 0.5) problems.push(`nothing shown in the top ${(rows[0].box.top - top).toFixed(1)} px of the view`);
    if (rows.length && rows.at(-1)!.box.bottom < bottom - 0.5)
      problems.push(`nothing shown in the bottom ${(bottom - rows.at(-1)!.box.bottom).toFixed(1)} px of the view`);
    if (scroller.scrollTop === 0 && rows.length) {
      if (rows[0].index !== 0) problems.push(`scrolled to the top, the first row shown is #${rows[0].index}`);
      else if (Math.abs(rows[0].box.top - whole.top) > 0.5)
        problems.push(`the first row stands ${(rows[0].box.top - whole.top).toFixed(1)} px below the list's top`);
    }
    return { titles: rows.map((r) => r.title), heights: rows.map((r) => Math.round(r.box.height)), first: rows[0]?.index ?? -1, problems };
  });
}

async function importByPicker(page: Page, paths: string[]) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('import-file').click();
  await (await chooser).setFiles(paths);
}

/** The count line when nothing is filtered ("7 篇文章"). */
const countText = (page: Page) => page.getByTestId('library-count').textContent();

describe('a small library: every row in view', () => {
  let app: App;
  let browser: Browser;
  let page: Page;

  /** Waits for exactly `titles` (any order) to be the rows, then for them to lie one under another with nothing missing. */
  async function expectRows(titles: string[], label: string) {
    await expect.poll(async () => [...(await layout(page)).titles].sort(), { timeout: 20_000 }).toEqual([...titles].sort());
    await expect.poll(async () => ({ label, problems: (await layout(page)).problems }), { timeout: 10_000 }).toEqual({ label, problems: [] });
  }

  const sampleTitle: string[] = [];
  const titles = () => [...sampleTitle, ...shown];
  const shown: string[] = [];

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    await page.goto(app.url);
    await page.getByTestId('article-row').first().waitFor();
    sampleTitle.push(...(await layout(page)).titles);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('imports one short article by the picker above the sample’s longer row', async () => {
    await importByPicker(page, [SHORT.path]);
    shown.push(SHORT.title);
    await expectRows(titles(), 'after one import');
  });

  it('imports four at once (five lines, two lines in English, one line, a single word)', async () => {
    await importByPicker(page, [HUGE.path, ENGLISH.path, MEDIUM.path, TINY_EN.path]);
    await expect.poll(() => page.getByTestId('import-summary').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.getByTestId('import-summary').getByRole('button').click();
    shown.push(HUGE.title, ENGLISH.title, MEDIUM.title, TINY_EN.title);
    await expectRows(titles(), 'after importing four');
    // The rows do differ in height (titles show at most two lines), or this test could not catch a stale one.
    expect(new Set((await layout(page)).heights).size).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'library-rows-after-import');
  });

  it('imports pasted text', async () => {
    await page.getByRole('button', { name: '从剪贴板新建' }).click();
    await page.getByTestId('paste-text').fill(`${PASTED}\n\n　　今年以来，各地区认真贯彻区域协调发展战略，新动能持续壮大。`);
    await page.locator('.paste-dialog').getByRole('button', { name: '导入' }).click();
    await expect.poll(() => page.locator('.paste-dialog').count()).toBe(0);
    shown.push(PASTED);
    await expectRows(titles(), 'after a paste import');
  });

  it('sorts by title both ways, and back by date added', async () => {
    await page.getByTestId('library-sort').selectOption('title');
    await expectRows(titles(), 'title order');
    await page.getByTestId('library-order').click();
    await expectRows(titles(), 'title order reversed');
    await page.getByTestId('library-sort').selectOption('added');
    await expectRows(titles(), 'date added');
  });

  it('deletes an article from the middle of the list', async () => {
    await page.getByTestId('article-row').filter({ hasText: ENGLISH.title }).click();
    await page.getByTestId('delete-article').click();
    await page.getByTestId('confirm-ok').click();
    shown.splice(shown.indexOf(ENGLISH.title), 1);
    await expectRows(titles(), 'after a deletion');
  });

  it('filters to a few rows and back', async () => {
    await page.getByTestId('library-filter').fill('发展');
    const matching = titles().filter((t) => t.includes('发展'));
    expect(matching.length).toBeGreaterThanOrEqual(2);
    await expectRows(matching, 'filtered');
    await page.getByTestId('library-filter').fill('');
    await expectRows(titles(), 'filter cleared');
    await screenshot(page, 'library-rows-after-changes');
  });
});

describe('a generated library of 1,200 articles with titles of five lengths', () => {
  const COUNT = 1200;
  let dir: string;
  let app: App;
  let browser: Browser;
  let page: Page;
  /** One line, two (a long Chinese title is cut at two), two in English, and a single word, by n mod 5. */
  const title = (n: number, generated: string) =>
    [
      `第${n}号 快讯`,
      generated,
      `${generated}：关于推动${n}项重点任务落地见效、完善配套政策体系、加强跨部门协同监管和服务保障的实施意见及解读`,
      `Bulletin ${n}: progress on infrastructure, data centres and food security, with regional detail`,
      `N${n}`,
    ][n % 5];

  /** Waits for the rows in view to lie one under another with nothing missing (no row still loading). */
  async function expectStacked(label: string) {
    await expect.poll(() => page.locator('.row-pending').count(), { timeout: 20_000 }).toBe(0);
    await expect.poll(async () => ({ label, problems: (await layout(page)).problems }), { timeout: 10_000 }).toEqual({ label, problems: [] });
  }

  const scrollTo = (top: number) => page.getByTestId('article-list').evaluate((list, y) => (list.parentElement!.scrollTop = y), top);
  const scrollTop = () => page.getByTestId('article-list').evaluate((list) => list.parentElement!.scrollTop);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bd-e2e-rows-gen-'));
    writeGeneratedLibrary(dir, COUNT, { title });
    app = await startApp({ library: dir });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    await page.goto(app.url);
    await page.getByTestId('article-row').first().waitFor();
    await page.getByTestId('library-count').filter({ hasText: '1,200 篇文章' }).waitFor({ timeout: 30_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows rows of different heights stacked, at the top and scrolled', async () => {
    await expectStacked('opened');
    expect(new Set((await layout(page)).heights).size).toBeGreaterThanOrEqual(2);
    await scrollTo(30_000);
    await expect.poll(scrollTop).toBeGreaterThan(20_000);
    await expectStacked('scrolled');
    await scrollTo(0);
    await expect.poll(scrollTop).toBe(0);
    await expectStacked('back at the top');
  });

  it('imports at the top of the list', async () => {
    await importByPicker(page, [TINY_EN.path, HUGE.path, SHORT.path]);
    await expect.poll(() => page.getByTestId('import-summary').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.getByTestId('import-summary').getByRole('button').click();
    await expect.poll(() => countText(page), { timeout: 30_000 }).toBe('1,203 篇文章');
    await expectStacked('after an import');
    expect((await layout(page)).first).toBe(0);
  });

  it('deletes a selection of rows', async () => {
    const rows = page.getByTestId('article-row');
    await rows.nth(1).click();
    await rows.nth(4).click({ modifiers: ['Shift'] });
    await expect.poll(() => page.getByTestId('selection-bar').textContent()).toContain('已选 4 篇');
    await page.getByTestId('bulk-delete').click();
    await page.getByTestId('confirm-ok').click();
    await expect.poll(() => countText(page), { timeout: 30_000 }).toBe('1,199 篇文章');
    await expectStacked('after a bulk deletion');
  });

  it('sorts by title and by date while scrolled deep into the list; the top is whole when scrolled back', async () => {
    for (const [sort, label] of [
      ['title', 'title order'],
      ['date', 'date order'],
    ] as const) {
      await scrollTo(40_000);
      await expect.poll(scrollTop).toBeGreaterThan(30_000);
      await page.getByTestId('library-sort').selectOption(sort);
      await expectStacked(`${label}, scrolled`);
      await scrollTo(0);
      await expect.poll(scrollTop).toBe(0);
      await expectStacked(`${label}, at the top`);
    }
    await page.getByTestId('library-order').click();
    await expectStacked('date order reversed');
    await page.getByTestId('library-sort').selectOption('added');
    await expectStacked('date added');
  });

  it('filters and clears the filter', async () => {
    await page.getByTestId('library-filter').fill('快讯');
    await expect.poll(() => countText(page), { timeout: 30_000 }).toMatch(/^\d+ \/ 1,199 篇$/);
    await expectStacked('filtered');
    await page.getByTestId('library-filter').fill('');
    await expect.poll(() => countText(page), { timeout: 30_000 }).toBe('1,199 篇文章');
    await expectStacked('filter cleared');
    await screenshot(page, 'library-rows-generated');
  });
});

afterAll(() => rmSync(files, { recursive: true, force: true }));
