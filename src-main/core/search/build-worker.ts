/**
 * The search index build worker: a worker_thread that reads articles and
 * their annotations straight from the library folder, indexes them and
 * writes `index/search.bin`, so a build of tens of thousands of articles
 * never competes with the main thread (the app, the browser-mode server, the
 * CLI) for its event loop. Every so often (`checkpointArticles` /
 * `checkpointMs`) it writes what it indexed since the last time as the next
 * checkpoint file of its folder (`job.checkpointDir`: `index/build-0/` or
 * `index/build-1/`, files `NNNN.bin` in the index file format), so a build
 * stopped by a quit or a crash resumes from there (`job.resume`: articles a
 * checkpoint holds at their catalog version are not read again); on `stop`
 * it writes one and ends at once.
 *
 * Two of them can build one index on the two halves of the articles
 * (`runTwoBuildWorkers`): the second only writes checkpoint files
 * (`job.final` false: its last one when its half is done); the first, when
 * its half is done, waits for the `join` message, joins everything (posting
 * lists copied as they are, `segment-concat.ts`) — the saved index it
 * extends, its own checkpoints and runs, the second's checkpoint files —
 * writes search.bin once and removes both folders.
 *
 * Messages (`BuildJob` and `BuildMessage` in build-off-thread.ts): `{ type:
 * 'build', job }`, `{ type: 'join', ok }` and `{ type: 'stop' }` in; `{
 * type: 'progress', done, total }`, then `{ type: 'done', stopped,
 * unreadable }` or `{ type: 'failed', message }` out. It only reads article
 * files (a damaged one is indexed by its catalog fields, as the main thread
 * does, and left for the store to report) and writes only its index file,
 * atomically (and removes the half file it joined).
 */
import { promises as fs, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { annotationsKind, articleKind, decodeFile, type FileKind } from '../library/file-kinds';
import { writeFileDurable } from '../library/durable-file';
import type { CompactSegment } from './compact-segment';
import { ArticleReader, type ArticleFiles } from './article-reader';
import { BuildRun } from './build-run';
import { DEFAULT_MERGE_ENTRIES, InvertedIndex } from './inverted-index';
import { concatMany } from './segment-concat';
import {
  annotationNotesText,
  articleFields,
  indexFileFor,
  INDEX_RULES_VERSION,
  loadIndexFile,
  notesFingerprint,
  segmentFileFor,
  type DocRecord,
} from './index-manifest';
import { openPostingsOf } from './index-file';
import type { CatalogEntry } from '../../common/model';
import type { BuildJob, BuildMessage } from './build-off-thread';

/** Articles read between two turns of the event loop (a `stop` message is seen at the next turn). */
const READ_BATCH = 8;
/** At most this often a progress message. */
const PROGRESS_MS = 100;
/**
 * A pause in ms after each read batch, from BRIEFING_DESK_INDEX_BUILD_PACE_MS
 * (default 0: none). The end-to-end test of the index indicator sets it, so a
 * build of a few thousand articles lasts long enough for a window opened
 * after the library to see it on any machine; the build itself is the real one.
 */
const PACE_MS = Math.max(0, Math.min(1_000, Number(process.env.BRIEFING_DESK_INDEX_BUILD_PACE_MS) || 0));

let stopping = false;
/** Settles with the `join` message's `ok` (false on `stop`). */
let joinSignal: (ok: boolean) => void = () => undefined;
const joinReady = new Promise<boolean>((resolve) => (joinSignal = resolve));
/** True once the `join` message (or a `stop`) has come. */
let joinAnswered = false;

function post(message: BuildMessage): void {
  parentPort!.postMessage(message);
}

/** A file's text decoded by its kind; null when it could not be read or is not valid. */
function decodeKind<T>(kind: FileKind<T>, text: string | null): T | null {
  if (text === null) return null;
  const decoded = decodeFile(kind, text);
  return decoded.ok ? decoded.data : null;
}

/**
 * An article's text and notes from its files as read (`article-reader.ts`:
 * read ahead in a thread of their own, or in this thread where that
 * thread cannot run).
 */
function docOf(files: ArticleFiles): { text: string; notes: string; notesState: string; textRead: boolean } {
  // Unreadable: indexed by its catalog fields (textRead false), retried on the next open, reported by the store when opened.
  const article = decodeKind(articleKind, files.article);
  // Unreadable notes (damaged, or from a newer version): none indexed, and the article counts as not read whole
  // (textRead false: counted as unsearchable in part, retried on the next open, when the store reports the file).
  const annotations = decodeKind(annotationsKind, files.annotations);
  const notesRead = annotations !== null || files.annotationsMissing;
  const notes = annotations ? annotationNotesText(annotations.annotations) : '';
  // The stamp was taken before the file was read: a write in between leaves it older than the notes, and the next open reads them again.
  return { text: article?.text ?? '', notes, notesState: notesRead ? notesFingerprint(files.stamp, notes) : '', textRead: article !== null && notesRead };
}

/** A run of documents indexed together: a compact segment, its documents' article ids (null: deleted) and parts. */
interface Run {
  segment: CompactSegment;
  ids: Array<string | null>;
  parts: Uint8Array;
}

function runOf(engine: InvertedIndex): Run {
  const { segment, ids, parts } = engine.snapshot();
  return { segment, ids: [...ids], parts };
}

/** Concatenates runs in order in one pass (`concatMany`: each posting copied once); undefined for none. */
async function joinAll(runs: Run[]): Promise<Run | undefined> {
  if (runs.length <= 1) return runs[0];
  const segment = await concatMany(runs.map((r) => r.segment));
  for (const r of runs) r.segment.postings.close();
  const parts = new Uint8Array(runs.reduce((n, r) => n + r.parts.length, 0));
  let at = 0;
  for (const r of runs) {
    parts.set(r.parts, at);
    at += r.parts.length;
  }
  return { segment, ids: runs.flatMap((r) => r.ids), parts };
}

/** Checkpoint files of a folder (`NNNN.bin`), by number. */
export function checkpointFiles(dir: string): Array<{ number: number; path: string }> {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .map((name) => /^([0-9]{4,})\.bin$/.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ number: Number(m[1]), path: join(dir, m[0]) }))
    .sort((a, b) => a.number - b.number);
}

/** Checkpoint file `n` of `dir`. */
function checkpointPath(dir: string, n: number): string {
  return join(dir, `${String(n).padStart(4, '0')}.bin`);
}

/**
 * The checkpoint files of `dir` as runs, keeping only documents of articles
 * in `wanted` at the catalog's version (`modified` and `contentHash`) and
 * not already held (each article once, the first file holding it wins);
 * the rest are deleted documents of their run. A file that cannot be read
 * is removed (its work is done again). Fills `docs`.
 */
async function loadCheckpoints(dir: string, wanted: ReadonlyMap<string, CatalogEntry>, docs: Record<string, DocRecord>, mergeEntries?: number): Promise<Run[]> {
  const runs: Run[] = [];
  for (const file of checkpointFiles(dir)) {
    const loaded = loadIndexFile(file.path, mergeEntries);
    // Written under older indexing rules (a build interrupted before an upgrade): its work is done again, so no
    // article is taken as it was indexed then, and no file of this folder names an article another one re-indexes.
    if (!loaded.ok || loaded.rules < INDEX_RULES_VERSION) {
      if (loaded.ok) loaded.engine.close();
      await fs.rm(file.path, { force: true });
      continue;
    }
    runs.push(await currentOnly(loaded, wanted, docs));
  }
  return runs;
}

/**
 * A checkpoint file's run with only the articles `wanted` holds at the
 * version the file indexed (`modified` and content hash, text read whole),
 * each once: an article deleted or changed since the file was written, or
 * already in `docs` from an earlier file, is dropped from the run (its
 * documents deleted). The kept ones' records go into `docs`.
 */
async function currentOnly(
  loaded: Extract<ReturnType<typeof loadIndexFile>, { ok: true }>,
  wanted: ReadonlyMap<string, Pick<CatalogEntry, 'modified' | 'contentHash'>>,
  docs: Record<string, DocRecord>,
): Promise<Run> {
  for (const [id, record] of loaded.docs.entries()) {
    const entry = wanted.get(id);
    if (entry && !docs[id] && record.contentHash !== '' && record.modified === entry.modified && record.contentHash === entry.contentHash) docs[id] = record;
    else loaded.engine.remove(id);
  }
  // Both parts of an article were dropped above; only its notes part can be left without a body record (none is written).
  await loaded.engine.merge({ reclaim: false });
  return runOf(loaded.engine);
}

/**
 * Builds the index in runs: articles go to a `BuildRun` until it holds
 * `mergeEntries` postings, which then becomes a run (a small compact
 * segment, sorted from the run's entries: `build-run.ts`). The runs are
 * joined only when a checkpoint is written and at the end, all at once
 * (`concatMany`, a heap over their dictionaries), so each posting is copied
 * at most twice: into its checkpoint file and into search.bin (joining
 * eight runs of a tier at a time copied each about log₈(runs) + 2 times,
 * two at a time log₂(runs) + 2: a fifth of a build at 100,000 articles).
 *
 * A checkpoint writes only the runs since the previous one, joined, as the
 * next file of `job.checkpointDir` (`NNNN.bin`, the index file format),
 * and from then on reads that run's postings from its file: nothing written
 * before is rewritten (a checkpoint that rewrote one growing file cost
 * about half of a build's time at 100,000 articles). At the end the first
 * worker joins the saved index (`job.base`), its checkpoints, what it holds
 * since, and the other worker's checkpoint files (`job.join`), writes
 * search.bin once and removes both folders.
 */
async function build(job: BuildJob): Promise<void> {
  const docs: Record<string, DocRecord> = {};
  const total = job.entries.length;
  const wanted = new Map(job.entries.map((e) => [e.id, e]));
  /** Runs of earlier checkpoint files (postings read from their files), in order. */
  const saved: Run[] = [];
  /** Runs since the last checkpoint, in order: joined all at once (`concatMany`) when the checkpoint is written, or at the end. */
  const stack: Run[] = [];
  let base: Run | null = null;
  const loaded = job.base ? loadIndexFile(job.indexPath, job.mergeEntries) : null;
  if (loaded && !loaded.ok) throw new Error(`the saved index cannot be extended: ${loaded.reason}`);
  if (loaded?.ok) {
    for (const [id, record] of loaded.docs.entries()) docs[id] = record;
    // Removed articles, and the old documents of those indexed again here, stay in the base as deleted documents.
    for (const id of job.remove) {
      loaded.engine.remove(id);
      delete docs[id];
    }
    for (const entry of job.entries) {
      loaded.engine.remove(entry.id);
      delete docs[entry.id];
    }
    await loaded.engine.merge({ reclaim: false });
    base = runOf(loaded.engine);
  }
  // Synchronous: a fresh build reaches its first batch before it reads a `stop` (so a quit always leaves some work saved).
  mkdirSync(job.checkpointDir, { recursive: true });
  if (job.resume) saved.push(...(await loadCheckpoints(job.checkpointDir, wanted, docs, job.mergeEntries)));
  else for (const file of checkpointFiles(job.checkpointDir)) rmSync(file.path, { force: true });
  let nextFile = (checkpointFiles(job.checkpointDir).pop()?.number ?? 0) + 1;
  const entries = job.entries.filter((e) => !docs[e.id]);
  /** Articles checkpoints already held: counted as done. */
  const skipped = total - entries.length;

  /** The articles since the last run ended (`build-run.ts`: no memory segment, sorted into a segment at the end). */
  const run = new BuildRun();
  const runEntries = job.mergeEntries ?? DEFAULT_MERGE_ENTRIES;
  const flushRun = (): void => {
    if (run.documents) stack.push(run.finish());
  };
  /** Writes the runs since the last checkpoint as the next checkpoint file. */
  const checkpoint = async (): Promise<void> => {
    flushRun();
    const fresh = await joinAll(stack.splice(0));
    if (!fresh) return;
    const path = checkpointPath(job.checkpointDir, nextFile++);
    const { chunks } = segmentFileFor(fresh.segment, fresh.ids, fresh.parts, docs);
    await writeFileDurable(path, chunks, { tmpDir: job.tmpDir });
    // Its postings are read from the file from now on, not held in memory.
    const source = openPostingsOf(path, fresh.segment.postings.length);
    if (source) {
      fresh.segment.postings.close();
      fresh.segment.attachPostings(source);
    }
    saved.push(fresh);
  };
  /** The first worker's end: everything joined into search.bin, the checkpoint folders removed. */
  const finish = async (other: string | null): Promise<void> => {
    flushRun();
    const runs = [...(base ? [base] : []), ...saved, ...stack.splice(0)];
    if (other) {
      // The other half's files may hold older copies of its articles (written before an interrupted build resumed, the
      // article changed or deleted since): only each article's copy at its catalog version is joined.
      const otherWanted = new Map((job.joinEntries ?? []).map((e) => [e.id, e]));
      for (const id of otherWanted.keys()) if (docs[id]) throw new Error(`article ${id} is in both halves of the index`);
      for (const file of checkpointFiles(other)) {
        const half = loadIndexFile(file.path, job.mergeEntries);
        if (!half.ok) throw new Error(`the other half of the index cannot be read: ${half.reason}`);
        runs.push(await currentOnly(half, otherWanted, docs));
      }
    }
    const whole = (await joinAll(runs)) ?? runOf(new InvertedIndex());
    const engine = new InvertedIndex(whole.segment, whole.ids, job.mergeEntries, whole.parts);
    const { chunks } = indexFileFor(engine, docs);
    await writeFileDurable(job.indexPath, chunks, { tmpDir: job.tmpDir });
    whole.segment.postings.close();
    // The state file described the previous search.bin; the checkpoints are in search.bin now.
    if (job.statePath) await fs.rm(job.statePath, { force: true });
    await fs.rm(job.checkpointDir, { recursive: true, force: true });
    if (other) await fs.rm(other, { recursive: true, force: true });
  };

  const count = entries.length;
  let unreadable = 0;
  let savedAt = { done: 0, time: performance.now() };
  let reported = 0;
  let done = 0;
  if (skipped) post({ type: 'progress', done: skipped, total });
  const reader = new ArticleReader(
    job.articlesDir,
    entries.map((e) => e.id),
    READ_BATCH,
  );
  while (done < count && !stopping) {
    const batch = entries.slice(done, done + READ_BATCH);
    const files = await reader.next();
    for (let k = 0; k < batch.length; k++) {
      const entry = batch[k];
      const { text, notes, notesState, textRead } = docOf(files[k]);
      run.add(entry.id, articleFields(entry, notes, text));
      docs[entry.id] = { modified: entry.modified, contentHash: textRead ? entry.contentHash : '', notes: notesState };
      if (!textRead) unreadable++;
    }
    if (run.entries >= runEntries) flushRun();
    done += batch.length;
    const now = performance.now();
    if (now - reported >= PROGRESS_MS || done === count) {
      post({ type: 'progress', done: skipped + done, total });
      reported = now;
    }
    if (done < count && done - savedAt.done >= job.checkpointArticles && now - savedAt.time >= job.checkpointMs) {
      await checkpoint();
      savedAt = { done, time: performance.now() };
    }
    // A turn of the event loop: a `stop` message gets through.
    await new Promise<void>((resolve) => (PACE_MS ? setTimeout(resolve, PACE_MS) : setImmediate(resolve)));
  }
  reader.close();
  const complete = done === count && !stopping;
  if (!complete || !job.final) await checkpoint();
  else if (job.join) {
    // The other half: joined once its worker has saved it (not when it failed or a stop came first).
    if (count === 0) post({ type: 'progress', done: total, total });
    // While the other worker still joins its half into its last checkpoint file, this one joins its own runs since
    // its last checkpoint into one, on the core that would otherwise wait: the final join then walks a few segments
    // instead of every run of this half (a heap over ~40–80 runs at 100,000 articles). Not when the other half is
    // already there: that would only copy these postings once more before the final join.
    flushRun();
    if (!joinAnswered && stack.length > 1) stack.push((await joinAll(stack.splice(0)))!);
    if (await joinReady) await finish(job.join);
    else if (stopping) await checkpoint();
    else await finish(null);
  } else await finish(null);
  if (!(complete && job.final)) for (const r of saved) r.segment.postings.close();
  if (base && !(complete && job.final)) base.segment.postings.close();
  post({ type: 'done', stopped: !complete, unreadable, resumed: skipped });
}

parentPort?.on('message', (message: { type: 'build'; job: BuildJob } | { type: 'stop' } | { type: 'join'; ok: boolean }) => {
  if (message.type === 'stop') {
    stopping = true;
    joinAnswered = true;
    joinSignal(false);
    return;
  }
  if (message.type === 'join') {
    joinAnswered = true;
    joinSignal(message.ok);
    return;
  }
  build(message.job).catch((err: unknown) => post({ type: 'failed', message: err instanceof Error ? err.message : String(err) }));
});
