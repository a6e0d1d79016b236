/**
 * The renderer's one typed client for the API contract. In the desktop app it
 * goes through the preload bridge (`window.briefingDesk`); in browser mode it
 * POSTs to `/api/<method>` with the launch token. Components never see which.
 * Events (progress, library changes, opened files) arrive through one
 * subscription, `onApiEvent`: IPC in the desktop app, server-sent events on
 * `GET /events` in browser mode. The desktop app's host methods (dialogs,
 * opened files) are `desktopHost`, null in browser mode.
 */
import type { Api, ApiEvents, HostApi, HostEvents, HostMethodName, MethodName, OpenedFileOutcome } from '../src-main/common/api';
import { unwrapEnvelope, type Envelope } from '../src-main/common/envelope';
import { BdError } from '../src-main/common/errors';
import { recordError } from './app/diagnostics';

/** What the desktop app's preload exposes (src-main/preload/index.ts). */
export interface DesktopBridge {
  invoke(method: string, params: unknown): Promise<Envelope>;
  invokeHost(method: string, params: unknown): Promise<Envelope>;
  /** Calls `listener(name, payload)` for every event; returns the unsubscribe. */
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
  /** The path on disk of a dropped or picked file; '' when it has none. */
  pathForFile(file: File): string;
}

export type { OpenedFileOutcome };

/** Every event a window can hear: core's and the host's. */
export type WindowEvents = ApiEvents & HostEvents;

declare global {
  interface Window {
    briefingDesk?: DesktopBridge;
  }
}

const TOKEN_KEY = 'briefing-desk-token';

/**
 * The browser-mode launch token (DESIGN.md, "Browser-mode access"). The
 * printed link carries it in the fragment (`#token=…`), which is never sent to
 * a server; it is kept in this tab's sessionStorage, so reloads keep working,
 * and a token in the address bar always wins over a stored one, so the newest
 * link works even in a tab that held an older launch's token. The fragment is
 * then removed from the address bar, history and screenshots.
 */
export function launchToken(): string {
  const fromUrl = new URLSearchParams(window.location.hash.replace(/^#/, '')).get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

/**
 * A newer link pasted into a tab already showing the app changes only the
 * fragment, which does not reload the page: take the new token and start the
 * app afresh with it.
 */
function followNewerLinks(): void {
  window.addEventListener('hashchange', () => {
    if (!new URLSearchParams(window.location.hash.replace(/^#/, '')).get('token')) return;
    launchToken();
    window.location.reload();
  });
}

/** Window event sent once when browser mode finds it has no valid access token (see `accessRefused`). */
export const ACCESS_REFUSED = 'briefing-desk:access-refused';

let refusedAccess = false;

/** True once the server refused this page's token (or the page has none): no call is sent again until a new link is opened. */
export function accessRefused(): boolean {
  return refusedAccess;
}

/**
 * The error every call gets once access is refused (keyed `app.noToken`):
 * nothing more is sent, so the page does not retry for ever against 401s.
 */
function refuseAccess(): BdError {
  if (!refusedAccess) {
    refusedAccess = true;
    eventSource?.stop();
    eventSource = null;
    window.dispatchEvent(new Event(ACCESS_REFUSED));
  }
  return new BdError(
    'refused',
    'This page has no valid access token. Open the link printed by `briefing serve` or `npm start` when it started (it carries the token).',
    {
      key: 'app.noToken',
    },
  );
}

/** Largest body sent with `keepalive` (UTF-16 units: at most 48 KB of UTF-8, inside the browser's 64 KiB quota). */
const KEEPALIVE_MAX = 16_000;

async function httpCall(method: string, params: unknown, token: string): Promise<Envelope> {
  // Without a token, or once it was refused, every call would only be refused again.
  if (!token || refusedAccess) throw refuseAccess();
  let response: Response;
  const body = JSON.stringify(params ?? {});
  try {
    response = await fetch(`/api/${encodeURIComponent(method)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-briefing-token': token },
      body,
      // A call made while the page is hidden or unloading (the place reading stopped, saved on a reload or a
      // closed tab) must outlive the page: `keepalive`, which the browser allows for small bodies only.
      keepalive: document.visibilityState === 'hidden' && body.length <= KEEPALIVE_MAX,
    });
  } catch {
    throw new BdError('unavailable', 'Briefing Desk is not responding. Is the app still running?', { key: 'app.notResponding' });
  }
  if (response.status === 401) throw refuseAccess();
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('application/json')) {
    throw new BdError(response.status === 401 ? 'refused' : 'internal', (await response.text()) || `HTTP ${response.status}`);
  }
  return (await response.json()) as Envelope;
}

/** Window event sent when the library's problems change (a call came back with a new problems revision). */
export const PROBLEMS_CHANGED = 'briefing-desk:problems-changed';

let problemsSeen: number | undefined;

/** Every host stamps its answers with the library's problems revision; a change is announced to the app. */
function noticeProblems(envelope: Envelope): Envelope {
  const revision = (envelope as { problems?: unknown }).problems;
  if (typeof revision === 'number' && revision !== problemsSeen) {
    const first = problemsSeen === undefined;
    problemsSeen = revision;
    if (!first) window.dispatchEvent(new Event(PROBLEMS_CHANGED));
  }
  return envelope;
}

export function createClient(): Api & { host: 'electron' | 'browser' } {
  const bridge = window.briefingDesk;
  const token = bridge ? '' : launchToken();
  if (!bridge) followNewerLinks();
  const call = async (method: MethodName, params: unknown) =>
    unwrapEnvelope(noticeProblems(bridge ? await bridge.invoke(method, params ?? {}) : await httpCall(method, params, token)));
  return new Proxy({ host: bridge ? 'electron' : 'browser' } as Api & { host: 'electron' | 'browser' }, {
    get: (target, name: string) => {
      if (name === 'host') return target.host;
      if (name === 'then') return undefined;
      return (params: unknown) => call(name as MethodName, params);
    },
  });
}

export const api = createClient();

/** The desktop app's host methods (save/open dialogs, opened files); null in browser mode. */
export function desktopHost(): HostApi | null {
  const bridge = typeof window !== 'undefined' ? window.briefingDesk : undefined;
  if (!bridge) return null;
  return new Proxy({} as HostApi, {
    get: (_target, name: string) => {
      if (name === 'then') return undefined;
      return async (params: unknown) => unwrapEnvelope(await bridge.invokeHost(name as HostMethodName, params ?? {}));
    },
  });
}

/** The path on disk of a File (desktop app only); null in browser mode or for a file not on disk. */
export function pathOfFile(file: File): string | null {
  const path = window.briefingDesk?.pathForFile(file);
  return path ? path : null;
}

type AnyListener = (payload: unknown) => void;
const eventListeners = new Map<string, Set<AnyListener>>();
/** The open transport and the bridge it listens on (none in browser mode). */
let eventSource: { stop(): void; bridge: DesktopBridge | undefined } | null = null;

function deliver(name: string, payload: unknown): void {
  if (name === 'problemsChanged') window.dispatchEvent(new Event(PROBLEMS_CHANGED));
  for (const listener of eventListeners.get(name) ?? []) {
    try {
      listener(payload);
    } catch (err) {
      recordError(err, `event ${name}`);
    }
  }
}

/**
 * Reads the server's `GET /events` stream (browser mode) with the launch
 * token — EventSource cannot send a header — and hands each message to
 * `deliver`. Reconnects after a lost connection (1 s, doubling to 30 s).
 */
function openEventStream(token: string): { stop(): void } {
  const abort = new AbortController();
  let delay = 1000;
  const run = async () => {
    while (!abort.signal.aborted) {
      try {
        const response = await fetch('/events', { headers: { 'x-briefing-token': token }, signal: abort.signal });
        // The token was refused: retrying would only be refused again (the page says what to open instead).
        if (response.status === 401) {
          refuseAccess();
          return;
        }
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        delay = 1000;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = parseEventBlock(block);
            if (event) deliver(event.name, event.payload);
          }
        }
      } catch (err) {
        if (abort.signal.aborted) return;
        recordError(err, 'event stream');
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 30_000);
    }
  };
  void run();
  return { stop: () => abort.abort() };
}

/** One server-sent event block (`event: name` / `data: json`); null for comments and malformed blocks. */
export function parseEventBlock(block: string): { name: string; payload: unknown } | null {
  let name = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') name = value;
    else if (field === 'data') data.push(value);
  }
  if (!data.length) return null;
  try {
    return { name, payload: JSON.parse(data.join('\n')) };
  } catch {
    // A block that is not ours (or cut short): nothing to deliver.
    return null;
  }
}

/**
 * Subscribes to one event (progress, library changes, opened files…) from
 * whichever host shows the window; returns the unsubscribe. The first
 * subscription opens the transport (IPC listener or event stream).
 */
export function onApiEvent<K extends keyof WindowEvents>(name: K, listener: (payload: WindowEvents[K]) => void): () => void {
  let set = eventListeners.get(name);
  if (!set) eventListeners.set(name, (set = new Set()));
  set.add(listener as AnyListener);
  const bridge = window.briefingDesk;
  if (!eventSource || eventSource.bridge !== bridge) {
    eventSource?.stop();
    eventSource = null;
    const token = bridge ? '' : launchToken();
    // Without a bridge or a launch token (a component test) there is no host to hear from.
    if (bridge) eventSource = { stop: bridge.onEvent(deliver), bridge };
    else if (token && !refusedAccess) eventSource = { ...openEventStream(token), bridge };
  }
  return () => void set.delete(listener as AnyListener);
}

/** A label for one long piece of work, unique in this window, so its progress events can be told apart. */
export function newOperation(kind: string): string {
  return `${kind}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Saves text the window holds (an annotation export): the save dialog and a
 * write by main in the desktop app, a download in browser mode. False when
 * the user cancelled.
 */
export async function saveText(name: string, text: string, mime: string): Promise<boolean> {
  const host = desktopHost();
  if (host) return !!(await host.saveTextFile({ suggestedName: name, text })).path;
  return downloadBytes(name, new TextEncoder().encode(text), mime);
}

/** The bytes of a base64 string (an export's `dataBase64`). */
export function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/** How an export core makes is saved: straight into a chosen file (desktop) or as bytes to download (browser mode). */
export interface ExportTarget<F extends { fileName: string }, B extends { fileName: string; mime: string; dataBase64: string }> {
  /** The name the save dialog suggests. */
  suggestedName: string;
  filters?: { name: string; extensions: string[] }[];
  /** Core writes the export to `path` (a `…ToFile` method). */
  toFile(path: string): Promise<F>;
  /** Core's bytes of the export (browser mode). */
  toBytes(): Promise<B>;
}

/**
 * Saves an export core makes, the same call whatever hosts the window: in
 * the desktop app the save dialog (host contract) picks the path and core
 * writes the file there — no bytes cross into the window; in browser mode
 * core's bytes become a download. Resolves to what core answered, or null
 * when the user cancelled the dialog. Throws the core's error.
 */
export async function saveExport<F extends { fileName: string }, B extends { fileName: string; mime: string; dataBase64: string }>(
  target: ExportTarget<F, B>,
): Promise<F | B | null> {
  const host = desktopHost();
  if (host) {
    const { path } = await host.chooseSavePath({ suggestedName: target.suggestedName, ...(target.filters ? { filters: target.filters } : {}) });
    return path ? target.toFile(path) : null;
  }
  const file = await target.toBytes();
  downloadBytes(file.fileName, base64ToBytes(file.dataBase64), file.mime);
  return file;
}

/** Saves bytes as a download (browser mode; the desktop app writes files in main instead). */
export function downloadBytes(name: string, data: Uint8Array, mime: string): boolean {
  const url = URL.createObjectURL(new Blob([data as BlobPart], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return true;
}

/**
 * Subscribes to files opened from the operating system (desktop app only):
 * `handle` gets each batch of outcomes, including those that arrived before
 * the window was ready. Returns an unsubscribe; a no-op in browser mode.
 */
export function watchOpenedFiles(handle: (outcomes: OpenedFileOutcome[]) => void): () => void {
  const host = desktopHost();
  if (!host) return () => undefined;
  const take = () => {
    host
      .takeOpenedFiles({})
      .then((outcomes) => outcomes.length && handle(outcomes))
      .catch((err: unknown) => recordError(err, 'opened-files'));
  };
  const off = onApiEvent('filesOpened', take);
  take();
  return off;
}
