/**
 * End to end in Chromium against browser mode: Backup and Restore from the
 * toolbar, driven with the keyboard. Back up (a progress bar, then where it
 * went), lose an article and a highlight, restore from the backup: they come
 * back with their ids, a highlight changed since the backup keeps its newer
 * note, and what was not taken is listed. A hostile archive chosen as a file
 * is refused in Chinese and changes nothing.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yazl from 'yazl';
import type { Browser, Page } from 'playwright-core';
import { animationsSettled, launchBrowser, screenshot, startApp, type App } from './harness';
import { apiCall, highlightQuote, importText, openAppPage } from '../support/page-helpers';

let app: App;
let browser: Browser;
let page: Page;
const files = mkdtempSync(join(tmpdir(), 'bd-e2e-backup-'));
const ids: Record<string, string> = {};
const notes: Record<string, string> = {};

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  page = await openAppPage(browser, app.url);
  ids.grain = await importText(page, '夏粮再获丰收\n\n全国夏粮总产量达到2923亿斤，比上年增加37.2亿斤。');
  ids.energy = await importText(page, '新能源汽车出口增长\n\n上半年新能源汽车出口增长41%，充电网络覆盖所有县城。');
  notes.harvest = await highlightQuote(page, ids.grain, '2923亿斤', { note: '夏粮总产量' });
  notes.export = await highlightQuote(page, ids.energy, '出口增长41%', { note: '旧批注' });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  rmSync(`${app.library}-backups`, { recursive: true, force: true });
  rmSync(files, { recursive: true, force: true });
});

describe('backup and restore in the app', () => {
  it('backs up the library from the toolbar with the keyboard, with progress, and says where', async () => {
    await page.getByTestId('backup-menu').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('backup-now').waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.toast', { hasText: '已备份' }).count(), { timeout: 20_000 }).toBe(1);
    const text = await page.locator('.toast', { hasText: '已备份' }).textContent();
    expect(text).toContain('3 篇文章');
    expect(text).toContain(`${app.library}-backups`);
  });

  it('restores what was lost, keeps what is newer, and lists what it skipped', async () => {
    await apiCall(page, 'deleteArticle', { id: ids.grain });
    await apiCall(page, 'updateAnnotation', { articleId: ids.energy, id: notes.export, note: '备份之后改过的批注' });
    await page.getByTestId('backup-menu').click();
    await page.getByTestId('backup-restore').click();
    await page.getByTestId('restore-dialog').waitFor();
    await expect.poll(() => page.getByTestId('restore-choice').count()).toBe(1);
    await animationsSettled(page);
    await screenshot(page, 'restore-dialog-1400');
    await page.getByTestId('restore-run').click();
    await page.getByTestId('restore-result').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('restore-result').textContent()).toContain('已加回 1 篇文章、1 条划线');
    expect(await page.getByTestId('restore-skipped').textContent()).toContain(`articles/${ids.energy}/annotations.json`);
    await animationsSettled(page);
    await screenshot(page, 'restore-result-1400');
    await page.getByTestId('restore-close').click();
    // The article is back under its id, in the list; the newer note was kept.
    await expect.poll(() => page.getByTestId('article-row').filter({ hasText: '夏粮再获丰收' }).count()).toBe(1);
    const back = (await apiCall(page, 'listAnnotations', { articleId: ids.grain })) as { id: string; note: string }[];
    expect(back.map((a) => [a.id, a.note])).toEqual([[notes.harvest, '夏粮总产量']]);
    const kept = (await apiCall(page, 'listAnnotations', { articleId: ids.energy })) as { id: string; note: string }[];
    expect(kept.find((a) => a.id === notes.export)?.note).toBe('备份之后改过的批注');
  });

  it('refuses a hostile archive and random bytes in Chinese, naming the chosen file, and changes nothing', async () => {
    const zip = new yazl.ZipFile();
    zip.addBuffer(Buffer.from('{}'), 'articles/abc123/payload.exe');
    zip.end();
    const chunks: Buffer[] = [];
    for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
    const hostile = join(files, '来历不明.zip');
    writeFileSync(hostile, Buffer.concat(chunks));
    const corrupt = join(files, 'corrupt.zip');
    writeFileSync(corrupt, randomBytes(3000));
    const before = await apiCall(page, 'queryArticles', { limit: 0 });
    await page.getByTestId('backup-menu').click();
    await page.getByTestId('backup-restore').click();
    await page.getByTestId('restore-dialog').waitFor();
    for (const [path, name] of [
      [hostile, '来历不明.zip'],
      [corrupt, 'corrupt.zip'],
    ]) {
      await page.getByTestId('restore-file').setInputFiles(path);
      await page.getByTestId('restore-run').click();
      await expect
        .poll(() =>
          page
            .getByTestId('restore-error')
            .textContent()
            .catch(() => ''),
        )
        .toContain(name);
      expect(await page.getByTestId('restore-error').textContent()).toBe(`无法从 ${name} 恢复：它不是简报台的备份文件，或已损坏、不完整。文库没有任何改动。`);
    }
    expect(await apiCall(page, 'queryArticles', { limit: 0 })).toEqual(before);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('restore-dialog').count()).toBe(0);
  });
});
