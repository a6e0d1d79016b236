/**
 * The highlight index against a real library on disk: highlight tags come
 * from index/highlights.json when the library opens, checked against the
 * annotation files (changed, added, deleted and damaged files, a damaged or
 * missing summary), without holding every highlight in memory; the notebook
 * still gets every highlight when it asks.
 */
import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Core } from '../core';
import type { ArticlePage } from '../../common/contract/library-query';
import type { HighlightPage } from '../../common/contract/notebook';
import type { AnnotationsFile } from '../../common/annotation';
import { decodeFile, highlightSummaryKind, type HighlightSummaryFile } from '../library/file-kinds';

let dir: string;
let core: Core | null = null;
const ids: Record<string, string> = {};

const ARTICLES = [
  { key: 'energy', text: '新型储能装机规模突破3000万千瓦\n\n国家能源局发布数据，新型储能装机规模突破3000万千瓦，抽水蓄能项目加快建设。' },
  { key: 'trade', text: '前三季度货物贸易进出口同比增长\n\n海关总署统计，前三季度我国货物贸易进出口总值同比增长，民营企业进出口占比提升。' },
  { key: 'wheat', text: 'Wheat output rises in the north\n\nWinter wheat output in the northern provinces rose by 2.1 percent on better irrigation.' },
  { key: 'quiet', text: '城市更新行动稳步推进\n\n各地稳步推进城市更新行动，老旧小区改造持续开展。' },
];

async function open(mode: 'eager' | 'lazy' = 'eager'): Promise<Core> {
  core = await Core.open({ dir, host: 'cli', seedSample: false, searchIndex: mode });
  return core;
}
async function close(): Promise<void> {
  await core?.close();
  core = null;
}
async function mark(c: Core, key: string, phrase: string, tags: string[]): Promise<void> {
  const { text } = (await c.call('getArticle', { id: ids[key] })) as { text: string };
  const start = text.indexOf(phrase);
  expect(start).toBeGreaterThanOrEqual(0);
  await c.call('createAnnotation', { articleId: ids[key], start, end: start + phrase.length, color: 'key', tags });
}
/** Article titles carrying `tag` (own or highlight tags), through the paged list. */
async function withTag(c: Core, tag: string): Promise<string[]> {
  const page = (await c.call('queryArticles', { offset: 0, limit: 50, sort: 'title', tag })) as ArticlePage;
  return page.items.map((i) => Object.keys(ids).find((k) => ids[k] === i.id)!).sort();
}
async function summary(): Promise<HighlightSummaryFile> {
  const decoded = decodeFile(highlightSummaryKind, await readFile(join(dir, 'index', 'highlights.json'), 'utf8'));
  if (!decoded.ok) throw new Error(decoded.reason);
  return decoded.data;
}
const annotationsPath = (key: string) => join(dir, 'articles', ids[key], 'annotations.json');

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bd-highlight-index-'));
  const c = await open('lazy');
  for (const a of ARTICLES) ids[a.key] = ((await c.call('importText', { text: a.text })) as { id: string }).id;
  await mark(c, 'energy', '新型储能', ['储能', '要点']);
  await mark(c, 'energy', '抽水蓄能', ['储能']);
  await mark(c, 'trade', '民营企业', ['外贸']);
  await mark(c, 'wheat', 'Winter wheat', ['Grain']);
  await close();
});

afterEach(async () => {
  await close();
  await rm(dir, { recursive: true, force: true });
});

describe('highlight tags from index/highlights.json', () => {
  it('are learnt once from the files and written down, each with the stamp of its file', async () => {
    const c = await open();
    await c.ctx.highlights.loadTags();
    expect(c.ctx.highlights.status()).toMatchObject({ tagsReady: true, ready: false });
    expect(await withTag(c, '储能')).toEqual(['energy']);
    await close();
    const s = await summary();
    expect(Object.keys(s.articles).sort()).toEqual([ids.energy, ids.trade, ids.wheat].sort());
    expect(s.articles[ids.energy]).toMatchObject({ count: 2, tags: ['储能', '要点'] });
    expect(s.articles[ids.wheat]).toMatchObject({ count: 1, tags: ['Grain'] });
    expect(s.articles[ids.energy].stamp).toMatch(/^\d+(\.\d+)?:\d+$/);
  });

  it('on the next open come from the summary: no highlight is held in memory until the notebook asks', async () => {
    await open();
    await core!.ctx.highlights.loadTags();
    await close();
    const c = await open();
    await c.ctx.highlights.loadTags();
    expect(await withTag(c, '外贸')).toEqual(['trade']);
    expect(await withTag(c, 'Grain')).toEqual(['wheat']);
    expect([...c.ctx.highlights.all()]).toHaveLength(0);
    const page = (await c.call('queryArticles', { offset: 0, limit: 50, sort: 'title' })) as ArticePageWithTags;
    expect(page.complete).toBe(true);
    expect(page.items.find((i) => i.id === ids.energy)!.highlightTags).toEqual(['储能', '要点']);
    expect(page.tags.find((t) => t.value === '储能')?.count).toBe(1);
    // The notebook reads every highlight when it is asked for them.
    const notes = (await c.call('queryHighlights', { offset: 0, limit: 50, sort: 'created', tag: '储能' })) as HighlightPage;
    expect(notes.items.map((i) => i.quote).sort()).toEqual(['抽水蓄能', '新型储能']);
    expect(notes.complete).toBe(true);
  });

  it('follow files changed while the app was closed (another process, a restore), and files deleted or damaged', async () => {
    await open();
    await core!.ctx.highlights.loadTags();
    await close();
    // The CLI (which never learns the tags) adds a tag to the quiet article and changes the wheat highlight's tag.
    let c = await open('lazy');
    await mark(c, 'quiet', '老旧小区改造', ['城建']);
    const wheat = (await c.call('listAnnotations', { articleId: ids.wheat })) as { id: string }[];
    await c.call('updateAnnotation', { articleId: ids.wheat, id: wheat[0].id, tags: ['Harvest'] });
    await close();
    // The trade highlights are gone behind the app's back; the energy file is damaged.
    await unlink(annotationsPath('trade'));
    await writeFile(annotationsPath('energy'), '{"schemaVersion":1,"articleId":"', 'utf8');
    c = await open();
    await c.ctx.highlights.loadTags();
    expect(await withTag(c, '城建')).toEqual(['quiet']);
    expect(await withTag(c, 'Harvest')).toEqual(['wheat']);
    expect(await withTag(c, 'Grain')).toEqual([]);
    expect(await withTag(c, '外贸')).toEqual([]);
    expect(await withTag(c, '储能')).toEqual([]);
    await close();
    const s = await summary();
    expect(s.articles[ids.quiet]).toMatchObject({ count: 1, tags: ['城建'] });
    expect(s.articles[ids.wheat].tags).toEqual(['Harvest']);
    expect(s.articles[ids.trade]).toBeUndefined();
  });

  it('follow changes made while the app runs, and are saved for the next open', async () => {
    let c = await open();
    await c.ctx.highlights.loadTags();
    await mark(c, 'quiet', '城市更新行动', ['城建', '要点']);
    const energy = (await c.call('listAnnotations', { articleId: ids.energy })) as { id: string }[];
    for (const a of energy) await c.call('deleteAnnotation', { articleId: ids.energy, id: a.id });
    expect(await withTag(c, '要点')).toEqual(['quiet']);
    await c.call('deleteArticle', { id: ids.trade });
    await close();
    const s = await summary();
    expect(s.articles[ids.quiet].tags).toEqual(['城建', '要点']);
    expect(s.articles[ids.energy]).toMatchObject({ count: 0, tags: [] });
    expect(s.articles[ids.trade]).toBeUndefined();
    c = await open();
    await c.ctx.highlights.loadTags();
    expect(await withTag(c, '要点')).toEqual(['quiet']);
    expect(await withTag(c, '储能')).toEqual([]);
  });

  it('a damaged, wrong-shaped or missing summary is learnt again from the files and written anew', async () => {
    for (const bad of ['{"schemaVersion":1,"savedAt":"x","articles":{"a1":{"stamp":5}}}', 'not json', null]) {
      await open();
      await core!.ctx.highlights.loadTags();
      await close();
      const path = join(dir, 'index', 'highlights.json');
      if (bad === null) await unlink(path);
      else await writeFile(path, bad, 'utf8');
      const c = await open();
      await c.ctx.highlights.loadTags();
      expect(await withTag(c, '储能')).toEqual(['energy']);
      expect(await withTag(c, 'Grain')).toEqual(['wheat']);
      await close();
      expect(existsSync(path)).toBe(true);
      expect((await summary()).articles[ids.energy].tags).toEqual(['储能', '要点']);
      expect(existsSync(join(dir, 'quarantine', 'highlights.json'))).toBe(false);
    }
  });

  it('a summary that lists tags a file no longer has (a stamp that does not match) is not believed', async () => {
    await open();
    await core!.ctx.highlights.loadTags();
    await close();
    const s = await summary();
    s.articles[ids.quiet] = { stamp: '1:1', count: 1, tags: ['幽灵'] };
    s.articles[ids.wheat] = { ...s.articles[ids.wheat], stamp: '1:1', tags: ['幽灵'] };
    await writeFile(join(dir, 'index', 'highlights.json'), JSON.stringify(s), 'utf8');
    const c = await open();
    await c.ctx.highlights.loadTags();
    expect(await withTag(c, '幽灵')).toEqual([]);
    expect(await withTag(c, 'Grain')).toEqual(['wheat']);
    const file = JSON.parse(await readFile(annotationsPath('wheat'), 'utf8')) as AnnotationsFile;
    expect(file.annotations[0].tags).toEqual(['Grain']);
  });
});

type ArticePageWithTags = ArticlePage & { complete: boolean };
