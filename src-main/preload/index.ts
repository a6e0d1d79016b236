/**
 * The bridge: `invoke` for the library contract's methods, `invokeHost` for
 * the host contract's (dialogs, opened files), `onEvent` for events, and
 * `pathForFile` (the path on disk of a dropped or picked file, so main reads
 * it — no bytes cross the bridge). Names are checked against the generated
 * list of channels (common/ipc-channels.ts), so this file imports neither the
 * contract nor zod and builds to a few KB. No ipcRenderer, no Node, no
 * Electron event objects reach the page.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { API_CHANNEL_PREFIX, API_METHODS, EVENT_CHANNEL_PREFIX, EVENTS, HOST_CHANNEL_PREFIX, HOST_METHODS } from '../common/ipc-channels';

const apiMethods = new Set(API_METHODS);
const hostMethods = new Set(HOST_METHODS);

function unknownMethod(method: unknown) {
  return Promise.resolve({ ok: false, error: { code: 'unknown-method', message: `There is no API method named "${String(method)}".` } });
}

contextBridge.exposeInMainWorld('briefingDesk', {
  invoke(method: string, params: unknown) {
    if (typeof method !== 'string' || !apiMethods.has(method)) return unknownMethod(method);
    return ipcRenderer.invoke(API_CHANNEL_PREFIX + method, params);
  },
  invokeHost(method: string, params: unknown) {
    if (typeof method !== 'string' || !hostMethods.has(method)) return unknownMethod(method);
    return ipcRenderer.invoke(HOST_CHANNEL_PREFIX + method, params);
  },
  /** Calls `listener(name, payload)` for every event; returns the unsubscribe. */
  onEvent(listener: (name: string, payload: unknown) => void) {
    if (typeof listener !== 'function') return () => undefined;
    const wrapped = EVENTS.map((name) => {
      const fn = (_event: unknown, payload: unknown) => listener(name, payload);
      ipcRenderer.on(EVENT_CHANNEL_PREFIX + name, fn);
      return [name, fn] as const;
    });
    return () => {
      for (const [name, fn] of wrapped) ipcRenderer.removeListener(EVENT_CHANNEL_PREFIX + name, fn);
    };
  },
  /** The path on disk of a File from a drop or a file input; '' for one that is not on disk. */
  pathForFile(file: File): string {
    try {
      return webUtils.getPathForFile(file);
    } catch {
      // Not a File of this page (or not a file on disk): no path; the page sends its bytes instead.
      return '';
    }
  },
});
