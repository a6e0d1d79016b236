/**
 * Backup and restore from the app: the whole library to one zip archive in
 * the backups folder beside the library (`library` → `library-backups`), the archives there, merging one
 * (or an uploaded one) into this library, and the progress of either while
 * it runs: `backupProgress` events (common/contract/events.ts) under the
 * `operationId` the caller chose (`operationProgress` answers the same when
 * asked, for a client that cannot listen).
 */
import { z } from 'zod';
import { method } from './define';

const OperationId = z.string().regex(/^[a-z0-9-]{6,40}$/, 'must be 6–40 lowercase letters, digits or dashes');
/** A file on the computer the core runs on. */
const LocalPath = z.string().min(1, 'must name the file').max(4096);

export interface BackupInfo {
  /** Absolute path of the archive. */
  path: string;
  /** Its size, bytes. */
  bytes: number;
  files: number;
  articles: number;
  briefings: number;
}

export interface BackupFile {
  name: string;
  path: string;
  bytes: number;
  /** ISO 8601. */
  modified: string;
}

export interface MergeResult {
  added: { articles: number; annotations: number; briefings: number };
  updated: { articles: number; annotations: number; briefings: number };
  /**
   * What was not taken from the backup (path in the archive), and why:
   * `code` for the interface to word (`unreadable`, `newer-version`,
   * `same-text`, `text-differs`, `kept-newer`), `reason` in English.
   */
  skipped: { path: string; code: 'unreadable' | 'newer-version' | 'same-text' | 'text-differs' | 'kept-newer'; reason: string; count?: number }[];
}

export interface OperationProgress {
  phase: 'reading' | 'writing' | 'checking' | 'restoring' | 'merging';
  done: number;
  total: number;
}

export const backupContract = {
  /** Writes the whole library to a new archive in the backups folder beside the library folder. */
  backupLibrary: method(z.object({ operationId: OperationId.optional() }).strict())<BackupInfo>(),
  /**
   * Writes the whole library to an archive at `path` on this computer (the
   * CLI's `briefing backup FILE.zip`): through a temporary file renamed when
   * complete; a target inside a library folder is refused. Browser mode refuses it.
   */
  backupLibraryToFile: method(z.object({ path: LocalPath, operationId: OperationId.optional() }).strict())<BackupInfo>(),
  /** The archives in the backups folder, newest first. */
  listBackups: method(z.object({}).strict())<{ folder: string; backups: BackupFile[] }>(),
  /**
   * Merges an archive into this library (adds what is missing, never
   * overwrites newer data, lists what was skipped): one of the backups
   * folder by `name`, or uploaded as `dataBase64` (with `fileName`, the
   * chosen file's name, which refusals name instead of an internal one). A
   * refused archive changes nothing.
   */
  restoreLibrary: method(
    z
      .object({
        name: z
          .string()
          .regex(/^[^\\/:*?"<>|\u0000-\u001f]{1,200}\.zip$/i, 'must be the file name of a .zip in the backups folder')
          .optional(),
        dataBase64: z
          .string()
          .min(1)
          .max(80 * 1024 * 1024, 'is larger than 60 MB; put the archive in the backups folder, or use `briefing restore --merge`')
          .optional(),
        fileName: z.string().min(1).max(255).optional(),
        operationId: OperationId.optional(),
      })
      .strict()
      .refine((p) => !!p.name !== !!p.dataBase64, { message: 'give either name or dataBase64', path: ['name'] }),
    { changes: ['articles', 'annotations', 'briefings'] },
  )<MergeResult>(),
  /**
   * Merges the archive at `path` on this computer into this library, as
   * `restoreLibrary` does (the CLI's `briefing restore FILE.zip --merge`, the
   * desktop app's "choose a file"). Browser mode refuses it.
   */
  restoreLibraryFromFile: method(z.object({ path: LocalPath, operationId: OperationId.optional() }).strict(), {
    changes: ['articles', 'annotations', 'briefings'],
  })<MergeResult>(),
  /** How far a running backup or restore has got; null when none runs under that id. */
  operationProgress: method(z.object({ operationId: OperationId }).strict())<OperationProgress | null>(),
} as const;
