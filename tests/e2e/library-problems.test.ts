/**
 * Damage is never silent in the app, and the app never reopens into an item
 * that stopped it — in a real Chromium against browser mode:
 * - a damaged annotations file found while reading an article shows at once
 *   in the list of library problems, with the quarantined path, and stays
 *   there across restarts until dismissed;
 * - an article the app was opening when it stopped is not opened at the next
 *   start (another one is), and can still be opened on purpose;
 * - in the zh-CN interface a problem reads in Chinese (a malformed article
 *   file, rebuilt from its original when opened), naming the article and the file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot, startApp, type App } from './harness';

let library: string;
let browser: Browser;
let page: Page;

async function call<T>(app: App, method: string, params: unknown): Promise<T> {
  const url = new URL(app.url);
  const response = await fetch(`${url.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-briefing-token': new URLSearchParams(url.hash.slice(1)).get('token')! },
    body: JSON.stringify(params),
  });
  const body = (await response.json()) as { ok: boolean; result: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${method}: ${body.error?.message}`);
  return body.result;
}

beforeAll(async () => {
  library = mkdtempSync(join(tmpdir(), 'bd-e2e-problems-'));
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'en' });
});

afterAll(async () => {
  await browser?.close();
  rmSync(library, { recursive: true, force: true });
});

describe('library problems in the app', () => {
  let sampleId: string;
  let otherId: string;

  it('shows a damaged annotations file at once, with its quarantined path, until dismissed', async () => {
    const app = await startApp({ library });
    try {
      const [sample] = await call<Array<{ id: string }>>(app, 'listArticles', {});
      sampleId = sample.id;
      otherId = (
        await call<{ id: string }>(app, 'importText', {
          text: 'Grid operators expand storage\nChina added record battery storage capacity in the first half, the energy regulator said.',
        })
      ).id;
      const text = (await call<{ text: string }>(app, 'getArticle', { id: sampleId })).text;
      const start = text.indexOf('算力底座');
      await call(app, 'createAnnotation', { articleId: sampleId, start, end: start + 4, note: '重点' });
      writeFileSync(join(library, 'articles', sampleId, 'annotations.json'), '{"schemaVersion":1,"annotations":[{"id":"h');

      await page.goto(app.url);
      await page.getByTestId('article-row').first().waitFor();
      await page.getByTestId('article-row').filter({ hasText: '推动32个重大产业项目签约' }).click();
      const problem = page.getByTestId('library-problem');
      await problem.first().waitFor();
      expect(await problem.first().textContent()).toMatch(/highlights and notes of “推动32个重大产业项目签约/);
      const file = await page.getByTestId('problem-file').first().textContent();
      expect(file).toMatch(/^quarantine\/.*annotations\.json$/);
      expect(readFileSync(join(library, file!), 'utf8')).toBe('{"schemaVersion":1,"annotations":[{"id":"h');
      await screenshot(page, 'library-problems');
    } finally {
      await app.stop();
    }
    // Still listed after a restart.
    const again = await startApp({ library });
    try {
      await page.goto(again.url);
      await page.getByTestId('library-problem').first().waitFor();
      await page.getByTestId('problem-dismiss').first().click();
      await expect.poll(() => page.getByTestId('library-problem').count()).toBe(0);
      expect(await call<unknown[]>(again, 'listProblems', {})).toEqual([]);
    } finally {
      await again.stop();
    }
  });

  it('does not reopen an article that stopped the app while it was opening; it can still be opened on purpose', async () => {
    // What a crash while drawing the newest article leaves behind.
    writeFileSync(join(library, 'session.json'), JSON.stringify({ schemaVersion: 1, opening: { kind: 'article', id: otherId, at: new Date().toISOString() } }));
    const app = await startApp({ library });
    try {
      await page.goto(app.url);
      const reader = page.getByTestId('reader');
      await expect.poll(() => reader.locator('h1').textContent()).toBe('推动32个重大产业项目签约，项目投资总额288亿元');
      const notice = page.getByTestId('library-problem').filter({ hasText: 'Grid operators expand storage' });
      await notice.waitFor();
      await notice.getByTestId('problem-open-anyway').click();
      await expect.poll(() => reader.locator('h1').textContent()).toBe('Grid operators expand storage');
      // Shown without trouble this time: nothing is noted against it any more.
      await expect.poll(() => readFileSync(join(library, 'session.json'), 'utf8')).toBe('{"schemaVersion":1}');
    } finally {
      await app.stop();
    }
  });

  it('words a malformed article file in Chinese in the zh-CN interface', async () => {
    writeFileSync(join(library, 'articles', otherId, 'article.json'), '{"schemaVersion":2,"meta":{"title":"Grid');
    const app = await startApp({ library });
    const zhPage = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' });
    try {
      await zhPage.goto(app.url);
      await zhPage.getByTestId('article-row').filter({ hasText: 'Grid operators expand storage' }).click();
      const problem = zhPage.getByTestId('library-problem').filter({ hasText: 'article.json' });
      await problem.waitFor();
      const text = await problem.locator('.problem-message').textContent();
      // Rebuilt from the text kept beside it at import, under the same id.
      expect(text).toMatch(
        new RegExp(
          `^“Grid operators expand storage”的正文（articles/${otherId}/article\\.json）无法读取（.+；已移到 quarantine/.+），已根据其旁保存的原始文件（.+）以同一 id 重建。`,
        ),
      );
      expect(text).not.toMatch(/could not be read/);
      expect(await zhPage.getByTestId('library-warnings').locator('strong').first().textContent()).toBe('文库提示');
      await screenshot(zhPage, 'library-problems-zh');
    } finally {
      await zhPage.close();
      await app.stop();
    }
  });
});
