/**
 * "Open with Briefing Desk": files the operating system hands the app — in
 * the command line on Windows and Linux (double-click of an associated file,
 * "Open with", a file dropped on the shortcut), in `open-file` events on
 * macOS, and in the command line of a second instance, which Electron
 * forwards to the running one. They are queued until the library is open,
 * imported one by one (a bad file never stops the rest), and the outcomes
 * wait for the window to collect them.
 */
import { statSync } from 'node:fs';
import { basename, extname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SUPPORTED_EXTENSIONS } from '../core/import/index';
import { parseArgs, type FlagSpec } from '../common/argv';
import type { OpenedFileOutcome } from '../common/contract/host';

export type { OpenedFileOutcome };

/** The desktop app's own options; every other switch (Chromium's, the operating system's) is passed over. */
export const DESKTOP_FLAGS: Record<string, FlagSpec> = { library: { type: 'string' } };

/** The desktop app's command line, read with the CLI's parser: `--library DIR` and the files to open. */
export function desktopArgs(argv: readonly string[], skip: number): { library?: string; positionals: string[] } {
  const parsed = parseArgs(argv.slice(skip), DESKTOP_FLAGS, { unknown: 'skip' });
  const library = parsed.flags.library;
  return { positionals: parsed.positionals, ...(typeof library === 'string' ? { library } : {}) };
}

export interface ArgvOptions {
  /** The folder relative paths are resolved against (the launching process's working directory). */
  cwd: string;
  /** How many leading entries are the program itself: 1 when packaged, 2 for `electron <app>`. */
  skip: number;
  /** Test seam for the file system. */
  isFile?: (path: string) => boolean;
}

function defaultIsFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    // Not there (a switch, a stale path): not a file to import.
    return false;
  }
}

/**
 * The files named in a command line: every entry after the program that is
 * not an option (`-x`, `--x`, `--x=y`, or the value of `--library`), given as a path or a `file:` URL (Linux desktop
 * entries pass `%U`), resolved against `cwd`, and either an existing file or
 * a name with an importable extension (so a missing file is reported rather
 * than ignored). Order kept, duplicates dropped.
 */
export function filesFromArgv(argv: readonly string[], options: ArgvOptions): string[] {
  const isFile = options.isFile ?? defaultIsFile;
  const out: string[] = [];
  for (const arg of desktopArgs(argv, options.skip).positionals) {
    let path = arg;
    if (/^file:/i.test(arg)) {
      try {
        path = fileURLToPath(arg);
      } catch {
        // A file: URL of another machine (file://host/…) is not a local file to import.
        continue;
      }
    }
    path = isAbsolute(path) ? path : resolve(options.cwd, path);
    if (!isFile(path) && !SUPPORTED_EXTENSIONS.includes(extname(path).toLowerCase())) continue;
    if (!out.includes(path)) out.push(path);
  }
  return out;
}

/** The outcome shown to the user: the file's name rather than its full path. */
export function toOpenedOutcome(outcome: {
  file: string;
  status: string;
  id?: string;
  title?: string;
  message?: string;
  messageZh?: string;
}): OpenedFileOutcome {
  const file = basename(outcome.file);
  const zh = outcome.messageZh ? { messageZh: outcome.messageZh.split(outcome.file).join(file) } : {};
  if (outcome.status === 'imported') return { file, status: 'imported', id: String(outcome.id), title: String(outcome.title ?? '') };
  if (outcome.status === 'duplicate')
    return { file, status: 'duplicate', ...(outcome.id ? { id: outcome.id } : {}), message: String(outcome.message ?? ''), ...zh };
  return { file, status: 'refused', message: String(outcome.message ?? ''), ...zh };
}

/**
 * Collects requested files until `start` is called with the importer, then
 * imports each batch in order (one at a time, never two batches at once) and
 * keeps the outcomes until the window takes them. `onDelivered` runs after
 * each batch (the app tells the window and brings it to the front).
 */
export class OpenFileQueue {
  private pending: string[] = [];
  private outcomes: OpenedFileOutcome[] = [];
  private importer: ((paths: string[]) => Promise<OpenedFileOutcome[]>) | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly onDelivered: () => void = () => undefined) {}

  /** Queues files; imports them at once when the importer is set. */
  add(paths: readonly string[]): Promise<void> {
    for (const p of paths) if (!this.pending.includes(p)) this.pending.push(p);
    return this.flush();
  }

  /** Sets the importer (when the library is open) and imports what was queued so far. */
  start(importer: (paths: string[]) => Promise<OpenedFileOutcome[]>): Promise<void> {
    this.importer = importer;
    return this.flush();
  }

  /** Outcomes not yet shown; each outcome is handed out once. */
  take(): OpenedFileOutcome[] {
    const out = this.outcomes;
    this.outcomes = [];
    return out;
  }

  private flush(): Promise<void> {
    this.running = this.running.then(async () => {
      if (!this.importer || !this.pending.length) return;
      const batch = this.pending;
      this.pending = [];
      let results: OpenedFileOutcome[];
      try {
        results = await this.importer(batch);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        results = batch.map((p) => ({ file: basename(p), status: 'refused' as const, message }));
      }
      this.outcomes.push(...results);
      this.onDelivered();
    });
    return this.running;
  }
}
