/**
 * The bar above the text: undo and redo, the edit-text switch (with its
 * hint while on), the article's details and deletion, and the annotation
 * panel's switch with the count, and the reading settings (theme, size,
 * width, outline) and the print menu (print, export as PDF or HTML).
 */
import { useI18n } from '../i18n/I18nProvider';
import { ReadingSettings } from './ReadingSettings';
import { MenuButton } from '../app/MenuButton';

export interface ReaderHeaderProps {
  canUndo: boolean;
  canRedo: boolean;
  editMode: boolean;
  panelOpen: boolean;
  count: number;
  onUndo(): void;
  onRedo(): void;
  onToggleEdit(): void;
  onTogglePanel(): void;
  onEditDetails?(): void;
  onDelete?(): void;
  /** Print (the article alone) or export it as PDF / HTML. */
  onPrint?(action: 'print' | 'pdf' | 'html'): void;
}

export function ReaderHeader(props: ReaderHeaderProps) {
  const { t } = useI18n();
  const { editMode, panelOpen } = props;
  return (
    <div className="reader-bar" role="group" aria-label={t('reader.tools')}>
      <button type="button" className="ghost small" disabled={!props.canUndo} title={t('reader.undoHint')} data-testid="undo" onClick={props.onUndo}>
        ↶ {t('reader.undo')}
      </button>
      <button type="button" className="ghost small" disabled={!props.canRedo} title={t('reader.redoHint')} data-testid="redo" onClick={props.onRedo}>
        ↷ {t('reader.redo')}
      </button>
      {editMode && <span className="edit-mode-hint small">{t('reader.editModeHint')}</span>}
      <span className="bar-spacer" />
      {props.onEditDetails && (
        <button type="button" className="ghost small" title="F2" data-testid="edit-meta" onClick={props.onEditDetails}>
          {t('library.editDetails')}
        </button>
      )}
      {props.onDelete && (
        <button type="button" className="ghost small" data-testid="delete-article" onClick={props.onDelete}>
          {t('reader.deleteArticle')}
        </button>
      )}
      <button
        type="button"
        className={`small${editMode ? ' toggled' : ''}`}
        aria-pressed={editMode}
        title={t('reader.editTextHint')}
        data-testid="edit-text-toggle"
        onClick={props.onToggleEdit}
      >
        {t('reader.editText')}
      </button>
      {props.onPrint && (
        <MenuButton
          className="ghost small"
          label={t('print.menu')}
          menuLabel={t('print.menuLabel')}
          testId="print-menu"
          items={[
            { key: 'print', label: t('print.print'), testId: 'print-article' },
            { key: 'pdf', label: t('print.pdf'), testId: 'export-article-pdf' },
            { key: 'html', label: t('print.html'), testId: 'export-article-html' },
          ]}
          onChoose={(key) => props.onPrint?.(key as 'print' | 'pdf' | 'html')}
        />
      )}
      <ReadingSettings />
      <button
        type="button"
        className={`small${panelOpen ? ' toggled' : ''}`}
        aria-pressed={panelOpen}
        aria-controls="annotation-panel"
        data-testid="panel-toggle"
        onClick={props.onTogglePanel}
      >
        {t('reader.panelToggle')} <span className="annot-count">{props.count}</span>
      </button>
    </div>
  );
}
