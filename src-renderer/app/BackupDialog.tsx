/**
 * Backup and restore in the app. `useBackup` runs Backup (the whole library
 * to a new archive beside the library folder) with a progress bar and says
 * where it went; `RestoreDialog` merges an archive into this library — one
 * of the backups folder, or a chosen file — with a progress bar, then lists
 * what was added, updated and skipped (and why). Progress arrives as core's
 * `backupProgress` events of the operation. A chosen file is read by core
 * from its path in the desktop app (`restoreLibraryFromFile`) and uploaded
 * only in browser mode.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { BackupFile, MergeResult, OperationProgress } from '../../src-main/common/contract/backup';
import { api, newOperation, onApiEvent, pathOfFile } from '../api-client';
import { useI18n } from '../i18n/I18nProvider';
import { errorText } from '../i18n/error-text';
import { useApiQuery } from './use-api-query';

/** Runs `work(operationId)` and reports core's `backupProgress` events for that operation until it settles. */
export async function withProgress<T>(work: (operationId: string) => Promise<T>, onProgress: (p: OperationProgress | null) => void): Promise<T> {
  const operationId = newOperation('backup');
  const off = onApiEvent('backupProgress', (event) => {
    if (event.operation === operationId) onProgress({ phase: event.phase, done: event.done, total: event.total });
  });
  try {
    return await work(operationId);
  } finally {
    off();
    onProgress(null);
  }
}

export function OperationBar({ label, progress }: { label: string; progress: OperationProgress | { done: 0; total: 0 } }) {
  return (
    <div className="import-progress" role="status" data-testid="operation-progress">
      <span>{label}</span>
      {progress.total ? <progress max={progress.total} value={progress.done} /> : <progress />}
    </div>
  );
}

function formatBytes(n: number, locale: string): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toLocaleString(locale, { maximumFractionDigits: i ? 1 : 0 })} ${units[i]}`;
}

const MAX_UPLOAD = 60 * 1024 * 1024;
const NO_BACKUPS: readonly BackupFile[] = [];

async function fileToBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export interface RestoreDialogProps {
  onClose(): void;
  /** The library changed (something was added or updated). */
  onRestored(result: MergeResult): void;
}

export function RestoreDialog({ onClose, onRestored }: RestoreDialogProps) {
  const { t, locale } = useI18n();
  const titleId = useId();
  const list = useApiQuery(['backups'], () => api.listBackups({}));
  const [choice, setChoice] = useState<string | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<OperationProgress | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<MergeResult | null>(null);
  const dialog = useRef<HTMLDivElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const backups: readonly BackupFile[] = list.data?.backups ?? NO_BACKUPS;

  useEffect(() => {
    if (choice === null && !file && backups.length) setChoice(backups[0].name);
  }, [backups, choice, file]);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    dialog.current?.querySelector<HTMLElement>('input, button')?.focus();
    return () => {
      if (before && document.contains(before)) before.focus();
    };
  }, []);

  // Escape closes it wherever focus is (a disabled button that had focus leaves it on the page).
  const closable = !busy;
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key === 'Escape' && closable) {
        event.preventDefault();
        onClose();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [closable, onClose]);

  async function run() {
    setBusy(true);
    setError(null);
    try {
      // The desktop app hands core the chosen file's path; browser mode uploads the archive.
      const path = file ? pathOfFile(file) : null;
      let params: { name: string } | { dataBase64: string; fileName: string } | { path: string };
      if (path) params = { path };
      else if (file) {
        if (file.size > MAX_UPLOAD) throw new Error(t('backup.tooLarge', { name: file.name }));
        params = { dataBase64: await fileToBase64(file), fileName: file.name };
      } else params = { name: choice! };
      const merged = await withProgress(
        (operationId) => ('path' in params ? api.restoreLibraryFromFile({ ...params, operationId }) : api.restoreLibrary({ ...params, operationId })),
        setProgress,
      );
      setResult(merged);
      onRestored(merged);
    } catch (err) {
      setError(errorText(err, locale));
    } finally {
      setBusy(false);
      // Focus back into the dialog (the button that had it was disabled meanwhile).
      setTimeout(() => dialog.current?.querySelector<HTMLElement>('[data-testid=restore-close], [data-testid=restore-run]')?.focus(), 0);
    }
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Tab') {
      const focusable = [...(dialog.current?.querySelectorAll<HTMLElement>('input:not([disabled]), button:not([disabled])') ?? [])];
      const i = focusable.indexOf(document.activeElement as HTMLElement);
      event.preventDefault();
      focusable[(i + (event.shiftKey ? -1 : 1) + focusable.length) % focusable.length]?.focus();
    }
  }

  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && !busy && onClose()}>
      <div
        ref={dialog}
        className="dialog restore-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onKeyDown={onKeyDown}
        data-testid="restore-dialog"
      >
        <h3 id={titleId}>{t('backup.restoreTitle')}</h3>
        {result ? (
          <div data-testid="restore-result">
            <p>{t('backup.merged', { articles: result.added.articles, annotations: result.added.annotations, briefings: result.added.briefings })}</p>
            {(result.updated.annotations > 0 || result.updated.briefings > 0 || result.updated.articles > 0) && (
              <p>{t('backup.updated', { annotations: result.updated.annotations, briefings: result.updated.briefings, articles: result.updated.articles })}</p>
            )}
            {result.skipped.length > 0 && (
              <>
                <p>{t('backup.skipped', { count: result.skipped.length })}</p>
                <ul className="outcomes restore-skipped" data-testid="restore-skipped">
                  {result.skipped.map((s) => (
                    <li key={s.path} className="restore-skip">
                      <span className="file">{s.path}</span>
                      <span className="reason muted">{locale === 'zh-CN' ? t(`backup.skip.${s.code}`, { count: s.count ?? 1 }) : s.reason}</span>
                    </li>
                  ))}
                </ul>
              </>
            )}
            <div className="dialog-actions">
              <button type="button" className="primary" onClick={onClose} data-testid="restore-close">
                {t('common.close')}
              </button>
            </div>
          </div>
        ) : (
          <>
            <p className="muted small">{t('backup.restoreHint')}</p>
            {list.data && (
              <fieldset className="briefing-choices" disabled={busy}>
                <legend className="small muted">{t('backup.folder', { folder: list.data.folder })}</legend>
                {backups.length === 0 && !file && <p className="muted small">{t('backup.none')}</p>}
                {backups.map((b) => (
                  <label key={b.name} className="choice">
                    <input
                      type="radio"
                      name="backup"
                      checked={!file && choice === b.name}
                      onChange={() => (setFile(null), setChoice(b.name))}
                      data-testid="restore-choice"
                    />
                    <span>
                      {b.name} <span className="muted small">{formatBytes(b.bytes, locale)}</span>
                    </span>
                  </label>
                ))}
                {file && (
                  <label className="choice">
                    <input type="radio" name="backup" checked readOnly />
                    <span>
                      {file.name} <span className="muted small">{formatBytes(file.size, locale)}</span>
                    </span>
                  </label>
                )}
              </fieldset>
            )}
            <input
              ref={fileInput}
              type="file"
              accept=".zip"
              hidden
              data-testid="restore-file"
              onChange={(e) => {
                const f = e.target.files?.[0];
                e.target.value = '';
                if (f) setFile(f);
              }}
            />
            {progress && <OperationBar label={t('backup.restoring')} progress={progress} />}
            {busy && !progress && <OperationBar label={t('backup.restoring')} progress={{ done: 0, total: 0 }} />}
            {error && (
              <p className="form-error" role="alert" data-testid="restore-error">
                {error}
              </p>
            )}
            <div className="dialog-actions">
              <button type="button" onClick={() => fileInput.current?.click()} disabled={busy}>
                {t('backup.chooseFile')}
              </button>
              <button type="button" onClick={onClose} disabled={busy}>
                {t('common.cancel')}
              </button>
              <button type="button" className="primary" disabled={busy || (!file && !choice)} onClick={() => void run()} data-testid="restore-run">
                {t('backup.restoreRun')}
              </button>
            </div>
          </>
        )}
      </div>
    </div>
  );
}
