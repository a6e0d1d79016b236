/**
 * SearchIndex against a real library in a temporary folder: the sample
 * article plus three short real-style articles, imported through the
 * plain-text importer. Queries are the ones analysts type; the index is
 * followed through imports, edits, deletions, restarts and damage.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LibraryStore } from '../library/store';
import { parsePlainText } from '../import/plain-text';
import type { Article, ArticleMeta } from '../../common/model';
import { snippetToMarkedString } from '../../common/search/snippet';
import {
  LEGACY_INDEX_FILE,
  SEARCH_HALF_FILE,
  SEARCH_BUILD_DIRS,
  SEARCH_INDEX_FILE,
  SEARCH_SEGMENTS_FILE,
  SEARCH_STATE_FILE,
  SearchIndex,
  type SearchIndexOptions,
  type SearchIndexStatus,
} from './search-index';
import { concatChunks, decodeIndexFile, encodeIndexFile, INDEX_FORMAT_VERSION } from './index-file';
import { InvertedIndex, PART_NOTES, PART_WHOLE } from './inverted-index';
import { halfOf } from './build-off-thread';
import type { CompactSegment } from './compact-segment';
import { annotationNotesText, articleFields, documentIds, INDEX_RULES_VERSION, manifestTable } from './index-manifest';
import { syntheticCorpus } from '../../../bench/search/bench-corpus';

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

/** Article ids the saved index lists (null: a deleted slot): every segment segments.json names with its tombstones, else search.bin's manifest (or `file`'s). */
async function savedIds(libraryDir = dir, file = SEARCH_INDEX_FILE): Promise<Array<string | null>> {
  const idsIn = async (name: string, deleted: number[] = []): Promise<Array<string | null>> => {
    const decoded = decodeIndexFile(await readFile(join(libraryDir, 'index', name)));
    if (!decoded.ok) throw new Error(decoded.reason);
    const table = manifestTable(decoded);
    if ('reason' in table) throw new Error(table.reason);
    return documentIds(table).map((id, i) => (deleted.includes(i) ? null : id));
  };
  const list = await readFile(join(libraryDir, 'index', SEARCH_SEGMENTS_FILE), 'utf8').then(
    (t) => JSON.parse(t) as { segments: Array<{ file: string; deleted: number[] }> },
    () => null,
  );
  if (file !== SEARCH_INDEX_FILE || !list) return idsIn(file);
  return (await Promise.all(list.segments.map((r) => idsIn(r.file, r.deleted)))).flat();
}

/** Article ids (bodies only) the checkpoint files of an interrupted build in the worker hold, per folder (build-0, build-1). */
async function checkpointIds(libraryDir = dir): Promise<string[][]> {
  const out: string[][] = [];
  for (const folder of SEARCH_BUILD_DIRS) {
    const names = (await readdir(join(libraryDir, 'index', folder)).catch(() => [] as string[])).filter((n) => n.endsWith('.bin')).sort();
    const ids: string[] = [];
    for (const name of names) ids.push(...(await savedIds(libraryDir, `${folder}/${name}`)).filter((id): id is string => id !== null));
    out.push([...new Set(ids)]);
  }
  return out;
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

  it('never answers with an article being deleted: from when it leaves the catalog, before the store tells the index', async () => {
    const lib = await openLibrary();
    ids = await importAll(lib.store, FIXTURES.slice(0, 3));
    // Found once: the index now keeps its catalog entry for the next query.
    expect(await found('默认')).toEqual(['compute']);
    expect((await found('算力')).sort()).toEqual(['compute', 'factory', 'sample']);
    // The deletion held while it writes the catalog (a slow disk): the entry is gone from the catalog, the event not yet sent.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const paused = lib.store as unknown as { writeCatalog: () => Promise<void> };
    const write = paused.writeCatalog.bind(lib.store);
    paused.writeCatalog = async () => {
      await held;
      return write();
    };
    const deleting = lib.store.deleteArticle(ids.compute);
    await vi.waitFor(() => expect(lib.store.catalog.articles[ids.compute]).toBeUndefined());
    expect(await found('默认')).toEqual([]);
    expect((await found('算力')).sort()).toEqual(['factory', 'sample']);
    expect((await index!.search('算力')).total).toBe(2);
    release();
    await deleting;
    expect(await found('默认')).toEqual([]);
    expect((await found('算力')).sort()).toEqual(['factory', 'sample']);
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
      // A deletion leaves dead postings until a merge; a flush merges in slices
      // that yield to the event loop, and notes and metadata edits arrive in
      // between. (MiniSearch's auto-vacuum threw an unhandled TypeError here.)
      for (let round = 0; round < 3; round++) {
        const extra = await lib.store.addArticle(parsePlainText(WAIC_EN.replace('1,400', `1,41${round}`), 'w.txt'), { format: 'text' });
        await lib.store.deleteArticle(extra.id);
        articles.delete(ids.factory);
        // Notes full of new terms reshape the term tree while the vacuum is half-way.
        const notes =
          `第${round}轮批注 ` +
          [...SAMPLE]
            .reverse()
            .join('')
            .slice(round * 300);
        await Promise.all([index!.updateNotes(ids.sample, notes), lib.store.updateArticle(ids.factory, { meta: { note: `${round}` } }), index!.flush()]);
      }
      // Everything the rounds set off (merges, saves) has run, so a rejection nobody handled would have surfaced.
      await index!.idle();
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

describe('notes apart from the article', () => {
  it('a note edit re-indexes only the notes: the article is not read again, and the old note stops matching', async () => {
    const notes = new Map<string, string>();
    let notesReads = 0;
    const notesText = (id: string): string => {
      notesReads++;
      return notes.get(id) ?? '';
    };
    const lib = await openLibrary({ notesText });
    ids = await importAll(lib.store, FIXTURES.slice(0, 3));
    await index!.ready;
    expect(await found('参阅件')).toEqual([]);
    const readsBefore = lib.reads();
    for (const note of ['适合写入参阅件', '改为专报素材', '核实枢纽节点审批进度']) {
      notes.set(ids.factory, note);
      await index!.updateNotes(ids.factory, note);
    }
    expect(lib.reads()).toBe(readsBefore);
    expect(await found('参阅件')).toEqual([]);
    expect(await found('专报')).toEqual([]);
    const result = await index!.search('审批进度');
    expect(result.hits.map((h) => keyOf(h.id))).toEqual(['factory']);
    expect(result.hits[0].matchedFields).toEqual(['notes']);
    // The body still answers, with its notes: a query across both parts is AND over the article.
    expect(await found('智能工厂 审批进度')).toEqual(['factory']);
    // A phrase must occur within one field: the notes' end and the text's start do not make one.
    expect(await found('"审批进度本报"')).toEqual([]);

    // A text edit re-reads the article but not its annotations, and keeps the notes.
    const notesBefore = notesReads;
    const article = await lib.store.getArticle(ids.factory);
    await lib.store.updateArticle(ids.factory, { text: article.text.replace('智能工厂', '灯塔工厂'), blocks: article.blocks });
    await index!.idle();
    expect(notesReads).toBe(notesBefore);
    expect(await found('灯塔工厂 审批进度')).toEqual(['factory']);
    expect(await found('智能工厂 审批进度')).toEqual([]);

    // Saved and loaded: still apart, and a note edit after the restart reads nothing either.
    await closeLibrary();
    const again = await openLibrary({ notesText });
    await index!.ready;
    expect(index!.status().openedFrom).toBe('file');
    expect(await found('审批进度')).toEqual(['factory']);
    const readsAfterSearch = again.reads();
    await index!.updateNotes(ids.factory, '');
    expect(again.reads()).toBe(readsAfterSearch);
    expect(await found('审批进度')).toEqual([]);
    expect(await found('灯塔工厂')).toEqual(['factory']);
  });

  it('ranks the same as an article indexed with its notes in one piece', async () => {
    const notes = new Map<string, string>([[`x`, '']]);
    const lib = await openLibrary({ notesText: (id) => notes.get(id) ?? '' });
    ids = await importAll(lib.store);
    for (const [key, note] of [
      ['sample', '算力 算力 大会'],
      ['compute', '算力'],
      ['waic', 'computing 算力'],
    ] as const) {
      notes.set(ids[key], note);
      await index!.updateNotes(ids[key], note);
    }
    const edited = await index!.search('算力');
    await index!.rebuild();
    const rebuilt = await index!.search('算力');
    expect(edited.hits.map((h) => [keyOf(h.id), h.score, h.matchedFields])).toEqual(rebuilt.hits.map((h) => [keyOf(h.id), h.score, h.matchedFields]));
    expect(edited.hits.map((h) => keyOf(h.id))).toContain('waic');
  });
});

/**
 * The articles of the index fixtures (v2-library, v3-library, v4-library; v2 has the notes on a highlight): 全国一体化算力网… as two
 * documents (body, and its notes 跟踪枢纽节点的审批进度 / 待核实), 制造业数字化转型…
 * still whole (from format 2), and a deleted slot.
 */
const COMPUTE_ID = 'a57f45760deb9';
const FACTORY_ID = 'a6553c2508439';
const notesText = (id: string): string => (id === COMPUTE_ID ? '跟踪枢纽节点的审批进度\n待核实' : '');

describe('an index saved by the previous version (format 2)', () => {
  const FIXTURE = join(__dirname, '../../../tests/fixtures/search-index/v2-library');
  /** The fixture: two articles; 全国一体化算力网… holds a highlight noted 跟踪枢纽节点的审批进度 and tagged 待核实. */
  /** What the app's annotations say (the notesText seam), kept as the test changes them. */
  let notes: Map<string, string>;
  const editedNotes = (id: string): string => notes.get(id) ?? '';
  const setNotes = async (id: string, text: string): Promise<void> => {
    notes.set(id, text);
    await index!.updateNotes(id, text);
  };
  beforeEach(async () => {
    await cp(FIXTURE, dir, { recursive: true });
    notes = new Map([[COMPUTE_ID, '跟踪枢纽节点的审批进度\n待核实']]);
  });

  it('is read as it is (no rebuild) and answers as before, notes included', async () => {
    const lib = await openLibrary({ notesText: editedNotes });
    await index!.ready;
    expect(index!.status()).toMatchObject({ state: 'ready', openedFrom: 'file', documents: 2 });
    // Written under the first indexing rules: neither article has a 发文字号 or a text past the old limit, so none is indexed again.
    expect(index!.status().rulesUpgrade).toEqual({ from: 1, to: INDEX_RULES_VERSION, reindexed: 0 });
    expect(lib.reads()).toBe(0);
    expect((await index!.search('审批进度')).hits.map((h) => h.id)).toEqual([COMPUTE_ID]);
    expect((await index!.search('待核实')).hits.map((h) => h.id)).toEqual([COMPUTE_ID]);
    expect((await index!.search('王晓兰')).hits.map((h) => h.id)).toEqual([FACTORY_ID]);
    expect((await index!.search('默想')).hits).toEqual([]);
  });

  it('splits an article at its first note edit, and is saved in the current format', async () => {
    const lib = await openLibrary({ notesText: editedNotes });
    await index!.ready;
    // The old document holds the notes with the text: this edit re-indexes the article whole, once.
    await setNotes(COMPUTE_ID, '改为专报素材');
    expect(lib.reads()).toBe(1);
    await setNotes(COMPUTE_ID, '再次核实');
    expect(lib.reads()).toBe(1);
    expect((await index!.search('审批进度')).hits).toEqual([]);
    expect((await index!.search('专报')).hits).toEqual([]);
    await closeLibrary();
    const bytes = await readFile(join(dir, 'index', SEARCH_INDEX_FILE));
    expect(new DataView(bytes.buffer, bytes.byteOffset).getUint32(12, true)).toBe(INDEX_FORMAT_VERSION);
    const again = await openLibrary({ notesText: editedNotes });
    await index!.ready;
    expect(index!.status().openedFrom).toBe('file');
    expect((await index!.search('再次核实')).hits.map((h) => h.id)).toEqual([COMPUTE_ID]);
    // Never split: the other article is still whole; its first note edit reads it once (the search above read the first).
    const before = again.reads();
    await setNotes(FACTORY_ID, '制造业专题');
    expect(again.reads()).toBe(before + 1);
    expect((await index!.search('制造业专题')).hits.map((h) => h.id)).toEqual([FACTORY_ID]);
  });
});

/** What the v3/v4 index fixtures answer: notes and tag matches, body and body+notes hits with scores, and 默想 (no match). */
async function fixtureAnswers(): Promise<unknown> {
  return {
    notes: (await index!.search('审批进度')).hits.map((h) => h.id),
    tag: (await index!.search('待核实')).hits.map((h) => h.id),
    body: (await index!.search('数字化转型')).hits.map((h) => [h.id, h.score, h.matchedFields]),
    both: (await index!.search('算力')).hits.map((h) => [h.id, h.score, h.matchedFields]),
    near: (await index!.search('默想')).hits,
  };
}

describe('an index saved by the previous version (format 3)', () => {
  /** Written by format 3. */
  const FIXTURE = join(__dirname, '../../../tests/fixtures/search-index/v3-library');
  beforeEach(async () => {
    await cp(FIXTURE, dir, { recursive: true });
  });

  it('is read as it is (no rebuild, no article read), answers as before, and is saved as the current format', async () => {
    const lib = await openLibrary({ notesText });
    await index!.ready;
    expect(index!.status()).toMatchObject({ state: 'ready', openedFrom: 'file', documents: 2 });
    expect(index!.status().rulesUpgrade).toEqual({ from: 1, to: INDEX_RULES_VERSION, reindexed: 0 });
    expect(lib.reads()).toBe(0);
    const answers = fixtureAnswers;
    const before = await answers();
    expect(before).toMatchObject({ notes: [COMPUTE_ID], tag: [COMPUTE_ID], near: [] });
    expect((before as { body: unknown[] }).body.map((h) => (h as string[])[0])).toEqual([FACTORY_ID]);
    // Closing writes it again in the current format (the index is derived data; nothing else changes).
    await closeLibrary();
    const bytes = await readFile(join(dir, 'index', SEARCH_INDEX_FILE));
    expect(new DataView(bytes.buffer, bytes.byteOffset).getUint32(12, true)).toBe(INDEX_FORMAT_VERSION);
    const again = await openLibrary({ notesText });
    await index!.ready;
    expect(index!.status()).toMatchObject({ openedFrom: 'file', documents: 2 });
    expect(again.reads()).toBe(0);
    expect(await answers()).toEqual(before);
  });
});

describe('an index saved by the previous version (format 4: a JSON manifest)', () => {
  /** The format 3 fixture as format 4 saved it. */
  const FIXTURE = join(__dirname, '../../../tests/fixtures/search-index/v4-library');
  beforeEach(async () => {
    await cp(FIXTURE, dir, { recursive: true });
  });

  it('is read as it is (no rebuild, no article read), answers as before, and is saved once in the current format', async () => {
    const file = join(dir, 'index', SEARCH_INDEX_FILE);
    const lib = await openLibrary({ notesText });
    await index!.ready;
    expect(index!.status()).toMatchObject({ state: 'ready', openedFrom: 'file', documents: 2 });
    expect(index!.status().rulesUpgrade).toEqual({ from: 1, to: INDEX_RULES_VERSION, reindexed: 0 });
    expect(lib.reads()).toBe(0);
    const answers = fixtureAnswers;
    const before = await answers();
    expect(before).toMatchObject({ notes: [COMPUTE_ID], tag: [COMPUTE_ID], near: [] });
    expect((before as { both: unknown[] }).both.map((h) => (h as string[])[0])).toContain(COMPUTE_ID);
    await closeLibrary();
    const bytes = await readFile(file);
    expect(new DataView(bytes.buffer, bytes.byteOffset).getUint32(12, true)).toBe(INDEX_FORMAT_VERSION);
    const again = await openLibrary({ notesText });
    await index!.ready;
    expect(index!.status()).toMatchObject({ openedFrom: 'file', documents: 2 });
    expect(again.reads()).toBe(0);
    expect(await answers()).toEqual(before);
  });
});

/** Whether a saved index file's manifest has the notes column (`columns: 4` in its JSON part). */
function hasNotesColumn(bytes: Buffer): boolean {
  const decoded = decodeIndexFile(bytes);
  if (!decoded.ok) throw new Error(decoded.reason);
  const table = manifestTable(decoded);
  if ('reason' in table) throw new Error(table.reason);
  return table.notes !== null;
}

describe('an index saved by format 5 before the notes column', () => {
  /** The format 4 fixture as format 5 saved it before each article's annotation state was kept. */
  const FIXTURE = join(__dirname, '../../../tests/fixtures/search-index/v5-library');
  beforeEach(async () => {
    await cp(FIXTURE, dir, { recursive: true });
  });

  it('is read as it is (no rebuild, no article read), answers as before, and is saved once with the annotation state', async () => {
    const file = join(dir, 'index', SEARCH_INDEX_FILE);
    expect(hasNotesColumn(await readFile(file))).toBe(false);
    const lib = await openLibrary({ notesText });
    await index!.ready;
    expect(index!.status()).toMatchObject({ state: 'ready', openedFrom: 'file', documents: 2 });
    await index!.idle();
    expect(lib.reads()).toBe(0);
    const before = await fixtureAnswers();
    expect(before).toMatchObject({ notes: [COMPUTE_ID], tag: [COMPUTE_ID], near: [] });
    // No state to compare with: the notes held apart are indexed again once (from the notes, not the article).
    expect(index!.status().notesCheck).toEqual({ read: 1, reindexed: 1 });
    await closeLibrary();
    const bytes = await readFile(file);
    expect(new DataView(bytes.buffer, bytes.byteOffset).getUint32(12, true)).toBe(5);
    expect(hasNotesColumn(bytes)).toBe(true);
    const mtimeSaved = (await stat(file)).mtimeMs;
    const again = await openLibrary({ notesText });
    await index!.ready;
    await index!.idle();
    expect(again.reads()).toBe(0);
    expect(await fixtureAnswers()).toEqual(before);
    expect(index!.status()).toMatchObject({ openedFrom: 'file', notesCheck: { read: 0, reindexed: 0 } });
    await closeLibrary();
    expect((await stat(file)).mtimeMs).toBe(mtimeSaved);
  });
});

describe('an index saved by this version (format 5: a binary manifest with the annotation state)', () => {
  /** The format 5 fixture as this version builds it. */
  const FIXTURE = join(__dirname, '../../../tests/fixtures/search-index/v5-notes-library');
  beforeEach(async () => {
    await cp(FIXTURE, dir, { recursive: true });
  });

  it('is read as it is (no rebuild, no article read, no notes indexed) and left byte for byte as it was when nothing changed', async () => {
    const file = join(dir, 'index', SEARCH_INDEX_FILE);
    const bytesBefore = await readFile(file);
    expect(new DataView(bytesBefore.buffer, bytesBefore.byteOffset).getUint32(12, true)).toBe(5);
    expect(hasNotesColumn(bytesBefore)).toBe(true);
    const mtimeBefore = (await stat(file)).mtimeMs;
    const lib = await openLibrary({ notesText });
    await index!.ready;
    expect(index!.status()).toMatchObject({ state: 'ready', openedFrom: 'file', documents: 2 });
    expect(lib.reads()).toBe(0);
    expect((await index!.search('审批进度')).hits.map((h) => h.id)).toEqual([COMPUTE_ID]);
    expect((await index!.search('待核实')).hits.map((h) => h.id)).toEqual([COMPUTE_ID]);
    expect((await index!.search('数字化转型')).hits.map((h) => h.id)).toEqual([FACTORY_ID]);
    expect((await index!.search('算力')).hits.map((h) => h.id)).toContain(COMPUTE_ID);
    expect((await index!.search('默想')).hits).toEqual([]);
    // The copy has its own modification time: that annotations file is read, and holds the notes the index has.
    expect(index!.status().notesCheck).toEqual({ read: 1, reindexed: 0 });
    // Saved before the indexing rules were versioned; nothing in it is indexed differently now, so it is not written again.
    expect(index!.status().rulesUpgrade).toEqual({ from: 1, to: INDEX_RULES_VERSION, reindexed: 0 });
    await closeLibrary();
    expect(Buffer.compare(await readFile(file), bytesBefore)).toBe(0);
    expect((await stat(file)).mtimeMs).toBe(mtimeBefore);
  });

  it('rebuilds when the dictionary part is damaged (its checksum checked after the load)', async () => {
    const file = join(dir, 'index', SEARCH_INDEX_FILE);
    const bytes = await readFile(file);
    // A flipped bit in a field length (it only skews scores): the structure still holds, only the checksum can tell.
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    const lengths = view.getUint32(40 + 6 * 8, true);
    bytes[lengths] ^= 0x01;
    await writeFile(file, bytes);
    const lib = await openLibrary({ notesText });
    await index!.ready;
    await vi.waitFor(() => expect(index!.status()).toMatchObject({ state: 'ready', openedFrom: 'rebuilt', rebuildReason: 'unreadable (checksum mismatch)' }), {
      timeout: 10_000,
    });
    expect(lib.reads()).toBe(2);
    expect((await index!.search('审批进度')).hits.map((h) => h.id)).toEqual([COMPUTE_ID]);
  });
});

describe('an index in segments', () => {
  const QUERIES = ['算力', '人工智能', '数字化转型', 'WAIC', '王晓兰', '默想', '算', '上海'];
  /** Every query's hits as [fixture key, score, fields]. */
  const answers = async (): Promise<unknown> =>
    Promise.all(QUERIES.map(async (q) => (await index!.search(q)).hits.map((h) => [keyOf(h.id), h.score, h.matchedFields])));
  const listed = async (): Promise<Array<{ file: string; deleted: number[] }>> =>
    (JSON.parse(await readFile(join(dir, 'index', SEARCH_SEGMENTS_FILE), 'utf8')) as { segments: Array<{ file: string; deleted: number[] }> }).segments;

  it('adds each batch of imports as a new segment file: search.bin is left as it was, and the answers are those of a rebuild', async () => {
    await openLibrary({ persistDelayMs: 10 });
    ids = await importAll(store!, FIXTURES.slice(0, 2));
    await index!.flush();
    const base = join(dir, 'index', SEARCH_INDEX_FILE);
    const bytes = await readFile(base);
    const mtime = (await stat(base)).mtimeMs;
    Object.assign(ids, await importAll(store!, FIXTURES.slice(2, 3)));
    await index!.flush();
    Object.assign(ids, await importAll(store!, FIXTURES.slice(3)));
    await index!.flush();
    const files = (await listed()).map((r) => r.file);
    expect(files[0]).toBe(SEARCH_INDEX_FILE);
    expect(files.length).toBeGreaterThan(1);
    expect(Buffer.compare(await readFile(base), bytes)).toBe(0);
    expect((await stat(base)).mtimeMs).toBe(mtime);
    const live = await answers();
    await closeLibrary();
    const again = await openLibrary();
    await index!.ready;
    expect(index!.status()).toMatchObject({ openedFrom: 'file', documents: 4 });
    expect(again.reads()).toBe(0);
    expect(await answers()).toEqual(live);
    await index!.rebuild();
    expect(await answers()).toEqual(live);
  });

  it('keeps deletions as tombstones of the segment that holds them, and finds a re-imported article once', async () => {
    await openLibrary({ persistDelayMs: 10 });
    ids = await importAll(store!);
    await index!.flush();
    await store!.deleteArticle(ids.compute);
    await index!.flush();
    expect(await found('全国一体化算力网')).toEqual([]);
    await closeLibrary();
    // Closing saves the deletion in the list (search.bin is not rewritten for it).
    expect((await listed()).some((r) => r.deleted.length > 0)).toBe(true);
    await openLibrary({ persistDelayMs: 10 });
    await index!.ready;
    expect(index!.status().openedFrom).toBe('file');
    expect(await found('全国一体化算力网')).toEqual([]);
    Object.assign(
      ids,
      await importAll(
        store!,
        FIXTURES.filter((f) => f.key === 'compute'),
      ),
    );
    await index!.flush();
    expect(await found('全国一体化算力网')).toEqual(['compute']);
    await closeLibrary();
    await openLibrary();
    await index!.ready;
    expect(index!.status().openedFrom).toBe('file');
    expect(await found('全国一体化算力网')).toEqual(['compute']);
    expect((await savedIds()).filter((id) => id === ids.compute)).toEqual([ids.compute]);
  });

  it('loads after a crash at any step of a save: before or after each file is written, and before the files no longer listed are deleted', async () => {
    await openLibrary({ persistDelayMs: 10 });
    ids = await importAll(store!, FIXTURES.slice(0, 2));
    await index!.flush();
    Object.assign(ids, await importAll(store!, FIXTURES.slice(2)));
    await store!.deleteArticle(ids.sample);
    // A copy of the library before and after every write of the save: what a crash at that moment leaves.
    const crashes: string[] = [];
    const crashCopy = async (): Promise<void> => {
      const copy = join(dir, '..', `${Math.random().toString(36).slice(2)}-crash`);
      await cp(dir, copy, { recursive: true });
      crashes.push(copy);
    };
    const write = store!.writeBytes.bind(store!);
    const spy = vi.spyOn(store!, 'writeBytes').mockImplementation(async (path, data) => {
      if (path.includes(`${join('index', '')}`)) await crashCopy();
      await write(path, data);
      if (path.includes(`${join('index', '')}`)) await crashCopy();
    });
    await index!.flush();
    spy.mockRestore();
    await crashCopy();
    const expected = await answers();
    await closeLibrary();
    expect(crashes.length).toBeGreaterThanOrEqual(5);
    const home = dir;
    try {
      for (const copy of crashes) {
        dir = copy;
        // The catalog was saved before the index: every copy holds all four imports and the deletion.
        await openLibrary();
        await index!.ready;
        expect(index!.status().state).toBe('ready');
        expect(index!.status().openedFrom).not.toBe('rebuilt');
        expect(await answers()).toEqual(expected);
        await closeLibrary();
        await rm(copy, { recursive: true, force: true });
      }
    } finally {
      dir = home;
    }
  });
});

describe('the index on disk', () => {
  /** The engine inside the index (its postings' whereabouts are not part of the API). */
  const engineOf = (i: SearchIndex): InvertedIndex => (i as unknown as { engine: InvertedIndex }).engine;

  it('keeps only the dictionary in memory: postings are read from search.bin, also after a save', async () => {
    const first = await openLibrary({ persistDelayMs: 10 });
    ids = await importAll(first.store, FIXTURES.slice(0, 2));
    await index!.flush();
    // Written from memory, then read from the file just written.
    expect(engineOf(index!).postingsInFile).toBe(true);
    await closeLibrary();

    await openLibrary({ persistDelayMs: 10 });
    await index!.ready;
    expect(engineOf(index!).postingsInFile).toBe(true);
    expect(await found('算力')).toEqual(['compute', 'sample']);
    // New articles go to memory first and are searchable at once; a save puts them in the file too.
    Object.assign(ids, await importAll(store!, FIXTURES.slice(2)));
    expect(await found('算力')).toEqual(['compute', 'sample', 'factory']);
    await index!.flush();
    expect(engineOf(index!).postingsInFile).toBe(true);
    expect(await found('算力')).toEqual(['compute', 'sample', 'factory']);
    expect(await found('默想')).toEqual([]);
  });

  it('rebuilds when the postings left in the file turn out damaged (checked in the background after the load)', async () => {
    const first = await openLibrary();
    ids = await importAll(first.store);
    await closeLibrary();
    const path = join(dir, 'index', SEARCH_INDEX_FILE);
    const bytes = await readFile(path);
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    // Section 5 (the postings) is last in format 4: flip a byte in its middle.
    const at = view.getUint32(40 + 5 * 8, true);
    const length = view.getUint32(40 + 5 * 8 + 4, true);
    bytes[at + Math.floor(length / 2)] ^= 0x5a;
    await writeFile(path, bytes);

    await openLibrary();
    await index!.ready;
    expect(index!.status().openedFrom).toBe('file');
    await index!.idle();
    expect(index!.status()).toMatchObject({ state: 'ready', openedFrom: 'rebuilt', rebuildReason: 'unreadable (checksum mismatch)', documents: 4 });
    expect(await found('徐晓兰')).toEqual(['sample']);
    expect(await found('算力')).toEqual(['compute', 'sample', 'factory']);
  });

  it('is saved under index/ and loaded on the next open without reading any article', async () => {
    const first = await openLibrary();
    ids = await importAll(first.store);
    await closeLibrary();
    expect((await savedIds()).sort()).toEqual(Object.values(ids).sort());

    const second = await openLibrary();
    await index!.ready;
    expect(index!.status()).toMatchObject({ state: 'ready', openedFrom: 'file', documents: 4, caughtUp: 0 });
    expect(second.reads()).toBe(0);
    expect(await found('算力')).toEqual(['compute', 'sample', 'factory']);
  });

  it('saves a little after the last change, so a crash loses nothing', async () => {
    const notes = new Map<string, string>();
    const notesText = (id: string): string => notes.get(id) ?? '';
    const lib = await openLibrary({ persistDelayMs: 30, notesText });
    ids = await importAll(lib.store, FIXTURES.slice(0, 2));
    await index!.flush();
    expect((await savedIds()).sort()).toEqual([ids.sample, ids.compute].sort());

    // A notes change and an import, then the periodic save: only the small state file is written.
    const before = (await stat(join(dir, 'index', SEARCH_INDEX_FILE))).mtimeMs;
    notes.set(ids.sample, '政策落地情况待核实');
    await index!.updateNotes(ids.sample, notes.get(ids.sample)!);
    ids.factory = (await importAll(lib.store, FIXTURES.slice(2, 3))).factory;
    await index!.idle();
    const state = JSON.parse(await readFile(join(dir, 'index', SEARCH_STATE_FILE), 'utf8'));
    // search.bin holds the sample with its old notes; the new article is not in it at all (the catalog tells).
    expect(state.stale).toEqual([ids.sample]);
    expect((await stat(join(dir, 'index', SEARCH_INDEX_FILE))).mtimeMs).toBe(before);

    // The app dies here: open a copy of the folder as it is on disk.
    const copy = await mkdtemp(join(tmpdir(), 'bd-search-crash-'));
    try {
      await cp(dir, copy, { recursive: true });
      const crashedStore = await LibraryStore.open(copy);
      const crashedIndex = await SearchIndex.open(crashedStore, { notesText });
      await crashedIndex.ready;
      expect(crashedIndex.status()).toMatchObject({ openedFrom: 'file+changes', documents: 3 });
      expect((await crashedIndex.search('待核实')).hits.map((h) => keyOf(h.id))).toEqual(['sample']);
      expect((await crashedIndex.search('徐晓明')).hits.map((h) => keyOf(h.id))).toEqual(['factory']);
      await crashedIndex.close();
      await crashedStore.close();
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });

  it('rewrites search.bin and drops the state file when closed', async () => {
    const lib = await openLibrary({ persistDelayMs: 10 });
    ids = await importAll(lib.store, FIXTURES.slice(0, 1));
    await index!.flush();
    ids.compute = (await importAll(lib.store, FIXTURES.slice(1, 2))).compute;
    await lib.store.deleteArticle(ids.sample);
    await index!.idle();
    expect(JSON.parse(await readFile(join(dir, 'index', SEARCH_STATE_FILE), 'utf8')).stale).toEqual([ids.sample]);
    await closeLibrary();
    await expect(stat(join(dir, 'index', SEARCH_STATE_FILE))).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await savedIds()).filter(Boolean)).toEqual([ids.compute]);
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
    [
      'a truncated index',
      JSON.stringify({
        kind: 'briefing-desk-search-index',
        schemaVersion: 1,
        tokenizer: 1,
        fields: 'title,meta,tags,notes,text',
        docs: { a123: ['x', 'y'] },
        index: { documentCount: 5 },
      }),
    ],
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
    expect(await savedIds()).toContain(ids.sample);
  });

  it('is rebuilt when deleted, and never holds up opening the library', async () => {
    const first = await openLibrary();
    ids = await importAll(first.store);
    await closeLibrary();
    await rm(join(dir, 'index', SEARCH_INDEX_FILE));

    // Article reads block until released: open must still return, and searches wait.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let blocked = 0;
    store = await LibraryStore.open(dir);
    const s = store;
    index = await SearchIndex.open(s, {
      readArticle: async (id: string): Promise<Article> => {
        blocked++;
        await gate;
        return s.getArticle(id);
      },
    });
    expect(store.size).toBe(4);
    expect(index.status().state).not.toBe('ready');
    let answered = false;
    const pending = index.search('算力').then((r) => ((answered = true), r));
    // The rebuild is under way and stuck on an article read: the search must still be waiting.
    await vi.waitFor(() => expect(blocked).toBeGreaterThan(0));
    await new Promise((r) => setImmediate(r));
    expect(answered).toBe(false);
    release();
    expect((await pending).hits.map((h) => keyOf(h.id))).toEqual(['compute', 'sample', 'factory']);
    expect(index.status()).toMatchObject({ openedFrom: 'rebuilt', rebuildReason: 'missing' });
  });

  it('an import into an indexed library is searchable article by article, without a rebuild', async () => {
    const first = await openLibrary();
    ids = await importAll(first.store);
    await closeLibrary();
    const lib = await openLibrary({ mergeEntries: 2_000 });
    await index!.ready;
    expect(index!.status().openedFrom).toBe('file');
    const corpus = [...syntheticCorpus({ articles: 30, seed: 11, minChars: 400, maxChars: 1200 })];
    await lib.store.batch(async () => {
      for (const [k, a] of corpus.entries()) {
        const entry = await lib.store.addArticle(parsePlainText(a.text, a.fileName), { format: 'text', fileName: a.fileName });
        // Mid-import, with merges of the small segment happening: the article just added is found.
        if (k % 7 === 0) expect((await index!.search(`"${entry.title.slice(0, 8)}"`, { limit: 50 })).hits.map((h) => h.id)).toContain(entry.id);
      }
    });
    await index!.idle();
    expect(index!.status()).toMatchObject({ state: 'ready', openedFrom: 'file', documents: 34 });
    expect(index!.status().rebuildReason).toBeUndefined();
    expect(await found('徐晓兰')).toEqual(['sample']);
  });

  it('a build interrupted by a crash resumes from its last checkpoint instead of starting over', async () => {
    const first = await openLibrary();
    const corpus = [...syntheticCorpus({ articles: 24, seed: 5, minChars: 300, maxChars: 900 })];
    await first.store.batch(async () => {
      for (const a of corpus) await first.store.addArticle(parsePlainText(a.text, a.fileName), { format: 'text', fileName: a.fileName });
    });
    await closeLibrary();
    await rm(join(dir, 'index'), { recursive: true, force: true });

    // A build that saves every 8 articles and then stalls for good on the 19th read: the app dies there.
    store = await LibraryStore.open(dir);
    const s = store;
    let reads = 0;
    const stalled = new Promise<Article>(() => undefined);
    index = await SearchIndex.open(s, {
      checkpointArticles: 8,
      checkpointMs: 0,
      readArticle: (id) => (++reads > 18 ? stalled : s.getArticle(id)),
    });
    await vi.waitFor(async () => expect((await savedIds()).filter(Boolean).length).toBe(16), { timeout: 10_000 });
    expect(index.status()).toMatchObject({ state: 'building', progress: { total: 24 } });
    const copy = await mkdtemp(join(tmpdir(), 'bd-search-crash-'));
    try {
      await cp(dir, copy, { recursive: true });
      const crashedStore = await LibraryStore.open(copy);
      let resumedReads = 0;
      const resumed = await SearchIndex.open(crashedStore, { readArticle: (id) => (resumedReads++, crashedStore.getArticle(id)) });
      await resumed.ready;
      expect(resumed.status()).toMatchObject({ state: 'ready', openedFrom: 'file+changes', caughtUp: 8, documents: 24 });
      expect(resumedReads).toBe(8);
      // Every article answers, those saved before the crash and those indexed after it.
      for (const entry of crashedStore.list()) {
        const title = entry.title.slice(0, 6);
        expect((await resumed.search(`"${title}"`, { limit: 50 })).hits.map((h) => h.id)).toContain(entry.id);
      }
      await resumed.close();
      await crashedStore.close();
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
    // The stalled index can only be abandoned, as the crashed process was.
    index = null;
    store = null;
  });

  it('builds in the worker thread: no article is read in this thread, progress is reported, and a quit mid-build resumes', async () => {
    // The worker's TypeScript source, loaded through tsx (the app runs the built out/main/search-worker.js).
    const source = pathToFileURL(join(__dirname, 'build-worker.ts')).href;
    const worker = { eval: true, file: `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(source)}); });` };
    const notes = new Map<string, string>();
    const first = await openLibrary({ buildWorker: false, notesText: (id) => notes.get(id) ?? '' });
    ids = await importAll(first.store);
    const corpus = [...syntheticCorpus({ articles: 60, seed: 9, minChars: 300, maxChars: 900 })];
    await first.store.batch(async () => {
      for (const a of corpus) await first.store.addArticle(parsePlainText(a.text, a.fileName), { format: 'text', fileName: a.fileName });
    });
    // A highlight's note, on disk where the worker reads it.
    const note = {
      id: 'hworker1',
      articleId: ids.factory,
      target: {
        selector: [
          { type: 'TextQuoteSelector', exact: '智能工厂', prefix: '', suffix: '' },
          { type: 'TextPositionSelector', start: 0, end: 4 },
        ],
      },
      color: 'key',
      note: '核实枢纽节点审批进度',
      tags: ['待核实'],
      created: '2024-01-01T00:00:00.000Z',
      modified: '2024-01-01T00:00:00.000Z',
    };
    await writeFile(
      join(first.store.articleDir(ids.factory), 'annotations.json'),
      JSON.stringify({ schemaVersion: 1, articleId: ids.factory, annotations: [note] }),
    );
    notes.set(ids.factory, '核实枢纽节点审批进度\n待核实');
    await closeLibrary();
    await rm(join(dir, 'index'), { recursive: true, force: true });

    // Quit once it has started: the worker writes what it has as a checkpoint file and stops.
    let started = 0;
    const quitting = await openLibrary({
      buildWorker: worker,
      checkpointArticles: 8,
      checkpointMs: 0,
      onStatus: (s) => (started = s.progress?.done ?? started),
    });
    await vi.waitFor(() => expect(started).toBeGreaterThan(0), { timeout: 30_000, interval: 5 });
    await closeLibrary();
    const [saved] = await checkpointIds();
    expect(saved.length).toBeGreaterThan(0);
    expect(saved.length).toBeLessThan(64);
    expect(quitting.reads()).toBe(0);

    const lib = await openLibrary({ buildWorker: worker, notesText: (id) => notes.get(id) ?? '' });
    await index!.ready;
    // The articles of the checkpoint were not indexed again.
    expect(index!.status()).toMatchObject({ state: 'ready', openedFrom: 'rebuilt', documents: 64, resumed: saved.length });
    expect(await readdir(join(dir, 'index'))).not.toContain(SEARCH_BUILD_DIRS[0]);
    expect(await found('徐晓兰')).toEqual(['sample']);
    expect(await found('审批进度')).toEqual(['factory']);

    // A full rebuild in the worker: this thread reads nothing, and the status shows it under way.
    const readsBefore = lib.reads();
    const seen: Array<{ done: number; total: number }> = [];
    const rebuilt = index!.rebuild();
    await vi.waitFor(() => {
      const p = index!.status().progress;
      if (p) seen.push(p);
      expect(index!.status().state).toBe('ready');
    });
    await rebuilt;
    expect(lib.reads()).toBe(readsBefore);
    expect(index!.status()).toMatchObject({ openedFrom: 'rebuilt', documents: 64 });
    expect(index!.status().resumed).toBeUndefined();
    for (const p of seen) expect(p.total).toBe(64);
    expect(await found('审批进度')).toEqual(['factory']);
    expect(await found('默想')).toEqual([]);
  });

  it('tells its status as it changes: building with progress, then ready (what the indexStatus event carries)', async () => {
    const first = await openLibrary();
    ids = await importAll(first.store);
    const corpus = [...syntheticCorpus({ articles: 30, seed: 5, minChars: 200, maxChars: 600 })];
    await first.store.batch(async () => {
      for (const a of corpus) await first.store.addArticle(parsePlainText(a.text, a.fileName), { format: 'text', fileName: a.fileName });
    });
    await closeLibrary();
    await rm(join(dir, 'index'), { recursive: true, force: true });
    const told: SearchIndexStatus[] = [];
    await openLibrary({ buildWorker: false, onStatus: (s) => told.push(s) });
    await index!.ready;
    const building = told.filter((s) => s.state === 'building');
    expect(building.length).toBeGreaterThan(0);
    expect(building.some((s) => s.progress && s.progress.total === 34)).toBe(true);
    const last = told[told.length - 1];
    expect(last).toMatchObject({ state: 'ready', documents: 34, openedFrom: 'rebuilt' });
    expect(last.progress).toBeUndefined();
    // Done counts only go up while building.
    const done = building.flatMap((s) => (s.progress ? [s.progress.done] : []));
    expect(done).toEqual([...done].sort((a, b) => a - b));
    await closeLibrary();
    expect(told[told.length - 1].state).toBe('closed');
  });

  /**
   * The sample articles plus `articles` generated ones (seed `seed`) in a closed library, the build worker run
   * from source through tsx, and the answers (ids, scores, matched fields) to a fixed query set, for comparing
   * builds.
   */
  async function seedForWorkerBuild(articles: number, seed: number) {
    const source = pathToFileURL(join(__dirname, 'build-worker.ts')).href;
    const worker = { eval: true, file: `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(source)}); });` };
    const first = await openLibrary({ buildWorker: false });
    ids = await importAll(first.store);
    const corpus = [...syntheticCorpus({ articles, seed, minChars: 200, maxChars: 700 })];
    await first.store.batch(async () => {
      for (const a of corpus) await first.store.addArticle(parsePlainText(a.text, a.fileName), { format: 'text', fileName: a.fileName });
    });
    await closeLibrary();
    const queries = ['算力', '人工智能', '上海', '"数字经济"', '产', 'WAIC', '徐晓兰', '默想'];
    const answers = async (): Promise<unknown[]> => {
      const out: unknown[] = [];
      for (const q of queries) out.push((await index!.search(q, { limit: 100 })).hits.map((h) => [h.id, h.score, h.matchedFields]));
      return out;
    };
    return { worker, answers };
  }

  it.each(['edited', 'deleted', 'edited and deleted'] as const)(
    'a two-worker build resumed after articles in its checkpoints were %s answers as a build from scratch, taking every other article from the checkpoints',
    async (change) => {
      const { worker, answers } = await seedForWorkerBuild(80, 53);
      const two: SearchIndexOptions = { buildWorker: worker, twoWorkersFrom: 1, offThreadFrom: 1, mergeEntries: 400, checkpointArticles: 8, checkpointMs: 0 };
      await rm(join(dir, 'index'), { recursive: true, force: true });
      let progress = 0;
      await openLibrary({ ...two, onStatus: (s) => (progress = s.progress?.done ?? progress) });
      await vi.waitFor(() => expect(progress).toBeGreaterThan(0), { timeout: 30_000, interval: 5 });
      await closeLibrary();
      const [inFirst, inSecond] = await checkpointIds();
      expect(inFirst.length).toBeGreaterThan(1);
      expect(inSecond.length).toBeGreaterThan(1);

      // Between the quit and the resume: one checkpointed article of each half given a word only it has (its old text gone), and/or one deleted.
      const edited = change === 'deleted' ? [] : [inFirst[0]!, inSecond[0]!];
      const deleted = change === 'edited' ? [] : [inFirst[1]!, inSecond[1]!];
      const lib = await LibraryStore.open(dir);
      const deletedTitles = deleted.map((id) => lib.list().find((e) => e.id === id)!.title);
      for (const [i, id] of edited.entries()) {
        const text = `校准后的文本${i}：鳕鲈鲑鳟第${i}号 仅此一篇。`;
        await lib.updateArticle(id, { text, blocks: [{ kind: 'paragraph', start: 0, end: text.length }], marks: [] });
      }
      for (const id of deleted) await lib.deleteArticle(id);
      await lib.close();

      await openLibrary(two);
      await index!.ready;
      const status = index!.status();
      const resumedAnswers = await answers();
      const marker = (await index!.search('鳕鲈鲑鳟', { limit: 100 })).hits.map((h) => h.id);
      const byTitle = await Promise.all(deletedTitles.map(async (t) => (await index!.search(`"${t}"`, { limit: 100 })).hits.map((h) => h.id)));
      await closeLibrary();
      expect(status).toMatchObject({ state: 'ready', documents: 84 - deleted.length });
      // The checkpoints were used: every article they hold but the changed ones was taken from them.
      expect(status.resumed).toBe(inFirst.length + inSecond.length - edited.length - deleted.length);
      expect(marker.sort()).toEqual([...edited].sort());
      for (const hits of byTitle) for (const id of deleted) expect(hits).not.toContain(id);

      await rm(join(dir, 'index'), { recursive: true, force: true });
      await openLibrary({ buildWorker: false });
      await index!.ready;
      expect(index!.status()).toMatchObject({ documents: 84 - deleted.length });
      expect(resumedAnswers).toEqual(await answers());
    },
  );

  it('a build in the worker from many small runs and checkpoints answers exactly as a build in this thread', async () => {
    const { worker, answers } = await seedForWorkerBuild(40, 31);
    // Tiny runs (a few articles each), concatenated as they come, and a checkpoint every 8 articles (the runs after it join the saved file).
    await rm(join(dir, 'index'), { recursive: true, force: true });
    const lib = await openLibrary({ buildWorker: worker, mergeEntries: 400, checkpointArticles: 8, checkpointMs: 0 });
    await index!.ready;
    expect(index!.status()).toMatchObject({ state: 'ready', openedFrom: 'rebuilt', documents: 44 });
    expect(lib.reads()).toBe(0);
    const fromWorker = await answers();
    await closeLibrary();

    await rm(join(dir, 'index'), { recursive: true, force: true });
    await openLibrary({ buildWorker: false });
    await index!.ready;
    expect(index!.status()).toMatchObject({ openedFrom: 'rebuilt', documents: 44 });
    expect(fromWorker).toEqual(await answers());
    expect((fromWorker[0] as unknown[]).length).toBeGreaterThan(1);
  });

  it('a build in two workers (halves joined at the end) answers exactly as a build in this thread, and a quit mid-build resumes both halves', async () => {
    const { worker, answers } = await seedForWorkerBuild(80, 47);
    const two: SearchIndexOptions = { buildWorker: worker, twoWorkersFrom: 1, offThreadFrom: 1, mergeEntries: 400, checkpointArticles: 8, checkpointMs: 0 };
    const indexFiles = async () => (await readdir(join(dir, 'index'))).filter((n) => !n.startsWith('.')).sort();

    await rm(join(dir, 'index'), { recursive: true, force: true });
    const seen: Array<{ done: number; total: number }> = [];
    const lib = await openLibrary({ ...two, onStatus: (s) => s.progress && seen.push(s.progress) });
    await index!.ready;
    expect(index!.status()).toMatchObject({ state: 'ready', openedFrom: 'rebuilt', documents: 84 });
    expect(lib.reads()).toBe(0);
    // Progress is both halves together.
    expect(seen.length).toBeGreaterThan(0);
    for (const p of seen) expect(p.total).toBe(84);
    const fromTwo = await answers();
    await closeLibrary();
    // The second half is in search.bin; the checkpoint folders are gone.
    expect(await indexFiles()).toEqual([SEARCH_INDEX_FILE]);
    expect((await savedIds()).filter(Boolean).length).toBeGreaterThanOrEqual(84);

    // A quit mid-build: each worker saves what it has (the second half in its own file) and stops; the next open resumes both.
    const quitMidway = async (): Promise<void> => {
      await rm(join(dir, 'index'), { recursive: true, force: true });
      let progress = 0;
      await openLibrary({ ...two, onStatus: (s) => (progress = s.progress?.done ?? progress) });
      // Both workers have started (the second always saves its first batch: a stop is read between batches).
      await vi.waitFor(() => expect(progress).toBeGreaterThan(0), { timeout: 30_000, interval: 5 });
      await closeLibrary();
    };
    await quitMidway();
    // Only checkpoint folders: no search.bin is written before the end.
    expect(await indexFiles()).toEqual([...SEARCH_BUILD_DIRS]);
    const [inFirst, inSecond] = await checkpointIds();
    expect(inSecond.length).toBeGreaterThan(0);
    expect(inFirst.length + inSecond.length).toBeLessThan(84);
    await openLibrary(two);
    await index!.ready;
    expect(index!.status()).toMatchObject({ state: 'ready', openedFrom: 'rebuilt', documents: 84, resumed: inFirst.length + inSecond.length });
    expect(await answers()).toEqual(fromTwo);
    await closeLibrary();
    expect(await indexFiles()).toEqual([SEARCH_INDEX_FILE]);

    // A damaged checkpoint file costs only its work: its articles are indexed again.
    await quitMidway();
    const second = join(dir, 'index', SEARCH_BUILD_DIRS[1]);
    const [damaged] = (await readdir(second)).filter((n) => n.endsWith('.bin')).sort();
    await writeFile(join(second, damaged), 'not an index');
    await openLibrary(two);
    await index!.ready;
    expect(index!.status()).toMatchObject({ state: 'ready', documents: 84 });
    expect(await answers()).toEqual(fromTwo);
    await closeLibrary();
    expect(await indexFiles()).toEqual([SEARCH_INDEX_FILE]);

    // An interrupted build of the earlier form (search.bin with the first half, search-half.bin with the second): resumed, the half file as the second worker's checkpoint.
    await quitMidway();
    const [firstIds, secondIds] = await checkpointIds();
    const legacy = await mkdtemp(join(tmpdir(), 'bd-search-legacy-half-'));
    try {
      await cp(join(second), legacy, { recursive: true });
      await rm(join(dir, 'index'), { recursive: true, force: true });
      await mkdir(join(dir, 'index'));
      const [halfFile] = (await readdir(legacy)).filter((n) => n.endsWith('.bin')).sort();
      await cp(join(legacy, halfFile), join(dir, 'index', SEARCH_HALF_FILE));
    } finally {
      await rm(legacy, { recursive: true, force: true });
    }
    expect(firstIds.length + secondIds.length).toBeLessThan(84);
    await openLibrary(two);
    await index!.ready;
    expect(index!.status()).toMatchObject({ state: 'ready', openedFrom: 'rebuilt', documents: 84 });
    expect(index!.status().resumed).toBeGreaterThan(0);
    expect(await answers()).toEqual(fromTwo);
    await closeLibrary();
    expect(await indexFiles()).toEqual([SEARCH_INDEX_FILE]);

    await rm(join(dir, 'index'), { recursive: true, force: true });
    await openLibrary({ buildWorker: false });
    await index!.ready;
    expect(index!.status()).toMatchObject({ openedFrom: 'rebuilt', documents: 84 });
    expect(fromTwo).toEqual(await answers());
    expect((fromTwo[0] as unknown[]).length).toBeGreaterThan(1);
  }, 120_000);

  it.each([
    [60, 3, 150],
    [120, 17, 300],
    [90, 58, 1200],
  ])(
    'builds in the worker like the build in this thread: one worker gives the same index bytes, two with a quit and a resume the same answers (%i generated articles, seed %i, runs of %i postings)',
    async (articles, seed, mergeEntries) => {
      const { worker } = await seedForWorkerBuild(articles, seed);
      // Queries: fixed ones, and pieces of the generated texts (words, bigrams, phrases, a prefix).
      const texts = [...syntheticCorpus({ articles, seed, minChars: 200, maxChars: 700 })].map((a) => a.text.replace(/\s+/g, ''));
      const queries = ['算力', '人工智能', '上海', '"数字经济"', '产', 'WAIC', '徐晓兰', '默想', '政策 发展', 'model', '2024', '数*'];
      for (let k = 0; k < 12; k++) {
        const t = texts[(k * 7) % texts.length];
        const at = (k * 131) % Math.max(1, t.length - 6);
        queries.push(k % 3 === 0 ? `"${t.slice(at, at + 5)}"` : t.slice(at, at + 2 + (k % 3)));
      }
      const answers = async (): Promise<unknown[]> => {
        const out: unknown[] = [];
        for (const q of queries) {
          const r = await index!.search(q, { limit: 500 });
          out.push([q, r.total, r.hits.map((h) => [h.id, h.score, h.matchedFields])]);
        }
        return out;
      };
      const b64 = (a: ArrayBufferView): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
      /** A segment's content: dictionary, pointers, postings, field lengths, and the article each document is. */
      const contentOf = (seg: CompactSegment, ids: ReadonlyArray<string | null>): Record<string, unknown> => ({
        ids: [...ids],
        keys: b64(seg.cjkKeys),
        words: [b64(seg.words.offsets), b64(seg.words.chars)],
        ptrs: b64(seg.termPtr),
        lengths: b64(seg.fieldLengths),
        postings: Buffer.from(seg.postings.read(0, seg.postings.length)).toString('base64'),
      });
      /** search.bin's content. */
      const content = async (): Promise<Record<string, unknown>> => {
        const decoded = decodeIndexFile(await readFile(join(dir, 'index', SEARCH_INDEX_FILE)));
        if (!decoded.ok) throw new Error(decoded.reason);
        const table = manifestTable(decoded);
        if ('reason' in table) throw new Error(table.reason);
        return contentOf(decoded.segment, documentIds(table));
      };

      // The references: a build in this thread (answers), and every article added to one index merged once (bytes).
      await rm(join(dir, 'index'), { recursive: true, force: true });
      const here = await openLibrary({ buildWorker: false, mergeEntries });
      await index!.ready;
      const reference = await answers();
      const whole = new InvertedIndex();
      // The same articles as two workers index them: the first's half, then the second's (`halfOf`), each in catalog order.
      const inHalves = new InvertedIndex();
      const fieldsOf = new Map<string, ReturnType<typeof articleFields>>();
      for (const entry of Object.values(here.store.catalog.articles)) {
        const annotations = await readFile(join(here.store.articleDir(entry.id), 'annotations.json'), 'utf8').then(
          (t) => (JSON.parse(t) as { annotations: Parameters<typeof annotationNotesText>[0] }).annotations,
          () => [],
        );
        fieldsOf.set(entry.id, articleFields(entry, annotationNotesText(annotations), (await here.store.getArticle(entry.id)).text));
        whole.add(entry.id, fieldsOf.get(entry.id)!);
      }
      for (const half of [0, 1]) for (const [id, fields] of fieldsOf) if (halfOf(id) === half) inHalves.add(id, fields);
      await whole.merge();
      await inHalves.merge();
      const snap = whole.snapshot();
      const referenceBytes = contentOf(snap.segment, snap.ids);
      const halvesSnap = inHalves.snapshot();
      const halvesBytes = contentOf(halvesSnap.segment, halvesSnap.ids);
      await closeLibrary();
      expect((reference[0] as [string, number])[1]).toBeGreaterThan(1);

      // One worker, small runs joined in tiers, a checkpoint file every 8 articles: the same bytes.
      await rm(join(dir, 'index'), { recursive: true, force: true });
      const one = await openLibrary({ buildWorker: worker, twoWorkersFrom: Infinity, mergeEntries, checkpointArticles: 8, checkpointMs: 0 });
      await index!.ready;
      expect(one.reads()).toBe(0);
      expect(await answers()).toEqual(reference);
      await closeLibrary();
      const got = await content();
      for (const key of Object.keys(referenceBytes)) expect([key, got[key]]).toEqual([key, referenceBytes[key]]);

      // Two workers, not stopped: the bytes of the halves indexed one after the other (whatever order the workers
      // end in: the first one's runs joined while it waits for the second half, or not).
      const two: SearchIndexOptions = { buildWorker: worker, twoWorkersFrom: 1, offThreadFrom: 1, mergeEntries, checkpointArticles: 8, checkpointMs: 0 };
      for (const checkpointArticles of [8, Infinity]) {
        await rm(join(dir, 'index'), { recursive: true, force: true });
        await openLibrary({ ...two, checkpointArticles });
        await index!.ready;
        expect(await answers()).toEqual(reference);
        await closeLibrary();
        const fromTwo = await content();
        for (const key of Object.keys(halvesBytes)) expect([key, checkpointArticles, fromTwo[key]]).toEqual([key, checkpointArticles, halvesBytes[key]]);
      }

      // Two workers, quit once both have started, then resumed: the same answers.
      await rm(join(dir, 'index'), { recursive: true, force: true });
      let progress = 0;
      await openLibrary({ ...two, onStatus: (st) => (progress = st.progress?.done ?? progress) });
      await vi.waitFor(() => expect(progress).toBeGreaterThan(0), { timeout: 30_000, interval: 5 });
      await closeLibrary();
      await openLibrary(two);
      await index!.ready;
      expect(index!.status()).toMatchObject({ state: 'ready', documents: articles + 4 });
      expect(await answers()).toEqual(reference);
      await closeLibrary();
    },
    120_000,
  );

  it('catches up with many articles imported while closed in the worker, as a new segment file: search.bin is not rewritten, and it answers as a rebuild', async () => {
    const { worker, answers } = await seedForWorkerBuild(40, 61);
    await rm(join(dir, 'index'), { recursive: true, force: true });
    await openLibrary({ buildWorker: false });
    await index!.ready;
    await closeLibrary();
    const base = join(dir, 'index', SEARCH_INDEX_FILE);
    const baseBytes = await readFile(base);
    const baseMtime = (await stat(base)).mtimeMs;

    // While closed (the CLI): 30 imported, one changed, one removed.
    store = await LibraryStore.open(dir);
    const s = store;
    const corpus = [...syntheticCorpus({ articles: 30, seed: 62, minChars: 200, maxChars: 700 })];
    await s.batch(async () => {
      for (const a of corpus) await s.addArticle(parsePlainText(a.text, a.fileName), { format: 'text', fileName: a.fileName });
    });
    const [changedOne, removedOne] = [s.entry(ids.compute), s.entry(ids.factory)];
    const article = await s.getArticle(changedOne.id);
    // Seven characters inside a paragraph replaced by as many: the blocks stay as they are.
    const at = /[\u4e00-\u9fff]{7}/.exec(article.text)!.index;
    await s.updateArticle(changedOne.id, { text: `${article.text.slice(0, at)}量子通信骨干网${article.text.slice(at + 7)}`, blocks: article.blocks });
    await s.deleteArticle(removedOne.id);
    await s.close();
    store = null;

    const two: SearchIndexOptions = { buildWorker: worker, twoWorkersFrom: 1, offThreadFrom: 1, mergeEntries: 400, checkpointArticles: 8, checkpointMs: 0 };
    const lib = await openLibrary(two);
    await index!.ready;
    expect(index!.status()).toMatchObject({ state: 'ready', openedFrom: 'file+changes', caughtUp: 32, documents: 73 });
    // The worker read the articles; search.bin is as it was, the new ones are in a segment file the list names.
    expect(lib.reads()).toBe(0);
    expect((await readFile(base)).equals(baseBytes)).toBe(true);
    expect((await stat(base)).mtimeMs).toBe(baseMtime);
    const list = JSON.parse(await readFile(join(dir, 'index', SEARCH_SEGMENTS_FILE), 'utf8')) as { segments: Array<{ file: string; deleted: number[] }> };
    expect(list.segments.map((r) => r.file)).toEqual([SEARCH_INDEX_FILE, 'segments/0001.bin']);
    expect(list.segments[0].deleted.length).toBeGreaterThanOrEqual(2);
    expect(await readdir(join(dir, 'index'))).not.toContain(SEARCH_BUILD_DIRS[0]);
    expect((await index!.search('"量子通信骨干网"')).hits.map((h) => h.id)).toEqual([changedOne.id]);
    expect((await index!.search(`"${removedOne.title.slice(0, 8)}"`)).hits.map((h) => h.id)).not.toContain(removedOne.id);
    const caughtUp = await answers();
    await closeLibrary();

    // Reopened: read as it is; and a rebuild answers the same.
    await openLibrary({ buildWorker: false });
    await index!.ready;
    expect(index!.status()).toMatchObject({ openedFrom: 'file', documents: 73 });
    expect(await answers()).toEqual(caughtUp);
    await closeLibrary();
    await rm(join(dir, 'index'), { recursive: true, force: true });
    await openLibrary({ buildWorker: false });
    await index!.ready;
    expect(await answers()).toEqual(caughtUp);
  }, 120_000);

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
  it.each<[string, (bytes: Buffer) => Buffer]>([
    ['a flipped byte', (b) => ((b[Math.floor(b.length / 2)] ^= 0xff), b)],
    ['a truncated file', (b) => b.subarray(0, Math.floor(b.length * 0.7))],
    ['only its header', (b) => b.subarray(0, 40)],
  ])('is rebuilt when search.bin is damaged: %s', async (_name, damage) => {
    const first = await openLibrary();
    ids = await importAll(first.store);
    await closeLibrary();
    const path = join(dir, 'index', SEARCH_INDEX_FILE);
    await writeFile(path, damage(await readFile(path)));

    await openLibrary();
    await index!.ready;
    // Damage the structure check at load misses is found by the checksums checked after it.
    await vi.waitFor(() => expect(index!.status()).toMatchObject({ state: 'ready', openedFrom: 'rebuilt', documents: 4 }), { timeout: 10_000 });
    expect(index!.status().rebuildReason).toMatch(/^unreadable/);
    expect(await found('徐晓兰')).toEqual(['sample']);
    expect((await savedIds()).sort()).toEqual(Object.values(ids).sort());
  });

  it('rebuilds over the MiniSearch index of earlier versions and deletes it', async () => {
    const first = await openLibrary();
    ids = await importAll(first.store);
    await closeLibrary();
    await rm(join(dir, 'index', SEARCH_INDEX_FILE));
    await writeFile(
      join(dir, 'index', LEGACY_INDEX_FILE),
      JSON.stringify({ kind: 'briefing-desk-search-index', schemaVersion: 1, tokenizer: 1, docs: {}, index: {} }),
    );

    await openLibrary();
    await index!.ready;
    expect(index!.status()).toMatchObject({ openedFrom: 'rebuilt', rebuildReason: 'written by another version', documents: 4 });
    expect(await readdir(join(dir, 'index'))).toEqual([SEARCH_INDEX_FILE]);
  });

  it('ignores a state file left from an older search.bin (a crash between the two writes)', async () => {
    const notes = new Map<string, string>();
    const notesText = (id: string): string => notes.get(id) ?? '';
    const first = await openLibrary({ persistDelayMs: 10, notesText });
    ids = await importAll(first.store, FIXTURES.slice(0, 2));
    await index!.flush();
    notes.set(ids.sample, '待核实');
    await index!.updateNotes(ids.sample, '待核实');
    await index!.idle();
    const oldState = await readFile(join(dir, 'index', SEARCH_STATE_FILE), 'utf8');
    expect(JSON.parse(oldState).stale).toEqual([ids.sample]);
    // The new search.bin (with the notes) is written; the app dies before the state file goes.
    await closeLibrary();
    await writeFile(join(dir, 'index', SEARCH_STATE_FILE), oldState);

    const second = await openLibrary({ notesText });
    await index!.ready;
    expect(index!.status()).toMatchObject({ openedFrom: 'file', documents: 2 });
    expect(second.reads()).toBe(0);
    expect(await found('待核实')).toEqual(['sample']);
  });

  it('re-reads the articles a state file names, and only those', async () => {
    const notes = new Map<string, string>();
    const notesText = (id: string): string => notes.get(id) ?? '';
    await openLibrary({ persistDelayMs: 10, notesText });
    ids = await importAll(store!, FIXTURES.slice(0, 3));
    await index!.flush();
    notes.set(ids.factory, '待核实');
    await index!.updateNotes(ids.factory, '待核实');
    await index!.idle();
    // The app dies: search.bin still has the old notes, the state file says so.
    const copy = await mkdtemp(join(tmpdir(), 'bd-search-crash-'));
    try {
      await cp(dir, copy, { recursive: true });
      const crashedStore = await LibraryStore.open(copy);
      let reads = 0;
      const crashedIndex = await SearchIndex.open(crashedStore, { notesText, readArticle: (id) => (reads++, crashedStore.getArticle(id)) });
      await crashedIndex.ready;
      expect(reads).toBe(1);
      expect(crashedIndex.status()).toMatchObject({ openedFrom: 'file+changes', documents: 3 });
      expect((await crashedIndex.search('待核实')).hits.map((h) => keyOf(h.id))).toEqual(['factory']);
      await crashedIndex.close();
      await crashedStore.close();
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });

  it('removes temp files of a write that never finished (and an old search.json), and loads the intact file', async () => {
    const first = await openLibrary();
    ids = await importAll(first.store);
    await closeLibrary();
    const leftovers = ['.search.bin.0123456789ab.tmp', '.search-state.json.0123456789ab.tmp', LEGACY_INDEX_FILE];
    for (const name of leftovers) await writeFile(join(dir, 'index', name), 'half a file');
    await writeFile(join(dir, 'index', 'unrelated.tmp'), 'not ours');

    const second = await openLibrary();
    await index!.ready;
    expect(index!.status()).toMatchObject({ openedFrom: 'file', documents: 4 });
    expect(second.reads()).toBe(0);
    expect((await readdir(join(dir, 'index'))).sort()).toEqual([SEARCH_INDEX_FILE, 'unrelated.tmp'].sort());
  });

  it('is rebuilt when the state file is unreadable', async () => {
    const first = await openLibrary();
    ids = await importAll(first.store);
    await closeLibrary();
    await writeFile(join(dir, 'index', SEARCH_STATE_FILE), '{ "kind": "briefing-desk-search-state", ');
    await openLibrary();
    await index!.ready;
    expect(index!.status()).toMatchObject({ openedFrom: 'rebuilt', documents: 4 });
    expect(index!.status().rebuildReason).toMatch(/state file/);
  });
});

describe('a library of a few hundred varied articles', () => {
  /** Queries of every kind, with what each returns: ids in order, scores, totals. */
  const QUERIES = ['算力', '徐晓兰', '算', '数据中心', 'WAIC', '288亿元', '人工智能 上海', 'intelligence', '默想', '粮食安全', '"connected vehicles"'];

  async function answers(): Promise<unknown[]> {
    const out: unknown[] = [];
    for (const q of QUERIES) {
      const r = await index!.search(q, { limit: 50 });
      out.push({ q, total: r.total, exact: r.totalExact, hits: r.hits.map((h) => [h.id, h.score, h.matchedFields.join(), h.snippet?.text]) });
    }
    return out;
  }

  it('saves, reloads, follows edits and deletions, and agrees with a rebuild', async () => {
    // A small memory segment, so importing merges many times (the path a 10,000-article import takes).
    const options: SearchIndexOptions = { mergeEntries: 20_000 };
    const lib = await openLibrary(options);
    const imported: string[] = [];
    await lib.store.batch(async () => {
      for (const a of syntheticCorpus({ articles: 300, minChars: 300, maxChars: 3000, seed: 99, sources: [SAMPLE] })) {
        imported.push((await lib.store.addArticle(parsePlainText(a.text, a.fileName), { format: 'text', fileName: a.fileName })).id);
      }
    });
    const before = await answers();
    expect((before[0] as { total: number }).total).toBeGreaterThan(20);
    await closeLibrary();
    expect((await savedIds()).length).toBe(300);

    // The MiniSearch failure mode was here: saving and reloading.
    const second = await openLibrary(options);
    await index!.ready;
    expect(index!.status()).toMatchObject({ openedFrom: 'file', documents: 300 });
    expect(second.reads()).toBe(0);
    expect(await answers()).toEqual(before);

    // Edits and deletions (a fifth of the library: the next save reclaims them).
    for (const id of imported.slice(0, 60)) await second.store.deleteArticle(id);
    for (const id of imported.slice(60, 70)) {
      const article = await second.store.getArticle(id);
      await second.store.updateArticle(id, { text: article.text.replace(/算力/g, '算法'), blocks: article.blocks });
    }
    const edited = await answers();
    await closeLibrary();
    expect((await savedIds()).filter((id) => id === null)).toEqual([]);
    await openLibrary(options);
    await index!.ready;
    expect(await answers()).toEqual(edited);
    await index!.rebuild();
    expect(index!.status()).toMatchObject({ openedFrom: 'rebuilt', documents: 240 });
    expect(await answers()).toEqual(edited);
  });
  it('answers the same from its file in this format, from the same file in format 4, and after a rebuild', async () => {
    const noted = new Map<string, string>();
    const options: SearchIndexOptions = { mergeEntries: 20_000, notesText: (id) => noted.get(id) ?? '' };
    const lib = await openLibrary(options);
    const imported: string[] = [];
    await lib.store.batch(async () => {
      for (const a of syntheticCorpus({ articles: 120, minChars: 200, maxChars: 2500, seed: 7, sources: [SAMPLE] })) {
        imported.push((await lib.store.addArticle(parsePlainText(a.text, a.fileName), { format: 'text', fileName: a.fileName })).id);
      }
    });
    // Notes on some (a notes document each), a few deleted.
    for (const [k, id] of imported.slice(0, 30).entries()) {
      noted.set(id, k % 2 ? `粮食安全 批注${k}` : `待核实\n算力 ${k}`);
      await index!.updateNotes(id, noted.get(id)!);
    }
    for (const id of imported.slice(100, 104)) await lib.store.deleteArticle(id);
    await closeLibrary();
    const file = join(dir, 'index', SEARCH_INDEX_FILE);
    const saved = await readFile(file);
    expect(new DataView(saved.buffer, saved.byteOffset).getUint32(12, true)).toBe(5);

    const fromFile = await openLibrary(options);
    await index!.ready;
    expect(index!.status()).toMatchObject({ openedFrom: 'file', documents: 116 });
    expect(fromFile.reads()).toBe(0);
    const loaded = await answers();
    await closeLibrary();

    // The same index as format 4 wrote it: the manifest as JSON, every other byte as it was.
    await writeFile(file, asFormat4(saved));
    const fromOld = await openLibrary(options);
    await index!.ready;
    expect(index!.status()).toMatchObject({ openedFrom: 'file', documents: 116 });
    expect(fromOld.reads()).toBe(0);
    expect(await answers()).toEqual(loaded);
    await index!.rebuild();
    expect(index!.status()).toMatchObject({ openedFrom: 'rebuilt', documents: 116 });
    expect(await answers()).toEqual(loaded);
  });
});

/** An index file of this version rewritten as format 4 wrote it: the manifest section as JSON (`IndexManifest`), the rest unchanged. */
function asFormat4(bytes: Uint8Array): Uint8Array {
  const decoded = decodeIndexFile(bytes);
  if (!decoded.ok) throw new Error(decoded.reason);
  const table = manifestTable(decoded);
  if ('reason' in table) throw new Error(table.reason);
  const ids = documentIds(table);
  const at = (c: { text: string; at: Uint32Array }, a: number): string => c.text.slice(c.at[a], c.at[a + 1]);
  const docs = ids.map((id, d) => {
    if (id === null) return null;
    const a = table.docArt[d];
    if (table.parts[d] === PART_NOTES) return [id];
    const r = [id, at(table.modified, a), at(table.contentHash, a)];
    return table.parts[d] === PART_WHOLE ? [...r, 'whole'] : r;
  });
  const { kind, fields, generation, savedAt } = table;
  const out = concatChunks(
    encodeIndexFile(decoded.segment, new TextEncoder().encode(JSON.stringify({ kind, fields, generation, savedAt, docs })), decoded.tokenizer),
  );
  new DataView(out.buffer, out.byteOffset).setUint32(12, 4, true);
  return out;
}

describe('phrase queries', () => {
  it('reads only the articles that can hold a phrase, not every one with its scored bigrams', async () => {
    const lib = await openLibrary();
    // 川藏 and 唁冈 in thirty articles, apart; the phrase 川藏唁冈 in one.
    for (let i = 0; i < 30; i++)
      await lib.store.addArticle(parsePlainText(`川藏铁路进展（${i}）\n\n　　川藏铁路建设稳步推进，沿线唁冈村完成搬迁第${i}批。`, `a${i}.txt`), {
        format: 'text',
      });
    const phrase = await lib.store.addArticle(parsePlainText('川藏唁冈段通车\n\n　　川藏唁冈段今日通车。', 'p.txt'), { format: 'text' });
    await index!.ready;
    // A search waits for the imports' updates, which read each article: counted from when they are all applied
    // (`ready` does not wait for them; under load the last ones ran after it and were counted as the search's).
    expect((await index!.search('默想')).hits).toEqual([]);
    const before = lib.reads();
    const result = await index!.search('川藏唁冈');
    expect(result.hits.map((h) => h.id)).toEqual([phrase.id]);
    expect(result).toMatchObject({ total: 1, totalExact: true });
    expect(lib.reads() - before).toBe(1);
  });
});
