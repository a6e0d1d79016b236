/**
 * The application log, one for every host (desktop app, browser mode, CLI):
 * NDJSON lines written by pino to `<data folder>/logs/briefing-desk.log`
 * through rotating-file-stream, which moves it to `briefing-desk.log.1`
 * (and `.1` to `.2`, …) when it reaches LOG_FILE_SIZE and keeps
 * LOG_FILES_KEPT such older files, like logrotate. pino writes into the
 * stream in this process (no worker thread, which a bundled Electron main
 * cannot start); hosts call `stopLog` before exiting so nothing buffered is lost.
 *
 * What is logged: codes, ids, file names, counts, error messages and stacks —
 * never an article's text, a quote, a note or a title: messages go through
 * `withoutQuotedText` (common/redact.ts), which replaces every quoted span
 * (how messages name an article, a briefing or a file) with `“…”`. Each line
 * written while a library is open carries that library's key (`lib`,
 * `libraryKey`: a hash of its folder, never its name), so one library's
 * diagnostics leave out the lines of the others that share the folder.
 * `BRIEFING_DESK_LOG_DIR` moves the folder (tests). Until a host calls
 * `startLog`, lines go nowhere.
 *
 * The file is opened, and pino and rotating-file-stream loaded, when the
 * first line is written (lines written meanwhile are kept in order and
 * written then): most CLI commands log nothing, and loading them was ~25 ms
 * of CPU of every command's start.
 */
import type { Logger } from 'pino';
import type { RotatingFileStream } from 'rotating-file-stream';
import { constants, promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';
import { BdError } from '../../common/errors';
import type { DiagnosticsLogEntry } from '../../common/contract/diagnostics';
import { platformDataDir } from '../library/paths';
import { withoutQuotedText } from '../../common/redact';

/** Name of the file in use; older ones are `briefing-desk.log.1` (newest) to `.LOG_FILES_KEPT`. */
export const LOG_FILE = 'briefing-desk.log';
/** Size at which the file is rotated (rotating-file-stream's notation: 1 MB). */
export const LOG_FILE_SIZE = '1M';
/** Older files kept besides the one in use. */
export const LOG_FILES_KEPT = 3;

/** Fields a log line may carry. `err` is any thrown value; the rest are plain ids, names and counts. */
export interface LogFields {
  err?: unknown;
  [key: string]: unknown;
}

/** One warning or error read back from the log: the contract's DiagnosticsLogEntry. */
export type LogProblem = DiagnosticsLogEntry;

const LEVEL_NAMES: Record<number, LogProblem['level']> = { 40: 'warn', 50: 'error', 60: 'fatal' };

/** The folder of the log files: `BRIEFING_DESK_LOG_DIR`, else `<data folder>/logs`. */
export function logDir(): string {
  const env = process.env.BRIEFING_DESK_LOG_DIR;
  return env ? resolve(env) : join(platformDataDir(), 'logs');
}

/** An error as a log field: kind, code, message and the stack's first lines; never a BdError's `detail`. */
function serializeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  return {
    type: err.name,
    ...(err instanceof BdError ? { code: err.code, ...(err.field ? { field: err.field } : {}) } : {}),
    ...(typeof (err as NodeJS.ErrnoException).code === 'string' ? { code: (err as NodeJS.ErrnoException).code } : {}),
    message: withoutQuotedText(err.message.slice(0, 2000)),
    stack: err.stack?.split('\n').slice(1, 9).join('\n'),
  };
}

type Level = 'info' | 'warn' | 'error';
/** What writing a line needs of a logger: pino's, or one that drops every line. */
type Sink = Pick<Logger, Level>;
const SILENT: Sink = { info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as Sink;

let logger: Sink = SILENT;
let stream: RotatingFileStream | null = null;
/** Set by `startLog` until the file is open: where to open it, at the first line written. */
let toOpen: { dir: string; host: string; size: string } | null = null;
/** Lines written while the file was not yet open, in order (written once it is). */
let waiting: Array<{ level: Level; fields: LogFields | undefined; message: string }> = [];
let opening: Promise<void> | null = null;
/** Where this process logs: `file` is null when the log could not be opened (`reason`), or was never started. */
export interface LogState {
  dir: string;
  file: string | null;
  reason?: string;
}

let started: LogState | null = null;

/** This process's log: its folder and current file, or why there is none. */
export function logState(): LogState {
  return started ?? { dir: logDir(), file: null, reason: 'not started by this host' };
}

/**
 * Opens the log for this process (once; later calls return the same folder).
 * A folder that cannot be written leaves the app working without a log: the
 * result is then `{ dir, file: null, reason }`. `size` overrides LOG_FILE_SIZE.
 */
export async function startLog(options: { host: string; dir?: string; size?: string }): Promise<LogState> {
  if (started?.file) return started;
  const dir = options.dir ?? logDir();
  try {
    await fs.mkdir(dir, { recursive: true });
    await fs.access(dir, constants.W_OK);
    toOpen = { dir, host: options.host, size: options.size ?? LOG_FILE_SIZE };
    started = { dir, file: join(dir, LOG_FILE) };
    return started;
  } catch (err) {
    started = { dir, file: null, reason: (err as Error).message };
    return started;
  }
}

/** Opens the file `startLog` named (once), then writes the lines that waited for it. A file that cannot be opened leaves the log silent. */
function openLog(): Promise<void> {
  const target = toOpen;
  if (opening || !target) return opening ?? Promise.resolve();
  opening = (async () => {
    try {
      const [{ default: pino }, { createStream }] = await Promise.all([import('pino'), import('rotating-file-stream')]);
      const s = createStream(LOG_FILE, { path: target.dir, size: target.size, rotate: LOG_FILES_KEPT });
      await new Promise<void>((opened, failed) => {
        s.once('open', () => opened());
        s.once('error', failed);
      });
      // A log that stops being writable (disk full, folder removed) must never stop the app.
      s.on('error', () => {
        logger = SILENT;
      });
      stream = s;
      logger = pino(
        {
          level: process.env.BRIEFING_DESK_LOG_LEVEL || 'info',
          base: { pid: process.pid, host: target.host },
          timestamp: pino.stdTimeFunctions.isoTime,
          serializers: { err: serializeError },
        },
        s,
      );
    } catch (err) {
      logger = SILENT;
      if (started) started = { dir: target.dir, file: null, reason: (err as Error).message };
    }
    if (toOpen === target) toOpen = null;
    for (const line of waiting.splice(0)) emit(line.level, line.message, line.fields);
  })();
  return opening;
}

/**
 * Resolves once every line written so far is in the file: the file opened
 * (it opens at the first line) and the stream's writes before this call
 * done. For reading the log back in the same process (`recentProblems` in a
 * diagnostics report made right after a failure). Never rejects.
 */
export async function logWritten(): Promise<void> {
  await opening;
  const s = stream;
  if (!s) return;
  // Writes are done in order: an empty one's callback comes after every write before it.
  await new Promise<void>((done) => {
    try {
      s.write('', () => done());
    } catch {
      done();
    }
  });
}

export async function stopLog(): Promise<void> {
  await opening;
  const s = stream;
  stream = null;
  started = null;
  toOpen = null;
  opening = null;
  waiting = [];
  logger = SILENT;
  if (!s) return;
  await new Promise<void>((done) => {
    s.once('error', () => done());
    s.end(() => done());
  });
}

/** Keys of the libraries open in this process, oldest first; lines carry the newest's (`lib`). */
const openLibraries: string[] = [];

/**
 * Tags the lines that follow with a library's key (`libraryKey`; Core.open)
 * until the returned function is called (Core.close); with several open,
 * lines carry the most recently opened one still open.
 */
export function tagLogWithLibrary(key: string): () => void {
  openLibraries.push(key);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const at = openLibraries.lastIndexOf(key);
    if (at >= 0) openLibraries.splice(at, 1);
  };
}

function emit(level: Level, message: string, fields: LogFields | undefined): void {
  try {
    if (fields) logger[level](fields, message);
    else logger[level](message);
  } catch {
    // Logging is best effort by design: a failure to record a failure must not become a second one.
  }
}

function write(level: Level, message: string, fields?: LogFields): void {
  try {
    const library = openLibraries.at(-1);
    const tagged = library ? { ...fields, lib: library } : fields;
    const text = withoutQuotedText(message);
    if (toOpen) {
      waiting.push({ level, fields: tagged, message: text });
      void openLog();
      return;
    }
    emit(level, text, tagged);
  } catch {
    // Logging is best effort by design: a failure to record a failure must not become a second one.
  }
}

export const log = {
  info: (message: string, fields?: LogFields) => write('info', message, fields),
  warn: (message: string, fields?: LogFields) => write('warn', message, fields),
  error: (message: string, fields?: LogFields) => write('error', message, fields),
};

/**
 * The last `limit` warnings and errors in the log folder, newest first,
 * read from the newest file backwards. Lines that are not the log's JSON are
 * skipped; with `library` (a `libraryKey`), so are lines of other libraries
 * (lines of no library — a host starting, or written by an older version —
 * stay). Messages come back without quoted text, also from older lines.
 */
export async function recentProblems(limit = 20, dir = logDir(), library?: string): Promise<LogProblem[]> {
  const pattern = new RegExp(`^${LOG_FILE.replace('.', '\\.')}(?:\\.(\\d+))?$`);
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    // No log folder yet (nothing was ever logged here): no problems to report.
    return [];
  }
  // The file in use first, then .1 (the newest rotated), .2, …
  const files = names
    .map((name) => ({ name, match: pattern.exec(name) }))
    .filter((f) => f.match)
    .map((f) => ({ name: f.name, n: Number(f.match![1] ?? 0) }))
    .sort((a, b) => a.n - b.n);
  const problems: LogProblem[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await fs.readFile(join(dir, file.name), 'utf8');
    } catch {
      // Removed by rotation between readdir and read: the older files still count.
      continue;
    }
    const lines = text.split('\n');
    for (let i = lines.length - 1; i >= 0 && problems.length < limit; i--) {
      const problem = parseProblem(lines[i], library);
      if (problem) problems.push(problem);
    }
    if (problems.length >= limit) break;
  }
  return problems;
}

function parseProblem(line: string, library: string | undefined): LogProblem | null {
  if (!line.startsWith('{')) return null;
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    // A line cut short by a crash mid-write: skipped, the rest of the file still reads.
    return null;
  }
  const level = LEVEL_NAMES[entry.level as number];
  if (!level) return null;
  if (library && typeof entry.lib === 'string' && entry.lib !== library) return null;
  const err = (entry.err ?? {}) as Record<string, unknown>;
  const problem: LogProblem = { time: String(entry.time ?? ''), level, msg: withoutQuotedText(String(entry.msg ?? '')) };
  if (typeof entry.host === 'string') problem.host = entry.host;
  const code = err.code ?? err.type;
  if (typeof code === 'string') problem.code = code;
  if (typeof err.message === 'string') problem.error = withoutQuotedText(err.message);
  if (typeof err.stack === 'string') problem.stack = err.stack;
  return problem;
}
