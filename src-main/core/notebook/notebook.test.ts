/**
 * The notebook over the contract, against a real library on disk: every
 * highlight of the library filtered by colour, tag, article, source, date
 * and words, with counts that say what each choice would show; sorted four
 * ways both ways; paged; select-all keys; exports of a selection (Markdown,
 * Word read back, W3C JSON-LD) and "in 《briefing》" citations that follow
 * briefing saves and deletes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Core } from '../core';
import type { HighlightPage, HighlightKey } from '../../common/contract/notebook';
import type { Annotation } from '../../common/annotation';
import { zipPartText } from '../../../tests/support/zip-part';

let dir: string;
let core: Core;
const ids: Record<string, string> = {};
const marks: Record<string, Annotation> = {};

const ARTICLES = [
  { key: 'ai', title: '人工智能大会在上海开幕', source: '人民日报', text: '世界人工智能大会开幕，算力底座建设加快。智能算力规模持续增长。' },
  { key: 'grain', title: '夏粮再获丰收', source: '新华社', text: '全国夏粮总产量达到2923亿斤，种业振兴行动深入实施。' },
  { key: 'bank', title: 'Central bank cuts reserve ratio', source: '', text: 'The central bank cut the reserve requirement ratio by 0.25 percentage points.' },
];

/** [key, article, phrase, colour, note, tags] */
const HIGHLIGHTS = [
  ['compute', 'ai', '算力底座建设加快', 'key', '算力是重点', ['算力']],
  ['scale', 'ai', '智能算力规模持续增长', 'figure', '', ['算力', '数据']],
  ['harvest', 'grain', '2923亿斤', 'figure', '夏粮产量', ['粮食']],
  ['seed', 'grain', '种业振兴行动', 'policy', '', []],
  ['rrr', 'bank', 'reserve requirement ratio', 'risk', 'RRR cut of **0.25**', ['Finance']],
] as const;

async function page(params: Record<string, unknown>): Promise<HighlightPage> {
  return (await core.call('queryHighlights', params)) as HighlightPage;
}
const quotes = (p: HighlightPage) => p.items.map((i) => i.quote);
const count = (facets: { value: string; count: number }[], value: string) => facets.find((f) => f.value === value)?.count ?? 0;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bd-notebook-'));
  core = await Core.open({ dir, host: 'cli', seedSample: false, searchIndex: 'lazy' });
  for (const a of ARTICLES) {
    const { id } = (await core.call('importText', { text: `${a.title}\n\n${a.text}` })) as { id: string };
    ids[a.key] = id;
    await core.call('updateArticleMeta', { id, meta: { source: a.source } });
  }
  for (const [key, article, phrase, color, note, tags] of HIGHLIGHTS) {
    const text = (await core.call('getArticle', { id: ids[article] })) as { text: string };
    const start = text.text.indexOf(phrase);
    marks[key] = (await core.call('createAnnotation', {
      articleId: ids[article],
      start,
      end: start + phrase.length,
      color,
      note,
      tags: [...tags],
    })) as Annotation;
  }
});

afterEach(async () => {
  await core.close();
  await rm(dir, { recursive: true, force: true });
});

describe('queryHighlights', () => {
  it('lists every highlight of the library, newest first, with article, source and colour counts', async () => {
    const all = await page({});
    expect(all.total).toBe(5);
    expect(all.libraryTotal).toBe(5);
    expect(quotes(all)).toEqual(HIGHLIGHTS.map((h) => h[2]).reverse());
    expect(all.items[0]).toMatchObject({
      articleId: ids.bank,
      articleTitle: 'Central bank cuts reserve ratio',
      color: 'risk',
      tags: ['Finance'],
      briefings: [],
    });
    expect(all.items[0].source).toBeUndefined();
    expect(all.colors).toEqual([
      { value: 'key', count: 1 },
      { value: 'figure', count: 2 },
      { value: 'policy', count: 1 },
      { value: 'risk', count: 1 },
      { value: 'verify', count: 0 },
    ]);
    expect(all.tags[0]).toEqual({ value: '算力', count: 2 });
    expect(all.sources.map((s) => [s.value, s.count])).toEqual([
      ['人民日报', 2],
      ['新华社', 2],
      ['', 1],
    ]);
    expect(all.articles.map((a) => [a.title, a.count])).toEqual([
      ['人工智能大会在上海开幕', 2],
      ['夏粮再获丰收', 2],
      ['Central bank cuts reserve ratio', 1],
    ]);
  });

  it('filters by colour, tag, article, source, date and words; counts keep the other filters', async () => {
    const figures = await page({ color: 'figure' });
    expect(quotes(figures).sort()).toEqual(['2923亿斤', '智能算力规模持续增长']);
    // With "figure" chosen, the colour counts still say what each other colour would show…
    expect(count(figures.colors, 'key')).toBe(1);
    // …while the tag and article counts follow the colour filter.
    expect(count(figures.tags, '粮食')).toBe(1);
    expect(count(figures.tags, 'Finance')).toBe(0);
    expect(quotes(await page({ tag: '算力' })).sort()).toEqual(['智能算力规模持续增长', '算力底座建设加快']);
    expect(quotes(await page({ articleId: ids.grain })).sort()).toEqual(['2923亿斤', '种业振兴行动']);
    expect(quotes(await page({ source: '' }))).toEqual(['reserve requirement ratio']);
    expect(quotes(await page({ source: '新华社', color: 'policy' }))).toEqual(['种业振兴行动']);
    // Words: in the quote, the note (算力是重点), tags or the article's title; width- and case-insensitive.
    expect(quotes(await page({ text: '算力' })).sort()).toEqual(['智能算力规模持续增长', '算力底座建设加快']);
    expect(quotes(await page({ text: '夏粮' })).sort()).toEqual(['2923亿斤', '种业振兴行动']);
    expect(quotes(await page({ text: 'ＲＲＲ' }))).toEqual(['reserve requirement ratio']);
    expect(quotes(await page({ text: '算力 数据' }))).toEqual(['智能算力规模持续增长']);
    const today = new Date().toISOString().slice(0, 10);
    expect((await page({ from: today, to: today })).total).toBe(5);
    const none = await page({ from: '2000-01-01', to: '2000-12-31' });
    expect(none.total).toBe(0);
    expect(none.libraryTotal).toBe(5);
    await expect(core.call('queryHighlights', { from: '2024-02-01', to: '2024-01-01' })).rejects.toThrow(/from/);
    await expect(core.call('queryHighlights', { color: 'purple' })).rejects.toThrow(/color/);
  });

  it('sorts by created, modified, article and colour, both ways, and pages add up to the whole', async () => {
    const created = quotes(await page({ sort: 'created', order: 'asc' }));
    expect(created).toEqual(HIGHLIGHTS.map((h) => h[2]));
    await core.call('updateAnnotation', { articleId: ids.grain, id: marks.seed.id, note: '改过' });
    expect(quotes(await page({ sort: 'modified' }))[0]).toBe('种业振兴行动');
    // Articles in collation order (pinyin: ren < xia, Latin last), highlights in text order within.
    expect(quotes(await page({ sort: 'article' }))).toEqual([
      '算力底座建设加快',
      '智能算力规模持续增长',
      '2923亿斤',
      '种业振兴行动',
      'reserve requirement ratio',
    ]);
    expect(quotes(await page({ sort: 'article', order: 'desc' }))).toEqual([
      'reserve requirement ratio',
      '2923亿斤',
      '种业振兴行动',
      '算力底座建设加快',
      '智能算力规模持续增长',
    ]);
    expect((await page({ sort: 'color' })).items.map((i) => i.color)).toEqual(['key', 'figure', 'figure', 'policy', 'risk']);
    expect((await page({ sort: 'color', order: 'desc' })).items.map((i) => i.color)).toEqual(['risk', 'policy', 'figure', 'figure', 'key']);
    const paged = [...quotes(await page({ limit: 2 })), ...quotes(await page({ limit: 2, offset: 2 })), ...quotes(await page({ limit: 2, offset: 4 }))];
    expect(paged).toEqual(quotes(await page({})));
  });

  it('follows highlights as they are added, changed and deleted, and articles as they go', async () => {
    await core.call('updateAnnotation', { articleId: ids.ai, id: marks.compute.id, tags: ['新基建'] });
    expect(quotes(await page({ tag: '新基建' }))).toEqual(['算力底座建设加快']);
    await core.call('deleteAnnotation', { articleId: ids.bank, id: marks.rrr.id });
    expect((await page({})).total).toBe(4);
    await core.call('deleteArticle', { id: ids.grain });
    const left = await page({});
    expect(left.total).toBe(2);
    expect(left.articles.map((a) => a.value)).toEqual([ids.ai]);
  });
});

describe('listHighlightKeys and exportHighlights', () => {
  it('lists the keys of every match, to select them all', async () => {
    const { highlights } = (await core.call('listHighlightKeys', { tag: '算力' })) as { highlights: HighlightKey[] };
    expect(highlights).toEqual([
      { articleId: ids.ai, annotationId: marks.scale.id },
      { articleId: ids.ai, annotationId: marks.compute.id },
    ]);
  });

  it('exports a selection as Markdown grouped by article, W3C JSON-LD and a Word document', async () => {
    const chosen = [
      { articleId: ids.grain, annotationId: marks.harvest.id },
      { articleId: ids.bank, annotationId: marks.rrr.id },
      { articleId: ids.grain, annotationId: marks.seed.id },
    ];
    type Out = { fileName: string; mime: string; dataBase64: string; count: number };
    const md = (await core.call('exportHighlights', { highlights: chosen, format: 'md', title: '七月笔记' })) as Out;
    expect(md.fileName).toBe('七月笔记.md');
    expect(md.count).toBe(3);
    const text = Buffer.from(md.dataBase64, 'base64').toString('utf8');
    expect(text).toContain('夏粮再获丰收');
    expect(text).toContain('2923亿斤');
    expect(text).toContain('种业振兴行动');
    expect(text).toContain('RRR cut of **0.25**');
    expect(text).not.toContain('算力底座');
    expect(text.indexOf('夏粮再获丰收')).toBeLessThan(text.indexOf('Central bank'));

    const w3c = (await core.call('exportHighlights', { highlights: chosen, format: 'w3c' })) as Out;
    const collection = JSON.parse(Buffer.from(w3c.dataBase64, 'base64').toString('utf8'));
    expect(collection.type).toBe('AnnotationCollection');
    expect(collection.total).toBe(3);
    expect(w3c.fileName.endsWith('.jsonld')).toBe(true);

    const docx = (await core.call('exportHighlights', { filter: { source: '新华社' }, format: 'docx', title: '夏粮笔记' })) as Out;
    expect(docx.fileName).toBe('夏粮笔记.docx');
    expect(docx.count).toBe(2);
    const xml = zipPartText(Buffer.from(docx.dataBase64, 'base64'), 'word/document.xml');
    expect(xml).toContain('2923亿斤');
    expect(xml).toContain('种业振兴行动');
    expect(xml).not.toContain('reserve requirement');
    // Nothing was saved as a briefing.
    expect(await core.call('listBriefings', {})).toEqual([]);
  });

  it('refuses unknown highlights, an empty match and an ambiguous request, naming the field', async () => {
    await expect(core.call('exportHighlights', { highlights: [{ articleId: ids.ai, annotationId: 'nosuchid' }], format: 'md' })).rejects.toThrow(/nosuchid/);
    await expect(core.call('exportHighlights', { filter: { tag: '没有' }, format: 'md' })).rejects.toThrow(/No highlight matches/);
    await expect(core.call('exportHighlights', { format: 'md' })).rejects.toThrow(/highlights/);
  });
});

describe('citations: which briefings hold a highlight', () => {
  it('shows the briefings on notebook rows and per article, following saves and deletes', async () => {
    const b = (await core.call('createBriefing', { title: '算力周报' })) as { id: string };
    await core.call('addHighlightsToBriefing', { briefingId: b.id, highlights: [{ articleId: ids.ai, annotationId: marks.compute.id }] });
    const rows = (await page({ articleId: ids.ai })).items;
    expect(rows.find((r) => r.id === marks.compute.id)!.briefings).toEqual([{ id: b.id, title: '算力周报' }]);
    expect(rows.find((r) => r.id === marks.scale.id)!.briefings).toEqual([]);
    expect(await core.call('highlightCitations', { articleId: ids.ai })).toEqual({ citations: { [marks.compute.id]: [{ id: b.id, title: '算力周报' }] } });
    await core.call('deleteBriefing', { id: b.id });
    expect(await core.call('highlightCitations', { articleId: ids.ai })).toEqual({ citations: {} });
  });
});
