/**
 * The library view: the search panel or the library sidebar (list, filters, recent articles) beside
 * the reader, each inside its own error boundary.
 */
import type { Article } from '../../src-main/common/model';
import { ErrorBoundary } from './ErrorBoundary';
import { SearchPanel } from '../search/SearchPanel';
import { LibrarySidebar } from '../library/LibrarySidebar';
import { Reader, type ReaderFocus } from '../reader/Reader';
import type { LibraryList, LibraryListSnapshot } from '../library/library-list';
import type { BulkAction } from '../library/SelectionBar';

/** What the library view shows and the window's actions it calls. */
export interface LibraryPanesProps {
  list: LibraryList;
  snapshot: LibraryListSnapshot;
  /** The sources the search panel filters by (from `libraryInfo`). */
  sources: string[];
  searchOpen: boolean;
  /** Grows by one each time search is asked for: the panel focuses its field. */
  searchSignal: number;
  onCloseSearch(): void;
  selectedId: string | null;
  recent: readonly string[];
  sidebarClosed: boolean;
  onToggleSidebar(): void;
  article: Article | null;
  loading: boolean;
  focus: ReaderFocus | null;
  onArticleChanged(article: Article): void;
  onOpen(id: string, at?: ReaderFocus | null): void;
  onEdit(id: string): void;
  onDelete(ids: string[]): void;
  onBulk(action: BulkAction): void;
}

/** The library view's two panes (see the module comment). */
export function LibraryPanes(props: LibraryPanesProps) {
  const { list, snapshot, selectedId, article, onOpen, onDelete } = props;
  return (
    <div className="panes">
      {props.searchOpen ? (
        <ErrorBoundary area="search">
          <SearchPanel
            tags={snapshot.tags.map((x) => x.value)}
            sources={props.sources}
            focusSignal={props.searchSignal}
            onClose={props.onCloseSearch}
            onOpen={(hit) => onOpen(hit.id, hit.matchStart !== undefined && hit.matchEnd !== undefined ? { start: hit.matchStart, end: hit.matchEnd } : null)}
          />
        </ErrorBoundary>
      ) : (
        <ErrorBoundary area="library">
          <LibrarySidebar
            list={list}
            snapshot={snapshot}
            currentId={selectedId}
            recent={props.recent}
            collapsed={props.sidebarClosed}
            onToggleCollapsed={props.onToggleSidebar}
            onOpen={(id) => onOpen(id)}
            onEdit={props.onEdit}
            onDeleteSelection={() => onDelete(snapshot.selected.size ? [...snapshot.selected] : selectedId ? [selectedId] : [])}
            onBulk={props.onBulk}
          />
        </ErrorBoundary>
      )}
      <ErrorBoundary area="reader" resetKey={article?.id}>
        <Reader
          article={article}
          loading={props.loading}
          focus={props.focus}
          onArticleChanged={props.onArticleChanged}
          onEditDetails={() => article && props.onEdit(article.id)}
          onDelete={() => article && onDelete([article.id])}
        />
      </ErrorBoundary>
    </div>
  );
}
