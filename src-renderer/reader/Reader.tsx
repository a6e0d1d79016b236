/**
 * The reader pane: one article with its metadata line and structured body,
 * its highlights painted in, the selection toolbar, the annotation panel
 * beside it, in-place text correction, and undo/redo of every annotation
 * action.
 *
 * Who does what: `AnnotationSession` (headless) holds the annotations, the
 * selection state and undo, and talks to the API; `ReaderText` paints the
 * article; the `use-…` hooks beside this file wire the DOM to the session —
 * the text selection (`use-text-selection`), clicks and arrows on highlights
 * (`use-highlight-navigation`), the keys (`use-reader-keyboard`), text
 * correction (`use-edit-text`), focus from the app (`use-reader-focus`) and
 * what each action says (`use-reader-actions`).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Article } from '../../src-main/common/model';
import { useI18n } from '../i18n/I18nProvider';
import { useAnnotationSession } from '../annotations/use-annotation-session';
import { usePreference } from '../app/preferences';
import { ErrorBoundary } from '../app/ErrorBoundary';
import { ReaderNotice } from './ReaderNotice';
import { ReaderHeader } from './ReaderHeader';
import { ReaderText } from './ReaderText';
import { ReaderToolbar } from './ReaderToolbar';
import { ReaderPanel } from './ReaderPanel';
import { ReaderDialogs, type ImportedFile } from './ReaderDialogs';
import { useReaderDom } from './use-reader-dom';
import { useReaderNotice } from './use-reader-notice';
import { useTextSelection } from './use-text-selection';
import { useEditText } from './use-edit-text';
import { useReaderActions } from './use-reader-actions';
import { useHighlightNavigation } from './use-highlight-navigation';
import { useReaderFocus, type ReaderFocus } from './use-reader-focus';
import { useReaderKeyboard } from './use-reader-keyboard';
import { useStableCallback } from './use-stable-callback';

export type { ReaderFocus };

interface Props {
  article: Article | null;
  loading: boolean;
  /** Scroll to and mark this range / annotation once the article is shown. */
  focus?: ReaderFocus | null;
  /** The article's text changed here (an edit); the app keeps its copy in step. */
  onArticleChanged?(article: Article): void;
  /** Edit the article's details (F2), delete it. */
  onEditDetails?(): void;
  onDelete?(): void;
}

export function Reader({ article, loading, focus, onArticleChanged, onEditDetails, onDelete }: Props) {
  const { t } = useI18n();
  if (!article) {
    return <main className="reader reader-empty">{loading ? t('reader.loading') : t('reader.empty')}</main>;
  }
  // One view per article: selection, toolbar, painting state and undo history start fresh.
  return <ReaderView key={article.id} article={article} focus={focus ?? null} onArticleChanged={onArticleChanged} onEditDetails={onEditDetails} onDelete={onDelete} />;
}

type ViewProps = Omit<Props, 'article' | 'loading' | 'focus'> & { article: Article; focus: ReaderFocus | null };

function ReaderView({ article: fromApp, focus, onArticleChanged, onEditDetails, onDelete }: ViewProps) {
  const { t } = useI18n();
  const [session, snapshot] = useAnnotationSession(fromApp);
  const { article } = snapshot;
  useReportEdits(article, fromApp, onArticleChanged);
  const [panel, setPanel] = usePreference('readerPanel');
  const panelOpen = panel !== 'closed';
  const openPanel = useCallback(() => setPanel('open'), [setPanel]);
  const notices = useReaderNotice(snapshot.problem);
  const dom = useReaderDom();
  const { setToolbar } = dom;
  const hideToolbar = useCallback(() => setToolbar(null), [setToolbar]);
  const clearSelection = useStableCallback(() => {
    selection.clear();
    session.select(null);
  });
  const undo = useStableCallback(() => void actions.undo());
  const edit = useEditText(session, article.text, notices, { clearSelection, openPanel, undo });
  const selection = useTextSelection(session, dom, article.text, edit.editMode);
  const actions = useReaderActions({ session, snapshot, article, selection, notices, hideToolbar, openPanel });
  const nav = useHighlightNavigation(session, snapshot, dom, { editMode: edit.editMode, pointerDown: selection.pointerDown });
  const focusRange = useReaderFocus(focus, session, snapshot, { body: dom.body, show: nav.show, openPanel });
  const [briefingIds, setBriefingIds] = useState<string[] | null>(null);
  const [imported, setImported] = useState<ImportedFile | null>(null);
  const importInput = useRef<HTMLInputElement>(null);
  const liveRange = selection.live;
  useReaderKeyboard(dom.mainRef, { snapshot, dialogOpen: !!briefingIds || !!imported, toolbarShown: !!dom.toolbar, liveRange, clearSelection }, actions);

  // A highlight that went away (deleted, undone) or was deselected takes its toolbar with it.
  useEffect(() => {
    if (!snapshot.selectedId) setToolbar((tb) => (tb?.mode === 'highlight' ? null : tb));
  }, [snapshot.selectedId, setToolbar]);

  const onImportFile = useStableCallback(async (file: File) => {
    const result = await actions.importFile(file);
    if (result) setImported(result);
  });
  const onImport = useCallback(() => importInput.current?.click(), []);
  const { toolbar } = dom;
  const showToolbar = toolbar && !edit.editMode && (toolbar.mode === 'highlight' || selection.range);

  return (
    <main className="reader" data-testid="reader" ref={dom.mainRef}>
      <div className="reader-main">
        <ReaderHeader
          canUndo={snapshot.canUndo}
          canRedo={snapshot.canRedo}
          editMode={edit.editMode}
          panelOpen={panelOpen}
          count={snapshot.list.length}
          onUndo={undo}
          onRedo={() => void actions.redo()}
          onToggleEdit={edit.toggle}
          onTogglePanel={() => setPanel(panelOpen ? 'closed' : 'open')}
          onEditDetails={onEditDetails}
          onDelete={onDelete}
        />
        <ReaderText snapshot={snapshot} dom={dom} nav={nav} edit={edit} focusRange={focusRange}>
          {showToolbar && (
            <ReaderToolbar
              toolbar={toolbar}
              snapshot={snapshot}
              range={() => liveRange() ?? selection.range}
              actions={actions}
              onClose={(highlight) => {
                setToolbar(null);
                if (highlight) dom.firstMark(highlight.id)?.focus();
              }}
            />
          )}
        </ReaderText>
        <ReaderNotice notice={notices.notice} onDismiss={notices.dismiss} />
      </div>
      {panelOpen && (
        <ErrorBoundary area="annotations">
          <ReaderPanel
            session={session}
            snapshot={snapshot}
            actions={actions}
            onShow={nav.show}
            say={notices.say}
            onAddToBriefing={setBriefingIds}
            onImport={onImport}
          />
        </ErrorBoundary>
      )}
      <ReaderDialogs
        ref={importInput}
        article={article}
        imported={imported}
        briefingIds={briefingIds}
        onFile={(file) => void onImportFile(file)}
        onImported={actions.afterImport}
        onCloseImport={() => setImported(null)}
        onCloseBriefing={() => setBriefingIds(null)}
        onAddedToBriefing={(title, count) => {
          setBriefingIds(null);
          notices.say(t('reader.addedToBriefing', { count, title }));
        }}
      />
    </main>
  );
}

/** Tells the app about a revision made here (a text correction), once per revision. */
function useReportEdits(article: Article, fromApp: Article, onArticleChanged?: (article: Article) => void): void {
  const reported = useRef<Article | null>(null);
  useEffect(() => {
    if (article.revision <= fromApp.revision || reported.current === article) return;
    reported.current = article;
    onArticleChanged?.(article);
  }, [article, fromApp.revision, onArticleChanged]);
}
