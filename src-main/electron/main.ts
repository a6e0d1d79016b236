/**
 * Desktop shell: app lifecycle, the single-instance lock, the main window with
 * the security settings of DESIGN.md, the menu, and IPC into the core. Thin
 * on purpose: everything the user does is a contract method answered by core.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, shell } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promises as fs } from 'node:fs';
import { Core } from '../core/core';
import { resolveLibraryDir } from '../core/library/paths';
import { setResourcesDir } from '../core/resources';
import { isSafeExternalUrl, secureWindowOptions } from './window-options';
import { registerApi } from './ipc';
import { menuTemplate } from './menu';
import { ElectronPdfPrinter } from './print';

const here = dirname(fileURLToPath(import.meta.url));
const rendererIndex = join(here, '../renderer/index.html');
const devUrl = process.env.ELECTRON_RENDERER_URL;
const trustedPrefixes = () => [devUrl ?? pathToFileURL(rendererIndex).href];

function argValue(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  if (i >= 0) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(flag + '='));
  return eq?.slice(flag.length + 1);
}

let mainWindow: BrowserWindow | null = null;

function createMainWindow(): BrowserWindow {
  const win = new BrowserWindow(secureWindowOptions('main', join(here, '../preload/index.cjs')));
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  if (devUrl) void win.loadURL(devUrl);
  else void win.loadFile(rendererIndex);
  return win;
}

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  await app.whenReady();
  if (app.isPackaged) setResourcesDir(join(process.resourcesPath, 'resources'));

  const dir = resolveLibraryDir({ flag: argValue('--library'), hostDefault: join(app.getPath('userData'), 'library') });
  let core: Core;
  try {
    core = await Core.open({ dir, host: 'electron', pdfPrinter: new ElectronPdfPrinter() });
  } catch (err) {
    dialog.showErrorBox('Briefing Desk', (err as Error).message);
    app.exit(1);
    return;
  }
  registerApi(ipcMain, core, trustedPrefixes);
  ipcMain.handle('bd-host:saveFile', async (event, name: unknown, data: unknown) => {
    if (!event.senderFrame || event.senderFrame.parent !== null || !trustedPrefixes().some((p) => event.senderFrame!.url.startsWith(p))) {
      return { saved: false };
    }
    if (typeof name !== 'string' || !(data instanceof Uint8Array)) return { saved: false };
    const owner = BrowserWindow.fromWebContents(event.sender) ?? undefined;
    const result = owner
      ? await dialog.showSaveDialog(owner, { defaultPath: name.replace(/[\\/]/g, '_') })
      : await dialog.showSaveDialog({ defaultPath: name.replace(/[\\/]/g, '_') });
    if (result.canceled || !result.filePath) return { saved: false };
    await fs.writeFile(result.filePath, data);
    return { saved: true, path: result.filePath };
  });

  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(process.platform, 'Briefing Desk')));
  mainWindow = createMainWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createMainWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', (event) => {
    event.preventDefault();
    core.close().finally(() => app.exit(0));
  });
}

void main();
