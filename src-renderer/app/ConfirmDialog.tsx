/**
 * A modal question before anything is deleted. Focus starts on Cancel (the
 * safe answer), stays inside the dialog, and returns where it was.
 */
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useI18n } from '../i18n/I18nProvider';

export interface ConfirmRequest {
  title: string;
  message: string;
  confirmLabel: string;
}

export function ConfirmDialog({ request, onAnswer }: { request: ConfirmRequest; onAnswer(ok: boolean): void }) {
  const { t } = useI18n();
  const cancel = useRef<HTMLButtonElement>(null);
  const dialog = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    cancel.current?.focus();
    return () => {
      if (before && document.contains(before)) before.focus();
    };
  }, []);

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape') {
      event.preventDefault();
      onAnswer(false);
    } else if (event.key === 'Tab') {
      const buttons = Array.from(dialog.current?.querySelectorAll('button') ?? []);
      const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
      event.preventDefault();
      buttons[(i + (event.shiftKey ? -1 : 1) + buttons.length) % buttons.length]?.focus();
    }
  }

  return (
    <div className="dialog-backdrop" onClick={() => onAnswer(false)}>
      <div
        ref={dialog}
        className="dialog confirm-dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="confirm-title"
        aria-describedby="confirm-message"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={onKeyDown}
        data-testid="confirm-dialog"
      >
        <h3 id="confirm-title">{request.title}</h3>
        <p id="confirm-message">{request.message}</p>
        <div className="dialog-actions">
          <button ref={cancel} type="button" onClick={() => onAnswer(false)} data-testid="confirm-cancel">
            {t('common.cancel')}
          </button>
          <button type="button" className="danger" onClick={() => onAnswer(true)} data-testid="confirm-ok">
            {request.confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
