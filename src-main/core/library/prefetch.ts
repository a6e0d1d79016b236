/**
 * A file read started before it is needed: the CLI starts reading the
 * library's catalog (40 MB at 100,000 articles) the moment the process
 * starts, so the disk works while the program's modules load, and the store
 * takes the bytes when it opens the library.
 *
 * The read happens before the library's lock is taken, so the bytes are used
 * only when they are certainly the file as it is once the lock is held: the
 * file is stat'ed after the lock and must still be the same file (device,
 * inode) with the same size, modification and change times (nanoseconds) as
 * when it was read — every write of a library file renames a new file into
 * place (a new inode), and a change in place moves its times. Anything else
 * (no read started, another path, a failed read, a different file) answers
 * `undefined` and the caller reads the file as usual.
 *
 * Node only; imports nothing else of the app, so the CLI's entry can load it
 * before the rest of the program.
 */
import { promises as fs, type BigIntStats } from 'node:fs';
import { resolve } from 'node:path';

interface Prefetched {
  bytes: Buffer;
  stat: BigIntStats;
}

const pending = new Map<string, Promise<Prefetched | null>>();

const sameFile = (a: BigIntStats, b: BigIntStats) =>
  a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;

async function readWhole(path: string): Promise<Prefetched | null> {
  const handle = await fs.open(path, 'r');
  try {
    const stat = await handle.stat({ bigint: true });
    if (!stat.isFile()) return null;
    const size = Number(stat.size);
    const bytes = Buffer.allocUnsafe(size);
    let at = 0;
    while (at < size) {
      const { bytesRead } = await handle.read(bytes, at, size - at, at);
      if (bytesRead === 0) return null; // shorter than it said: changed while read
      at += bytesRead;
    }
    // Changed while it was read (in place): not used.
    if (!sameFile(stat, await handle.stat({ bigint: true }))) return null;
    return { bytes, stat };
  } finally {
    await handle.close();
  }
}

/**
 * Starts reading the whole of `path` in the background (once per path; a
 * failure is kept quiet: the file is then read as usual when needed). The
 * promise settles when the read has ended, whatever its outcome; callers
 * need not wait for it.
 */
export function prefetchFile(path: string): Promise<void> {
  const key = resolve(path);
  let read = pending.get(key);
  if (!read) {
    read = readWhole(key).catch(() => null);
    pending.set(key, read);
  }
  return read.then(() => undefined);
}

/**
 * The text (UTF-8) of `path` from a read `prefetchFile` started, if there was
 * one and the file on disk is still exactly the one read (see the module
 * comment); `undefined` otherwise. The bytes are handed out once. Call it only
 * once whatever could change the file is excluded (the library's lock is held).
 */
export async function takePrefetchedText(path: string): Promise<string | undefined> {
  const key = resolve(path);
  const read = pending.get(key);
  if (!read) return undefined;
  pending.delete(key);
  const got = await read;
  if (!got) return undefined;
  const now = await fs.stat(key, { bigint: true }).catch(() => null);
  if (!now || !sameFile(got.stat, now)) return undefined;
  return got.bytes.toString('utf8');
}
