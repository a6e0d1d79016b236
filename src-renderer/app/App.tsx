/**
 * The window: toolbar, the library (list or search beside the reader) or the
 * briefings; file import by picker, folder picker, paste and drag-and-drop;
 * notices about the library's health. The article open last and the ones
 * read recently are remembered in the preferences.
 */
import { useCallback, useEffect, useState, type DragEvent } from 'react';
import type { CatalogEntry } from '../../src-main/common/model';
import type { LibraryInfo } from '../../src-main/common/api';
import { api, watchOpenedFiles } from '../api-client';
import { useI18n } from '../i18n/I18nProvider';
import { LibrarySidebar } from '../library/LibrarySidebar';
import { Reader, type ReaderFocus } from '../reader/Reader';
import { filesFromDrop, importMany, type ImportOutcome } from '../library/import-files';
import { ImportProgress, ImportSummary } from '../library/ImportSummary';
import { PasteDialog } from '../library/PasteDialog';
import { Toasts, useToasts } from './Toasts';
import { BriefingWorkspace } from '../briefing/BriefingWorkspace';
import { SearchPanel } from '../search/SearchPanel';
import { MetaEditor } from '../library/MetaEditor';
import { ErrorBoundary } from './ErrorBoundary';
import { prefetchAnnotations } from '../annotations/prefetch';
import { useStableCallback } from '../reader/use-stable-callback';
import { useApiQuery } from './use-api-query';
import { AppToolbar, type View } from './AppToolbar';
import { useLibraryList } from '../library/use-library-list';
import { useBulkActions } from '../library/use-bulk-actions';
import { useArticleDeletion } from './use-article-deletion';
import { usePreference } from './preferences';
import { useReadingHistory } from './use-reading-history';
import { onLibraryChanged } from './library-events';
import { Notebook, useNotebookList } from '../notebook/Notebook';

export type { View };
export type { ReaderFocus };

export function App() {
  const { t } = useI18n();
  const [info, setInfo] = useState<LibraryInfo | null>(null);
  const [list, listSnapshot] = useLibraryList();
  const notebook = useNotebookList();
  const history = useReadingHistory();
  const [selectedId, setSelectedId] = useState<string | null>(history.last);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [summary, setSummary] = useState<ImportOutcome[] | null>(null);
  const [pasting, setPasting] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [view, setView] = useState<View>('library');
  const [focus, setFocus] = useState<ReaderFocus | null>(null);
  const [searchOpen, setSearchOpen] = useState(false);
  const [searchSignal, setSearchSignal] = useState(0);
  const [editing, setEditing] = useState<CatalogEntry | null>(null);
  const [sidebar, setSidebar] = usePreference('librarySidebar');
  const toasts = useToasts();
  // `toasts` is a new object whenever a toast comes or goes; effects report through this stable function.
  const showError = useStableCallback((err: unknown) => toasts.error(err));

  const refreshInfo = useCallback(() => {
    api.libraryInfo({}).then(setInfo, showError);
  }, [showError]);
  useEffect(refreshInfo, [refreshInfo]);

  const refresh = useCallback(async () => {
    refreshInfo();
    await list.refresh();
  }, [list, refreshInfo]);
  // A highlight's tags changed in the reader: the list's tag counts follow.
  useEffect(() => onLibraryChanged(() => void list.refresh()), [list]);

  /** Opens an article (remembered as the last one and among the recent ones). */
  const open = useCallback(
    (id: string | null, at: ReaderFocus | null = null) => {
      setFocus(at);
      setSelectedId(id);
    },
    [],
  );

  // With no article remembered (or it is gone), the list's first one opens.
  const firstRow = listSnapshot.total ? list.rowAt(0)?.id : undefined;
  useEffect(() => {
    if (!selectedId && firstRow) setSelectedId(firstRow);
  }, [selectedId, firstRow]);

  // Ctrl/Cmd+K anywhere, Ctrl/Cmd+F in the library: search. Ctrl/Cmd+Shift+L: show or hide the library.
  const openSearch = useStableCallback(() => {
    setView('library');
    setSearchOpen(true);
    setSearchSignal((n) => n + 1);
  });
  const toggleSidebar = useStableCallback(() => setSidebar(sidebar === 'closed' ? 'open' : 'closed'));
  useEffect(() => {
    function onKey(event: globalThis.KeyboardEvent) {
      const mod = event.ctrlKey || event.metaKey;
      if (!mod || event.altKey) return;
      const key = event.key.toLowerCase();
      if (event.shiftKey && key === 'l') {
        event.preventDefault();
        toggleSidebar();
      } else if (!event.shiftKey && (key === 'k' || (key === 'f' && view === 'library'))) {
        event.preventDefault();
        openSearch();
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [view, openSearch, toggleSidebar]);

  const articleQuery = useApiQuery(selectedId ? ['article', selectedId] : null, () => {
    prefetchAnnotations(selectedId!);
    return api.getArticle({ id: selectedId! });
  });
  const article = articleQuery.data ?? null;
  const setArticle = articleQuery.setData;
  useEffect(() => {
    const err = articleQuery.error as { code?: string } | null;
    if (!err) return;
    // The article remembered from last time is gone: open the list's first instead, without a word.
    if (err.code === 'not-found' && selectedId && selectedId === history.last && !article) {
      history.forget(selectedId);
      setSelectedId(null);
      return;
    }
    toasts.error(articleQuery.error);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per failure
  }, [articleQuery.error]);
  useEffect(() => {
    if (article) history.opened(article.id);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per article shown
  }, [article?.id]);

  const deletion = useArticleDeletion({
    list,
    toasts,
    currentId: selectedId,
    onReplaceCurrent: (id) => open(id),
    onDeleted: (ids) => {
      ids.forEach(history.forget);
      refreshInfo();
    },
  });
  const bulk = useBulkActions(list, listSnapshot, { toasts, requestDelete: deletion.requestDelete });

  function editDetails(id: string) {
    const row = list.row(id);
    if (article?.id === id) setEditing({ ...(row ?? ({} as CatalogEntry)), ...article.meta, id });
    else if (row) setEditing(row);
  }

  async function runImport(files: { file: File; label: string }[]) {
    if (!files.length) return;
    const outcomes = await importMany(files, (done, total) => setProgress({ done, total }));
    setProgress(null);
    await showOutcomes(outcomes);
  }

  /** After an import: refresh, then a toast for one new article or the summary, and open the last one. */
  async function showOutcomes(outcomes: ImportOutcome[]) {
    await refresh();
    const imported = outcomes.filter((o) => o.status === 'imported');
    if (outcomes.length === 1 && imported.length === 1) {
      toasts.info(t('import.done', { title: imported[0].status === 'imported' ? imported[0].title : '' }));
    } else {
      setSummary(outcomes);
    }
    const last = imported.at(-1);
    if (last && last.status === 'imported') open(last.id);
    else if (outcomes.length === 1 && outcomes[0].status === 'duplicate' && outcomes[0].id) open(outcomes[0].id);
  }

  // Files opened from the operating system ("Open with Briefing Desk"), imported by the desktop app.
  const showOpened = useStableCallback((outcomes: ImportOutcome[]) => {
    setView('library');
    showOutcomes(outcomes).catch((err) => toasts.error(err));
  });
  useEffect(() => watchOpenedFiles(showOpened), [showOpened]);

  function onDrop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    filesFromDrop(event.dataTransfer).then(runImport).catch((err) => toasts.error(err));
  }

  return (
    <div
      className="app"
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('Files')) {
          e.preventDefault();
          setDragging(true);
        }
      }}
      onDragLeave={(e) => e.currentTarget === e.target && setDragging(false)}
      onDrop={onDrop}
    >
      <AppToolbar view={view} onView={setView} onSearch={openSearch} onPaste={() => setPasting(true)} onFiles={(files) => runImport(files).catch(showError)} toasts={toasts} />
      {info && info.warnings.length > 0 && (
        <div className="notice" role="alert" data-testid="library-warnings">
          <strong>{t('warnings.title')}</strong>
          <ul>
            {info.warnings.map((w, i) => (
              <li key={i}>{w.message}</li>
            ))}
          </ul>
        </div>
      )}
      {view === 'library' ? (
        <div className="panes">
          {searchOpen ? (
            <ErrorBoundary area="search">
              <SearchPanel
                tags={listSnapshot.tags.map((x) => x.value)}
                sources={info?.sources ?? []}
                focusSignal={searchSignal}
                onClose={() => setSearchOpen(false)}
                onOpen={(hit) => open(hit.id, hit.matchStart !== undefined && hit.matchEnd !== undefined ? { start: hit.matchStart, end: hit.matchEnd } : null)}
              />
            </ErrorBoundary>
          ) : (
            <ErrorBoundary area="library">
              <LibrarySidebar
                list={list}
                snapshot={listSnapshot}
                currentId={selectedId}
                recent={history.recent}
                collapsed={sidebar === 'closed'}
                onToggleCollapsed={toggleSidebar}
                onOpen={(id) => open(id)}
                onEdit={editDetails}
                onDeleteSelection={() => deletion.requestDelete(listSnapshot.selected.size ? [...listSnapshot.selected] : selectedId ? [selectedId] : [])}
                onBulk={bulk.onAction}
              />
            </ErrorBoundary>
          )}
          <ErrorBoundary area="reader" resetKey={article?.id}>
            <Reader
              article={article}
              loading={articleQuery.loading}
              focus={focus}
              onArticleChanged={setArticle}
              onEditDetails={() => article && editDetails(article.id)}
              onDelete={() => article && deletion.requestDelete([article.id])}
            />
          </ErrorBoundary>
        </div>
      ) : view === 'notebook' ? (
        <ErrorBoundary area="notebook">
          <Notebook
            list={notebook}
            toasts={toasts}
            onOpen={(articleId, annotationId) => {
              setView('library');
              open(articleId, { start: 0, end: 0, annotationId });
            }}
          />
        </ErrorBoundary>
      ) : (
        <ErrorBoundary area="composer">
          <BriefingWorkspace
            onOpenArticle={(articleId, annotationId) => {
              setView('library');
              open(articleId, annotationId ? { start: 0, end: 0, annotationId } : null);
            }}
          />
        </ErrorBoundary>
      )}
      {progress && <ImportProgress {...progress} />}
      {summary && <ImportSummary outcomes={summary} onClose={() => setSummary(null)} />}
      {pasting && (
        <PasteDialog
          onClose={() => setPasting(false)}
          onSubmit={async (text, title) => {
            try {
              const result = await api.importText({ text, ...(title.trim() ? { title } : {}) });
              setPasting(false);
              await refresh();
              open(result.id);
              toasts.info(t('import.done', { title: result.title }));
            } catch (err) {
              toasts.error(err);
            }
          }}
        />
      )}
      {editing && (
        <MetaEditor
          entry={editing}
          knownTags={listSnapshot.tags.map((x) => x.value)}
          onClose={() => setEditing(null)}
          onSaved={async (entry) => {
            setEditing(null);
            await refresh();
            if (entry.id === selectedId) setArticle(await api.getArticle({ id: entry.id }));
            toasts.info(t('meta.saved'));
          }}
        />
      )}
      {deletion.dialog}
      {bulk.dialog}
      {dragging && <div className="drop-overlay">{t('import.drop')}</div>}
      <Toasts state={toasts} />
    </div>
  );
}
