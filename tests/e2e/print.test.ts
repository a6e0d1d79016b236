/**
 * End to end in Chromium against browser mode: printing an article.
 * Ctrl+P in the reader prints (window.print), and the print stylesheet lays
 * out the article alone — no toolbar, library, panel — with or without its
 * highlights and notes as chosen (the page printed to PDF by Chromium and
 * read back with pdftotext). "Export as PDF" in the reader's print menu goes
 * through core's print engine and saves a PDF holding the text and the
 * notes; the CLI's `export-article` writes the same.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, root, screenshot, startApp, type App } from './harness';
import { apiCall } from '../support/page-helpers';

let app: App;
let browser: Browser;
let page: Page;
let sampleId = '';
const work = mkdtempSync(join(tmpdir(), 'bd-e2e-print-'));

const TITLE = '推动32个重大产业项目签约，项目投资总额288亿元';
const NOTE = '规模口径需与统计局核对';

beforeAll(async () => {
  app = await startApp({ library: join(work, 'library') }); // a new folder: serve seeds the sample article
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
  await page.addInitScript(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => void ((window as unknown as { printed: number }).printed += 1);
  });
  await page.goto(app.url);
  await page.getByTestId('reader').locator('h1', { hasText: TITLE }).waitFor();
  [{ id: sampleId }] = (await apiCall(page, 'listArticles', {})) as { id: string }[];
  const text = ((await apiCall(page, 'getArticle', { id: sampleId })) as { text: string }).text;
  const at = text.indexOf('我国人工智能核心产业规模达到5000亿元');
  await apiCall(page, 'createAnnotation', { articleId: sampleId, start: at, end: at + 19, color: 'figure', note: NOTE });
  await page.reload();
  await page.getByTestId('annotation-card').waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  rmSync(work, { recursive: true, force: true });
});

const pdfText = (bytes: Buffer, name: string) => {
  const path = join(work, name);
  writeFileSync(path, bytes);
  return execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
};
const flat = (s: string) => s.replace(/\s+/g, '');

async function chooseInclude(value: 'none' | 'highlights' | 'notes') {
  await page.getByTestId('reading-settings').click();
  await page.getByTestId(`print-include-${value}`).click();
  await page.keyboard.press('Escape');
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset.printAnnotations)).toBe(value);
}

describe('printing an article', () => {
  it('prints with Ctrl+P', async () => {
    await page.getByTestId('reader').locator('h1').click();
    await page.keyboard.press('Control+p');
    await expect.poll(() => page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
  });

  it('lays out the article alone on paper, with its highlights', async () => {
    await page.emulateMedia({ media: 'print' });
    try {
      expect(await page.getByTestId('library-sidebar').isVisible()).toBe(false);
      expect(await page.getByTestId('annotation-panel').isVisible()).toBe(false);
      expect(await page.locator('.toolbar').isVisible()).toBe(false);
      expect(await page.locator('.reader-bar').isVisible()).toBe(false);
      expect(await page.getByTestId('reader').locator('h1').isVisible()).toBe(true);
      expect(
        await page
          .locator('mark.hl')
          .first()
          .evaluate((el) => getComputedStyle(el).backgroundColor),
      ).not.toBe('rgba(0, 0, 0, 0)');
      await screenshot(page, 'print-article-media');
    } finally {
      await page.emulateMedia({ media: null });
    }
    const text = pdfText(await page.pdf({ format: 'A4' }), 'page.pdf');
    expect(flat(text)).toContain(flat(TITLE));
    expect(text).not.toContain('导入文件');
    expect(text).not.toContain('全部标签');
    expect(flat(text)).not.toContain(NOTE);
  });

  it('adds the notes when asked, and leaves the highlights out when asked', async () => {
    await chooseInclude('notes');
    const text = pdfText(await page.pdf({ format: 'A4' }), 'notes.pdf');
    expect(flat(text)).toContain(NOTE);
    await chooseInclude('none');
    await page.emulateMedia({ media: 'print' });
    try {
      await expect
        .poll(() =>
          page
            .locator('mark.hl')
            .first()
            .evaluate((el) => getComputedStyle(el).backgroundColor),
        )
        .toBe('rgba(0, 0, 0, 0)');
    } finally {
      await page.emulateMedia({ media: null });
    }
    await chooseInclude('notes');
  });

  it('exports the article as PDF from the print menu, through the print engine', async () => {
    await page.getByTestId('print-menu').click();
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId('export-article-pdf').click()]);
    expect(download.suggestedFilename()).toBe(`2023-07-10 ${TITLE}.pdf`);
    const path = join(work, 'exported.pdf');
    await download.saveAs(path);
    const text = flat(pdfText(readFileSync(path), 'exported-copy.pdf'));
    expect(text).toContain(flat(TITLE));
    expect(text).toContain(NOTE);
    expect(text).toContain('批注');
    await expect.poll(() => page.getByTestId('reader-notice').textContent()).toContain('已导出');
  });

  it('exports the same from the command line', async () => {
    await app.stop(); // one process writes a library at a time
    const out = join(work, 'cli.pdf');
    const json = execFileSync(
      process.execPath,
      [
        join(root, 'out', 'main', 'cli.js'),
        'export-article',
        sampleId,
        '--format',
        'pdf',
        '--annotations',
        'notes',
        '--out',
        out,
        '--json',
        '--library',
        app.library,
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, BRIEFING_DESK_LIBRARY: '' },
      },
    );
    expect(JSON.parse(json)).toMatchObject({ path: out, format: 'pdf', annotations: 'notes' });
    const text = flat(pdfText(readFileSync(out), 'cli-copy.pdf'));
    expect(text).toContain(flat(TITLE));
    expect(text).toContain(NOTE);
  });
});
