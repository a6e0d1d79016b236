/**
 * Backup and restore of a whole library as one zip archive (yazl writes it,
 * yauzl reads it).
 *
 * An archive holds the library's own files under their paths in the library
 * folder — `catalog.json`, `settings.json`, `articles/<id>/article.json`,
 * `articles/<id>/annotations.json`, `articles/<id>/original.<ext>`,
 * `briefings/<id>.json` — and a manifest, `briefing-desk-backup.json`
 * (`{ format: "briefing-desk-backup", version: 1, created, app, counts,
 * files: [{ path, bytes, sha256 }] }`). Derived or private files (the search
 * index, rotating catalog copies, quarantine, the lock, instance.json,
 * temporary files) are never written.
 *
 * Reading is defensive, before anything is written anywhere: an archive
 * without our manifest, with a name outside the list above (path traversal,
 * absolute paths, backslashes, anything else), with more entries or more
 * expanded bytes than the limits, with an entry that expands more than
 * `MAX_RATIO` times (a zip bomb), or whose bytes do not match the manifest
 * is refused with a message naming the entry. Entries are inflated with
 * their declared sizes enforced (yauzl `validateEntrySizes`).
 *
 * Restoring into an empty folder extracts into a temporary folder beside it,
 * checks every file, then renames it into place: a refused or interrupted
 * restore leaves nothing behind. Merging into an open library is
 * `merge.ts`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, promises as fs } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { createRequire } from 'node:module';
import type Yazl from 'yazl';
import type Yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import { BdError } from '../../common/errors';
import { version as appVersion } from '../../../package.json';
import { assertOutsideLibrary } from '../library/output-guard';

// The zip libraries load when a backup or restore runs, not with every command that opens a library.
const load = createRequire(import.meta.url);
const yazl = () => load('yazl') as typeof Yazl;
const yauzl = () => load('yauzl') as typeof Yauzl;

export const BACKUP_FORMAT = 'briefing-desk-backup';
export const BACKUP_VERSION = 1;
export const MANIFEST_NAME = 'briefing-desk-backup.json';

/** Most entries an archive may hold. */
export const MAX_ENTRIES = 400_000;
/** Largest expanded entry, bytes (an article's original file is at most 50 MB; JSON stays far below). */
export const MAX_ENTRY_BYTES = 256 * 1024 * 1024;
/** Largest expanded archive, bytes. */
export const MAX_TOTAL_BYTES = 16 * 1024 * 1024 * 1024;
/** Largest expansion of one entry over its compressed size (for entries over 1 MB expanded). */
export const MAX_RATIO = 200;
/** Largest manifest, bytes. */
const MAX_MANIFEST_BYTES = 128 * 1024 * 1024;

const ID = '[a-z0-9][a-z0-9_-]{2,63}';
/** The library files an archive may hold; nothing else is ever extracted. */
const LIBRARY_FILE = new RegExp(
  `^(?:catalog\\.json|settings\\.json|briefings/${ID}\\.json|articles/${ID}/(?:article\\.json|annotations\\.json|original\\.[A-Za-z0-9]{1,8}))$`,
);

export interface BackupFileEntry {
  /** Path in the library folder, `/`-separated. */
  path: string;
  bytes: number;
  /** SHA-256, hex. */
  sha256: string;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  version: number;
  /** ISO 8601. */
  created: string;
  app: { name: string; version: string };
  counts: { articles: number; annotationFiles: number; briefings: number };
  files: BackupFileEntry[];
}

/** `done` of `total` files (or bytes while writing), for a progress bar. */
export interface BackupProgress {
  phase: 'reading' | 'writing' | 'checking' | 'restoring' | 'merging';
  done: number;
  total: number;
}

export interface BackupResult {
  path: string;
  /** Size of the archive, bytes. */
  bytes: number;
  files: number;
  articles: number;
  briefings: number;
}

/** True for a library file an archive may carry (see `LIBRARY_FILE`). */
export function isLibraryFile(path: string): boolean {
  return LIBRARY_FILE.test(path);
}

/** The library's files that a backup carries, `/`-separated, sorted. Temporary and unknown files are left out. */
export async function libraryFiles(libraryDir: string): Promise<string[]> {
  const out: string[] = [];
  for (const name of ['catalog.json', 'settings.json']) {
    if (await isFile(join(libraryDir, name))) out.push(name);
  }
  const briefings = await fs.readdir(join(libraryDir, 'briefings')).catch(() => [] as string[]);
  for (const name of briefings.sort()) if (isLibraryFile(`briefings/${name}`)) out.push(`briefings/${name}`);
  const articles = await fs.readdir(join(libraryDir, 'articles')).catch(() => [] as string[]);
  for (const id of articles.sort()) {
    const names = await fs.readdir(join(libraryDir, 'articles', id)).catch(() => [] as string[]);
    for (const name of names.sort()) if (isLibraryFile(`articles/${id}/${name}`)) out.push(`articles/${id}/${name}`);
  }
  return out;
}

async function isFile(path: string): Promise<boolean> {
  return fs.stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

function countsOf(paths: readonly string[]): BackupManifest['counts'] {
  return {
    articles: paths.filter((p) => p.endsWith('/article.json')).length,
    annotationFiles: paths.filter((p) => p.endsWith('/annotations.json')).length,
    briefings: paths.filter((p) => p.startsWith('briefings/')).length,
  };
}

/**
 * Writes every file of the library at `libraryDir` into a zip at `outPath`
 * (through a temporary file renamed when complete, so a half-written archive
 * never carries the name). Each file is read whole, so a file replaced
 * meanwhile (writes are atomic renames) is in the archive either as it was or
 * as it became. Refuses (BdError `refused`, core/library/output-guard.ts) a
 * destination inside this library folder or any other.
 */
export async function writeBackup(libraryDir: string, outPath: string, options: { onProgress?(p: BackupProgress): void } = {}): Promise<BackupResult> {
  // The shared guard: never inside this library or any other (links resolved, case-insensitive file systems included).
  await assertOutsideLibrary(outPath, libraryDir);
  await fs.mkdir(dirname(outPath), { recursive: true });
  const paths = await libraryFiles(libraryDir);
  const zip = new (yazl().ZipFile)();
  const tmp = join(dirname(outPath), `.${basename(outPath)}.${randomBytes(6).toString('hex')}.partial`);
  const out = createWriteStream(tmp);
  const written = pipeline(zip.outputStream, out);
  const files: BackupFileEntry[] = [];
  try {
    let done = 0;
    for (const path of paths) {
      let bytes: Buffer;
      try {
        bytes = await fs.readFile(join(libraryDir, ...path.split('/')));
      } catch (err) {
        // Deleted between listing and reading (an article removed meanwhile): not part of this backup.
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw err;
      }
      files.push({ path, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
      // Originals (PDF, DOCX) are already compressed; JSON shrinks a lot.
      zip.addBuffer(bytes, path, { compress: path.endsWith('.json') || path.endsWith('.txt') || path.endsWith('.md') || path.endsWith('.html') });
      options.onProgress?.({ phase: 'reading', done: ++done, total: paths.length });
    }
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      created: new Date().toISOString(),
      app: { name: 'Briefing Desk', version: appVersion },
      counts: countsOf(files.map((f) => f.path)),
      files,
    };
    zip.addBuffer(Buffer.from(JSON.stringify(manifest, null, 1), 'utf8'), MANIFEST_NAME);
    options.onProgress?.({ phase: 'writing', done: paths.length, total: paths.length });
    zip.end();
    await written;
    const handle = await fs.open(tmp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, outPath);
    const { size } = await fs.stat(outPath);
    return { path: outPath, bytes: size, files: files.length, articles: manifest.counts.articles, briefings: manifest.counts.briefings };
  } catch (err) {
    out.destroy();
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

// ---------------------------------------------------------------- reading

/**
 * A refusal with a specific reason the user can act on (a newer backup
 * version, an archive beyond the size limits), naming the user's file.
 */
function refused(archive: string, reason: string): BdError {
  return new BdError('refused', `${basename(archive)} cannot be restored: ${reason}. Nothing was changed.`, {
    detail: { messageZh: `无法从 ${basename(archive)} 恢复：${reason}。文库没有任何改动。` },
  });
}

/**
 * The refusal for a file that is not a backup or is damaged (not a zip,
 * truncated, entries or manifest that do not check out): keyed
 * `backup.damaged` with the user's file name, so the interface says it in
 * its language; the technical cause (the zip reader's own words) stays in
 * `detail.cause` for logs and is never part of the sentence.
 */
function damaged(archive: string, cause: string): BdError {
  const file = basename(archive);
  return new BdError('refused', `${file} cannot be restored: it is not a Briefing Desk backup archive, or it is damaged or truncated. Nothing was changed.`, {
    key: 'backup.damaged',
    params: { file },
    detail: { cause, messageZh: `无法从 ${file} 恢复：它不是简报台的备份文件，或已损坏、不完整。文库没有任何改动。` },
  });
}

/**
 * Refuses (BdError `not-found`, key `backup.noArchive`) an archive path that
 * is not a readable file; checked before anything else about a restore.
 */
export async function assertArchiveFile(path: string, shown: string = path): Promise<void> {
  const stat = await fs.stat(path).catch(() => null);
  if (!stat?.isFile()) throw new BdError('not-found', `No backup archive at ${shown}.`, { field: 'file', key: 'backup.noArchive', params: { path: shown } });
}

function openZip(path: string): Promise<ZipFile> {
  return new Promise((resolvePromise, reject) => {
    yauzl().open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: true, decodeStrings: true }, (err, zip) =>
      err ? reject(err) : resolvePromise(zip),
    );
  });
}

function readEntries(zip: ZipFile, archive: string): Promise<Entry[]> {
  return new Promise((resolvePromise, reject) => {
    const entries: Entry[] = [];
    zip.on('entry', (entry: Entry) => {
      entries.push(entry);
      if (entries.length > MAX_ENTRIES) {
        zip.close();
        reject(refused(archive, `it holds more than ${MAX_ENTRIES.toLocaleString('en')} entries`));
        return;
      }
      zip.readEntry();
    });
    zip.on('end', () => resolvePromise(entries));
    zip.on('error', (err: Error) => reject(damaged(archive, `it is not a readable zip archive (${err.message})`)));
    zip.readEntry();
  });
}

function openEntry(zip: ZipFile, entry: Entry): Promise<NodeJS.ReadableStream> {
  return new Promise((resolvePromise, reject) => zip.openReadStream(entry, (err, stream) => (err ? reject(err) : resolvePromise(stream))));
}

/** An entry's bytes, at most `limit` of them (declared sizes are enforced by yauzl as it inflates). */
async function readEntryBytes(zip: ZipFile, entry: Entry, limit: number): Promise<Buffer> {
  const stream = await openEntry(zip, entry);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new Error(`${entry.fileName} expands beyond ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** A checked archive, open for reading its files. Close it when done. */
export interface BackupArchive {
  path: string;
  manifest: BackupManifest;
  /** Reads one listed file (checked against the manifest's size and SHA-256). */
  read(path: string): Promise<Buffer>;
  /** Streams one listed file into `dest` (checked likewise; the file is removed when the check fails). */
  extract(path: string, dest: string): Promise<void>;
  close(): void;
}

function parseManifest(text: string, archive: string): BackupManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw damaged(archive, `its ${MANIFEST_NAME} is not valid JSON`);
  }
  const m = value as Partial<BackupManifest>;
  if (!m || m.format !== BACKUP_FORMAT) throw damaged(archive, `its ${MANIFEST_NAME} is not a Briefing Desk backup manifest`);
  if (typeof m.version !== 'number' || m.version > BACKUP_VERSION) {
    throw refused(archive, `it was written by a newer Briefing Desk (backup version ${String(m.version)}); update the app to restore it`);
  }
  if (!Array.isArray(m.files)) throw damaged(archive, `its ${MANIFEST_NAME} lists no files`);
  const seen = new Set<string>();
  for (const [i, f] of m.files.entries()) {
    if (!f || typeof f.path !== 'string' || typeof f.bytes !== 'number' || typeof f.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(f.sha256) || f.bytes < 0) {
      throw damaged(archive, `entry ${i} of its manifest is malformed`);
    }
    if (!isLibraryFile(f.path)) throw damaged(archive, `its manifest lists "${f.path}", which is not a library file`);
    if (seen.has(f.path)) throw damaged(archive, `its manifest lists "${f.path}" twice`);
    seen.add(f.path);
  }
  return {
    format: BACKUP_FORMAT,
    version: m.version,
    created: String(m.created ?? ''),
    app: m.app ?? { name: 'Briefing Desk', version: '?' },
    counts: countsOf(m.files.map((f) => f.path)),
    files: m.files,
  };
}

/**
 * Opens and checks an archive: a zip whose every entry is a library file or
 * the manifest, within the limits, each listed in the manifest. Throws a
 * `refused` BdError naming the archive and the reason (in English and
 * Chinese) otherwise; nothing is written.
 */
export async function openBackup(path: string): Promise<BackupArchive> {
  await assertArchiveFile(path);
  let zip: ZipFile;
  try {
    zip = await openZip(path);
  } catch (err) {
    throw damaged(path, `it is not a zip archive (${(err as Error).message})`);
  }
  try {
    const entries = await readEntries(zip, path);
    const byName = new Map<string, Entry>();
    let total = 0;
    for (const entry of entries) {
      const name = entry.fileName;
      if (name.endsWith('/')) continue; // a folder entry carries nothing
      if (name !== MANIFEST_NAME && !isLibraryFile(name)) throw damaged(path, `it holds "${name}", which is not a library file`);
      if (byName.has(name)) throw damaged(path, `it holds "${name}" twice`);
      if (entry.uncompressedSize > MAX_ENTRY_BYTES)
        throw refused(path, `"${name}" expands to ${entry.uncompressedSize} bytes, more than the ${MAX_ENTRY_BYTES} allowed`);
      if (entry.uncompressedSize > 1024 * 1024 && entry.uncompressedSize > MAX_RATIO * Math.max(1, entry.compressedSize)) {
        throw refused(path, `"${name}" expands ${Math.round(entry.uncompressedSize / Math.max(1, entry.compressedSize))} times its size (a zip bomb?)`);
      }
      total += entry.uncompressedSize;
      if (total > MAX_TOTAL_BYTES) throw refused(path, `it expands to more than ${MAX_TOTAL_BYTES} bytes`);
      byName.set(name, entry);
    }
    const manifestEntry = byName.get(MANIFEST_NAME);
    if (!manifestEntry) throw damaged(path, `it is not a Briefing Desk backup (no ${MANIFEST_NAME})`);
    let manifestText: string;
    try {
      manifestText = (await readEntryBytes(zip, manifestEntry, MAX_MANIFEST_BYTES)).toString('utf8');
    } catch (err) {
      throw damaged(path, `its manifest cannot be read (${(err as Error).message})`);
    }
    const manifest = parseManifest(manifestText, path);
    const listed = new Map(manifest.files.map((f) => [f.path, f]));
    for (const name of byName.keys()) {
      if (name !== MANIFEST_NAME && !listed.has(name)) throw damaged(path, `it holds "${name}", which its manifest does not list`);
    }
    for (const f of manifest.files) {
      const entry = byName.get(f.path);
      if (!entry) throw damaged(path, `"${f.path}" is listed in its manifest but missing`);
      if (entry.uncompressedSize !== f.bytes) throw damaged(path, `"${f.path}" does not have the size its manifest gives`);
    }
    const check = (f: BackupFileEntry, hash: string, size: number) => {
      if (size !== f.bytes || hash !== f.sha256) throw damaged(path, `"${f.path}" is damaged (its contents do not match the manifest)`);
    };
    const wanted = (name: string) => {
      const f = listed.get(name);
      if (!f) throw new Error(`${name} is not in the backup`);
      return { f, entry: byName.get(name)! };
    };
    return {
      path,
      manifest,
      read: async (name) => {
        const { f, entry } = wanted(name);
        let bytes: Buffer;
        try {
          bytes = await readEntryBytes(zip, entry, f.bytes);
        } catch (err) {
          throw damaged(path, `"${name}" cannot be read (${(err as Error).message})`);
        }
        check(f, createHash('sha256').update(bytes).digest('hex'), bytes.length);
        return bytes;
      },
      extract: async (name, dest) => {
        const { f, entry } = wanted(name);
        const hash = createHash('sha256');
        let size = 0;
        try {
          const stream = await openEntry(zip, entry);
          const file = createWriteStream(dest, { flags: 'wx' });
          await pipeline(
            stream,
            new Writable({
              write(chunk: Buffer, _enc, done) {
                size += chunk.length;
                if (size > f.bytes) return done(new Error('longer than declared'));
                hash.update(chunk);
                file.write(chunk, done);
              },
              final(done) {
                file.end(done);
              },
            }),
          );
        } catch (err) {
          await fs.rm(dest, { force: true });
          throw damaged(path, `"${name}" cannot be read (${(err as Error).message})`);
        }
        try {
          check(f, hash.digest('hex'), size);
        } catch (err) {
          await fs.rm(dest, { force: true });
          throw err;
        }
      },
      close: () => zip.close(),
    };
  } catch (err) {
    zip.close();
    throw err;
  }
}

export interface RestoreResult {
  path: string;
  files: number;
  articles: number;
  briefings: number;
}

/**
 * Restores an archive into `targetDir`, which must not exist or be empty:
 * extracted into a temporary folder beside it, every file checked, JSON
 * files parsed, then renamed into place. On any failure the temporary folder
 * is removed and `targetDir` is left as it was.
 */
export async function restoreBackup(archivePath: string, targetDir: string, options: { onProgress?(p: BackupProgress): void } = {}): Promise<RestoreResult> {
  const target = resolve(targetDir);
  // A missing archive is reported as missing, whatever the target holds.
  await assertArchiveFile(archivePath);
  const existing = await fs.readdir(target).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? null : Promise.reject(err)));
  if (existing && existing.length) {
    throw new BdError('refused', `${target} is not empty; restore into an empty folder, or merge into this library (--merge). Nothing was changed.`, {
      field: 'library',
      detail: { messageZh: `${target} 不是空文件夹：请恢复到空文件夹，或合并到这个文库（--merge）。没有任何改动。` },
    });
  }
  const archive = await openBackup(archivePath);
  const tmp = join(dirname(target), `.${basename(target)}.restoring-${randomBytes(6).toString('hex')}`);
  try {
    const files = archive.manifest.files;
    let done = 0;
    for (const f of files) {
      const dest = join(tmp, ...f.path.split('/'));
      await fs.mkdir(dirname(dest), { recursive: true });
      await archive.extract(f.path, dest);
      if (f.path.endsWith('.json')) {
        try {
          JSON.parse(await fs.readFile(dest, 'utf8'));
        } catch {
          throw damaged(archivePath, `"${f.path}" is not valid JSON`);
        }
      }
      options.onProgress?.({ phase: 'restoring', done: ++done, total: files.length });
    }
    if (existing) await fs.rmdir(target);
    await fs.rename(tmp, target);
    return { path: target, files: files.length, articles: archive.manifest.counts.articles, briefings: archive.manifest.counts.briefings };
  } catch (err) {
    await fs.rm(tmp, { recursive: true, force: true });
    throw err;
  } finally {
    archive.close();
  }
}

/**
 * A new archive path in `folder` named for the time (`briefing-desk-backup-
 * 2026-11-30-142503.zip`, then `…-2.zip`, `…-3.zip` within the same second),
 * reserved by creating it empty (exclusively), so two backups never share a
 * name. `writeBackup` then replaces it.
 */
export async function reserveBackupPath(folder: string, now = new Date()): Promise<string> {
  await fs.mkdir(folder, { recursive: true });
  const stem = defaultBackupName(now).slice(0, -4);
  for (let n = 1; ; n++) {
    const path = join(folder, `${stem}${n > 1 ? `-${n}` : ''}.zip`);
    try {
      await (await fs.open(path, 'wx')).close();
      return path;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

/** `briefing-desk-backup-2026-11-30-142503.zip`: a default file name for a backup made now. */
export function defaultBackupName(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `briefing-desk-backup-${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}.zip`;
}
