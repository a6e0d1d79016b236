/**
 * What "Copy diagnostics" puts on the clipboard, built in one place: the app
 * version, the host (desktop or browser mode), the user agent, the language,
 * the error with its stack and the component stack, and the last errors the
 * renderer recorded. Never article text, notes or titles: only error messages
 * and names of code. Other sources (library statistics, the main process's
 * log) join here as further sections.
 */
import { version } from '../../package.json';

export interface RecordedError {
  /** ISO 8601 time it happened. */
  at: string;
  /** Where it was caught: an area of the window (`reader`, `library`…) or a service (`preferences`). */
  where: string;
  message: string;
  /** The core's error code (BdError), when there is one. */
  code?: string;
}

const MAX_RECORDED = 20;
const recorded: RecordedError[] = [];

function messageOf(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return typeof err === 'string' ? err : JSON.stringify(err) ?? String(err);
}

/** Keeps an error for the diagnostics (the last 20). */
export function recordError(err: unknown, where: string, now: Date = new Date()): void {
  const code = err && typeof err === 'object' && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
  recorded.push({ at: now.toISOString(), where, message: messageOf(err), ...(code ? { code } : {}) });
  if (recorded.length > MAX_RECORDED) recorded.splice(0, recorded.length - MAX_RECORDED);
}

/** The errors recorded so far, oldest first. */
export function recordedErrors(): readonly RecordedError[] {
  return recorded;
}

export interface DiagnosticsInput {
  /** The area whose error is being reported (e.g. `reader`). */
  area?: string;
  error?: unknown;
  /** React's component stack for the error. */
  componentStack?: string;
}

export interface DiagnosticsEnvironment {
  version: string;
  host: string;
  userAgent: string;
  language: string;
  now: Date;
}

function environment(): DiagnosticsEnvironment {
  return {
    version,
    host: typeof window !== 'undefined' && window.briefingDesk ? 'desktop' : 'browser',
    userAgent: typeof navigator !== 'undefined' ? navigator.userAgent : '',
    language: typeof document !== 'undefined' ? document.documentElement.lang : '',
    now: new Date(),
  };
}

/** The diagnostics as plain text, one `key: value` per line, sections separated by a blank line. */
export function diagnosticsReport(input: DiagnosticsInput = {}, env: DiagnosticsEnvironment = environment()): string {
  const lines = [
    'Briefing Desk diagnostics',
    `version: ${env.version}`,
    `host: ${env.host}`,
    `time: ${env.now.toISOString()}`,
    `user agent: ${env.userAgent}`,
    `language: ${env.language}`,
  ];
  if (input.error !== undefined) {
    lines.push('', `error in: ${input.area ?? 'unknown'}`, messageOf(input.error));
    const stack = input.error instanceof Error ? input.error.stack : undefined;
    if (stack) lines.push('stack:', ...stack.split('\n').map((l) => `  ${l.trim()}`).filter((l) => l.trim()));
    if (input.componentStack) lines.push('component stack:', ...input.componentStack.split('\n').map((l) => `  ${l.trim()}`).filter((l) => l.trim()));
  }
  if (recorded.length) {
    lines.push('', 'recent errors:');
    for (const e of recorded) lines.push(`  ${e.at} [${e.where}]${e.code ? ` (${e.code})` : ''} ${e.message}`);
  }
  return lines.join('\n') + '\n';
}
