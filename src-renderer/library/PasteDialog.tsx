/**
 * "New from clipboard": paste text, optionally give a title, import it
 * through the plain-text importer.
 */
import { useState } from 'react';
import { useI18n } from '../i18n/I18nProvider';

export function PasteDialog({ onSubmit, onClose }: { onSubmit(text: string, title: string): Promise<void>; onClose(): void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <form
        className="dialog paste-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="paste-title"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.key === 'Escape' && onClose()}
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          try {
            await onSubmit(text, title);
          } finally {
            setBusy(false);
          }
        }}
      >
        <h3 id="paste-title">{t('import.pasteTitle')}</h3>
        <input value={title} onChange={(e) => setTitle(e.target.value)} placeholder={t('import.pasteTitleField')} aria-label={t('import.pasteTitleField')} />
        <textarea
          autoFocus
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={t('import.pastePlaceholder')}
          rows={14}
          data-testid="paste-text"
        />
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="primary" disabled={busy || !text.trim()}>
            {t('import.pasteSubmit')}
          </button>
        </div>
      </form>
    </div>
  );
}
