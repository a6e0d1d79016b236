/**
 * Browser mode's app window: the interface in a chromeless window
 * (`--app=URL`) of an installed Chromium, Chrome or Edge, with its own
 * profile folder, so it shares no cookies, tabs or extensions with the user's
 * browsing. The browser is driven over the Chrome DevTools Protocol on a
 * private pipe (`--remote-debugging-pipe`, file descriptors 3 and 4; no port
 * other programs could reach): that is how the app knows the window was
 * closed (and then stops the server), brings it to the front when the app is
 * started again, and sends links the page opens to the system browser instead
 * of a tab of the app's profile.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { isSafeExternalUrl } from '../common/external-url';
import { DEFAULT_WINDOW_SIZE } from '../common/window-size';

export interface AppWindowOptions {
  /** The page to show (browser mode's URL with its access token). */
  url: string;
  /** Chromium, Chrome or Edge executable. */
  executablePath: string;
  /** The window's own browser profile, created if missing. */
  profileDir: string;
  /** More command-line switches (from BRIEFING_DESK_BROWSER_ARGS), e.g. --disable-gpu. */
  extraArgs?: readonly string[];
  /** Opens a link in the system browser; links the page opens in a new window go here. */
  openExternal?: (url: string) => void;
  /** Window size in CSS pixels (default DEFAULT_WINDOW_SIZE, as the desktop app; Chromium makes it smaller to fit the screen's work area). */
  size?: { width: number; height: number };
}

export interface AppWindow {
  /** The browser's process id. */
  readonly pid: number | undefined;
  /** Resolves when the app's window is gone (closed by the user, or the browser exited). */
  readonly closed: Promise<void>;
  /** Brings the window to the front; false when it is gone. */
  focus(): Promise<boolean>;
  /** Closes the window and the browser. */
  close(): Promise<void>;
}

/** Switches for a quiet, private, offline-friendly window (no first-run pages, no sync, no update checks). */
export function appWindowArgs(options: AppWindowOptions): string[] {
  const { width, height } = options.size ?? DEFAULT_WINDOW_SIZE;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  return [
    `--app=${options.url}`,
    `--user-data-dir=${options.profileDir}`,
    `--window-size=${width},${height}`,
    '--class=briefing-desk',
    '--remote-debugging-pipe',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-default-apps',
    '--disable-sync',
    '--disable-background-networking',
    '--disable-component-update',
    '--hide-crash-restore-bubble',
    // Chromium refuses to start as root without it (containers, some kiosk setups).
    ...(root ? ['--no-sandbox'] : []),
    ...(options.extraArgs ?? []),
  ];
}

/** A timer that never keeps the process alive on its own. */
function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
  openerId?: string;
}

/**
 * A minimal CDP client over the pipe: JSON messages separated by NUL bytes
 * (the format of `--remote-debugging-pipe`); commands get ids, events go to
 * `onEvent`.
 */
class PipeConnection {
  private nextId = 1;
  private pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private buffer = '';
  closed = false;

  constructor(
    private readonly out: Writable,
    input: Readable,
    private readonly onEvent: (method: string, params: Record<string, unknown>) => void,
  ) {
    input.setEncoding('utf8');
    input.on('data', (chunk: string) => this.receive(chunk));
    input.on('close', () => this.shut());
    input.on('error', () => this.shut());
    out.on('error', () => this.shut());
  }

  send<T = Record<string, unknown>>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    if (this.closed) return Promise.reject(new Error('The browser is gone.'));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.out.write(JSON.stringify({ id, method, params }) + '\0');
    });
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\0')) >= 0) {
      const text = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 1);
      let message: { id?: number; method?: string; params?: Record<string, unknown>; result?: unknown; error?: { message: string } };
      try {
        message = JSON.parse(text);
      } catch {
        // Chromium writes only JSON messages on this pipe; anything else is not a message for us.
        continue;
      }
      if (message.id !== undefined) {
        const waiter = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.error) waiter?.reject(new Error(message.error.message));
        else waiter?.resolve(message.result);
      } else if (message.method) {
        this.onEvent(message.method, message.params ?? {});
      }
    }
  }

  private shut(): void {
    if (this.closed) return;
    this.closed = true;
    for (const waiter of this.pending.values()) waiter.reject(new Error('The browser is gone.'));
    this.pending.clear();
  }
}

/**
 * The app window's browser could not be started. `message` is one sentence
 * for the user; `detail` is what the browser itself said (its last stderr
 * lines, or the spawn error) — for the log, not for the user's screen.
 */
export class BrowserStartError extends Error {
  constructor(
    readonly executablePath: string,
    readonly detail: string,
  ) {
    super(`The browser at ${executablePath} did not start.`);
    this.name = 'BrowserStartError';
  }
}

/**
 * Starts the browser with the app window and resolves once the browser
 * answers on its pipe. Rejects with the browser's own last words when it
 * exits before that (e.g. no display).
 */
export async function openAppWindow(options: AppWindowOptions): Promise<AppWindow> {
  mkdirSync(options.profileDir, { recursive: true });
  const child: ChildProcess = spawn(options.executablePath, appWindowArgs(options), {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
    windowsHide: false,
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  // After exit, once its output is read: for the browser's last words.
  const finished = new Promise<void>((resolve) => {
    child.once('close', () => resolve());
    child.once('error', () => resolve());
  });
  let spawnFailure: Error | undefined;
  const spawnError = new Promise<Error>((resolve) =>
    child.once('error', (err) => {
      spawnFailure = err;
      resolve(err);
    }),
  );

  const pages = new Map<string, TargetInfo>();
  let appTarget: string | null = null;
  let sawAppWindow = false;
  let markClosed: () => void = () => undefined;
  const windowGone = new Promise<void>((resolve) => (markClosed = resolve));
  let sawPage: () => void = () => undefined;
  const firstPage = new Promise<void>((resolve) => (sawPage = resolve));

  const connection = new PipeConnection(child.stdio[3] as Writable, child.stdio[4] as Readable, (method, params) => {
    const info = params.targetInfo as TargetInfo | undefined;
    if ((method === 'Target.targetCreated' || method === 'Target.targetInfoChanged') && info?.type === 'page') {
      pages.set(info.targetId, info);
      // The first page of a browser started with --app is the app window.
      if (!appTarget && !sawAppWindow) {
        appTarget = info.targetId;
        sawAppWindow = true;
        sawPage();
      }
      // A link the page opened in a new window: to the system browser, never a tab of this profile.
      if (info.targetId !== appTarget && info.openerId && info.openerId === appTarget && /^https?:/i.test(info.url)) {
        pages.delete(info.targetId);
        // Already closed by the user or the browser: nothing left to close.
        void connection.send('Target.closeTarget', { targetId: info.targetId }).catch(() => undefined);
        if (isSafeExternalUrl(info.url)) options.openExternal?.(info.url);
      }
    } else if (method === 'Target.targetDestroyed') {
      const id = params.targetId as string;
      pages.delete(id);
      if (id === appTarget) {
        appTarget = null;
        markClosed();
      }
    }
  });

  const ready = connection.send('Target.setDiscoverTargets', { discover: true });
  const outcome = await Promise.race([ready.then(() => 'ready' as const), finished.then(() => 'exited' as const), spawnError.then((e) => e)]).catch(
    async (err: Error) => {
      // The pipe broke: the browser is exiting; its own words say more than ours.
      await Promise.race([finished, delay(2000)]);
      return spawnFailure ?? (stderr.trim() ? ('exited' as const) : err);
    },
  );
  if (outcome !== 'ready') {
    child.kill();
    const detail = spawnFailure?.message ?? (outcome instanceof Error ? outcome.message : stderr.trim().split('\n').slice(-20).join('\n'));
    throw new BrowserStartError(options.executablePath, detail);
  }
  // The window's page is announced with (or just after) the answer; give a slow start a moment.
  await Promise.race([firstPage, exited, delay(10_000)]);

  const closed = Promise.race([exited, windowGone]).then(async () => {
    // Closing the app window closes the browser too (on macOS it would stay running without windows).
    if (child.exitCode === null && child.signalCode === null) {
      // A browser that does not take the command is killed just below.
      await Promise.race([connection.send('Browser.close').catch(() => undefined), exited]);
      await Promise.race([exited, delay(3000)]);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill();
        await exited;
      }
    }
  });

  return {
    pid: child.pid,
    closed,
    async focus() {
      if (!appTarget) return false;
      try {
        await connection.send('Target.activateTarget', { targetId: appTarget });
        return true;
      } catch {
        // The window went away meanwhile: the caller then starts a new one.
        return false;
      }
    },
    async close() {
      if (!sawAppWindow && !appTarget) markClosed();
      // Already gone (the user closed it, or the browser exited): markClosed below settles the rest.
      if (appTarget) await connection.send('Target.closeTarget', { targetId: appTarget }).catch(() => undefined);
      markClosed();
      await closed;
    },
  };
}
