/**
 * The bridge: exposes one `invoke(method, params)` that refuses names outside
 * the contract, `saveFile` for the save dialog, and the files the operating
 * system asked the app to open (`takeOpenedFiles`, `onFilesOpened`). No
 * ipcRenderer, no Node, no Electron event objects reach the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { METHOD_NAMES } from '../common/api';

const allowed = new Set<string>(METHOD_NAMES);

contextBridge.exposeInMainWorld('briefingDesk', {
  invoke(method: string, params: unknown) {
    if (typeof method !== 'string' || !allowed.has(method)) {
      return Promise.resolve({ ok: false, error: { code: 'unknown-method', message: `There is no API method named "${String(method)}".` } });
    }
    return ipcRenderer.invoke(`bd:${method}`, params);
  },
  saveFile(name: string, data: Uint8Array) {
    return ipcRenderer.invoke('bd-host:saveFile', name, data);
  },
  /** Outcomes of files opened from the operating system since the last call ("Open with Briefing Desk"). */
  takeOpenedFiles() {
    return ipcRenderer.invoke('bd-host:takeOpenedFiles');
  },
  /** Calls `listener` (with no arguments) whenever newly opened files are ready to take; returns an unsubscribe. */
  onFilesOpened(listener: () => void) {
    if (typeof listener !== 'function') return () => undefined;
    const wrapped = () => listener();
    ipcRenderer.on('bd-host:files-opened', wrapped);
    return () => {
      ipcRenderer.removeListener('bd-host:files-opened', wrapped);
    };
  },
});
