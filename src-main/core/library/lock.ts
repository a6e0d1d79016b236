/**
 * One writer per library: a lock file holding the owner's pid. A lock whose
 * process is gone is stale and taken over, so a crash never locks a library
 * for good.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { BdError } from '../../common/errors';

export interface LibraryLock {
  release(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Lock files this process holds, so a second open in the same process is refused too. */
const heldHere = new Set<string>();

export async function acquireLock(dir: string): Promise<LibraryLock> {
  const path = join(dir, 'library.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await fs.open(path, 'wx');
      await handle.writeFile(JSON.stringify({ pid: process.pid, since: new Date().toISOString() }));
      await handle.close();
      let released = false;
      heldHere.add(path);
      return {
        async release() {
          if (released) return;
          released = true;
          heldHere.delete(path);
          await fs.rm(path, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let owner: { pid?: number } = {};
      try {
        owner = JSON.parse(await fs.readFile(path, 'utf8')) as { pid?: number };
      } catch {
        // Unreadable lock: treat as stale.
      }
      const ours = owner.pid === process.pid;
      if (owner.pid && ((ours && heldHere.has(path)) || (!ours && alive(owner.pid)))) {
        throw new BdError(
          'locked',
          `The library at ${dir} is open in another Briefing Desk process (pid ${owner.pid}). Close it first, or use --library to open a different folder.`,
          { detail: { pid: owner.pid } },
        );
      }
      await fs.rm(path, { force: true });
    }
  }
  throw new BdError('locked', `Could not lock the library at ${dir}.`);
}
