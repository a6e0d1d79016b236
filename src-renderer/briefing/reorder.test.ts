/**
 * Keyboard and drop moves over the WAIC fixture (sections of 2–4 items).
 */
import { describe, expect, it } from 'vitest';
import { waicBriefing } from '../../src-main/common/briefing/fixtures/waic-briefing';
import type { Briefing } from '../../src-main/common/briefing/model';
import { moveItemBy, moveItemToSlot, moveSectionBy, moveSectionToSlot } from './reorder';

const ids = (b: Briefing) => b.sections.map((s) => s.items.map((i) => i.id));

describe('moveItemBy', () => {
  const b = waicBriefing();
  const [s0, s1] = b.sections;
  it.each([
    ['down within a section', s0.items[0].id, 1 as const, { sectionIndex: 0, itemIndex: 1 }],
    ['up within a section', s0.items[1].id, -1 as const, { sectionIndex: 0, itemIndex: 0 }],
    ['down off the end into the next section', s0.items.at(-1)!.id, 1 as const, { sectionIndex: 1, itemIndex: 0 }],
    ['up off the top into the previous section', s1.items[0].id, -1 as const, { sectionIndex: 0, itemIndex: s0.items.length }],
  ])('%s', (_name, id, dir, to) => {
    const result = moveItemBy(b, id, dir)!;
    expect(result.to).toEqual(to);
    expect(result.briefing.sections[to.sectionIndex].items[to.itemIndex].id).toBe(id);
    expect(ids(result.briefing).flat().sort()).toEqual(ids(b).flat().sort());
  });

  it('refuses to move past the first or last place', () => {
    expect(moveItemBy(b, s0.items[0].id, -1)).toBeNull();
    expect(moveItemBy(b, b.sections.at(-1)!.items.at(-1)!.id, 1)).toBeNull();
  });
});

describe('moveSectionBy', () => {
  it('swaps neighbours and stops at the ends', () => {
    const b = waicBriefing();
    const moved = moveSectionBy(b, b.sections[0].id, 1)!;
    expect(moved.to).toBe(1);
    expect(moved.briefing.sections.map((s) => s.id)).toEqual([b.sections[1].id, b.sections[0].id, ...b.sections.slice(2).map((s) => s.id)]);
    expect(moveSectionBy(b, b.sections[0].id, -1)).toBeNull();
  });
});

describe('drop slots', () => {
  it('moves an item below a later sibling (slot counted with the item still in place)', () => {
    const b = waicBriefing();
    const s = b.sections[0];
    const next = moveItemToSlot(b, s.items[0].id, s.id, 2)!;
    expect(next.sections[0].items.map((i) => i.id)).toEqual([s.items[1].id, s.items[0].id, ...s.items.slice(2).map((i) => i.id)]);
  });

  it('treats dropping an item just above or below itself as no move', () => {
    const b = waicBriefing();
    const s = b.sections[0];
    expect(moveItemToSlot(b, s.items[0].id, s.id, 0)).toBeNull();
    expect(moveItemToSlot(b, s.items[0].id, s.id, 1)).toBeNull();
  });

  it('moves a section to the end', () => {
    const b = waicBriefing();
    const next = moveSectionToSlot(b, b.sections[0].id, b.sections.length)!;
    expect(next.sections.at(-1)!.id).toBe(b.sections[0].id);
  });
});
