/**
 * A short message at the foot of the reader (what an edit did to the
 * highlights, "deleted — undo", "copied"), with an optional action. It goes
 * away by itself; a new message replaces the old one.
 */
import { useEffect } from 'react';
import { useI18n } from '../i18n/I18nProvider';

export interface Notice {
  id: number;
  text: string;
  kind?: 'info' | 'error';
  action?: { label: string; run(): void };
}

export function ReaderNotice({ notice, onDismiss }: { notice: Notice | null; onDismiss(): void }) {
  const { t } = useI18n();
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(onDismiss, notice.kind === 'error' ? 10000 : notice.action ? 8000 : 4500);
    return () => clearTimeout(timer);
  }, [notice, onDismiss]);
  return (
    <div className="reader-notice-wrap" aria-live="polite">
      {notice && (
        <div
          className={`reader-notice${notice.kind === 'error' ? ' error' : ''}`}
          role={notice.kind === 'error' ? 'alert' : 'status'}
          data-testid="reader-notice"
        >
          <span>{notice.text}</span>
          {notice.action && (
            <button
              type="button"
              className="notice-action"
              onClick={() => {
                notice.action!.run();
                onDismiss();
              }}
            >
              {notice.action.label}
            </button>
          )}
          <button type="button" className="ghost notice-close" aria-label={t('common.close')} onClick={onDismiss}>
            ×
          </button>
        </div>
      )}
    </div>
  );
}
