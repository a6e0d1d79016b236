/**
 * Progress while a multi-file import runs, and the per-file summary after it.
 */
import { useI18n } from '../i18n/I18nProvider';
import { messageText } from '../i18n/error-text';
import type { ImportOutcome } from './import-files';

export function ImportProgress({ done, total }: { done: number; total: number }) {
  const { t } = useI18n();
  return (
    <div className="import-progress" role="status" data-testid="import-progress">
      <span>{t('import.progress', { done, total })}</span>
      <progress max={total} value={done} />
    </div>
  );
}

export function ImportSummary({ outcomes, onClose }: { outcomes: ImportOutcome[]; onClose(): void }) {
  const { t, locale } = useI18n();
  const count = (s: ImportOutcome['status']) => outcomes.filter((o) => o.status === s).length;
  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="import-summary-title"
        onClick={(e) => e.stopPropagation()}
        data-testid="import-summary"
      >
        <h3 id="import-summary-title">
          {t(count('unsent') ? 'import.summaryUnsent' : 'import.summary', {
            imported: count('imported'),
            duplicate: count('duplicate'),
            refused: count('refused'),
            unsent: count('unsent'),
          })}
        </h3>
        <ul className="outcomes">
          {outcomes.map((o, i) => (
            <li key={i} className={`outcome outcome-${o.status}`}>
              <span className="badge">{t(`import.status.${o.status}`)}</span>
              <span className="file">{o.file}</span>
              {o.status !== 'imported' && <span className="reason">{messageText(o, locale)}</span>}
            </li>
          ))}
        </ul>
        <div className="dialog-actions">
          <button autoFocus onClick={onClose}>
            {t('common.close')}
          </button>
        </div>
      </div>
    </div>
  );
}
