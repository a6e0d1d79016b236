/**
 * What every in-place editor does with typed text (as Zotero, Hypothesis and
 * Obsidian do): it is saved when focus leaves the editor (a click elsewhere,
 * Tab away) and when the editor goes away without an answer (another article
 * opened, the panel closed); Escape or Cancel with something typed asks
 * before throwing it away. A window losing focus (switching to another app)
 * saves nothing and closes nothing.
 *
 * The editor spreads `containerProps` on its outermost element and renders
 * `dialog`; its own Save calls `save()`, Escape and Cancel call `cancel()`.
 */
import { useCallback, useEffect, useRef, useState, type FocusEvent } from 'react';
import { createPortal } from 'react-dom';
import { ConfirmDialog } from './ConfirmDialog';
import { useLatest } from '../reader/use-latest';
import { useI18n } from '../i18n/I18nProvider';
import type { StringKey } from '../i18n/strings';

export interface EditGuardOptions {
  /** Something typed differs from what is saved. */
  dirty: boolean;
  /** Saves what is typed (and closes the editor). */
  onSave(): void;
  /** Closes the editor without saving (the draft is already discarded). */
  onClose(): void;
  /** Throws the draft away. */
  onDiscard(): void;
  /** The question's text (what would be lost). */
  question: StringKey;
}

export function useEditGuard(options: EditGuardOptions) {
  const { t } = useI18n();
  const latest = useLatest(options);
  /** Answered: saved, discarded or closed; nothing more happens on blur or unmount. */
  const settled = useRef(false);
  const [asking, setAsking] = useState(false);
  const askingRef = useRef(false);

  // Gone without an answer (another article opened, the panel closed): what was typed is saved.
  useEffect(
    () => () => {
      if (!settled.current && latest.current.dirty) latest.current.onSave();
    },
    [latest],
  );

  const save = useCallback(() => {
    settled.current = true;
    if (latest.current.dirty) latest.current.onSave();
    else {
      latest.current.onDiscard();
      latest.current.onClose();
    }
  }, [latest]);

  const cancel = useCallback(() => {
    if (!latest.current.dirty) {
      settled.current = true;
      latest.current.onDiscard();
      latest.current.onClose();
      return;
    }
    askingRef.current = true;
    setAsking(true);
  }, [latest]);

  const answer = useCallback(
    (discard: boolean) => {
      askingRef.current = false;
      setAsking(false);
      if (!discard) return;
      settled.current = true;
      latest.current.onDiscard();
      latest.current.onClose();
    },
    [latest],
  );

  const onBlur = useCallback(
    (event: FocusEvent<HTMLElement>) => {
      if (askingRef.current || settled.current) return;
      const next = event.relatedTarget as Node | null;
      if (next && event.currentTarget.contains(next)) return;
      // The window itself lost focus (another app): the editor stays as it is.
      if (!document.hasFocus()) return;
      save();
    },
    [save],
  );

  // Over the whole window (an editor inside a scrolled panel would clip it).
  const dialog = asking
    ? createPortal(
        <ConfirmDialog request={{ title: t('draft.discardTitle'), message: t(options.question), confirmLabel: t('draft.discard') }} onAnswer={answer} />,
        document.body,
      )
    : null;

  /** The save did not go through (refused): blur and unmount save again. */
  const unsettle = useCallback(() => {
    settled.current = false;
  }, []);

  return { containerProps: { onBlur }, save, cancel, unsettle, dialog };
}
