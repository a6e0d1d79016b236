/**
 * The search index build worker: a worker_thread that reads articles and
 * their annotations straight from the library folder, indexes them and
 * writes `index/search.bin`, so a build of tens of thousands of articles
 * never competes with the main thread (the app, the browser-mode server, the
 * CLI) for its event loop. It saves what it has every so often
 * (`checkpointArticles` / `checkpointMs`), so a build stopped by a quit or a
 * crash resumes from there; on `stop` it saves and ends at once.
 *
 * Two of them can build one index on the two halves of the articles
 * (`runTwoBuildWorkers`): the second writes its half to its own file
 * (`job.indexPath` = `index/search-half.bin`, extending what an interrupted
 * build left there and dropping what is no longer its part, `job.prune`);
 * the first, when its half is done, waits for the `join` message, appends
 * the second's file to its own index (posting lists copied as they are,
 * `segment-concat.ts`), saves search.bin and removes the half file.
 *
 * Messages (`BuildJob` and `BuildMessage` in build-off-thread.ts): `{ type:
 * 'build', job }`, `{ type: 'join', ok }` and `{ type: 'stop' }` in; `{
 * type: 'progress', done, total }`, then `{ type: 'done', stopped,
 * unreadable }` or `{ type: 'failed', message }` out. It only reads article
 * files (a damaged one is indexed by its catalog fields, as the main thread
 * does, and left for the store to report) and writes only its index file,
 * atomically (and removes the half file it joined).
 */
import { promises as fs, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { annotationsKind, articleKind, decodeFile, type FileKind } from '../library/file-kinds';
import { writeFileDurable } from '../library/durable-file';
import type { CompactSegment } from './compact-segment';
import { InvertedIndex } from './inverted-index';
import { concatSegments } from './segment-concat';
import { annotationNotesText, articleFields, indexFileFor, loadIndexFile, type DocRecord } from './index-manifest';
import { openPostingsOf } from './index-file';
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

function post(message: BuildMessage): void {
  parentPort!.postMessage(message);
}

/** A file of the library, read whole and decoded by its kind; null when it is missing or unreadable. */
function readKind<T>(kind: FileKind<T>, path: string): T | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  const decoded = decodeFile(kind, text);
  return decoded.ok ? decoded.data : null;
}

/**
 * An article's text and notes, read with synchronous reads: this is a
 * worker with nothing else to do, and at 100,000 articles the promise-based
 * reads (open, stat, read, close, each a round trip through the thread
 * pool) cost about three times as much.
 */
function readDoc(job: BuildJob, id: string): { text: string; notes: string; textRead: boolean } {
  const dir = join(job.articlesDir, id);
  // Unreadable: indexed by its catalog fields (textRead false), retried on the next open, reported by the store when opened.
  const article = readKind(articleKind, join(dir, 'article.json'));
  // Unreadable notes: none indexed; the main thread's index updates them at the next annotation change.
  const annotations = readKind(annotationsKind, join(dir, 'annotations.json'));
  return { text: article?.text ?? '', notes: annotations ? annotationNotesText(annotations.annotations) : '', textRead: article !== null };
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

/** Concatenates two runs (`b`'s documents after `a`'s). */
async function joined(a: Run, b: Run): Promise<Run> {
  const segment = await concatSegments(a.segment, b.segment);
  a.segment.postings.close();
  b.segment.postings.close();
  const parts = new Uint8Array(a.parts.length + b.parts.length);
  parts.set(a.parts);
  parts.set(b.parts, a.parts.length);
  return { segment, ids: a.ids.concat(b.ids), parts };
}

/**
 * Builds the index in runs: articles go to a fresh index until its memory
 * segment is full, which then becomes a run (a small compact segment);
 * runs are concatenated like a binary counter — the last two whenever the
 * older is at most twice the newer — so each posting is copied about
 * log₂(runs) times instead of once per merge (a build that merged into one
 * growing segment rewrote it ~150 times at 100,000 articles). The saved
 * index (`job.base`) is the first run. A save concatenates what is there.
 */
async function build(job: BuildJob): Promise<void> {
  let docs: Record<string, DocRecord> = {};
  const total = job.entries.length;
  /** Articles a half file already held (`job.prune`): counted as done. */
  let skipped = 0;
  const stack: Run[] = [];
  const loaded = job.base ? loadIndexFile(job.indexPath, job.mergeEntries) : null;
  // A half file that cannot be read is only lost work: its half is built afresh.
  if (loaded && !loaded.ok && !job.prune) throw new Error(`the saved index cannot be extended: ${loaded.reason}`);
  if (loaded?.ok) {
    docs = loaded.docs;
    // Removed articles, and the old documents of those indexed again here, stay in the base as deleted documents.
    for (const id of job.remove) {
      loaded.engine.remove(id);
      delete docs[id];
    }
    if (job.prune) {
      // A half file: keep only articles of this half held at their catalog version, and index just the others.
      const wanted = new Map(job.entries.map((e) => [e.id, e]));
      for (const id of Object.keys(docs)) {
        const entry = wanted.get(id);
        if (entry && docs[id].contentHash !== '' && docs[id].modified === entry.modified && docs[id].contentHash === entry.contentHash) continue;
        loaded.engine.remove(id);
        delete docs[id];
      }
      job = { ...job, entries: job.entries.filter((e) => !docs[e.id]) };
      skipped = total - job.entries.length;
    }
    for (const entry of job.entries) loaded.engine.remove(entry.id);
    await loaded.engine.merge({ reclaim: false });
    stack.push(runOf(loaded.engine));
  }
  let run = new InvertedIndex(undefined, undefined, job.mergeEntries);
  const push = async (next: Run): Promise<void> => {
    stack.push(next);
    while (stack.length >= 2 && stack[stack.length - 2].segment.postings.length <= 2 * stack[stack.length - 1].segment.postings.length) {
      const b = stack.pop()!;
      const a = stack.pop()!;
      stack.push(await joined(a, b));
    }
  };
  const flushRun = async (): Promise<void> => {
    if (!run.stats().memoryDocuments) return;
    await run.merge();
    await push(runOf(run));
    run = new InvertedIndex(undefined, undefined, job.mergeEntries);
  };
  const save = async (): Promise<void> => {
    await flushRun();
    while (stack.length >= 2) {
      const b = stack.pop()!;
      const a = stack.pop()!;
      stack.push(await joined(a, b));
    }
    const whole = stack.pop() ?? runOf(new InvertedIndex());
    const engine = new InvertedIndex(whole.segment, whole.ids, job.mergeEntries, whole.parts);
    const { chunks, segment } = indexFileFor(engine, docs);
    await writeFileDurable(job.indexPath, chunks, { tmpDir: job.tmpDir });
    // The saved postings are read from the file from now on, not held in memory.
    if (!engine.postingsInFile) {
      const source = openPostingsOf(job.indexPath, segment.postings.length);
      if (source) engine.attachPostings(segment, source);
    }
    stack.push(runOf(engine));
    // The state file described the previous search.bin.
    if (job.statePath) await fs.rm(job.statePath, { force: true });
  };
  const count = job.entries.length;
  let unreadable = 0;
  let saved = { done: 0, time: performance.now() };
  let reported = 0;
  let done = 0;
  while (done < count && !stopping) {
    const batch = job.entries.slice(done, done + READ_BATCH);
    for (const entry of batch) {
      const { text, notes, textRead } = readDoc(job, entry.id);
      run.add(entry.id, articleFields(entry, notes, text));
      docs[entry.id] = { modified: entry.modified, contentHash: textRead ? entry.contentHash : '' };
      if (!textRead) unreadable++;
    }
    if (run.needsMerge) await flushRun();
    done += batch.length;
    const now = performance.now();
    if (now - reported >= PROGRESS_MS || done === count) {
      post({ type: 'progress', done: skipped + done, total });
      reported = now;
    }
    if (done < count && done - saved.done >= job.checkpointArticles && now - saved.time >= job.checkpointMs) {
      await save();
      saved = { done, time: performance.now() };
    }
    // A turn of the event loop: a `stop` message gets through.
    await new Promise<void>((resolve) => (PACE_MS ? setTimeout(resolve, PACE_MS) : setImmediate(resolve)));
  }
  if (done === count && !stopping && job.join) {
    // The other half: appended once its worker has saved it (not when it failed or a stop came first).
    if (count === 0) post({ type: 'progress', done: total, total });
    if (await joinReady) {
      await flushRun();
      const half = loadIndexFile(job.join, job.mergeEntries);
      if (!half.ok) throw new Error(`the other half of the index cannot be read: ${half.reason}`);
      for (const [id, record] of Object.entries(half.docs)) {
        if (docs[id]) throw new Error(`article ${id} is in both halves of the index`);
        docs[id] = record;
      }
      await push(runOf(half.engine));
      await save();
      // Its articles are in search.bin now.
      await fs.rm(job.join, { force: true });
    } else await save();
  } else await save();
  for (const r of stack) r.segment.postings.close();
  post({ type: 'done', stopped: done < count, unreadable });
}

parentPort?.on('message', (message: { type: 'build'; job: BuildJob } | { type: 'stop' } | { type: 'join'; ok: boolean }) => {
  if (message.type === 'stop') {
    stopping = true;
    joinSignal(false);
    return;
  }
  if (message.type === 'join') {
    joinSignal(message.ok);
    return;
  }
  build(message.job).catch((err: unknown) => post({ type: 'failed', message: err instanceof Error ? err.message : String(err) }));
});
