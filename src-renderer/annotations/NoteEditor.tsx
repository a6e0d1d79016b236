/**
 * Edits a highlight's note (Markdown) in place in its panel card, with a
 * rendered preview. Ctrl/Cmd+Enter saves, Escape cancels.
 */
import { useId, useMemo, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { renderNoteHtml } from './note-markdown';

export interface NoteEditorProps {
  initial: string;
  onSave(note: string): void;
  onCancel(): void;
}

export function NoteEditor({ initial, onSave, onCancel }: NoteEditorProps) {
  const { t } = useI18n();
  const [value, setValue] = useState(initial);
  const [preview, setPreview] = useState(false);
  const id = useId();
  const html = useMemo(() => (preview ? renderNoteHtml(value) : ''), [preview, value]);
  return (
    <div className="note-editor" data-testid="note-editor">
      <div className="note-editor-head">
        <label htmlFor={id}>{t('annot.noteLabel')}</label>
        <button type="button" className="ghost small" aria-pressed={preview} onClick={() => setPreview((p) => !p)}>
          {preview ? t('annot.noteWrite') : t('annot.notePreview')}
        </button>
      </div>
      {preview ? (
        <div className="note-md note-preview" dangerouslySetInnerHTML={{ __html: html || `<p class="muted">${t('annot.noteEmpty')}</p>` }} />
      ) : (
        <textarea
          id={id}
          autoFocus
          rows={4}
          value={value}
          placeholder={t('annot.notePlaceholder')}
          data-testid="note-input"
          onChange={(e) => setValue(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              onSave(value);
            } else if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              onCancel();
            }
          }}
        />
      )}
      <div className="editor-actions">
        <span className="muted small">{t('annot.noteKeys')}</span>
        <button type="button" onClick={onCancel}>{t('common.cancel')}</button>
        <button type="button" className="primary" data-testid="note-save" onClick={() => onSave(value)}>{t('common.save')}</button>
      </div>
    </div>
  );
}
