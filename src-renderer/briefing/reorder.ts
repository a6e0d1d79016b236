/**
 * Moving items and sections by one step (keyboard) or to a drop slot (drag),
 * on top of the pure operations in `common/briefing/model.ts`. Every function
 * returns a new briefing, or null when the move is not possible (first item of
 * the first section moved up, …), so the caller can announce "cannot move".
 */
import { findItem, moveItem, moveSection, type Briefing } from '../../src-main/common/briefing/model';

export interface ItemPosition {
  sectionIndex: number;
  itemIndex: number;
}

/**
 * One step up or down. At the edge of a section the item goes to the end of
 * the previous section or the start of the next, skipping nothing: empty
 * sections receive it too, so an item can be moved anywhere with the arrows.
 */
export function moveItemBy(b: Briefing, itemId: string, dir: -1 | 1): { briefing: Briefing; to: ItemPosition } | null {
  const found = findItem(b, itemId);
  if (!found) return null;
  const { sectionIndex: s, itemIndex: i } = found;
  const section = b.sections[s];
  if (dir < 0 && i > 0) return { briefing: moveItem(b, itemId, section.id, i - 1), to: { sectionIndex: s, itemIndex: i - 1 } };
  if (dir > 0 && i < section.items.length - 1) {
    return { briefing: moveItem(b, itemId, section.id, i + 1), to: { sectionIndex: s, itemIndex: i + 1 } };
  }
  const target = s + dir;
  if (target < 0 || target >= b.sections.length) return null;
  const index = dir < 0 ? b.sections[target].items.length : 0;
  return { briefing: moveItem(b, itemId, b.sections[target].id, index), to: { sectionIndex: target, itemIndex: index } };
}

export function moveSectionBy(b: Briefing, sectionId: string, dir: -1 | 1): { briefing: Briefing; to: number } | null {
  const from = b.sections.findIndex((s) => s.id === sectionId);
  const to = from + dir;
  if (from < 0 || to < 0 || to >= b.sections.length) return null;
  return { briefing: moveSection(b, sectionId, to), to };
}

/**
 * Moves an item to a drop slot: `slot` counts positions in the target list as
 * it looks while dragging (the item still in it), 0 = before the first item.
 */
export function moveItemToSlot(b: Briefing, itemId: string, sectionId: string, slot: number): Briefing | null {
  const found = findItem(b, itemId);
  const target = b.sections.findIndex((s) => s.id === sectionId);
  if (!found || target < 0) return null;
  let index = slot;
  if (found.sectionIndex === target) {
    if (slot === found.itemIndex || slot === found.itemIndex + 1) return null;
    if (slot > found.itemIndex) index -= 1;
  }
  return moveItem(b, itemId, sectionId, index);
}

/** Same for sections: `slot` is a gap between sections while dragging (0 = top). */
export function moveSectionToSlot(b: Briefing, sectionId: string, slot: number): Briefing | null {
  const from = b.sections.findIndex((s) => s.id === sectionId);
  if (from < 0 || slot === from || slot === from + 1) return null;
  return moveSection(b, sectionId, slot > from ? slot - 1 : slot);
}
