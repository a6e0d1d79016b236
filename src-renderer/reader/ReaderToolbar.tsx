/**
 * The selection toolbar wired to the reader: on a text selection its buttons
 * make a highlight (or re-attach the waiting orphan there); on a highlight
 * they change or delete it. Closing returns focus to the highlight.
 */
import type { Annotation } from '../../src-main/common/annotation';
import type { AnnotationSnapshot, TextRange } from '../annotations/annotation-session';
import { quoteOf } from '../annotations/annotation-list';
import { SelectionToolbar } from '../annotations/SelectionToolbar';
import type { ReaderActions } from './use-reader-actions';
import type { ToolbarState } from './use-reader-dom';

export interface ReaderToolbarProps {
  toolbar: ToolbarState;
  snapshot: AnnotationSnapshot;
  /** The selection now (for selection mode). */
  range(): TextRange | null;
  actions: ReaderActions;
  onClose(highlight: Annotation | null): void;
}

export function ReaderToolbar({ toolbar, snapshot, range, actions, onClose }: ReaderToolbarProps) {
  const { selectedId, byId, armedId, lastColor, labels, article } = snapshot;
  const selected = toolbar.mode === 'highlight' && selectedId ? (byId.get(selectedId) ?? null) : null;
  if (toolbar.mode === 'highlight' && !selected) return null;
  const withRange = (run: (r: TextRange) => Promise<void>) => {
    const r = range();
    if (r) void run(r);
  };
  const onSelection = toolbar.mode === 'selection';
  return (
    <SelectionToolbar
      key={selected ? `h-${selected.id}` : 'selection'}
      mode={toolbar.mode}
      position={toolbar.position}
      labels={labels}
      activeColor={selected?.color}
      canReattach={!!armedId}
      onColor={(color) => (onSelection ? withRange((r) => actions.highlight(r, color)) : selected && void actions.recolor(selected.id, color))}
      onNote={() => (onSelection ? withRange((r) => actions.highlight(r, lastColor, 'note')) : selected && actions.openEditor(selected.id, 'note'))}
      onTag={() => (onSelection ? withRange((r) => actions.highlight(r, lastColor, 'tags')) : selected && actions.openEditor(selected.id, 'tags'))}
      onCopy={() =>
        onSelection ? withRange((r) => actions.copyQuote(article.text.slice(r.start, r.end))) : selected && void actions.copyQuote(quoteOf(selected))
      }
      onDelete={selected ? () => void actions.remove(selected.id) : undefined}
      onReattach={armedId ? () => withRange((r) => actions.reattach(armedId, r)) : undefined}
      onClose={() => onClose(selected)}
    />
  );
}
