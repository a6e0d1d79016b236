/**
 * Backup and restore from the window: a backup writes the whole library to a new archive beside the
 * library folder with a progress bar (from core's backupProgress events) and a toast naming its size
 * and path; restore is a dialog, open or closed.
 */
import { useState } from 'react';
import { api } from '../api-client';
import { useI18n } from '../i18n/I18nProvider';
import { withProgress } from './BackupDialog';
import type { OperationProgress } from '../../src-main/common/contract/backup';
import type { ToastState } from './Toasts';

/** `backingUp` is the running backup's progress (total 0 before the first event), null when none runs. */
export function useBackup(toasts: ToastState) {
  const { t } = useI18n();
  const [backingUp, setBackingUp] = useState<OperationProgress | { done: 0; total: 0 } | null>(null);
  const [restoring, setRestoring] = useState(false);

  /** Backup: the whole library to a new archive beside the library folder, with a progress bar. */
  async function backup() {
    if (backingUp) return;
    setBackingUp({ done: 0, total: 0 });
    try {
      const made = await withProgress(
        (operationId) => api.backupLibrary({ operationId }),
        (p) => p && setBackingUp(p),
      );
      const size = made.bytes >= 1048576 ? `${(made.bytes / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(made.bytes / 1024))} KB`;
      toasts.info(t('backup.done', { articles: made.articles, briefings: made.briefings, size, path: made.path }));
    } catch (err) {
      toasts.error(err);
    } finally {
      setBackingUp(null);
    }
  }

  return { backingUp, backup, restoring, setRestoring };
}
