/**
 * Importing picked or dropped files. In the desktop app the window sends
 * their paths (`importPaths`): main reads them, walks folders, and reports
 * each file in `importProgress` events — no bytes cross into the window. In
 * browser mode the window has only the bytes, and sends the files to the API
 * one at a time (`importFile`), so progress can be shown and one bad file
 * never stops the rest; dropped folders are walked here.
 */
import { api, newOperation, onApiEvent, pathOfFile } from '../api-client';
import { BdError } from '../../src-main/common/errors';

export const SUPPORTED = ['.txt', '.text', '.md', '.markdown', '.html', '.htm', '.xhtml', '.docx', '.pdf'];
/** Mirrors the core's limit so a huge file is refused before it is uploaded. */
export const MAX_BYTES = 50 * 1024 * 1024;

/** The message of an outcome as a key and parameters (core's), for a sentence in the interface's language. */
type Keyed = { key?: string; params?: Record<string, string | number> };

export type ImportOutcome =
  | { file: string; status: 'imported'; id: string; title: string }
  | ({ file: string; status: 'duplicate'; id?: string; message: string; messageZh?: string } & Keyed)
  | ({ file: string; status: 'refused'; message: string; messageZh?: string } & Keyed)
  /** The connection to the app was lost before the file's import was confirmed (it may or may not have arrived), or the run stopped before sending it. */
  | ({ file: string; status: 'unsent'; message: string } & Keyed);

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

export function isSupported(name: string): boolean {
  const lower = name.toLowerCase();
  return SUPPORTED.some((ext) => lower.endsWith(ext));
}

export async function importOne(file: File, label = file.name): Promise<ImportOutcome> {
  if (file.size > MAX_BYTES) {
    return {
      file: label,
      status: 'refused',
      message: `${file.name} is ${(file.size / 1048576).toFixed(0)} MB; Briefing Desk imports files up to 50 MB.`,
      key: 'import.tooLarge',
      params: { file: file.name, sizeMb: Math.round(file.size / 1048576), limitMb: MAX_BYTES / 1048576 },
    };
  }
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const result = await api.importFile({ name: file.name, dataBase64: toBase64(bytes) });
    return { file: label, status: 'imported', id: result.id, title: result.title };
  } catch (err) {
    const e = err instanceof BdError ? err : new BdError('internal', String((err as Error)?.message ?? err));
    const zh = {
      ...(typeof e.detail?.messageZh === 'string' ? { messageZh: e.detail.messageZh } : {}),
      ...(e.key ? { key: e.key, params: e.params ?? {} } : {}),
    };
    if (e.code === 'duplicate') return { file: label, status: 'duplicate', id: e.detail?.existingId as string, message: e.message, ...zh };
    if (e.code === 'unavailable') return unsent(label);
    return { file: label, status: 'refused', message: e.message, ...zh };
  }
}

/** A file whose import was not confirmed because the app could not be reached (`sent`), or that was not sent at all after that. */
function unsent(label: string, sent = true): ImportOutcome {
  return sent
    ? { file: label, status: 'unsent', message: 'The connection to Briefing Desk was lost before this file’s import was confirmed.', key: 'import.unsent' }
    : { file: label, status: 'unsent', message: 'Not sent: the import stopped when the connection to Briefing Desk was lost.', key: 'import.notSent' };
}

/**
 * Sends files one at a time. When the app stops answering (the server is
 * gone), the run stops: that file and every one not yet sent are `unsent`,
 * never `refused`, and nothing more is sent.
 */
export async function importMany(files: { file: File; label: string }[], onProgress: (done: number, total: number) => void): Promise<ImportOutcome[]> {
  const outcomes: ImportOutcome[] = [];
  onProgress(0, files.length);
  for (const { file, label } of files) {
    const lost = outcomes.at(-1)?.status === 'unsent';
    outcomes.push(lost ? unsent(label, false) : await importOne(file, label));
    if (!lost) onProgress(outcomes.length, files.length);
  }
  return outcomes;
}

/** A path as the summary shows it: from the picked or dropped item's own name down (`报告/一月/a.md`). */
function labelOf(file: string, roots: string[]): string {
  const name = (p: string) => p.split(/[\\/]/).filter(Boolean).at(-1) ?? p;
  for (const root of roots) {
    if (file === root) return name(root);
    if (file.startsWith(root) && /[\\/]/.test(file[root.length] ?? '')) return name(root) + file.slice(root.length).replace(/\\/g, '/');
  }
  return name(file);
}

/**
 * Imports files and folders by their paths on disk (desktop app): one call,
 * progress from the core's `importProgress` events of this import.
 */
export async function importPaths(paths: string[], onProgress: (done: number, total: number) => void): Promise<ImportOutcome[]> {
  const operation = newOperation('import');
  const off = onApiEvent('importProgress', (event) => {
    if (event.operation === operation) onProgress(event.done, event.total);
  });
  try {
    const outcomes = await api.importPaths({ paths, operation });
    return outcomes.map((o) => ({ ...o, file: labelOf(o.file, paths) }));
  } finally {
    off();
  }
}

/** The paths on disk of dropped or picked files, or null when any has none (browser mode: send bytes instead). */
export function pathsOf(files: readonly File[]): string[] | null {
  const paths = files.map(pathOfFile);
  return paths.length && paths.every((p): p is string => !!p) ? paths : null;
}

/** Files of a drop, walking dropped folders; unsupported files inside folders are skipped. */
export async function filesFromDrop(data: DataTransfer): Promise<{ file: File; label: string }[]> {
  const entries = [...data.items].map((item) => item.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => !!e);
  if (!entries.length) return [...data.files].map((file) => ({ file, label: file.name }));
  const out: { file: File; label: string }[] = [];
  async function walk(entry: FileSystemEntry, explicit: boolean): Promise<void> {
    if (entry.isFile) {
      const file = await new Promise<File>((res, rej) => (entry as FileSystemFileEntry).file(res, rej));
      if (explicit || isSupported(file.name)) out.push({ file, label: entry.fullPath.replace(/^\//, '') });
    } else if (entry.isDirectory) {
      const reader = (entry as FileSystemDirectoryEntry).createReader();
      let batch: FileSystemEntry[];
      do {
        batch = await new Promise<FileSystemEntry[]>((res, rej) => reader.readEntries(res, rej));
        for (const child of batch.sort((a, b) => a.name.localeCompare(b.name))) await walk(child, false);
      } while (batch.length);
    }
  }
  for (const entry of entries) await walk(entry, true);
  return out;
}
