/**
 * End to end in Chromium against browser mode: the core's events reach the
 * page over server-sent events (`GET /events`, token required). A change
 * made by another client of the same library (here: a script calling the
 * API, as a second tab or `briefing serve`'s other users would) shows in
 * the open window without a reload, and a PDF export's progress bar follows
 * the core's steps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot, startApp, type App } from './harness';

let app: App;
let browser: Browser;
let page: Page;
let origin: string;
let token: string;

async function call<T>(method: string, params: unknown): Promise<T> {
  const response = await fetch(`${origin}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-briefing-token': token },
    body: JSON.stringify(params),
  });
  const body = (await response.json()) as { ok: boolean; result?: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.result as T;
}

beforeAll(async () => {
  app = await startApp();
  const url = new URL(app.url);
  origin = url.origin;
  token = new URLSearchParams(url.hash.slice(1)).get('token')!;
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
  await page.goto(app.url);
  await page.getByTestId('article-row').first().waitFor();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('events in the browser', () => {
  it('shows an article another client imported, and drops one it deleted, without a reload', async () => {
    const rows = page.getByTestId('article-row');
    const before = await rows.count();
    const marker = await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = Math.random()));
    const { id } = await call<{ id: string }>('importText', {
      text: '工业和信息化部关于加快推进智能制造的通知\n\n各省、自治区、直辖市工业和信息化主管部门：现将有关事项通知如下。',
    });
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(before + 1);
    expect(await rows.allTextContents()).toContainEqual(expect.stringContaining('工业和信息化部关于加快推进智能制造的通知'));
    await call('deleteArticle', { id });
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(before);
    // The same page all along: nothing reloaded it.
    expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(marker);
  });

  it('closes the open article when another client deletes it, so nothing more is highlighted in it', async () => {
    const title = '国家发展改革委关于做好夏季电力保供工作的通知';
    const { id } = await call<{ id: string }>('importText', { text: `${title}\n\n各地要加强电煤供应保障，确保迎峰度夏期间电力安全稳定供应。` });
    const row = page.getByTestId('article-row').filter({ hasText: title });
    await row.first().waitFor({ timeout: 10_000 });
    await row.first().click();
    await expect.poll(() => page.getByTestId('reader').textContent(), { timeout: 10_000 }).toContain('电煤供应保障');
    // Deleted through deleteArticles (a list's selection in another tab), which names its articles in a list.
    await call('deleteArticles', { ids: [id] });
    await page.getByTestId('reader-deleted').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('reader-deleted').textContent()).toBe(`《${title}》已被删除（在另一个窗口或标签页中），已关闭。请在左侧选择其他文章。`);
    expect(await page.getByTestId('reader').count()).toBe(0);
    expect(await page.getByText('电煤供应保障').count()).toBe(0);
  });

  it('follows a PDF export’s steps from the core in its progress bar', async () => {
    await call('createBriefing', { title: '事件测试简报' });
    await page.getByTestId('tab-briefings').click();
    await page.getByTestId('brief-row').first().click();
    await page.getByTestId('brief-export-format').selectOption('pdf');
    const download = page.waitForEvent('download', { timeout: 60_000 });
    const stages = page.evaluate(
      () =>
        new Promise<string[]>((resolve) => {
          const seen: string[] = [];
          const look = () => {
            const bar = document.querySelector('[data-testid=brief-export-progress]');
            const stage = bar?.getAttribute('data-stage');
            if (stage && seen.at(-1) !== `${stage}:${bar?.getAttribute('aria-valuenow')}`) seen.push(`${stage}:${bar?.getAttribute('aria-valuenow')}`);
          };
          const observer = new MutationObserver(look);
          observer.observe(document.body, { subtree: true, attributes: true, childList: true });
          const done = new MutationObserver(() => {
            if (seen.length && !document.querySelector('[data-testid=brief-export-progress]')) {
              observer.disconnect();
              done.disconnect();
              resolve(seen);
            }
          });
          done.observe(document.body, { subtree: true, childList: true });
        }),
    );
    await page.getByTestId('brief-export-button').click();
    await page.locator('[data-testid=brief-export-progress][aria-valuenow]').waitFor({ timeout: 60_000 });
    await screenshot(page, 'export-progress-from-core');
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/事件测试简报\.pdf$/);
    const seen = await stages;
    // Steps of the core's PDF export, in order, with a growing share done.
    const names = seen.map((s) => s.split(':')[0]);
    expect(names).toContain('print');
    expect(names.indexOf('render')).toBeLessThan(names.lastIndexOf('print'));
    const shares = seen.map((s) => Number(s.split(':')[1])).filter((n) => !Number.isNaN(n) && n > 0);
    expect(shares.length).toBeGreaterThan(0);
    expect([...shares].sort((a, b) => a - b)).toEqual(shares);
  });
});
