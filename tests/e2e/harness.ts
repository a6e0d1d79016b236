/**
 * Starts the built app in browser mode (`briefing serve`) on a temporary
 * library and a system Chromium driven by playwright-core.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const root = resolve(__dirname, '../..');
export const artifacts = join(root, 'tests', 'artifacts');
export const SAMPLE = join(root, 'resources', 'rmrb-2023-waic-ai-conference.txt');

export function chromiumPath(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((p): p is string => !!p && existsSync(p)) ?? null;
}

export interface App {
  url: string;
  library: string;
  stop(): Promise<void>;
  output(): string;
}

/**
 * Starts `briefing serve --no-open` on a library (a new temp folder unless
 * given) and resolves with its URL once printed; `env` adds variables to the
 * server's environment.
 */
export async function startApp(options: { library?: string; seed?: boolean; port?: number; env?: Record<string, string> } = {}): Promise<App> {
  const library = options.library ?? mkdtempSync(join(tmpdir(), 'bd-e2e-'));
  const cli = join(root, 'out', 'main', 'cli.js');
  if (!existsSync(cli)) throw new Error('out/main/cli.js is missing: run `npm run build` (npm test does).');
  const child: ChildProcess = spawn(
    process.execPath,
    [cli, 'serve', '--no-open', '--library', library, ...(options.port ? ['--port', String(options.port)] : [])],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, BRIEFING_DESK_LIBRARY: '', ...options.env },
    },
  );
  let out = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not print its URL:\n${out}`)), 20_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /running at (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${out}`)));
  });
  return {
    url,
    library,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      if (!options.library) rmSync(library, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('No Chromium found: install Debian package chromium or set CHROMIUM_PATH.');
  return chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(artifacts, { recursive: true });
  const path = join(artifacts, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/**
 * Resolves when no CSS animation or transition is running (the selection
 * toolbar's fade-in, a panel widening), so a screenshot shows the settled
 * state. Endless animations (spinners) do not count.
 */
export async function animationsSettled(page: Page): Promise<void> {
  await page.waitForFunction(
    () => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity),
    undefined,
    { polling: 'raf' },
  );
}
