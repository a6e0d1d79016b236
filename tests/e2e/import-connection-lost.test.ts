/**
 * Browser mode sends picked files to the app one at a time. When the app
 * stops answering (its server was killed or quit), the import stops: the
 * file being sent and every one after it are reported "not sent" — never
 * "refused" (they were not judged) — and nothing more is sent. Real server,
 * real Chromium; the server is stopped before the files are picked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot, startApp, type App } from './harness';
import { openAppPage } from '../support/page-helpers';

let app: App;
let browser: Browser;
let page: Page;
const inbox = mkdtempSync(join(tmpdir(), 'bd-e2e-unsent-'));

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  page = await openAppPage(browser, app.url);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop().catch(() => undefined);
  rmSync(inbox, { recursive: true, force: true });
});

describe('an import in browser mode when the app stops answering', () => {
  it('stops at the first unanswered file and reports it and the rest as not sent, in the interface language', async () => {
    const files = ['一号通知.txt', '二号通知.txt', '三号通知.txt', '四号通知.txt'].map((name, i) => {
      const path = join(inbox, name);
      writeFileSync(path, `第${i + 1}号通知\n\n各有关单位：现将第${i + 1}批试点工作安排通知如下。`);
      return path;
    });
    await page.getByTestId('import-file').waitFor();
    await app.stop();
    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/importFile')) sent.push(r.url());
    });
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('import-file').click();
    await (await chooser).setFiles(files);

    const summary = page.getByTestId('import-summary');
    await summary.waitFor({ timeout: 30_000 });
    expect(await summary.locator('h3').textContent()).toBe('导入中断：0 篇导入，0 篇重复，0 篇未导入，4 篇未送达（与简报台的连接已断开）');
    expect(await summary.locator('.outcome-unsent').count()).toBe(4);
    expect(await summary.locator('.outcome-refused').count()).toBe(0);
    // The one sent is "not confirmed" (it may have arrived); the three after it were never sent.
    const reasons = await summary.locator('.outcome-unsent .reason').allTextContents();
    expect(reasons[0]).toContain('没有得到确认');
    expect(reasons.slice(1).every((r) => r.startsWith('未发送'))).toBe(true);
    // Only the first file was sent; the run stopped there.
    expect(sent).toHaveLength(1);
    await screenshot(page, 'import-connection-lost');
  });
});
