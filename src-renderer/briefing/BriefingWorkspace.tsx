/**
 * The briefings view: the list of briefings, the composer, and beside it the
 * print preview (with export) or the highlight picker.
 *
 * The workspace owns the open BriefingSession (edits, undo/redo, saving) and
 * everything that talks to the core about a whole briefing: create,
 * duplicate, delete, add highlights, pull in note edits, export. Switching
 * briefing or leaving the view disposes the session, which still saves what
 * was typed; reopening the same briefing waits for that save.
 *
 * The pieces live beside it: the list and open session (use-open-briefing),
 * whole-briefing actions (use-briefing-actions), the composer's API
 * (use-composer-api), cited articles gone from the library
 * (use-cited-sources), focus requests, confirmations, the side panel
 * (BriefingSide) and the placeholder (BriefingPlaceholder).
 */
import { useCallback, useRef, useState, type KeyboardEvent } from 'react';
import { Toasts, useToasts } from '../app/Toasts';
import { useI18n } from '../i18n/I18nProvider';
import { BriefingList } from './BriefingList';
import { Composer } from './Composer';
import { ComposerContext } from './composer-context';
import { NEW_SECTION } from './HighlightPicker';
import { useSessionSnapshot } from './use-briefing-session';
import { usePreference } from '../app/preferences';
import { useOpenBriefing, useShownEntries } from './use-open-briefing';
import { useCitedSources } from './use-cited-sources';
import { useExcerptChanges } from './use-excerpt-changes';
import { useConfirm } from './use-confirm';
import { useFocusRequests } from './use-focus-requests';
import { useComposerApi } from './use-composer-api';
import { useBriefingActions } from './use-briefing-actions';
import { BriefingSide, type Side } from './BriefingSide';
import { BriefingPlaceholder } from './BriefingPlaceholder';

export { closingSaves } from './use-open-briefing';

export interface BriefingWorkspaceProps {
  /** A briefing that stopped the app while opening last time: never opened automatically. */
  avoidId?: string | null;
  /** Opens an article in the library view, scrolled to the highlight when given. */
  onOpenArticle(articleId: string, annotationId?: string): void;
}

export function BriefingWorkspace({ onOpenArticle, avoidId = null }: BriefingWorkspaceProps) {
  const { t } = useI18n();
  const toasts = useToasts();
  const toastsRef = useRef(toasts);
  toastsRef.current = toasts;
  const openArticle = useRef(onOpenArticle);
  openArticle.current = onOpenArticle;
  const [side, setSide] = useState<Side>('preview');
  const [pickerTarget, setPickerTarget] = useState(NEW_SECTION);
  const [sideWidth, setSideWidth] = usePreference('briefingSide');
  const wide = sideWidth === 'wide';
  const [message, setMessage] = useState('');

  const open = useOpenBriefing(avoidId, toasts);
  const { session, entries } = open;
  const snapshot = useSessionSnapshot(session);
  // Cited articles that are no longer in the library: their items say "source deleted" and 查看原文 explains instead of opening.
  const cited = useCitedSources(snapshot);
  // Excerpts whose highlight was changed (the article corrected under it) or deleted since they were copied.
  const excerpts = useExcerptChanges(session?.id ?? null, snapshot);
  const syncRef = useRef<() => void>(() => undefined);
  // Keep the list's title of the open briefing in step with the header.
  const shownEntries = useShownEntries(entries, snapshot);
  // Focus requested by the composer (after a keyboard move, a removal, a new briefing).
  const { focusTarget, focusTitleOf } = useFocusRequests(snapshot);
  const { confirm, dialog } = useConfirm();

  const announce = useCallback((text: string) => {
    // The same sentence twice must be announced twice: vary it invisibly.
    setMessage((m) => (m === text ? text + '\u200b' : text));
  }, []);

  const { composerApi, addHighlights } = useComposerApi({
    session,
    announce,
    confirm,
    toastsRef,
    openArticleRef: openArticle,
    cited,
    openPicker: (sectionId) => {
      setPickerTarget(sectionId ?? NEW_SECTION);
      setSide('picker');
    },
    focusTarget,
    excerpts,
    syncRef,
  });
  const actions = useBriefingActions({ ...open, confirm, announce, focusTitleOf, showPreview: () => setSide('preview'), toasts });
  syncRef.current = () => void actions.sync();

  function onKeyDown(event: KeyboardEvent) {
    if (!session || !(event.ctrlKey || event.metaKey) || event.altKey) return;
    const target = event.target as Element;
    if (target.closest?.('.dialog, [data-native-undo]')) return;
    const key = event.key.toLowerCase();
    if (key === 's') {
      event.preventDefault();
      void session.flush();
    } else if (key === 'z' && !event.shiftKey) {
      event.preventDefault();
      if (session.undo()) announce(t('brief.undone'));
    } else if ((key === 'z' && event.shiftKey) || key === 'y') {
      event.preventDefault();
      if (session.redo()) announce(t('brief.redone'));
    }
  }

  return (
    <div className={`briefing-workspace${wide ? ' brief-wide-preview' : ''}`} data-testid="briefing-workspace" onKeyDown={onKeyDown}>
      <BriefingList entries={shownEntries} selectedId={open.selectedId} onSelect={open.select} onCreate={actions.create} creating={actions.creating} />
      {session && snapshot && composerApi ? (
        <ComposerContext.Provider value={composerApi}>
          <Composer
            key={session.id}
            snapshot={snapshot}
            onDuplicate={actions.duplicate}
            onNextIssue={actions.nextIssue}
            onDelete={actions.remove}
            onSync={actions.sync}
            syncing={actions.syncing}
          />
          <BriefingSide
            briefingId={session.id}
            snapshot={snapshot}
            side={side}
            onSide={setSide}
            wide={wide}
            onToggleWide={() => setSideWidth(wide ? 'normal' : 'wide')}
            pickerTarget={pickerTarget}
            onPickerTarget={setPickerTarget}
            onTemplateChange={actions.setTemplate}
            onExport={actions.exportAs}
            onAdd={(refs, sectionId) => addHighlights(session, refs, sectionId)}
            onOpenArticle={(articleId, annotationId) => openArticle.current(articleId, annotationId)}
          />
        </ComposerContext.Provider>
      ) : (
        <BriefingPlaceholder
          loading={open.loading}
          loadError={open.loadError}
          entries={entries ? entries.length : null}
          creating={actions.creating}
          onRetry={open.reload}
          onCreate={actions.create}
        />
      )}
      {dialog}
      <div className="brief-sr-only" aria-live="polite" aria-atomic="true" data-testid="brief-live">
        {message}
      </div>
      <Toasts state={toasts} />
    </div>
  );
}
