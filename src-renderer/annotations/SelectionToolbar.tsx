/**
 * The small toolbar at a text selection (make a highlight: five colours,
 * note, tag, copy with citation, and "re-attach here" while an orphan waits
 * for a new place) or at a highlight (recolour, note, tag, copy, delete).
 * A WAI-ARIA toolbar: one Tab stop, arrow keys move between its buttons,
 * Escape closes it. Pressing a button never takes the text selection away.
 */
import { useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ColorLabels } from '../../src-main/common/contract/annotations';
import { useI18n } from '../i18n/I18nProvider';
import { COLOR_KEYS, colorLabel, type ColorKey } from './colors';

export interface ToolbarPosition {
  /** Anchor point relative to the positioned container: the middle of the selection's top (above) or bottom (below) edge. */
  top: number;
  left: number;
  placement: 'above' | 'below';
  /** Width of the container, to keep the toolbar inside it. */
  bound: number;
}

export interface SelectionToolbarProps {
  mode: 'selection' | 'highlight';
  position: ToolbarPosition;
  labels: ColorLabels;
  /** Highlight mode: its colour. */
  activeColor?: ColorKey;
  /** Selection mode: offer "re-attach here" for a waiting orphan. */
  canReattach?: boolean;
  onColor(color: ColorKey): void;
  onNote(): void;
  onTag(): void;
  onCopy(): void;
  onDelete?(): void;
  onReattach?(): void;
  onClose(): void;
}

export function SelectionToolbar(props: SelectionToolbarProps) {
  const { mode, position, labels, activeColor, canReattach } = props;
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  const [left, setLeft] = useState(position.left);
  const [index, setIndex] = useState(0);

  // Keep the toolbar inside its container once its width is known.
  useLayoutEffect(() => {
    const width = ref.current?.offsetWidth ?? 0;
    const half = width / 2;
    setLeft(width >= position.bound ? position.bound / 2 : Math.min(Math.max(position.left, half), position.bound - half));
  }, [position.left, position.bound, mode, canReattach]);

  function buttons(): HTMLButtonElement[] {
    return [...(ref.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
  }

  function onKeyDown(event: KeyboardEvent) {
    const list = buttons();
    const current = list.indexOf(document.activeElement as HTMLButtonElement);
    let next = current;
    switch (event.key) {
      case 'ArrowRight':
        next = (current + 1) % list.length;
        break;
      case 'ArrowLeft':
        next = (current - 1 + list.length) % list.length;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = list.length - 1;
        break;
      case 'Escape':
        event.preventDefault();
        event.stopPropagation();
        props.onClose();
        return;
      default:
        return;
    }
    event.preventDefault();
    setIndex(next);
    list[next]?.focus();
  }

  let i = 0;
  const tab = () => (i++ === index ? 0 : -1);

  return (
    <div
      ref={ref}
      className={`sel-toolbar sel-toolbar-${position.placement}`}
      role="toolbar"
      aria-label={t('annot.toolbar')}
      aria-orientation="horizontal"
      data-testid="selection-toolbar"
      data-mode={mode}
      style={{ top: position.top, left }}
      onKeyDown={onKeyDown}
      // Keep the text selection: a press on the toolbar must not collapse it.
      onMouseDown={(e) => e.preventDefault()}
    >
      <div className="tb-colors">
        {COLOR_KEYS.map((key, n) => {
          const label = colorLabel(key, labels, t);
          const hint = t('annot.colorButton', { label, n: n + 1 });
          return (
            <button
              key={key}
              type="button"
              className={`tb-color${activeColor === key ? ' active' : ''}`}
              aria-label={hint}
              title={hint}
              aria-pressed={mode === 'highlight' ? activeColor === key : undefined}
              tabIndex={tab()}
              data-testid={`tb-color-${key}`}
              onClick={() => props.onColor(key)}
            >
              <span className={`swatch swatch-${key}`} aria-hidden="true" />
              <span className="tb-color-label">{label}</span>
            </button>
          );
        })}
      </div>
      <span className="tb-sep" aria-hidden="true" />
      <button type="button" className="tb-action" title={t('annot.noteHint')} tabIndex={tab()} data-testid="tb-note" onClick={props.onNote}>
        <span aria-hidden="true" className="tb-icon">
          ✎
        </span>
        {t('annot.note')}
      </button>
      <button type="button" className="tb-action" title={t('annot.tagHint')} tabIndex={tab()} data-testid="tb-tag" onClick={props.onTag}>
        <span aria-hidden="true" className="tb-icon">
          #
        </span>
        {t('annot.tag')}
      </button>
      <button type="button" className="tb-action" title={t('annot.copyHint')} tabIndex={tab()} data-testid="tb-copy" onClick={props.onCopy}>
        <span aria-hidden="true" className="tb-icon">
          ❝
        </span>
        {t('annot.copy')}
      </button>
      {mode === 'selection' && canReattach && props.onReattach && (
        <button type="button" className="tb-action tb-reattach" tabIndex={tab()} data-testid="tb-reattach" onClick={props.onReattach}>
          {t('annot.reattachHere')}
        </button>
      )}
      {mode === 'highlight' && props.onDelete && (
        <button type="button" className="tb-action tb-delete" title={t('annot.deleteHint')} tabIndex={tab()} data-testid="tb-delete" onClick={props.onDelete}>
          {t('annot.delete')}
        </button>
      )}
    </div>
  );
}
