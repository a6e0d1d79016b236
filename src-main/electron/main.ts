/**
 * Desktop shell: app lifecycle, the single-instance lock, the main window with
 * the security settings of security.ts, the `app://` protocol, the menu,
 * files opened from the operating system, and IPC into the core. Thin on
 * purpose: everything the user does is a contract method answered by core.
 */
import { app, BrowserWindow, clipboard, crashReporter, dialog, ipcMain, Menu, nativeTheme, protocol, screen, session, shell } from 'electron';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Core } from '../core/core';
import { platformDataDir, resolveLibraryDir } from '../core/library/paths';
import { openRefusalSentence } from '../core/library/served-instance';
import { resourcesDir, setResourcesDir } from '../core/resources';
import { isSafeExternalUrl, secureWindowOptions, PRINT_PARTITION } from './window-options';
import { fitWindowSize } from '../common/window-size';
import { forwardEvents, registerApi, registerHost, sendEvent, type DesktopHostHandlers } from './ipc';
import { menuTemplate } from './menu';
import { ElectronPdfPrinter } from './print';
import { APP_INDEX_URL, APP_ORIGIN, registerAppScheme, serveAppProtocol } from './app-protocol';
import { denyPermissionsEverywhere } from './permissions';
import { hardenWebContents, isTrustedSender, urlOrigin, type SenderEvent } from './security';
import { desktopArgs, filesFromArgv, OpenFileQueue, toOpenedOutcome } from './open-files';
import { log, startLog, stopLog } from '../core/diagnostics/log';
import { formatDiagnostics } from '../common/diagnostics-text';
import type { ThemeChoice } from '../common/renderer-assets';

/** Shown in menus and dialogs; the Windows shortcut and Linux desktop entry also carry 简报台 (electron-builder.yml). */
const PRODUCT_NAME = 'Briefing Desk';
const here = dirname(fileURLToPath(import.meta.url));
/** The built interface: beside out/main when built or packaged, out/renderer when run from source (tests). */
const rendererDir = [join(here, '../renderer'), join(here, '../../out/renderer')].find((d) => existsSync(join(d, 'index.html'))) ?? join(here, '../renderer');
/** electron-vite's dev server during `electron-vite dev`; otherwise the built interface over app://. */
const devUrl = process.env.ELECTRON_RENDERER_URL;
const appOrigin = devUrl ? urlOrigin(devUrl) : APP_ORIGIN;
const startUrl = devUrl ?? APP_INDEX_URL;
/** Entries of argv that are the program itself: `electron <app>` in development, the executable when packaged. */
const argvSkip = () => (process.defaultApp ? 2 : 1);
const argvOptions = (cwd: string) => ({ cwd, skip: argvSkip() });

// Before `ready`, or Electron refuses: the privileged scheme and the sandbox for every renderer.
registerAppScheme(protocol);
app.enableSandbox();
// As early as possible, so a crash of any process (main, renderer, GPU, utility) leaves a minidump
// in <data folder>/crashes — on this machine only: nothing is ever uploaded.
app.setPath('crashDumps', join(platformDataDir(), 'crashes'));
crashReporter.start({ uploadToServer: false });

const mainWindows = new Set<BrowserWindow>();
const trusted = (event: SenderEvent) => isTrustedSender(event, { origin: appOrigin, windows: () => mainWindows });

function bringToFront(): void {
  const [win] = mainWindows;
  if (!win) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

/** The theme last read from the library's UI preferences (a new window's background follows it). */
let savedTheme: ThemeChoice | undefined;

/** Set once the library is open and the first window exists. */
let started = false;
const openQueue = new OpenFileQueue(() => {
  // macOS keeps the app running with no window: a file opened then gets one (which takes the outcomes as it loads).
  if (started && mainWindows.size === 0) createMainWindow();
  sendEvent(mainWindows, 'filesOpened', {});
  bringToFront();
});
// macOS hands files over in events, the first ones before `ready`.
app.on('open-file', (event, path) => {
  event.preventDefault();
  void openQueue.add([path]);
});

function createMainWindow(): BrowserWindow {
  const dark = savedTheme === 'dark' || (savedTheme !== 'light' && nativeTheme.shouldUseDarkColors);
  // The default size, made smaller on a small screen (1366×768 at 125 %: 1093×614 CSS px) so nothing opens off-screen.
  const { workAreaSize } = screen.getDisplayNearestPoint(screen.getCursorScreenPoint());
  const options = secureWindowOptions('main', join(here, '../preload/index.cjs'), { dark, size: fitWindowSize(workAreaSize) });
  const icon = process.platform === 'linux' ? windowIcon() : undefined;
  const win = new BrowserWindow(icon ? { ...options, icon } : options);
  mainWindows.add(win);
  win.on('closed', () => mainWindows.delete(win));
  // External links (notes, article URLs) open in the system browser; nothing opens in the app.
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(startUrl);
  return win;
}

/** The window that asked, to own its dialog (none: an app-modal dialog). */
function ownerOf(sender: unknown): BrowserWindow | undefined {
  return BrowserWindow.fromWebContents(sender as Electron.WebContents) ?? undefined;
}

/** The save dialog over the asking window; the chosen path, or undefined when cancelled. */
async function askSavePath(sender: unknown, suggestedName: string, filters?: Electron.FileFilter[]): Promise<string | undefined> {
  const options = { defaultPath: suggestedName.replace(/[\\/]/g, '_'), ...(filters ? { filters } : {}) };
  const owner = ownerOf(sender);
  const result = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? undefined : result.filePath;
}

/** The host contract (common/contract/host.ts) as the desktop app answers it. */
function hostHandlers(core: Core): DesktopHostHandlers {
  return {
    async chooseSavePath(p, sender) {
      const path = await askSavePath(sender, p.suggestedName, p.filters);
      return path ? { path } : {};
    },
    async saveTextFile(p, sender) {
      const path = await askSavePath(sender, p.suggestedName, p.filters);
      if (!path) return {};
      // Temp file and rename: an interrupted save never damages an earlier file of that name.
      await core.store.writeExport(path, p.text);
      return { path };
    },
    async chooseImportPaths(p, sender) {
      const options: Electron.OpenDialogOptions = {
        properties: [p.folders ? 'openDirectory' : 'openFile', 'multiSelections'],
        ...(p.filters ? { filters: p.filters } : {}),
      };
      const owner = ownerOf(sender);
      const result = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
      return { paths: result.canceled ? [] : result.filePaths };
    },
    takeOpenedFiles: async () => openQueue.take(),
    focusWindow: async () => {
      bringToFront();
      return { focused: mainWindows.size > 0 };
    },
  };
}

function windowIcon(): string | undefined {
  try {
    const path = join(resourcesDir(), 'icons', '512x512.png');
    return existsSync(path) ? path : undefined;
  } catch (err) {
    log.warn('Could not find the window icon', { err });
    return undefined;
  }
}

async function main(): Promise<void> {
  app.setName(PRODUCT_NAME);
  // Electron's own profile (cookies, caches, local storage) in the app's data folder beside the
  // library, whatever the product name: <data folder>/desktop (README "Install").
  app.setPath('userData', join(platformDataDir(), 'desktop'));
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', (_event, argv, workingDirectory) => {
    bringToFront();
    void openQueue.add(filesFromArgv(argv, argvOptions(workingDirectory)));
  });
  // Every web contents the app ever creates is locked down before it loads anything.
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  void openQueue.add(filesFromArgv(process.argv, argvOptions(process.cwd())));

  await startLog({ host: 'electron' });
  log.info('Desktop app starting', { version: app.getVersion(), electron: process.versions.electron });
  app.on('render-process-gone', (_event, _contents, details) =>
    log.error('A window stopped unexpectedly', { reason: details.reason, exitCode: details.exitCode }),
  );
  app.on('child-process-gone', (_event, details) =>
    log.error('A helper process stopped unexpectedly', { type: details.type, reason: details.reason, exitCode: details.exitCode }),
  );

  await app.whenReady();
  denyPermissionsEverywhere(app, [session.defaultSession, session.fromPartition(PRINT_PARTITION)]);
  // The library's saved theme, for the window's background and index.html's first paint (read once the library is open).
  let readTheme: () => Promise<ThemeChoice | undefined> = async () => undefined;
  serveAppProtocol(protocol, rendererDir, undefined, async () => (savedTheme = (await readTheme()) ?? savedTheme));
  if (app.isPackaged) setResourcesDir(join(process.resourcesPath, 'resources'));

  // The same library as the CLI and browser mode: <platform data folder>/library.
  const dir = resolveLibraryDir({ flag: desktopArgs(process.argv, argvSkip()).library, hostDefault: join(platformDataDir(), 'library') });
  let core: Core;
  try {
    core = await Core.open({ dir, host: 'electron', pdfPrinter: new ElectronPdfPrinter() });
  } catch (err) {
    log.error('The library could not be opened', { err });
    // In the app's language and the CLI's words; a library served in browser mode is named with its link.
    const language = app.getLocale().toLowerCase().startsWith('zh') ? 'zh' : 'en';
    dialog.showErrorBox(PRODUCT_NAME, await openRefusalSentence(err, dir, language).catch(() => (err as Error).message));
    await stopLog();
    app.exit(1);
    return;
  }
  readTheme = async () => (await core.api.getPreferences({})).theme;
  savedTheme = await readTheme().catch(() => undefined);
  registerApi(ipcMain, core, trusted);
  forwardEvents(core.events, () => mainWindows);
  registerHost(ipcMain, hostHandlers(core), trusted);

  const copyDiagnostics = async () => {
    const zh = app.getLocale().toLowerCase().startsWith('zh');
    try {
      const report = await core.api.diagnostics({});
      clipboard.writeText(formatDiagnostics(report));
      await dialog.showMessageBox({
        type: 'info',
        message: zh ? '诊断信息已复制到剪贴板。' : 'Diagnostics copied to the clipboard.',
        detail: zh
          ? '其中包含版本、文库统计和最近的错误，不含文章内容或批注。可粘贴到支持请求中。'
          : 'It holds versions, library counts and recent errors — no article text or notes. Paste it into a support request.',
      });
    } catch (err) {
      log.error('Could not copy diagnostics', { err });
      dialog.showErrorBox(PRODUCT_NAME, (err as Error).message);
    }
  };
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate(process.platform, PRODUCT_NAME, {
        language: app.getLocale().toLowerCase().startsWith('zh') ? 'zh' : 'en',
        copyDiagnostics: () => void copyDiagnostics(),
      }),
    ),
  );
  createMainWindow();
  started = true;
  void openQueue.start(async (paths) => (await core.api.importPaths({ paths, operation: 'opened-files' })).map(toOpenedOutcome));
  app.on('activate', () => {
    if (mainWindows.size === 0) createMainWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', (event) => {
    event.preventDefault();
    core
      .close()
      .catch((err) => log.error('The library did not close cleanly', { err }))
      .finally(() => void stopLog().finally(() => app.exit(0)));
  });
}

void main();
