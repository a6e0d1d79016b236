/**
 * Correcting the article's text in place: edit mode makes every block
 * clickable; the clicked block opens in an editor; saving sends only the
 * smallest changed span (so highlights elsewhere in the block keep their
 * place) and says what the edit did to the highlights, with Undo.
 */
import { useCallback, useState } from 'react';
import type { Block } from '../../src-main/common/model';
import type { AnnotationSession } from '../annotations/annotation-session';
import { useI18n } from '../i18n/I18nProvider';
import { minimalReplacement, normaliseBlockText } from './text-edit';
import type { ReaderNotices } from './use-reader-notice';
import { useStableCallback } from './use-stable-callback';

export interface EditText {
  editMode: boolean;
  /** Index of the block open in the editor, if any. */
  editBlock: number | null;
  busy: boolean;
  toggle(): void;
  open(index: number): void;
  cancel(): void;
  /** Saves a block's corrected text; true when the editor closed (saved or unchanged), false when it stays open. */
  save(block: Block, value: string): Promise<boolean>;
}

export function useEditText(
  session: AnnotationSession,
  text: string,
  notices: ReaderNotices,
  options: { clearSelection(): void; openPanel(): void; undo(): void },
): EditText {
  const { t } = useI18n();
  const [editMode, setEditMode] = useState(false);
  const [editBlock, setEditBlock] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const { say } = notices;

  const toggle = useStableCallback(() => {
    setEditMode((m) => !m);
    setEditBlock(null);
    options.clearSelection();
    session.select(null);
  });
  const open = useCallback((index: number) => setEditBlock(index), []);
  const cancel = useCallback(() => setEditBlock(null), []);

  const save = useStableCallback(async (block: Block, value: string): Promise<boolean> => {
    const next = normaliseBlockText(value);
    if (!next) {
      say(t('reader.editEmpty'), { kind: 'error' });
      return false;
    }
    const replacement = minimalReplacement(text.slice(block.start, block.end), next, block.start);
    if (!replacement) {
      setEditBlock(null);
      say(t('reader.editUnchanged'));
      return true;
    }
    setBusy(true);
    const report = await session.editText(replacement.start, replacement.end, replacement.text);
    setBusy(false);
    if (!report) return false; // reported by the session; the editor stays open with the user's text
    setEditBlock(null);
    say(t('reader.editSaved', { moved: report.moved, orphaned: report.orphaned }), { action: { label: t('reader.undo'), run: options.undo } });
    if (report.orphaned > 0) options.openPanel();
    return true;
  });

  return { editMode, editBlock, busy, toggle, open, cancel, save };
}
