/**
 * The window: toolbar, library sidebar, reader; file import by picker,
 * folder picker, paste and drag-and-drop; notices about the library's health.
 */
import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import type { CatalogEntry } from '../../src-main/common/model';
import type { LibraryInfo } from '../../src-main/common/api';
import { api, desktopHost, onApiEvent, PROBLEMS_CHANGED, watchOpenedFiles } from '../api-client';
import { ProblemsNotice } from './ProblemsNotice';
import { noteShown } from './opening';
import { useI18n } from '../i18n/I18nProvider';
import { LibrarySidebar } from '../library/LibrarySidebar';
import { Reader, type ReaderFocus } from '../reader/Reader';
import { filesFromDrop, importMany, importPaths, pathsOf, SUPPORTED, type ImportOutcome } from '../library/import-files';
import { ImportProgress, ImportSummary } from '../library/ImportSummary';
import { PasteDialog } from '../library/PasteDialog';
import { Toasts, useToasts } from './Toasts';
import { BriefingWorkspace } from '../briefing/BriefingWorkspace';
import { SearchPanel } from '../search/SearchPanel';
import { MetaEditor } from '../library/MetaEditor';
import { ConfirmDialog } from './ConfirmDialog';
import { ErrorBoundary } from './ErrorBoundary';
import { prefetchAnnotations } from '../annotations/prefetch';
import { useStableCallback } from '../reader/use-stable-callback';
import { copyText } from '../annotations/citation';
import { fullDiagnostics } from './diagnostics';
import { useApiQuery } from './use-api-query';

export type View = 'library' | 'briefings';

export type { ReaderFocus };

export function App() {
  const { t, locale, setLocale } = useI18n();
  const [info, setInfo] = useState<LibraryInfo | null>(null);
  const [articles, setArticles] = useState<CatalogEntry[]>([]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [summary, setSummary] = useState<ImportOutcome[] | null>(null);
  const [pasting, setPasting] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [view, setView] = useState<View>('library');
  const [focus, setFocus] = useState<ReaderFocus | null>(null);
  const [searchOpen, setSearchOpen] = useState(false);
  const [searchSignal, setSearchSignal] = useState(0);
  const [tagFilter, setTagFilter] = useState('');
  const [editing, setEditing] = useState<CatalogEntry | null>(null);
  const [deleting, setDeleting] = useState<CatalogEntry | null>(null);
  const toasts = useToasts();
  // `toasts` is a new object whenever a toast comes or goes; effects report through this stable function.
  const showError = useStableCallback((err: unknown) => toasts.error(err));
  const copyDiagnostics = async () => {
    const copied = await copyText(await fullDiagnostics({}, () => api.diagnostics({})));
    if (copied) toasts.info(t('boundary.copied'));
    else toasts.error(new Error(t('boundary.copyFailed')));
  };
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);

  /** Session notices (no id) the user has closed; problems are acknowledged in the core instead. */
  const [hiddenNotices, setHiddenNotices] = useState<string[]>([]);
  /** An item that stopped the app while it was opening last time: not opened again by itself. */
  const avoid = useRef<{ kind: 'article' | 'briefing'; id: string } | null>(null);

  const refresh = useCallback(async () => {
    const [nextInfo, list] = await Promise.all([api.libraryInfo({}), api.listArticles(tagFilter ? { tag: tagFilter } : {})]);
    if (nextInfo.interrupted && avoid.current === null) avoid.current = { kind: nextInfo.interrupted.kind, id: nextInfo.interrupted.id };
    setInfo(nextInfo);
    setArticles(list);
    return list;
  }, [tagFilter]);

  // A change made anywhere (another window, a browser tab, an import still running) shows in the list.
  useEffect(
    () =>
      onApiEvent('libraryChanged', (event) => {
        if (event.areas.includes('articles') || event.areas.includes('settings')) refresh().catch(showError);
      }),
    [refresh, showError],
  );

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

  // Ctrl/Cmd+K anywhere, Ctrl/Cmd+F in the library: search.
  useEffect(() => {
    function onKey(event: globalThis.KeyboardEvent) {
      const mod = event.ctrlKey || event.metaKey;
      if (!mod || event.altKey || event.shiftKey) return;
      const key = event.key.toLowerCase();
      if (key === 'k' || (key === 'f' && view === 'library')) {
        event.preventDefault();
        setView('library');
        setSearchOpen(true);
        setSearchSignal((n) => n + 1);
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [view]);

  async function confirmDelete(entry: CatalogEntry) {
    setDeleting(null);
    try {
      const index = articles.findIndex((a) => a.id === entry.id);
      await api.deleteArticle({ id: entry.id });
      const list = await refresh();
      setSelectedId(list[Math.min(index, list.length - 1)]?.id ?? null);
      toasts.info(t('library.deleted', { title: entry.title }));
    } catch (err) {
      toasts.error(err);
    }
  }

  useEffect(() => {
    refresh()
      .then((list) => {
        // Open the newest article — unless it is the one that stopped the app last time.
        const first = list.find((e) => !(avoid.current?.kind === 'article' && avoid.current.id === e.id));
        if (first) setSelectedId((id) => id ?? first.id);
      })
      .catch(showError);
  }, [refresh, showError]);

  const entryOf = (id: string) => articles.find((a) => a.id === id) ?? null;

  const articleQuery = useApiQuery(
    selectedId ? ['article', selectedId] : null,
    () => {
      prefetchAnnotations(selectedId!);
      // `display`: the core notes that the app is opening it, until told it was shown (see ./opening.ts).
      return api.getArticle({ id: selectedId!, display: true });
    },
  );
  const article = articleQuery.data ?? null;
  const setArticle = articleQuery.setData;
  const shownId = article?.id;
  useEffect(() => {
    if (shownId) noteShown('article', shownId);
  }, [shownId]);
  useEffect(() => {
    if (articleQuery.error) toasts.error(articleQuery.error);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per failure
  }, [articleQuery.error]);

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

  /** The import buttons: the desktop app's open dialog (paths), else the page's file inputs (bytes). */
  async function pickForImport(folders: boolean) {
    const host = desktopHost();
    if (!host) return (folders ? folderInput : fileInput).current?.click();
    const extensions = SUPPORTED.map((e) => e.slice(1));
    const { paths } = await host.chooseImportPaths(folders ? { folders: true } : { filters: [{ name: t('import.filter'), extensions }] });
    await runPathImport(paths);
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
    if (last && last.status === 'imported') setSelectedId(last.id);
    else if (outcomes.length === 1 && outcomes[0].status === 'duplicate' && outcomes[0].id) setSelectedId(outcomes[0].id);
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
      <header className="toolbar">
        <span className="brand">{t('app.name')}</span>
        <div className="view-tabs" role="tablist" aria-label={t('app.views')}>
          <button role="tab" aria-selected={view === 'library'} className={view === 'library' ? 'active' : undefined} onClick={() => setView('library')} data-testid="tab-library">
            {t('app.viewLibrary')}
          </button>
          <button role="tab" aria-selected={view === 'briefings'} className={view === 'briefings' ? 'active' : undefined} onClick={() => setView('briefings')} data-testid="tab-briefings">
            {t('app.viewBriefings')}
          </button>
        </div>
        <button
          className="search-trigger"
          onClick={() => (setView('library'), setSearchOpen(true), setSearchSignal((n) => n + 1))}
          data-testid="open-search"
        >
          {t('search.open')}
        </button>
        <div className="toolbar-actions">
          <button onClick={() => void pickForImport(false).catch((err) => toasts.error(err))} data-testid="import-file">{t('import.file')}</button>
          <button onClick={() => void pickForImport(true).catch((err) => toasts.error(err))}>{t('import.folder')}</button>
          <button onClick={() => setPasting(true)}>{t('import.paste')}</button>
          <button
            className="ghost"
            aria-label={t('app.languageLabel')}
            onClick={() => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')}
            data-testid="toggle-language"
          >
            {t('app.language')}
          </button>
          {api.host === 'browser' && (
            // The desktop app has this in its Help menu; browser mode has no menu bar.
            <button className="ghost" title={t('app.diagnosticsLabel')} aria-label={t('app.diagnosticsLabel')} onClick={() => void copyDiagnostics()} data-testid="copy-diagnostics">
              {t('app.diagnostics')}
            </button>
          )}
        </div>
        <input
          ref={fileInput}
          type="file"
          multiple
          hidden
          accept=".txt,.text,.md,.markdown,.html,.htm,.xhtml,.docx,.pdf"
          data-testid="file-input"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])].map((file) => ({ file, label: file.name }));
            e.target.value = '';
            runImport(files).catch((err) => toasts.error(err));
          }}
        />
        <input
          ref={folderInput}
          type="file"
          hidden
          {...({ webkitdirectory: '' } as Record<string, string>)}
          onChange={(e) => {
            const files = [...(e.target.files ?? [])].map((file) => ({ file, label: file.webkitRelativePath || file.name }));
            e.target.value = '';
            runImport(files.filter((f) => /\.(txt|text|md|markdown|html?|xhtml|docx|pdf)$/i.test(f.file.name))).catch((err) =>
              toasts.error(err),
            );
          }}
        />
      </header>
      {info && (
        <ProblemsNotice
          warnings={info.warnings.filter((w) => w.id !== undefined || !hiddenNotices.includes(w.message))}
          onAcknowledge={(ids) => void acknowledge(ids)}
          onHideNotice={(w) => setHiddenNotices((hidden) => [...hidden, w.message])}
          onOpenAnyway={(w) => {
            avoid.current = null;
            if (w.articleId) {
              setView('library');
              setFocus(null);
              setSelectedId(w.articleId);
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
                tags={info?.tags ?? []}
                sources={info?.sources ?? []}
                focusSignal={searchSignal}
                onClose={() => setSearchOpen(false)}
                onOpen={(hit) => {
                  setSelectedId(hit.id);
                  setFocus(hit.matchStart !== undefined && hit.matchEnd !== undefined ? { start: hit.matchStart, end: hit.matchEnd } : null);
                }}
              />
            </ErrorBoundary>
          ) : (
            <ErrorBoundary area="library">
              <LibrarySidebar
                articles={articles}
                selectedId={selectedId}
                onSelect={(id) => (setFocus(null), setSelectedId(id))}
                tags={info?.tags ?? []}
                tagFilter={tagFilter}
                onTagFilter={setTagFilter}
                onEdit={(id) => setEditing(entryOf(id))}
                onDelete={(id) => setDeleting(entryOf(id))}
              />
            </ErrorBoundary>
          )}
          <ErrorBoundary area="reader" resetKey={article?.id}>
            <Reader article={article} loading={articleQuery.loading} focus={focus} onArticleChanged={setArticle} />
          </ErrorBoundary>
        </div>
      ) : (
        <ErrorBoundary area="composer">
          <BriefingWorkspace
            avoidId={avoid.current?.kind === 'briefing' ? avoid.current.id : null}
            onOpenArticle={(articleId, annotationId) => {
              setView('library');
              setSelectedId(articleId);
              setFocus(annotationId ? { start: 0, end: 0, annotationId } : null);
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
              setSelectedId(result.id);
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
          knownTags={info?.tags ?? []}
          onClose={() => setEditing(null)}
          onSaved={async (entry) => {
            setEditing(null);
            await refresh();
            if (entry.id === selectedId) setArticle(await api.getArticle({ id: entry.id }));
            toasts.info(t('meta.saved'));
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          request={{ title: t('library.confirmDeleteTitle'), message: t('library.confirmDelete', { title: deleting.title }), confirmLabel: t('common.delete') }}
          onAnswer={(ok) => (ok ? void confirmDelete(deleting) : setDeleting(null))}
        />
      )}
      {dragging && <div className="drop-overlay">{t('import.drop')}</div>}
      <Toasts state={toasts} />
    </div>
  );
}
