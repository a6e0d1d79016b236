/**
 * The bridge: exposes one `invoke(method, params)` that refuses names outside
 * the contract, and `saveFile` for the save dialog. No ipcRenderer, no Node.
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
});
