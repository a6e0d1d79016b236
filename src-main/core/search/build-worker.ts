/**
 * The search index build worker: a worker_thread that reads articles and
 * their annotations straight from the library folder, indexes them and
 * writes `index/search.bin`, so a build of tens of thousands of articles
 * never competes with the main thread (the app, the browser-mode server, the
 * CLI) for its event loop. It saves what it has every so often
 * (`checkpointArticles` / `checkpointMs`), so a build stopped by a quit or a
 * crash resumes from there; on `stop` it saves and ends at once.
 *
 * Messages (`BuildJob` and `BuildMessage` in build-off-thread.ts): `{ type:
 * 'build', job }` and `{ type: 'stop' }` in; `{ type: 'progress', done,
 * total }`, then `{ type: 'done', stopped, unreadable }` or `{ type:
 * 'failed', message }` out. It only reads article files (a damaged one is
 * indexed by its catalog fields, as the main thread does, and left for the
 * store to report) and writes only search.bin, atomically.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { annotationsKind, articleKind } from '../library/file-kinds';
import { readKindFile, writeFileDurable } from '../library/durable-file';
import { InvertedIndex } from './inverted-index';
import { annotationNotesText, articleFields, indexFileFor, loadIndexBytes, type DocRecord } from './index-manifest';
import type { BuildJob, BuildMessage } from './build-off-thread';

/** Articles read at a time, so disk and tokenizer overlap. */
const READ_BATCH = 8;
/** At most this often a progress message. */
const PROGRESS_MS = 100;

let stopping = false;

function post(message: BuildMessage): void {
  parentPort!.postMessage(message);
}

async function readDoc(job: BuildJob, id: string): Promise<{ text: string; notes: string; textRead: boolean }> {
  const dir = join(job.articlesDir, id);
  let text = '';
  let textRead = false;
  try {
    const article = await readKindFile(articleKind, join(dir, 'article.json'));
    if (article?.ok) {
      text = article.data.text;
      textRead = true;
    }
  } catch {
    // Unreadable: indexed by its catalog fields (textRead false), retried on the next open, reported by the store when opened.
  }
  let notes = '';
  try {
    const annotations = await readKindFile(annotationsKind, join(dir, 'annotations.json'));
    if (annotations?.ok) notes = annotationNotesText(annotations.data.annotations);
  } catch {
    // No notes indexed for it; the main thread's index updates them at the next annotation change.
  }
  return { text, notes, textRead };
}

async function build(job: BuildJob): Promise<void> {
  let engine = new InvertedIndex(undefined, undefined, job.mergeEntries);
  let docs: Record<string, DocRecord> = {};
  if (job.base) {
    const loaded = loadIndexBytes(await fs.readFile(job.indexPath), job.mergeEntries);
    if (!loaded.ok) throw new Error(`the saved index cannot be extended: ${loaded.reason}`);
    engine = loaded.engine;
    docs = loaded.docs;
  }
  for (const id of job.remove) {
    engine.remove(id);
    delete docs[id];
  }
  const save = async (): Promise<void> => {
    await engine.merge();
    const { chunks } = indexFileFor(engine, docs);
    await writeFileDurable(job.indexPath, chunks, { tmpDir: job.tmpDir });
    // The state file described the previous search.bin.
    await fs.rm(job.statePath, { force: true });
  };
  const total = job.entries.length;
  let unreadable = 0;
  let saved = { done: 0, time: performance.now() };
  let reported = 0;
  let done = 0;
  while (done < total && !stopping) {
    const batch = job.entries.slice(done, done + READ_BATCH);
    const read = await Promise.all(batch.map((entry) => readDoc(job, entry.id)));
    batch.forEach((entry, k) => {
      const { text, notes, textRead } = read[k];
      engine.add(entry.id, articleFields(entry, notes, text));
      docs[entry.id] = { modified: entry.modified, contentHash: textRead ? entry.contentHash : '' };
      if (!textRead) unreadable++;
    });
    if (engine.needsMerge) await engine.merge();
    done += batch.length;
    const now = performance.now();
    if (now - reported >= PROGRESS_MS || done === total) {
      post({ type: 'progress', done, total });
      reported = now;
    }
    if (done < total && done - saved.done >= job.checkpointArticles && now - saved.time >= job.checkpointMs) {
      await save();
      saved = { done, time: performance.now() };
    }
  }
  await save();
  post({ type: 'done', stopped: done < total, unreadable });
}

parentPort?.on('message', (message: { type: 'build'; job: BuildJob } | { type: 'stop' }) => {
  if (message.type === 'stop') {
    stopping = true;
    return;
  }
  build(message.job).catch((err: unknown) => post({ type: 'failed', message: err instanceof Error ? err.message : String(err) }));
});
