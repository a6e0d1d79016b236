/**
 * Electron smoke test (Playwright `_electron`): launch the desktop app on a
 * temporary library, import the sample through the preload bridge, read it
 * back, over app:// with a file opened from the command line imported. Where
 * no Electron binary is installed it prints one SKIPPED line and
 * is counted as skipped, not passed.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { _electron, type ElectronApplication } from 'playwright-core';
import { root, SAMPLE } from '../e2e/harness';

function electronBinary(): string | null {
  try {
    const pkg = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const pathFile = join(pkg, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const binary = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
if (!binary) console.log('SKIPPED: Electron binary not installed');

let app: ElectronApplication | undefined;
const library = mkdtempSync(join(tmpdir(), 'bd-electron-'));
afterAll(async () => {
  await app?.close();
  rmSync(library, { recursive: true, force: true });
});

describe('desktop app', () => {
  it.skipIf(!binary)('imports the sample through the bridge and reads it back', async () => {
    app = await _electron.launch({
      executablePath: binary!,
      // The sample file is opened as "Open with" would: a path after the app.
      args: [root, '--library', library, '--no-sandbox', join(root, 'tests', 'fixtures', 'import', 'english-waic.txt')],
      // Electron's profile goes to <data folder>/desktop: a temporary one here.
      env: { ...process.env, BRIEFING_DESK_LIBRARY: '', XDG_DATA_HOME: join(library, '.data') },
    });
    const win = await app.firstWindow();
    await win.waitForLoadState('domcontentloaded');
    const data = readFileSync(SAMPLE).toString('base64');
    const result = await win.evaluate(async (dataBase64) => {
      const bridge = (
        window as unknown as { briefingDesk: { invoke(m: string, p: unknown): Promise<{ ok: boolean; result: unknown; error?: { code: string } }> } }
      ).briefingDesk;
      const list = await bridge.invoke('listArticles', {});
      const first = (list.result as { id: string; title: string }[]).find((a) => a.title.startsWith('推动32个'))!;
      const dup = await bridge.invoke('importFile', { name: 'sample.txt', dataBase64 });
      const article = await bridge.invoke('getArticle', { id: first.id });
      const refused = await bridge.invoke('readFileSync', { path: '/etc/passwd' });
      // The file named on the command line was imported for this window to show.
      // Host methods go through the same bridge and envelope (bd-host:takeOpenedFiles); the filesOpened event says when to look.
      const host = (
        window as unknown as {
          briefingDesk: {
            invokeHost(m: string, p: unknown): Promise<{ ok: boolean; result?: { file: string; status: string }[] }>;
            onEvent(l: (name: string) => void): () => void;
          };
        }
      ).briefingDesk;
      const announced = new Promise<void>((resolve) => {
        const off = host.onEvent((name) => name === 'filesOpened' && (off(), resolve()));
      });
      let opened = (await host.invokeHost('takeOpenedFiles', {})).result ?? [];
      if (!opened.length) {
        await announced;
        opened = (await host.invokeHost('takeOpenedFiles', {})).result ?? [];
      }
      return { dup, article, refused, opened, origin: location.origin, hasRequire: typeof (window as unknown as { require?: unknown }).require };
    }, data);
    // The first run seeded the sample, so importing it again is a duplicate naming it.
    expect(result.dup.ok).toBe(false);
    expect(result.dup.error?.code).toBe('duplicate');
    expect((result.article.result as { meta: { title: string } }).meta.title).toBe('推动32个重大产业项目签约，项目投资总额288亿元');
    expect(result.refused.ok).toBe(false);
    expect(result.hasRequire).toBe('undefined');
    // Served over app://, never file://.
    expect(result.origin).toBe('app://briefing-desk');
    expect(result.opened).toEqual([expect.objectContaining({ file: 'english-waic.txt', status: 'imported' })]);
  });
});
