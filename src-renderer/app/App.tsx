/**
 * The window: toolbar, the library (list or search beside the reader) or the
 * briefings; file import by picker, folder picker, paste and drag-and-drop;
 * notices about the library's health. The article open last and the ones
 * read recently are remembered in the preferences.
 */
import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import type { CatalogEntry } from '../../src-main/common/model';
import type { LibraryInfo } from '../../src-main/common/api';
import { api, PROBLEMS_CHANGED, watchOpenedFiles } from '../api-client';
import { ProblemsNotice } from './ProblemsNotice';
import { noteShown } from './opening';
import { useI18n } from '../i18n/I18nProvider';
import { LibrarySidebar } from '../library/LibrarySidebar';
import { Reader, type ReaderFocus } from '../reader/Reader';
import { filesFromDrop, importMany, importPaths, pathsOf, type ImportOutcome } from '../library/import-files';
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

export type { View };
export type { ReaderFocus };

export function App() {
  const { t } = useI18n();
  const [info, setInfo] = useState<LibraryInfo | null>(null);
  const [list, listSnapshot] = useLibraryList();
  const history = useReadingHistory();
  // Chosen once the library's state is known (see below): the last article, unless it stopped the app.
  const [selectedId, setSelectedId] = useState<string | null>(null);
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

  /** Session notices (no id) the user has closed; problems are acknowledged in the core instead. */
  const [hiddenNotices, setHiddenNotices] = useState<string[]>([]);
  /** An item that stopped the app while it was opening last time: not opened again by itself. */
  const avoid = useRef<{ kind: 'article' | 'briefing'; id: string } | null>(null);
  const avoided = (id: string | null | undefined) => !!id && avoid.current?.kind === 'article' && avoid.current.id === id;

  const refreshInfo = useCallback(() => {
    api.libraryInfo({}).then((next) => {
      if (next.interrupted && avoid.current === null) avoid.current = { kind: next.interrupted.kind, id: next.interrupted.id };
      setInfo(next);
    }, showError);
  }, [showError]);
  useEffect(refreshInfo, [refreshInfo]);

  // A problem found by any call (a file moved to quarantine while reading it…) shows at once.
  useEffect(() => {
    const onProblems = () => {
      api.libraryInfo({}).then(setInfo, () => undefined);
    };
    window.addEventListener(PROBLEMS_CHANGED, onProblems);
    return () => window.removeEventListener(PROBLEMS_CHANGED, onProblems);
  }, []);

  async function acknowledge(ids: string[] | 'all') {
    try {
      if (ids === 'all') {
        await api.acknowledgeProblems({ all: true });
        setHiddenNotices([]);
      } else if (ids.length) await api.acknowledgeProblems({ ids });
      setInfo(await api.libraryInfo({}));
    } catch (err) {
      toasts.error(err);
    }
  }

  const refresh = useCallback(async () => {
    refreshInfo();
    await list.refresh();
  }, [list, refreshInfo]);
  // A change in this window (a highlight's tags) or announced by core (another window or tab, an import
  // running): the list, its counts and the sidebar's sources follow.
  useEffect(() => onLibraryChanged(() => void refresh().catch(showError)), [refresh, showError]);

  /** Opens an article (remembered as the last one and among the recent ones). */
  const open = useCallback(
    (id: string | null, at: ReaderFocus | null = null) => {
      setFocus(at);
      setSelectedId(id);
    },
    [],
  );

  // Once the library's state is known: the article open last time reopens — unless it stopped the app
  // while opening; with none (or it is gone), the list's first one that did not.
  const started = useRef(false);
  const firstRow = listSnapshot.total ? [list.rowAt(0)?.id, list.rowAt(1)?.id].find((id) => id && !avoided(id)) : undefined;
  const infoLoaded = info !== null;
  useEffect(() => {
    if (selectedId || !infoLoaded) return;
    if (!started.current) {
      started.current = true;
      if (history.last && !avoided(history.last)) {
        setSelectedId(history.last);
        return;
      }
    }
    if (firstRow) setSelectedId(firstRow);
  }, [selectedId, firstRow, infoLoaded, history.last]);

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
    // `display`: the core notes that the app is opening it, until told it was shown (see ./opening.ts).
    return api.getArticle({ id: selectedId!, display: true });
  });
  const article = articleQuery.data ?? null;
  const setArticle = articleQuery.setData;
  const shownId = article?.id;
  useEffect(() => {
    if (shownId) noteShown('article', shownId);
  }, [shownId]);
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
    // The desktop app imports by path (main reads the files); browser mode sends the bytes.
    const paths = pathsOf(files.map((f) => f.file));
    if (paths) return runPathImport(paths);
    const outcomes = await importMany(files, (done, total) => setProgress({ done, total }));
    setProgress(null);
    await showOutcomes(outcomes);
  }

  async function runPathImport(paths: string[]) {
    if (!paths.length) return;
    setProgress({ done: 0, total: paths.length });
    let outcomes: ImportOutcome[];
    try {
      outcomes = await importPaths(paths, (done, total) => setProgress({ done, total }));
    } finally {
      setProgress(null);
    }
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
    // The desktop app takes dropped files and folders by path (main walks folders); browser mode reads them here.
    const paths = pathsOf([...event.dataTransfer.files]);
    if (paths) {
      runPathImport(paths).catch((err) => toasts.error(err));
      return;
    }
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
      <AppToolbar view={view} onView={setView} onSearch={openSearch} onPaste={() => setPasting(true)} onFiles={(files) => runImport(files).catch(showError)} onPaths={(paths) => runPathImport(paths).catch(showError)} toasts={toasts} />
      {info && (
        <ProblemsNotice
          warnings={info.warnings.filter((w) => w.id !== undefined || !hiddenNotices.includes(w.message))}
          onAcknowledge={(ids) => void acknowledge(ids)}
          onHideNotice={(w) => setHiddenNotices((hidden) => [...hidden, w.message])}
          onOpenAnyway={(w) => {
            avoid.current = null;
            if (w.articleId) {
              setView('library');
              open(w.articleId);
            } else if (w.briefingId) setView('briefings');
            if (w.id) void acknowledge([w.id]);
          }}
        />
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
      ) : (
        <ErrorBoundary area="composer">
          <BriefingWorkspace
            avoidId={avoid.current?.kind === 'briefing' ? avoid.current.id : null}
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
