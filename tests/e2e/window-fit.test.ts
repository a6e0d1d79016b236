/**
 * End to end in Chromium against browser mode: the interface fits every
 * window from the documented minimum (MIN_WINDOW_SIZE, 960×600 CSS px) up,
 * in Chinese and in English, in each view a user works in: an article open,
 * the annotation panel open beside it, search results beside the article,
 * the notebook, the article details dialog, the
 * briefing composer with its folded header fields unfolded, and the
 * composer's highlight picker. For each window size and view:
 * - the page itself never scrolls (document.scrollingElement is exactly the
 *   window), so no page scrollbar appears and the top bar never moves away;
 * - no button's label is cut, and no pane cuts a button at its side;
 * - no element lies outside the window unless a scrolling pane inside the
 *   window holds it (walked along the containing blocks, so an absolutely
 *   placed element that escapes its pane is caught);
 * - the key panels and controls (top bar, reader, annotation panel, composer,
 *   preview, Export button, a dialog and its buttons) lie wholly inside it.
 * Screenshots of every size, view and language go to tests/artifacts/window-fit/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { animationsSettled, artifacts, launchBrowser, startApp, type App } from './harness';
import { launchCredentials } from '../support/page-helpers';
import { MIN_WINDOW_SIZE } from '../../src-main/common/window-size';

let app: App;
let browser: Browser;
let page: Page;

const SIZES = [MIN_WINDOW_SIZE, { width: 1024, height: 640 }, { width: 1024, height: 700 }, { width: 1400, height: 757 }, { width: 1920, height: 1080 }];
const shots = join(artifacts, 'window-fit');

async function call<T>(method: string, params: unknown): Promise<T> {
  const { origin, token } = launchCredentials(app.url);
  const response = await fetch(`${origin}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-briefing-token': token },
    body: JSON.stringify(params),
  });
  const body = (await response.json()) as { ok: boolean; result: T };
  if (!body.ok) throw new Error(`${method}: ${JSON.stringify(body)}`);
  return body.result;
}

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  app = await startApp();
  const [entry] = await call<{ id: string }[]>('listArticles', {});
  const { text } = await call<{ text: string }>('getArticle', { id: entry.id });
  for (const [quote, note] of [
    ['当前，我国人工智能核心产业规模达到5000亿元', '核心产业规模：5000亿元。'],
    ['大会共对接210家上下游企业', 'A longer English note, so that the card takes more than one line in the panel at every width.'],
  ]) {
    const start = text.indexOf(quote);
    await call('createAnnotation', { articleId: entry.id, start, end: start + quote.length, color: 'key', note });
  }
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

interface Fit {
  scroll: { width: number; height: number };
  window: { width: number; height: number };
  /** Elements outside the window with no scrolling pane inside the window to hold them. */
  escaped: string[];
  /** Buttons whose label is cut, or which a pane cuts at its side. */
  cut: string[];
  /** Key panels and controls, where present: name → wholly inside the window. */
  panels: Record<string, boolean>;
}

/** Measures the page as laid out now (see the module comment for what each part means). */
function measure(p: Page): Promise<Fit> {
  return p.evaluate(() => {
    const vw = innerWidth;
    const vh = innerHeight;
    // 1.5 px of slack: the usual visually hidden label (1×1 px, margin −1 px) may sit one pixel over an edge.
    const inside = (b: DOMRect) => b.left >= -1.5 && b.top >= -1.5 && b.right <= vw + 1.5 && b.bottom <= vh + 1.5;
    const name = (el: Element) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}[${(el as HTMLElement).dataset.testid ?? ''}]`;
    /** The first ancestor that clips `el`, following containing blocks (an absolute element skips to its positioned ancestor; a fixed one has none). */
    const clipper = (el: Element): Element | null => {
      let node: Element | null = el;
      while (node && node !== document.documentElement) {
        const position: string = getComputedStyle(node).position;
        const next: Element | null =
          position === 'fixed' ? null : position === 'absolute' ? ((node as HTMLElement).offsetParent ?? document.body) : node.parentElement;
        if (!next || next === document.documentElement || next === document.body) return null;
        const style = getComputedStyle(next);
        if (style.overflowX !== 'visible' || style.overflowY !== 'visible') return next;
        node = next;
      }
      return null;
    };
    const root = document.getElementById('root');
    const escaped: string[] = [];
    for (const el of document.querySelectorAll('body *')) {
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.display === 'contents') continue;
      const box = el.getBoundingClientRect();
      if ((box.width === 0 && box.height === 0) || inside(box)) continue;
      const holder = clipper(el);
      // Held by a pane inside the window (it scrolls there, or is cut there by design); #root is the window itself.
      if (holder && holder !== root && inside(holder.getBoundingClientRect())) continue;
      escaped.push(`${name(el)} at ${Math.round(box.left)},${Math.round(box.top)}–${Math.round(box.right)},${Math.round(box.bottom)}`);
    }
    // Buttons whose label does not fit, or that a pane cuts at its side (a pane that does not scroll sideways).
    const cut: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('button, [role="tab"]')) {
      if (el.getClientRects().length === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      const box = el.getBoundingClientRect();
      if (box.width < 2 || box.height < 2) continue;
      const holder = clipper(el);
      const sideways = holder ? getComputedStyle(holder).overflowX : 'visible';
      const hb = holder?.getBoundingClientRect();
      const cutAtSide = !!hb && sideways !== 'auto' && sideways !== 'scroll' && (box.right > hb.right + 1 || box.left < hb.left - 1);
      // Shown (its middle is not under a dialog or a pane laid over it), it must be shown to both ends: not painted over by a neighbour.
      const mid = (box.top + box.bottom) / 2;
      const mine = (x: number) => {
        const hit = document.elementFromPoint(x, mid);
        return !hit || el.contains(hit);
      };
      const coveredAtEnd = mine((box.left + box.right) / 2) && (!mine(Math.max(0, box.left + 2)) || !mine(Math.min(vw - 1, box.right - 2)));
      if (el.scrollWidth > el.clientWidth + 1 || cutAtSide || coveredAtEnd) cut.push(`${name(el)} “${el.textContent?.trim().slice(0, 30)}”`);
    }
    const panels: Record<string, boolean> = {};
    const keys = [
      'header.toolbar',
      '[data-testid="reader"]',
      '.reader-bar',
      '[data-testid="annotation-panel"]',
      '[data-testid="search-panel"]',
      '[data-testid="notebook-list"]',
      '.brief-composer',
      '.brief-side',
      '[data-testid="brief-export-button"]',
      '[data-testid="brief-picker-add"]',
      '.dialog',
      '.dialog-actions button',
    ];
    for (const selector of keys) {
      for (const [i, el] of [...document.querySelectorAll(selector)].entries()) {
        if (el.getClientRects().length === 0) continue;
        panels[`${selector}#${i}`] = inside(el.getBoundingClientRect());
      }
    }
    const scrolling = document.scrollingElement!;
    return { scroll: { width: scrolling.scrollWidth, height: scrolling.scrollHeight }, window: { width: vw, height: vh }, escaped, cut, panels };
  });
}

async function useLanguage(locale: 'zh-CN' | 'en') {
  const isEnglish = async () => (await page.locator('html').getAttribute('lang')) === 'en';
  if ((await isEnglish()) !== (locale === 'en')) await page.getByTestId('toggle-language').click();
  await expect.poll(isEnglish).toBe(locale === 'en');
}

/** The views checked, each reached from the one before it; `enter` is run again after each resize (a narrow window closes the annotation panel). */
const VIEWS: { name: string; enter(): Promise<void>; expect: string[] }[] = [
  {
    name: 'article',
    enter: async () => {
      await page.getByTestId('tab-library').click();
      await page.getByTestId('article-row').first().click();
      await page.getByTestId('reader').waitFor();
    },
    expect: ['header.toolbar', '[data-testid="reader"]'],
  },
  {
    name: 'annotations',
    enter: async () => {
      // Narrow windows start with the panel closed: open it wherever it is closed.
      if ((await page.getByTestId('annotation-panel').count()) === 0) await page.getByTestId('panel-toggle').click();
      await page.getByTestId('annotation-panel').waitFor();
    },
    expect: ['[data-testid="annotation-panel"]'],
  },
  {
    name: 'search',
    enter: async () => {
      if ((await page.getByTestId('search-input').count()) === 0) await page.getByTestId('open-search').click();
      await page.getByTestId('search-input').fill('人工智能');
      await page.getByTestId('search-panel').waitFor();
    },
    expect: ['[data-testid="search-panel"]', '[data-testid="reader"]'],
  },
  {
    name: 'notebook',
    enter: async () => {
      await page.getByTestId('tab-notebook').click();
      await page.getByTestId('notebook-list').waitFor();
    },
    expect: ['[data-testid="notebook-list"]'],
  },
  {
    name: 'details',
    enter: async () => {
      if ((await page.getByTestId('meta-editor').count()) === 0) {
        await page.getByTestId('tab-library').click();
        await page.getByTestId('edit-meta').click();
      }
      await page.getByTestId('meta-editor').waitFor();
    },
    expect: ['.dialog', '.dialog-actions button'],
  },
  {
    name: 'composer',
    enter: async () => {
      if ((await page.getByTestId('meta-editor').count()) > 0) await page.keyboard.press('Escape');
      await page.getByTestId('meta-editor').waitFor({ state: 'detached' });
      await page.getByTestId('tab-briefings').click();
      if ((await page.getByTestId('brief-title').count()) === 0) {
        await page.getByTestId('brief-new').first().click();
        await page.getByTestId('brief-title').fill('窗口尺寸检查');
      }
      const more = page.getByTestId('brief-header-more');
      await expect
        .poll(async () => {
          if ((await more.getAttribute('aria-expanded')) !== 'true') await more.click();
          return more.getAttribute('aria-expanded');
        })
        .toBe('true');
    },
    expect: ['.brief-composer', '.brief-side', '[data-testid="brief-export-button"]'],
  },
  {
    name: 'picker',
    enter: async () => {
      if ((await page.getByTestId('brief-picker-add').count()) === 0) await page.getByTestId('brief-add-highlights').click();
      await page.getByTestId('brief-picker-add').waitFor();
    },
    expect: ['.brief-composer', '[data-testid="brief-picker-add"]'],
  },
];

describe('the window fits from the minimum size up', () => {
  for (const locale of ['zh-CN', 'en'] as const) {
    it(`every view, at ${SIZES.map((s) => `${s.width}×${s.height}`).join(', ')}, in ${locale}`, async () => {
      page = await browser.newPage({ viewport: SIZES.at(-1)!, locale });
      await page.goto(app.url);
      await page.getByTestId('article-row').first().waitFor();
      await useLanguage(locale);
      for (const view of VIEWS) {
        for (const size of SIZES) {
          await page.setViewportSize(size);
          await expect.poll(() => page.evaluate(() => [innerWidth, innerHeight])).toEqual([size.width, size.height]);
          // The app follows the resize in the next frames (container queries, the panel closing on a narrow window).
          await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
          await view.enter();
          await animationsSettled(page);
          const label = `${view.name} ${locale} ${size.width}×${size.height}`;
          await page.screenshot({ path: join(shots, `${view.name}-${locale}-${size.width}x${size.height}.png`) });
          const fit = await measure(page);
          expect({ label, page: fit.scroll }).toEqual({ label, page: fit.window });
          expect({ label, escaped: fit.escaped }).toEqual({ label, escaped: [] });
          expect({ label, cut: fit.cut }).toEqual({ label, cut: [] });
          for (const key of view.expect)
            expect(
              Object.keys(fit.panels).some((k) => k.startsWith(`${key}#`)),
              `${label}: ${key} shown`,
            ).toBe(true);
          const outside = Object.entries(fit.panels)
            .filter(([, fits]) => !fits)
            .map(([key]) => key);
          expect({ label, outside }).toEqual({ label, outside: [] });
        }
      }
      await page.close();
    }, 120_000);
  }
});
