/**
 * The bar above the text: undo and redo, the edit-text switch (with its
 * hint while on), the article's details and deletion, and the annotation
 * panel's switch with the count.
 */
import { useI18n } from '../i18n/I18nProvider';

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
