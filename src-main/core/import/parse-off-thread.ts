/**
 * Parses a file in the import worker (worker.ts) when the built worker is
 * present next to this bundle (`out/main/import-worker.js`: the desktop app,
 * the CLI and browser mode), else in this thread (tests and tools that run
 * the TypeScript sources). One worker parses one file at a time; it is
 * started on first use, and replaced if a parse outlives PARSE_TIMEOUT_MS
 * (the file is then refused, naming it) or the worker dies.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ImportFormat, ParsedArticle } from '../../common/model';
import { BdError, bilingualError, type ErrorInfo } from '../../common/errors';
import { importBytes } from './index';

/** Longest a single file may take to parse before it is refused. */
export const PARSE_TIMEOUT_MS = 60_000;

type Parsed = ParsedArticle & { format: ImportFormat };
interface Pending {
  resolve(parsed: Parsed): void;
  reject(err: unknown): void;
  timer: NodeJS.Timeout;
  name: string;
}

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();
let queue: Promise<unknown> = Promise.resolve();

/** out/main/import-worker.js, from this module in out/main or in out/main/chunks. */
function workerFile(): string | undefined {
  for (const relative of ['./import-worker.js', '../import-worker.js']) {
    try {
      const file = fileURLToPath(new URL(relative, import.meta.url));
      if (existsSync(file)) return file;
    } catch {
      // not a file URL (bundled for another host): parse in this thread
    }
  }
  return undefined;
}

function failAll(err: unknown): void {
  for (const [id, p] of pending) {
    clearTimeout(p.timer);
    p.reject(err);
    pending.delete(id);
  }
}

function start(file: string): Worker {
  const w = new Worker(file);
  w.on('message', (msg: { id: number; parsed?: Parsed; error?: ErrorInfo }) => {
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    clearTimeout(p.timer);
    if (msg.error) p.reject(BdError.fromInfo(msg.error));
    else p.resolve(msg.parsed!);
  });
  const lost = (why: string) => {
    if (worker === w) worker = undefined;
    failAll(new BdError('internal', why));
  };
  w.on('error', (err) => lost(`The import worker failed: ${err.message}`));
  w.on('exit', (code) => lost(`The import worker stopped (exit code ${code}).`));
  // An idle worker never keeps the process alive (attaching listeners refs it, so unref last).
  w.unref();
  return w;
}

function parseInWorker(file: string, name: string, bytes: Uint8Array): Promise<Parsed> {
  worker ??= start(file);
  const w = worker;
  const id = nextId++;
  return new Promise<Parsed>((resolve, reject) => {
    const timer = setTimeout(() => {
      pending.delete(id);
      if (worker === w) worker = undefined;
      void w.terminate();
      reject(
        bilingualError(
          'refused',
          `${name} took more than ${PARSE_TIMEOUT_MS / 1000} s to read and was stopped; the document may be damaged or built to be slow. If it opens elsewhere, save it again (or save just the article's text) and import that.`,
          `${name} 读取超过 ${PARSE_TIMEOUT_MS / 1000} 秒，已被中止；文档可能已损坏或被刻意构造得很慢。如果它在别的软件里能打开，请重新保存（或只保存正文）后再导入。`,
        ),
      );
    }, PARSE_TIMEOUT_MS);
    pending.set(id, { resolve, reject, timer, name });
    // A copy goes to the worker (the caller keeps its bytes for the original file).
    const copy = new Uint8Array(bytes);
    w.postMessage({ id, name, bytes: copy }, [copy.buffer]);
  });
}

/**
 * `importBytes` off the main thread where the built worker exists. Files
 * are parsed one at a time, in the order asked. Errors as `importBytes`,
 * plus a refusal for a file that takes longer than PARSE_TIMEOUT_MS.
 */
export function parseFile(name: string, bytes: Uint8Array): Promise<Parsed> {
  const file = workerFile();
  if (!file) return importBytes(name, bytes);
  const run = queue.then(
    () => parseInWorker(file, name, bytes),
    () => parseInWorker(file, name, bytes),
  );
  // The caller gets `run` and its failure; `queue` only orders the next parse.
  queue = run.catch(() => undefined);
  return run;
}
