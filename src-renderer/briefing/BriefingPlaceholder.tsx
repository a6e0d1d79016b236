/**
 * What the workspace shows where the composer goes while no briefing is open: loading, the error of
 * reading it (with a retry), a welcome with a "new briefing" button when there are none, or a prompt
 * to choose one.
 */
import { useI18n } from '../i18n/I18nProvider';
import { Icon } from './Icon';

/** `entries` is the number of briefings (null until the list is read); `loadError` a sentence to show. */
export interface BriefingPlaceholderProps {
  loading: boolean;
  loadError: string | null;
  entries: number | null;
  creating: boolean;
  onRetry(): void;
  onCreate(): void;
}

export function BriefingPlaceholder({ loading, loadError, entries, creating, onRetry, onCreate }: BriefingPlaceholderProps) {
  const { t } = useI18n();
  return (
    <div className="brief-placeholder" data-testid="brief-placeholder">
      {loading ? (
        <p className="muted">{t('brief.loading')}</p>
      ) : loadError ? (
        <div className="brief-error" role="alert">
          <p>{loadError}</p>
          <button type="button" onClick={onRetry}>
            {t('brief.retry')}
          </button>
        </div>
      ) : entries === 0 ? (
        <div className="brief-welcome">
          <h2>{t('brief.welcome.title')}</h2>
          <p className="muted">{t('brief.welcome.text')}</p>
          <button type="button" className="primary" onClick={onCreate} disabled={creating}>
            <Icon name="plus" />
            {t('brief.new')}
          </button>
        </div>
      ) : (
        <p className="muted">{entries !== null ? t('brief.choose') : t('brief.loading')}</p>
      )}
    </div>
  );
}
