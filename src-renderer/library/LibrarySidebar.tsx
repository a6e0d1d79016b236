/**
 * The article list: title, source and date per row; a listbox that is fully
 * keyboard navigable (arrows, Home/End, type-ahead is left to the browser).
 */
import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { CatalogEntry } from '../../src-main/common/model';
import { useI18n } from '../i18n/I18nProvider';

interface Props {
  articles: CatalogEntry[];
  selectedId: string | null;
  onSelect(id: string): void;
  tags: string[];
  tagFilter: string;
  onTagFilter(tag: string): void;
  onEdit(id: string): void;
  onDelete(id: string): void;
}

export function LibrarySidebar({ articles, selectedId, onSelect, tags, tagFilter, onTagFilter, onEdit, onDelete }: Props) {
  const { t, date } = useI18n();
  const listRef = useRef<HTMLUListElement>(null);

  useEffect(() => {
    const el = listRef.current?.querySelector<HTMLElement>('[aria-selected="true"]');
    el?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);

  function onKeyDown(event: KeyboardEvent<HTMLUListElement>) {
    if (!articles.length) return;
    const index = Math.max(0, articles.findIndex((a) => a.id === selectedId));
    let next = index;
    switch (event.key) {
      case 'ArrowDown':
        next = Math.min(articles.length - 1, index + 1);
        break;
      case 'ArrowUp':
        next = Math.max(0, index - 1);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = articles.length - 1;
        break;
      case 'F2':
        event.preventDefault();
        if (selectedId) onEdit(selectedId);
        return;
      case 'Delete':
        event.preventDefault();
        if (selectedId) onDelete(selectedId);
        return;
      default:
        return;
    }
    event.preventDefault();
    onSelect(articles[next].id);
  }

  return (
    <nav className="sidebar" aria-label={t('library.title')}>
      <div className="sidebar-head">
        <h2>{t('library.title')}</h2>
        <span className="muted">{t('library.count', { count: articles.length })}</span>
      </div>
      {(tags.length > 0 || tagFilter) && (
        <div className="tag-filter">
          <select value={tagFilter} onChange={(e) => onTagFilter(e.target.value)} aria-label={t('library.tagFilter')} data-testid="tag-filter">
            <option value="">{t('library.allTags')}</option>
            {tags.map((tag) => (
              <option key={tag} value={tag}>{tag}</option>
            ))}
          </select>
        </div>
      )}
      {articles.length === 0 ? (
        <p className="muted empty">{t('library.empty')}</p>
      ) : (
        <ul
          ref={listRef}
          className="article-list"
          role="listbox"
          aria-label={t('library.listLabel')}
          tabIndex={0}
          aria-activedescendant={selectedId ? `article-${selectedId}` : undefined}
          onKeyDown={onKeyDown}
          data-testid="article-list"
        >
          {articles.map((a) => (
            <li
              key={a.id}
              id={`article-${a.id}`}
              role="option"
              aria-selected={a.id === selectedId}
              className={a.id === selectedId ? 'selected' : undefined}
              onClick={() => onSelect(a.id)}
              data-testid="article-row"
            >
              <span className="row-title">{a.title}</span>
              <span className="row-meta">
                <span>{a.source || t('library.noSource')}</span>
                {a.published && <time dateTime={a.published}>{date(a.published)}</time>}
              </span>
              {a.tags.length > 0 && (
                <span className="row-tags">
                  {a.tags.slice(0, 4).map((tag) => (
                    <span key={tag} className="tag-chip">{tag}</span>
                  ))}
                </span>
              )}
              {a.id === selectedId && (
                <span className="row-actions">
                  <button tabIndex={-1} className="ghost small" onClick={(e) => (e.stopPropagation(), onEdit(a.id))} title="F2" data-testid="edit-meta">
                    {t('library.editDetails')}
                  </button>
                  <button tabIndex={-1} className="ghost small" onClick={(e) => (e.stopPropagation(), onDelete(a.id))} title="Delete" data-testid="delete-article">
                    {t('common.delete')}
                  </button>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}
