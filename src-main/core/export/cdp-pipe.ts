/**
 * A headless Chromium driven over the Chrome DevTools Protocol on a pipe
 * (`--remote-debugging-pipe`: the browser reads NUL-terminated JSON messages
 * on its file descriptor 3 and writes its own on 4), with no client library:
 * the print engine needs a dozen protocol methods, and the automation library
 * it used before (playwright-core, a 3 MB bundle) took 0.3 s of CPU to load
 * before the browser could even be started — the better part of a second
 * under load, on every CLI export.
 *
 * Protocol: https://chromedevtools.github.io/devtools-protocol/ (flat
 * sessions: a message for an attached target carries its `sessionId`).
 * Each browser gets a profile folder of its own under the system temp
 * folder (`briefing-desk-print-<pid>-XXXXXX`, the pid of the process that
 * started it), removed when it closes or the process exits. On POSIX the
 * browser leads a process group of its own (its zygote, renderers and
 * utility processes are in it), so ending it ends every process that could
 * still write in the folder. A process killed outright (SIGKILL, a crash)
 * cannot remove its folder: its browser ends when the pipe closes, and the
 * next browser this program starts removes the folders of processes that
 * are gone (`removeStaleProfiles`).
 *
 * Node only (child_process, fs).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, promises as fs, rmSync } from 'node:fs';
import { processAlive, startedAfter } from '../library/process-start';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

/** One protocol event: `method`, its `params`, and the session (target) it came from, if any. */
export interface CdpEvent {
  method: string;
  params: Record<string, unknown>;
  sessionId?: string;
}

/** A protocol error answered by the browser: the method and the browser's message. */
export class CdpError extends Error {
  constructor(
    readonly method: string,
    message: string,
  ) {
    super(`${method}: ${message}`);
    this.name = 'CdpError';
  }
}

interface Pending {
  method: string;
  resolve: (result: Record<string, unknown>) => void;
  reject: (err: Error) => void;
}

/** Browsers started by this process and not yet closed: killed if the process exits first. */
const running = new Set<ChromiumProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const browser of running) browser.kill();
    for (const browser of running) browser.removeProfileNow();
  });
}

/** Profile folders of print engines: the prefix, then the pid of the process that started the browser. */
const PROFILE_PREFIX = 'briefing-desk-print-';
const PROFILE_NAME = /^briefing-desk-print-(\d+)-/;
/** On POSIX the browser leads a process group of its own: killing the group ends its child processes too. */
const OWN_GROUP = process.platform !== 'win32';

let swept: Promise<string[]> | undefined;

/**
 * Removes the profile folders in `dir` (default: the system temp folder)
 * left by print engines of processes that are gone — killed outright or
 * crashed, so their exit hook never ran. A folder counts as left when the
 * pid in its name is no running process, or names a process that started
 * after the folder last changed (the id was handed out again). Folders of
 * this process and of live ones stay; a folder that cannot be removed (another
 * user's) is left. Resolves with the paths removed; never rejects.
 */
export async function removeStaleProfiles(dir: string = tmpdir()): Promise<string[]> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const pid = Number(PROFILE_NAME.exec(name)?.[1] ?? NaN);
    if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) continue;
    const path = join(dir, name);
    if (processAlive(pid)) {
      const changed = await fs.stat(path).then(
        (s) => new Date(s.mtimeMs).toISOString(),
        () => undefined,
      );
      if (!(await startedAfter(pid, changed))) continue;
    }
    const ok = await fs.rm(path, { recursive: true, force: true, maxRetries: 3, retryDelay: 50 }).then(
      () => true,
      () => false,
    );
    if (ok) removed.push(path);
  }
  return removed;
}

export interface LaunchOptions {
  /** The browser executable. */
  executablePath: string;
  /** Extra command-line switches (the pipe, headless mode and the profile folder are added). */
  args: readonly string[];
  /** How long the browser may take to answer its first message, ms. */
  timeout: number;
}

/**
 * A running browser and its protocol connection. `send` calls a method (on
 * the browser, or on an attached target's session); `onEvent` listens to
 * events; `exited` settles when the process has ended, for whatever reason.
 */
export class ChromiumProcess {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(event: CdpEvent) => void>();
  private buffered: Buffer[] = [];
  private stderrTail = '';
  private ended: Error | null = null;
  /** Settles once the browser process has ended (never rejects). */
  readonly exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    private readonly profileDir: string,
  ) {
    const [, , stderr, toBrowser, fromBrowser] = child.stdio as [null, null, Readable, Writable, Readable];
    this.toBrowser = toBrowser;
    stderr.setEncoding('utf8');
    // Kept for the error message when the browser fails to start; drained so it can never block the browser.
    stderr.on('data', (text: string) => {
      this.stderrTail = (this.stderrTail + text).slice(-2000);
    });
    fromBrowser.on('data', (chunk: Buffer) => this.receive(chunk));
    toBrowser.on('error', () => undefined); // the pipe breaks when the browser ends; `exited` reports it
    fromBrowser.on('error', () => undefined);
    this.exited = new Promise((resolve) => {
      let settled = false;
      const done = (err: Error) => {
        if (!this.ended) this.ended = err;
        for (const p of this.pending.values()) p.reject(new CdpError(p.method, err.message));
        this.pending.clear();
        running.delete(this);
        if (settled) return;
        settled = true;
        // The folder, then settled. The last writes of the processes just killed may still land for a moment
        // (ENOTEMPTY): retried, and a folder that cannot be removed never keeps `exited` from settling.
        void fs
          .rm(this.profileDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 })
          .catch(() => undefined)
          .then(() => resolve());
      };
      child.once('error', (err) => done(err));
      child.once('exit', (code, signal) => {
        // Its children outlive it for a moment (and write in the folder): ended with it.
        this.killGroup();
        done(new Error(`the browser exited (${signal ?? `code ${code}`})${this.stderrTail.trim() ? `: ${lastLine(this.stderrTail)}` : ''}`));
      });
    });
  }

  private readonly toBrowser: Writable;

  /**
   * Starts the browser and waits until it answers (`Browser.getVersion`).
   * Rejects with the reason (no such file, the browser's last message on
   * stderr, or the timeout) and leaves no process or folder behind.
   */
  static async launch(options: LaunchOptions): Promise<{ browser: ChromiumProcess; product: string }> {
    const profileDir = mkdtempSync(join(tmpdir(), `${PROFILE_PREFIX}${process.pid}-`));
    let child: ChildProcess;
    try {
      child = spawn(
        options.executablePath,
        [...options.args, '--headless', '--hide-scrollbars', `--user-data-dir=${profileDir}`, '--remote-debugging-pipe', '--no-startup-window'],
        // Its own process group (POSIX), so that `kill` ends its children too. It still ends with this process:
        // the browser quits when its end of the pipe closes.
        { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'], detached: OWN_GROUP },
      );
    } catch (err) {
      rmSync(profileDir, { recursive: true, force: true });
      throw err;
    }
    const browser = new ChromiumProcess(child, profileDir);
    running.add(browser);
    installExitHook();
    // Once per process, beside the start: what earlier processes killed outright left behind.
    swept ??= removeStaleProfiles();
    let timer: NodeJS.Timeout | undefined;
    try {
      const version = await Promise.race([
        browser.send('Browser.getVersion'),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`the browser did not answer within ${options.timeout} ms`)), options.timeout);
        }),
      ]);
      return { browser, product: String(version.product ?? '') };
    } catch (err) {
      browser.kill();
      await browser.exited;
      throw browser.ended && !(err instanceof Error && /did not answer/.test(err.message)) ? browser.ended : err;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Calls a protocol method; resolves with its result, rejects with a
   * `CdpError` (the browser's error, or the browser having ended).
   */
  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    if (this.ended) return Promise.reject(new CdpError(method, this.ended.message));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { method, resolve, reject });
      this.toBrowser.write(JSON.stringify(sessionId ? { id, method, params, sessionId } : { id, method, params }) + '\0');
    });
  }

  /** Calls `listener` with every event until the returned function is called. */
  onEvent(listener: (event: CdpEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The browser's process id (on POSIX also its process group's), undefined if it never started. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Whether the browser process has ended. */
  get closed(): boolean {
    return this.ended !== null;
  }

  /** Asks the browser to close, and kills it if it has not ended within `graceMs`; resolves once it has ended. */
  async close(graceMs = 5000): Promise<void> {
    if (!this.ended) {
      this.send('Browser.close').catch(() => undefined);
      const timer = setTimeout(() => this.kill(), graceMs);
      await this.exited;
      clearTimeout(timer);
    }
    await this.exited;
  }

  /**
   * Removes the profile folder now, synchronously (the process is exiting),
   * after `kill`: retried for a moment while the killed processes' last
   * writes land. What cannot be removed is left to `removeStaleProfiles`.
   */
  removeProfileNow(): void {
    try {
      rmSync(this.profileDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 10 });
    } catch {
      // Left for the next start's removeStaleProfiles.
    }
  }

  /** Ends the browser and, on POSIX, every process of its group (zygote, renderers, utilities) at once (SIGKILL). */
  kill(): void {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.killGroup();
    this.child.kill('SIGKILL');
  }

  /** SIGKILL to the browser's process group, if it has one and any member is left. */
  private killGroup(): void {
    if (!OWN_GROUP || !this.child.pid) return;
    try {
      process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      // No process of the group is left.
    }
  }

  private receive(chunk: Buffer): void {
    let start = 0;
    for (let end = chunk.indexOf(0); end !== -1; end = chunk.indexOf(0, start)) {
      this.buffered.push(chunk.subarray(start, end));
      const text = Buffer.concat(this.buffered).toString('utf8');
      this.buffered = [];
      start = end + 1;
      this.dispatch(text);
    }
    if (start < chunk.length) this.buffered.push(chunk.subarray(start));
  }

  private dispatch(text: string): void {
    let message: {
      id?: number;
      result?: Record<string, unknown>;
      error?: { message?: string };
      method?: string;
      params?: Record<string, unknown>;
      sessionId?: string;
    };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      return; // not a protocol message: nothing waits on it
    }
    if (typeof message.id === 'number') {
      const call = this.pending.get(message.id);
      if (!call) return;
      this.pending.delete(message.id);
      if (message.error) call.reject(new CdpError(call.method, message.error.message ?? 'failed'));
      else call.resolve(message.result ?? {});
    } else if (message.method) {
      const event: CdpEvent = { method: message.method, params: message.params ?? {}, ...(message.sessionId ? { sessionId: message.sessionId } : {}) };
      for (const listener of this.listeners) listener(event);
    }
  }
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1].trim();
}
