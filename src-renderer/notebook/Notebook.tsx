/**
 * The notebook: every highlight of the library in one virtualised list,
 * paged from core (`NotebookList`), with filters by words, colour, tag,
 * article, source and the day highlighted (each choice with its count), four
 * sorts both ways, a multi-selection to add to a briefing or export, and the
 * export of all (or all filtered) notes as Markdown, Word or W3C JSON-LD.
 *
 * A click selects one highlight, Ctrl/Cmd+click or its box adds or removes
 * one, Shift+click extends; a double click opens it in the reader.
 * Keys in the list: ↑/↓ move, Shift+↑/↓ extend the selection, Space selects,
 * Ctrl/Cmd+A selects every match, Escape clears, Enter opens the highlight
 * in the reader.
 */
import { useEffect, useMemo, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import { HIGHLIGHT_SORTS, type HighlightKey, type HighlightRow } from '../../src-main/common/contract/notebook';
import type { ColorLabels } from '../../src-main/common/contract/annotations';
import { api, onApiEvent, saveExport } from '../api-client';
import { highlightsFileName } from '../../src-main/common/briefing/export-name';
import { useI18n } from '../i18n/I18nProvider';
import { MenuButton } from '../app/MenuButton';
import type { ToastState } from '../app/Toasts';
import { useApiQuery } from '../app/use-api-query';
import { AddToBriefingDialog } from '../annotations/AddToBriefingDialog';
import { COLOR_KEYS, colorLabel, type ColorKey } from '../annotations/colors';
import { onLibraryChanged } from '../app/library-events';
import { DateRange, FacetSelect, FilterText, keepChosen, SortControl, SourceSelect, TagSelect } from '../list/ListFilters';
import { PendingRow } from '../list/PendingRow';
import { navigationTarget, usePagedRows } from '../list/use-paged-rows';
import { NotebookList, notebookFilter, type NotebookSnapshot } from './notebook-list';
import { renderNoteHtml } from '../annotations/note-markdown';

export interface NotebookProps {
  /** Kept by the app, so filters and selection survive a visit to the reader. */
  list: NotebookList;
  toasts: ToastState;
  onOpen(articleId: string, annotationId: string): void;
}

type ExportFormat = 'md' | 'docx' | 'w3c';
const EXPORT_FILTERS: Record<ExportFormat, { name: string; extensions: string[] }> = {
  md: { name: 'Markdown', extensions: ['md'] },
  docx: { name: 'Word', extensions: ['docx'] },
  w3c: { name: 'JSON-LD', extensions: ['jsonld'] },
};
const ESTIMATED_ROW = 120;

/** The app's one notebook list (its first page asked for when the notebook first shows). */
export function useNotebookList(): NotebookList {
  // Counts are final once every highlight is in memory (core's countsComplete event).
  const [list] = useState(
    () =>
      new NotebookList(api, (listener) =>
        onApiEvent('countsComplete', (e) => {
          if (e.counts === 'highlights') listener();
        }),
      ),
  );
  useEffect(() => () => list.dispose(), [list]);
  return list;
}

export function Notebook({ list, toasts, onOpen }: NotebookProps) {
  const { t } = useI18n();
  const snapshot = useSyncExternalStore(list.subscribe, list.getSnapshot);
  // Each visit shows the library as it is now (highlights may have changed in the reader).
  useEffect(() => {
    void list.refresh();
  }, [list]);
  // A highlight changed in the reader or a briefing: ask again for what is shown.
  useEffect(() => onLibraryChanged(() => void list.refresh()), [list]);
  const labels = useApiQuery(['color-labels'], () => api.getColorLabels({})).data ?? null;
  const [adding, setAdding] = useState<HighlightKey[] | null>(null);

  async function exportNotes(format: ExportFormat, which: 'selected' | 'filtered') {
    try {
      const title = t('nb.exportTitle');
      const params = which === 'selected' ? { highlights: list.selectedKeys(), format, title } : { filter: notebookFilter(snapshot.query), format, title };
      const file = await saveExport({
        suggestedName: highlightsFileName(title, format),
        filters: [EXPORT_FILTERS[format]],
        toFile: (path) => api.exportHighlightsToFile({ ...params, path }),
        toBytes: () => api.exportHighlights(params),
      });
      if (file) toasts.info(t('nb.exported', { count: file.count, file: file.fileName }));
    } catch (err) {
      toasts.error(err);
    }
  }

  const exportItems = (prefix: string) => (['md', 'docx', 'w3c'] as const).map((f) => ({ key: f, label: t(`nb.export.${f}`), testId: `${prefix}-${f}` }));
  const { total, libraryTotal, filtered, stale } = snapshot;
  return (
    <div className="notebook" data-testid="notebook">
      <NotebookFilters list={list} snapshot={snapshot} labels={labels} />
      <section className="notebook-main" aria-labelledby="notebook-title">
        <div className="notebook-head">
          <h2 id="notebook-title">{t('nb.title')}</h2>
          <span className="muted" data-testid="notebook-count" aria-live="polite">
            {libraryTotal === null
              ? ''
              : filtered
                ? stale
                  ? t('nb.countPending', { count: libraryTotal })
                  : t('nb.countFiltered', { total: total ?? 0, count: libraryTotal })
                : t('nb.count', { count: libraryTotal })}
          </span>
          <MenuButton
            label={filtered ? t('nb.exportFiltered') : t('nb.exportAll')}
            testId="notebook-export-all"
            disabled={!total}
            items={exportItems('notebook-export-all')}
            onChoose={(key) => void exportNotes(key as ExportFormat, 'filtered')}
          />
        </div>
        {!snapshot.complete && <p className="small muted">{t('nb.loading')}</p>}
        {snapshot.selected.size > 0 && (
          <div className="selection-bar" role="toolbar" aria-label={t('nb.bulkLabel')} data-testid="notebook-selection-bar">
            <span className="selection-count" role="status">
              {t('nb.selected', { count: snapshot.selected.size })}
            </span>
            {snapshot.selected.size < (total ?? 0) && (
              <button
                type="button"
                className="ghost small"
                onClick={() => void list.selectAllMatching().catch((err) => toasts.error(err))}
                data-testid="notebook-select-all"
              >
                {t('nb.selectAll', { count: total ?? 0 })}
              </button>
            )}
            <button type="button" className="ghost small" onClick={() => list.clearSelection()}>
              {t('nb.clearSelection')}
            </button>
            <span className="selection-actions">
              {snapshot.selected.size === 1 && (
                <button
                  type="button"
                  className="small"
                  onClick={() => {
                    const [key] = list.selectedKeys();
                    onOpen(key.articleId, key.annotationId);
                  }}
                  data-testid="notebook-open"
                >
                  {t('nb.open')}
                </button>
              )}
              <button type="button" className="small" onClick={() => setAdding(list.selectedKeys())} data-testid="notebook-add-to-briefing">
                {t('nb.addToBriefing')}
              </button>
              <MenuButton
                label={t('nb.export')}
                testId="notebook-export"
                items={exportItems('notebook-export')}
                onChoose={(key) => void exportNotes(key as ExportFormat, 'selected')}
              />
            </span>
          </div>
        )}
        {libraryTotal === 0 ? (
          <p className="muted empty" data-testid="notebook-empty">
            {t('nb.empty')}
          </p>
        ) : total === 0 && filtered && !stale ? (
          <div className="muted empty" data-testid="notebook-no-match">
            <p>{t('nb.noMatch', { count: libraryTotal ?? 0 })}</p>
            <button type="button" className="small" onClick={() => list.clearFilters()}>
              {t('list.clearFilters')}
            </button>
          </div>
        ) : (
          <HighlightList list={list} snapshot={snapshot} labels={labels} onOpen={onOpen} />
        )}
      </section>
      {adding && (
        <AddToBriefingDialog
          highlights={adding}
          defaultTitle={t('nb.exportTitle')}
          onClose={() => setAdding(null)}
          onAdded={(title, count, skipped) => {
            setAdding(null);
            toasts.info(skipped ? t('nb.addedSkipped', { count, title, skipped }) : t('nb.added', { count, title }));
            void list.refresh();
          }}
        />
      )}
    </div>
  );
}

function NotebookFilters({ list, snapshot, labels }: { list: NotebookList; snapshot: NotebookSnapshot; labels: ColorLabels | null }) {
  const { t } = useI18n();
  const { query } = snapshot;
  return (
    <aside className="notebook-filters sidebar" aria-label={t('nb.title')}>
      <FilterText
        value={query.text}
        placeholder={t('nb.filterText')}
        label={t('nb.filterTextLabel')}
        testId="notebook-filter"
        onChange={(text) => list.setQuery({ text })}
      />
      <fieldset className="notebook-colors">
        <legend>{t('nb.colors')}</legend>
        <button type="button" className="filter-chip" aria-pressed={query.color === ''} onClick={() => list.setQuery({ color: '' })}>
          {t('nb.anyColor')}
        </button>
        {COLOR_KEYS.map((key: ColorKey) => {
          const count = snapshot.colors.find((c) => c.value === key)?.count ?? 0;
          return (
            <button
              key={key}
              type="button"
              className="filter-chip"
              aria-pressed={query.color === key}
              onClick={() => list.setQuery({ color: query.color === key ? '' : key })}
              data-testid={`notebook-color-${key}`}
            >
              <span className={`swatch swatch-${key}`} aria-hidden="true" />
              {t('nb.colorOption', { label: colorLabel(key, labels, t), count })}
            </button>
          );
        })}
      </fieldset>
      <TagSelect value={query.tag} options={snapshot.tags} anyLabel={t('nb.anyTag')} testId="notebook-tag" onChange={(tag) => list.setQuery({ tag })} />
      <FacetSelect
        value={query.articleId}
        options={keepChosen(snapshot.articles, query.articleId, { title: query.articleId })}
        anyLabel={t('nb.anyArticle')}
        label={t('nb.article')}
        testId="notebook-article"
        optionLabel={(x) => t('nb.articleOption', { title: x.title.length > 40 ? `${x.title.slice(0, 40)}…` : x.title, count: x.count })}
        onChange={(articleId) => list.setQuery({ articleId })}
      />
      <SourceSelect value={query.source} options={snapshot.sources} testId="notebook-source" onChange={(source) => list.setQuery({ source })} />
      <DateRange
        from={query.from}
        to={query.to}
        fromLabel={t('nb.from')}
        toLabel={t('nb.to')}
        testIdPrefix="notebook"
        onChange={(patch) => list.setQuery(patch)}
      />
      <SortControl
        query={query}
        sorts={HIGHLIGHT_SORTS}
        label={t('nb.sort')}
        sortLabel={(s) => t(`nb.sort.${s}`)}
        testIdPrefix="notebook"
        onChange={(patch) => list.setQuery(patch)}
      >
        {snapshot.filtered && (
          <button type="button" className="ghost small" onClick={() => list.clearFilters()} data-testid="notebook-clear">
            {t('list.clearFilters')}
          </button>
        )}
      </SortControl>
    </aside>
  );
}

function HighlightList({
  list,
  snapshot,
  labels,
  onOpen,
}: {
  list: NotebookList;
  snapshot: NotebookSnapshot;
  labels: ColorLabels | null;
  onOpen(articleId: string, annotationId: string): void;
}) {
  const { t, date } = useI18n();
  const { scrollRef, virtualizer, items, total, pageRows } = usePagedRows(list, snapshot, ESTIMATED_ROW, 6);
  const [active, setActive] = useState(0);
  // A new query starts at the top (the store drops its anchor).
  const queryKey = JSON.stringify(snapshot.query);
  useEffect(() => {
    setActive(0);
  }, [queryKey]);
  const current = Math.min(active, Math.max(0, total - 1));

  function moveTo(target: number, extend: boolean) {
    if (extend) list.extendTo(target, current);
    else list.setAnchor(null);
    setActive(target);
    virtualizer.scrollToIndex(target, { align: 'auto' });
    list.ensureRange(target - 20, target + 20);
  }

  function onKeyDown(event: KeyboardEvent) {
    if (!total) return;
    const row = list.rowAt(current);
    const mod = event.ctrlKey || event.metaKey;
    const target = navigationTarget(event.key, current, total, pageRows());
    if (target !== null) {
      moveTo(target, event.shiftKey);
      event.preventDefault();
      return;
    }
    switch (event.key) {
      case ' ':
        if (row) list.toggle(list.keyOf(row), current);
        break;
      case 'Enter':
        if (row) onOpen(row.articleId, row.id);
        break;
      case 'Escape':
        if (!snapshot.selected.size) return;
        list.clearSelection();
        break;
      case 'a':
      case 'A':
        if (!mod) return;
        void list.selectAllMatching();
        break;
      default:
        return;
    }
    event.preventDefault();
  }

  const activeRow = list.rowAt(current);
  return (
    <div className="article-scroll notebook-scroll" ref={scrollRef}>
      <ul
        className="notebook-list"
        role="listbox"
        aria-multiselectable="true"
        aria-label={t('nb.listLabel')}
        aria-describedby="notebook-keys"
        tabIndex={0}
        aria-activedescendant={activeRow && items.some((i) => i.index === current) ? `hl-${activeRow.id}` : undefined}
        onKeyDown={onKeyDown}
        style={{ height: virtualizer.getTotalSize() }}
        data-testid="notebook-list"
      >
        {items.map((item) => {
          const row = list.rowAt(item.index);
          const style = { transform: `translateY(${item.start}px)` };
          if (!row) {
            return <PendingRow key={`pending-${item.index}`} index={item.index} height={ESTIMATED_ROW} style={style} />;
          }
          return (
            <HighlightCard
              key={row.id}
              row={row}
              index={item.index}
              measure={virtualizer.measureElement}
              style={style}
              checked={snapshot.selected.has(row.id)}
              current={item.index === current}
              colorName={colorLabel(row.color, labels, t)}
              dateText={date(row.created.slice(0, 10))}
              onClick={(event) => {
                setActive(item.index);
                if (event.shiftKey) {
                  list.extendTo(item.index, current);
                } else if (event.ctrlKey || event.metaKey || (event.target as Element).closest('.row-check')) {
                  list.toggle(list.keyOf(row), item.index);
                } else {
                  list.selectOnly(list.keyOf(row), item.index);
                }
              }}
              onOpen={() => onOpen(row.articleId, row.id)}
            />
          );
        })}
      </ul>
      <p id="notebook-keys" className="visually-hidden">
        {t('nb.keysHint')}
      </p>
    </div>
  );
}

interface CardProps {
  row: HighlightRow;
  index: number;
  measure(el: Element | null): void;
  style: React.CSSProperties;
  checked: boolean;
  current: boolean;
  colorName: string;
  dateText: string;
  onClick(event: React.MouseEvent): void;
  onOpen(): void;
}

/** A highlight's note, rendered as in the annotation panel and every export (one rule set: common/sanitize-rules.ts). */
function NoteText({ note }: { note: string }) {
  const html = useMemo(() => renderNoteHtml(note), [note]);
  return <div className="notebook-note note-md" data-testid="notebook-note" dangerouslySetInnerHTML={{ __html: html }} />;
}

function HighlightCard({ row, index, measure, style, checked, current, colorName, dateText, onClick, onOpen }: CardProps) {
  const { t } = useI18n();
  return (
    <li
      id={`hl-${row.id}`}
      ref={measure}
      data-index={index}
      role="option"
      aria-selected={checked}
      className={`notebook-row color-${row.color}${current ? ' current' : ''}${checked ? ' checked' : ''}`}
      style={style}
      onClick={onClick}
      onDoubleClick={onOpen}
      data-testid="notebook-row"
      data-annotation-id={row.id}
    >
      <span className="row-check" aria-hidden="true" />
      <span className="notebook-row-body">
        <blockquote className={`notebook-quote hl-bar-${row.color}`}>{row.quote}</blockquote>
        {row.note && <NoteText note={row.note} />}
        <span className="row-meta">
          <span className={`swatch swatch-${row.color}`} aria-hidden="true" />
          <span>{colorName}</span>
          <span className="notebook-article" title={row.articleTitle}>
            {row.articleTitle}
          </span>
          {row.source && <span>{row.source}</span>}
          <time dateTime={row.created}>{dateText}</time>
          {row.orphan && <span className="brief-badge">{t('nb.orphan')}</span>}
        </span>
        {(row.tags.length > 0 || row.briefings.length > 0) && (
          <span className="row-tags">
            {row.tags.map((tag) => (
              <span key={tag} className="tag-chip">
                {tag}
              </span>
            ))}
            {row.briefings.slice(0, 2).map((b) => (
              <span key={b.id} className="brief-badge in-briefing" data-testid="notebook-in-briefing">
                {t('nb.inBriefing', { title: b.title })}
              </span>
            ))}
            {row.briefings.length > 2 && <span className="brief-badge in-briefing">{t('nb.inBriefingMore', { count: row.briefings.length - 2 })}</span>}
          </span>
        )}
      </span>
    </li>
  );
}
