/**
 * Drag-and-drop payloads of the composer (HTML5 drag and drop). Types are
 * checked during `dragover` (when only `dataTransfer.types` is readable) and
 * the data read on `drop`.
 *
 * HIGHLIGHT_MIME is the one other views may use too: a JSON array of
 * `{ articleId, annotationId }` dropped on a section adds those highlights.
 */
export const ITEM_MIME = 'application/x-bd-briefing-item';
export const SECTION_MIME = 'application/x-bd-briefing-section';
export const HIGHLIGHT_MIME = 'application/x-bd-highlights';

export interface HighlightRef {
  articleId: string;
  annotationId: string;
}

export type DragKind = 'item' | 'section' | 'highlights';

/** What is being dragged, from the types alone (the data is hidden until drop). */
export function dragKind(dt: DataTransfer | null): DragKind | null {
  if (!dt) return null;
  const types = Array.from(dt.types ?? []);
  if (types.includes(ITEM_MIME)) return 'item';
  if (types.includes(SECTION_MIME)) return 'section';
  if (types.includes(HIGHLIGHT_MIME)) return 'highlights';
  return null;
}

export function readHighlights(dt: DataTransfer): HighlightRef[] {
  try {
    const value: unknown = JSON.parse(dt.getData(HIGHLIGHT_MIME) || '[]');
    if (!Array.isArray(value)) return [];
    return value.filter((h): h is HighlightRef => !!h && typeof h.articleId === 'string' && typeof h.annotationId === 'string');
  } catch {
    // A drag from elsewhere (not our JSON): it carries no highlights.
    return [];
  }
}

/** Before or after the element under the pointer, by which half of it the pointer is in. */
export function dropHalf(event: { clientY: number; currentTarget: Element }): 'before' | 'after' {
  const rect = event.currentTarget.getBoundingClientRect();
  return event.clientY < rect.top + rect.height / 2 ? 'before' : 'after';
}

/** Where a drag would land: a slot in a section's item list, or a slot between sections. */
export type DropTarget = { kind: 'item'; sectionId: string; slot: number } | { kind: 'section'; slot: number };
