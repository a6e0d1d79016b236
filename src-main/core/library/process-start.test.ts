/**
 * A lock or server record naming a process id that now belongs to a younger
 * process (ids reused after a restart) is stale, on a real library folder
 * with a real second process; one naming a live process that took it is not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireLock } from './lock';
import { processStartTime, startedAfter } from './process-start';

const linux = process.platform === 'linux';
let dir: string;
let other: ChildProcess;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bd-pid-reuse-'));
  // A live process that is not a Briefing Desk one, started now.
  other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
});
afterAll(() => {
  other.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe.runIf(linux)('process start times (Linux /proc)', () => {
  it('gives this process’s start within a second of when Node says it started', async () => {
    const started = await processStartTime(process.pid);
    expect(Math.abs(started! - performance.timeOrigin)).toBeLessThan(1500);
  });

  it('says a record written an hour before the process started is stale, and one written after it is not', async () => {
    expect(await startedAfter(other.pid!, new Date(Date.now() - 3600_000).toISOString())).toBe(true);
    expect(await startedAfter(other.pid!, new Date().toISOString())).toBe(false);
    expect(await startedAfter(other.pid!, undefined)).toBe(false);
    expect(await startedAfter(2 ** 22 + 7, new Date(0).toISOString())).toBe(false);
  });

  it('takes over a lock whose process id a younger process now has, and refuses one its live process took', async () => {
    const lockFile = join(dir, 'library.lock');
    writeFileSync(lockFile, JSON.stringify({ pid: other.pid, nonce: 'old', since: new Date(Date.now() - 3600_000).toISOString() }));
    const lock = await acquireLock(dir);
    await lock.release();
    writeFileSync(lockFile, JSON.stringify({ pid: other.pid, nonce: 'now', since: new Date().toISOString() }));
    await expect(acquireLock(dir)).rejects.toMatchObject({ code: 'locked', key: 'library.locked', params: { dir, pid: other.pid } });
  });
});
