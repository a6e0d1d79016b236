/**
 * Whether the process that now has a process id is younger than a record
 * that names that id (a lock, a browser-mode server's instance.json): after
 * a crash and a restart of the computer or of a container, process ids are
 * handed out again, and a record of a process that is long gone would
 * otherwise name a live, unrelated process and keep the library locked.
 * Linux answers through /proc; elsewhere the answer is "not known" and the
 * caller keeps to "the id is alive".
 */
import { promises as fs } from 'node:fs';

/**
 * Whether a process with id `pid` exists now (signal 0; a process of another
 * user, which may not be signalled, exists too). Says nothing of which
 * process has the id: see `startedAfter`.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Clock ticks per second of /proc's times (USER_HZ): 100 on every Linux
 * architecture Node runs on (the kernel's interface fixes it, whatever the
 * scheduler's own rate).
 */
const USER_HZ = 100;

/**
 * When process `pid` started, in ms since the epoch (Linux: /proc/stat's
 * `btime` plus field 22, `starttime`, of /proc/<pid>/stat, whose command
 * name in parentheses may itself hold spaces or parentheses); null where
 * the system does not say or the process is gone.
 */
export async function processStartTime(pid: number): Promise<number | null> {
  if (process.platform !== 'linux') return null;
  try {
    const [stat, system] = await Promise.all([fs.readFile(`/proc/${pid}/stat`, 'utf8'), fs.readFile('/proc/stat', 'utf8')]);
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields after the command name start at field 3 (state): starttime, field 22, is at index 19.
    const ticks = Number(fields[19]);
    const boot = Number(/^btime (\d+)$/m.exec(system)?.[1]);
    if (!Number.isFinite(ticks) || !Number.isFinite(boot)) return null;
    return boot * 1000 + (ticks * 1000) / USER_HZ;
  } catch {
    return null;
  }
}

/**
 * True only when process `pid` is known to have started more than `slackMs`
 * after `since` (an ISO 8601 time a record was written by the process it
 * names): the id was handed to another process since, and the record is
 * stale. The slack (default one minute) absorbs the clock being set while
 * the computer ran; unknown (not Linux, no such process, no `since`) is false.
 */
export async function startedAfter(pid: number, since: string | undefined, slackMs = 60_000): Promise<boolean> {
  const written = since ? Date.parse(since) : NaN;
  if (!Number.isFinite(written)) return false;
  const started = await processStartTime(pid);
  return started !== null && started > written + slackMs;
}
