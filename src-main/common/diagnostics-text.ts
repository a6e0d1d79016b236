/**
 * The diagnostics report (contract/diagnostics.ts) as plain text, the form
 * that is copied to the clipboard and printed by `briefing diagnostics`:
 * one `key: value` line per fact, then the log's recent warnings and errors.
 * English on purpose: it is read by whoever answers the support request.
 */
import type { DiagnosticsReport } from './contract/diagnostics';

/** Facts the client adds about itself (e.g. the renderer's browser), shown under "Client". */
export type ClientFacts = Record<string, string>;

/** The report as text; `client` adds lines about the window that asked (browser, language). */
export function formatDiagnostics(report: DiagnosticsReport, client: ClientFacts = {}): string {
  const r = report.runtime;
  const lib = report.library;
  const index = lib.index;
  const lines = [
    `Briefing Desk diagnostics (${report.generated})`,
    '',
    `App:          ${report.app.name} ${report.app.version} (${report.host})`,
    ...(r.electron ? [`Electron:     ${r.electron}`] : []),
    ...(r.chromium ? [`Chromium:     ${r.chromium}`] : []),
    `Node:         ${r.node} (V8 ${r.v8})`,
    `OS:           ${r.os} (${r.platform} ${r.arch}), locale ${r.locale}`,
    ...Object.entries(client).map(([k, v]) => `${(k + ':').padEnd(14)}${v}`),
    '',
    `Library:      ${lib.path}`,
    `Articles:     ${lib.articles}`,
    `Annotations:  ${lib.annotations}`,
    `Briefings:    ${lib.briefings}`,
    `Tags:         ${lib.tags}`,
    `Search index: ${index.state}, ${index.documents} documents` +
      (index.progress ? `, ${index.progress.done}/${index.progress.total}` : '') +
      (index.lastError ? ` — ${index.lastError}` : ''),
    `Problems:     ${lib.problems.length === 0 ? 'none' : lib.problems.length}`,
    ...lib.problems.map((p) => `  - ${p.kind}${p.articleId ? ` (article ${p.articleId})` : ''}${p.file ? `: ${p.file}` : ''}`),
    '',
    `Log:          ${report.log.file ?? `none (${report.log.reason ?? 'unknown'})`}`,
    `Recent warnings and errors: ${report.log.problems.length === 0 ? 'none' : report.log.problems.length}`,
  ];
  for (const p of report.log.problems) {
    lines.push(`  ${p.time} ${p.level.toUpperCase()}${p.host ? ` [${p.host}]` : ''} ${p.msg}${p.code ? ` (${p.code})` : ''}${p.error ? `: ${p.error}` : ''}`);
    if (p.stack) lines.push(...p.stack.split('\n').map((s) => `      ${s.trim()}`));
  }
  return lines.join('\n');
}
