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
import { libraryChanged, onLibraryChanged } from './library-events';
import { Notebook, useNotebookList } from '../notebook/Notebook';
import { OperationBar, RestoreDialog, withProgress } from './BackupDialog';
import { CommandPalette, type PaletteCommand } from './CommandPalette';
import { copyText } from '../annotations/citation';
import { fullDiagnostics } from './diagnostics';
import type { OperationProgress } from '../../src-main/common/contract/backup';
import { useDraftBook } from './drafts';
import { useTheme } from './use-theme';
import { draftKey } from '../../src-main/common/contract/drafts';

export type { View };
export type { ReaderFocus };

export function App() {
  const { t } = useI18n();
  useTheme();
  const [info, setInfo] = useState<LibraryInfo | null>(null);
  const [list, listSnapshot] = useLibraryList();
  const notebook = useNotebookList();
  const history = useReadingHistory();
  // Chosen once the library's state is known (see below): the last article, unless it stopped the app.
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [summary, setSummary] = useState<ImportOutcome[] | null>(null);
  const [pasting, setPasting] = useState(false);
  const [backingUp, setBackingUp] = useState<OperationProgress | { done: 0; total: 0 } | null>(null);
  const [restoring, setRestoring] = useState(false);
  const [palette, setPalette] = useState(false);
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
      // Alt+1/2/3: the views (by physical key, so any layout and Alt-symbol keyboards work).
      if (event.altKey && !mod && !event.shiftKey && /^Digit[123]$/.test(event.code)) {
        event.preventDefault();
        setView((['library', 'notebook', 'briefings'] as const)[Number(event.code.slice(5)) - 1]);
        return;
      }
      if (!mod || event.altKey) return;
      const key = event.key.toLowerCase();
      if (event.shiftKey && key === 'p') {
        event.preventDefault();
        setPalette(true);
      } else if (event.shiftKey && key === 'l') {
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

  // Details typed and not saved when the app last stopped: the form opens again with them.
  const drafts = useDraftBook();
  const offeredDraft = useRef(new Set<string>());
  useEffect(() => {
    if (!article || offeredDraft.current.has(article.id)) return;
    offeredDraft.current.add(article.id);
    if (drafts.get(draftKey({ kind: 'meta', articleId: article.id }))) editDetails(article.id);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per article shown
  }, [article?.id]);

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

  /** Backup: the whole library to a new archive beside the library folder, with a progress bar. */
  async function backup() {
    if (backingUp) return;
    setBackingUp({ done: 0, total: 0 });
    try {
      const made = await withProgress((operationId) => api.backupLibrary({ operationId }), (p) => p && setBackingUp(p));
      const size = made.bytes >= 1048576 ? `${(made.bytes / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(made.bytes / 1024))} KB`;
      toasts.info(t('backup.done', { articles: made.articles, briefings: made.briefings, size, path: made.path }));
    } catch (err) {
      toasts.error(err);
    } finally {
      setBackingUp(null);
    }
  }

  /** Every action of the window for the command palette, with its shortcut. */
  function paletteCommands(): PaletteCommand[] {
    const click = (testId: string) => () => document.querySelector<HTMLElement>(`[data-testid="${testId}"]`)?.click();
    /** Focuses what `selector` names as soon as it is on the page (a view may still be loading its first rows), for up to 5 s. */
    const focus = (selector: string) => () => {
      const started = performance.now();
      const attempt = () => {
        const el = document.querySelector<HTMLElement>(selector);
        if (el) el.focus();
        else if (performance.now() - started < 5000) setTimeout(attempt, 50);
      };
      attempt();
    };
    /** A reader key, pressed where the user was (the palette gave focus back there). */
    const press = (key: string, init: KeyboardEventInit = {}) => () =>
      (document.activeElement ?? document.body).dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }));
    const inLibrary = (run: () => void) => () => {
      setView('library');
      setTimeout(run, 0);
    };
    const commands: PaletteCommand[] = [
      { id: 'view.library', title: 'cmd.viewLibrary', group: 'palette.group.app', shortcut: 'Alt+1', run: () => setView('library') },
      { id: 'view.notebook', title: 'cmd.viewNotebook', group: 'palette.group.app', shortcut: 'Alt+2', run: () => setView('notebook') },
      { id: 'view.briefings', title: 'cmd.viewBriefings', group: 'palette.group.app', shortcut: 'Alt+3', run: () => setView('briefings') },
      { id: 'search', title: 'cmd.search', group: 'palette.group.app', shortcut: 'Ctrl+K', run: openSearch },
      { id: 'import.file', title: 'cmd.importFile', group: 'palette.group.app', run: click('file-input') },
      { id: 'import.folder', title: 'cmd.importFolder', group: 'palette.group.app', run: click('folder-input') },
      { id: 'import.paste', title: 'cmd.paste', group: 'palette.group.app', run: () => setPasting(true) },
      { id: 'backup', title: 'cmd.backup', group: 'palette.group.app', run: () => void backup() },
      { id: 'restore', title: 'cmd.restore', group: 'palette.group.app', run: () => setRestoring(true) },
      { id: 'language', title: 'cmd.language', group: 'palette.group.app', run: click('toggle-language') },
      {
        id: 'diagnostics',
        title: 'cmd.diagnostics',
        group: 'palette.group.app',
        run: () =>
          void fullDiagnostics({}, () => api.diagnostics({}))
            .then(copyText)
            .then((copied) => (copied ? toasts.info(t('boundary.copied')) : toasts.error(new Error(t('boundary.copyFailed'))))),
      },
      { id: 'library.sidebar', title: 'cmd.sidebar', group: 'palette.group.library', shortcut: 'Ctrl+Shift+L', run: toggleSidebar },
      { id: 'library.focus', title: 'cmd.focusList', group: 'palette.group.library', run: inLibrary(focus('[data-testid="article-list"]')) },
      { id: 'library.details', title: 'cmd.editDetails', group: 'palette.group.library', shortcut: 'F2', run: () => selectedId && editDetails(selectedId) },
      { id: 'library.delete', title: 'cmd.deleteArticle', group: 'palette.group.library', shortcut: 'Delete', run: () => selectedId && deletion.requestDelete([selectedId]) },
      { id: 'reader.focus', title: 'cmd.focusText', group: 'palette.group.reader', run: inLibrary(focus('article.article-body')) },
      ...(['1', '2', '3', '4', '5'] as const).map((digit): PaletteCommand => ({
        id: `reader.color${digit}`,
        title: `cmd.color${digit}`,
        group: 'palette.group.reader',
        shortcut: digit,
        run: press(digit),
      })),
      { id: 'reader.note', title: 'cmd.note', group: 'palette.group.reader', shortcut: 'N', run: press('n') },
      { id: 'reader.tags', title: 'cmd.tags', group: 'palette.group.reader', shortcut: 'T', run: press('t') },
      { id: 'reader.copy', title: 'cmd.copy', group: 'palette.group.reader', shortcut: 'C', run: press('c') },
      { id: 'reader.deleteHighlight', title: 'cmd.deleteHighlight', group: 'palette.group.reader', shortcut: 'Delete', run: press('Delete') },
      { id: 'reader.undo', title: 'cmd.undo', group: 'palette.group.reader', shortcut: 'Ctrl+Z', run: press('z', { ctrlKey: true }) },
      { id: 'reader.redo', title: 'cmd.redo', group: 'palette.group.reader', shortcut: 'Ctrl+Shift+Z', run: press('z', { ctrlKey: true, shiftKey: true }) },
      {
        id: 'notebook.focus',
        title: 'cmd.focusNotebook',
        group: 'palette.group.notebook',
        run: () => {
          setView('notebook');
          focus('[data-testid="notebook-list"]')();
        },
      },
    ];
    return commands;
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
      <AppToolbar
        view={view}
        onView={setView}
        onSearch={openSearch}
        onPaste={() => setPasting(true)}
        onFiles={(files) => runImport(files).catch(showError)}
        onPaths={(paths) => runPathImport(paths).catch(showError)}
        onBackup={(a) => (a === 'backup' ? void backup() : setRestoring(true))}
        onPalette={() => setPalette(true)}
        toasts={toasts}
      />
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
            avoidId={avoid.current?.kind === 'briefing' ? avoid.current.id : null}
            onOpenArticle={(articleId, annotationId) => {
              setView('library');
              open(articleId, annotationId ? { start: 0, end: 0, annotationId } : null);
            }}
          />
        </ErrorBoundary>
      )}
      {progress && <ImportProgress {...progress} />}
      {backingUp && <OperationBar label={t('backup.running')} progress={backingUp} />}
      {palette && <CommandPalette commands={paletteCommands()} onClose={() => setPalette(false)} />}
      {restoring && (
        <RestoreDialog
          onClose={() => setRestoring(false)}
          onRestored={() => {
            void refresh();
            libraryChanged();
          }}
        />
      )}
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
