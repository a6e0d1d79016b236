/**
 * End to end in Chromium against browser mode: the window's top bar fits
 * from 1024 px wide up, in Chinese and in English. Every control of the bar
 * (views, search, commands, import, backup, language, diagnostics) lies
 * wholly inside the window, overlaps no other, and shows its whole label
 * (no text cut inside a button). Screenshots of the bar at each width and
 * language go to tests/artifacts.
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
        for (const [i, a] of controls.entries()) {
          for (const b of controls.slice(i + 1)) {
            const overlap = a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
            expect(overlap ? `${a.name} overlaps ${b.name}` : '').toBe('');
          }
        }
      });
    }
  }
});
