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
  /** `index/search-state.json`, removed once search.bin is replaced (it described the old one); absent for a half file. */
  statePath?: string;
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
  /**
   * This worker's checkpoint folder (`index/build-0`, `index/build-1`):
   * files `NNNN.bin` (index file format), each holding the articles indexed
   * since the one before.
   */
  checkpointDir: string;
  /** Take the articles the checkpoint files hold at their catalog version instead of indexing them again (else the files are removed first). */
  resume: boolean;
  /** Write search.bin at the end (the only or first worker); false: the last checkpoint file is the result (the second worker). */
  final: boolean;
  /** The other worker's checkpoint folder: joined (after a `join` message with ok) before search.bin is written, then removed. */
  join?: string;
  /**
   * The other worker's articles as the catalog has them now (with `join`):
   * of its files' records only these, at these versions, are joined — a
   * file written before a resume may hold an article deleted or changed since.
   */
  joinEntries?: Array<Pick<CatalogEntry, 'id' | 'modified' | 'contentHash'>>;
}

/** How a build ended: stopped before its end (saved to resume), articles whose files could not be read whole, articles taken from checkpoints instead of read again. */
export interface BuildOutcome {
  stopped: boolean;
  unreadable: number;
  resumed: number;
}

/** What the worker says. */
export type BuildMessage = { type: 'progress'; done: number; total: number } | ({ type: 'done' } & BuildOutcome) | { type: 'failed'; message: string };

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
  done: Promise<BuildOutcome>;
  stop(): void;
}

/** One worker's build: also told when the other half is ready to be joined (`BuildJob.join`). */
interface WorkerBuild extends RunningBuild {
  join(ok: boolean): void;
}

/** Starts the worker on `job`; `onProgress` gets articles done of total. Rejects when the worker fails or dies. */
export function runBuildWorker(spec: BuildWorkerSpec, job: BuildJob, onProgress: (done: number, total: number) => void): WorkerBuild {
  const worker = new Worker(spec.file, { eval: spec.eval ?? false });
  const done = new Promise<BuildOutcome>((resolve, reject) => {
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
      void worker.terminate();
    };
    worker.on('message', (m: BuildMessage) => {
      if (m.type === 'progress') onProgress(m.done, m.total);
      else if (m.type === 'done') finish(() => resolve({ stopped: m.stopped, unreadable: m.unreadable, resumed: m.resumed }));
      else finish(() => reject(new Error(`The search index build failed: ${m.message}`)));
    });
    worker.on('error', (err) => finish(() => reject(new Error(`The search index build worker failed: ${err.message}`))));
    worker.on('exit', (code) => finish(() => reject(new Error(`The search index build worker stopped (exit code ${code}).`))));
  });
  worker.postMessage({ type: 'build', job });
  // A message to a worker that has ended is dropped.
  return { done, stop: () => worker.postMessage({ type: 'stop' }), join: (ok) => worker.postMessage({ type: 'join', ok }) };
}

/**
 * Which half of a two-worker build an article belongs to (0 or 1): by its
 * id, so an interrupted build that resumes with fewer articles sends each
 * to the worker whose file already holds it. FNV-1a over UTF-16 units.
 */
export function halfOf(id: string): 0 | 1 {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h >>> 0) & 1 ? 1 : 0;
}

/**
 * Runs a build on both processor cores: `job`'s entries are split by
 * `halfOf`; the first worker extends `job.indexPath` with its half
 * (checkpoints in `job.checkpointDir`), the second indexes the other half
 * into checkpoint files in `otherDir` (resuming from them when
 * `job.resume`), and when both are done the first joins the second's files
 * and writes search.bin. Progress is the sum of both; `resumed` too. When
 * the second fails, the first saves its own half and the build answers as
 * the first's; `done` rejects when the first fails (the second is then
 * stopped).
 */
export function runTwoBuildWorkers(spec: BuildWorkerSpec, job: BuildJob, otherDir: string, onProgress: (done: number, total: number) => void): RunningBuild {
  const halves: [CatalogEntry[], CatalogEntry[]] = [[], []];
  for (const entry of job.entries) halves[halfOf(entry.id)].push(entry);
  const progress = [
    { done: 0, total: halves[0].length },
    { done: 0, total: halves[1].length },
  ];
  const report = (i: number) => (done: number, total: number) => {
    progress[i] = { done, total };
    onProgress(progress[0].done + progress[1].done, progress[0].total + progress[1].total);
  };
  const first = runBuildWorker(
    spec,
    { ...job, entries: halves[0], final: true, join: otherDir, joinEntries: halves[1].map(({ id, modified, contentHash }) => ({ id, modified, contentHash })) },
    report(0),
  );
  const second = runBuildWorker(
    spec,
    { ...job, entries: halves[1], statePath: undefined, base: false, remove: [], checkpointDir: otherDir, final: false, join: undefined },
    report(1),
  );
  let resumedSecond = 0;
  const secondDone = second.done.then(
    (outcome) => {
      resumedSecond = outcome.resumed;
      first.join(!outcome.stopped);
    },
    () => first.join(false),
  );
  const done = first.done.then(
    async (outcome) => {
      await secondDone;
      return { ...outcome, resumed: outcome.resumed + resumedSecond };
    },
    async (err: unknown) => {
      second.stop();
      await secondDone;
      throw err;
    },
  );
  return {
    done,
    stop: () => {
      first.stop();
      second.stop();
    },
  };
}
