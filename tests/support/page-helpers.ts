/**
 * What the end-to-end tests do in the page as a user would (select text by
 * dragging the mouse, open an article from the list, download through a
 * menu) or as the page itself does (call the API with the launch token:
 * import a text, highlight a quote), and what they read back (highlight
 * text, card ids). One copy for every test in tests/e2e.
 */
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';

/** Canonical offsets of the `occurrence`-th appearance of `phrase` in the rendered article. */
export async function offsetsOf(page: Page, phrase: string, occurrence = 0): Promise<{ start: number; end: number }> {
  return page.evaluate(
    ({ phrase, occurrence }) => {
      let seen = 0;
      for (const block of document.querySelectorAll<HTMLElement>('article.article-body [data-start]')) {
        const text = block.textContent ?? '';
        let at = text.indexOf(phrase);
        while (at !== -1) {
          if (seen++ === occurrence) {
            const start = Number(block.dataset.start) + at;
            return { start, end: start + phrase.length };
          }
          at = text.indexOf(phrase, at + 1);
        }
      }
      throw new Error(`phrase not in the article: ${phrase}`);
    },
    { phrase, occurrence },
  );
}

/** Viewport point inside the character at canonical `offset`: its left edge (a caret before it) or its right edge (after it). */
export async function pointAt(page: Page, offset: number, edge: 'before' | 'after'): Promise<{ x: number; y: number }> {
  return page.evaluate(
    ({ offset, edge }) => {
      const block = [...document.querySelectorAll<HTMLElement>('article.article-body [data-start]')].find(
        (b) => Number(b.dataset.start) <= offset && offset < Number(b.dataset.end),
      );
      if (!block) throw new Error(`no block at ${offset}`);
      let local = offset - Number(block.dataset.start);
      const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        if (local < node.length) {
          const range = document.createRange();
          range.setStart(node, local);
          range.setEnd(node, local + 1);
          const rect = range.getClientRects()[0];
          return { x: edge === 'before' ? rect.left + 1 : rect.right - 1, y: rect.top + rect.height / 2 };
        }
        local -= node.length;
      }
      throw new Error(`offset ${offset} not found`);
    },
    { offset, edge },
  );
}

/** Selects the text from the start of `from` to the end of `to` (default: `from` itself) by dragging the mouse. */
export async function dragSelect(page: Page, from: string, to: string = from, occurrence = 0): Promise<{ start: number; end: number }> {
  const a = await offsetsOf(page, from, occurrence);
  const b = to === from ? a : await offsetsOf(page, to);
  await page.evaluate((o) => {
    const block = [...document.querySelectorAll<HTMLElement>('article.article-body [data-start]')].find(
      (el) => Number(el.dataset.start) <= o && o < Number(el.dataset.end),
    );
    block?.scrollIntoView({ block: 'center' });
  }, a.start);
  const start = await pointAt(page, a.start, 'before');
  const end = await pointAt(page, b.end - 1, 'after');
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move((start.x + end.x) / 2, (start.y + end.y) / 2, { steps: 5 });
  await page.mouse.move(end.x, end.y, { steps: 5 });
  await page.mouse.up();
  await page.locator('[data-testid="selection-toolbar"][data-mode="selection"]').waitFor();
  return { start: a.start, end: b.end };
}

/** Text of every highlight segment of one annotation, joined in order (segments are split at overlaps). */
export async function highlightText(page: Page, id: string): Promise<string> {
  return page.evaluate((id) => [...document.querySelectorAll(`mark[data-ids~="${id}"]`)].map((m) => m.textContent).join(''), id);
}

export async function annotationIds(page: Page): Promise<string[]> {
  return page.getByTestId('annotation-card').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-annotation-id')!));
}

/** Calls the API the way the page does (browser mode, launch token). */
export async function apiCall(page: Page, method: string, params: unknown): Promise<unknown> {
  return page.evaluate(
    async ({ method, params }) => {
      const response = await fetch(`/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-briefing-token': sessionStorage.getItem('briefing-desk-token') ?? '' },
        body: JSON.stringify(params),
      });
      const body = await response.json();
      if (body.error) throw new Error(body.error.message);
      return body.result;
    },
    { method, params },
  );
}

/**
 * A new page of `browser` (zh-CN, 1400×900 unless `options` say otherwise)
 * on the app at `url`, once its library list shows its first row.
 */
export async function openAppPage(browser: Browser, url: string, options: BrowserContextOptions = {}): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN', ...options });
  await page.goto(url);
  await page.getByTestId('article-row').first().waitFor();
  return page;
}

/** The origin of the app's launch URL and its launch token (the URL's `#token=…`), to call the API from outside a page. */
export function launchCredentials(url: string): { origin: string; token: string } {
  const parsed = new URL(url);
  return { origin: parsed.origin, token: new URLSearchParams(parsed.hash.slice(1)).get('token') ?? '' };
}

/** Imports `text` through the API; the new article's id. */
export async function importText(page: Page, text: string): Promise<string> {
  return ((await apiCall(page, 'importText', { text })) as { id: string }).id;
}

/**
 * Highlights the first appearance of `quote` in the article through the API
 * (colour, note and tags as given); the annotation's id. Throws naming the
 * quote when the article's text does not hold it.
 */
export async function highlightQuote(
  page: Page,
  articleId: string,
  quote: string,
  fields: { color?: string; note?: string; tags?: string[] } = {},
): Promise<string> {
  const { text } = (await apiCall(page, 'getArticle', { id: articleId })) as { text: string };
  const start = text.indexOf(quote);
  if (start < 0) throw new Error(`not in the text of ${articleId}: ${quote}`);
  return ((await apiCall(page, 'createAnnotation', { articleId, start, end: start + quote.length, ...fields })) as { id: string }).id;
}

/** The library list's row of the article whose title holds `title`. */
export function articleRow(page: Page, title: string) {
  return page.getByTestId('article-row').filter({ hasText: title });
}

/** Opens the article from the library list and waits until the reader shows it. */
export async function openArticle(page: Page, title: string): Promise<void> {
  await articleRow(page, title).click();
  await expect.poll(() => page.getByTestId('reader').locator('h1').textContent()).toContain(title);
}

/** Runs `click` (what starts a download), saves the download as `dir`/`name` and returns that path. */
export async function downloadTo(page: Page, dir: string, name: string, click: () => Promise<void>): Promise<string> {
  const waiting = page.waitForEvent('download');
  await click();
  const file = await waiting;
  const path = join(dir, name);
  await file.saveAs(path);
  return path;
}
