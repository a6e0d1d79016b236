/**
 * The library's problems, kept in view until the user acknowledges them: a
 * damaged file moved to quarantine/ (with its path), a file from a newer
 * version left as it is, a rebuilt catalog, an item that stopped the app
 * while opening. Problems stay across restarts until dismissed here (or with
 * `briefing problems --ack-all`); notices of this session go with a click.
 */
import type { LibraryWarningInfo } from '../../src-main/common/contract/library';
import { useI18n } from '../i18n/I18nProvider';

export interface ProblemsNoticeProps {
  warnings: LibraryWarningInfo[];
  /** Acknowledges problems by id (or all, with the session's notices). */
  onAcknowledge(ids: string[] | 'all'): void;
  /** Hides a notice of this session (one without an id). */
  onHideNotice(warning: LibraryWarningInfo): void;
  /** Opens an item that was not opened at start because it stopped the app last time. */
  onOpenAnyway?(warning: LibraryWarningInfo): void;
}

export function ProblemsNotice({ warnings, onAcknowledge, onHideNotice, onOpenAnyway }: ProblemsNoticeProps) {
  const { t, locale } = useI18n();
  if (warnings.length === 0) return null;
  return (
    <section className="notice problems" role="alert" aria-label={t('warnings.label')} data-testid="library-warnings">
      <div className="problems-head">
        <strong>{t('warnings.title')}</strong>
        {warnings.length > 1 && (
          <button className="ghost" onClick={() => onAcknowledge('all')} data-testid="problems-dismiss-all">
            {t('warnings.dismissAll')}
          </button>
        )}
      </div>
      <ul>
        {warnings.map((w, i) => (
          <li key={w.id ?? `notice-${i}`} data-testid="library-problem" data-kind={w.kind}>
            <span className="problem-message">{locale === 'zh-CN' && w.messageZh ? w.messageZh : w.message}</span>
            {w.file && (
              <span className="problem-file">
                {t('warnings.file')}
                <code data-testid="problem-file">{w.file}</code>
              </span>
            )}
            <span className="problem-actions">
              {w.kind === 'interrupted' && onOpenAnyway && (
                <button className="ghost" onClick={() => onOpenAnyway(w)} data-testid="problem-open-anyway">
                  {t('warnings.openAnyway')}
                </button>
              )}
              <button className="ghost" onClick={() => (w.id ? onAcknowledge([w.id]) : onHideNotice(w))} data-testid="problem-dismiss">
                {t('warnings.dismiss')}
              </button>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
