/**
 * The desktop PDF printer with `electron` replaced by a test double: a hidden,
 * sandboxed, script-free window in its own session that loads only the
 * document, prints with the page size from CSS, and leaves nothing behind.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';

const state = vi.hoisted(() => ({
  windows: [] as { options: { show?: boolean; webPreferences?: Record<string, unknown> }; loaded?: string; destroyed: boolean; printOptions?: unknown; html?: string }[],
  requestFilter: undefined as undefined | ((d: { url: string }, cb: (r: { cancel: boolean }) => void) => void),
  permissionHandler: undefined as undefined | ((wc: unknown, p: string, cb: (ok: boolean) => void) => void),
}));

vi.mock('electron', () => {
  class BrowserWindow {
    record: (typeof state.windows)[number];
    webContents: Record<string, unknown>;
    constructor(options: (typeof state.windows)[number]['options']) {
      this.record = { options, destroyed: false };
      state.windows.push(this.record);
      this.webContents = {
        on: vi.fn(),
        setWindowOpenHandler: vi.fn(),
        printToPDF: async (opts: unknown) => {
          if (this.record.html?.includes('FAIL')) throw new Error('printing failed');
          this.record.printOptions = opts;
          return Buffer.from('%PDF-1.7 test');
        },
      };
    }
    async loadFile(path: string) {
      this.record.loaded = path;
      this.record.html = readFileSync(path, 'utf8');
    }
    destroy() {
      this.record.destroyed = true;
    }
  }
  return {
    BrowserWindow,
    session: {
      fromPartition: () => ({
        webRequest: { onBeforeRequest: (fn: typeof state.requestFilter) => (state.requestFilter = fn) },
        setPermissionRequestHandler: (fn: typeof state.permissionHandler) => (state.permissionHandler = fn),
      }),
    },
  };
});

import { ElectronPdfPrinter } from './print';

afterEach(() => {
  state.windows.length = 0;
});

describe('ElectronPdfPrinter', () => {
  it('prints in a hidden, sandboxed, script-free window and cleans up', async () => {
    const bytes = await new ElectronPdfPrinter().print('<!doctype html><title>简报</title><p>正文</p>', {});
    expect(new TextDecoder().decode(bytes)).toBe('%PDF-1.7 test');
    const [win] = state.windows;
    expect(win.options.show).toBe(false);
    expect(win.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, partition: 'bd-print' });
    expect(win.options.webPreferences?.preload).toBeUndefined();
    expect(win.html).toContain('<p>正文</p>');
    expect(win.printOptions).toMatchObject({ preferCSSPageSize: true, printBackground: true });
    expect(win.destroyed).toBe(true);
    expect(existsSync(win.loaded!)).toBe(false);
  });

  it('lets the print session load only the document itself, and grants no permissions', async () => {
    await new ElectronPdfPrinter().print('<p>x</p>', {});
    const verdict = (url: string) => new Promise<boolean>((resolve) => state.requestFilter!({ url }, (r) => resolve(r.cancel)));
    expect(await verdict('file:///tmp/briefing-desk-print-abc.html')).toBe(false);
    expect(await verdict('data:font/woff2;base64,AAAA')).toBe(false);
    expect(await verdict('https://tracker.example/pixel.gif')).toBe(true);
    expect(await verdict('http://127.0.0.1:8080/')).toBe(true);
    const granted = await new Promise<boolean>((resolve) => state.permissionHandler!({}, 'media', resolve));
    expect(granted).toBe(false);
  });

  it('destroys the window and removes the temp file even when printing fails', async () => {
    await expect(new ElectronPdfPrinter().print('<p>FAIL</p>', {})).rejects.toThrow('printing failed');
    const [win] = state.windows;
    expect(win.destroyed).toBe(true);
    expect(existsSync(win.loaded!)).toBe(false);
  });
});
