/**
 * DOM helpers of the reader: where a highlight's marks are, where the
 * selection toolbar goes for a set of line boxes, and whether a key press
 * belongs to a text field.
 */
import type { ToolbarPosition } from '../annotations/SelectionToolbar';

export function isTextField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName);
}

/** Line boxes of a range or element; none where there is no layout (tests). */
export function clientRects(target: Range | Element): DOMRect[] {
  return typeof target.getClientRects === 'function' ? [...target.getClientRects()] : [];
}

function attrValue(id: string): string {
  return id.replace(/["\\]/g, '\\$&');
}

/** Every mark drawing highlight `id` inside `root`. */
export function marksOf(root: Element | null, id: string): HTMLElement[] {
  return root ? [...root.querySelectorAll<HTMLElement>(`mark[data-ids~="${attrValue(id)}"]`)] : [];
}

/** The highlight a mark (or an element inside one) belongs to, if any. */
export function markAt(target: EventTarget | null): HTMLElement | null {
  return ((target as Element | null)?.closest?.('mark[data-annotation-id]') as HTMLElement | null) ?? null;
}

/**
 * Where the toolbar goes for these line boxes, in the coordinates of
 * `measure` (the text column): above the first line when there is room
 * under the scroller's top edge, else below the last.
 */
export function toolbarPosition(measure: HTMLElement, scroller: HTMLElement, rects: DOMRect[]): ToolbarPosition {
  const lines = rects.filter((r) => r.width > 0 || r.height > 0);
  // No layout (e.g. jsdom): put it at the top rather than nowhere.
  if (lines.length === 0) return { placement: 'below', top: 0, left: 0, bound: measure.clientWidth };
  const m = measure.getBoundingClientRect();
  const s = scroller.getBoundingClientRect();
  const first = lines[0];
  const last = lines[lines.length - 1];
  const above = first.top - s.top > 64;
  const line = above ? first : last;
  return {
    placement: above ? 'above' : 'below',
    top: above ? first.top - m.top - 8 : last.bottom - m.top + 8,
    left: (line.left + line.right) / 2 - m.left,
    bound: m.width,
  };
}
