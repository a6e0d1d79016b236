/**
 * One article in the highlight picker: a checkbox ticking all its highlights (indeterminate when some
 * are), a toggle that shows them, and each highlight with its checkbox, quote, a note excerpt and badges
 * (already in the briefing, orphaned); a highlight can be dragged onto the briefing.
 */
import type { DragEvent } from 'react';
import type { Annotation } from '../../src-main/common/annotation';
import type { CatalogEntry } from '../../src-main/common/model';
import { useI18n } from '../i18n/I18nProvider';
import type { HighlightRef } from './drag';
import { Icon } from './Icon';

/** An article's highlights in text order, or loading, or the error that stopped them loading. */
export type Loaded = Annotation[] | 'loading' | { error: string };

/** A note's text without Markdown punctuation, for a two-line excerpt. */
function plainExcerpt(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`#>~|]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** `list` is undefined until the article is first opened; `selected` and `inBriefing` hold annotation ids. */
export interface PickerArticleProps {
  article: CatalogEntry;
  isOpen: boolean;
  list: Loaded | undefined;
  selected: ReadonlyMap<string, HighlightRef>;
  inBriefing: ReadonlySet<string>;
  onToggleOpen(): void;
  onCheck(refs: HighlightRef[], checked: boolean): void;
  onDragStart(event: DragEvent, ref: HighlightRef, quote: string): void;
  onOpenArticle(articleId: string): void;
}

export function PickerArticle({ article, isOpen, list, selected, inBriefing, onToggleOpen, onCheck, onDragStart, onOpenArticle }: PickerArticleProps) {
  const { t, date } = useI18n();
  const refs = Array.isArray(list) ? list.map((a) => ({ articleId: article.id, annotationId: a.id })) : [];
  const ticked = refs.filter((r) => selected.has(r.annotationId)).length;
  const groupId = `brief-picker-${article.id}`;
  return (
    <section className="brief-picker-article" data-testid="brief-picker-article">
      <div className="brief-picker-article-head">
        <input
          type="checkbox"
          aria-label={t('brief.picker.selectAll', { title: article.title })}
          checked={refs.length > 0 && ticked === refs.length}
          ref={(el) => {
            if (el) el.indeterminate = ticked > 0 && ticked < refs.length;
          }}
          disabled={refs.length === 0}
          onChange={(e) => onCheck(refs, e.target.checked)}
        />
        <button type="button" className="brief-picker-toggle" aria-expanded={isOpen} aria-controls={groupId} onClick={onToggleOpen}>
          <span className={`brief-chevron${isOpen ? ' open' : ''}`}>
            <Icon name="chevron" size={12} />
          </span>
          <span className="brief-picker-title">{article.title}</span>
          <span className="brief-picker-meta">
            {[article.source, article.published && date(article.published)].filter(Boolean).join(' · ')}
            {Array.isArray(list) && <span className="brief-count">{t('brief.picker.count', { count: list.length })}</span>}
          </span>
        </button>
      </div>
      {isOpen && (
        <ul id={groupId} className="brief-picker-highlights" aria-label={article.title}>
          {list === 'loading' && <li className="muted brief-picker-note">{t('brief.loading')}</li>}
          {list && !Array.isArray(list) && list !== 'loading' && (
            <li className="brief-error" role="alert">
              {list.error}
            </li>
          )}
          {Array.isArray(list) && list.length === 0 && (
            <li className="muted brief-picker-note">
              {t('brief.picker.noHighlights')}{' '}
              <button type="button" className="brief-link" onClick={() => onOpenArticle(article.id)}>
                {t('brief.picker.openArticle')}
              </button>
            </li>
          )}
          {Array.isArray(list) &&
            list.map((a) => {
              const ref = { articleId: article.id, annotationId: a.id };
              const quote = a.target.selector[0].exact;
              const id = `brief-pick-${a.id}`;
              return (
                <li
                  key={a.id}
                  className={`brief-pick brief-color-${a.color}${selected.has(a.id) ? ' is-selected' : ''}`}
                  draggable
                  onDragStart={(e) => onDragStart(e, ref, quote)}
                  data-testid="brief-pick"
                >
                  <input
                    id={id}
                    type="checkbox"
                    checked={selected.has(a.id)}
                    onChange={(e) => onCheck([ref], e.target.checked)}
                    data-testid="brief-pick-check"
                  />
                  <label htmlFor={id}>
                    <span className="brief-pick-quote">{quote}</span>
                    {a.note && <span className="brief-pick-note">{plainExcerpt(a.note)}</span>}
                    <span className="brief-pick-badges">
                      {inBriefing.has(a.id) && <span className="brief-badge">{t('brief.picker.already')}</span>}
                      {a.orphan && <span className="brief-badge warn">{t('brief.picker.orphan')}</span>}
                    </span>
                  </label>
                </li>
              );
            })}
        </ul>
      )}
    </section>
  );
}
