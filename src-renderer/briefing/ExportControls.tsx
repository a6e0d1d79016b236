/**
 * Export: format choice and the button. While the core renders (PDF takes a
 * second or three) the button is disabled and a progress bar follows the
 * core's `exportProgress` events (the step and the share done); the file
 * goes to the path chosen in the save dialog (desktop) or a download
 * (browser mode).
 */
import { useState } from 'react';
import { EXPORT_FORMATS, type ExportFormat } from '../../src-main/common/contract/briefings';
import type { ExportProgressEvent } from '../../src-main/common/contract/events';
import { useI18n } from '../i18n/I18nProvider';
import { Icon } from './Icon';

export interface ExportControlsProps {
  /** Runs the export; calls `onProgress` with each of the core's progress events. */
  onExport(format: ExportFormat, onProgress: (event: ExportProgressEvent) => void): Promise<void>;
  disabled?: boolean;
}

export function ExportControls({ onExport, disabled }: ExportControlsProps) {
  const { t } = useI18n();
  const [format, setFormat] = useState<ExportFormat>('pdf');
  const [running, setRunning] = useState<ExportFormat | null>(null);
  const [progress, setProgress] = useState<ExportProgressEvent | null>(null);

  async function run() {
    setRunning(format);
    setProgress(null);
    try {
      await onExport(format, setProgress);
    } finally {
      setRunning(null);
      setProgress(null);
    }
  }
  const status =
    progress?.phase === 'writing' && progress.fileName
      ? t('brief.export.writing', { name: progress.fileName })
      : running
        ? t('brief.export.progress', { format: t(`brief.export.${running}`) })
        : '';

  return (
    <div className="brief-export" data-testid="brief-export" aria-busy={!!running}>
      <label className="brief-export-format">
        <span className="brief-sr-only">{t('brief.export.format')}</span>
        <select value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)} disabled={!!running} data-testid="brief-export-format">
          {EXPORT_FORMATS.map((f) => (
            <option key={f} value={f}>
              {t(`brief.export.${f}`)}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="primary brief-export-button" onClick={run} disabled={!!running || disabled} data-testid="brief-export-button">
        {running ? <span className="brief-spinner small light" aria-hidden="true" /> : <Icon name="download" />}
        {running ? t('brief.export.running') : t('brief.export.button')}
      </button>
      {running && (
        <div
          className={progress?.fraction !== undefined ? 'brief-progress determinate' : 'brief-progress'}
          role="progressbar"
          aria-label={status}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={progress?.fraction !== undefined ? Math.round(progress.fraction * 100) : undefined}
          data-testid="brief-export-progress"
          data-stage={progress?.phase === 'building' ? progress.stage : progress?.phase}
        >
          <span style={progress?.fraction !== undefined ? { width: `${Math.round(progress.fraction * 100)}%` } : undefined} />
        </div>
      )}
      {running && (
        <span className="brief-sr-only" role="status" data-testid="brief-export-status">
          {status}
        </span>
      )}
    </div>
  );
}
