/**
 * The annotation panel wired to the reader's session: saving notes and
 * tags, deleting, re-attaching an orphan to the kept selection (or arming it
 * for the next one), renaming colours, export, import, add to briefing.
 * Every callback keeps its identity, so the memoised panel re-renders only
 * when what it shows changes.
 */
import { useCallback } from 'react';
import type { ColorLabels } from '../../src-main/common/contract/annotations';
import type { AnnotationSession, AnnotationSnapshot } from '../annotations/annotation-session';
import { AnnotationPanel } from '../annotations/AnnotationPanel';
import { useI18n } from '../i18n/I18nProvider';
import type { ReaderActions } from './use-reader-actions';
import { useStableCallback } from './use-stable-callback';
import { useDraftBook } from '../app/drafts';
import { draftKey } from '../../src-main/common/contract/drafts';

export interface ReaderPanelProps {
  session: AnnotationSession;
  snapshot: AnnotationSnapshot;
  actions: ReaderActions;
  onShow(id: string): void;
  say(text: string): void;
  onAddToBriefing(ids: string[]): void;
  onImport(): void;
  /** Annotation id → the briefings holding it. */
  citations?: Readonly<Record<string, readonly { id: string; title: string }[]>>;
}

export function ReaderPanel({ session, snapshot, actions, onShow, say, onAddToBriefing, onImport, citations }: ReaderPanelProps) {
  const { t } = useI18n();
  const drafts = useDraftBook();
  // The draft goes once the core has the change; a refused save keeps it (and the problem is shown).
  const onSaveNote = useCallback(
    (id: string, note: string) => {
      const key = draftKey({ kind: 'note', articleId: session.articleId, annotationId: id });
      session.openEditor(null);
      void session.update(id, { note }).then((saved) => saved && drafts.discard(key));
    },
    [session, drafts],
  );
  const onSaveTags = useCallback(
    (id: string, tags: string[]) => {
      const key = draftKey({ kind: 'tags', articleId: session.articleId, annotationId: id });
      session.openEditor(null);
      void session.update(id, { tags }).then((saved) => saved && drafts.discard(key));
    },
    [session, drafts],
  );
  const onReattach = useStableCallback((id: string) => {
    if (snapshot.keptRange) void actions.reattach(id, snapshot.keptRange);
    else {
      session.arm(id);
      say(t('reader.reattachPick'));
    }
  });
  const onDisarm = useCallback(() => session.arm(null), [session]);
  const onSaveLabels = useCallback((labels: Partial<ColorLabels>) => void session.setLabels(labels), [session]);
  const onEdit = useCallback((editing: Parameters<AnnotationSession['openEditor']>[0]) => session.openEditor(editing), [session]);
  const onDelete = useCallback((id: string) => void actions.remove(id), [actions]);
  const onExport = actions.exportAs;
  return (
    <div id="annotation-panel" className="annot-panel-wrap">
      <AnnotationPanel
        annotations={snapshot.list}
        loaded={snapshot.loaded}
        labels={snapshot.labels}
        tagSuggestions={snapshot.tags}
        selectedId={snapshot.selectedId}
        editing={snapshot.editing}
        hasSelection={!!snapshot.keptRange}
        armedId={snapshot.armedId}
        citations={citations}
        onShow={onShow}
        onEdit={onEdit}
        onSaveNote={onSaveNote}
        onSaveTags={onSaveTags}
        onDelete={onDelete}
        onReattach={onReattach}
        onDisarm={onDisarm}
        onSaveLabels={onSaveLabels}
        onAddToBriefing={onAddToBriefing}
        onExport={onExport}
        onImport={onImport}
      />
    </div>
  );
}
