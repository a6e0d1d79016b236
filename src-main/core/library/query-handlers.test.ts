/**
 * The paged article list over the contract, against a real library on disk:
 * sorting by added, date, title and source both ways; filters (tag by the
 * tag model, source, date range, text) with facet counts that count what
 * each choice would show; pages that add up to the whole; highlight tags
 * followed as they change; the bulk actions of a multi-selection; and
 * search's tag filter following the same model.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Core } from '../core';
import type { ArticlePage } from '../../common/contract/library-query';

let dir: string;
let core: Core;
const ids: Record<string, string> = {};

const ARTICLES = [
  {
    key: 'ai',
    title: '人工智能大会在上海开幕',
    source: '人民日报',
    published: '2023-07-07',
    tags: ['人工智能'],
    text: '世界人工智能大会开幕，算力底座建设加快。',
  },
  { key: 'grain', title: '夏粮再获丰收', source: '新华社', published: '2023-07-15', tags: [], text: '全国夏粮总产量达到2923亿斤，种业振兴行动深入实施。' },
  {
    key: 'bank',
    title: 'Central bank cuts reserve ratio',
    source: 'Ｒｅｕｔｅｒｓ',
    published: '2024-01-20',
    tags: ['金融'],
    text: 'The central bank cut the reserve requirement ratio by 0.25 percentage points.',
  },
  {
    key: 'health',
    title: '紧密型县域医共体建设',
    source: '',
    published: '',
    tags: [],
    text: '国家卫生健康委部署推进紧密型县域医共体建设，力争到2025年底基本实现全覆盖。',
  },
  {
    key: 'road',
    title: '交通固定资产投资增长',
    source: '人民日报',
    published: '2023-10-30',
    tags: ['基建'],
    text: '前三季度全国完成交通固定资产投资2.8万亿元。',
  },
];

async function page(params: Record<string, unknown>): Promise<ArticlePage> {
  return (await core.call('queryArticles', params)) as ArticlePage;
}
const titles = (p: ArticlePage) => p.items.map((i) => i.title);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bd-list-'));
  core = await Core.open({ dir, host: 'cli', seedSample: false, searchIndex: 'lazy' });
  for (const a of ARTICLES) {
    const { id } = (await core.call('importText', { text: `${a.title}\n\n${a.text}` })) as { id: string };
    ids[a.key] = id;
    await core.call('updateArticleMeta', { id, meta: { source: a.source, published: a.published, tags: a.tags } });
  }
});

afterEach(async () => {
  await core.close();
  await rm(dir, { recursive: true, force: true });
});

describe('queryArticles', () => {
  it('sorts by added, date, title and source, both ways', async () => {
    expect(titles(await page({}))).toEqual(ARTICLES.map((a) => a.title).reverse());
    expect(titles(await page({ sort: 'added', order: 'asc' }))).toEqual(ARTICLES.map((a) => a.title));
    const byDate = titles(await page({ sort: 'date' }));
    // The undated article counts as published the day it was added (today), so it comes first.
    expect(byDate).toEqual(['紧密型县域医共体建设', 'Central bank cuts reserve ratio', '交通固定资产投资增长', '夏粮再获丰收', '人工智能大会在上海开幕']);
    expect(titles(await page({ sort: 'date', order: 'asc' }))).toEqual([...byDate].reverse());
    // Chinese collation: Han in pinyin order (jiao < jin < ren < xia), then Latin (full-width read as ASCII).
    expect(titles(await page({ sort: 'title' }))).toEqual([
      '交通固定资产投资增长',
      '紧密型县域医共体建设',
      '人工智能大会在上海开幕',
      '夏粮再获丰收',
      'Central bank cuts reserve ratio',
    ]);
    const bySource = await page({ sort: 'source' });
    expect(bySource.items.map((i) => i.source ?? '')).toEqual(['人民日报', '人民日报', '新华社', 'Ｒｅｕｔｅｒｓ', '']);
    const bySourceDesc = await page({ sort: 'source', order: 'desc' });
    // Articles without a source stay last either way.
    expect(bySourceDesc.items.map((i) => i.source ?? '')).toEqual(['Ｒｅｕｔｅｒｓ', '新华社', '人民日报', '人民日报', '']);
  });

  it('pages add up to the whole list, and a page past the end is empty', async () => {
    const all = titles(await page({ sort: 'title' }));
    const pages = [];
    for (let offset = 0; offset < 5; offset += 2) pages.push(...titles(await page({ sort: 'title', offset, limit: 2 })));
    expect(pages).toEqual(all);
    const beyond = await page({ offset: 10, limit: 2 });
    expect(beyond).toMatchObject({ items: [], total: 5, libraryTotal: 5 });
    const countsOnly = await page({ limit: 0 });
    expect(countsOnly.items).toEqual([]);
    expect(countsOnly.total).toBe(5);
  });

  it('filters by source, date range and text, counting each facet with its own filter left out', async () => {
    const rmrb = await page({ source: '人民日报' });
    expect(titles(rmrb).sort()).toEqual(['交通固定资产投资增长', '人工智能大会在上海开幕'].sort());
    // Sources are counted as if no source were chosen, so the menu still offers the others.
    expect(rmrb.sources).toEqual([
      { value: '人民日报', count: 2 },
      { value: '新华社', count: 1 },
      { value: 'Ｒｅｕｔｅｒｓ', count: 1 },
      { value: '', count: 1 },
    ]);
    expect(rmrb.tags).toEqual([
      { value: '基建', count: 1 },
      { value: '人工智能', count: 1 },
    ]);
    expect(titles(await page({ source: '' }))).toEqual(['紧密型县域医共体建设']);
    expect(titles(await page({ from: '2023-07-10', to: '2023-12-31', sort: 'date' }))).toEqual(['交通固定资产投资增长', '夏粮再获丰收']);
    // Text: case- and width-insensitive, every word must occur.
    expect(titles(await page({ text: 'reuters' }))).toEqual(['Central bank cuts reserve ratio']);
    expect(titles(await page({ text: 'CENTRAL  ratio' }))).toEqual(['Central bank cuts reserve ratio']);
    expect(titles(await page({ text: '人民日报 投资' }))).toEqual(['交通固定资产投资增长']);
    expect((await page({ text: '不存在的词' })).total).toBe(0);
  });

  it('matches a tag carried by the article or by one of its highlights, and follows highlight changes', async () => {
    const grain = ids.grain;
    const h = (await core.call('createAnnotation', { articleId: grain, start: 0, end: 4, tags: ['人工智能', '粮食'] })) as { id: string };
    const ai = await page({ tag: '人工智能' });
    expect(titles(ai).sort()).toEqual(['人工智能大会在上海开幕', '夏粮再获丰收'].sort());
    expect(ai.complete).toBe(true);
    expect(ai.items.find((i) => i.id === grain)?.highlightTags).toEqual(['人工智能', '粮食']);
    expect(ai.tags.find((t) => t.value === '人工智能')).toEqual({ value: '人工智能', count: 2 });
    expect(ai.tags.find((t) => t.value === '粮食')).toEqual({ value: '粮食', count: 1 });

    await core.call('updateAnnotation', { articleId: grain, id: h.id, tags: ['粮食'] });
    expect(titles(await page({ tag: '人工智能' }))).toEqual(['人工智能大会在上海开幕']);
    await core.call('deleteAnnotation', { articleId: grain, id: h.id });
    expect((await page({ tag: '粮食' })).total).toBe(0);
    expect((await page({})).tags.map((t) => t.value)).not.toContain('粮食');
  });

  it('counts the whole list (no condition) as each filter would: own and highlight tags once per article, every source', async () => {
    const counts = (list: Array<{ value: string; count: number }>) => Object.fromEntries(list.map((t) => [t.value, t.count]));
    // One per facet value, from the filtered lists: what the whole list's counts must add up to.
    const expectWhole = async () => {
      const whole = await page({});
      expect(whole.total).toBe(ARTICLES.length);
      for (const t of whole.tags) expect((await page({ tag: t.value })).total, t.value).toBe(t.count);
      for (const s of whole.sources) expect((await page({ source: s.value })).total, s.value || '(none)').toBe(s.count);
      return whole;
    };
    expect(counts((await expectWhole()).tags)).toEqual({ 人工智能: 1, 金融: 1, 基建: 1 });
    expect(counts((await expectWhole()).sources)).toEqual({ 人民日报: 2, 新华社: 1, Ｒｅｕｔｅｒｓ: 1, '': 1 });
    // Highlight tags count with the articles' own, an article once per tag (人工智能 on the article and on its highlight).
    const { text } = (await core.call('getArticle', { id: ids.ai })) as { text: string };
    await core.call('createAnnotation', { articleId: ids.ai, start: text.indexOf('算力'), end: text.indexOf('算力') + 2, tags: ['人工智能', '算力'] });
    await core.call('createAnnotation', { articleId: ids.grain, start: 0, end: 2, tags: ['算力'] });
    expect(counts((await expectWhole()).tags)).toEqual({ 人工智能: 1, 金融: 1, 基建: 1, 算力: 2 });
  });

  it('the same query asked again answers what changed in between: edits, highlight tags, imports and deletions', async () => {
    const counts = (p: ArticlePage) => Object.fromEntries(p.tags.map((t) => [t.value, t.count]));
    const before = await page({ source: '人民日报' });
    expect(before.total).toBe(2);
    expect(counts(before)).toEqual({ 人工智能: 1, 基建: 1 });
    await core.call('updateArticleMeta', { id: ids.road, meta: { tags: ['基建', '交通'] } });
    expect(counts(await page({ source: '人民日报' }))).toEqual({ 人工智能: 1, 基建: 1, 交通: 1 });
    const { text } = (await core.call('getArticle', { id: ids.ai })) as { text: string };
    const start = text.indexOf('算力底座');
    await core.call('createAnnotation', { articleId: ids.ai, start, end: start + 4, color: 'key', tags: ['算力'] });
    const withHighlight = await page({ source: '人民日报' });
    expect(counts(withHighlight)).toMatchObject({ 算力: 1 });
    expect(withHighlight.items.find((i) => i.id === ids.ai)!.highlightTags).toEqual(['算力']);
    const { id } = (await core.call('importText', { text: '新能源汽车产销两旺\n\n新能源汽车产销量连续增长。' })) as { id: string };
    await core.call('updateArticleMeta', { id, meta: { source: '人民日报' } });
    expect((await page({ source: '人民日报' })).total).toBe(3);
    await core.call('deleteArticle', { id: ids.road });
    const after = await page({ source: '人民日报' });
    expect(after.total).toBe(2);
    expect(counts(after)).toEqual({ 人工智能: 1, 算力: 1 });
    // Pages of the same query add up to the whole.
    const first = await page({ source: '人民日报', limit: 1 });
    const second = await page({ source: '人民日报', limit: 1, offset: 1 });
    expect([...first.items, ...second.items].map((i) => i.id)).toEqual(after.items.map((i) => i.id));
  });

  it('lists only the ids asked for, in their order (recent articles)', async () => {
    const p = await page({ ids: [ids.road, 'a0unknown000', ids.ai, ids.road] });
    expect(titles(p)).toEqual(['交通固定资产投资增长', '人工智能大会在上海开幕']);
  });

  it('refuses bad parameters naming the field', async () => {
    await expect(page({ sort: 'popularity' })).rejects.toMatchObject({ code: 'invalid-params', field: 'sort' });
    await expect(page({ limit: 5000 })).rejects.toMatchObject({ code: 'invalid-params', field: 'limit' });
    await expect(page({ from: '2024-01-01', to: '2023-01-01' })).rejects.toMatchObject({ code: 'invalid-params', field: 'from' });
    await expect(page({ from: '1.1.2024' })).rejects.toMatchObject({ code: 'invalid-params', field: 'from' });
  });
});

describe('bulk actions', () => {
  it('tags and untags many articles in one call, and lists the ids matching a filter', async () => {
    const chosen = [ids.ai, ids.grain, ids.health];
    expect(await core.call('tagArticles', { ids: chosen, add: ['待读', '人工智能'], remove: [] })).toEqual({ updated: 3 });
    const p = await page({ tag: '待读' });
    expect(p.total).toBe(3);
    expect(p.items.find((i) => i.id === ids.ai)?.tags).toEqual(['人工智能', '待读']);
    expect(((await core.call('listArticleIds', { tag: '待读' })) as { ids: string[] }).ids.sort()).toEqual([...chosen].sort());
    expect(await core.call('tagArticles', { ids: chosen, add: [], remove: ['待读'] })).toEqual({ updated: 3 });
    expect((await page({ tag: '待读' })).total).toBe(0);
    // An unknown id changes nothing at all.
    await expect(core.call('tagArticles', { ids: [ids.ai, 'a0unknown000'], add: ['x'] })).rejects.toMatchObject({ code: 'not-found', field: 'ids' });
    expect((await page({ tag: 'x' })).total).toBe(0);
  });

  it('deletes many articles, reporting ids it did not know', async () => {
    const result = await core.call('deleteArticles', { ids: [ids.bank, ids.road, 'a0unknown000'] });
    expect(result).toEqual({
      deleted: [
        { id: ids.bank, title: 'Central bank cuts reserve ratio' },
        { id: ids.road, title: '交通固定资产投资增长' },
      ],
      missing: ['a0unknown000'],
    });
    expect((await page({})).total).toBe(3);
  });
});

describe('search follows the tag model', () => {
  it('finds an article by a tag only its highlight carries', async () => {
    await core.call('createAnnotation', { articleId: ids.health, start: 0, end: 5, tags: ['民生'] });
    const result = (await core.call('search', { query: '', tags: ['民生'] })) as { hits: { id: string }[] };
    expect(result.hits.map((h) => h.id)).toEqual([ids.health]);
  });
});
