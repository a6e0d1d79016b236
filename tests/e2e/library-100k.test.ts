/**
 * End to end in Chromium against browser mode, on a generated library of
 * 100,000 articles (bench/library-generator.ts: the importer's blocks, the
 * store's file kinds) plus one article of 30,000 characters with 500
 * highlights: the window opens on the first page of the list, and clicking
 * an article — a short one, the long one with its highlights — paints it.
 * The paint time is measured by `npm run bench` against its target; here it
 * is only held to a loose bound, so the test checks behaviour on a loaded
 * machine, not speed.
 *
 * The library is generated once per checkout and generator version into the
 * temp folder (about a minute) and reused by later runs; only derived files
 * (search index, backups) change in it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, root, SAMPLE, screenshot, startApp, type App } from './harness';
import { generateLibrary, GENERATOR_VERSION } from '../../bench/library-generator';
import { Core } from '../../src-main/core/core';
import { describeRange } from '../../src-main/common/anchoring/describe';
import { COLOR_KEYS } from '../../src-main/common/model';
import type { Annotation } from '../../src-main/common/annotation';
import { seededRandom, syntheticCorpus } from '../../bench/search/bench-corpus';

const COUNT = 100_000;
const LONG_TITLE = '长文（三万字，500条批注）';
/** Loose on purpose: the target (300 ms) is the bench's; this only catches a reader that no longer paints in reasonable time. */
const PAINT_BOUND_MS = 8_000;

let library: string;
let app: App;
let browser: Browser;
let page: Page;

/** The cached library of this checkout, generated when missing (in a temp folder, renamed into place when whole). */
async function cachedLibrary(): Promise<string> {
  const key = createHash('sha256').update(root).digest('hex').slice(0, 10);
  const dir = join(tmpdir(), `bd-e2e-library-${COUNT}-v${GENERATOR_VERSION}-${key}`);
  if (existsSync(join(dir, '.complete'))) return dir;
  await fs.rm(dir, { recursive: true, force: true });
  const building = `${dir}.building-${process.pid}`;
  await fs.rm(building, { recursive: true, force: true });
  await generateLibrary(building, { articles: COUNT, seed: 16, minChars: 120, maxChars: 400, sources: [readFileSync(SAMPLE, 'utf8')] });
  // The long article, as a user imports it, and its highlights as fixture data.
  const core = await Core.open({ dir: building, host: 'cli', seedSample: false, searchIndex: 'lazy' });
  try {
    const [long] = syntheticCorpus({ articles: 1, minChars: 30_000, maxChars: 30_000, seed: 99, sources: [readFileSync(SAMPLE, 'utf8')] });
    const entry = await core.api.importText({ text: long.text, title: LONG_TITLE });
    const { text } = await core.api.getArticle({ id: entry.id });
    const random = seededRandom(5);
    const now = new Date().toISOString();
    const annotations: Annotation[] = [];
    for (let k = 0; k < 500; k++) {
      const start = Math.floor(random() * (text.length - 80));
      const end = start + 5 + Math.floor(random() * 70);
      annotations.push({
        id: `hlong${k}`,
        articleId: entry.id,
        target: { selector: describeRange(text, start, end) },
        color: COLOR_KEYS[k % 5],
        note: k % 5 === 0 ? '注' : '',
        tags: [],
        created: now,
        modified: now,
      });
    }
    await fs.writeFile(join(core.store.articleDir(entry.id), 'annotations.json'), JSON.stringify({ schemaVersion: 1, articleId: entry.id, annotations }));
  } finally {
    await core.close();
  }
  await fs.writeFile(join(building, '.complete'), String(COUNT));
  await fs.rename(building, dir);
  return dir;
}

beforeAll(async () => {
  library = await cachedLibrary();
  app = await startApp({ library });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' });
  await page.goto(app.url);
  await page.getByTestId('article-row').first().waitFor({ timeout: 60_000 });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const rows = () => page.getByTestId('article-row');

/** Clicks the row and returns ms from the click until the reader marked the article painted (`bd:article-painted`). */
async function clickUntilPainted(row: ReturnType<Page['locator']>): Promise<{ ms: number; articleId: string; highlights: number }> {
  const id = (await row.getAttribute('id'))!.replace('article-', '');
  await page.evaluate(() => performance.clearMarks('bd:article-painted'));
  const t0 = await page.evaluate(() => performance.now());
  await row.click();
  const handle = await page.waitForFunction(
    (wanted) => {
      const mark = performance.getEntriesByName('bd:article-painted').find((m) => (m as PerformanceMark).detail?.articleId === wanted) as
        PerformanceMark | undefined;
      return mark ? { at: mark.startTime, highlights: mark.detail.highlights as number } : null;
    },
    id,
    { timeout: 60_000 },
  );
  const { at, highlights } = (await handle.jsonValue())!;
  return { ms: at - t0, articleId: id, highlights };
}

describe('a library of 100,000 articles', () => {
  it('opens on the first page of the list, counting every article', async () => {
    await expect.poll(() => page.getByTestId('library-count').textContent(), { timeout: 30_000 }).toBe('100,001 篇文章');
    expect(await rows().count()).toBeLessThan(100);
    // Newest first: the long article was added last.
    expect(await rows().first().locator('.row-title').textContent()).toBe(LONG_TITLE);
  });

  it('paints a short article and the 30,000-character one with its 500 highlights within the loose bound', async () => {
    const short = await clickUntilPainted(rows().nth(3));
    expect(short.ms).toBeLessThan(PAINT_BOUND_MS);
    const shortTitle = await rows().nth(3).locator('.row-title').textContent();
    await expect.poll(() => page.getByTestId('reader').locator('h1').textContent()).toBe(shortTitle);

    const long = await clickUntilPainted(rows().first());
    expect(long.highlights).toBe(500);
    expect(long.ms).toBeLessThan(PAINT_BOUND_MS);
    expect((await page.locator('article.article-body').textContent())!.length).toBeGreaterThan(29_000);
    const painted = await page.evaluate(
      () => new Set([...document.querySelectorAll('article.article-body mark[data-ids]')].flatMap((m) => m.getAttribute('data-ids')!.split(' '))).size,
    );
    expect(painted).toBe(500);
    await screenshot(page, 'library-100k-long-article');
  });
});
