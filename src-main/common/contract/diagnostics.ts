/**
 * Diagnostics: what a user copies into a support request when something goes
 * wrong — versions, library counts, library problems, the search index's
 * state and the last warnings and errors of the log. Never article text,
 * titles, quotes or notes: only counts, ids, codes, file names and messages.
 */
import { z } from 'zod';
import { method } from './define';
import type { SearchIndexStatusInfo } from '../search/status';

/** One warning or error from the log, newest first. */
export interface DiagnosticsLogEntry {
  /** ISO 8601. */
  time: string;
  level: 'warn' | 'error' | 'fatal';
  /** Which host wrote it: `electron`, `browser` or `cli`. */
  host?: string;
  msg: string;
  /** The error's code (`not-found`, `ENOENT`, …) or class name. */
  code?: string;
  error?: string;
  /** The first lines of the stack: code locations only. */
  stack?: string;
}

export interface DiagnosticsReport {
  /** ISO 8601, when the report was made. */
  generated: string;
  app: { name: string; version: string };
  host: 'electron' | 'browser' | 'cli';
  /** Versions of the process that answered (in the desktop app, Electron's main process). */
  runtime: {
    node: string;
    v8: string;
    electron?: string;
    chromium?: string;
    /** `process.platform` and `process.arch`, e.g. `win32`/`x64`. */
    platform: string;
    arch: string;
    /** The OS's name and release, e.g. `Windows 10 Pro 10.0.19045`. */
    os: string;
    /** The process's locale as Intl reports it. */
    locale: string;
  };
  library: {
    /** The library folder, the home folder written as `~`. */
    path: string;
    articles: number;
    annotations: number;
    briefings: number;
    tags: number;
    /** What the library could not read or moved aside (kind, the file, the article's id): no titles. */
    problems: { kind: string; file?: string; articleId?: string }[];
    index: SearchIndexStatusInfo;
  };
  log: {
    /** The log folder (home as `~`); `file` is null when it could not be opened (`reason`). */
    dir: string;
    file: string | null;
    reason?: string;
    problems: DiagnosticsLogEntry[];
  };
}

export const diagnosticsContract = {
  /** `recent`: how many of the last log warnings and errors to include (default 20). */
  diagnostics: method(z.object({ recent: z.number().int().min(0).max(200).default(20) }).strict())<DiagnosticsReport>(),
} as const;
