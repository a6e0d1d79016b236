/**
 * Atomic, durable JSON files. A write goes to a temp file in the same folder,
 * is fsync'ed, renamed over the target, and the folder is fsync'ed, so after
 * `write` resolves the new content survives a crash or power cut and a reader
 * never sees half a file. `DurableJsonFile` is a lowdb adapter built on this.
 */
import { promises as fs } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';

/**
 * `data` may be a list of chunks (the search index writes its sections that
 * way), so large files are never copied into one buffer first.
 */
export async function writeFileDurable(path: string, data: string | Uint8Array | readonly Uint8Array[]): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await fs.open(tmp, 'w');
  try {
    // Each writeFile continues where the previous one stopped, and writes its chunk whole.
    for (const chunk of Array.isArray(data) ? data : [data]) await handle.writeFile(chunk);
    await handle.sync();
  } catch (err) {
    await handle.close();
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await handle.close();
  try {
    await fs.rename(tmp, path);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await syncDir(dir);
}

async function syncDir(dir: string): Promise<void> {
  // Directory fsync makes the rename itself durable; not supported on Windows.
  if (process.platform === 'win32') return;
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Raised when a file exists but is not the JSON we wrote; the store quarantines it. */
export class CorruptFileError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
    this.name = 'CorruptFileError';
  }
}

export async function readJsonFile<T>(path: string): Promise<T | null> {
  let raw: string;
  try {
    raw = await fs.readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    const value = JSON.parse(raw) as unknown;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new Error('top level is not an object');
    }
    return value as T;
  } catch (err) {
    throw new CorruptFileError(path, (err as Error).message);
  }
}

/** lowdb adapter: reads tolerate absence (null), writes are atomic and durable. */
export class DurableJsonFile<T> implements Adapter<T> {
  constructor(readonly path: string) {}

  read(): Promise<T | null> {
    return readJsonFile<T>(this.path);
  }

  write(data: T): Promise<void> {
    return writeFileDurable(this.path, JSON.stringify(data, null, 1));
  }
}
