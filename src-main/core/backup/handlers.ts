/**
 * Handlers of the backup contract (src-main/common/contract/backup.ts): the
 * app's and the CLI's Backup and Restore over core/backup. Progress goes out
 * as `backupProgress` events and is also kept for `operationProgress`.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { HandlersOf } from '../../common/contract/define';
import type { BackupInfo, backupContract, MergeResult, OperationProgress } from '../../common/contract/backup';
import { BdError } from '../../common/errors';
import { reserveBackupPath, writeBackup } from './backup';
import { mergeBackup } from './merge';
import type { CoreContext } from '../context';

/** Where backups go unless told: a folder beside the library folder, never inside it (`library` → `library-backups`). */
export function backupFolder(libraryDir: string): string {
  const dir = resolve(libraryDir);
  return join(dirname(dir), `${basename(dir)}-backups`);
}

/** A safe file name for an uploaded archive: the user's name without folders or characters file systems refuse; `backup.zip` when none is left. */
function uploadName(fileName: string | undefined): string {
  const name = (fileName ?? '')
    .split(/[\\/]/)
    .pop()!
    .replace(/[:*?"<>|\u0000-\u001f]/g, '_')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 200);
  return name || 'backup.zip';
}

export function backupHandlers(ctx: CoreContext): HandlersOf<typeof backupContract> {
  const { store, events } = ctx;
  const running = new Map<string, OperationProgress>();

  /** Runs one backup or restore, its progress sent as events under `operationId` (or `fallback`) and kept for `operationProgress`. */
  async function tracked<T>(operationId: string | undefined, fallback: string, work: (onProgress: (p: OperationProgress) => void) => Promise<T>): Promise<T> {
    const operation = operationId ?? fallback;
    try {
      return await work((p) => {
        if (operationId) running.set(operationId, p);
        events.emit('backupProgress', { operation, phase: p.phase, done: p.done, total: p.total });
      });
    } finally {
      if (operationId) running.delete(operationId);
    }
  }

  /** The whole library into `path` (a temp file renamed when complete); writes under way finish first. */
  async function backupTo(path: string, operationId: string | undefined, removeOnFailure: boolean): Promise<BackupInfo> {
    // A target inside a library folder is refused before any work: no waiting for writes, no progress, nothing read.
    // The archive's folder is made if missing (writeBackup), so only a file in its way is refused here.
    await store.checkExportPath(path, { createFolders: true });
    return tracked(operationId, 'backup', async (onProgress) => {
      // Writes under way finish first, so the archive holds every acknowledged change.
      await store.serial.idle();
      try {
        return await writeBackup(store.dir, path, { onProgress });
      } catch (err) {
        // The name reserved for it is freed again.
        if (removeOnFailure) await fs.rm(path, { force: true });
        throw err;
      }
    });
  }

  function merge(path: string, operationId: string | undefined): Promise<MergeResult> {
    return tracked(operationId, 'restore', (onProgress) => mergeBackup(ctx, path, { onProgress }));
  }

  return {
    backupLibrary: async (p) => backupTo(await reserveBackupPath(backupFolder(store.dir)), p.operationId, true),
    backupLibraryToFile: (p) => backupTo(resolve(p.path), p.operationId, false),
    listBackups: async () => {
      const folder = backupFolder(store.dir);
      // No backups folder yet: no backups.
      const names = await fs.readdir(folder).catch(() => [] as string[]);
      const backups = [];
      for (const name of names.filter((n) => n.toLowerCase().endsWith('.zip'))) {
        // Removed between listing and reading: not listed.
        const stat = await fs.stat(join(folder, name)).catch(() => null);
        if (stat?.isFile()) backups.push({ name, path: join(folder, name), bytes: stat.size, modified: stat.mtime.toISOString() });
      }
      return { folder, backups: backups.sort((a, b) => (a.modified < b.modified ? 1 : -1)) };
    },
    restoreLibrary: async (p) => {
      if (p.name) {
        const path = join(backupFolder(store.dir), p.name);
        // Absent or unreadable: refused below with the name.
        if (!(await fs.stat(path).catch(() => null))?.isFile())
          throw new BdError('not-found', `No backup named ${p.name} in ${backupFolder(store.dir)}.`, {
            field: 'name',
            key: 'backup.notFound',
            params: { name: p.name, folder: backupFolder(store.dir) },
          });
        return merge(path, p.operationId);
      }
      // The upload keeps the user's file name (in a folder of its own), so a refusal names the file they chose.
      const folder = join(store.tmpDir, `restore-${randomBytes(6).toString('hex')}`);
      const upload = join(folder, uploadName(p.fileName));
      await fs.mkdir(folder, { recursive: true });
      await fs.writeFile(upload, Buffer.from(p.dataBase64!, 'base64'));
      try {
        return await merge(upload, p.operationId);
      } finally {
        await fs.rm(folder, { recursive: true, force: true });
      }
    },
    restoreLibraryFromFile: async (p) => {
      const path = resolve(p.path);
      // Absent or unreadable: refused with the path.
      if (!(await fs.stat(path).catch(() => null))?.isFile())
        throw new BdError('not-found', `No backup archive at ${p.path}.`, { field: 'path', key: 'backup.noArchive', params: { path: p.path } });
      return merge(path, p.operationId);
    },
    operationProgress: (p) => running.get(p.operationId) ?? null,
  };
}
