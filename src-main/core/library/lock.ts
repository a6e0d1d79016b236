/**
 * One writer per library: `library.lock` names the process that has it.
 *
 * Taking the lock is one atomic step: the owner record (pid and a random
 * nonce) is written whole to a private file first, then hard-linked to
 * `library.lock`, which fails if the name exists — so of any number of
 * processes starting at once exactly one wins, and nobody ever sees an empty
 * or half-written lock (that window made two winners possible before).
 * Where the file system has no hard links (FAT/exFAT USB drives) an exclusive
 * create (`O_EXCL`) is used instead, and a lock file still being written is
 * given a moment rather than being taken for a stale one.
 *
 * A lock whose process is gone is stale (a crash never locks a library for
 * good), and so is one whose process id now belongs to a process that
 * started after the lock was taken (ids are reused after a restart;
 * process-start.ts). Taking it over is itself guarded by an exclusive `library.lock.takeover`
 * file, and the stale record is re-read under that guard before it is removed,
 * so two processes finding the same stale lock cannot both take it.
 */
import { promises as fs } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { BdError } from '../../common/errors';
import { lockedLibrarySentence } from '../../common/locked-library';
import { processAlive, startedAfter } from './process-start';

export interface LibraryLock {
  release(): Promise<void>;
}

interface Owner {
  pid?: number;
  nonce?: string;
  since?: string;
}

/** Lock files this process holds, so a second open in the same process is refused too. */
const heldHere = new Set<string>();

/** How long a lock file that cannot be read yet is given to be written (no-hard-link file systems only). */
const UNREADABLE_GRACE_MS = 2000;

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Creates `path` holding `content` if no file of that name exists; false if one does. */
async function createExclusive(path: string, content: string): Promise<boolean> {
  const staging = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await fs.writeFile(staging, content);
  try {
    await fs.link(staging, path);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EXDEV') throw err;
    // No hard links here: exclusive create, then write.
    try {
      const handle = await fs.open(path, 'wx');
      try {
        await handle.writeFile(content);
      } finally {
        await handle.close();
      }
      return true;
    } catch (createErr) {
      if ((createErr as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw createErr;
    }
  } finally {
    await fs.rm(staging, { force: true });
  }
}

async function readOwner(path: string): Promise<{ owner: Owner | null; raw: string | null; ageMs: number }> {
  let raw: string;
  let ageMs = 0;
  try {
    raw = await fs.readFile(path, 'utf8');
    ageMs = Date.now() - (await fs.stat(path)).mtimeMs;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { owner: null, raw: null, ageMs };
    throw err;
  }
  try {
    const parsed = JSON.parse(raw) as Owner;
    return { owner: parsed && typeof parsed === 'object' ? parsed : {}, raw, ageMs };
  } catch {
    return { owner: {}, raw, ageMs };
  }
}

/** The refusal of a library another live process holds; keyed `library.locked` (`dir`, `pid`) so every host words it in its language. */
function lockedError(dir: string, pid: number): BdError {
  return new BdError('locked', lockedLibrarySentence({ dir, pid }, 'en'), {
    detail: { pid, messageZh: lockedLibrarySentence({ dir, pid }, 'zh') },
    key: 'library.locked',
    params: { dir, pid },
  });
}

/**
 * Removes the stale lock whose content was `staleRaw`, unless someone else
 * took the lock in the meantime. Returns false when another process is doing
 * the same right now (the caller looks again).
 */
async function removeStale(path: string, staleRaw: string): Promise<boolean> {
  const guard = `${path}.takeover`;
  const me = JSON.stringify({ pid: process.pid, nonce: randomBytes(8).toString('hex'), since: new Date().toISOString() });
  if (!(await createExclusive(guard, me))) {
    const { owner } = await readOwner(guard);
    // A takeover guard left by a process that died while taking over: remove it and look again.
    if (owner?.pid && !processAlive(owner.pid)) await fs.rm(guard, { force: true });
    return false;
  }
  try {
    const again = await readOwner(path);
    if (again.raw === staleRaw) await fs.rm(path, { force: true });
    return true;
  } finally {
    await fs.rm(guard, { force: true });
  }
}

export async function acquireLock(dir: string): Promise<LibraryLock> {
  const path = join(dir, 'library.lock');
  if (heldHere.has(path)) throw lockedError(dir, process.pid);
  const record = { pid: process.pid, nonce: randomBytes(8).toString('hex'), since: new Date().toISOString() };
  const content = JSON.stringify(record);
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (await createExclusive(path, content)) {
      heldHere.add(path);
      let released = false;
      return {
        async release() {
          if (released) return;
          released = true;
          heldHere.delete(path);
          // Remove it only while it is still ours.
          const { owner } = await readOwner(path);
          if (owner?.nonce === record.nonce) await fs.rm(path, { force: true });
        },
      };
    }
    const { owner, raw, ageMs } = await readOwner(path);
    if (raw === null) continue; // released just now: try again
    // Our own pid on a lock this process does not hold: left by an earlier open here that never closed.
    const ownLeftover = owner?.pid === process.pid && !heldHere.has(path);
    if (owner?.pid && processAlive(owner.pid) && !ownLeftover && !(await startedAfter(owner.pid, owner.since))) throw lockedError(dir, owner.pid);
    if (!owner?.pid && ageMs < UNREADABLE_GRACE_MS) {
      // Being written by a process on a file system without hard links.
      await delay(20);
      continue;
    }
    if (!(await removeStale(path, raw))) await delay(5 + Math.random() * 20);
  }
  throw new BdError('locked', `Could not lock the library at ${dir}: another process keeps taking and releasing it.`);
}
