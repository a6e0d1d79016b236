/**
 * End to end in Chromium against browser mode: typed text is never lost.
 * A half-written note is saved when the user clicks another article; a note
 * being typed survives a reload (the editor opens again with it); a tag
 * typed as a chip and then Escape asks before discarding (keep editing, or
 * discard); article details typed and not saved come back after a reload,
 * and Escape there asks too. Drafts live in the library (drafts.json), not
 * in the page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, screenshot, startApp, type App } from './harness';
import { apiCall, articleRow } from '../support/page-helpers';

let app: App;
let browser: Browser;
let page: Page;
let sampleId = '';
let first = '';
let second = '';

const SAMPLE_TITLE = '推动32个重大产业项目签约，项目投资总额288亿元';
const OTHER_TITLE = '关于加快推进算力基础设施建设的通知';

interface StoredAnnotation {
  id: string;
  note: string;
  tags: string[];
}

beforeAll(async () => {
  app = await startApp(); // a fresh library: serve seeds the sample article
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' });
  await page.goto(app.url);
  await page.getByTestId('reader').locator('h1', { hasText: SAMPLE_TITLE }).waitFor();
  [{ id: sampleId }] = (await apiCall(page, 'listArticles', {})) as { id: string }[];
  const text = (await apiCall(page, 'getArticle', { id: sampleId })) as { text: string };
  const at = (phrase: string) => text.text.indexOf(phrase);
  const a = at('我国人工智能核心产业规模达到5000亿元');
  const b = at('智能芯片、开发框架等创新成果不断涌现');
  first = ((await apiCall(page, 'createAnnotation', { articleId: sampleId, start: a, end: a + 19, color: 'figure' })) as { id: string }).id;
  second = ((await apiCall(page, 'createAnnotation', { articleId: sampleId, start: b, end: b + 18, color: 'key' })) as { id: string }).id;
  await apiCall(page, 'importText', {
    text: `${OTHER_TITLE}\n各地区要统筹算力资源布局，推动数据中心绿色低碳发展，提升算力调度能力。\n到2025年，算力规模超过300 EFLOPS。`,
  });
  await page.reload();
  await page.getByTestId('annotation-card').nth(1).waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const card = (id: string) => page.locator(`[data-testid=annotation-card][data-annotation-id="${id}"]`);
const stored = async (id: string) => ((await apiCall(page, 'listAnnotations', { articleId: sampleId })) as StoredAnnotation[]).find((a) => a.id === id)!;
const readerTitle = () => page.getByTestId('reader').locator('h1').textContent();
const row = (title: string) => articleRow(page, title);

describe('typed text is never lost', () => {
  it('saves a half-written note when another article is clicked', async () => {
    await card(first).getByTestId('card-note').click();
    await page.getByTestId('note-input').pressSequentially('数据口径需与统计局核对');
    await row(OTHER_TITLE).click();
    await expect.poll(readerTitle).toBe(OTHER_TITLE);
    await expect.poll(async () => (await stored(first)).note).toBe('数据口径需与统计局核对');
    // Back at the article, the card shows it, and no draft is left over.
    await row(SAMPLE_TITLE).click();
    await expect.poll(() => card(first).getByTestId('card-note-text').textContent()).toContain('数据口径需与统计局核对');
    await expect.poll(() => apiCall(page, 'listDrafts', {})).toEqual([]);
  });

  it('saves a note when the user clicks elsewhere in the window (the editor closes)', async () => {
    await card(second).getByTestId('card-note').click();
    await page.getByTestId('note-input').pressSequentially('芯片');
    await page.getByTestId('reader').locator('h1').click();
    await expect.poll(() => page.getByTestId('note-editor').count()).toBe(0);
    await expect.poll(async () => (await stored(second)).note).toBe('芯片');
  });

  it('restores a note being typed after a reload, where it was typed', async () => {
    await card(second).getByTestId('card-note').click();
    const input = page.getByTestId('note-input');
    await input.press('End');
    await input.pressSequentially('、框架：国产化率待补充');
    await expect.poll(() => page.getByTestId('draft-status').getAttribute('data-state')).toBe('saved');
    const onDisk = JSON.parse(readFileSync(join(app.library, 'drafts.json'), 'utf8')) as { drafts: { text: string }[] };
    expect(onDisk.drafts[0].text).toBe('芯片、框架：国产化率待补充');
    await page.reload();
    await expect.poll(() => page.getByTestId('note-input').inputValue()).toBe('芯片、框架：国产化率待补充');
    expect(await page.getByTestId('draft-restored').isVisible()).toBe(true);
    expect(await page.getByTestId('note-editor').evaluate((el) => el.closest('[data-annotation-id]')?.getAttribute('data-annotation-id'))).toBe(second);
    await screenshot(page, 'drafts-note-restored');
    // Not saved until the user leaves the editor.
    expect((await stored(second)).note).toBe('芯片');
    await page.getByTestId('note-save').click();
    await expect.poll(async () => (await stored(second)).note).toBe('芯片、框架：国产化率待补充');
    await expect.poll(() => apiCall(page, 'listDrafts', {})).toEqual([]);
  });

  it('asks before Escape discards typed tags: keep editing keeps them, discard drops them', async () => {
    await card(first).getByTestId('card-tags').click();
    const input = page.getByTestId('tag-input');
    await input.pressSequentially('算力');
    await input.press('Enter'); // a chip
    await input.pressSequentially('数据中');
    await input.press('Escape');
    const dialog = page.getByTestId('confirm-dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('放弃输入的内容');
    await screenshot(page, 'drafts-escape-asks');
    await page.getByTestId('confirm-cancel').click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await input.inputValue()).toBe('数据中');
    expect(await page.getByTestId('tag-editor').locator('.tag-chip').allTextContents()).toEqual([expect.stringContaining('算力')]);
    await input.press('Escape');
    await page.getByTestId('confirm-ok').click();
    await expect.poll(() => page.getByTestId('tag-editor').count()).toBe(0);
    expect((await stored(first)).tags).toEqual([]);
    await expect.poll(() => apiCall(page, 'listDrafts', {})).toEqual([]);
  });

  it('closes at once on Escape when nothing was typed', async () => {
    await card(first).getByTestId('card-note').click();
    await page.getByTestId('note-input').press('Escape');
    await expect.poll(() => page.getByTestId('note-editor').count()).toBe(0);
    expect(await page.getByTestId('confirm-dialog').count()).toBe(0);
  });

  it('brings back article details typed and not saved after a reload; Escape there asks too', async () => {
    await page.getByTestId('edit-meta').click();
    const source = page.getByTestId('meta-source');
    await source.fill('人民日报海外版');
    await page.getByTestId('meta-industry').fill('人工智能');
    await expect.poll(() => page.getByTestId('meta-editor').getByTestId('draft-status').getAttribute('data-state')).toBe('saved');
    await page.reload();
    await page.getByTestId('meta-editor').waitFor();
    expect(await page.getByTestId('meta-source').inputValue()).toBe('人民日报海外版');
    expect(await page.getByTestId('meta-industry').inputValue()).toBe('人工智能');
    await page.getByTestId('meta-source').press('Escape');
    await page.getByTestId('confirm-dialog').waitFor();
    await page.getByTestId('confirm-cancel').click();
    // A click outside the dialog saves.
    await page.mouse.click(5, 890);
    await expect.poll(() => page.getByTestId('meta-editor').count()).toBe(0);
    const article = (await apiCall(page, 'getArticle', { id: sampleId })) as { meta: { source: string; industry: string } };
    expect(article.meta).toMatchObject({ source: '人民日报海外版', industry: '人工智能' });
    await expect.poll(() => apiCall(page, 'listDrafts', {})).toEqual([]);
    expect(existsSync(join(app.library, 'drafts.json'))).toBe(true);
  });
});
