/**
 * The Electron shell with the `electron` module replaced by a test double
 * (testing/electron-double.ts): window security settings, IPC registration
 * and the exact-origin sender check, and the main process as it starts —
 * privileged `app://` scheme before ready, the interface loaded over app://,
 * every session denying permissions, navigation/redirect/webview refused,
 * window.open denied, files opened from the operating system imported,
 * the crash reporter keeping dumps local, the log, and Help → Copy diagnostics.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HOST_METHOD_NAMES, METHOD_NAMES } from '../common/api';
import { secureWindowOptions, isSafeExternalUrl } from './window-options';
import { registerApi } from './ipc';
import { menuTemplate } from './menu';
import { isTrustedSender, type FrameLike } from './security';
import { APP_INDEX_URL, APP_ORIGIN } from './app-protocol';
import { createElectronDouble, type ElectronDouble, type FakeSession } from './testing/electron-double';

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
    expect(webPreferences).not.toHaveProperty('experimentalFeatures');
    expect(webPreferences).not.toHaveProperty('enableBlinkFeatures');
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

/** One of our windows: its web contents and main frame showing the interface. */
function ourWindow(url = APP_INDEX_URL, ids = { processId: 7, routingId: 1 }) {
  const mainFrame: FrameLike = { url, origin: APP_ORIGIN, parent: null, ...ids };
  return { webContents: { mainFrame } };
}

describe('IPC sender check (exact origin, main frame of one of our windows)', () => {
  const win = ourWindow();
  const policy = { origin: APP_ORIGIN, windows: () => [win] };
  const trusted = (event: { sender?: unknown; senderFrame?: FrameLike | null }) => isTrustedSender(event, policy);

  it('accepts the main frame of our window on the app origin', () => {
    expect(trusted({ sender: win.webContents, senderFrame: win.webContents.mainFrame })).toBe(true);
    // Electron may hand out another object for the same frame: process and routing id decide.
    const same = { ...win.webContents.mainFrame, url: `${APP_ORIGIN}/index.html#/briefings` };
    expect(trusted({ sender: win.webContents, senderFrame: same })).toBe(true);
  });

  it.each([
    ['a look-alike host', 'app://briefing-desk.evil/index.html', 'app://briefing-desk.evil'],
    ['another app: host', 'app://evil/index.html', 'app://evil'],
    ['https with the same host name', 'https://briefing-desk/index.html', 'https://briefing-desk'],
    ['a file: page whose path starts like ours', 'file:///app/out/renderer/index.html.evil.html', 'null'],
    ['an origin property that disagrees with the URL', `${APP_ORIGIN}/index.html`, 'app://other'],
  ])('refuses %s', (_what, url, origin) => {
    const frame = { ...win.webContents.mainFrame, url, origin };
    expect(trusted({ sender: win.webContents, senderFrame: frame })).toBe(false);
  });

  it('refuses a sub-frame, a missing frame, and a frame of web contents that are not one of our windows', () => {
    const sub = { url: `${APP_ORIGIN}/index.html`, origin: APP_ORIGIN, parent: win.webContents.mainFrame, processId: 7, routingId: 2 };
    expect(trusted({ sender: win.webContents, senderFrame: sub })).toBe(false);
    expect(trusted({ sender: win.webContents, senderFrame: null })).toBe(false);
    const stranger = ourWindow(APP_INDEX_URL, { processId: 9, routingId: 1 });
    expect(trusted({ sender: stranger.webContents, senderFrame: stranger.webContents.mainFrame })).toBe(false);
    // Our web contents, but a top-level frame that is not its main frame (another routing id).
    const other = { ...win.webContents.mainFrame, routingId: 5 };
    expect(trusted({ sender: win.webContents, senderFrame: other })).toBe(false);
  });
});

describe('IPC registration', () => {
  const win = ourWindow();
  const isTrusted = (event: { sender?: unknown; senderFrame?: FrameLike | null }) => isTrustedSender(event, { origin: APP_ORIGIN, windows: () => [win] });
  const fromUs = { sender: win.webContents, senderFrame: win.webContents.mainFrame };

  it('registers every contract method exactly once', () => {
    const ipc = fakeIpcMain();
    registerApi(ipc as never, { call: vi.fn() }, isTrusted);
    expect([...ipc.handlers.keys()].sort()).toEqual(METHOD_NAMES.map((m) => `bd:${m}`).sort());
  });

  it('forwards a call from our main frame to the core', async () => {
    const ipc = fakeIpcMain();
    const call = vi.fn(async (method: string, params: unknown) => ({ method, params }));
    registerApi(ipc as never, { call }, isTrusted);
    const answer = await ipc.handlers.get('bd:listArticles')!(fromUs, { tag: '算力' });
    expect(answer).toEqual({ ok: true, result: { method: 'listArticles', params: { tag: '算力' } } });
  });

  it.each([
    ['a foreign page', { url: 'https://evil.example/', origin: 'https://evil.example', parent: null, processId: 7, routingId: 1 }],
    ['a subframe of our page', { url: APP_INDEX_URL, origin: APP_ORIGIN, parent: {}, processId: 7, routingId: 3 }],
    ['no frame', null],
  ])('rejects a call from %s without reaching the core', async (_what, senderFrame) => {
    const ipc = fakeIpcMain();
    const call = vi.fn();
    registerApi(ipc as never, { call }, isTrusted);
    const answer = (await ipc.handlers.get('bd:importText')!({ sender: win.webContents, senderFrame }, { text: 'x' })) as {
      ok: boolean;
      error: { code: string };
    };
    expect(answer.ok).toBe(false);
    expect(answer.error.code).toBe('refused');
    expect(call).not.toHaveBeenCalled();
  });

  it('turns core errors into an envelope that keeps code and field', async () => {
    const ipc = fakeIpcMain();
    const { BdError } = await import('../common/errors');
    registerApi(
      ipc as never,
      {
        call: async () => {
          throw new BdError('invalid-params', 'Invalid parameter id', { field: 'id' });
        },
      },
      isTrusted,
    );
    expect(await ipc.handlers.get('bd:getArticle')!(fromUs, {})).toEqual({
      ok: false,
      error: { code: 'invalid-params', message: 'Invalid parameter id', field: 'id' },
    });
  });
});

describe('main process (electron replaced by the test double)', () => {
  let double: ElectronDouble;
  let lib: string;
  let files: string;
  let logs: string;
  const argv = process.argv;

  beforeAll(async () => {
    double = createElectronDouble();
    lib = mkdtempSync(join(tmpdir(), 'bd-electron-'));
    files = mkdtempSync(join(tmpdir(), 'bd-open-'));
    logs = mkdtempSync(join(tmpdir(), 'bd-logs-'));
    process.env.BRIEFING_DESK_LOG_DIR = logs;
    copyFileSync(join(__dirname, '../../tests/fixtures/import/english-waic.txt'), join(files, 'english-waic.txt'));
    copyFileSync(join(__dirname, '../../tests/fixtures/import/rmrb-waic.md'), join(files, '人民日报 WAIC.md'));
    copyFileSync(join(__dirname, '../../tests/fixtures/import/xinhua-waic.html'), join(files, 'xinhua.html'));
    process.env.BRIEFING_DESK_LIBRARY = lib;
    // The library's saved theme is dark (the system's is light): the window must not open light.
    const { Core } = await import('../core/core');
    const seeded = await Core.open({ dir: lib, host: 'cli', seedSample: false, searchIndex: 'lazy' });
    await seeded.api.setPreferences({ preferences: { theme: 'dark' } });
    await seeded.close();
    // Started by "Open with" on Windows/Linux: the program, then the file.
    process.argv = [argv[0], join(files, 'english-waic.txt')];
    vi.doMock('electron', () => double.module);
    vi.resetModules();
    await import('./main');
    await vi.waitFor(() => expect(double.windows).toHaveLength(1), { timeout: 15_000 });
  }, 30_000);

  afterAll(async () => {
    process.argv = argv;
    // Quitting closes the library and the log, then exits: wait for that exit, not for a fixed time.
    const exited = new Promise<void>((resolve) => {
      double.app.exit = () => void resolve();
    });
    double.app.emit('will-quit', { preventDefault: () => undefined });
    await exited;
    delete process.env.BRIEFING_DESK_LIBRARY;
    delete process.env.BRIEFING_DESK_LOG_DIR;
    vi.doUnmock('electron');
    rmSync(lib, { recursive: true, force: true });
    rmSync(files, { recursive: true, force: true });
    rmSync(logs, { recursive: true, force: true });
  });

  const mainWindow = () => double.windows[0];
  /** A host method's IPC handler, unwrapped: the result, or the error envelope's error thrown. */
  const hostCall =
    (method: string) =>
    async (event: unknown, params: unknown = {}) => {
      const envelope = (await double.ipcHandlers.get(`bd-host:${method}`)!(event, params)) as { ok: boolean; result?: unknown; error?: unknown };
      if (!envelope.ok) throw Object.assign(new Error('host call failed'), { envelope });
      return envelope.result;
    };
  const fromMainFrame = () => ({ sender: mainWindow().webContents, senderFrame: mainWindow().webContents.mainFrame });

  it('registers app:// as a standard, secure, fetch-capable scheme before ready, and sandboxes every renderer', () => {
    expect(double.order.indexOf('registerSchemesAsPrivileged')).toBeGreaterThanOrEqual(0);
    expect(double.order.indexOf('registerSchemesAsPrivileged')).toBeLessThan(double.order.indexOf('whenReady'));
    expect(double.privileged).toEqual([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true, bypassCSP: false }),
      }),
    ]);
    expect(double.app.sandboxEnabled).toBe(true);
  });

  it('keeps Electron’s profile in the app’s data folder, beside the shared default library', async () => {
    const { platformDataDir } = await import('../core/library/paths');
    expect(double.app.paths.userData).toBe(join(platformDataDir(), 'desktop'));
  });

  it('loads the interface from app://, never file://, with the secure options', async () => {
    const win = mainWindow();
    expect(win.loadedUrl).toBe(APP_INDEX_URL);
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(String(win.options.webPreferences?.preload)).toMatch(/preload[\\/]index\.cjs$/);
    const handler = double.session.defaultSession.protocolHandlers.get('app')!;
    const page = await handler(new Request(APP_INDEX_URL));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<div id="root">');
    expect((await handler(new Request('app://briefing-desk/..%2f..%2fpackage.json'))).status).toBe(400);
  });

  it('opens at a size that fits the screen’s work area (1366×728: 1280×688 of page), and never smaller than the layout’s minimum', () => {
    expect(mainWindow().options).toMatchObject({ width: 1280, height: 688, useContentSize: true, minWidth: 960, minHeight: 600 });
  });

  it('opens in the saved dark theme: dark window background, index.html served with data-theme="dark"', async () => {
    expect(mainWindow().options.backgroundColor).toBe('#15171b');
    const handler = double.session.defaultSession.protocolHandlers.get('app')!;
    const html = await (await handler(new Request(APP_INDEX_URL))).text();
    expect(html).toMatch(/<html\b[^>]*\bdata-theme="dark"/);
    // Other files are served as they are.
    expect((await handler(new Request(`${APP_ORIGIN}/32x32.png`))).status).toBe(200);
  });

  it('denies every permission request and check on the default session, the print session and sessions created later', async () => {
    const later = double.session.fromPartition('persist:created-later');
    const sessions: FakeSession[] = [double.session.defaultSession, double.session.fromPartition('bd-print'), later];
    for (const s of sessions) {
      for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'openExternal', 'hid']) {
        const granted = await new Promise<boolean>((resolve) => s.permissionRequest!({}, permission, resolve));
        expect(granted, `${s.partition || 'default'} ${permission}`).toBe(false);
        expect(s.permissionCheck!({}, permission, APP_ORIGIN), `${s.partition || 'default'} check ${permission}`).toBe(false);
      }
      expect(s.devicePermission!({ deviceType: 'usb', origin: APP_ORIGIN })).toBe(false);
    }
  });

  it('refuses navigation, frame navigation, redirects and webviews in every web contents', () => {
    const contents = mainWindow().webContents;
    const prevented = (name: string, extra: Record<string, unknown> = {}) => {
      const preventDefault = vi.fn();
      contents.emit(name, { preventDefault, ...extra }, extra.url);
      return preventDefault.mock.calls.length > 0;
    };
    expect(prevented('will-navigate', { url: 'https://evil.example/' })).toBe(true);
    expect(prevented('will-redirect', { url: 'https://evil.example/' })).toBe(true);
    expect(prevented('will-frame-navigate', { url: 'https://evil.example/', isMainFrame: true })).toBe(true);
    expect(prevented('will-frame-navigate', { url: 'https://evil.example/', isMainFrame: false })).toBe(true);
    expect(prevented('will-frame-navigate', { url: 'file:///etc/passwd', isMainFrame: false })).toBe(true);
    // The briefing preview's sandboxed srcdoc frames are the one thing a sub-frame may load.
    expect(prevented('will-frame-navigate', { url: 'about:srcdoc', isMainFrame: false })).toBe(false);
    expect(prevented('will-frame-navigate', { url: 'about:srcdoc', isMainFrame: true })).toBe(true);
    expect(prevented('will-attach-webview', {})).toBe(true);
    // A window created later (e.g. the print window) is hardened too.
    const later = new double.FakeWindow({});
    const preventDefault = vi.fn();
    later.webContents.emit('will-redirect', { preventDefault });
    expect(preventDefault).toHaveBeenCalled();
    expect(later.webContents.windowOpenHandler!({ url: 'https://www.gov.cn/' })).toEqual({ action: 'deny' });
    later.destroy();
  });

  it('denies window.open and sends only plain http(s) links to the system browser', () => {
    const open = mainWindow().webContents.windowOpenHandler!;
    expect(open({ url: 'https://www.gov.cn/' })).toEqual({ action: 'deny' });
    expect(open({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(open({ url: 'app://briefing-desk/index.html' })).toEqual({ action: 'deny' });
    expect(double.opened).toEqual(['https://www.gov.cn/']);
  });

  it('answers IPC only from the main frame of our window on the app origin', async () => {
    for (const m of METHOD_NAMES) expect(double.ipcHandlers.has(`bd:${m}`)).toBe(true);
    const list = double.ipcHandlers.get('bd:listArticles')!;
    expect(await list(fromMainFrame(), {})).toMatchObject({ ok: true });
    const win = mainWindow();
    const lookAlike = { ...win.webContents.mainFrame, url: 'app://briefing-desk.evil/index.html', origin: 'app://briefing-desk.evil' };
    expect(await list({ sender: win.webContents, senderFrame: lookAlike }, {})).toMatchObject({ ok: false, error: { code: 'refused' } });
    const printer = new double.FakeWindow({});
    printer.webContents.mainFrame = { url: 'app://print/x.html', origin: 'app://print', parent: null, processId: 1, routingId: 1 };
    expect(await list({ sender: printer.webContents, senderFrame: printer.webContents.mainFrame }, {})).toMatchObject({ ok: false });
    // Same origin and frame shape, but web contents that are not one of our interface windows.
    printer.webContents.mainFrame = { ...win.webContents.mainFrame, processId: 1 };
    expect(await list({ sender: printer.webContents, senderFrame: printer.webContents.mainFrame }, {})).toMatchObject({ ok: false });
    printer.destroy();
    // Host methods (dialogs) sit behind the same check.
    const save = double.ipcHandlers.get('bd-host:chooseSavePath')!;
    expect(await save({ sender: win.webContents, senderFrame: lookAlike }, { suggestedName: 'x.pdf' })).toMatchObject({
      ok: false,
      error: { code: 'refused' },
    });
    expect(double.dialogs).toHaveLength(0);
  });

  it('registers every host method once behind the same check, and checks its parameters with the host contract', async () => {
    for (const m of HOST_METHOD_NAMES) expect(double.ipcHandlers.has(`bd-host:${m}`)).toBe(true);
    const channels = [...double.ipcHandlers.keys()];
    expect(channels.filter((c) => !c.startsWith('bd:') && !c.startsWith('bd-host:'))).toEqual([]);
    expect(channels).toHaveLength(METHOD_NAMES.length + HOST_METHOD_NAMES.length);
    const save = double.ipcHandlers.get('bd-host:chooseSavePath')!;
    expect(await save(fromMainFrame(), { suggestedName: '' })).toMatchObject({ ok: false, error: { code: 'invalid-params', field: 'suggestedName' } });
    expect(await save(fromMainFrame(), { suggestedName: 'a.pdf', extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid-params' } });
    expect(double.dialogs).toHaveLength(0);
    // Cancelled: no path.
    expect(await save(fromMainFrame(), { suggestedName: '2024-01-02 周报/第1期.pdf' })).toEqual({ ok: true, result: {} });
    expect(double.dialogs.at(-1)).toEqual({ kind: 'save', options: { defaultPath: '2024-01-02 周报_第1期.pdf' } });
    double.nextDialog.open = { canceled: false, filePaths: [files] };
    expect(await hostCall('chooseImportPaths')(fromMainFrame(), { folders: true })).toEqual({ paths: [files] });
    expect(double.dialogs.at(-1)).toMatchObject({ kind: 'open', options: { properties: ['openDirectory', 'multiSelections'] } });
    delete double.nextDialog.open;
  });

  it('imports by path in main (no bytes from the window), with progress and a library change sent to the window', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'bd-drop-'));
    copyFileSync(join(__dirname, '../../tests/fixtures/import/govcn-waic.html'), join(folder, '政府网.html'));
    copyFileSync(join(__dirname, '../../tests/fixtures/import/corpus/big5-green-energy.txt'), join(folder, 'big5.txt'));
    writeFileSync(join(folder, 'notes.xyz'), 'not an article');
    const sent = mainWindow().webContents.sent;
    const before = sent.length;
    const answer = (await double.ipcHandlers.get('bd:importPaths')!(fromMainFrame(), { paths: [folder, join(folder, 'gone.docx')], operation: 'drop-1' })) as {
      ok: boolean;
      result: { file: string; status: string }[];
    };
    expect(answer.ok).toBe(true);
    expect(answer.result.map((o) => [o.file, o.status])).toEqual([
      [join(folder, 'big5.txt'), 'imported'],
      [join(folder, '政府网.html'), 'imported'],
      [join(folder, 'gone.docx'), 'refused'],
    ]);
    const events = sent.slice(before);
    const progress = events
      .filter(([channel]) => channel === 'bd-event:importProgress')
      .map(([, p]) => p as { done: number; total: number; operation: string });
    // (The files opened at start-up may still be importing: their events carry their own operation.)
    expect(progress.filter((p) => p.operation === 'drop-1').map((p) => [p.operation, p.done, p.total])).toEqual([
      ['drop-1', 1, 3],
      ['drop-1', 2, 3],
      ['drop-1', 3, 3],
    ]);
    expect(events).toContainEqual(['bd-event:libraryChanged', { areas: ['articles'] }]);
    // Browser mode's transport is not the only way in: an untrusted frame still reaches nothing.
    expect(await double.ipcHandlers.get('bd:importPaths')!({ sender: {}, senderFrame: null }, { paths: [folder] })).toMatchObject({
      ok: false,
      error: { code: 'refused' },
    });
    rmSync(folder, { recursive: true, force: true });
  });

  it('exports straight to the file chosen in the save dialog (main writes it; progress reaches the window)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bd-export-'));
    const call = async (method: string, params: unknown) => {
      const envelope = (await double.ipcHandlers.get(`bd:${method}`)!(fromMainFrame(), params)) as {
        ok: boolean;
        result: Record<string, unknown>;
        error?: unknown;
      };
      expect(envelope).toMatchObject({ ok: true });
      return envelope.result;
    };
    const briefing = await call('createBriefing', { title: '每日要闻 第3期' });
    expect(mainWindow().webContents.sent).toContainEqual(['bd-event:libraryChanged', { areas: ['briefings'], ids: [briefing.id] }]);
    const target = join(out, '要闻.md');
    writeFileSync(target, 'an earlier export');
    double.nextDialog.save = { canceled: false, filePath: target };
    const chosen = (await hostCall('chooseSavePath')(fromMainFrame(), { suggestedName: 'x.md', filters: [{ name: 'Markdown', extensions: ['md'] }] })) as {
      path: string;
    };
    delete double.nextDialog.save;
    expect(chosen).toEqual({ path: target });
    const before = mainWindow().webContents.sent.length;
    const written = await call('exportBriefingToFile', { id: briefing.id, format: 'md', path: chosen.path, operation: 'export-1' });
    expect(written).toMatchObject({ path: target, fileName: expect.stringContaining('每日要闻 第3期.md') });
    const text = readFileSync(target, 'utf8');
    expect(text).toContain('每日要闻 第3期');
    expect(written.bytes).toBe(Buffer.byteLength(text));
    const phases = mainWindow()
      .webContents.sent.slice(before)
      .filter(([channel]) => channel === 'bd-event:exportProgress')
      .map(([, p]) => (p as { phase: string }).phase);
    expect(phases[0]).toBe('building');
    expect(phases.slice(-2)).toEqual(['writing', 'done']);
    // Nothing of the temp file is left beside it.
    expect(readdirSync(out)).toEqual(['要闻.md']);
    // Text the window holds (annotations as Markdown): the dialog, then main writes it.
    double.nextDialog.save = { canceled: false, filePath: join(out, 'notes.md') };
    expect(await hostCall('saveTextFile')(fromMainFrame(), { suggestedName: 'notes.md', text: '# 批注\n' })).toEqual({ path: join(out, 'notes.md') });
    delete double.nextDialog.save;
    expect(readFileSync(join(out, 'notes.md'), 'utf8')).toBe('# 批注\n');
    rmSync(out, { recursive: true, force: true });
  });

  it('refuses a save-dialog choice inside the library folder and says why; writes one outside', async () => {
    const save = double.ipcHandlers.get('bd-host:saveTextFile')!;
    for (const inside of [join(lib, 'catalog.json'), join(lib, 'articles', 'x.md'), join(lib, 'briefings', 'new', 'deep.pdf')]) {
      double.nextDialog.save = { canceled: false, filePath: inside };
      const envelope = (await save(fromMainFrame(), { suggestedName: 'x.md', text: '# export' })) as { ok: boolean; error?: { code: string; message: string } };
      expect(envelope.ok).toBe(false);
      expect(envelope.error).toMatchObject({ code: 'refused' });
      expect(envelope.error!.message).toContain('inside the library folder');
    }
    delete double.nextDialog.save;
    expect(readFileSync(join(lib, 'catalog.json'), 'utf8')).not.toContain('# export');
    expect(existsSync(join(lib, 'articles', 'x.md'))).toBe(false);
    double.nextDialog.save = { canceled: false, filePath: join(files, 'brief.md') };
    expect(await hostCall('saveTextFile')(fromMainFrame(), { suggestedName: 'brief.md', text: '# export' })).toEqual({ path: join(files, 'brief.md') });
    delete double.nextDialog.save;
    expect(readFileSync(join(files, 'brief.md'), 'utf8')).toBe('# export');
  });

  it('imports a file named on the command line, and tells the window', async () => {
    const take = hostCall('takeOpenedFiles');
    let outcomes: { file: string; status: string; title?: string }[] = [];
    await vi.waitFor(
      async () => {
        outcomes = [...outcomes, ...((await take(fromMainFrame())) as typeof outcomes)];
        expect(outcomes).toHaveLength(1);
      },
      { timeout: 15_000 },
    );
    expect(outcomes[0]).toMatchObject({ file: 'english-waic.txt', status: 'imported' });
    expect(mainWindow().webContents.sent).toContainEqual(['bd-event:filesOpened', {}]);
    // Taken once: a second call has nothing new.
    expect(await take(fromMainFrame())).toEqual([]);
  });

  it('imports files a second instance was started with (relative to its folder), and macOS open-file events', async () => {
    const take = hostCall('takeOpenedFiles');
    double.app.emit('second-instance', {}, ['/opt/Briefing Desk/briefing-desk', '--allow-file-access-from-files', '人民日报 WAIC.md', 'missing.docx'], files);
    const event = { preventDefault: vi.fn() };
    double.app.emit('open-file', event, join(files, 'xinhua.html'));
    expect(event.preventDefault).toHaveBeenCalled();
    let outcomes: { file: string; status: string; message?: string }[] = [];
    await vi.waitFor(
      async () => {
        outcomes = [...outcomes, ...((await take(fromMainFrame())) as typeof outcomes)];
        expect(outcomes).toHaveLength(3);
      },
      { timeout: 15_000 },
    );
    const byFile = Object.fromEntries(outcomes.map((o) => [o.file, o]));
    expect(byFile['人民日报 WAIC.md'].status).toBe('imported');
    expect(byFile['xinhua.html'].status).toBe('imported');
    expect(byFile['missing.docx']).toMatchObject({ status: 'refused' });
    expect(byFile['missing.docx'].message).toContain('missing.docx');
    // Untrusted senders get nothing.
    expect(await double.ipcHandlers.get('bd-host:takeOpenedFiles')!({ sender: {}, senderFrame: null }, {})).toMatchObject({
      ok: false,
      error: { code: 'refused' },
    });
  });

  it('opens a window for a file opened while the app has none (macOS keeps running without windows)', async () => {
    const before = double.windows.length;
    mainWindow().emit('closed');
    double.app.emit('open-file', { preventDefault: () => undefined }, join(files, 'english-waic.txt'));
    await vi.waitFor(() => expect(double.windows.length).toBe(before + 1), { timeout: 15_000 });
    const win = double.windows.at(-1)!;
    expect(win.loadedUrl).toBe(APP_INDEX_URL);
    // The new window takes the outcome (a duplicate: it was imported at start-up) as it loads.
    const take = hostCall('takeOpenedFiles');
    await vi.waitFor(
      async () => {
        const outcomes = (await take({ sender: win.webContents, senderFrame: win.webContents.mainFrame })) as { status: string }[];
        expect(outcomes).toEqual([expect.objectContaining({ file: 'english-waic.txt', status: 'duplicate' })]);
      },
      { timeout: 15_000 },
    );
  });

  it('starts the crash reporter before ready, keeping minidumps in the data folder and never uploading', async () => {
    const { platformDataDir } = await import('../core/library/paths');
    expect(double.crashReports).toEqual([{ uploadToServer: false }]);
    expect(double.order.indexOf('crashReporter.start')).toBeGreaterThanOrEqual(0);
    expect(double.order.indexOf('crashReporter.start')).toBeLessThan(double.order.indexOf('whenReady'));
    expect(double.app.paths.crashDumps).toBe(join(platformDataDir(), 'crashes'));
  });

  it('writes its log under the log folder, and records a renderer that stopped', async () => {
    double.app.emit('render-process-gone', {}, mainWindow().webContents, { reason: 'oom', exitCode: 9 });
    const file = 'briefing-desk.log';
    await vi.waitFor(() => expect(readFileSync(join(logs, file), 'utf8')).toContain('A window stopped unexpectedly'));
    const lines = readFileSync(join(logs, file), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'Desktop app starting', host: 'electron', level: 30 }));
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'A window stopped unexpectedly', reason: 'oom', exitCode: 9, level: 50 }));
  });

  it('Help → Copy diagnostics puts versions, counts and recent errors on the clipboard, never article text', async () => {
    const menu = double.menus.at(-1) as { role?: string; submenu?: { id?: string; label?: string; click?: () => void }[] }[];
    const help = menu.find((m) => m.role === 'help');
    const item = help?.submenu?.find((i) => i.id === 'copy-diagnostics');
    expect(item?.label).toBe('Copy Diagnostics');
    item!.click!();
    await vi.waitFor(() => expect(double.clipboardTexts).toHaveLength(1), { timeout: 15_000 });
    const text = double.clipboardTexts[0];
    expect(text).toMatch(/^Briefing Desk diagnostics/);
    expect(text).toContain(`Node:         ${process.versions.node}`);
    expect(text).toMatch(/Articles: +[1-9]/);
    expect(text).toContain('A window stopped unexpectedly');
    // Not one sentence of an imported article (its first paragraph's words), nor its title.
    const article = readFileSync(join(files, 'english-waic.txt'), 'utf8');
    for (const line of article
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 20)
      .slice(0, 5)) {
      expect(text).not.toContain(line.slice(0, 20));
    }
    expect(double.messages.at(-1)).toMatchObject({ message: 'Diagnostics copied to the clipboard.' });
  });

  it('has a standard menu with the Edit role so text-field shortcuts work', () => {
    const template = menuTemplate('linux', 'Briefing Desk');
    expect(template.some((item) => item.role === 'editMenu')).toBe(true);
    expect(menuTemplate('darwin', 'Briefing Desk')[0].label).toBe('Briefing Desk');
  });
});
