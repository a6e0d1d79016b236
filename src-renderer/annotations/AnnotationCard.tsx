/**
 * One annotation in the panel: colour and label, the quote (a button that
 * shows the passage in the text), the rendered note and the tags, with the
 * note and tag editors opening in place. Orphans show their old quote and
 * offer re-attaching to the current selection, or deletion. A highlight that
 * briefings hold says which ("in 《briefing》").
 */
import { memo, useMemo } from 'react';
import type { Annotation } from '../../src-main/common/annotation';
import type { ColorLabels } from '../../src-main/common/contract/annotations';
import { useI18n } from '../i18n/I18nProvider';
import { colorLabel } from './colors';
import { renderNoteHtml } from './note-markdown';
import { quoteOf } from './annotation-list';
import { NoteEditor } from './NoteEditor';
import { TagEditor } from './TagEditor';

export type CardEditor = 'note' | 'tags' | null;

export interface AnnotationCardProps {
  annotation: Annotation;
  labels: ColorLabels;
  selected: boolean;
  checked: boolean;
  editor: CardEditor;
  tagSuggestions: readonly string[];
  /** Orphans: a text selection exists to re-attach to. */
  canReattach: boolean;
  /** Orphans: this one waits for the user to select its new passage. */
  armed: boolean;
  /** Briefings that hold this highlight ("in 《briefing》"). */
  briefings?: readonly { id: string; title: string }[];
  onShow(id: string): void;
  onCheck(id: string, checked: boolean): void;
  onEdit(id: string, editor: CardEditor): void;
  onSaveNote(id: string, note: string): void;
  onSaveTags(id: string, tags: string[]): void;
  onDelete(id: string): void;
  /** Re-attach to the current selection, or (without one) wait for the next selection. */
  onReattach(id: string): void;
  onDisarm(): void;
}

export const AnnotationCard = memo(function AnnotationCard(props: AnnotationCardProps) {
  const { annotation: a, labels, selected, checked, editor, canReattach } = props;
  const { t } = useI18n();
  const noteHtml = useMemo(() => renderNoteHtml(a.note), [a.note]);
  const label = colorLabel(a.color, labels, t);
  const quote = quoteOf(a);
  return (
    <li
      className={`annot-card annot-${a.color}${selected ? ' selected' : ''}${a.orphan ? ' orphan' : ''}`}
      data-annotation-id={a.id}
      data-testid={a.orphan ? 'orphan-card' : 'annotation-card'}
      aria-current={selected ? 'true' : undefined}
    >
      <div className="card-top">
        <input
          type="checkbox"
          checked={checked}
          aria-label={t('annot.selectOne')}
          data-testid="annotation-check"
          onChange={(e) => props.onCheck(a.id, e.target.checked)}
        />
        <span className={`swatch swatch-${a.color}`} aria-hidden="true" />
        <span className="card-label">{label}</span>
        {a.orphan && <span className="badge badge-orphan">{t('annot.orphanBadge')}</span>}
        <span className="card-tools">
          <button
            type="button"
            className="ghost icon"
            title={a.note ? t('annot.editNote') : t('annot.addNote')}
            aria-label={a.note ? t('annot.editNote') : t('annot.addNote')}
            data-testid="card-note"
            onClick={() => props.onEdit(a.id, 'note')}
          >
            ✎
          </button>
          <button
            type="button"
            className="ghost icon"
            title={t('annot.editTags')}
            aria-label={t('annot.editTags')}
            data-testid="card-tags"
            onClick={() => props.onEdit(a.id, 'tags')}
          >
            #
          </button>
          <button
            type="button"
            className="ghost icon card-del"
            title={t('annot.delete')}
            aria-label={t('annot.delete')}
            data-testid="card-delete"
            onClick={() => props.onDelete(a.id)}
          >
            ×
          </button>
        </span>
      </div>
      {a.orphan ? (
        <>
          <blockquote className="card-quote" lang="zh-CN">
            {quote}
          </blockquote>
          <p className="small card-orphan-reason" data-testid="orphan-reason" data-reason={a.orphanReason ?? 'unknown'}>
            {t(`annot.orphanReason.${a.orphanReason ?? 'unknown'}`)}
          </p>
        </>
      ) : (
        <button type="button" className="card-quote" title={t('annot.goTo')} data-testid="card-quote" onClick={() => props.onShow(a.id)}>
          {quote}
        </button>
      )}
      {editor === 'note' ? (
        <NoteEditor
          initial={a.note}
          articleId={a.articleId}
          annotationId={a.id}
          onSave={(note) => props.onSaveNote(a.id, note)}
          onCancel={() => props.onEdit(a.id, null)}
        />
      ) : (
        noteHtml && <div className="note-md card-note" data-testid="card-note-text" dangerouslySetInnerHTML={{ __html: noteHtml }} />
      )}
      {editor === 'tags' ? (
        <TagEditor
          initial={a.tags}
          articleId={a.articleId}
          annotationId={a.id}
          suggestions={props.tagSuggestions}
          onSave={(tags) => props.onSaveTags(a.id, tags)}
          onCancel={() => props.onEdit(a.id, null)}
        />
      ) : (
        a.tags.length > 0 && (
          <ul className="card-tags" aria-label={t('annot.tagsLabel')}>
            {a.tags.map((tag) => (
              <li key={tag} className="tag-chip">
                {tag}
              </li>
            ))}
          </ul>
        )
      )}
      {props.briefings && props.briefings.length > 0 && (
        <p className="card-briefings small" data-testid="card-in-briefing">
          {props.briefings.length === 1
            ? t('annot.inBriefing', { title: props.briefings[0].title })
            : t('annot.inBriefings', { count: props.briefings.length, titles: props.briefings.map((b) => `《${b.title}》`).join('、') })}
        </p>
      )}
      {a.orphan && (
        <div className="card-orphan-actions">
          {props.armed ? (
            <>
              <span className="small armed-hint" role="status">
                {t('reader.reattachPick')}
              </span>
              <button type="button" onClick={props.onDisarm}>
                {t('common.cancel')}
              </button>
            </>
          ) : (
            <button type="button" data-testid="orphan-reattach" onClick={() => props.onReattach(a.id)}>
              {canReattach ? t('annot.reattach') : t('annot.reattachArm')}
            </button>
          )}
        </div>
      )}
    </li>
  );
});
