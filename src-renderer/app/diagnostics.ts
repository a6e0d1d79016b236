/**
 * What "Copy diagnostics" puts on the clipboard, built in one place: the app
 * version, the host (desktop or browser mode), the user agent, the language,
 * the error with its stack and the component stack, and the last errors the
 * renderer recorded. Never article text, notes or titles: only error messages
 * and names of code. `fullDiagnostics` puts the core's report (the
 * `diagnostics` contract method: versions of the process that serves the
 * library, library counts and problems, index state, the log's last
 * errors; common/diagnostics-text.ts) in front of this window's own section.
 */
import { version } from '../../package.json';
import type { DiagnosticsReport } from '../../src-main/common/contract/diagnostics';
import { formatDiagnostics } from '../../src-main/common/diagnostics-text';
import { withoutQuotedText } from '../../src-main/common/redact';

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

/** An error as one line, without the titles and quotes its message names (common/redact.ts). */
function messageOf(err: unknown): string {
  if (err instanceof Error) return withoutQuotedText(`${err.name}: ${err.message}`);
  return withoutQuotedText(typeof err === 'string' ? err : (JSON.stringify(err) ?? String(err)));
}

/** Keeps an error for the diagnostics (the last 20). */
export function recordError(err: unknown, where: string, now: Date = new Date()): void {
  const code = err && typeof err === 'object' && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
  recorded.push({ at: now.toISOString(), where, message: messageOf(err), ...(code ? { code } : {}) });
  if (recorded.length > MAX_RECORDED) recorded.splice(0, recorded.length - MAX_RECORDED);
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
    if (stack)
      lines.push(
        'stack:',
        ...stack
          .split('\n')
          .map((l) => `  ${withoutQuotedText(l.trim())}`)
          .filter((l) => l.trim()),
      );
    if (input.componentStack)
      lines.push(
        'component stack:',
        ...input.componentStack
          .split('\n')
          .map((l) => `  ${l.trim()}`)
          .filter((l) => l.trim()),
      );
  }
  if (recorded.length) {
    lines.push('', 'recent errors:');
    for (const e of recorded) lines.push(`  ${e.at} [${e.where}]${e.code ? ` (${e.code})` : ''} ${e.message}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * Everything "Copy diagnostics" copies: the core's report, then this
 * window's section (`diagnosticsReport`). `fetchReport` is the contract call
 * (`api.diagnostics`); when it fails (the core is what broke), the window's
 * section is still copied, with the reason the rest is missing.
 */
export async function fullDiagnostics(
  input: DiagnosticsInput,
  fetchReport: () => Promise<DiagnosticsReport>,
  env: DiagnosticsEnvironment = environment(),
): Promise<string> {
  try {
    const report = await fetchReport();
    return `${formatDiagnostics(report, { Window: env.host, Browser: env.userAgent, Language: env.language })}\n\n${diagnosticsReport(input, env)}`;
  } catch (err) {
    // Recorded first, so the window's recent errors below show it too.
    recordError(err, 'diagnostics', env.now);
    return `Library diagnostics unavailable: ${messageOf(err)}\n\n${diagnosticsReport(input, env)}`;
  }
}
