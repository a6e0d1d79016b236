/**
 * Export: format choice and the button. While the core renders (PDF takes a
 * second or three) the button is disabled and a progress bar runs; the file
 * then goes to a save dialog (desktop) or a download (browser mode).
 */
import { useState } from 'react';
import { EXPORT_FORMATS, type ExportFormat } from '../../src-main/common/contract/briefings';
import { useI18n } from '../i18n/I18nProvider';
import { Icon } from './Icon';

export interface ExportControlsProps {
  onExport(format: ExportFormat): Promise<void>;
  disabled?: boolean;
}

export function ExportControls({ onExport, disabled }: ExportControlsProps) {
  const { t } = useI18n();
  const [format, setFormat] = useState<ExportFormat>('pdf');
  const [running, setRunning] = useState<ExportFormat | null>(null);

  async function run() {
    setRunning(format);
    try {
      await onExport(format);
    } finally {
      setRunning(null);
    }
  }

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
        <div className="brief-progress" role="progressbar" aria-label={t('brief.export.progress', { format: t(`brief.export.${running}`) })} data-testid="brief-export-progress">
          <span />
        </div>
      )}
    </div>
  );
}
