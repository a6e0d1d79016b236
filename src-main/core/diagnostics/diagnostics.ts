/**
 * The `diagnostics` method (src-main/common/contract/diagnostics.ts): a
 * report to paste into a support request. It holds versions, counts, codes,
 * ids and file names only — never an article's text or title, a quote or a
 * note (messages without quoted text, common/redact.ts), and of the shared
 * log only this library's lines — and writes the home folder as `~`.
 */
import { readFileSync } from 'node:fs';
import { homedir, release, type as osType, version as osVersion } from 'node:os';
import type { HandlersOf } from '../../common/contract/define';
import type { DiagnosticsReport, diagnosticsContract } from '../../common/contract/diagnostics';
import type { CoreContext } from '../context';
import { logState, logWritten, recentProblems, log } from './log';
import { libraryKey } from '../library/paths';
import { withoutQuotedText } from '../../common/redact';
import { version as appVersion } from '../../../package.json';

/** How many articles' annotation files are read at once when counting. */
const COUNT_CONCURRENCY = 16;

/** `path` with the home folder written as `~` (the user's name stays out of a pasted report). */
export function withoutHome(path: string, home = homedir()): string {
  return home && (path === home || path.startsWith(home + '/') || path.startsWith(home + '\\')) ? '~' + path.slice(home.length) : path;
}

/** How long the report waits for the search index to finish loading before it reports it as loading. */
const INDEX_WAIT_MS = 5000;

/** `Windows 10 Pro (10.0.19045)`, `Debian GNU/Linux 13 (trixie) (6.12.0)`, `Darwin 24.1.0 (…)`. */
function osName(): string {
  let name = `${osType()} ${release()}`;
  try {
    if (process.platform === 'win32') name = `${osVersion()} (${release()})`;
    else if (process.platform === 'linux') {
      const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1];
      if (pretty) name = `${pretty} (${release()})`;
    } else name = `${osType()} ${release()} (${osVersion()})`;
  } catch {
    // No /etc/os-release (an unusual distribution): the kernel's name and release still say which system it is.
  }
  return name;
}

/** Resolves when `ready` does or after `ms`, whichever is first; the timer never keeps the process alive. */
async function settled(ready: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([ready, new Promise((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}

async function countAnnotations(ctx: CoreContext, ids: string[]): Promise<number> {
  let total = 0;
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++];
      try {
        // Awaited first: `total += await …` would read `total` before the wait and lose the other workers' counts.
        const count = (await ctx.annotations.list(id)).length;
        total += count;
      } catch (err) {
        // A damaged file is already a library problem (quarantined and listed); the count goes on.
        log.warn('Could not count the annotations of an article', { articleId: id, err });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(COUNT_CONCURRENCY, ids.length) }, worker));
  return total;
}

/** Builds the report (see DiagnosticsReport for every field). */
export async function diagnosticsReport(ctx: CoreContext, recent = 20): Promise<DiagnosticsReport> {
  const { store } = ctx;
  const ids = Object.keys(store.catalog.articles);
  const search = await ctx.search();
  await settled(search.ready, INDEX_WAIT_MS);
  const status = search.status();
  // Lines this process wrote just before (the failure being reported) are read back with the others.
  await logWritten();
  const state = logState();
  return {
    generated: new Date().toISOString(),
    app: { name: 'Briefing Desk', version: appVersion },
    host: ctx.host,
    runtime: {
      node: process.versions.node,
      v8: process.versions.v8,
      ...(process.versions.electron ? { electron: process.versions.electron } : {}),
      ...(process.versions.chrome ? { chromium: process.versions.chrome } : {}),
      platform: process.platform,
      arch: process.arch,
      os: osName(),
      locale: Intl.DateTimeFormat().resolvedOptions().locale,
    },
    library: {
      path: withoutHome(store.dir),
      articles: ids.length,
      annotations: await countAnnotations(ctx, ids),
      briefings: Object.keys(store.catalog.briefings).length,
      tags: store.tags.length,
      problems: store.warnings.map((w) => ({
        kind: w.kind,
        ...(w.file ? { file: withoutHome(w.file) } : {}),
        ...(w.articleId ? { articleId: w.articleId } : {}),
      })),
      index: {
        state: status.state,
        documents: status.documents,
        ...(status.progress ? { progress: status.progress } : {}),
        ...(status.lastError ? { lastError: withoutQuotedText(status.lastError) } : {}),
      },
    },
    log: {
      dir: withoutHome(state.dir),
      file: state.file ? withoutHome(state.file) : null,
      ...(state.reason ? { reason: state.reason } : {}),
      // This library's lines (and those of no library): the log folder is shared by every library on the machine.
      problems: recent > 0 ? await recentProblems(recent, state.dir, libraryKey(store.dir)) : [],
    },
  };
}

export function diagnosticsHandlers(ctx: CoreContext): HandlersOf<typeof diagnosticsContract> {
  return {
    diagnostics: (p) => diagnosticsReport(ctx, p.recent),
  };
}
