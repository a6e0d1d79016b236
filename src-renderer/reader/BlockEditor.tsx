/**
 * Edits one block's text in place (a typo or OCR fix): a textarea in the
 * block's own typography. Enter saves (a block is one line of the canonical
 * text, so line breaks are not allowed), Escape cancels.
 */
import { useLayoutEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider';

export interface BlockEditorProps {
  initial: string;
  busy?: boolean;
  onSave(text: string): void;
  onCancel(): void;
}

export function BlockEditor({ initial, busy, onSave, onCancel }: BlockEditorProps) {
  const { t } = useI18n();
  const [value, setValue] = useState(initial);
  const area = useRef<HTMLTextAreaElement>(null);

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
    <span className="blk-editor" data-offset-skip="" data-testid="block-editor">
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
            onSave(value);
          } else if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            onCancel();
          }
        }}
      />
      <span className="blk-editor-bar">
        <span className="muted small">{t('reader.editorKeys')}</span>
        <button type="button" className="small" onClick={onCancel} disabled={busy}>
          {t('common.cancel')}
        </button>
        <button type="button" className="small primary" onClick={() => onSave(value)} disabled={busy} data-testid="block-editor-save">
          {t('common.save')}
        </button>
      </span>
    </span>
  );
}
