/**
 * End to end in Chromium against browser mode: the window's top bar fits
 * from 1024 px wide up, in Chinese and in English. Every control of the bar
 * (views, search, commands, import, backup, language, diagnostics) lies
 * wholly inside the window, overlaps no other, and shows its whole label
 * (no text cut inside a button). Screenshots of the bar at each width and
 * language go to tests/artifacts. The reader's bar likewise, with the search
 * panel open beside the text (the narrowest it gets): every label on one
 * line, inside the bar, none over another.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { join } from 'node:path';
import { artifacts, launchBrowser, startApp, type App } from './harness';

let app: App;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 800 }, locale: 'zh-CN' });
  await page.goto(app.url);
  await page.getByTestId('article-row').first().waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

interface Placed {
  name: string;
  left: number;
  right: number;
  top: number;
  bottom: number;
  /** The label is wider than the control shows (cut or hidden by overflow). */
  cut: boolean;
}

/** Every visible control of the top bar with its box (CSS px) and whether its label is cut. */
function placedControls(p: Page): Promise<{ width: number; controls: Placed[] }> {
  return p.evaluate(() => {
    const bar = document.querySelector('header.toolbar')!;
    const controls = [...bar.querySelectorAll<HTMLElement>('button, .brand, input:not([type=file])')]
      .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
      .map((el) => {
        const box = el.getBoundingClientRect();
        return {
          name: el.dataset.testid ?? el.textContent?.trim() ?? el.className,
          left: box.left,
          right: box.right,
          top: box.top,
          bottom: box.bottom,
          cut: el.scrollWidth > el.clientWidth + 1,
        };
      });
    return { width: document.documentElement.clientWidth, controls };
  });
}

/** Fails naming the first two controls whose boxes overlap (by more than half a CSS px). */
function expectNoOverlap(controls: ReadonlyArray<Pick<Placed, 'name' | 'left' | 'right' | 'top' | 'bottom'>>): void {
  for (const [i, a] of controls.entries()) {
    for (const b of controls.slice(i + 1)) {
      const overlap = a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
      expect(overlap ? `${a.name} overlaps ${b.name}` : '').toBe('');
    }
  }
}

async function useLanguage(locale: 'zh-CN' | 'en') {
  const isEnglish = async () => (await page.locator('html').getAttribute('lang')) === 'en';
  if ((await isEnglish()) !== (locale === 'en')) await page.getByTestId('toggle-language').click();
  await expect.poll(isEnglish).toBe(locale === 'en');
}

describe('the top bar', () => {
  for (const locale of ['zh-CN', 'en'] as const) {
    for (const width of [1024, 1280, 1440]) {
      it(`fits at ${width} px in ${locale}: every control whole, inside the window, none over another`, async () => {
        await useLanguage(locale);
        await page.setViewportSize({ width, height: 800 });
        await expect.poll(async () => (await placedControls(page)).width).toBe(width);
        const { controls } = await placedControls(page);
        await page.locator('header.toolbar').screenshot({ path: join(artifacts, `toolbar-${locale}-${width}.png`) });
        expect(controls.map((c) => c.name)).toEqual(
          expect.arrayContaining(['tab-library', 'open-search', 'import-file', 'toggle-language', 'copy-diagnostics']),
        );
        for (const c of controls) {
          expect({ name: c.name, left: c.left >= 0, right: c.right <= width, cut: c.cut }).toEqual({ name: c.name, left: true, right: true, cut: false });
        }
        expectNoOverlap(controls);
      });
    }
  }
});

/** Every visible control of the reader's bar: its box, whether its label is cut, and how many lines its label takes. */
function readerBarControls(p: Page) {
  return p.evaluate(() => {
    const bar = document.querySelector('.reader-bar')!;
    const barBox = bar.getBoundingClientRect();
    const controls = [...bar.querySelectorAll<HTMLElement>('button, select, .edit-mode-hint')]
      .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
      .map((el) => {
        const box = el.getBoundingClientRect();
        const range = document.createRange();
        range.selectNodeContents(el);
        // Line boxes of the label's text: a rectangle below every earlier one (no vertical overlap) starts a new line.
        let lines = 0;
        let lineBottom = -Infinity;
        for (const r of [...range.getClientRects()].filter((r) => r.width > 0).sort((a, b) => a.top - b.top)) {
          if (r.top >= lineBottom - 1) lines++;
          lineBottom = Math.max(lineBottom, r.bottom);
        }
        return {
          name: el.dataset.testid ?? el.textContent?.trim() ?? el.className,
          left: box.left,
          right: box.right,
          top: box.top,
          bottom: box.bottom,
          lines,
          cut: el.scrollWidth > el.clientWidth + 1,
        };
      });
    return { bar: { left: barBox.left, right: barBox.right }, controls };
  });
}

describe("the reader's bar", () => {
  for (const locale of ['zh-CN', 'en'] as const) {
    for (const width of [1024, 1280, 1300, 1440]) {
      it(`fits at ${width} px in ${locale} with the search panel open: every label on one line, none over another`, async () => {
        await useLanguage(locale);
        await page.setViewportSize({ width, height: 800 });
        if ((await page.locator('.reader-bar').count()) === 0) {
          await page.getByTestId('article-row').first().click();
          await page.locator('.reader-bar').waitFor();
        }
        if ((await page.getByTestId('search-input').count()) === 0) {
          await page.getByTestId('open-search').click();
          await page.getByTestId('search-input').waitFor();
        }
        await expect.poll(async () => (await placedControls(page)).width).toBe(width);
        const { bar, controls } = await readerBarControls(page);
        await page.locator('.reader-bar').screenshot({ path: join(artifacts, `reader-bar-${locale}-${width}.png`) });
        expect(controls.map((c) => c.name)).toEqual(expect.arrayContaining(['undo', 'edit-meta', 'delete-article', 'panel-toggle']));
        for (const c of controls) {
          expect({ name: c.name, lines: c.lines, cut: c.cut, inside: c.left >= bar.left - 0.5 && c.right <= bar.right + 0.5 }).toEqual({
            name: c.name,
            lines: 1,
            cut: false,
            inside: true,
          });
        }
        expectNoOverlap(controls);
      });
    }
  }
});
