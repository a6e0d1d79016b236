/**
 * End to end in Chromium against browser mode: the saved theme is there from
 * the first frame. With "dark" saved (and a light system), every frame from
 * the first one on — while the preferences are still on their way, before
 * the app has rendered — has the dark background and `data-theme="dark"`;
 * with "light" saved and a dark system, every frame is light; with
 * "system" and a dark system, the page is dark before the app has decided.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startApp, type App } from './harness';
import { apiCall } from '../support/page-helpers';

let app: App;
let browser: Browser;
const DARK = 'rgb(21, 23, 27)';
const LIGHT = 'rgb(246, 245, 241)';

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

interface Frame {
  theme: string | null;
  background: string;
  mounted: boolean;
}

/**
 * Opens the app in a fresh page with the system set to `scheme`, holding the
 * preferences answer until a few frames have been drawn, and returns what
 * every animation frame showed until the app was on screen.
 */
async function framesOnStart(scheme: 'light' | 'dark'): Promise<{ page: Page; frames: Frame[] }> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 700 }, locale: 'zh-CN', colorScheme: scheme });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const frames: Frame[] = [];
    (window as unknown as { __frames: Frame[] }).__frames = frames;
    const record = () => {
      const root = document.documentElement;
      if (root && document.body) {
        frames.push({
          theme: root.getAttribute('data-theme'),
          background: getComputedStyle(document.body).backgroundColor,
          mounted: !!document.querySelector('[data-testid=article-row]'),
        });
      }
      if (!frames.some((f) => f.mounted)) requestAnimationFrame(record);
    };
    requestAnimationFrame(record);
  });
  // A slow library: the preferences arrive only after several frames were drawn without them.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route('**/api/getPreferences', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(app.url);
  await page.waitForFunction(() => (window as unknown as { __frames: Frame[] }).__frames.length >= 5);
  release();
  await page.getByTestId('article-row').first().waitFor();
  await page.waitForFunction(() => (window as unknown as { __frames: Frame[] }).__frames.some((f) => f.mounted));
  const frames = await page.evaluate(() => (window as unknown as { __frames: Frame[] }).__frames);
  return { page, frames };
}

async function saveTheme(theme: 'system' | 'light' | 'dark') {
  const page = await browser.newPage();
  await page.goto(app.url);
  await apiCall(page, 'setPreferences', { preferences: { theme } });
  await page.close();
}

describe('the saved theme on start', () => {
  it('dark saved, light system: dark from the first frame to the app on screen', async () => {
    await saveTheme('dark');
    const { page, frames } = await framesOnStart('light');
    expect(frames.length).toBeGreaterThanOrEqual(5);
    for (const frame of frames) expect(frame).toMatchObject({ theme: 'dark', background: DARK });
    await page.context().close();
  });

  it('light saved, dark system: light from the first frame', async () => {
    await saveTheme('light');
    const { page, frames } = await framesOnStart('dark');
    for (const frame of frames) expect(frame).toMatchObject({ theme: 'light', background: LIGHT });
    await page.context().close();
  });

  it('system saved, dark system: dark before the app decides, then data-theme="dark"', async () => {
    await saveTheme('system');
    const { page, frames } = await framesOnStart('dark');
    for (const frame of frames) expect(frame.background).toBe(DARK);
    expect(frames.at(-1)!.theme).toBe('dark');
    await page.context().close();
  });
});
