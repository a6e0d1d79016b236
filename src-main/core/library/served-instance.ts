/**
 * Where a library is being served in browser mode, as the serving process
 * recorded it (`<library>/instance.json`, written and removed by
 * server/instance.ts): read by every host that finds the library locked, so
 * the refusal names the running app's link instead of only saying no
 * (`withServerLink`, `openRefusalSentence`).
 */
import { promises as fs } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { BdError, localizedMessage } from '../../common/errors';
import { lockedLibrarySentence } from '../../common/locked-library';
import { processAlive, startedAfter } from './process-start';

export interface InstanceRecord {
  pid: number;
  port: number;
  token: string;
  /** os.hostname() of the machine the server runs on. */
  host: string;
  /** ISO 8601 start time. */
  started: string;
}

export const INSTANCE_FILE = 'instance.json';

export function instanceFile(libraryDir: string): string {
  return join(libraryDir, INSTANCE_FILE);
}

/** The record as written, or null (none, half-written, or not a record). */
export async function readInstance(libraryDir: string): Promise<InstanceRecord | null> {
  try {
    const value = JSON.parse(await fs.readFile(instanceFile(libraryDir), 'utf8')) as Partial<InstanceRecord>;
    if (!Number.isInteger(value.pid) || !Number.isInteger(value.port) || typeof value.token !== 'string') return null;
    return value as InstanceRecord;
  } catch {
    // No record (nothing serves this library) or a half-written one: either way no running server to reach.
    return null;
  }
}

/** The server running for this library on this machine, if any (not this process). */
export async function runningInstance(libraryDir: string): Promise<InstanceRecord | null> {
  const record = await readInstance(libraryDir);
  if (!record || record.pid === process.pid) return null;
  if (record.host && record.host !== hostname()) return null;
  // A live process that started after the record was written only has the same id: the server is gone.
  return processAlive(record.pid) && !(await startedAfter(record.pid, record.started)) ? record : null;
}

/** The running server's link with its access token (what `briefing serve` prints). */
export function instanceUrl(record: Pick<InstanceRecord, 'port' | 'token'>): string {
  return `http://127.0.0.1:${record.port}/#token=${record.token}`;
}

/**
 * The refusal of a library another process holds (BdError key
 * `library.locked`), with the link of the browser-mode server when that
 * process is one (its `instance.json`, params `url`); any other error as it is.
 */
export async function withServerLink(err: unknown, libraryDir: string): Promise<unknown> {
  if (!(err instanceof BdError) || err.key !== 'library.locked' || !err.params) return err;
  const running = await runningInstance(libraryDir).catch(() => null);
  if (!running || running.pid !== Number(err.params.pid)) return err;
  return new BdError('locked', err.message, { key: 'library.locked', params: { ...err.params, url: instanceUrl(running) } });
}

/**
 * Why a library could not be opened, as one sentence in `language` for a
 * host's error box (the desktop app): a library held by another process in
 * the CLI's words (`library.locked`, with the browser-mode link when it is
 * served), any other error by its Chinese `detail.messageZh` or English message.
 */
export async function openRefusalSentence(err: unknown, libraryDir: string, language: 'en' | 'zh'): Promise<string> {
  const linked = await withServerLink(err, libraryDir);
  if (linked instanceof BdError && linked.key === 'library.locked' && linked.params) {
    const { dir, pid, url } = linked.params;
    return lockedLibrarySentence({ dir: String(dir), pid: Number(pid), ...(url ? { url: String(url) } : {}) }, language);
  }
  return linked instanceof BdError ? localizedMessage(linked, language) : linked instanceof Error ? linked.message : String(linked);
}
