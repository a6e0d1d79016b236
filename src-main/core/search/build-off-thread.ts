/**
 * Runs an index build in the build worker (`build-worker.ts`, built as
 * `out/main/search-worker.js`) and reports its progress. Where the built
 * worker is not present (tests and tools that run the TypeScript sources)
 * `searchWorkerFile` answers undefined and the index builds in its own
 * thread, in slices, as before.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CatalogEntry } from '../../common/model';

/** What the worker is asked to do. Paths are absolute. */
export interface BuildJob {
  /** `<library>/articles`: the worker reads `<id>/article.json` and `<id>/annotations.json` there. */
  articlesDir: string;
  /** `index/search.bin`, written atomically through `tmpDir`. */
  indexPath: string;
  /** `index/search-state.json`, removed once search.bin is replaced (it described the old one). */
  statePath: string;
  tmpDir: string;
  /** The articles to index, as the catalog has them now. */
  entries: CatalogEntry[];
  /** Start from the index in `indexPath` (extend it) rather than from nothing. */
  base: boolean;
  /** Articles to drop from the base index. */
  remove: string[];
  mergeEntries?: number;
  /** Save every this many articles, at most every `checkpointMs`. */
  checkpointArticles: number;
  checkpointMs: number;
}

/** What the worker says. */
export type BuildMessage =
  { type: 'progress'; done: number; total: number } | { type: 'done'; stopped: boolean; unreadable: number } | { type: 'failed'; message: string };

/** How to start the worker: its script's path, or with `eval` the script's code (tests load the TypeScript source through tsx that way). */
export interface BuildWorkerSpec {
  file: string;
  eval?: boolean;
}

/** out/main/search-worker.js, from this module in out/main or out/main/chunks; undefined when not built. */
export function searchWorkerFile(): BuildWorkerSpec | undefined {
  for (const relative of ['./search-worker.js', '../search-worker.js']) {
    try {
      const file = fileURLToPath(new URL(relative, import.meta.url));
      if (existsSync(file)) return { file };
    } catch {
      // not a file URL (bundled for another host): build in this thread
    }
  }
  return undefined;
}

/** A build under way: `done` settles when the worker has saved and ended; `stop` asks it to save and end now. */
export interface RunningBuild {
  done: Promise<{ stopped: boolean; unreadable: number }>;
  stop(): void;
}

/** Starts the worker on `job`; `onProgress` gets articles done of total. Rejects when the worker fails or dies. */
export function runBuildWorker(spec: BuildWorkerSpec, job: BuildJob, onProgress: (done: number, total: number) => void): RunningBuild {
  const worker = new Worker(spec.file, { eval: spec.eval ?? false });
  const done = new Promise<{ stopped: boolean; unreadable: number }>((resolve, reject) => {
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
      void worker.terminate();
    };
    worker.on('message', (m: BuildMessage) => {
      if (m.type === 'progress') onProgress(m.done, m.total);
      else if (m.type === 'done') finish(() => resolve({ stopped: m.stopped, unreadable: m.unreadable }));
      else finish(() => reject(new Error(`The search index build failed: ${m.message}`)));
    });
    worker.on('error', (err) => finish(() => reject(new Error(`The search index build worker failed: ${err.message}`))));
    worker.on('exit', (code) => finish(() => reject(new Error(`The search index build worker stopped (exit code ${code}).`))));
  });
  worker.postMessage({ type: 'build', job });
  return { done, stop: () => worker.postMessage({ type: 'stop' }) };
}
