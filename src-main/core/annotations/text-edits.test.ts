/**
 * Text corrections and revisions against a real library on disk, through
 * the services themselves (no contract): block boundaries follow the edit,
 * highlights after it move with their passage, bad edits are refused with
 * the field named and nothing written, and a revised file replaces the text
 * and becomes the kept original.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LibraryStore } from '../library/store';
import { parsePlainText } from '../import/plain-text';
import { AnnotationService } from './annotation-service';
import { shiftBlocks, TextEdits } from './text-edits';
import type { Block } from '../../common/model';

let dir: string;
let store: LibraryStore;
let annotations: AnnotationService;
let edits: TextEdits;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bd-text-edits-'));
  store = await LibraryStore.open(dir);
  annotations = new AnnotationService(store);
  edits = new TextEdits(store, annotations);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function addText(text: string, name = 'a.txt') {
  return store.addArticle(parsePlainText(text), { format: 'text', fileName: name }, { name, bytes: new TextEncoder().encode(text) });
}

describe('shiftBlocks', () => {
  const blocks: Block[] = [
    { kind: 'heading', start: 0, end: 6 },
    { kind: 'paragraph', start: 7, end: 20 },
    { kind: 'paragraph', start: 21, end: 30 },
  ];
  it('moves later blocks by the change in length and stretches the block edited', () => {
    expect(shiftBlocks(blocks, 10, 12, 5)).toEqual([
      { kind: 'heading', start: 0, end: 6 },
      { kind: 'paragraph', start: 7, end: 23 },
      { kind: 'paragraph', start: 24, end: 33 },
    ]);
  });
  it('drops a block the edit empties and keeps the ones around it', () => {
    expect(shiftBlocks(blocks, 7, 20, 0)).toEqual([
      { kind: 'heading', start: 0, end: 6 },
      { kind: 'paragraph', start: 8, end: 17 },
    ]);
  });
  it('leaves blocks before the edit alone', () => {
    expect(shiftBlocks(blocks, 25, 27, 1).slice(0, 2)).toEqual(blocks.slice(0, 2));
  });
});

describe('TextEdits', () => {
  it('corrects a typo before a highlight: the highlight keeps its passage, the report says it moved', async () => {
    const entry = await addText('粮食安全\n今年夏粮总产量达到2923亿斤，比上年增加。\n种业振兴行动深入实施。');
    const article = await store.getArticle(entry.id);
    const start = article.text.indexOf('种业振兴');
    const mark = await annotations.create({ articleId: entry.id, start, end: start + 4, color: 'policy', note: '种业' });
    const typo = article.text.indexOf('今年');
    const { article: after, report } = await edits.correct({ id: entry.id, start: typo, end: typo + 2, text: '2024年上半年' });
    expect(after.text).toContain('2024年上半年夏粮');
    expect(report).toMatchObject({ total: 1, moved: 1, orphaned: 0 });
    const [moved] = await annotations.list(entry.id);
    expect(moved.id).toBe(mark.id);
    const selector = moved.target.selector.find((s) => s.type === 'TextPositionSelector') as { start: number; end: number };
    expect(after.text.slice(selector.start, selector.end)).toBe('种业振兴');
  });

  it('refuses a range outside the text, a line break and an edit that empties the article, writing nothing', async () => {
    const entry = await addText('Grid operators expand storage\nRecord battery capacity was added in the first half.');
    const before = await store.getArticle(entry.id);
    const length = before.text.length;
    await expect(edits.correct({ id: entry.id, start: 0, end: length + 1, text: 'x' })).rejects.toMatchObject({ code: 'invalid-params', field: 'end' });
    await expect(edits.correct({ id: entry.id, start: 0, end: 4, text: 'a\nb' })).rejects.toMatchObject({ code: 'invalid-params', field: 'text' });
    await expect(edits.correct({ id: entry.id, start: 0, end: length, text: '  ' })).rejects.toMatchObject({ code: 'refused' });
    expect((await store.getArticle(entry.id)).text).toBe(before.text);
    await expect(edits.correct({ id: 'a000000000000', start: 0, end: 1, text: 'x' })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('revises the article from a new version of its file: new text, highlights re-anchored, the file kept as the original', async () => {
    const entry = await addText('Central bank cuts reserve ratio\nThe central bank cut the reserve requirement ratio by 0.25 percentage points.', 'rrr.txt');
    const article = await store.getArticle(entry.id);
    const start = article.text.indexOf('0.25 percentage points');
    await annotations.create({ articleId: entry.id, start, end: start + 22, color: 'figure' });
    const revised =
      '# Central bank cuts reserve ratio\n\nOn Friday the central bank cut the reserve requirement ratio by 0.25 percentage points, freeing long-term funds.\n';
    const { article: after, report } = await edits.revise({ id: entry.id, name: 'rrr-v2.md', bytes: new TextEncoder().encode(revised) });
    expect(after.text).toContain('On Friday');
    expect(report).toMatchObject({ total: 1, orphaned: 0 });
    const names = await readdir(store.articleDir(entry.id));
    expect(names).toContain('original.md');
    await expect(edits.revise({ id: entry.id, name: 'junk.md', bytes: new Uint8Array([0, 159, 146, 150, 0, 0]) })).rejects.toThrow();
    expect((await store.getArticle(entry.id)).text).toBe(after.text);
  });
});
