/**
 * SearchIndex against a real library in a temporary folder: the sample
 * article plus three short real-style articles, imported through the
 * plain-text importer. Queries are the ones analysts type; the index is
 * followed through imports, edits, deletions, restarts and damage.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LibraryStore } from '../library/store';
import { parsePlainText } from '../import/plain-text';
import type { Article, ArticleMeta } from '../../common/model';
import { snippetToMarkedString } from '../../common/search/snippet';
import { SEARCH_INDEX_FILE, SearchIndex, type SearchIndexOptions } from './search-index';

const SAMPLE = readFileSync(join(__dirname, '../../../resources/rmrb-2023-waic-ai-conference.txt'), 'utf8');

/** 算力 in the title and throughout a short text; contains 默认 (never 默想). */
const COMPUTE = `全国一体化算力网建设加快推进
东数西算工程带动数据中心集约化发展

　　本报北京3月1日电　记者从国家发展改革委获悉，全国一体化算力网建设加快推进，8个国家算力枢纽节点建设全面开工。截至去年底，全国在用数据中心机架总规模超过810万标准机架，算力总规模位居世界前列。
　　有关负责人表示，下一步将统筹通用算力、智能算力和超级算力协同发展，推动算力资源按需调度。对于新建数据中心，能效监测系统默认开启，电能利用效率不达标的项目不予审批。
　　业内专家认为，算力已成为数字经济的重要底座，应加快构建绿色低碳、安全可靠的算力基础设施体系。
`;

/** 算力 only across a word boundary (打算力求); 288 and 亿元 apart; 徐晓 and 晓兰 in other names. */
const FACTORY = `制造业数字化转型再提速
　　本报南京11月15日电　江苏省工业和信息化厅日前发布数据，全省累计建成省级智能工厂120家、智能车间2500余个。今年以来，全省实施技术改造项目288个，完成投资56亿元。多家企业打算力求在年内完成生产线改造，进一步提升设备联网率。
　　省工信厅副厅长徐晓明表示，将加大对中小企业数字化改造的支持力度。工程师王晓兰介绍，推广“智改数转”服务后，企业平均生产效率提升两成。
`;

/** English, with WAIC. */
const WAIC_EN = `WAIC 2023 wraps up in Shanghai with record deals
Xinhua

SHANGHAI, July 8 -- The 2023 World Artificial Intelligence Conference (WAIC) closed on Saturday after three days in which organisers said 1,400 guests attended and more than 400 companies exhibited. Deals worth 28.8 billion yuan were signed for 32 major industrial projects.
Officials said Shanghai would use the momentum of the conference to strengthen computing power infrastructure. Intelligent connected vehicles without safety drivers were tested on public roads in Pudong.
`;

interface Fixture {
  key: string;
  text: string;
  file: string;
  meta: Partial<ArticleMeta>;
}

const FIXTURES: Fixture[] = [
  { key: 'sample', text: SAMPLE, file: 'rmrb-2023-waic-ai-conference.txt', meta: { source: '人民日报', published: '2023-07-10', tags: ['人工智能', '上海'] } },
  { key: 'compute', text: COMPUTE, file: 'compute.txt', meta: { source: '经济日报', published: '2024-03-01', tags: ['算力', '数据中心'] } },
  { key: 'factory', text: FACTORY, file: 'factory.txt', meta: { source: '新华日报', published: '2022-11-15', tags: ['制造业'] } },
  { key: 'waic', text: WAIC_EN, file: 'waic-en.txt', meta: { source: 'Xinhua', published: '2023-07-09', tags: ['人工智能', 'english'] } },
];

let dir: string;
let store: LibraryStore | null;
let index: SearchIndex | null;
let ids: Record<string, string>;

async function importAll(s: LibraryStore, fixtures = FIXTURES): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of fixtures) {
    const entry = await s.addArticle(parsePlainText(f.text, f.file), { format: 'text', fileName: f.file });
    await s.updateArticle(entry.id, { meta: f.meta });
    out[f.key] = entry.id;
  }
  return out;
}

/** Opens store and index; `reads` counts article reads made by the index. */
async function openLibrary(options: SearchIndexOptions = {}): Promise<{ store: LibraryStore; index: SearchIndex; reads: () => number }> {
  store = await LibraryStore.open(dir);
  const s = store;
  let reads = 0;
  index = await SearchIndex.open(s, {
    persistDelayMs: 50,
    readArticle: (id) => {
      reads++;
      return s.getArticle(id);
    },
    ...options,
  });
  return { store: s, index, reads: () => reads };
}

async function closeLibrary(): Promise<void> {
  await index?.close();
  await store?.close();
  index = null;
  store = null;
}

function keyOf(id: string): string {
  return Object.entries(ids).find(([, v]) => v === id)?.[0] ?? id;
}

async function found(query: string, options = {}): Promise<string[]> {
  const result = await index!.search(query, options);
  return result.hits.map((h) => keyOf(h.id));
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bd-search-'));
});

afterEach(async () => {
  await closeLibrary();
  await rm(dir, { recursive: true, force: true });
});

describe('queries on real prose', () => {
  beforeEach(async () => {
    const lib = await openLibrary();
    ids = await importAll(lib.store);
  });

  it.each([
    ['算力', ['compute', 'sample', 'factory']],
    ['徐晓兰', ['sample']],
    ['智能网联汽车', ['sample']],
    ['288亿元', ['sample']],
    ['288', ['sample', 'factory']],
    ['默认', ['compute']],
    ['默想', []],
    ['徐兰', []],
    ['WAIC', ['waic']],
    ['waic', ['waic']],
    ['ＷＡＩＣ', ['waic']],
    ['Intelligence', ['waic']],
    ['ai', []],
    ['1400', ['sample', 'waic']],
    ['1,400', ['sample', 'waic']],
    ['"connected vehicles"', ['waic']],
    ['"vehicles connected"', []],
    ['算力 底座', ['compute', 'sample']],
    ['上海 WAIC', []],
    ['Shanghai WAIC', ['waic']],
    ['人工智能 上海', ['sample']],
    ['数字化', ['sample', 'factory']],
    ['磁场效应', ['sample']],
  ])('%s → %j', async (query, expected) => {
    const hits = await found(query);
    expect([...hits].sort()).toEqual([...expected].sort());
  });

  it('ranks the article about 算力 (title and dense text) first, the stray 打算力求 last', async () => {
    expect(await found('算力')).toEqual(['compute', 'sample', 'factory']);
  });

  it('ranks a title match above a body-only match', async () => {
    const result = await index!.search('数字化');
    expect(result.hits.map((h) => keyOf(h.id))).toEqual(['factory', 'sample']);
    expect(result.hits[0].matchedFields).toContain('title');
  });

  it('answers phrase queries with an exact total after confirming them', async () => {
    const result = await index!.search('徐晓兰');
    expect(result).toMatchObject({ total: 1, totalExact: true });
  });

  it('returns a snippet around the best match with the terms marked, and where the match is', async () => {
    const article = await store!.getArticle(ids.sample);
    for (const query of ['算力', '徐晓兰', '智能网联汽车', '288亿元']) {
      const hit = (await index!.search(query)).hits.find((h) => h.id === ids.sample)!;
      expect(hit.snippet!.marks.length).toBeGreaterThan(0);
      for (const [s, e] of hit.snippet!.marks) expect(hit.snippet!.text.slice(s, e)).toBe(query);
      expect(article.text.slice(hit.matchStart!, hit.matchEnd!)).toBe(query);
      expect(snippetToMarkedString(hit.snippet!)).toContain(`[${query}]`);
    }
    // 288亿元 is in the title line too; the snippet comes from the body.
    const titleBlock = article.blocks.find((b) => b.kind === 'title')!;
    const [hit] = (await index!.search('288亿元')).hits;
    expect(hit.matchStart!).toBeGreaterThan(titleBlock.end);
  });

  it('marks Latin terms case-insensitively in the snippet', async () => {
    const [hit] = (await index!.search('waic')).hits;
    expect(hit.snippet!.marks.map(([s, e]) => hit.snippet!.text.slice(s, e))).toContain('WAIC');
  });

  it('finds metadata and tags', async () => {
    expect(await found('经济日报')).toEqual(['compute']);
    expect(await found('东数西算')).toEqual(['compute']);
    expect((await index!.search('english')).hits[0].matchedFields).toEqual(['tags']);
  });

  it.each([
    [{ tags: ['人工智能'] }, ['sample', 'waic']],
    [{ tags: ['人工智能', 'english'] }, ['waic']],
    [{ source: '经济日报' }, ['compute']],
    [{ from: '2023-01-01', to: '2023-12-31' }, ['sample', 'waic']],
    [{ from: '2023-07-10' }, ['sample', 'compute']],
    [{ to: '2022-12-31' }, ['factory']],
  ])('filters %j', async (filter, expected) => {
    expect((await found('', filter)).sort()).toEqual([...expected].sort());
  });

  it('filters a query', async () => {
    expect(await found('算力', { source: '经济日报' })).toEqual(['compute']);
    expect(await found('算力', { tags: ['制造业'] })).toEqual(['factory']);
    expect(await found('算力', { from: '2023-01-01', to: '2023-12-31' })).toEqual(['sample']);
  });

  it.each([
    ['date', ['compute', 'sample', 'waic', 'factory']],
    // Chinese collation: Han by pinyin (quán, tuī, zhì), then Latin.
    ['title', ['compute', 'sample', 'factory', 'waic']],
    ['added', ['waic', 'factory', 'compute', 'sample']],
    ['relevance', ['waic', 'factory', 'compute', 'sample']],
  ] as const)('sorts a listing by %s', async (sort, expected) => {
    expect(await found('', { sort })).toEqual(expected);
  });

  it('sorts query results by date and title', async () => {
    expect(await found('算力', { sort: 'date' })).toEqual(['compute', 'sample', 'factory']);
    expect(await found('算力', { sort: 'title' })).toEqual(['compute', 'sample', 'factory']);
  });

  it('pages', async () => {
    const first = await index!.search('', { sort: 'date', limit: 2 });
    const second = await index!.search('', { sort: 'date', limit: 2, offset: 2 });
    expect(first.total).toBe(4);
    expect([...first.hits, ...second.hits].map((h) => keyOf(h.id))).toEqual(['compute', 'sample', 'waic', 'factory']);
  });

  it.each([
    [{ limit: 0 }, 'limit'],
    [{ offset: -1 }, 'offset'],
    [{ from: '2023/07/01' }, 'from'],
    [{ sort: 'popularity' }, 'sort'],
  ])('refuses %j naming the field', async (options, field) => {
    await expect(index!.search('算力', options as never)).rejects.toMatchObject({ code: 'invalid-params', field });
  });

  it('returns nothing for a query with nothing searchable', async () => {
    expect(await index!.search('，。！')).toMatchObject({ total: 0, hits: [] });
  });
});

describe('following the library', () => {
  it('indexes imports, edits and deletions as they happen', async () => {
    const lib = await openLibrary();
    ids = await importAll(lib.store, FIXTURES.slice(0, 2));
    expect(await found('徐晓兰')).toEqual(['sample']);

    // Text edit: the old phrase goes, the new one is found.
    const article = await lib.store.getArticle(ids.sample);
    const text = article.text.replace(/徐晓兰/g, '王江平');
    await lib.store.updateArticle(ids.sample, { text, blocks: article.blocks });
    expect(await found('徐晓兰')).toEqual([]);
    expect(await found('王江平')).toEqual(['sample']);

    // Metadata edit: tags and source follow.
    await lib.store.updateArticle(ids.compute, { meta: { tags: ['东数西算'], source: '光明日报' } });
    expect(await found('', { tags: ['东数西算'] })).toEqual(['compute']);
    expect(await found('光明日报')).toEqual(['compute']);
    expect(await found('经济日报')).toEqual([]);

    // Import and delete.
    const added = await lib.store.addArticle(parsePlainText(WAIC_EN, 'waic.txt'), { format: 'text' });
    ids.waic = added.id;
    expect(await found('waic')).toEqual(['waic']);
    await lib.store.deleteArticle(ids.compute);
    expect(await found('默认')).toEqual([]);
    expect(await found('算力')).toEqual(['sample']);
    expect(index!.status().documents).toBe(2);
  });

  it('keeps ranking and stays intact when deletions, saves and edits interleave', async () => {
    // Articles come from memory here, so edits reach the index within milliseconds of a deletion.
    const articles = new Map<string, Article>();
    const lib = await openLibrary({
      persistDelayMs: 0,
      readArticle: async (id) => articles.get(id) ?? articles.set(id, await store!.getArticle(id)).get(id)!,
    });
    ids = await importAll(lib.store);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      // A deletion leaves discarded postings, which a vacuum removes by walking the
      // sample's >1000 terms in batches. MiniSearch's own auto-vacuum breaks (an
      // unhandled TypeError) when the index changes between two batches.
      for (let round = 0; round < 3; round++) {
        const extra = await lib.store.addArticle(parsePlainText(WAIC_EN.replace('1,400', `1,41${round}`), 'w.txt'), { format: 'text' });
        await lib.store.deleteArticle(extra.id);
        articles.delete(ids.factory);
        // Notes full of new terms reshape the term tree while the vacuum is half-way.
        const notes = `第${round}轮批注 ` + [...SAMPLE].reverse().join('').slice(round * 300);
        await Promise.all([index!.updateNotes(ids.sample, notes), lib.store.updateArticle(ids.factory, { meta: { note: `${round}` } }), index!.flush()]);
      }
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
    expect(index!.status().lastError).toBeUndefined();
    expect(await found('算力')).toEqual(['compute', 'sample', 'factory']);
    expect(await found('第2轮批注')).toEqual(['sample']);
  });

  it('indexes annotation notes through updateNotes and the notesText seam', async () => {
    const notes = new Map<string, string>();
    const lib = await openLibrary({ notesText: (id) => notes.get(id) ?? '' });
    ids = await importAll(lib.store, FIXTURES.slice(0, 1));
    expect(await found('参阅件')).toEqual([]);
    await index!.updateNotes(ids.sample, '适合写入参阅件 #重点关注');
    const result = await index!.search('参阅件');
    expect(result.hits.map((h) => keyOf(h.id))).toEqual(['sample']);
    expect(result.hits[0].matchedFields).toEqual(['notes']);

    // After a restart the notes come from the notesText callback.
    notes.set(ids.sample, '政策落地情况待核实');
    await lib.store.updateArticle(ids.sample, { meta: { note: '' } });
    await closeLibrary();
    await openLibrary({ notesText: (id) => notes.get(id) ?? '' });
    await index!.rebuild();
    expect(await found('待核实')).toEqual(['sample']);
  });
});

describe('the index on disk', () => {
  it('is saved under index/ and loaded on the next open without reading any article', async () => {
    const first = await openLibrary();
    ids = await importAll(first.store);
    await closeLibrary();
    const file = await readFile(join(dir, 'index', SEARCH_INDEX_FILE), 'utf8');
    expect(file).toMatch(/^[\x20-\x7e]*$/);
    const saved = JSON.parse(file);
    expect(Object.keys(saved.docs).sort()).toEqual(Object.values(ids).sort());
    expect(saved.docs[ids.sample].title).toBe('推动32个重大产业项目签约，项目投资总额288亿元');

    const second = await openLibrary();
    await index!.ready;
    expect(index!.status()).toMatchObject({ state: 'ready', openedFrom: 'file', documents: 4, caughtUp: 0 });
    expect(second.reads()).toBe(0);
    expect(await found('算力')).toEqual(['compute', 'sample', 'factory']);
  });

  it('saves a little after the last change', async () => {
    const lib = await openLibrary({ persistDelayMs: 30 });
    await index!.ready;
    ids = await importAll(lib.store, FIXTURES.slice(1, 2));
    await new Promise((r) => setTimeout(r, 200));
    const saved = JSON.parse(await readFile(join(dir, 'index', SEARCH_INDEX_FILE), 'utf8'));
    expect(Object.keys(saved.docs)).toEqual([ids.compute]);
  });

  it('catches up with articles added, changed and deleted while it was closed', async () => {
    const first = await openLibrary();
    ids = await importAll(first.store, FIXTURES.slice(0, 3));
    await closeLibrary();

    // The library changes without the index listening (another build, a crash before saving).
    store = await LibraryStore.open(dir);
    const more = await importAll(store, FIXTURES.slice(3));
    ids.waic = more.waic;
    await store.updateArticle(ids.compute, { meta: { source: '光明日报' } });
    await store.deleteArticle(ids.factory);
    await store.close();
    store = null;

    const second = await openLibrary();
    await index!.ready;
    expect(index!.status()).toMatchObject({ openedFrom: 'file+changes', caughtUp: 3, documents: 3 });
    expect(second.reads()).toBe(2);
    expect(await found('waic')).toEqual(['waic']);
    expect(await found('光明日报')).toEqual(['compute']);
    expect(await found('算力')).toEqual(['compute', 'sample']);
  });

  it.each([
    ['garbage', 'not json at all {'],
    ['an array', '[]'],
    ['another tokenizer', JSON.stringify({ kind: 'briefing-desk-search-index', schemaVersion: 1, tokenizer: 0, docs: {}, index: {} })],
    ['a truncated index', JSON.stringify({ kind: 'briefing-desk-search-index', schemaVersion: 1, tokenizer: 1, fields: 'title,meta,tags,notes,text', docs: { a123: ['x', 'y'] }, index: { documentCount: 5 } })],
  ])('is rebuilt when the file holds %s', async (_name, content) => {
    const first = await openLibrary();
    ids = await importAll(first.store);
    await closeLibrary();
    await writeFile(join(dir, 'index', SEARCH_INDEX_FILE), content);

    await openLibrary();
    await index!.ready;
    expect(index!.status()).toMatchObject({ state: 'ready', openedFrom: 'rebuilt', documents: 4 });
    expect(await found('徐晓兰')).toEqual(['sample']);
    // And the rebuilt index was saved over the bad one.
    expect(JSON.parse(await readFile(join(dir, 'index', SEARCH_INDEX_FILE), 'utf8')).docs[ids.sample]).toBeTruthy();
  });

  it('is rebuilt when deleted, and never holds up opening the library', async () => {
    const first = await openLibrary();
    ids = await importAll(first.store);
    await closeLibrary();
    await rm(join(dir, 'index', SEARCH_INDEX_FILE));

    // Article reads block until released: open must still return, and searches wait.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    store = await LibraryStore.open(dir);
    const s = store;
    index = await SearchIndex.open(s, { readArticle: async (id: string): Promise<Article> => (await gate, s.getArticle(id)) });
    expect(store.size).toBe(4);
    expect(index.status().state).not.toBe('ready');
    let answered = false;
    const pending = index.search('算力').then((r) => ((answered = true), r));
    await new Promise((r) => setTimeout(r, 20));
    expect(answered).toBe(false);
    release();
    expect((await pending).hits.map((h) => keyOf(h.id))).toEqual(['compute', 'sample', 'factory']);
    expect(index.status()).toMatchObject({ openedFrom: 'rebuilt', rebuildReason: 'missing' });
  });

  it('indexes an article whose text cannot be read by its catalog fields, and retries on the next open', async () => {
    const first = await openLibrary();
    ids = await importAll(first.store, FIXTURES.slice(1, 2));
    await closeLibrary();
    await rm(join(dir, 'index', SEARCH_INDEX_FILE));
    await writeFile(join(dir, 'articles', ids.compute, 'article.json'), '{ broken');

    await openLibrary();
    await index!.ready;
    expect(index!.status().unreadable).toBe(1);
    const [hit] = (await index!.search('全国一体化算力网')).hits;
    expect(hit).toMatchObject({ id: ids.compute, snippet: null });
    expect(store!.warnings.some((w) => w.kind === 'quarantined')).toBe(true);
  });
});
