/**
 * The Electron shell with the `electron` module replaced by a test double:
 * window security settings, IPC registration and sender checks, refused
 * navigation and window.open.
 */
import { describe, expect, it, vi } from 'vitest';
import { METHOD_NAMES } from '../common/api';
import { secureWindowOptions, isSafeExternalUrl } from './window-options';
import { isTrustedFrame, registerApi } from './ipc';
import { menuTemplate } from './menu';

type Handler = (event: unknown, ...args: unknown[]) => unknown;

function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  return {
    handlers,
    handle: vi.fn((channel: string, fn: Handler) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, fn);
    }),
  };
}

const TRUSTED = 'file:///app/out/renderer/index.html';
const frame = (url: string, parent: unknown = null) => ({ url, parent });

describe('window options', () => {
  it.each(['main', 'print'] as const)('%s window is isolated, sandboxed and Node-free', (kind) => {
    const { webPreferences } = secureWindowOptions(kind, '/app/out/preload/index.cjs');
    expect(webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('gives the preload only to the main window and disables script in the print window', () => {
    expect(secureWindowOptions('main', '/p.cjs').webPreferences?.preload).toBe('/p.cjs');
    expect(secureWindowOptions('print', '/p.cjs').webPreferences?.preload).toBeUndefined();
    expect(secureWindowOptions('print').webPreferences?.javascript).toBe(false);
  });

  it.each([
    ['https://www.gov.cn/zhengce/', true],
    ['http://www.people.com.cn/', true],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['smb://server/share', false],
    ['https://user:pw@example.com/', false],
    ['not a url', false],
  ])('external link %s allowed: %s', (url, ok) => {
    expect(isSafeExternalUrl(url)).toBe(ok);
  });
});

describe('IPC', () => {
  it('registers every contract method exactly once', () => {
    const ipc = fakeIpcMain();
    registerApi(ipc as never, { call: vi.fn() }, () => [TRUSTED]);
    expect([...ipc.handlers.keys()].sort()).toEqual(METHOD_NAMES.map((m) => `bd:${m}`).sort());
  });

  it('forwards a call from our main frame to the core', async () => {
    const ipc = fakeIpcMain();
    const call = vi.fn(async (method: string, params: unknown) => ({ method, params }));
    registerApi(ipc as never, { call }, () => [TRUSTED]);
    const answer = await ipc.handlers.get('bd:listArticles')!({ senderFrame: frame(TRUSTED) }, { tag: '算力' });
    expect(answer).toEqual({ ok: true, result: { method: 'listArticles', params: { tag: '算力' } } });
  });

  it.each([
    ['a foreign page', frame('https://evil.example/')],
    ['a subframe of our page', frame(TRUSTED, { url: TRUSTED })],
    ['no frame', null],
  ])('rejects a call from %s without reaching the core', async (_what, senderFrame) => {
    const ipc = fakeIpcMain();
    const call = vi.fn();
    registerApi(ipc as never, { call }, () => [TRUSTED]);
    const answer = (await ipc.handlers.get('bd:importText')!({ senderFrame }, { text: 'x' })) as { ok: boolean; error: { code: string } };
    expect(answer.ok).toBe(false);
    expect(answer.error.code).toBe('refused');
    expect(call).not.toHaveBeenCalled();
  });

  it('turns core errors into an envelope that keeps code and field', async () => {
    const ipc = fakeIpcMain();
    const { BdError } = await import('../common/errors');
    registerApi(ipc as never, { call: async () => { throw new BdError('invalid-params', 'Invalid parameter id', { field: 'id' }); } }, () => [TRUSTED]);
    expect(await ipc.handlers.get('bd:getArticle')!({ senderFrame: frame(TRUSTED) }, {})).toEqual({
      ok: false,
      error: { code: 'invalid-params', message: 'Invalid parameter id', field: 'id' },
    });
  });

  it('checks trusted frames by URL prefix and top level', () => {
    expect(isTrustedFrame(frame(TRUSTED + '#x') as never, [TRUSTED])).toBe(true);
    expect(isTrustedFrame(frame('file:///other/index.html') as never, [TRUSTED])).toBe(false);
  });
});

describe('main process wiring (electron replaced by a test double)', () => {
  it('creates the window with the secure options, denies window.open and blocks navigation', async () => {
    const created: { options: unknown; webContents: Record<string, unknown> }[] = [];
    const listeners: Record<string, (...a: unknown[]) => unknown> = {};
    let openHandler: ((d: { url: string }) => { action: string }) | undefined;
    const openExternal = vi.fn();
    const ipcHandlers = new Map<string, Handler>();
    class FakeWindow {
      webContents: Record<string, unknown>;
      constructor(readonly options: unknown) {
        this.webContents = {
          setWindowOpenHandler: (fn: typeof openHandler) => (openHandler = fn),
          on: (name: string, fn: (...a: unknown[]) => unknown) => (listeners[name] = fn),
        };
        created.push(this as never);
      }
      once() {}
      loadFile() { return Promise.resolve(); }
      loadURL() { return Promise.resolve(); }
      static getAllWindows() { return created; }
      static fromWebContents() { return null; }
    }
    const appEvents: Record<string, (...a: unknown[]) => unknown> = {};
    vi.doMock('electron', () => ({
      app: {
        requestSingleInstanceLock: () => true,
        on: (name: string, fn: (...a: unknown[]) => unknown) => (appEvents[name] = fn),
        whenReady: () => Promise.resolve(),
        isPackaged: false,
        getPath: () => '/nonexistent',
        quit: vi.fn(),
        exit: vi.fn(),
      },
      BrowserWindow: FakeWindow,
      dialog: { showErrorBox: vi.fn(), showSaveDialog: vi.fn() },
      session: { fromPartition: vi.fn() },
      ipcMain: { handle: (c: string, fn: Handler) => ipcHandlers.set(c, fn) },
      Menu: { setApplicationMenu: vi.fn(), buildFromTemplate: (t: unknown) => t },
      shell: { openExternal },
    }));
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const lib = mkdtempSync(join(tmpdir(), 'bd-electron-'));
    process.env.BRIEFING_DESK_LIBRARY = lib;
    try {
      vi.resetModules();
      await import('./main');
      await vi.waitFor(() => expect(created).toHaveLength(1), { timeout: 10_000 });
      const options = created[0].options as { webPreferences: Record<string, unknown> };
      expect(options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
      expect(String(options.webPreferences.preload)).toMatch(/preload[\\/]index\.cjs$/);
      expect(openHandler!({ url: 'https://www.gov.cn/' })).toEqual({ action: 'deny' });
      expect(openExternal).toHaveBeenCalledWith('https://www.gov.cn/');
      expect(openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
      expect(openExternal).toHaveBeenCalledTimes(1);
      const preventDefault = vi.fn();
      listeners['will-navigate']({ preventDefault }, 'https://evil.example/');
      expect(preventDefault).toHaveBeenCalled();
      for (const m of METHOD_NAMES) expect(ipcHandlers.has(`bd:${m}`)).toBe(true);
      expect(appEvents['second-instance']).toBeTypeOf('function');
      await appEvents['will-quit']?.({ preventDefault: () => undefined });
    } finally {
      delete process.env.BRIEFING_DESK_LIBRARY;
      vi.doUnmock('electron');
      await new Promise((r) => setTimeout(r, 200));
      rmSync(lib, { recursive: true, force: true });
    }
  });

  it('has a standard menu with the Edit role so text-field shortcuts work', () => {
    const template = menuTemplate('linux', 'Briefing Desk');
    expect(template.some((item) => item.role === 'editMenu')).toBe(true);
    expect(menuTemplate('darwin', 'Briefing Desk')[0].label).toBe('Briefing Desk');
  });
});
