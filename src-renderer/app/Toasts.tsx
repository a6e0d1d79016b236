/**
 * Short-lived messages: confirmations and errors in the words the core wrote.
 */
import { useCallback, useMemo, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { errorText } from '../i18n/error-text';

interface Toast {
  id: number;
  kind: 'info' | 'error';
  text: string;
}

export interface ToastState {
  items: Toast[];
  info(text: string): void;
  error(err: unknown): void;
  dismiss(id: number): void;
}

let nextId = 1;

export function useToasts(): ToastState {
  const { locale } = useI18n();
  const [items, setItems] = useState<Toast[]>([]);
  const dismiss = useCallback((id: number) => setItems((list) => list.filter((t) => t.id !== id)), []);
  const push = useCallback(
    (kind: Toast['kind'], text: string) => {
      const id = nextId++;
      setItems((list) => [...list.slice(-4), { id, kind, text }]);
      setTimeout(() => dismiss(id), kind === 'error' ? 12000 : 4000);
    },
    [dismiss],
  );
  return useMemo(
    () => ({
      items,
      dismiss,
      info: (text: string) => push('info', text),
      error: (err: unknown) => push('error', errorText(err, locale)),
    }),
    [items, dismiss, push, locale],
  );
}

export function Toasts({ state }: { state: ToastState }) {
  const { t } = useI18n();
  return (
    <div className="toasts" aria-live="polite">
      {state.items.map((toast) => (
        <div key={toast.id} className={`toast toast-${toast.kind}`} role={toast.kind === 'error' ? 'alert' : 'status'} data-testid={`toast-${toast.kind}`}>
          <span>{toast.text}</span>
          <button className="ghost" aria-label={t('common.close')} onClick={() => state.dismiss(toast.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
