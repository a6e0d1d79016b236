/**
 * The panel beside the text: every annotation of the article in text order
 * with its colour, quote, note and tags; filters by colour and tag; check
 * boxes to add several to a briefing at once; export; the colour meanings
 * (renamable); import of annotation files; and an Orphans section for
 * annotations whose passage could not be found, each showing why, which can
 * be re-attached to a new selection or deleted.
 */
import { memo, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { Annotation } from '../../src-main/common/annotation';
import type { ColorLabels } from '../../src-main/common/contract/annotations';
import { useI18n } from '../i18n/I18nProvider';
import { AnnotationCard, type CardEditor } from './AnnotationCard';
import type { PanelEditing } from './annotation-session';
import { COLOR_KEYS, type ColorKey } from './colors';
import { filterAnnotations, NO_FILTER, tagsOf, type AnnotationFilter } from './annotation-list';
import { AnnotationFilters } from './AnnotationFilters';
import { ExportMenu, type ExportFormat } from './ExportMenu';

export type { PanelEditing };

export interface AnnotationPanelProps {
  annotations: readonly Annotation[];
  loaded: boolean;
  labels: ColorLabels;
  tagSuggestions: readonly string[];
  selectedId: string | null;
  editing: PanelEditing | null;
  /** A text selection exists (orphans can be re-attached to it). */
  hasSelection: boolean;
  /** The orphan waiting for a new selection, if any. */
  armedId: string | null;
  /** Annotation id → the briefings holding it (only cited ones). */
  citations?: Readonly<Record<string, readonly { id: string; title: string }[]>>;
  onShow(id: string): void;
  onEdit(editing: PanelEditing | null): void;
  onSaveNote(id: string, note: string): void;
  onSaveTags(id: string, tags: string[]): void;
  onDelete(id: string): void;
  onReattach(id: string): void;
  onDisarm(): void;
  onSaveLabels(labels: Partial<ColorLabels>): void;
  onAddToBriefing(ids: string[]): void;
  onExport(format: ExportFormat): void;
  /** Import an annotation file (W3C JSON-LD or our JSON). */
  onImport?(): void;
}

/** Cards drawn with the article; the rest follow a frame later. */
const FIRST_CARDS = 40;

export const AnnotationPanel = memo(function AnnotationPanel(props: AnnotationPanelProps) {
  const { annotations, loaded, labels, selectedId, editing } = props;
  const { t } = useI18n();
  const [filter, setFilter] = useState<AnnotationFilter>(NO_FILTER);
  const [checked, setChecked] = useState<Set<string>>(() => new Set());
  const listRef = useRef<HTMLDivElement>(null);
  const headingId = useId();
  const orphansId = useId();

  const placed = useMemo(() => annotations.filter((a) => !a.orphan), [annotations]);
  const orphans = useMemo(() => annotations.filter((a) => a.orphan), [annotations]);
  const tags = useMemo(() => tagsOf(annotations), [annotations]);
  const counts = useMemo(() => {
    const c = Object.fromEntries(COLOR_KEYS.map((k) => [k, 0])) as Record<ColorKey, number>;
    for (const a of annotations) c[a.color]++;
    return c;
  }, [annotations]);
  const visible = useMemo(() => filterAnnotations(placed, filter), [placed, filter]);

  // Hundreds of highlights: draw the first cards with the article and the rest
  // right after it has painted, so opening a heavily annotated article stays quick.
  const articleId = annotations[0]?.articleId ?? null;
  const [limit, setLimit] = useState(FIRST_CARDS);
  useEffect(() => setLimit(FIRST_CARDS), [articleId]);
  useEffect(() => {
    if (limit === Infinity || visible.length <= limit) return;
    if (selectedId && !visible.slice(0, limit).some((a) => a.id === selectedId)) return setLimit(Infinity);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => (timer = setTimeout(() => setLimit(Infinity), 0)));
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [limit, visible, selectedId]);
  const visibleOrphans = useMemo(() => filterAnnotations(orphans, filter), [orphans, filter]);

  // Drop checks and a tag filter that no longer match anything.
  useEffect(() => {
    const ids = new Set(annotations.map((a) => a.id));
    setChecked((set) => ([...set].every((id) => ids.has(id)) ? set : new Set([...set].filter((id) => ids.has(id)))));
    if (filter.tag !== null && !tags.includes(filter.tag)) setFilter((f) => ({ ...f, tag: null }));
  }, [annotations, tags, filter.tag]);

  // Keep the selected annotation's card in view.
  useEffect(() => {
    if (!selectedId) return;
    const card = listRef.current?.querySelector<HTMLElement>(`[data-annotation-id="${selectedId.replace(/["\\]/g, '\\$&')}"]`);
    card?.scrollIntoView?.({ block: 'nearest' });
  }, [selectedId]);

  const shown = [...visible, ...visibleOrphans];
  const allChecked = shown.length > 0 && shown.every((a) => checked.has(a.id));
  const checkedIds = annotations.filter((a) => checked.has(a.id)).map((a) => a.id);

  const onCheck = useCallback(
    (id: string, on: boolean) =>
      setChecked((set) => {
        const next = new Set(set);
        if (on) next.add(id);
        else next.delete(id);
        return next;
      }),
    [],
  );
  const parentOnEdit = props.onEdit;
  const onEdit = useCallback((id: string, editor: CardEditor) => parentOnEdit(editor ? { id, editor } : null), [parentOnEdit]);

  const card = (a: Annotation) => (
    <AnnotationCard
      key={a.id}
      annotation={a}
      labels={labels}
      selected={a.id === selectedId}
      checked={checked.has(a.id)}
      editor={editing?.id === a.id ? editing.editor : null}
      tagSuggestions={props.tagSuggestions}
      canReattach={props.hasSelection}
      armed={props.armedId === a.id}
      briefings={props.citations?.[a.id]}
      onShow={props.onShow}
      onCheck={onCheck}
      onEdit={onEdit}
      onSaveNote={props.onSaveNote}
      onSaveTags={props.onSaveTags}
      onDelete={props.onDelete}
      onReattach={props.onReattach}
      onDisarm={props.onDisarm}
    />
  );

  return (
    <aside className="annot-panel" role="complementary" aria-labelledby={headingId} data-testid="annotation-panel">
      <header className="annot-head">
        <h2 id={headingId}>
          {t('annot.panel')}{' '}
          <span className="annot-count" data-testid="annotation-count">
            {annotations.length}
          </span>
        </h2>
        <span className="annot-head-tools">
          {props.onImport && (
            <button type="button" className="small" title={t('annot.importHint')} data-testid="import-annotations" onClick={props.onImport}>
              {t('annot.import')}
            </button>
          )}
          <ExportMenu disabled={annotations.length === 0} onExport={props.onExport} />
        </span>
      </header>

      <AnnotationFilters labels={labels} counts={counts} tags={tags} filter={filter} onFilter={setFilter} onSaveLabels={props.onSaveLabels} />

      <div className="annot-bulk">
        <label className="small">
          <input
            type="checkbox"
            checked={allChecked}
            disabled={shown.length === 0}
            data-testid="check-all"
            onChange={(e) => setChecked(e.target.checked ? new Set(shown.map((a) => a.id)) : new Set())}
          />
          {checkedIds.length ? t('annot.selected', { count: checkedIds.length }) : t('annot.selectAll')}
        </label>
        <button
          type="button"
          className="small"
          disabled={checkedIds.length === 0}
          data-testid="add-to-briefing"
          onClick={() => props.onAddToBriefing(checkedIds)}
        >
          {t('annot.addToBriefing')}
        </button>
      </div>

      <div className="annot-scroll" ref={listRef}>
        {!loaded ? (
          <p className="muted annot-empty">{t('annot.loading')}</p>
        ) : annotations.length === 0 ? (
          <p className="muted annot-empty">{t('annot.empty')}</p>
        ) : (
          <>
            {visible.length === 0 && placed.length > 0 && <p className="muted annot-empty">{t('annot.filteredEmpty')}</p>}
            <ol className="annot-list" aria-label={t('annot.panel')}>
              {visible.slice(0, limit).map(card)}
            </ol>
            {orphans.length > 0 && (
              <section className="annot-orphans" aria-labelledby={orphansId} data-testid="orphans">
                <h3 id={orphansId}>
                  {t('annot.orphans')} <span className="annot-count">{orphans.length}</span>
                </h3>
                <p className="small muted">{t('annot.orphansHint')}</p>
                <ol className="annot-list">{visibleOrphans.map(card)}</ol>
              </section>
            )}
          </>
        )}
      </div>
    </aside>
  );
});
