/**
 * Says whether what an editor holds is kept as a draft yet ("Saving
 * draft…" / "Draft saved"), politely announced to screen readers.
 */
import type { DraftState } from '../app/drafts';
import { useI18n } from '../i18n/I18nProvider';

export function DraftStatus({ state }: { state: DraftState }) {
  const { t } = useI18n();
  return (
    <span className="muted small draft-status" role="status" aria-live="polite" data-testid="draft-status" data-state={state}>
      {state === 'pending' ? t('draft.pending') : state === 'saved' ? t('draft.saved') : ''}
    </span>
  );
}
