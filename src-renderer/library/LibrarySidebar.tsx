/**
 * The library beside the reader: filters and sort, counts, recently read
 * articles, the selection bar while several are selected, and the
 * virtualised article list. Never says the library is empty when a filter
 * hides everything: it says so, with the library's size and a way back.
 * Collapses to a narrow strip (Ctrl/Cmd+Shift+L or its button).
 */
import { useI18n } from '../i18n/I18nProvider';
import { ArticleList } from './ArticleList';
import { LibraryFilters } from './LibraryFilters';
import { RecentArticles } from './RecentArticles';
import { SelectionBar, type BulkAction } from './SelectionBar';
import type { LibraryList, LibraryListSnapshot } from './library-list';

interface Props {
  list: LibraryList;
  snapshot: LibraryListSnapshot;
  currentId: string | null;
  recent: readonly string[];
  collapsed: boolean;
  onToggleCollapsed(): void;
  onOpen(id: string): void;
  onEdit(id: string): void;
  onDeleteSelection(): void;
  onBulk(action: BulkAction): void;
}

export function LibrarySidebar(props: Props) {
  const { list, snapshot, currentId, collapsed } = props;
  const { t } = useI18n();
  if (collapsed) {
    return (
      <nav className="sidebar sidebar-collapsed" aria-label={t('library.title')}>
        <button
          type="button"
          className="ghost rail-button"
          onClick={props.onToggleCollapsed}
          aria-label={t('list.expand')}
          title={`${t('list.expand')} (Ctrl+Shift+L)`}
          data-testid="library-expand"
        >
          ☰
        </button>
      </nav>
    );
  }
  const { total, libraryTotal, filtered, stale } = snapshot;
  return (
    <nav className="sidebar" aria-label={t('library.title')} data-testid="library-sidebar">
      <div className="sidebar-head">
        <h2>{t('library.title')}</h2>
        <span className="muted" data-testid="library-count" aria-live="polite">
          {libraryTotal === null
            ? ''
            : filtered
              ? stale
                ? t('list.countPending', { count: libraryTotal })
                : t('list.countFiltered', { total: total ?? 0, count: libraryTotal })
              : t('library.count', { count: libraryTotal })}
        </span>
        <button
          type="button"
          className="ghost small"
          onClick={props.onToggleCollapsed}
          aria-label={t('list.collapse')}
          title={`${t('list.collapse')} (Ctrl+Shift+L)`}
          data-testid="library-collapse"
        >
          ⇤
        </button>
      </div>
      <LibraryFilters list={list} snapshot={snapshot} />
      {!snapshot.complete && <p className="small muted sidebar-status">{t('list.countingTags')}</p>}
      {snapshot.selected.size > 1 && <SelectionBar snapshot={snapshot} onAction={props.onBulk} />}
      <RecentArticles ids={props.recent} currentId={currentId} onOpen={props.onOpen} />
      {libraryTotal === 0 ? (
        <p className="muted empty" data-testid="library-empty">
          {t('library.empty')}
        </p>
      ) : total === 0 && filtered && !stale ? (
        <div className="muted empty" data-testid="library-no-match">
          <p>{t('list.noMatch', { count: libraryTotal ?? 0 })}</p>
          <button type="button" className="small" onClick={() => list.clearFilters()} data-testid="clear-filters">
            {t('list.clearFilters')}
          </button>
        </div>
      ) : (
        <ArticleList
          list={list}
          snapshot={snapshot}
          currentId={currentId}
          onOpen={props.onOpen}
          onEdit={props.onEdit}
          onDeleteSelection={props.onDeleteSelection}
        />
      )}
    </nav>
  );
}
