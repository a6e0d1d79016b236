/**
 * The window: toolbar, the library (list or search beside the reader) or the
 * briefings; file import by picker, folder picker, paste and drag-and-drop;
 * notices about the library's health. The article open last and the ones
 * read recently are remembered in the preferences.
 *
 * The window's state lives in hooks beside it: routing and shortcuts
 * (use-view-routing), the library's state and problems (use-library-info),
 * the article shown (use-shown-article), imports (use-imports), backup
 * (use-backup); the palette's commands in app-commands, the library view in
 * LibraryPanes.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CatalogEntry } from '../../src-main/common/model';
import { api } from '../api-client';
import { ProblemsNotice } from './ProblemsNotice';
import { useI18n } from '../i18n/I18nProvider';
import type { ReaderFocus } from '../reader/Reader';
import { ImportProgress, ImportSummary } from '../library/ImportSummary';
import { PasteDialog } from '../library/PasteDialog';
import { Toasts, useToasts } from './Toasts';
import { BriefingWorkspace } from '../briefing/BriefingWorkspace';
import { MetaEditor } from '../library/MetaEditor';
import { ErrorBoundary } from './ErrorBoundary';
import { useStableCallback } from '../reader/use-stable-callback';
import { AppToolbar } from './AppToolbar';
import { useLibraryList } from '../library/use-library-list';
import { useBulkActions } from '../library/use-bulk-actions';
import { useArticleDeletion } from './use-article-deletion';
import { useReadingHistory } from './use-reading-history';
import { libraryChanged, onLibraryChanged } from './library-events';
import { Notebook, useNotebookList } from '../notebook/Notebook';
import { OperationBar, RestoreDialog } from './BackupDialog';
import { CommandPalette } from './CommandPalette';
import { useDraftBook } from './drafts';
import { useTheme } from './use-theme';
import { draftKey } from '../../src-main/common/contract/drafts';
import { useViewRouting } from './use-view-routing';
import { useLibraryInfo } from './use-library-info';
import { useShownArticle } from './use-shown-article';
import { useImports } from './use-imports';
import { useBackup } from './use-backup';
import { appCommands } from './app-commands';
import { LibraryPanes } from './LibraryPanes';
import { LibraryTagsContext } from '../annotations/use-annotation-session';

export type { ReaderFocus };

/** The parts of the library the list, its counts and `libraryInfo` show. */
const LIST_AREAS = ['articles', 'annotations', 'problems'] as const;

export function App() {
  const { t } = useI18n();
  useTheme();
  const [list, listSnapshot] = useLibraryList();
  const notebook = useNotebookList();
  const history = useReadingHistory();
  const [pasting, setPasting] = useState(false);
  const [editing, setEditing] = useState<CatalogEntry | null>(null);
  const toasts = useToasts();
  // `toasts` is a new object whenever a toast comes or goes; effects report through this stable function.
  const showError = useStableCallback((err: unknown) => toasts.error(err));
  const routing = useViewRouting();
  const { view, setView } = routing;
  const library = useLibraryInfo(showError);
  const { info, refreshInfo, avoid } = library;

  const refresh = useCallback(async () => {
    refreshInfo();
    await list.refresh();
  }, [list, refreshInfo]);
  // A change in this window (a highlight's tags) or announced by core (another window or tab, an import
  // running): the list, its counts and the sidebar's sources follow. Not a saved preference (every article
  // opened saves two): it changes neither, and at 100,000 articles asking again costs the click its speed.
  useEffect(() => onLibraryChanged(() => void refresh().catch(showError), LIST_AREAS), [refresh, showError]);

  const shown = useShownArticle({ list, snapshot: listSnapshot, history, infoLoaded: info !== null, avoided: library.avoided, onError: showError });
  const { selectedId, open, article, setArticle } = shown;

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

  const imports = useImports({ toasts, refresh, open, showLibrary: () => setView('library') });
  const backups = useBackup(toasts);
  /** Opens an article in the library view, at an annotation when one is named. */
  const openInLibrary = (articleId: string, at: ReaderFocus | null) => {
    setView('library');
    open(articleId, at);
  };

  return (
    <LibraryTagsContext.Provider value={info?.tags ?? null}>
      <div className="app" {...imports.dropHandlers}>
        <AppToolbar
          view={view}
          onView={setView}
          onSearch={routing.openSearch}
          onPaste={() => setPasting(true)}
          onFiles={(files) => imports.runImport(files).catch(showError)}
          onPaths={(paths) => imports.runPathImport(paths).catch(showError)}
          onBackup={(a) => (a === 'backup' ? void backups.backup() : backups.setRestoring(true))}
          onPalette={() => routing.setPalette(true)}
          toasts={toasts}
        />
        {info && (
          <ProblemsNotice
            warnings={library.visibleWarnings}
            onAcknowledge={(ids) => void library.acknowledge(ids)}
            onHideNotice={(w) => library.hideNotice(w.message)}
            onOpenAnyway={(w) => {
              avoid.current = null;
              if (w.articleId) openInLibrary(w.articleId, null);
              else if (w.briefingId) setView('briefings');
              if (w.id) void library.acknowledge([w.id]);
            }}
          />
        )}
        {view === 'library' ? (
          <LibraryPanes
            list={list}
            snapshot={listSnapshot}
            sources={info?.sources ?? []}
            searchOpen={routing.searchOpen}
            searchSignal={routing.searchSignal}
            onCloseSearch={routing.closeSearch}
            selectedId={selectedId}
            recent={history.recent}
            sidebarClosed={routing.sidebarClosed}
            onToggleSidebar={routing.toggleSidebar}
            article={article}
            loading={shown.loading}
            focus={shown.focus}
            onArticleChanged={setArticle}
            onOpen={open}
            onEdit={editDetails}
            onDelete={deletion.requestDelete}
            onBulk={bulk.onAction}
          />
        ) : view === 'notebook' ? (
          <ErrorBoundary area="notebook">
            <Notebook list={notebook} toasts={toasts} onOpen={(articleId, annotationId) => openInLibrary(articleId, { start: 0, end: 0, annotationId })} />
          </ErrorBoundary>
        ) : (
          <ErrorBoundary area="composer">
            <BriefingWorkspace
              avoidId={avoid.current?.kind === 'briefing' ? avoid.current.id : null}
              onOpenArticle={(articleId, annotationId) => openInLibrary(articleId, annotationId ? { start: 0, end: 0, annotationId } : null)}
            />
          </ErrorBoundary>
        )}
        {imports.progress && <ImportProgress {...imports.progress} />}
        {backups.backingUp && <OperationBar label={t('backup.running')} progress={backups.backingUp} />}
        {routing.palette && (
          <CommandPalette
            commands={appCommands({
              setView,
              openSearch: routing.openSearch,
              toggleSidebar: routing.toggleSidebar,
              paste: () => setPasting(true),
              backup: () => void backups.backup(),
              restore: () => backups.setRestoring(true),
              selectedId,
              editDetails,
              requestDelete: deletion.requestDelete,
              toasts,
              t,
            })}
            onClose={() => routing.setPalette(false)}
          />
        )}
        {backups.restoring && (
          <RestoreDialog
            onClose={() => backups.setRestoring(false)}
            onRestored={() => {
              void refresh();
              libraryChanged();
            }}
          />
        )}
        {imports.summary && <ImportSummary outcomes={imports.summary} onClose={imports.closeSummary} />}
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
        {imports.dragging && <div className="drop-overlay">{t('import.drop')}</div>}
        <Toasts state={toasts} />
      </div>
    </LibraryTagsContext.Provider>
  );
}
