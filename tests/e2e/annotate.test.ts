/**
 * End to end in Chromium against browser mode: highlight the sample article
 * with the mouse, annotate it, survive a reload and a text correction inside
 * the highlight, undo/redo from the keyboard, and paint many overlapping
 * highlights (screenshot `reader-overlapping-highlights`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { launchBrowser, SAMPLE, screenshot, startApp, type App, animationsSettled } from './harness';
import { annotationIds, apiCall, dragSelect, highlightText } from '../support/page-helpers';
import { describeRange } from '../../src-main/common/anchoring/describe';

let app: App;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  app = await startApp(); // a fresh library: serve seeds the sample article
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const PASSAGE = '我国人工智能核心产业规模达到5000亿元';

describe('annotating the sample article in the browser', () => {
  let firstId = '';

  it('opens the seeded sample with an empty annotation panel', async () => {
    await page.goto(app.url);
    const reader = page.getByTestId('reader');
    await expect.poll(() => reader.locator('h1').textContent()).toBe('推动32个重大产业项目签约，项目投资总额288亿元');
    await expect.poll(() => page.getByTestId('annotation-panel').textContent()).toContain('还没有标注');
    // The benchmark mark is set once the article has painted with its highlights.
    await expect.poll(() => page.evaluate(() => performance.getEntriesByName('bd:article-painted').length)).toBeGreaterThan(0);
  });

  it('highlights a passage selected with the mouse', async () => {
    const range = await dragSelect(page, PASSAGE);
    expect(await page.evaluate(() => window.getSelection()?.toString())).toBe(PASSAGE);
    await page.getByTestId('tb-color-figure').click();
    await expect.poll(() => page.getByTestId('annotation-card').count()).toBe(1);
    [firstId] = await annotationIds(page);
    expect(await highlightText(page, firstId)).toBe(PASSAGE);
    const mark = page.locator(`mark[data-annotation-id="${firstId}"]`);
    expect(await mark.getAttribute('class')).toContain('hl-figure');
    // The panel shows the quote; the offsets are those of the passage in the canonical text.
    expect(await page.getByTestId('card-quote').first().textContent()).toBe(PASSAGE);
    const [article] = (await apiCall(page, 'listArticles', {})) as { id: string }[];
    const stored = (await apiCall(page, 'listAnnotations', { articleId: article.id })) as {
      target: { selector: [{ exact: string }, { start: number; end: number }] };
    }[];
    expect(stored[0].target.selector[0].exact).toBe(PASSAGE);
    expect(stored[0].target.selector[1]).toMatchObject({ start: range.start, end: range.end });
  });

  it('adds a Markdown note from the highlight toolbar', async () => {
    await page.locator(`mark[data-annotation-id="${firstId}"]`).first().click();
    await expect.poll(() => page.getByTestId('selection-toolbar').getAttribute('data-mode')).toBe('highlight');
    await animationsSettled(page);
    await screenshot(page, 'reader-highlight-toolbar');
    await page.getByTestId('tb-note').click();
    const input = page.getByTestId('note-input');
    await input.waitFor();
    await input.fill('**核心产业规模**：与上年相比需核对口径。\n\n- 来源：大会发布');
    await screenshot(page, 'reader-note-editor');
    await page.getByTestId('note-save').click();
    const note = page.getByTestId('card-note-text').first();
    await expect.poll(() => note.innerHTML()).toContain('<strong>核心产业规模</strong>');
    expect(await note.innerHTML()).toContain('<li>来源：大会发布</li>');
    // A note marker shows at the end of the highlight.
    await expect.poll(() => page.locator('mark.hl-note-end').count()).toBe(1);
  });

  it('keeps the highlight and the note after a reload', async () => {
    await page.reload();
    await expect.poll(() => page.getByTestId('annotation-card').count()).toBe(1);
    expect(await highlightText(page, firstId)).toBe(PASSAGE);
    expect(await page.getByTestId('card-note-text').first().innerHTML()).toContain('<strong>核心产业规模</strong>');
  });

  it('keeps the highlight when a word inside it is corrected through the edit-text mode', async () => {
    await page.getByTestId('edit-text-toggle').click();
    const para = page.locator('p.blk-paragraph', { hasText: PASSAGE });
    await para.click();
    const editor = page.getByTestId('block-editor-input');
    await editor.waitFor();
    const before = await editor.inputValue();
    expect(before).toContain(PASSAGE);
    await editor.fill(before.replace('核心产业规模', '核心产业总规模'));
    await editor.press('Enter');
    await expect.poll(() => page.getByTestId('reader-notice').textContent()).toContain('0 条无法定位');
    await page.getByTestId('edit-text-toggle').click();
    // The highlight is still there and now covers the corrected words.
    await expect.poll(() => highlightText(page, firstId)).toBe('我国人工智能核心产业总规模达到5000亿元');
    expect(await page.getByTestId('orphans').count()).toBe(0);
    // And after a reload, too.
    await page.reload();
    await expect.poll(() => highlightText(page, firstId)).toBe('我国人工智能核心产业总规模达到5000亿元');
    await screenshot(page, 'reader-after-text-edit');
  });

  it('highlights with the number keys and undoes / redoes with the keyboard', async () => {
    await dragSelect(page, '智能芯片、开发框架等创新成果不断涌现');
    await page.keyboard.press('4');
    await expect.poll(() => page.getByTestId('annotation-card').count()).toBe(2);
    const id = (await annotationIds(page)).find((x) => x !== firstId)!;
    expect(await page.locator(`mark[data-annotation-id="${id}"]`).first().getAttribute('class')).toContain('hl-risk');
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('annotation-card').count()).toBe(1);
    expect(await page.locator(`mark[data-ids~="${id}"]`).count()).toBe(0);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => page.getByTestId('annotation-card').count()).toBe(2);
    expect(await highlightText(page, id)).toBe('智能芯片、开发框架等创新成果不断涌现');
    // Delete removes the focused highlight; undo brings it back with the same id.
    await page.locator(`mark[data-annotation-id="${id}"]`).first().click();
    await page.keyboard.press('Delete');
    await expect.poll(() => page.getByTestId('annotation-card').count()).toBe(1);
    await page.keyboard.press('Control+z');
    await expect.poll(() => highlightText(page, id)).toBe('智能芯片、开发框架等创新成果不断涌现');
  });

  it('paints many overlapping and nested highlights, each still clickable', async () => {
    const sel = async (from: string, to: string, key: string, occurrence = 0) => {
      await dragSelect(page, from, to, occurrence);
      const count = await page.getByTestId('annotation-card').count();
      await page.keyboard.press(key);
      await expect.poll(() => page.getByTestId('annotation-card').count()).toBe(count + 1);
    };
    // Overlapping runs in the first body paragraph…
    await sel('1400余名嘉宾参会', '展览面积超过5万平方米', '1');
    await sel('参展企业超400家', '共计举办133场主题论坛', '3');
    await sel('5万平方米', '5万平方米', '5');
    await sel('133场', '133场', '2');
    await sel('线下参观人数突破17.7万人次', '均创历史新高', '4');
    await sel('参观人数', '参观人数', '5');
    // …and one that spans a paragraph, a section heading and the next paragraph.
    await sel('以更大力度推动人工智能健康发展。', '当前，我国人工智能', '3', 1);
    const ids = await annotationIds(page);
    expect(ids.length).toBe(9);

    // Nested: the innermost highlight owns the click.
    const inner = page.locator('mark', { hasText: /^133场$/ }).first();
    const innerId = await inner.getAttribute('data-annotation-id');
    expect((await inner.getAttribute('data-ids'))!.split(' ').length).toBeGreaterThanOrEqual(2);
    await inner.click();
    expect(await page.locator('.annot-card.selected').getAttribute('data-annotation-id')).toBe(innerId);
    // The spanning highlight is painted in three blocks, the heading among them.
    const spanning = ids.find((id) => id !== firstId) && (await page.locator('h2.blk-heading mark.hl').first().getAttribute('data-annotation-id'));
    expect(spanning).toBeTruthy();
    expect(await page.locator(`[data-start] mark[data-ids~="${spanning}"]`).evaluateAll((ms) => new Set(ms.map((m) => m.closest('[data-start]'))).size)).toBe(
      3,
    );

    await page.keyboard.press('Escape');
    await page.evaluate(() => {
      (document.activeElement as HTMLElement | null)?.blur();
      document.querySelector('.reader-scroll')!.scrollTo({ top: 230 });
    });
    await page
      .locator('.reader-notice .notice-close')
      .click()
      .catch(() => undefined);
    await page.mouse.move(5, 5);
    const shot = await screenshot(page, 'reader-overlapping-highlights');
    expect(shot).toMatch(/reader-overlapping-highlights\.png$/);

    // The toolbar at a selection that starts inside existing highlights.
    await dragSelect(page, '展览面积超过5万平方米，共计举办133场主题论坛，线下参观人数');
    await animationsSettled(page); // the toolbar fades in
    await screenshot(page, 'reader-selection-toolbar');
    await page.keyboard.press('Escape');
  });

  it('filters the panel by colour and shows the highlight toolbar for a focused highlight', async () => {
    await page.getByTestId('filter-verify').click();
    await expect.poll(() => page.getByTestId('annotation-card').count()).toBe(2);
    await page.getByTestId('filter-verify').click();
    await expect.poll(() => page.getByTestId('annotation-card').count()).toBe(9);
    // Clicking a card scrolls to its highlight and flashes it.
    await page.getByTestId('card-quote').first().click();
    await expect.poll(() => page.locator('mark.hl-flash').count()).toBeGreaterThan(0);
  });

  it('turns a highlight whose words were rewritten into an orphan, and re-attaches it to a new selection', async () => {
    const before = await page.getByTestId('annotation-card').count();
    await page.getByTestId('edit-text-toggle').click();
    await page.locator('p.blk-paragraph', { hasText: '智能芯片、开发框架等创新成果不断涌现' }).click();
    const editor = page.getByTestId('block-editor-input');
    await editor.fill((await editor.inputValue()).replace('智能芯片、开发框架等创新成果不断涌现', '新型算力与基础软件层出不穷'));
    await screenshot(page, 'reader-edit-mode');
    await page.getByTestId('block-editor-save').click();
    await expect.poll(() => page.getByTestId('reader-notice').textContent()).toContain('1 条无法定位');
    await page.getByTestId('edit-text-toggle').click();
    const orphan = page.getByTestId('orphan-card');
    await expect.poll(() => orphan.count()).toBe(1);
    expect(await orphan.textContent()).toContain('智能芯片、开发框架等创新成果不断涌现');
    expect(await page.getByTestId('annotation-card').count()).toBe(before - 1);
    await orphan.scrollIntoViewIfNeeded();
    await screenshot(page, 'reader-orphans');

    await dragSelect(page, '新型算力与基础软件层出不穷');
    await orphan.getByTestId('orphan-reattach').click();
    await expect.poll(() => page.getByTestId('orphan-card').count()).toBe(0);
    expect(await page.getByTestId('annotation-card').count()).toBe(before);
    expect(await page.locator('mark.hl', { hasText: '新型算力与基础软件层出不穷' }).count()).toBe(1);
  });

  it('adds checked highlights to a new briefing from the panel', async () => {
    const checks = page.getByTestId('annotation-check');
    await checks.nth(0).check();
    await checks.nth(1).check();
    await page.getByTestId('add-to-briefing').click();
    const dialog = page.getByTestId('briefing-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('briefing-new').check();
    await dialog.getByTestId('briefing-new-title').fill('人工智能大会要点');
    await screenshot(page, 'reader-add-to-briefing');
    await dialog.getByTestId('briefing-add').click();
    await expect.poll(() => page.getByTestId('reader-notice').textContent()).toContain('已将 2 条标注加入《人工智能大会要点》');
    const briefings = (await apiCall(page, 'listBriefings', {})) as { title: string }[];
    expect(briefings.map((b) => b.title)).toContain('人工智能大会要点');
  });

  it('works in English too', async () => {
    await page.getByTestId('toggle-language').click();
    expect(await page.getByTestId('panel-toggle').textContent()).toContain('Annotations');
    expect(await page.getByTestId('filter-key').textContent()).toContain('Key point');
    await dragSelect(page, '开放共建、合作共赢');
    expect(await page.getByTestId('tb-color-verify').getAttribute('aria-label')).toBe('To verify (key 5)');
    await animationsSettled(page);
    await screenshot(page, 'reader-english');
    await page.keyboard.press('Escape');
    await page.getByTestId('toggle-language').click();
  });

  it('opens a 30,000-character article with 500 highlights quickly and paints them', async () => {
    // Build a long article from the sample's body paragraphs.
    const paragraphs = readFileSync(SAMPLE, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('\u3000\u3000') && l.length > 60);
    const lines: string[] = [];
    for (let i = 0; lines.join('\n').length < 30_600; i++) lines.push(paragraphs[i % paragraphs.length]);
    const { id } = (await apiCall(page, 'importText', { text: `大型测试文章：五百条标注\n\n${lines.join('\n')}` })) as { id: string };
    const article = (await apiCall(page, 'getArticle', { id })) as { text: string };
    expect(article.text.length).toBeGreaterThanOrEqual(30_000);
    // 500 overlapping highlights in one call (importAnnotations reads our JSON export format).
    const colors = ['key', 'figure', 'policy', 'risk', 'verify'] as const;
    const stamp = new Date().toISOString();
    const annotations = Array.from({ length: 500 }, (_, i) => {
      const start = (i * 59) % (article.text.length - 400);
      const end = start + 8 + ((i * 37) % 90);
      return {
        id: `hbulk${String(i).padStart(5, '0')}`,
        articleId: id,
        target: { selector: describeRange(article.text, start, end) },
        color: colors[i % 5],
        note: i % 9 === 0 ? `第${i}条` : '',
        tags: [],
        created: stamp,
        modified: stamp,
      };
    });
    const report = (await apiCall(page, 'importAnnotations', { content: JSON.stringify(annotations) })) as { placed: number };
    expect(report.placed).toBe(500);
    await page.reload();
    await page.getByTestId('article-row').filter({ hasText: '大型测试文章' }).waitFor();
    // The app opens the newest article (this one) by itself: open another first, so the click below opens it afresh.
    await page.getByTestId('article-row').filter({ hasNotText: '大型测试文章' }).first().click();
    await expect.poll(() => page.locator('article.article-body .blk-title').first().textContent()).not.toContain('大型测试文章');
    await page.evaluate(() => performance.mark('test:open'));
    await page.getByTestId('article-row').filter({ hasText: '大型测试文章' }).click();
    const ms = await expect
      .poll(
        () =>
          page.evaluate((articleId) => {
            const open = performance.getEntriesByName('test:open').at(-1)!;
            const painted = performance
              .getEntriesByName('bd:article-painted')
              .find((e) => (e as PerformanceMark).detail?.articleId === articleId && e.startTime > open.startTime);
            return painted ? painted.startTime - open.startTime : null;
          }, id),
        { timeout: 15_000 },
      )
      .not.toBeNull()
      .then(() =>
        page.evaluate((articleId) => {
          const open = performance.getEntriesByName('test:open').at(-1)!;
          const painted = performance
            .getEntriesByName('bd:article-painted')
            .find((e) => (e as PerformanceMark).detail?.articleId === articleId && e.startTime > open.startTime)!;
          return painted.startTime - open.startTime;
        }, id),
      );
    const marks = await page.locator('article.article-body mark.hl').count();
    console.log(`30k chars / 500 highlights: painted ${ms.toFixed(0)} ms after the click, ${marks} highlight segments`);
    expect(marks).toBeGreaterThan(500);
    expect(ms).toBeLessThan(3000);
    await expect.poll(() => page.getByTestId('annotation-card').count()).toBe(500);

    // Adding one more repaints quickly.
    const t0 = Date.now();
    await dragSelect(page, '大型测试文章');
    await page.keyboard.press('1');
    await expect.poll(() => page.getByTestId('annotation-count').textContent()).toBe('501');
    const addMs = Date.now() - t0;
    console.log(`adding a highlight to it took ${addMs} ms (including the mouse selection)`);
    expect(addMs).toBeLessThan(3000);
    await page.evaluate(() => document.querySelector('.reader-scroll')!.scrollTo({ top: 1200 }));
    await screenshot(page, 'reader-500-highlights');
  });
});
