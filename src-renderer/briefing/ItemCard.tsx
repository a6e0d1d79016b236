/**
 * One item of a section: a highlight (quote, citation line with a way back to
 * the passage, Markdown note) or free Markdown text. The grip button is the
 * drag handle and the keyboard handle (Alt+↑/↓ moves the item).
 */
import { memo, type DragEvent, type KeyboardEvent } from 'react';
import { duplicateItem, removeItem, updateItem, type Item } from '../../src-main/common/briefing/model';
import { citationLine, type Language } from '../../src-main/common/briefing/outline';
import { useI18n } from '../i18n/I18nProvider';
import { useComposer } from './composer-context';
import { ITEM_MIME, dropHalf, dragKind, type DropTarget } from './drag';
import { Icon, IconButton } from './Icon';
import { MarkdownEditor } from './MarkdownEditor';
import { moveItemBy } from './reorder';

export interface ItemCardProps {
  item: Item;
  sectionId: string;
  index: number;
  count: number;
  language: Language;
  /** Drop indicator: a line above or below this card. */
  dropMark?: 'before' | 'after';
  onDragOverTarget(target: DropTarget): void;
}

export const ItemCard = memo(function ItemCard({ item, sectionId, index, count, language, dropMark, onDragOverTarget }: ItemCardProps) {
  const { t } = useI18n();
  const composer = useComposer();
  const { session } = composer;
  const lang = language === 'zh' ? 'zh-CN' : 'en';
  const text = (item.kind === 'highlight' ? item.quote : item.markdown).replace(/\s+/g, ' ').trim();
  const excerpt = text.length > 24 ? `${text.slice(0, 24)}…` : text;
  const kind = item.kind === 'highlight' ? t('brief.item.highlight') : t('brief.item.text');

  function move(dir: -1 | 1) {
    const result = moveItemBy(session.current, item.id, dir);
    if (!result) {
      composer.announce(t('brief.move.edge'));
      return;
    }
    composer.edit(() => result.briefing, { immediate: true });
    composer.focusAfterRender({ kind: 'item', id: item.id });
    const section = result.briefing.sections[result.to.sectionIndex];
    composer.announce(t('brief.move.item', { section: result.to.sectionIndex + 1, position: result.to.itemIndex + 1, total: section.items.length }));
  }

  function onHandleKey(event: KeyboardEvent) {
    if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
      event.preventDefault();
      move(event.key === 'ArrowUp' ? -1 : 1);
    } else if (event.key === 'Delete') {
      event.preventDefault();
      remove();
    }
  }

  function onDragStart(event: DragEvent) {
    event.dataTransfer.setData(ITEM_MIME, item.id);
    event.dataTransfer.setData('text/plain', item.kind === 'highlight' ? item.quote : item.markdown);
    event.dataTransfer.effectAllowed = 'move';
    const card = (event.currentTarget as Element).closest('.brief-item');
    if (card && event.dataTransfer.setDragImage) event.dataTransfer.setDragImage(card, 16, 16);
  }

  function onDragOver(event: DragEvent) {
    const kind = dragKind(event.dataTransfer);
    if (kind !== 'item' && kind !== 'highlights') return;
    event.preventDefault();
    event.stopPropagation();
    event.dataTransfer.dropEffect = kind === 'item' ? 'move' : 'copy';
    onDragOverTarget({ kind: 'item', sectionId, slot: dropHalf(event) === 'before' ? index : index + 1 });
  }

  function remove() {
    composer.edit((b) => removeItem(b, item.id), { immediate: true });
    composer.announce(t('brief.item.removed'));
    // Focus the neighbour so keyboard users stay in the list.
    const list = session.current.sections.find((s) => s.id === sectionId)?.items ?? [];
    const next = list[Math.min(index, list.length - 1)];
    if (next) composer.focusAfterRender({ kind: 'item', id: next.id });
    else composer.focusAfterRender({ kind: 'section', id: sectionId });
  }

  const editorId = `brief-${item.kind === 'highlight' ? 'note' : 'text'}-${item.id}`;

  return (
    <li
      className={`brief-item brief-item-${item.kind}${item.kind === 'highlight' && item.color ? ` brief-color-${item.color}` : ''}${dropMark ? ` drop-${dropMark}` : ''}`}
      data-item-id={item.id}
      data-testid="brief-item"
      onDragOver={onDragOver}
    >
      <button
        type="button"
        className="brief-handle"
        draggable
        onDragStart={onDragStart}
        onKeyDown={onHandleKey}
        data-handle-for={item.id}
        aria-label={t('brief.item.handle', { kind, excerpt, n: index + 1, total: count })}
        aria-describedby="brief-move-help"
        title={t('brief.item.handleTitle')}
        data-testid="brief-item-handle"
      >
        <Icon name="grip" />
      </button>
      <div className="brief-item-main">
        {item.kind === 'highlight' ? (
          <>
            <blockquote className="brief-quote" lang={lang} data-testid="brief-item-quote">
              {item.quote.split(/\n+/).map((p, i) => (
                <p key={i}>{p}</p>
              ))}
            </blockquote>
            <div className="brief-citation">
              <span className="brief-citation-text">{citationLine(item.citation, language)}</span>
              {composer.sourceDeleted(item.articleId) && (
                <span className="brief-badge warn" data-testid="brief-source-deleted" title={t('brief.sourceDeleted')}>
                  {t('brief.sourceDeletedBadge')}
                </span>
              )}
              {composer.excerptChange(item.id) === 'changed' && (
                <button
                  type="button"
                  className="brief-badge warn"
                  data-testid="brief-excerpt-changed"
                  title={t('brief.excerptChangedTitle')}
                  onClick={composer.syncExcerpts}
                >
                  {t('brief.excerptChanged')}
                </button>
              )}
              {composer.excerptChange(item.id) === 'orphaned' && (
                <span className="brief-badge warn" data-testid="brief-excerpt-orphaned" title={t('brief.excerptOrphanedTitle')}>
                  {t('brief.excerptOrphaned')}
                </span>
              )}
              {composer.excerptChange(item.id) === 'missing' && !composer.sourceDeleted(item.articleId) && (
                <span className="brief-badge" data-testid="brief-excerpt-missing" title={t('brief.excerptMissingTitle')}>
                  {t('brief.excerptMissing')}
                </span>
              )}
              <button
                type="button"
                className="brief-link"
                onClick={() => composer.openArticle(item.articleId, item.annotationId)}
                data-testid="brief-open-source"
                title={t('brief.item.openSourceTitle', { title: item.citation.title })}
              >
                <Icon name="external" size={13} />
                {t('brief.item.openSource')}
              </button>
            </div>
            <MarkdownEditor
              id={editorId}
              label={t('brief.item.note')}
              hideLabel
              value={item.note}
              placeholder={t('brief.item.notePlaceholder')}
              preview="focus"
              rows={1}
              lang={lang}
              testId="brief-item-note"
              maxLength={20000}
              onChange={(note) => composer.edit((b) => updateItem(b, item.id, { note }), { coalesce: `note:${item.id}` })}
              onBlur={composer.commit}
            />
          </>
        ) : (
          <MarkdownEditor
            id={editorId}
            label={t('brief.item.textLabel')}
            hideLabel
            value={item.markdown}
            placeholder={t('brief.item.textPlaceholder')}
            preview="focus"
            rows={2}
            lang={lang}
            testId="brief-item-text"
            maxLength={200000}
            onChange={(markdown) => composer.edit((b) => updateItem(b, item.id, { markdown }), { coalesce: `text:${item.id}` })}
            onBlur={composer.commit}
          />
        )}
      </div>
      <div className="brief-item-actions">
        <IconButton icon="up" onClick={() => move(-1)} label={t('brief.moveUp')} tabIndex={-1} />
        <IconButton icon="down" onClick={() => move(1)} label={t('brief.moveDown')} tabIndex={-1} />
        <IconButton
          icon="copy"
          onClick={() => {
            composer.edit((b) => duplicateItem(b, item.id), { immediate: true });
            composer.announce(t('brief.item.duplicated'));
          }}
          label={t('brief.item.duplicate')}
        />
        <IconButton icon="trash" danger onClick={remove} label={t('brief.item.remove')} data-testid="brief-item-remove" />
      </div>
    </li>
  );
});
