/**
 * One browser-mode server per library: while `briefing serve` / `npm start`
 * (browser mode) runs, `<library>/instance.json` says where (process id,
 * loopback port, access token, machine). A second start on the same library
 * finds it, asks the running server to bring its window to the front
 * (`POST /host/focusWindow` with the token) and exits, instead of starting a
 * second server; a server without a window (started with `--no-open`, or
 * where there is no display) hands over its link instead (`reachInstance`),
 * and a record whose server does not answer is stale: the new start serves
 * the library itself (the lock of a process that is gone is taken over,
 * core/library/lock.ts). The file is readable by its owner only, written atomically,
 * and removed when the server stops; a record whose process is gone, or that
 * names another machine (a library on a shared drive), is ignored.
 */
import { promises as fs } from 'node:fs';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { instanceFile, readInstance, type InstanceRecord } from '../core/library/served-instance';

export { instanceFile, instanceUrl, runningInstance, type InstanceRecord } from '../core/library/served-instance';

/** Records this process as the library's server (mode 0600, temp file + rename). */
export async function writeInstance(libraryDir: string, record: Omit<InstanceRecord, 'host' | 'started' | 'pid'> & Partial<InstanceRecord>): Promise<void> {
  const full: InstanceRecord = { pid: process.pid, host: hostname(), started: new Date().toISOString(), ...record };
  const path = instanceFile(libraryDir);
  const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  await fs.writeFile(temp, JSON.stringify(full, null, 2), { mode: 0o600 });
  await fs.rename(temp, path);
}

/** Removes the record if it is still this process's (a newer server's record is left alone). */
export async function removeInstance(libraryDir: string, pid = process.pid): Promise<void> {
  const record = await readInstance(libraryDir);
  if (record && record.pid !== pid) return;
  await fs.rm(instanceFile(libraryDir), { force: true });
}

/**
 * What asking the running server to bring its window to the front came to:
 * `focused`; `no-window` (it answered, 409: it runs without a window, so
 * its link is the way in); `unreachable` (nothing answered in `timeoutMs`,
 * or not with this token: a stale record).
 */
export type InstanceReach = 'focused' | 'no-window' | 'unreachable';

/** Asks the running server to bring its window to the front (`POST /host/focusWindow` with the token). */
export async function reachInstance(record: InstanceRecord, timeoutMs = 5000): Promise<InstanceReach> {
  try {
    const response = await fetch(`http://127.0.0.1:${record.port}/host/focusWindow`, {
      method: 'POST',
      headers: { 'x-briefing-token': record.token },
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    return response.ok ? 'focused' : response.status === 409 ? 'no-window' : 'unreachable';
  } catch {
    // Nothing answered in time: a stale record, which the caller replaces by starting its own server.
    return 'unreachable';
  }
}

/** True when the running server brought its window to the front (reachInstance). */
export async function focusInstance(record: InstanceRecord, timeoutMs = 5000): Promise<boolean> {
  return (await reachInstance(record, timeoutMs)) === 'focused';
}
