/**
 * Reads the article files of an index build ahead of the build, in a
 * thread of its own, so the build worker never waits on the disk.
 *
 * At 100,000 articles a build reads ~3.8 GB of article.json and
 * annotations.json; when they are not in the page cache, each build
 * worker spent about half its time blocked in `readFileSync` (52 of
 * ~120 s in the profile of 1 December) with its core idle. Here a reader
 * thread (one per build worker, started from an inline script so it runs
 * the same from the built worker and from the sources under tests) reads
 * the files of the next articles with synchronous reads — bytes only, no
 * decoding: the stat of annotations.json (its stamp, taken before the
 * file is read, as `annotationsStamp` does), article.json, annotations.json
 * — and posts them in batches (one transferred buffer each), at most
 * `AHEAD_BATCHES` ahead of what the build has taken (a shared counter and
 * `Atomics.wait`, so memory stays a few MB). The build decodes the UTF-8
 * itself (the work `readFileSync(…, 'utf8')` did there before), through
 * ICU (`decodeUtf8`), which gives the same text at an eighth of the cost.
 *
 * What a file read gives is what `readFileSync` gave before: its text,
 * or for a file that cannot be read, nothing (article.json) or "missing"
 * (annotations.json not there: ENOENT or ENOTDIR, what `existsSync`
 * answered false for) against "unreadable" (any other error). If the
 * thread cannot be started or stops, the rest is read in the build's own
 * thread as before (`readArticleFilesSync`).
 */
import { transcode } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { annotationsStamp } from './notes-text';

/** An article's files as read: texts (null: could not be read), and the stamp of annotations.json taken before it was read. */
export interface ArticleFiles {
  /** article.json as UTF-8 text; null when it could not be read. */
  article: string | null;
  /** annotations.json as UTF-8 text; null when missing or unreadable. */
  annotations: string | null;
  /** True when annotations.json is not there (no notes), false when it is there but could not be read. */
  annotationsMissing: boolean;
  /** `annotationsStamp` of the article's folder, taken before annotations.json was read. */
  stamp: string;
}

/** Batches read ahead of the build at most: 16 of 8 articles, ~4 MB of files at ~30 KB each. */
const AHEAD_BATCHES = 16;

/**
 * `bytes` decoded as UTF-8, exactly as `Buffer.toString('utf8')` decodes
 * them (each invalid sequence a U+FFFD, a BOM kept). The decoding is ICU's
 * UTF-8 to UTF-16 conversion (`buffer.transcode`, then the UTF-16 copied
 * into the string): on article.json files of Chinese text it costs ~0.4 ms
 * per MB against V8's decoder's ~3.3 ms (Node 20, measured on the bench
 * library: ~11 s of CPU of a build of 100,000 articles, 3.8 GB). ICU
 * refuses bytes that are not valid UTF-8 instead of replacing them; those
 * are decoded by `toString`. Where `transcode` is missing (a Node without
 * ICU), `toString` too.
 */
export function decodeUtf8(bytes: Buffer): string {
  if (bytes.length === 0 || typeof transcode !== 'function') return bytes.toString('utf8');
  try {
    return transcode(bytes, 'utf8', 'ucs2').toString('ucs2');
  } catch {
    return bytes.toString('utf8');
  }
}

/** Reads one article's files in this thread (`ArticleFiles`). */
export function readArticleFilesSync(articlesDir: string, id: string): ArticleFiles {
  const dir = join(articlesDir, id);
  const stamp = annotationsStamp(dir);
  let article: string | null = null;
  try {
    article = decodeUtf8(readFileSync(join(dir, 'article.json')));
  } catch {
    // unreadable: the build indexes the article by its catalog fields
  }
  let annotations: string | null = null;
  let annotationsMissing = false;
  try {
    annotations = decodeUtf8(readFileSync(join(dir, 'annotations.json')));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    annotationsMissing = code === 'ENOENT' || code === 'ENOTDIR';
  }
  return { article, annotations, annotationsMissing, stamp };
}

/**
 * The reader thread's script (CommonJS, node:* only). `workerData`: the
 * articles folder, the ids in order, articles per batch, batches ahead,
 * and the shared counter `[batches taken, stop]`. Each message: `{ lens,
 * stamps, bytes }`, per article two lengths (article.json, annotations.json;
 * −1 unreadable, −2 missing) into `bytes`, one after the other. The stamp
 * is `annotationsStamp`'s (`notes-text.ts`: `mtimeMs:size:ino`, `none`, `?`).
 */
const READER_SCRIPT = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync, statSync } = require('node:fs');
const { dir, ids, batch, ahead, control } = workerData;
const ctl = new Int32Array(control);
const read = (path) => {
  try {
    return readFileSync(path);
  } catch (err) {
    return err && (err.code === 'ENOENT' || err.code === 'ENOTDIR') ? -2 : -1;
  }
};
let sent = 0;
for (let from = 0; from < ids.length && Atomics.load(ctl, 1) === 0; from += batch) {
  for (;;) {
    const taken = Atomics.load(ctl, 0);
    if (Atomics.load(ctl, 1) !== 0 || sent - taken < ahead) break;
    Atomics.wait(ctl, 0, taken, 1000);
  }
  if (Atomics.load(ctl, 1) !== 0) break;
  const n = Math.min(batch, ids.length - from);
  const lens = new Int32Array(2 * n);
  const stamps = [];
  const files = [];
  let total = 0;
  for (let k = 0; k < n; k++) {
    const base = dir + '/' + ids[from + k];
    let stamp;
    try {
      const st = statSync(base + '/annotations.json', { throwIfNoEntry: false });
      stamp = st ? st.mtimeMs + ':' + st.size + ':' + st.ino : 'none';
    } catch {
      stamp = '?';
    }
    stamps.push(stamp);
    const article = read(base + '/article.json');
    const notes = read(base + '/annotations.json');
    lens[2 * k] = typeof article === 'number' ? article : article.length;
    lens[2 * k + 1] = typeof notes === 'number' ? notes : notes.length;
    if (typeof article !== 'number') { files.push(article); total += article.length; }
    if (typeof notes !== 'number') { files.push(notes); total += notes.length; }
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const f of files) { bytes.set(f, at); at += f.length; }
  parentPort.postMessage({ lens, stamps, bytes }, [lens.buffer, bytes.buffer]);
  sent++;
}
`;

interface ReaderMessage {
  lens: Int32Array;
  stamps: string[];
  bytes: Uint8Array;
}

/**
 * The files of `ids`, in order, `batch` articles at a time (`next`), read
 * ahead in a thread of its own; `close` ends the thread. `next` never
 * rejects: if the thread fails, the rest is read in this thread.
 */
export class ArticleReader {
  private worker: Worker | null = null;
  private readonly control = new Int32Array(new SharedArrayBuffer(8));
  private readonly queue: ReaderMessage[] = [];
  private waiting: (() => void) | null = null;
  /** Articles handed out by `next`. */
  private taken = 0;
  /** Articles the thread has sent (in `queue` or handed out). */
  private received = 0;
  private failed = false;

  constructor(
    private readonly articlesDir: string,
    private readonly ids: readonly string[],
    private readonly batch: number,
  ) {
    if (ids.length === 0) return;
    try {
      const worker = new Worker(READER_SCRIPT, {
        eval: true,
        workerData: { dir: articlesDir, ids, batch, ahead: AHEAD_BATCHES, control: this.control.buffer },
      });
      worker.on('message', (m: ReaderMessage) => {
        this.queue.push(m);
        this.received += m.stamps.length;
        this.wake();
      });
      const fail = (): void => {
        this.failed = true;
        this.wake();
      };
      worker.on('error', fail);
      worker.on('exit', () => {
        if (this.received < this.ids.length) fail();
      });
      this.worker = worker;
    } catch {
      this.failed = true;
    }
  }

  private wake(): void {
    const w = this.waiting;
    this.waiting = null;
    w?.();
  }

  /** The next batch's files (`batch` articles, fewer at the end; none after the last). */
  async next(): Promise<ArticleFiles[]> {
    const n = Math.min(this.batch, this.ids.length - this.taken);
    if (n <= 0) return [];
    while (this.queue.length === 0 && !this.failed) await new Promise<void>((resolve) => (this.waiting = resolve));
    const m = this.queue.shift();
    if (!m) {
      // The thread failed: this batch and the rest are read here.
      const out = this.ids.slice(this.taken, this.taken + n).map((id) => readArticleFilesSync(this.articlesDir, id));
      this.taken += n;
      return out;
    }
    Atomics.add(this.control, 0, 1);
    Atomics.notify(this.control, 0);
    this.taken += m.stamps.length;
    const buf = Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength);
    const out: ArticleFiles[] = [];
    let at = 0;
    const text = (len: number): string | null => {
      if (len < 0) return null;
      const s = decodeUtf8(buf.subarray(at, at + len));
      at += len;
      return s;
    };
    for (let k = 0; k < m.stamps.length; k++) {
      const article = text(m.lens[2 * k]);
      const annotations = text(m.lens[2 * k + 1]);
      out.push({ article, annotations, annotationsMissing: m.lens[2 * k + 1] === -2, stamp: m.stamps[k] });
    }
    return out;
  }

  /** Ends the thread (reads ahead are dropped). */
  close(): void {
    Atomics.store(this.control, 1, 1);
    Atomics.notify(this.control, 0);
    void this.worker?.terminate();
    this.worker = null;
  }
}
