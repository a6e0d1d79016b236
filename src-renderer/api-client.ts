/**
 * The renderer's one typed client for the API contract. In the desktop app it
 * goes through the preload bridge (`window.briefingDesk`); in browser mode it
 * POSTs to `/api/<method>` with the launch token. Components never see which.
 */
import type { Api, MethodName } from '../src-main/common/api';
import { unwrapEnvelope, type Envelope } from '../src-main/common/envelope';
import { BdError, type ErrorInfo } from '../src-main/common/errors';
import { recordError } from './app/diagnostics';

export interface DesktopBridge {
  invoke(method: string, params: unknown): Promise<Envelope>;
  /** `error`: why the chosen path was not written (e.g. it is inside a library folder). */
  saveFile(suggestedName: string, data: Uint8Array): Promise<{ saved: boolean; path?: string; error?: ErrorInfo }>;
  /** Outcomes of files the operating system asked the app to open ("Open with"), each handed out once. */
  takeOpenedFiles?(): Promise<OpenedFileOutcome[]>;
  /** Calls `listener` when newly opened files are ready to take; returns an unsubscribe. */
  onFilesOpened?(listener: () => void): () => void;
}

/** One file opened from the operating system, imported by the desktop app (the import summary's shape). */
export type OpenedFileOutcome =
  | { file: string; status: 'imported'; id: string; title: string }
  | { file: string; status: 'duplicate'; id?: string; message: string }
  | { file: string; status: 'refused'; message: string };

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

async function httpCall(method: string, params: unknown, token: string): Promise<Envelope> {
  let response: Response;
  try {
    response = await fetch(`/api/${encodeURIComponent(method)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-briefing-token': token },
      body: JSON.stringify(params ?? {}),
    });
  } catch {
    throw new BdError('unavailable', 'Briefing Desk is not responding. Is the app still running?');
  }
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

/** Saves bytes: a save dialog in the desktop app, a download in browser mode. */
export async function saveBytes(name: string, data: Uint8Array, mime: string): Promise<boolean> {
  if (window.briefingDesk) {
    const result = await window.briefingDesk.saveFile(name, data);
    if (result.error) throw BdError.fromInfo(result.error);
    return result.saved;
  }
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
  const bridge = window.briefingDesk;
  if (!bridge?.takeOpenedFiles || !bridge.onFilesOpened) return () => undefined;
  const take = () => {
    bridge.takeOpenedFiles!()
      .then((outcomes) => outcomes.length && handle(outcomes))
      .catch((err: unknown) => recordError(err, 'opened-files'));
  };
  const off = bridge.onFilesOpened(take);
  take();
  return off;
}
