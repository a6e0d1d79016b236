/**
 * End to end in Chromium, two libraries: export annotations from library A
 * through the annotation panel's Export menu (a real download), import the
 * file into library B through the panel's Import button — B holds the
 * article under another id with a slightly revised text, so the highlights
 * are recognised by near-identical text and placed — then import a file whose
 * article B does not have, assign it from the dialog to the article open in
 * the reader, and see the orphans listed with their reason. Importing the
 * same file again adds nothing. Screenshot: `annotations-import-dialog`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, SAMPLE, screenshot, startApp, type App } from './harness';
import { apiCall, downloadTo, highlightQuote, openAppPage, openArticle } from '../support/page-helpers';

let appA: App;
let appB: App;
let browser: Browser;
let pageA: Page;
let pageB: Page;
const downloads = mkdtempSync(join(tmpdir(), 'bd-e2e-travel-'));

const QUOTES = ['构建人工智能时代算力底座，让算力成为人工智能发展的基础资源', '线下参观人数突破17.7万人次'];
const STORAGE = '储能装机规模创新高\n　　国家能源局发布数据显示，上半年全国新型储能装机规模同比增长一倍以上，多地储能电站集中并网。';

async function highlight(page: Page, id: string, quote: string, note: string) {
  await highlightQuote(page, id, quote, { color: 'policy', note });
}

/** Exports the open article's annotations as W3C JSON-LD through the panel, returns the saved file. */
async function exportW3c(page: Page, name: string): Promise<string> {
  return downloadTo(page, downloads, name, async () => {
    await page.getByTestId('export-annotations').click();
    await page.getByTestId('export-w3c').click();
  });
}

async function importThroughPanel(page: Page, path: string) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('import-annotations').click();
  await (await chooser).setFiles(path);
  await page.getByTestId('import-annotations-dialog').waitFor();
}

beforeAll(async () => {
  [appA, appB] = await Promise.all([startApp(), startApp()]);
  browser = await launchBrowser();
  [pageA, pageB] = await Promise.all([openAppPage(browser, appA.url, { acceptDownloads: true }), openAppPage(browser, appB.url)]);
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([appA?.stop(), appB?.stop()]);
  rmSync(downloads, { recursive: true, force: true });
});

describe('annotations travel between two libraries through the UI', () => {
  let revisedId: string;
  let otherId: string;

  it('exports from A and imports into B, where the article has another id and a revised text', async () => {
    // A: the seeded sample with two highlights, and a second article with one.
    const [sampleA] = (await apiCall(pageA, 'listArticles', {})) as Array<{ id: string }>;
    for (const [i, q] of QUOTES.entries()) await highlight(pageA, sampleA.id, q, `批注${i + 1}`);
    const storage = (await apiCall(pageA, 'importText', { text: STORAGE })) as { id: string };
    await highlight(pageA, storage.id, '多地储能电站集中并网', '储能并网');
    await pageA.reload();
    await openArticle(pageA, '推动32个重大产业项目签约');
    await expect.poll(() => pageA.getByTestId('annotation-card').count()).toBe(2);
    const sampleFile = await exportW3c(pageA, 'sample.jsonld');
    const exported = JSON.parse(readFileSync(sampleFile, 'utf8'));
    expect(exported.first.items).toHaveLength(2);

    // B: the sample replaced by a revised copy (another id), and an unrelated article.
    const [seeded] = (await apiCall(pageB, 'listArticles', {})) as Array<{ id: string }>;
    const revisedText = readFileSync(SAMPLE, 'utf8').replace('17.7万人次', '17.8万人次').replace('均创历史新高。', '均创历史新高。本届大会首次设立青年论坛。');
    await apiCall(pageB, 'deleteArticle', { id: seeded.id });
    revisedId = ((await apiCall(pageB, 'importText', { text: revisedText })) as { id: string }).id;
    otherId = ((await apiCall(pageB, 'importText', { text: '算力网络建设提速\n　　多地启动算力枢纽节点建设，推动东数西算工程落地。' })) as { id: string }).id;
    expect(revisedId).not.toBe(sampleA.id);
    await pageB.reload();
    await openArticle(pageB, '推动32个重大产业项目签约');
    expect(await pageB.getByTestId('annotation-card').count()).toBe(0);

    await importThroughPanel(pageB, sampleFile);
    const dialog = pageB.getByTestId('import-annotations-dialog');
    expect(await dialog.getByTestId('import-annotations-summary').textContent()).toContain('新增 2 条');
    expect(await dialog.getByTestId('import-annotations-article').textContent()).toContain('按相近文本识别');
    await dialog.getByTestId('import-annotations-close').click();
    // The revised figure (17.7 → 17.8万人次) is another fact: that highlight is an orphan with its old quote, not moved onto the new figure.
    await expect.poll(() => pageB.getByTestId('annotation-card').count()).toBe(1);
    expect(await pageB.getByTestId('annotation-card').getByTestId('card-quote').allTextContents()).toEqual([
      '构建人工智能时代算力底座，让算力成为人工智能发展的基础资源',
    ]);
    const orphan = pageB.getByTestId('orphan-card');
    await expect.poll(() => orphan.count()).toBe(1);
    expect(await orphan.textContent()).toContain('线下参观人数突破17.7万人次');
    expect(await orphan.getByTestId('orphan-reason').textContent()).toContain('原文中已找不到这段文字');
    // The same file again adds nothing.
    await importThroughPanel(pageB, sampleFile);
    expect(await pageB.getByTestId('import-annotations-summary').textContent()).toContain('新增 0 条');
    expect(await pageB.getByTestId('import-annotations-summary').textContent()).toContain('2 条已存在');
    await pageB.getByTestId('import-annotations-close').click();
    expect(await pageB.getByTestId('annotation-card').count()).toBe(1);
    expect(await pageB.getByTestId('orphan-card').count()).toBe(1);
  });

  it('assigns annotations whose article B does not have to the article of your choosing, and shows orphans with their reason', async () => {
    await openArticle(pageA, '储能装机规模创新高');
    const storageFile = await exportW3c(pageA, 'storage.jsonld');
    await openArticle(pageB, '算力网络建设提速');
    await importThroughPanel(pageB, storageFile);
    const dialog = pageB.getByTestId('import-annotations-dialog');
    const group = dialog.getByTestId('unmatched-group');
    expect(await group.count()).toBe(1);
    expect(await group.textContent()).toContain('储能装机规模创新高');
    expect(await group.textContent()).toContain('多地储能电站集中并网');
    // The article open in the reader is preselected.
    expect(await group.getByTestId('assign-article').inputValue()).toBe(otherId);
    await screenshot(pageB, 'annotations-import-dialog');
    await group.getByTestId('assign-import').click();
    await expect.poll(() => group.getByTestId('unmatched-assigned').textContent()).toContain('新增 1 条');
    await dialog.getByTestId('import-annotations-close').click();
    // Its passage is not in this article: an orphan, with the reason in the panel.
    const orphan = pageB.getByTestId('orphan-card');
    await expect.poll(() => orphan.count()).toBe(1);
    expect(await orphan.getByTestId('orphan-reason').textContent()).toContain('原文中已找不到这段文字');
    expect(await orphan.textContent()).toContain('储能并网');
    await pageB.getByTestId('toggle-language').click();
    expect(await orphan.getByTestId('orphan-reason').textContent()).toContain('no longer in the text');
    await pageB.getByTestId('toggle-language').click();
    expect(await apiCall(pageB, 'listAnnotations', { articleId: revisedId })).toHaveLength(2);
  });

  it('reports a file that is not JSON without changing anything', async () => {
    const bad = join(downloads, 'broken.jsonld');
    await import('node:fs').then((fs) => fs.writeFileSync(bad, '{"type": "AnnotationCollection", "first": '));
    const chooser = pageB.waitForEvent('filechooser');
    await pageB.getByTestId('import-annotations').click();
    await (await chooser).setFiles(bad);
    await expect.poll(() => pageB.getByTestId('reader').textContent()).toContain('无法导入标注文件 broken.jsonld');
    expect(await pageB.getByTestId('import-annotations-dialog').count()).toBe(0);
    expect(await apiCall(pageB, 'listAnnotations', { articleId: otherId })).toHaveLength(1);
  });
});
