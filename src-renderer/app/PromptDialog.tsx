/**
 * A modal that asks for one line of text (tags to add, a name): Enter
 * submits, Escape or Cancel closes; focus starts in the field, stays in the
 * dialog and returns where it was.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useI18n } from '../i18n/I18nProvider';

export interface PromptRequest {
  title: string;
  label: string;
  submitLabel: string;
  initial?: string;
  /** Offered as the user types (a datalist). */
  suggestions?: readonly string[];
}

export function PromptDialog({ request, onAnswer }: { request: PromptRequest; onAnswer(value: string | null): void }) {
  const { t } = useI18n();
  const [value, setValue] = useState(request.initial ?? '');
  const id = useId();
  const dialog = useRef<HTMLFormElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    return () => {
      if (before && document.contains(before)) before.focus();
    };
  }, []);

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onAnswer(null);
    } else if (event.key === 'Tab') {
      const focusable = [...(dialog.current?.querySelectorAll<HTMLElement>('input, button:not([disabled])') ?? [])];
      const i = focusable.indexOf(document.activeElement as HTMLElement);
      event.preventDefault();
      focusable[(i + (event.shiftKey ? -1 : 1) + focusable.length) % focusable.length]?.focus();
    }
  }

  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onAnswer(null)}>
      <form
        ref={dialog}
        className="dialog prompt-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        onKeyDown={onKeyDown}
        onSubmit={(e) => {
          e.preventDefault();
          if (value.trim()) onAnswer(value.trim());
        }}
        data-testid="prompt-dialog"
      >
        <h3 id={`${id}-title`}>{request.title}</h3>
        <label htmlFor={`${id}-input`} className="small muted">
          {request.label}
        </label>
        <input
          id={`${id}-input`}
          autoFocus
          value={value}
          list={request.suggestions ? `${id}-list` : undefined}
          onChange={(e) => setValue(e.target.value)}
          data-testid="prompt-input"
        />
        {request.suggestions && (
          <datalist id={`${id}-list`}>
            {request.suggestions.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={() => onAnswer(null)}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="primary" disabled={!value.trim()} data-testid="prompt-ok">
            {request.submitLabel}
          </button>
        </div>
      </form>
    </div>
  );
}

/** Splits "人工智能，算力; 数据" into tags. */
export function splitTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,，、;；]/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}
