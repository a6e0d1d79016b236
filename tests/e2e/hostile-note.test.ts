/**
 * End to end in Chromium: notes holding raw HTML with event handlers, script
 * and frame elements and script URLs are saved, and every view that shows
 * them — the annotation panel, the notebook, the note editor's preview —
 * shows the user's text literally: no element it names reaches the page,
 * and the page logs no Content Security Policy violation (in Chromium even
 * an inert parse of `<img src=x onerror=…>` compiles the handler, so the
 * HTML must never be parsed as HTML at all).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startApp, type App } from './harness';
import { apiCall, highlightQuote } from '../support/page-helpers';

let app: App;
let browser: Browser;
let page: Page;
const logged: string[] = [];

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' });
  page.on('console', (m) => logged.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => logged.push(`pageerror: ${e.message}`));
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const NOTES = [
  '核对口径 <img src=x onerror=alert(1)> **加粗**',
  '<svg onload=alert(2)></svg>来源 [链接](javascript:alert(3))',
  '<iframe src="data:text/html,<script>alert(4)</script>"></iframe>待核 <details open ontoggle=alert(5)>',
];
const violations = () => logged.filter((l) => /Content Security Policy|pageerror/i.test(l));

describe('hostile notes in the browser', () => {
  it('show literally in the annotation panel, without a CSP violation', async () => {
    await page.goto(app.url);
    await expect.poll(() => page.getByTestId('reader').locator('h1').textContent()).toBeTruthy();
    const [article] = (await apiCall(page, 'listArticles', {})) as { id: string }[];
    for (const [i, quote] of ['我国人工智能核心产业规模', '项目投资总额', '推动32个重大产业项目签约'].entries())
      await highlightQuote(page, article.id, quote, { note: NOTES[i] });
    await page.reload();
    const notes = page.getByTestId('card-note-text');
    await expect.poll(() => notes.count()).toBe(3);
    const shown = (await notes.allTextContents()).join('\n');
    expect(shown).toContain('核对口径 <img src=x onerror=alert(1)> 加粗');
    expect(shown).toContain('<svg onload=alert(2)></svg>来源 链接');
    expect(shown).toContain('<iframe src="data:text/html,<script>alert(4)</script>"></iframe>待核 <details open ontoggle=alert(5)>');
    expect(await page.locator('[data-testid="card-note-text"] :is(img, svg, iframe, details, script, a[href])').count()).toBe(0);
    expect(await page.getByTestId('card-note-text').locator('strong').first().textContent()).toBe('加粗');
    expect(violations()).toEqual([]);
  });

  it('show the same in the notebook, without a CSP violation', async () => {
    await page.getByTestId('tab-notebook').click();
    const notes = page.getByTestId('notebook-note');
    await expect.poll(() => notes.count()).toBe(3);
    const shown = (await notes.allTextContents()).join('\n');
    expect(shown).toContain('核对口径 <img src=x onerror=alert(1)> 加粗');
    expect(shown).not.toContain('**');
    expect(await page.locator('[data-testid="notebook-note"] :is(img, svg, iframe, details, script, a[href])').count()).toBe(0);
    expect(violations()).toEqual([]);
  });
});
