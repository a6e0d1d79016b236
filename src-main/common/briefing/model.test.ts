import { describe, expect, it } from 'vitest';
import { BdError } from '../errors';
import { waicBriefing } from './fixtures/waic-briefing';
import {
  addItem,
  BRIEFING_SCHEMA_VERSION,
  addSection,
  briefingLanguage,
  createBriefing,
  duplicateBriefing,
  duplicateItem,
  duplicateSection,
  findItem,
  itemsForAnnotation,
  moveItem,
  moveSection,
  parseBriefing,
  removeItem,
  removeSection,
  renameSection,
  syncFromAnnotation,
  updateItem,
  type Briefing,
} from './model';

function ids(prefix = 'x') {
  let n = 0;
  return (p: string) => `${p}${prefix}${String(++n).padStart(3, '0')}`;
}

const order = (b: Briefing) => b.sections.map((s) => `${s.id}:${s.items.map((i) => i.id).join(',')}`);

describe('briefing schema', () => {
  it('accepts the realistic 简报 fixture unchanged', () => {
    const b = waicBriefing();
    expect(parseBriefing(structuredClone(b))).toEqual(b);
  });

  it.each([
    ['header.date', (b: any) => (b.header.date = '2023-02-30'), 'header.date'],
    ['header.date format', (b: any) => (b.header.date = '12/07/2023'), 'header.date'],
    ['empty title', (b: any) => (b.header.title = '  '), 'header.title'],
    ['multi-line heading', (b: any) => (b.sections[0].heading = 'a\nb'), 'sections.0.heading'],
    ['unknown item kind', (b: any) => (b.sections[0].items[0].kind = 'image'), 'sections.0.items.0.kind'],
    ['empty quote', (b: any) => (b.sections[0].items[0].quote = ''), 'sections.0.items.0.quote'],
    ['bad citation url', (b: any) => (b.sections[0].items[0].citation.url = 'not a url'), 'sections.0.items.0.citation.url'],
    ['unknown template', (b: any) => (b.template = 'fancy'), 'template'],
    ['unknown field', (b: any) => (b.extra = 1), ''],
    ['future schemaVersion', (b: any) => (b.schemaVersion = BRIEFING_SCHEMA_VERSION + 1), 'schemaVersion'],
    ['unknown comment label', (b: any) => (b.header.noteLabel = 'remark'), 'header.noteLabel'],
    ['copies not a whole number', (b: any) => (b.header.copies = 2.5), 'header.copies'],
    ['series without an id', (b: any) => (b.header.series = { numbering: 'yearly' }), 'header.series.id'],
  ])('rejects %s with a message naming the field', (_name, mutate, field) => {
    const b = structuredClone(waicBriefing()) as any;
    mutate(b);
    let error: unknown;
    try {
      parseBriefing(b, 'briefings/b-waic-2023-12.json');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(BdError);
    expect((error as BdError).code).toBe('invalid-params');
    expect((error as BdError).message).toMatch(/^briefings\/b-waic-2023-12\.json: /);
    if (field) expect((error as BdError).field).toBe(`briefings/b-waic-2023-12.json.${field}`);
  });

  it('guesses the label language from the title unless the header says it', () => {
    const b = waicBriefing();
    expect(briefingLanguage(b)).toBe('zh');
    expect(briefingLanguage({ header: { ...b.header, title: 'AI policy watch' } })).toBe('en');
    expect(briefingLanguage({ header: { ...b.header, language: 'en' } })).toBe('en');
  });
});

describe('briefing operations', () => {
  it('creates a valid empty briefing', () => {
    const b = createBriefing({ title: '新简报', date: '2024-01-05', now: '2024-01-05T00:00:00Z', template: 'gbt9704' }, ids());
    expect(b).toMatchObject({ id: 'bx001', schemaVersion: BRIEFING_SCHEMA_VERSION, sections: [], template: 'gbt9704', summary: '' });
    // Every new briefing starts a series of its own, so its next issue can follow it.
    expect(b.header.series).toEqual({ id: 'srx002' });
  });

  it('adds sections at the end or at an index, without touching the original', () => {
    const b = waicBriefing();
    const before = structuredClone(b);
    const added = addSection(b, '新增', { newId: ids(), now: 'T1' });
    expect(added.sections.at(-1)).toEqual({ id: 'sx001', heading: '新增', items: [] });
    expect(added.modified).toBe('T1');
    expect(addSection(b, '首', { index: 0, newId: ids() }).sections[0].heading).toBe('首');
    expect(b).toEqual(before);
  });

  it('moves sections and items, clamping indices', () => {
    const b = waicBriefing();
    const moved = moveSection(b, 's-advice', 0);
    expect(moved.sections.map((s) => s.id)).toEqual(['s-advice', 's-results', 's-scenarios', 's-compute']);
    expect(moveSection(b, 's-results', 99).sections.at(-1)!.id).toBe('s-results');

    const across = moveItem(b, 'i-hl-001', 's-compute', 1);
    expect(across.sections[0].items.map((i) => i.id)).toEqual(['i-hl-002']);
    expect(across.sections[2].items.map((i) => i.id)).toEqual(['i-hl-007', 'i-hl-001', 'i-hl-008', 'i-hl-009']);

    const within = moveItem(b, 'i-hl-001', 's-results', 5);
    expect(within.sections[0].items.map((i) => i.id)).toEqual(['i-hl-002', 'i-hl-001']);
    expect(parseBriefing(across)).toEqual(across);
  });

  it('adds, updates, duplicates and removes items', () => {
    let b = waicBriefing();
    b = addItem(b, 's-advice', { kind: 'markdown', markdown: '补充说明。' }, { newId: ids(), index: 0 });
    expect(b.sections[3].items[0]).toEqual({ kind: 'markdown', id: 'ix001', markdown: '补充说明。' });
    expect(() => addItem(b, 's-advice', { kind: 'markdown', id: 'ix001', markdown: '' })).toThrow(/already/);

    b = updateItem(b, 'i-hl-002', { note: '新的批注' });
    expect(findItem(b, 'i-hl-002')!.item).toMatchObject({ kind: 'highlight', note: '新的批注' });

    b = duplicateItem(b, 'i-hl-002', { newId: ids('d') });
    expect(b.sections[0].items.map((i) => i.id)).toEqual(['i-hl-001', 'i-hl-002', 'id001']);

    b = removeItem(b, 'i-hl-001');
    expect(b.sections[0].items.map((i) => i.id)).toEqual(['i-hl-002', 'id001']);
    expect(parseBriefing(b)).toEqual(b);
  });

  it('renames, duplicates and removes sections; duplicates whole briefings with fresh ids', () => {
    let b = renameSection(waicBriefing(), 's-results', '大会成果');
    expect(b.sections[0].heading).toBe('大会成果');
    b = duplicateSection(b, 's-results', { newId: ids() });
    expect(b.sections[1]).toMatchObject({ id: 'sx001', heading: '大会成果' });
    expect(b.sections[1].items.map((i) => i.id)).toEqual(['ix002', 'ix003']);
    b = removeSection(b, 'sx001');
    expect(order(b)).toEqual(order(renameSection(waicBriefing(), 's-results', '大会成果')));

    const copy = duplicateBriefing(waicBriefing(), { now: 'T2', title: '副本', newId: ids('c') });
    expect(copy.id).toBe('bc001');
    expect(copy.header.title).toBe('副本');
    const allIds = copy.sections.flatMap((s) => [s.id, ...s.items.map((i) => i.id)]);
    expect(new Set(allIds).size).toBe(allIds.length);
    expect(allIds.every((id) => /c\d{3}$/.test(id))).toBe(true);
  });

  it('names the missing id when the UI is stale', () => {
    const b = waicBriefing();
    expect(() => removeItem(b, 'i-gone')).toThrow(/no item i-gone/);
    expect(() => moveItem(b, 'i-hl-001', 's-gone', 0)).toThrow(/no section s-gone/);
    try {
      moveSection(b, 's-gone', 0);
    } catch (err) {
      expect((err as BdError).code).toBe('not-found');
    }
  });

  it('pulls later note edits from the annotation into every item made from it', () => {
    let b = waicBriefing();
    b = duplicateItem(b, 'i-hl-002', { newId: ids() });
    expect(itemsForAnnotation(b, 'a-waic-002')).toHaveLength(2);
    const synced = syncFromAnnotation(b, { id: 'a-waic-002', note: '批注已更新' }, 'T3');
    expect(itemsForAnnotation(synced, 'a-waic-002').map((i) => i.note)).toEqual(['批注已更新', '批注已更新']);
    expect(synced.modified).toBe('T3');
    expect(synced.sections[1]).toBe(b.sections[1]); // untouched sections are shared
    expect(syncFromAnnotation(synced, { id: 'a-waic-002', note: '批注已更新' })).toBe(synced);
  });
});
