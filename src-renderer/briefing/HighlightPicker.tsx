/**
 * "Add highlights": the library's articles with their highlights, to tick
 * and add to a section in one go (in text order), or to drag one by one onto
 * a place in the briefing. Annotations are loaded when an article is opened.
 * One article with its highlights is a PickerArticle.
 */
import { useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import type { Annotation } from '../../src-main/common/annotation';
import type { Briefing } from '../../src-main/common/briefing/model';
import type { CatalogEntry } from '../../src-main/common/model';
import { api } from '../api-client';
import { useI18n } from '../i18n/I18nProvider';
import { useApiQuery } from '../app/use-api-query';
import { errorText } from '../i18n/error-text';
import { HIGHLIGHT_MIME, type HighlightRef } from './drag';
import { Icon } from './Icon';
import { PickerArticle, type Loaded } from './PickerArticle';

export const NEW_SECTION = '';

export interface HighlightPickerProps {
  briefing: Briefing;
  /** Section the ticked highlights go to; NEW_SECTION makes one (named after the article). */
  target: string;
  onTargetChange(sectionId: string): void;
  onAdd(refs: HighlightRef[], sectionId?: string): Promise<void>;
  onOpenArticle(articleId: string, annotationId?: string): void;
}

const start = (a: Annotation) => a.target.selector[1].start;

export function HighlightPicker({ briefing, target, onTargetChange, onAdd, onOpenArticle }: HighlightPickerProps) {
  const { t, locale } = useI18n();
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState<Set<string>>(new Set());
  const [annotations, setAnnotations] = useState<Record<string, Loaded>>({});
  const [selected, setSelected] = useState<Map<string, HighlightRef>>(new Map());
  const [adding, setAdding] = useState(false);
  const requested = useRef(new Set<string>());

  const catalog = useApiQuery(['articles'], () => api.listArticles({}), {
    // A small library opens fully; a large one opens its newest article.
    onData: (list) => setOpen(new Set(list.slice(0, list.length <= 3 ? 3 : 1).map((a) => a.id))),
  });
  const articles: CatalogEntry[] | null = catalog.data ?? null;
  const listError = catalog.error ? errorText(catalog.error, locale) : null;

  useEffect(() => {
    for (const id of open) {
      if (requested.current.has(id)) continue;
      requested.current.add(id);
      setAnnotations((m) => ({ ...m, [id]: 'loading' }));
      api
        .listAnnotations({ articleId: id })
        .then((list) => setAnnotations((m) => ({ ...m, [id]: [...list].sort((a, b) => start(a) - start(b)) })))
        .catch((err) => {
          requested.current.delete(id);
          setAnnotations((m) => ({ ...m, [id]: { error: err instanceof Error ? err.message : String(err) } }));
        });
    }
  }, [open]);

  const inBriefing = useMemo(() => {
    const ids = new Set<string>();
    for (const s of briefing.sections) for (const it of s.items) if (it.kind === 'highlight') ids.add(it.annotationId);
    return ids;
  }, [briefing.sections]);

  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    if (!articles || !q) return articles ?? [];
    return articles.filter((a) => [a.title, a.source ?? '', a.subtitle ?? ''].some((s) => s.toLowerCase().includes(q)));
  }, [articles, query]);

  function toggleOpen(id: string) {
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  function setChecked(refs: HighlightRef[], checked: boolean) {
    setSelected((prev) => {
      const next = new Map(prev);
      for (const r of refs) {
        if (checked) next.set(r.annotationId, r);
        else next.delete(r.annotationId);
      }
      return next;
    });
  }

  /** The ticked highlights in library order, then text order. */
  function orderedSelection(): HighlightRef[] {
    const out: HighlightRef[] = [];
    for (const a of articles ?? []) {
      const list = annotations[a.id];
      if (!Array.isArray(list)) continue;
      for (const ann of list) if (selected.has(ann.id)) out.push({ articleId: a.id, annotationId: ann.id });
    }
    return out;
  }

  async function add() {
    const refs = orderedSelection();
    if (!refs.length) return;
    setAdding(true);
    try {
      await onAdd(refs, target || undefined);
      setSelected(new Map());
    } finally {
      setAdding(false);
    }
  }

  function onDragStart(event: DragEvent, ref: HighlightRef, quote: string) {
    // Dragging a ticked highlight carries every ticked one.
    const refs = selected.has(ref.annotationId) && selected.size > 1 ? orderedSelection() : [ref];
    event.dataTransfer.setData(HIGHLIGHT_MIME, JSON.stringify(refs));
    event.dataTransfer.setData('text/plain', quote);
    event.dataTransfer.effectAllowed = 'copy';
  }

  const count = selected.size;
  return (
    <div className="brief-picker" data-testid="brief-picker">
      <div className="brief-picker-search">
        <input
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={t('brief.picker.search')}
          aria-label={t('brief.picker.search')}
          data-native-undo
        />
      </div>
      <p className="brief-picker-hint muted">{t('brief.picker.hint')}</p>
      <div className="brief-picker-list">
        {listError && (
          <p className="brief-error" role="alert">
            {listError}
          </p>
        )}
        {!articles && !listError && <p className="muted brief-picker-empty">{t('brief.loading')}</p>}
        {articles && articles.length === 0 && <p className="muted brief-picker-empty">{t('brief.picker.noArticles')}</p>}
        {articles && articles.length > 0 && shown.length === 0 && <p className="muted brief-picker-empty">{t('brief.picker.noMatch')}</p>}
        {shown.map((article) => (
          <PickerArticle
            key={article.id}
            article={article}
            isOpen={open.has(article.id)}
            list={annotations[article.id]}
            selected={selected}
            inBriefing={inBriefing}
            onToggleOpen={() => toggleOpen(article.id)}
            onCheck={setChecked}
            onDragStart={onDragStart}
            onOpenArticle={onOpenArticle}
          />
        ))}
      </div>
      <div className="brief-picker-foot">
        <label className="brief-picker-target">
          <span>{t('brief.picker.target')}</span>
          <select value={target} onChange={(e) => onTargetChange(e.target.value)} data-testid="brief-picker-target">
            <option value={NEW_SECTION}>{t('brief.picker.newSection')}</option>
            {briefing.sections.map((s, i) => (
              <option key={s.id} value={s.id}>
                {s.heading.trim() || t('brief.section.untitled', { n: i + 1 })}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="primary" disabled={count === 0 || adding} onClick={add} data-testid="brief-picker-add">
          {adding ? <span className="brief-spinner small light" aria-hidden="true" /> : <Icon name="plus" />}
          {count ? t('brief.picker.add', { count }) : t('brief.picker.addNone')}
        </button>
      </div>
    </div>
  );
}
