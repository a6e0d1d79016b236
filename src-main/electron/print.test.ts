/**
 * The desktop PDF printer with `electron` replaced by a test double: a hidden,
 * sandboxed, script-free window in its own session that loads only the
 * document — from memory over app://print/, never a file — prints with the
 * page size from CSS, refuses every file: URL and every other request, and
 * leaves nothing behind.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { printRequestAllowed } from './print';

const state = vi.hoisted(() => ({
  windows: [] as {
    options: { show?: boolean; webPreferences?: Record<string, unknown> };
    loaded?: string;
    destroyed: boolean;
    printOptions?: unknown;
    html?: string;
    status?: number;
    csp?: string | null;
  }[],
  session: undefined as
    | undefined
    | {
        requestFilter?: (d: { url: string }, cb: (r: { cancel: boolean }) => void) => void;
        permissionHandler?: (wc: unknown, p: string, cb: (ok: boolean) => void) => void;
        permissionCheck?: (wc: unknown, p: string) => boolean;
        protocols: Map<string, (r: Request) => Promise<Response>>;
      },
}));

vi.mock('electron', () => {
  const printSession = {
    protocols: new Map<string, (r: Request) => Promise<Response>>(),
    webRequest: { onBeforeRequest: (fn: never) => (printSession.requestFilter = fn) },
    protocol: { handle: (scheme: string, fn: (r: Request) => Promise<Response>) => printSession.protocols.set(scheme, fn) },
    setPermissionRequestHandler: (fn: never) => (printSession.permissionHandler = fn),
    setPermissionCheckHandler: (fn: never) => (printSession.permissionCheck = fn),
  } as NonNullable<typeof state.session> & Record<string, unknown>;
  state.session = printSession;
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
    /** Loads as Chromium would: through the session's request filter, then its protocol handler. */
    async loadURL(url: string) {
      this.record.loaded = url;
      const cancel = await new Promise<boolean>((resolve) => printSession.requestFilter!({ url }, (r) => resolve(r.cancel)));
      if (cancel) throw new Error(`ERR_BLOCKED_BY_CLIENT ${url}`);
      const response = await printSession.protocols.get(url.split(':')[0])!(new Request(url));
      this.record.status = response.status;
      this.record.csp = response.headers.get('content-security-policy');
      this.record.html = await response.text();
    }
    async loadFile(path: string) {
      this.record.loaded = `file://${path}`;
    }
    destroy() {
      this.record.destroyed = true;
    }
  }
  return { BrowserWindow, session: { fromPartition: () => printSession } };
});

import { ElectronPdfPrinter } from './print';

afterEach(() => {
  state.windows.length = 0;
});

const tempPrintFiles = () => readdirSync(tmpdir()).filter((n) => n.startsWith('briefing-desk-print-'));

describe('ElectronPdfPrinter', () => {
  it('prints from memory over app://print/ in a hidden, sandboxed, script-free window and cleans up', async () => {
    const before = tempPrintFiles();
    const bytes = await new ElectronPdfPrinter().print('<!doctype html><title>简报</title><p>正文</p>', {});
    expect(new TextDecoder().decode(bytes)).toBe('%PDF-1.7 test');
    const [win] = state.windows;
    expect(win.options.show).toBe(false);
    expect(win.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      javascript: false,
      partition: 'bd-print',
    });
    expect(win.options.webPreferences?.preload).toBeUndefined();
    expect(win.loaded).toMatch(/^app:\/\/print\/[0-9a-f]{24}\.html$/);
    expect(win.status).toBe(200);
    expect(win.csp).toContain("default-src 'none'");
    expect(win.html).toContain('<p>正文</p>');
    expect(win.printOptions).toMatchObject({ preferCSSPageSize: true, printBackground: true });
    expect(win.destroyed).toBe(true);
    expect(tempPrintFiles()).toEqual(before);
    // The document is gone once printed: its URL no longer answers.
    const after = await state.session!.protocols.get('app')!(new Request(win.loaded!));
    expect(after.status).toBe(404);
  });

  it('refuses every file: URL and everything but the document and data: URLs; grants no permissions', async () => {
    await new ElectronPdfPrinter().print('<p>x</p>', {});
    const verdict = (url: string) => new Promise<boolean>((resolve) => state.session!.requestFilter!({ url }, (r) => resolve(r.cancel)));
    for (const url of [
      'file:///tmp/briefing-desk-print-abc.html',
      'file:///etc/passwd',
      'FILE:///C:/Windows/win.ini',
      'file://server/share/doc.html',
      'https://tracker.example/pixel.gif',
      'http://127.0.0.1:8080/',
      'app://briefing-desk/index.html',
      'app://print/unknown.html',
    ]) {
      expect(await verdict(url), url).toBe(true);
    }
    expect(await verdict('data:font/woff2;base64,AAAA')).toBe(false);
    const granted = await new Promise<boolean>((resolve) => state.session!.permissionHandler!({}, 'media', resolve));
    expect(granted).toBe(false);
    expect(state.session!.permissionCheck!({}, 'clipboard-read')).toBe(false);
  });

  it('lets the print session load a document only while it is being printed', () => {
    const docs = new Map([['abc.html', '<p>x</p>']]);
    expect(printRequestAllowed('app://print/abc.html', docs)).toBe(true);
    expect(printRequestAllowed('app://print/abc.html#page=2', docs)).toBe(true);
    expect(printRequestAllowed('app://print/abd.html', docs)).toBe(false);
    expect(printRequestAllowed('app://print/../abc.html', docs)).toBe(false);
    expect(printRequestAllowed('file:///abc.html', docs)).toBe(false);
  });

  it('destroys the window and forgets the document even when printing fails', async () => {
    await expect(new ElectronPdfPrinter().print('<p>FAIL</p>', {})).rejects.toThrow('printing failed');
    const [win] = state.windows;
    expect(win.destroyed).toBe(true);
    expect((await state.session!.protocols.get('app')!(new Request(win.loaded!))).status).toBe(404);
  });
});
