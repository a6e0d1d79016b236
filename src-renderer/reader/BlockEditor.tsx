/**
 * Edits one block's text in place (a typo or OCR fix): a textarea in the
 * block's own typography. Enter saves (a block is one line of the canonical
 * text, so line breaks are not allowed). It behaves as every editor of user
 * text does (app/use-edit-guard.tsx): focus leaving it or the editor going
 * away unanswered saves the correction; Escape or Cancel with a change typed
 * asks before throwing it away, and closes at once when nothing changed.
 */
import { useLayoutEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { useEditGuard } from '../app/use-edit-guard';

export interface BlockEditorProps {
  initial: string;
  busy?: boolean;
  /** Saves the corrected text; resolves to false when the editor stays open (refused, empty), so leaving saves again. */
  onSave(text: string): Promise<boolean> | void;
  onCancel(): void;
}

export function BlockEditor({ initial, busy, onSave, onCancel }: BlockEditorProps) {
  const { t } = useI18n();
  const [value, setValue] = useState(initial);
  const area = useRef<HTMLTextAreaElement>(null);
  const guard = useEditGuard({
    dirty: value !== initial,
    onSave: () => void Promise.resolve(onSave(value)).then((closed) => closed === false && guard.unsettle()),
    onClose: onCancel,
    onDiscard: () => undefined,
    question: 'draft.discardCorrection',
  });
  // Enter or Save with nothing changed still goes through onSave (which says the text is unchanged and closes).
  const save = () => (value !== initial ? guard.save() : void onSave(value));

  // Grow with the text so the block keeps its height and nothing scrolls inside it.
  useLayoutEffect(() => {
    const el = area.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${el.scrollHeight + 2}px`;
  }, [value]);

  useLayoutEffect(() => {
    const el = area.current;
    if (!el) return;
    el.focus({ preventScroll: true });
  }, []);

  return (
    <span className="blk-editor" data-offset-skip="" data-testid="block-editor" {...guard.containerProps}>
      <textarea
        ref={area}
        value={value}
        aria-label={t('reader.editorLabel')}
        disabled={busy}
        spellCheck={false}
        data-testid="block-editor-input"
        onChange={(e) => setValue(e.target.value.replace(/\r?\n/g, ''))}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
            e.preventDefault();
            save();
          } else if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            guard.cancel();
          }
        }}
      />
      <span className="blk-editor-bar">
        <span className="muted small">{t('reader.editorKeys')}</span>
        <button type="button" className="small" onClick={guard.cancel} disabled={busy} data-testid="block-editor-cancel">
          {t('common.cancel')}
        </button>
        <button type="button" className="small primary" onClick={save} disabled={busy} data-testid="block-editor-save">
          {t('common.save')}
        </button>
      </span>
      {guard.dialog}
    </span>
  );
}
