/**
 * End to end in Chromium against browser mode: compose a briefing from
 * highlights of the seeded sample article and export it as PDF.
 *
 * The highlights are made through the app's HTTP API (the reader's own UI
 * has its own test), then everything else goes through the composer: new
 * briefing, header, the highlight picker, keyboard and drag reordering,
 * Markdown summary with live preview, the print preview in both templates,
 * PDF export checked with pdftotext, and the way back to the source.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot, startApp, type App } from './harness';
import { launchCredentials } from '../support/page-helpers';

let app: App;
let browser: Browser;
let page: Page;
let origin: string;
let token: string;
const downloads = mkdtempSync(join(tmpdir(), 'bd-e2e-dl-'));

const TITLE = '2023世界人工智能大会成果与产业动向';
const QUOTES = [
  { text: '当前，我国人工智能核心产业规模达到5000亿元，企业数量超过4300家', note: '**规模**：核心产业5000亿元，企业4300余家。', color: 'figure' },
  { text: '7月8日，3家企业的15辆车获得浦东新区首批发放的无驾驶人智能网联汽车道路测试牌照', note: '关注测试政策的推广条件。', color: 'policy' },
  { text: '大会共对接210家上下游企业，达成110亿元意向采购金额', note: '', color: 'key' },
];

/** Clicks Export and waits for the download, or fails with the error the app showed. */
async function exportFile(timeout: number) {
  const download = page.waitForEvent('download', { timeout });
  const refused = page
    .getByTestId('toast-error')
    .first()
    .waitFor({ timeout })
    .then(async () => {
      throw new Error(`export failed: ${await page.getByTestId('toast-error').first().textContent()}`);
    });
  await page.getByTestId('brief-export-button').click();
  try {
    return await Promise.race([download, refused]);
  } catch (err) {
    throw new Error(`${(err as Error).message}\n--- app output ---\n${app.output().slice(-4000)}`);
  } finally {
    refused.catch(() => undefined);
    download.catch(() => undefined);
  }
}

async function call<T>(method: string, params: unknown): Promise<T> {
  const response = await fetch(`${origin}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-briefing-token': token },
    body: JSON.stringify(params),
  });
  const body = (await response.json()) as { ok: boolean; result?: T; error?: { message: string } } & Record<string, unknown>;
  if (!response.ok || body.ok === false) throw new Error(`${method}: ${JSON.stringify(body)}`);
  return (body.result ?? body) as T;
}

const items = () => page.getByTestId('brief-item');
const quotesInOrder = () => page.getByTestId('brief-item-quote').allTextContents();
const saved = () => expect.poll(() => page.getByTestId('brief-save-state').getAttribute('data-state'), { timeout: 10_000 }).toBe('saved');

beforeAll(async () => {
  app = await startApp();
  ({ origin, token } = launchCredentials(app.url));
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  rmSync(downloads, { recursive: true, force: true });
});

describe('composing a briefing in the browser', () => {
  it('has highlights in the seeded sample to work with', async () => {
    const [entry] = await call<{ id: string; title: string }[]>('listArticles', {});
    expect(entry.title).toContain('推动32个重大产业项目签约');
    const article = await call<{ id: string; text: string }>('getArticle', { id: entry.id });
    for (const q of QUOTES) {
      const start = article.text.indexOf(q.text);
      expect(start, q.text).toBeGreaterThanOrEqual(0);
      await call('createAnnotation', { articleId: entry.id, start, end: start + q.text.length, color: q.color, note: q.note });
    }
  });

  it('creates a briefing and fills in its header', async () => {
    await page.goto(app.url);
    await page.getByTestId('tab-briefings').click();
    await expect.poll(() => page.getByTestId('brief-placeholder').textContent()).toContain('开始编写第一份简报');
    await screenshot(page, 'briefing-welcome');
    await page.getByTestId('brief-new').first().click();
    const title = page.getByTestId('brief-title');
    await expect.poll(() => title.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type(TITLE);
    await page.getByLabel('刊名').fill('政策简报');
    await page.getByLabel('期号').fill('12');
    await page.getByLabel('编印单位').fill('市发展研究中心产业研究所');
    await saved();
    await expect.poll(() => page.getByTestId('brief-row').first().textContent()).toContain(TITLE);
  });

  it('adds highlights with the picker, in text order', async () => {
    await page.getByTestId('brief-add-highlights').click();
    const picks = page.getByTestId('brief-pick');
    await expect.poll(() => picks.count()).toBe(3);
    for (const check of await page.getByTestId('brief-pick-check').all()) await check.check();
    await expect.poll(() => page.getByTestId('brief-picker-add').textContent()).toBe('添加 3 条');
    await screenshot(page, 'briefing-picker');
    await page.getByTestId('brief-picker-add').click();
    // Saves the briefing, then adds in the core: allow for a busy machine.
    await expect.poll(() => items().count(), { timeout: 10_000 }).toBe(3);
    // Text order of the article: the lead's figures first, then the two later paragraphs.
    expect((await quotesInOrder()).map((q) => q.slice(0, 8))).toEqual([QUOTES[2], QUOTES[0], QUOTES[1]].map((q) => q.text.slice(0, 8)));
    expect(await page.getByTestId('brief-section-heading').inputValue()).toContain('推动32个重大产业项目签约');
    await page.getByTestId('brief-tab-preview').click();
  });

  it('reorders items by keyboard and by dragging, and the order is saved', async () => {
    const before = await quotesInOrder();
    await page.getByTestId('brief-item-handle').first().focus();
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(() => page.getByTestId('brief-live').textContent()).toContain('已移到第 1 节第 2 条（共 3 条）');
    expect(await quotesInOrder()).toEqual([before[1], before[0], before[2]]);
    // Focus stays on the moved item, so it can be moved again.
    expect(await page.evaluate(() => document.activeElement?.closest('[data-item-id]')?.textContent)).toContain(before[0].slice(0, 10));

    // Drag the last item above the first.
    const [first] = await items().all();
    const box = (await first.boundingBox())!;
    await page
      .getByTestId('brief-item-handle')
      .nth(2)
      .dragTo(first, { targetPosition: { x: box.width / 2, y: 6 } });
    await expect.poll(quotesInOrder).toEqual([before[2], before[1], before[0]]);
    await saved();

    const [entry] = await call<{ id: string }[]>('listBriefings', {});
    const stored = await call<{ sections: { items: { quote: string }[] }[] }>('getBriefing', { id: entry.id });
    expect(stored.sections[0].items.map((i) => i.quote)).toEqual([before[2], before[1], before[0]]);
  });

  it('edits the summary in Markdown with a live, sanitised preview', async () => {
    const summary = page.getByTestId('brief-summary');
    await summary.click();
    await page.keyboard.type('2023世界人工智能大会成果丰硕，**32个重大产业项目**签约。');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.type('1. 跟踪签约项目落地<img src=x onerror="document.title=1">');
    const preview = page.getByTestId('brief-summary-preview');
    await expect.poll(() => preview.locator('strong').textContent()).toBe('32个重大产业项目');
    // The preview follows typing (deferred); raw HTML shows as the text typed, never as an element.
    await expect.poll(() => preview.locator('ol li').textContent()).toBe('跟踪签约项目落地<img src=x onerror="document.title=1">');
    expect(await preview.locator('img').count()).toBe(0);
    expect(await page.title()).not.toBe('1');
    await page.getByTestId('brief-item-note').first().fill('按语：可与去年大会数据对比。');
    await page.getByTestId('brief-title').focus(); // blur saves at once
    await saved();
  });

  it('shows the print preview and takes a screenshot of the composer', async () => {
    const frame = page.frameLocator('[data-testid="brief-preview-frame"]');
    await expect.poll(() => frame.locator('body').textContent(), { timeout: 10_000 }).toContain('32个重大产业项目');
    expect(await page.getByTestId('brief-preview-frame').getAttribute('sandbox')).toBe('');
    await page.getByTestId('brief-item').first().hover();
    expect(existsSync(await screenshot(page, 'briefing-composer'))).toBe(true);
  });

  it('switches the template to GB/T 9704', async () => {
    await page.getByTestId('brief-template-gbt9704').click();
    const frame = page.frameLocator('[data-testid="brief-preview-frame"]');
    await expect.poll(() => frame.locator('body').getAttribute('class'), { timeout: 10_000 }).toContain('bd-template-gbt9704');
    await expect.poll(() => frame.locator('body').textContent()).toContain('第12期');
    // Printed pages, broken where the PDF's are: the document in columns the size of the page area, one page under the other.
    expect(await frame.locator('body').getAttribute('class')).toContain('bd-pages');
    expect(await frame.locator('.bd-briefing').evaluate((el) => getComputedStyle(el).columnWidth)).not.toBe('auto');
    await page.getByRole('button', { name: '放大侧栏' }).click();
    await page.locator('.briefing-workspace.brief-wide-preview').waitFor();
    // The preview has re-fitted the page to the wider panel.
    await page.waitForFunction(() => {
      const stage = document.querySelector<HTMLElement>('.brief-preview-stage');
      const frame = document.querySelector<HTMLElement>('[data-testid="brief-preview-frame"]');
      return !!stage && !!frame && Math.abs(frame.getBoundingClientRect().width - Math.min(stage.clientWidth, 842)) < 1;
    });
    expect(existsSync(await screenshot(page, 'briefing-preview-gbt9704'))).toBe(true);
    await page.getByRole('button', { name: '放大侧栏' }).click();
  });

  it('exports a PDF with progress shown while it runs', async () => {
    await page.getByTestId('brief-export-format').selectOption('pdf');
    const pending = exportFile(60_000);
    await expect.poll(() => page.getByTestId('brief-export-button').isDisabled()).toBe(true);
    expect(await page.getByTestId('brief-export-progress').isVisible()).toBe(true);
    const file = await pending;
    expect(file.suggestedFilename()).toMatch(/\.pdf$/);
    const path = join(downloads, 'briefing.pdf');
    await file.saveAs(path);
    await expect.poll(() => page.getByTestId('brief-export-button').isDisabled()).toBe(false);
    // Page numbers (— 1 —) stand wherever a page breaks, even inside a sentence: read the text without them.
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }).replace(/\s+/g, '').replace(/—\d+—/g, '');
    expect(text).toContain(TITLE);
    expect(text).toContain('企业数量超过4300家');
    expect(text).toContain('32个重大产业项目');
  });

  it('exports Markdown too', async () => {
    await page.getByTestId('brief-export-format').selectOption('md');
    const file = await exportFile(30_000);
    const path = join(downloads, file.suggestedFilename());
    await file.saveAs(path);
    const md = execFileSync('cat', [path], { encoding: 'utf8' });
    expect(md).toContain(`# ${TITLE}`);
    expect(md).toContain('按语：可与去年大会数据对比。');
  });

  it('goes back to a highlight in its article', async () => {
    await page.getByTestId('brief-open-source').first().click();
    await expect.poll(() => page.getByTestId('tab-library').getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => page.getByTestId('reader').locator('h1').textContent()).toContain('推动32个重大产业项目签约');
    // Back in the briefings view, the same briefing opens again with everything saved.
    await page.getByTestId('tab-briefings').click();
    await expect.poll(() => page.getByTestId('brief-title').inputValue()).toBe(TITLE);
    expect(await items().count()).toBe(3);
  });

  it('duplicates a briefing and deletes the copy after asking', async () => {
    await page.getByTestId('brief-duplicate').click();
    await expect.poll(() => page.getByTestId('brief-row').count()).toBe(2);
    await expect.poll(() => page.getByTestId('brief-title').inputValue()).toBe(`${TITLE}（副本）`);
    expect(await items().count()).toBe(3);
    await page.getByTestId('brief-delete').click();
    await page.getByTestId('confirm-cancel').click();
    expect(await page.getByTestId('brief-row').count()).toBe(2);
    await page.getByTestId('brief-delete').click();
    await page.getByTestId('confirm-ok').click();
    await expect.poll(() => page.getByTestId('brief-row').count()).toBe(1);
    await expect.poll(() => page.getByTestId('brief-title').inputValue()).toBe(TITLE);
    expect((await call<{ title: string }[]>('listBriefings', {})).map((b) => b.title)).toEqual([TITLE]);
  });

  it('speaks English when the interface does', async () => {
    await page.getByTestId('toggle-language').click();
    expect(await page.getByTestId('brief-add-highlights').textContent()).toBe('Add highlights');
    expect(await page.getByTestId('brief-export-button').textContent()).toBe('Export');
    await page.getByTestId('brief-item-handle').first().focus();
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(() => page.getByTestId('brief-live').textContent()).toBe('Cannot move any further');
    await page.getByTestId('brief-preview-frame').waitFor();
    await screenshot(page, 'briefing-composer-en');
    await page.getByTestId('toggle-language').click();
  });
});
