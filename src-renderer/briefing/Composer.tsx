/**
 * The document being composed: toolbar (save state, undo/redo, adding),
 * header, summary and the sections with their items. Drops of items,
 * sections and highlights land here (the cards only report where the pointer
 * is), so a drop is one edit on the session.
 */
import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import { addSection, briefingLanguage } from '../../src-main/common/briefing/model';
import { useI18n } from '../i18n/I18nProvider';
import type { SessionSnapshot } from './briefing-session';
import { useComposer } from './composer-context';
import { ITEM_MIME, SECTION_MIME, dragKind, readHighlights, type DropTarget } from './drag';
import { HeaderForm } from './HeaderForm';
import { Icon, IconButton } from './Icon';
import { MarkdownEditor } from './MarkdownEditor';
import { moveItemToSlot, moveSectionToSlot } from './reorder';
import { SaveIndicator } from './SaveIndicator';
import { SectionCard } from './SectionCard';

export interface ComposerProps {
  snapshot: SessionSnapshot;
  onDuplicate(): void;
  /** Starts the next issue of this briefing's series. */
  onNextIssue(): void;
  onDelete(): void;
  onSync(): void;
  syncing: boolean;
}

type Drop = DropTarget | { kind: 'new-section' };

function sameDrop(a: Drop | null, b: Drop | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function Composer({ snapshot, onDuplicate, onNextIssue, onDelete, onSync, syncing }: ComposerProps) {
  const { t } = useI18n();
  const composer = useComposer();
  const { session } = composer;
  const doc = snapshot.doc;
  const language = briefingLanguage(doc);
  const [drop, setDropState] = useState<Drop | null>(null);
  const dropRef = useRef<Drop | null>(null);
  const setDrop = useCallback((next: Drop | null) => {
    if (sameDrop(dropRef.current, next)) return;
    dropRef.current = next;
    setDropState(next);
  }, []);
  const onDragOverTarget = useCallback((target: DropTarget) => setDrop(target), [setDrop]);

  useEffect(() => {
    const clear = () => setDrop(null);
    window.addEventListener('dragend', clear);
    window.addEventListener('drop', clear);
    return () => {
      window.removeEventListener('dragend', clear);
      window.removeEventListener('drop', clear);
    };
  }, [setDrop]);

  function onDrop(event: DragEvent) {
    const target = dropRef.current;
    setDrop(null);
    const kind = dragKind(event.dataTransfer);
    if (!target || !kind) return;
    event.preventDefault();
    const b = session.current;
    if (kind === 'item' && target.kind === 'item') {
      const itemId = event.dataTransfer.getData(ITEM_MIME);
      const next = moveItemToSlot(b, itemId, target.sectionId, target.slot);
      if (!next) return;
      composer.edit(() => next, { immediate: true });
      const s = next.sections.findIndex((x) => x.id === target.sectionId);
      const position = next.sections[s].items.findIndex((it) => it.id === itemId);
      composer.announce(t('brief.move.item', { section: s + 1, position: position + 1, total: next.sections[s].items.length }));
    } else if (kind === 'section' && target.kind === 'section') {
      const sectionId = event.dataTransfer.getData(SECTION_MIME);
      const next = moveSectionToSlot(b, sectionId, target.slot);
      if (!next) return;
      composer.edit(() => next, { immediate: true });
      const position = next.sections.findIndex((x) => x.id === sectionId);
      composer.announce(t('brief.move.section', { position: position + 1, total: next.sections.length }));
    } else if (kind === 'highlights') {
      const refs = readHighlights(event.dataTransfer);
      if (!refs.length) return;
      if (target.kind === 'item') void composer.addHighlights(refs, target.sectionId, target.slot);
      else if (target.kind === 'new-section') void composer.addHighlights(refs);
    }
  }

  function newSection() {
    let id = '';
    composer.edit(
      (b) => {
        const next = addSection(b, '');
        id = next.sections.at(-1)!.id;
        return next;
      },
      { immediate: true },
    );
    composer.announce(t('brief.section.added'));
    composer.focusAfterRender({ kind: 'element', id: `brief-section-heading-${id}` });
  }

  const empty = doc.sections.length === 0;
  const sectionsDropping = drop?.kind === 'section';

  return (
    <main className="brief-composer" data-testid="brief-composer" aria-label={t('brief.composer.label')}>
      <div className="brief-toolbar" role="toolbar" aria-label={t('brief.toolbar.label')}>
        <SaveIndicator state={snapshot.save} error={snapshot.error} onRetry={() => session.retry()} />
        <span className="brief-toolbar-sep" aria-hidden="true" />
        <IconButton
          icon="undo"
          onClick={() => session.undo()}
          disabled={!snapshot.canUndo}
          label={t('brief.undo')}
          title={t('brief.undoTitle')}
          data-testid="brief-undo"
        />
        <IconButton
          icon="redo"
          onClick={() => session.redo()}
          disabled={!snapshot.canRedo}
          label={t('brief.redo')}
          title={t('brief.redoTitle')}
          data-testid="brief-redo"
        />
        <span className="brief-toolbar-sep" aria-hidden="true" />
        <button type="button" className="brief-tool" onClick={() => composer.openPicker()} data-testid="brief-add-highlights">
          <Icon name="quote" />
          <span className="brief-tool-label">{t('brief.addHighlights')}</span>
        </button>
        <button type="button" className="brief-tool" onClick={newSection} data-testid="brief-add-section">
          <Icon name="plus" />
          <span className="brief-tool-label">{t('brief.addSection')}</span>
        </button>
        <span className="brief-toolbar-spacer" />
        <button
          type="button"
          className="brief-icon-button"
          onClick={onSync}
          disabled={syncing}
          aria-label={t('brief.sync')}
          title={t('brief.syncTitle')}
          data-testid="brief-sync"
        >
          <span className={syncing ? 'brief-spin' : undefined}>
            <Icon name="sync" />
          </span>
        </button>
        <IconButton icon="next" onClick={onNextIssue} label={t('brief.nextIssue')} data-testid="brief-next-issue" />
        <IconButton icon="copy" onClick={onDuplicate} label={t('brief.duplicate')} data-testid="brief-duplicate" />
        <IconButton icon="trash" danger onClick={onDelete} label={t('brief.delete')} data-testid="brief-delete" />
      </div>
      <div className="brief-scroll">
        <div className="brief-paper" lang={language === 'zh' ? 'zh-CN' : 'en'}>
          <HeaderForm header={doc.header} invalid={snapshot.invalid} />
          <section className="brief-summary" aria-label={t('brief.summary.label')}>
            <MarkdownEditor
              id={`brief-summary-${doc.id}`}
              label={t('brief.summary.label')}
              value={doc.summary}
              placeholder={t('brief.summary.placeholder')}
              preview="always"
              rows={3}
              testId="brief-summary"
              maxLength={200000}
              lang={language === 'zh' ? 'zh-CN' : 'en'}
              onChange={(summary) => composer.edit((b) => ({ ...b, summary }), { coalesce: 'summary' })}
              onBlur={composer.commit}
            />
          </section>
          <div
            className={`brief-sections${sectionsDropping ? ' is-dropping' : ''}`}
            onDrop={onDrop}
            onDragOver={(e) => dragKind(e.dataTransfer) && e.preventDefault()}
          >
            {doc.sections.map((section, i) => (
              <SectionCard
                key={section.id}
                section={section}
                index={i}
                count={doc.sections.length}
                language={language}
                drop={drop && drop.kind !== 'new-section' && (drop.kind === 'section' || drop.sectionId === section.id) ? drop : null}
                onDragOverTarget={onDragOverTarget}
              />
            ))}
            {empty ? (
              <div
                className={`brief-empty-doc${drop?.kind === 'new-section' ? ' drop-active' : ''}`}
                onDragOver={(e) => {
                  if (dragKind(e.dataTransfer) !== 'highlights') return;
                  e.preventDefault();
                  e.stopPropagation();
                  setDrop({ kind: 'new-section' });
                }}
              >
                <p>{t('brief.emptyDoc')}</p>
                <div className="brief-empty-actions">
                  <button type="button" className="primary" onClick={() => composer.openPicker()}>
                    {t('brief.addHighlights')}
                  </button>
                  <button type="button" onClick={newSection}>
                    {t('brief.addSection')}
                  </button>
                </div>
              </div>
            ) : (
              <button
                type="button"
                className={`brief-add-section-zone${drop?.kind === 'new-section' ? ' drop-active' : ''}`}
                onClick={newSection}
                onDragOver={(e) => {
                  if (dragKind(e.dataTransfer) !== 'highlights') return;
                  e.preventDefault();
                  e.stopPropagation();
                  setDrop({ kind: 'new-section' });
                }}
              >
                <Icon name="plus" />
                {drop?.kind === 'new-section' ? t('brief.dropNewSection') : t('brief.addSection')}
              </button>
            )}
          </div>
        </div>
      </div>
      <p id="brief-move-help" className="brief-sr-only">
        {t('brief.moveHelp')}
      </p>
    </main>
  );
}
