/**
 * The desktop app's error box for a library it cannot open because another
 * process holds it says so in the app's language (zh-CN or English), in the
 * CLI's words (`library.locked`), and names the browser-mode link when that
 * process serves the library: a real `briefing serve` on a temp library, a
 * real open refused in this process, and a library held by a live process
 * that serves nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Core } from '../../src-main/core/core';
import { openRefusalSentence } from '../../src-main/core/library/served-instance';
import { cliText } from '../../src-main/cli/cli-messages';
import { startApp, type App } from './harness';

/** The refusal of opening `dir` in this process. */
async function refusalOf(dir: string): Promise<unknown> {
  try {
    const core = await Core.open({ dir, host: 'electron' });
    await core.close();
  } catch (err) {
    return err;
  }
  throw new Error('the library opened');
}

describe('a library served in browser mode', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
  }, 60_000);
  afterAll(async () => {
    await app?.stop();
  });

  it('is refused in Chinese and in English, with the running app’s link, in the CLI’s words', async () => {
    const err = await refusalOf(app.library);
    const zh = await openRefusalSentence(err, app.library, 'zh');
    const en = await openRefusalSentence(err, app.library, 'en');
    const url = app.url;
    expect(zh).toContain(url);
    expect(zh).toMatch(/^文库 .* 正由简报台（进程 \d+）提供服务，地址 http/);
    expect(en).toContain(url);
    expect(en).toMatch(/^The library at .* is being served by Briefing Desk \(process \d+\)/);
    const pid = Number(/进程 (\d+)/.exec(zh)![1]);
    for (const language of ['zh', 'en'] as const) {
      expect(language === 'zh' ? zh : en).toBe(cliText('library.locked', { dir: app.library, pid, url }, language));
    }
  });
});

describe('a library held by a process that serves nothing', () => {
  let dir: string;
  let holder: ChildProcess;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bd-e2e-held-'));
    holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    await new Promise((resolve) => holder.once('spawn', resolve));
    // The lock as a process that holds the library writes it (core/library/lock.ts), taken after the process started.
    writeFileSync(join(dir, 'library.lock'), JSON.stringify({ pid: holder.pid, nonce: 'f00dfeedf00dfeed', since: new Date(Date.now() + 1000).toISOString() }));
  });
  afterAll(() => {
    holder?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is refused naming the process, in either language', async () => {
    const err = await refusalOf(dir);
    expect(await openRefusalSentence(err, dir, 'zh')).toBe(
      `文库 ${dir} 已被另一个简报台进程（pid ${holder.pid}）打开。请先关闭它，或用 --library 打开其他文件夹。`,
    );
    expect(await openRefusalSentence(err, dir, 'en')).toBe(
      `The library at ${dir} is open in another Briefing Desk process (pid ${holder.pid}). Close it first, or use --library to open a different folder.`,
    );
  });
});
