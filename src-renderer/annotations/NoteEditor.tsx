/**
 * Edits a highlight's note (Markdown) in place in its panel card, with a
 * rendered preview. Ctrl/Cmd+Enter saves; leaving the editor (a click
 * elsewhere, another article) saves too; Escape or Cancel asks before
 * throwing typed text away (app/use-edit-guard.tsx). What is typed is kept as
 * a draft in the library a moment after each keystroke, so a reload or a
 * crash never loses it: the editor opens with it again (app/drafts.ts).
 */
import { useId, useMemo, useState, useSyncExternalStore } from 'react';
import { draftKey } from '../../src-main/common/contract/drafts';
import { useI18n } from '../i18n/I18nProvider';
import { useDraftBook } from '../app/drafts';
import { useEditGuard } from '../app/use-edit-guard';
import { renderNoteHtml } from './note-markdown';
import { DraftStatus } from './DraftStatus';

export interface NoteEditorProps {
  /** The note as saved. */
  initial: string;
  articleId: string;
  annotationId: string;
  onSave(note: string): void;
  onCancel(): void;
}

export function NoteEditor({ initial, articleId, annotationId, onSave, onCancel }: NoteEditorProps) {
  const { t } = useI18n();
  const book = useDraftBook();
  const key = draftKey({ kind: 'note', articleId, annotationId });
  const [restored] = useState(() => {
    const d = book.get(key);
    return d?.kind === 'note' && d.text !== initial ? d.text : null;
  });
  const [value, setValue] = useState(restored ?? initial);
  const [preview, setPreview] = useState(false);
  const draftState = useSyncExternalStore(book.subscribe, () => book.state(key));
  const id = useId();
  const html = useMemo(() => (preview ? renderNoteHtml(value) : ''), [preview, value]);
  const guard = useEditGuard({
    dirty: value !== initial,
    onSave: () => onSave(value),
    onClose: onCancel,
    onDiscard: () => book.discard(key),
    question: 'draft.discardNote',
  });

  function change(next: string) {
    setValue(next);
    if (next === initial) book.discard(key);
    else book.put({ kind: 'note', articleId, annotationId, text: next });
  }

  return (
    <div className="note-editor" data-testid="note-editor" {...guard.containerProps}>
      <div className="note-editor-head">
        <label htmlFor={id}>{t('annot.noteLabel')}</label>
        <button type="button" className="ghost small" aria-pressed={preview} onClick={() => setPreview((p) => !p)}>
          {preview ? t('annot.noteWrite') : t('annot.notePreview')}
        </button>
      </div>
      {restored !== null && (
        <p className="small draft-restored" role="status" data-testid="draft-restored">
          {t('draft.restored')}
        </p>
      )}
      {preview ? (
        <div className="note-md note-preview" tabIndex={-1} dangerouslySetInnerHTML={{ __html: html || `<p class="muted">${t('annot.noteEmpty')}</p>` }} />
      ) : (
        <textarea
          id={id}
          autoFocus
          rows={4}
          value={value}
          placeholder={t('annot.notePlaceholder')}
          data-testid="note-input"
          onChange={(e) => change(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              guard.save();
            } else if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              guard.cancel();
            }
          }}
        />
      )}
      <div className="editor-actions">
        <DraftStatus state={value !== initial ? draftState : 'none'} />
        <span className="muted small">{t('annot.noteKeys')}</span>
        <button type="button" onClick={guard.cancel}>
          {t('common.cancel')}
        </button>
        <button type="button" className="primary" data-testid="note-save" onClick={guard.save}>
          {t('common.save')}
        </button>
      </div>
      {guard.dialog}
    </div>
  );
}
