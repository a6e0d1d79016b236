/**
 * Handlers of the backup contract (src-main/common/contract/backup.ts): the
 * app's Backup and Restore commands over core/backup.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { HandlersOf } from '../../common/contract/define';
import type { backupContract, OperationProgress } from '../../common/contract/backup';
import { BdError } from '../../common/errors';
import { reserveBackupPath, writeBackup } from '../backup/backup';
import { mergeBackup } from '../backup/merge';
import type { CoreContext } from '../context';

/** Where backups go unless told: a folder beside the library folder, never inside it (`library` → `library-backups`). */
export function backupFolder(libraryDir: string): string {
  const dir = resolve(libraryDir);
  return join(dirname(dir), `${basename(dir)}-backups`);
}

export function backupHandlers(ctx: CoreContext): HandlersOf<typeof backupContract> {
  const { store } = ctx;
  const running = new Map<string, OperationProgress>();
  const track = (id: string | undefined) => (p: OperationProgress) => {
    if (id) running.set(id, p);
  };

  return {
    backupLibrary: async (p) => {
      try {
        // Writes under way finish first, so the archive holds every acknowledged change.
        await store.serial.idle();
        const path = await reserveBackupPath(backupFolder(store.dir));
        try {
          return await writeBackup(store.dir, path, { onProgress: track(p.operationId) });
        } catch (err) {
          await fs.rm(path, { force: true });
          throw err;
        }
      } finally {
        if (p.operationId) running.delete(p.operationId);
      }
    },
    listBackups: async () => {
      const folder = backupFolder(store.dir);
      const names = await fs.readdir(folder).catch(() => [] as string[]);
      const backups = [];
      for (const name of names.filter((n) => n.toLowerCase().endsWith('.zip'))) {
        const stat = await fs.stat(join(folder, name)).catch(() => null);
        if (stat?.isFile()) backups.push({ name, path: join(folder, name), bytes: stat.size, modified: stat.mtime.toISOString() });
      }
      return { folder, backups: backups.sort((a, b) => (a.modified < b.modified ? 1 : -1)) };
    },
    restoreLibrary: async (p) => {
      let path: string;
      let upload: string | null = null;
      if (p.name) {
        path = join(backupFolder(store.dir), p.name);
        if (!(await fs.stat(path).catch(() => null))?.isFile()) throw new BdError('not-found', `No backup named ${p.name} in ${backupFolder(store.dir)}.`, { field: 'name' });
      } else {
        upload = join(store.tmpDir, `restore-${randomBytes(6).toString('hex')}.zip`);
        await fs.writeFile(upload, Buffer.from(p.dataBase64!, 'base64'));
        path = upload;
      }
      try {
        return await mergeBackup(ctx, path, { onProgress: track(p.operationId) });
      } finally {
        if (p.operationId) running.delete(p.operationId);
        if (upload) await fs.rm(upload, { force: true });
      }
    },
    operationProgress: (p) => running.get(p.operationId) ?? null,
  };
}
