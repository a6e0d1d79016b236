/**
 * One section of the briefing: its heading, its items in order, and the
 * actions on it. The grip button drags the section or, with Alt+↑/↓, moves it.
 */
import { memo, type DragEvent, type KeyboardEvent } from 'react';
import { addItem, duplicateSection, removeSection, renameSection, type Section } from '../../src-main/common/briefing/model';
import { chineseNumber, type Language } from '../../src-main/common/briefing/outline';
import { useI18n } from '../i18n/I18nProvider';
import { useComposer } from './composer-context';
import { SECTION_MIME, dragKind, dropHalf, type DropTarget } from './drag';
import { Icon, IconButton } from './Icon';
import { ItemCard } from './ItemCard';
import { moveSectionBy } from './reorder';

export interface SectionCardProps {
  section: Section;
  index: number;
  count: number;
  language: Language;
  drop: DropTarget | null;
  onDragOverTarget(target: DropTarget): void;
}

export const SectionCard = memo(function SectionCard({ section, index, count, language, drop, onDragOverTarget }: SectionCardProps) {
  const { t } = useI18n();
  const composer = useComposer();
  const { session } = composer;
  const number = language === 'zh' ? `${chineseNumber(index + 1)}、` : `${index + 1}.`;
  const name = section.heading.trim() || t('brief.section.untitled', { n: index + 1 });
  const itemDrop = drop?.kind === 'item' && drop.sectionId === section.id ? drop.slot : null;
  const sectionDrop = drop?.kind === 'section' && (drop.slot === index ? 'before' : drop.slot === index + 1 && index === count - 1 ? 'after' : null);

  function move(dir: -1 | 1) {
    const result = moveSectionBy(session.current, section.id, dir);
    if (!result) {
      composer.announce(t('brief.move.edge'));
      return;
    }
    composer.edit(() => result.briefing, { immediate: true });
    composer.focusAfterRender({ kind: 'section', id: section.id });
    composer.announce(t('brief.move.section', { position: result.to + 1, total: count }));
  }

  function onHandleKey(event: KeyboardEvent) {
    if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
      event.preventDefault();
      move(event.key === 'ArrowUp' ? -1 : 1);
    }
  }

  function onDragStart(event: DragEvent) {
    event.dataTransfer.setData(SECTION_MIME, section.id);
    event.dataTransfer.setData('text/plain', section.heading);
    event.dataTransfer.effectAllowed = 'move';
    const card = (event.currentTarget as Element).closest('.brief-section');
    if (card && event.dataTransfer.setDragImage) event.dataTransfer.setDragImage(card, 16, 16);
  }

  function onSectionDragOver(event: DragEvent) {
    if (dragKind(event.dataTransfer) !== 'section') return;
    event.preventDefault();
    event.stopPropagation();
    event.dataTransfer.dropEffect = 'move';
    onDragOverTarget({ kind: 'section', slot: dropHalf(event) === 'before' ? index : index + 1 });
  }

  /** Items dragged over the heading go first; over the empty area below the cards, last. */
  function onItemsDragOver(event: DragEvent, slot: number) {
    const kind = dragKind(event.dataTransfer);
    if (kind !== 'item' && kind !== 'highlights') return;
    event.preventDefault();
    event.stopPropagation();
    event.dataTransfer.dropEffect = kind === 'item' ? 'move' : 'copy';
    onDragOverTarget({ kind: 'item', sectionId: section.id, slot });
  }

  async function remove() {
    if (section.items.length > 0) {
      const ok = await composer.confirm({
        title: t('brief.section.deleteTitle'),
        message: t('brief.section.deleteMessage', { name, count: section.items.length }),
        confirmLabel: t('common.delete'),
      });
      if (!ok) return;
    }
    composer.edit((b) => removeSection(b, section.id), { immediate: true });
    composer.announce(t('brief.section.removed', { name }));
  }

  function addText() {
    let newId = '';
    composer.edit(
      (b) => {
        const next = addItem(b, section.id, { kind: 'markdown', markdown: '' });
        newId = next.sections.find((s) => s.id === section.id)!.items.at(-1)!.id;
        return next;
      },
      { immediate: true },
    );
    // Straight into the new text box.
    composer.focusAfterRender({ kind: 'element', id: `brief-text-${newId}` });
  }

  const headingId = `brief-section-heading-${section.id}`;
  return (
    <section
      className={`brief-section${sectionDrop ? ` drop-${sectionDrop}` : ''}`}
      data-section-id={section.id}
      data-testid="brief-section"
      aria-label={t('brief.section.label', { n: index + 1, name })}
      onDragOver={onSectionDragOver}
    >
      <div className="brief-section-head" onDragOver={(e) => onItemsDragOver(e, 0)}>
        <button
          type="button"
          className="brief-handle"
          draggable
          onDragStart={onDragStart}
          onKeyDown={onHandleKey}
          data-handle-for={section.id}
          aria-label={t('brief.section.handle', { name, n: index + 1, total: count })}
          aria-describedby="brief-move-help"
          title={t('brief.section.handleTitle')}
          data-testid="brief-section-handle"
        >
          <Icon name="grip" />
        </button>
        <span className="brief-section-num" aria-hidden="true">
          {number}
        </span>
        <input
          id={headingId}
          className="brief-section-heading"
          value={section.heading}
          placeholder={t('brief.section.headingPlaceholder')}
          aria-label={t('brief.section.headingLabel', { n: index + 1 })}
          onChange={(e) => composer.edit((b) => renameSection(b, section.id, e.target.value.replace(/[\r\n]+/g, ' ')), { coalesce: `heading:${section.id}` })}
          onBlur={composer.commit}
          data-testid="brief-section-heading"
          maxLength={300}
        />
        <div className="brief-section-actions">
          <IconButton icon="quote" onClick={() => composer.openPicker(section.id)} label={t('brief.section.addHighlights')} />
          <IconButton icon="text" onClick={addText} label={t('brief.section.addText')} data-testid="brief-add-text" />
          <IconButton
            icon="copy"
            onClick={() => {
              composer.edit((b) => duplicateSection(b, section.id), { immediate: true });
              composer.announce(t('brief.section.duplicated', { name }));
            }}
            label={t('brief.section.duplicate')}
          />
          <IconButton icon="trash" danger onClick={remove} label={t('brief.section.delete')} data-testid="brief-section-delete" />
        </div>
      </div>
      <ol className="brief-items" aria-labelledby={headingId} onDragOver={(e) => onItemsDragOver(e, section.items.length)}>
        {section.items.map((item, i) => (
          <ItemCard
            key={item.id}
            item={item}
            sectionId={section.id}
            index={i}
            count={section.items.length}
            language={language}
            dropMark={itemDrop === i ? 'before' : itemDrop === i + 1 && i === section.items.length - 1 ? 'after' : undefined}
            onDragOverTarget={onDragOverTarget}
          />
        ))}
        {section.items.length === 0 && (
          <li className={`brief-section-empty${itemDrop === 0 ? ' drop-active' : ''}`}>
            <span>{t('brief.section.empty')}</span>
            <button type="button" className="brief-link" onClick={() => composer.openPicker(section.id)}>
              {t('brief.section.addHighlights')}
            </button>
            <button type="button" className="brief-link" onClick={addText}>
              {t('brief.section.addText')}
            </button>
          </li>
        )}
      </ol>
    </section>
  );
});
