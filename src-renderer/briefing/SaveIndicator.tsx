/**
 * "Saved" / "Saving…" / "Unsaved changes" / "Not saved — retry" beside the
 * composer's tools. Only a failure is announced (role=alert); the rest would
 * chatter on every pause in typing.
 */
import { useI18n } from '../i18n/I18nProvider';
import type { SaveState } from './briefing-session';
import { Icon } from './Icon';

export function SaveIndicator({ state, error, onRetry }: { state: SaveState; error: string | null; onRetry(): void }) {
  const { t } = useI18n();
  if (state === 'error') {
    return (
      <span className="brief-save brief-save-error" role="alert" data-testid="brief-save-state" data-state={state} title={error ?? undefined}>
        {t('brief.save.error')}
        {error && <span className="brief-save-message">{error}</span>}
        <button type="button" className="brief-link" onClick={onRetry}>
          {t('brief.save.retry')}
        </button>
      </span>
    );
  }
  return (
    <span className={`brief-save brief-save-${state}`} data-testid="brief-save-state" data-state={state}>
      {state === 'saved' ? <Icon name="check" size={14} /> : <span className={state === 'saving' ? 'brief-spinner small' : 'brief-dot'} aria-hidden="true" />}
      {t(`brief.save.${state}`)}
    </span>
  );
}
