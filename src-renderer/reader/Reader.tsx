/**
 * The reader pane: one article with its metadata line and structured body,
 * its highlights painted in, the selection toolbar, the annotation panel
 * beside it, in-place text correction, and undo/redo of every annotation
 * action; reading comfort (text size and line width from the preferences,
 * the heading outline, the place reading stopped; on narrow windows the
 * annotation panel floats over the text and opens only when asked).
 *
 * Who does what: `AnnotationSession` (headless) holds the annotations, the
 * selection state and undo, and talks to the API; `ReaderText` paints the
 * article; the `use-…` hooks beside this file wire the DOM to the session —
 * the text selection (`use-text-selection`), clicks and arrows on highlights
 * (`use-highlight-navigation`), the keys (`use-reader-keyboard`), text
 * correction (`use-edit-text`), focus from the app (`use-reader-focus`) and
 * what each action says (`use-reader-actions`).
 */
import { useCallback, useEffect, useRef, useState, type CSSProperties } from 'react';
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
import { useApiQuery } from '../app/use-api-query';
import { api } from '../api-client';
import { useDeletedElsewhere } from './use-deleted-elsewhere';
import { useRestoreDrafts } from './use-restore-drafts';
import { useReadingPosition } from './use-reading-position';
import { usePrintArticle } from './use-print-article';
import { useMediaQuery } from '../app/use-media-query';
import { Outline } from './Outline';
import { READING_CHARS, READING_SIZE } from './ReadingSettings';

/** Below this window width the annotation panel floats over the text (reading.css has the same width). */
export const NARROW_QUERY = '(max-width: 1180px)';

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
  const deleted = useDeletedElsewhere(article?.id);
  if (!article) {
    return <main className="reader reader-empty">{loading ? t('reader.loading') : t('reader.empty')}</main>;
  }
  // Deleted meanwhile (another window or tab): closed, so nothing more is highlighted that could not be saved.
  if (deleted) {
    return (
      <main className="reader reader-empty" role="status" data-testid="reader-deleted">
        {t('reader.deletedElsewhere', { title: article.meta.title })}
      </main>
    );
  }
  // One view per article: selection, toolbar, painting state and undo history start fresh.
  return (
    <ReaderView
      key={article.id}
      article={article}
      focus={focus ?? null}
      onArticleChanged={onArticleChanged}
      onEditDetails={onEditDetails}
      onDelete={onDelete}
    />
  );
}

type ViewProps = Omit<Props, 'article' | 'loading' | 'focus'> & { article: Article; focus: ReaderFocus | null };

function ReaderView({ article: fromApp, focus, onArticleChanged, onEditDetails, onDelete }: ViewProps) {
  const { t } = useI18n();
  const [session, snapshot] = useAnnotationSession(fromApp);
  const { article } = snapshot;
  useReportEdits(article, fromApp, onArticleChanged);
  const [panel, setPanel] = usePreference('readerPanel');
  const narrow = useMediaQuery(NARROW_QUERY);
  // On a narrow window the panel covers the text, so it shows only when asked for (not from the preference).
  const [overlay, setOverlay] = useState(false);
  const panelOpen = narrow ? overlay : panel !== 'closed';
  const openPanel = useCallback(() => {
    setPanel('open');
    setOverlay(true);
  }, [setPanel]);
  const togglePanel = () => {
    if (narrow) setOverlay(!overlay);
    else setPanel(panelOpen ? 'closed' : 'open');
  };
  const [readingSize] = usePreference('readingSize');
  const [readingWidth] = usePreference('readingWidth');
  const [outline] = usePreference('outlinePanel');
  const readingStyle = { '--read-size': `${readingSize ?? READING_SIZE.default}px`, '--read-chars': READING_CHARS[readingWidth ?? 'normal'] } as CSSProperties;
  useRestoreDrafts(session, snapshot, openPanel);
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
  // Which briefings hold this article's highlights: asked again after adding some to a briefing.
  const [citationsAsked, setCitationsAsked] = useState(0);
  const citations = useApiQuery(['highlight-citations', article.id, citationsAsked], () => api.highlightCitations({ articleId: article.id })).data?.citations;
  const [imported, setImported] = useState<ImportedFile | null>(null);
  const importInput = useRef<HTMLInputElement>(null);
  const liveRange = selection.live;
  useReadingPosition(article.id, dom.scrollRef, focus !== null);
  const printing = usePrintArticle(article);
  const onPrint = useStableCallback(async (action: 'print' | 'pdf' | 'html') => {
    if (action === 'print') return printing.print();
    try {
      notices.say(t('print.exporting', { name: article.meta.title }));
      const name = await printing.exportAs(action);
      if (name) notices.say(t('print.exported', { name }));
    } catch (err) {
      notices.fail(err);
    }
  });
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
  // Beside the text on a wide window; over it (below the reader's bar) on a narrow one.
  const panelView = panelOpen && (
    <ErrorBoundary area="annotations">
      <ReaderPanel
        session={session}
        snapshot={snapshot}
        actions={actions}
        onShow={nav.show}
        say={notices.say}
        onAddToBriefing={setBriefingIds}
        onImport={onImport}
        citations={citations}
      />
    </ErrorBoundary>
  );
  const showToolbar = toolbar && !edit.editMode && (toolbar.mode === 'highlight' || selection.range);

  return (
    <main className="reader" data-testid="reader" ref={dom.mainRef} style={readingStyle} data-narrow={narrow || undefined}>
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
          onTogglePanel={togglePanel}
          onEditDetails={onEditDetails}
          onDelete={onDelete}
          onPrint={(action) => void onPrint(action)}
        />
        <div className="reader-columns">
          {outline === 'open' && <Outline article={article} scrollRef={dom.scrollRef} />}
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
          {narrow && panelView}
        </div>
        <ReaderNotice notice={notices.notice} onDismiss={notices.dismiss} />
      </div>
      {!narrow && panelView}
      <ReaderDialogs
        ref={importInput}
        article={article}
        imported={imported}
        briefingIds={briefingIds}
        onFile={(file) => void onImportFile(file)}
        onImported={actions.afterImport}
        onCloseImport={() => setImported(null)}
        onCloseBriefing={() => setBriefingIds(null)}
        onAddedToBriefing={(title, count, skipped) => {
          setBriefingIds(null);
          setCitationsAsked((n) => n + 1);
          notices.say(skipped ? t('nb.addedSkipped', { count, title, skipped }) : t('reader.addedToBriefing', { count, title }));
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
