/**
 * What the index takes from an article (its indexing rules,
 * `INDEX_RULES_VERSION`), on real libraries in temporary folders (lowdb
 * catalog, article files): every character of the longest article the
 * store accepts is searchable, with exact UTF-16 offsets far into it; the
 * 发文字号 is searchable in the spellings people type; and an index saved
 * under the earlier rules is loaded as it is, with only the articles the
 * new rules index differently indexed again (fixtures
 * `tests/fixtures/search-index/v5-rules1-library`, saved before the rules
 * were versioned, and `v5-rules2-library`, saved by this version).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cp, mkdir, mkdtemp, readFile, rename, rm, stat } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LibraryStore } from '../library/store';
import { parsePlainText } from '../import/plain-text';
import { MAX_ARTICLE_CHARS } from '../../common/limits';
import type { ArticleMeta, Block } from '../../common/model';
import { snippetToMarkedString } from '../../common/search/snippet';
import { SEARCH_INDEX_FILE, SearchIndex, type SearchIndexOptions } from './search-index';
import { decodeIndexFile } from './index-file';
import { INDEX_RULES_VERSION, manifestTable } from './index-manifest';
import { LONG_TAIL_AFTER, SEARCH_FIXTURE_ARTICLES } from '../../../tests/fixtures/search-index/articles';

/** The build worker's TypeScript source, loaded through tsx (the app runs the built out/main/search-worker.js). */
const WORKER = {
  eval: true,
  file: `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(pathToFileURL(join(__dirname, 'build-worker.ts')).href)}); });`,
};

let dir: string;
let store: LibraryStore | null = null;
let index: SearchIndex | null = null;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bd-index-rules-'));
});

afterEach(async () => {
  await index?.close();
  await store?.close();
  index = null;
  store = null;
  await rm(dir, { recursive: true, force: true });
});

/** Opens store and index on `dir`; `reads` lists the articles the index read (by id). */
async function open(options: SearchIndexOptions = {}): Promise<{ reads: string[] }> {
  store = await LibraryStore.open(dir);
  const s = store;
  const reads: string[] = [];
  index = await SearchIndex.open(s, {
    persistDelayMs: 20,
    buildWorker: false,
    readArticle: (id) => {
      reads.push(id);
      return s.getArticle(id);
    },
    ...options,
  });
  await index.ready;
  return { reads };
}

async function close(): Promise<void> {
  await index?.close();
  await store?.close();
  index = null;
  store = null;
}

/**
 * Adds an article of `text` as it is (first line the title, each further
 * line a paragraph): the plain-text importer would tidy white space, and
 * the long texts must keep their exact length.
 */
async function addExact(text: string, file: string): Promise<string> {
  const blocks: Block[] = [];
  let at = 0;
  for (const line of text.split('\n')) {
    if (line.length) blocks.push({ kind: blocks.length ? 'paragraph' : 'title', start: at, end: at + line.length });
    at += line.length + 1;
  }
  const entry = await store!.addArticle({ text, blocks, meta: { title: text.slice(0, text.indexOf('\n')) } }, { format: 'text', fileName: file });
  return entry.id;
}

async function add(text: string, file: string, meta: Partial<ArticleMeta> = {}): Promise<string> {
  const entry = await store!.addArticle(parsePlainText(text, file), { format: 'text', fileName: file });
  if (Object.keys(meta).length) await store!.updateArticle(entry.id, { meta });
  return entry.id;
}

async function found(query: string): Promise<string[]> {
  return (await index!.search(query)).hits.map((h) => h.id);
}

/** The rules version search.bin's manifest says. */
async function rulesOfFile(): Promise<number> {
  const decoded = decodeIndexFile(await readFile(join(dir, 'index', SEARCH_INDEX_FILE)));
  if (!decoded.ok) throw new Error(decoded.reason);
  const table = manifestTable(decoded);
  if ('reason' in table) throw new Error(table.reason);
  return table.rules;
}

/** Text of `length` UTF-16 units: `filler` over and over (cut to fit), with `inserts` placed at their offsets. */
function longText(length: number, filler: string, inserts: Array<[at: number, text: string]>): string {
  const parts: string[] = [];
  let at = 0;
  for (const [where, text] of inserts) {
    let gap = '';
    while (gap.length < where - at) gap += filler;
    gap = gap.slice(0, where - at);
    // The insert is a line of its own (no word of the filler runs into it), and never cuts a surrogate pair.
    gap = gap.slice(0, -1).replace(/[\uD800-\uDBFF]$/, ' ') + '\n';
    parts.push(gap, text, '\n');
    at = where + text.length + 1;
  }
  let tail = '';
  while (tail.length < length - at) tail += filler;
  tail = tail.slice(0, length - at);
  if (/[\uD800-\uDBFF]$/.test(tail)) tail = tail.slice(0, -1) + ' ';
  parts.push(tail);
  return parts.join('');
}

describe('long articles: every character is searchable', () => {
  /**
   * Three long texts: Chinese at the longest length the store accepts, one
   * full of characters outside the BMP (surrogate pairs: UTF-16 offsets and
   * code points part ways), and English; each with phrases placed past
   * 65,535 and past 300,000 units, and the near-miss 默认 far in.
   */
  const ZH_FILLER = '各地区各部门认真贯彻落实党中央决策部署，持续推进基础设施建设，经济运行总体平稳。\n';
  const EXT_FILLER = '𠮷野家𩸽料理𠀋店铺，服务顾客。\n';
  const EN_FILLER = 'Regional authorities continued routine maintenance of public infrastructure during the period. ';
  const cases = [
    {
      name: 'Chinese, the longest article the store accepts',
      length: MAX_ARTICLE_CHARS,
      filler: ZH_FILLER,
      phrases: [
        [70_000, '钠离子储能示范工程'],
        [450_000, '海上风电制氢项目'],
        [1_500_000, '系统默认开启'],
        [MAX_ARTICLE_CHARS - 40, '低轨卫星互联网星座'],
      ] as Array<[number, string]>,
      absent: ['默想', '储能制氢', '卫星工程'],
      common: '基础设施',
    },
    {
      name: 'surrogate pairs throughout (CJK Extension B)',
      length: 700_000,
      filler: EXT_FILLER,
      phrases: [
        [66_001, '𠀋𡈽盐湖提锂'],
        [480_000, '𩸽鱼干加工园区'],
      ] as Array<[number, string]>,
      absent: ['盐湖干加', '𠀋𩸽'],
      common: '料理',
    },
    {
      name: 'English',
      length: 900_000,
      filler: EN_FILLER,
      phrases: [
        [65_600, 'offshore hydrogen electrolyser'],
        [600_123, 'tidal lagoon turbine'],
      ] as Array<[number, string]>,
      absent: ['"hydrogen turbine"', 'electrolyse'],
      common: 'maintenance',
    },
  ];

  it.each(cases)(
    '$name: phrases past 65,535 and 300,000 units are found, snippets and match offsets exact',
    async ({ length, filler, phrases, absent, common }) => {
      await open();
      const text = longText(length, filler, phrases);
      expect(text.length).toBe(length);
      const id = await addExact(text, 'long.txt');
      const other = await add('短讯\n\n今日天气晴。\n', 'short.txt');
      await index!.idle();
      const article = await store!.getArticle(id);
      for (const [at, phrase] of phrases) {
        // Words with spaces between them are one phrase when quoted.
        const result = await index!.search(phrase.includes(' ') ? `"${phrase}"` : phrase);
        expect(result.hits.map((h) => h.id)).toEqual([id]);
        const hit = result.hits[0];
        // The match is the phrase's place in the article (UTF-16 offsets, as the reader marks it).
        const where = article.text.indexOf(phrase);
        expect(where).toBeGreaterThanOrEqual(at - 2);
        expect(hit.matchStart).toBe(where);
        expect(article.text.slice(hit.matchStart, hit.matchEnd)).toBe(phrase);
        // The snippet is cut around it: its offsets place it in the text, its mark is the phrase.
        const snippet = hit.snippet!;
        expect(article.text.slice(snippet.start, snippet.end).replace(/[\n\t]/g, ' ')).toBe(snippet.text);
        expect(snippet.start).toBeLessThanOrEqual(where);
        expect(snippet.end).toBeGreaterThanOrEqual(where + phrase.length);
        expect(snippetToMarkedString(snippet)).toContain(`[${phrase}]`);
      }
      for (const q of absent) expect(await found(q), q).toEqual([]);
      // A word of the filler is everywhere; the other article has none of it.
      expect(await found(common)).toEqual([id]);
      expect(await found('天气')).toEqual([other]);
      // Saved and read again: the same answers from the file.
      await close();
      await open();
      for (const [, phrase] of phrases) expect(await found(phrase.includes(' ') ? `"${phrase}"` : phrase)).toEqual([id]);
    },
  );
});

describe('the 发文字号 (docNumber) is searched in the spellings people type', () => {
  const DOCS: Array<{ docNumber: string; title: string; queries: string[]; misses: string[] }> = [
    {
      docNumber: '国办发〔2024〕12号',
      title: '国务院办公厅关于进一步优化政务服务的意见',
      queries: [
        '国办发〔2024〕12号',
        '国办发[2024]12号',
        '国办发［2024］12号',
        '国办发（2024）12号',
        '国办发【2024】12号',
        '国办发〔２０２４〕１２号',
        '国办发〔2024〕第12号',
      ],
      misses: ['国办发[2024]1号', '国办发[2023]12号', '国办发〔2024〕120号'],
    },
    {
      docNumber: '京政办发[2023]5号',
      title: '北京市人民政府办公厅印发关于加强生活必需品供应保障的通知',
      queries: ['京政办发〔2023〕5号', '京政办发[2023]5号', '京政办发(2023)5号', '京政办发〔2023〕第5号'],
      misses: ['京政办发〔2023〕15号', '京政发〔2023〕5号'],
    },
    {
      docNumber: '工信部联规〔2025〕第3号',
      title: '关于加快推进工业领域设备更新的实施方案',
      queries: ['工信部联规〔2025〕第3号', '工信部联规[2025]3号', '工信部联规〔2025〕3号', '工信部联规【2025】第3号'],
      misses: ['工信部联规〔2025〕第13号', '工信部规〔2025〕3号'],
    },
    {
      docNumber: '财税［2024］１８号',
      title: '关于明确先进制造业企业增值税加计抵减政策的公告',
      queries: ['财税[2024]18号', '财税〔2024〕18号', '财税［2024］１８号', '财税〔2024〕第18号'],
      misses: ['财税[2024]8号', '财税[2025]18号'],
    },
  ];

  it('finds each document by any spelling of its number, never by a different number, and 默想 never matches 默认', async () => {
    await open();
    const ids = new Map<string, string>();
    for (const d of DOCS) {
      // The number is in the catalog only: the text never mentions it.
      ids.set(d.docNumber, await add(`${d.title}\n\n各有关单位：\n　　现将有关事项通知如下，系统默认开启。\n`, `${d.title}.txt`, { docNumber: d.docNumber }));
    }
    await index!.idle();
    for (const d of DOCS) {
      for (const q of d.queries) {
        const result = await index!.search(q);
        expect(
          result.hits.map((h) => h.id),
          q,
        ).toEqual([ids.get(d.docNumber)]);
        expect(result.hits[0].matchedFields, q).toContain('meta');
      }
      for (const q of d.misses) expect(await found(q), q).toEqual([]);
    }
    expect(await found('默想')).toEqual([]);
    expect((await found('默认')).length).toBe(DOCS.length);
    // An edit of the number is followed at once.
    const tax = ids.get('财税［2024］１８号')!;
    await store!.updateArticle(tax, { meta: { docNumber: '财税〔2024〕19号' } });
    expect(await found('财税[2024]18号')).toEqual([]);
    expect(await found('财税［2024］１９号')).toEqual([tax]);
  });

  it('finds a 发文字号 written in the text too, and marks it in the snippet whatever its brackets', async () => {
    await open();
    const id = await add(
      '关于做好2024年春耕生产工作的通知\n\n　　根据《国务院办公厅关于加强农业生产的通知》（国办发〔2024〕12号）要求，现将有关事项通知如下。\n',
      'chungeng.txt',
    );
    await index!.idle();
    const hit = (await index!.search('国办发[2024]12号')).hits[0];
    expect(hit.id).toBe(id);
    expect(snippetToMarkedString(hit.snippet!)).toContain('[国办发〔2024〕12号]');
  });
});

/** The ids of the fixture's articles by key (looked up by title in its catalog). */
async function fixtureIds(): Promise<Record<string, string>> {
  const catalog = JSON.parse(await readFile(join(dir, 'catalog.json'), 'utf8')) as { articles: Record<string, { id: string; title: string }> };
  const out: Record<string, string> = {};
  for (const a of SEARCH_FIXTURE_ARTICLES) {
    const title = a.text().split('\n')[0];
    out[a.key] = Object.values(catalog.articles).find((e) => e.title === title)!.id;
  }
  return out;
}

/** What the fixture libraries answer, by fixture key. */
async function fixtureAnswers(keyOf: (id: string) => string): Promise<Record<string, string[]>> {
  const queries = [
    '国办发[2024]12号',
    '京政办发〔2023〕5号',
    '工信部联规[2025]3号',
    '财税〔2024〕18号',
    'heliostat array',
    '量子通信骨干网',
    '𠮷田',
    'grid storage',
    '默认',
    '默想',
  ];
  const out: Record<string, string[]> = {};
  for (const q of queries) out[q] = (await found(q)).map(keyOf).sort();
  return out;
}

const EXPECTED = {
  '国办发[2024]12号': ['gov'],
  '京政办发〔2023〕5号': ['bj'],
  '工信部联规[2025]3号': ['miit'],
  '财税〔2024〕18号': ['tax'],
  'heliostat array': ['long'],
  量子通信骨干网: ['long'],
  𠮷田: ['long'],
  'grid storage': ['long'],
  默认: ['plain'],
  默想: [],
};

describe('an index saved under the first indexing rules (v5-rules1-library)', () => {
  const FIXTURE = join(__dirname, '../../../tests/fixtures/search-index/v5-rules1-library');
  beforeEach(async () => {
    await cp(FIXTURE, dir, { recursive: true });
  });

  it('is loaded as it is and indexes again only the articles with a 发文字号 or a text past the old limit; the status says so', async () => {
    expect(await rulesOfFile()).toBe(1);
    const ids = await fixtureIds();
    const keyOf = (id: string) => Object.keys(ids).find((k) => ids[k] === id) ?? id;
    const { reads } = await open();
    expect(index!.status()).toMatchObject({
      state: 'ready',
      openedFrom: 'file+changes',
      caughtUp: 5,
      rulesUpgrade: { from: 1, to: INDEX_RULES_VERSION, reindexed: 5 },
      documents: 6,
    });
    expect(index!.status().rebuildReason).toBeUndefined();
    // The short article without a number is neither read nor indexed again.
    expect(reads.map(keyOf).sort()).toEqual(['bj', 'gov', 'long', 'miit', 'tax']);
    expect(await fixtureAnswers(keyOf)).toEqual(EXPECTED);
    const tail = (await index!.search('heliostat array')).hits[0];
    const text = (await store!.getArticle(ids.long)).text;
    expect(text.length).toBeGreaterThan(LONG_TAIL_AFTER);
    expect(tail.matchStart).toBe(text.indexOf('heliostat array'));
    expect(tail.matchStart).toBeGreaterThan(LONG_TAIL_AFTER);
    // Saved: the next open reads nothing and answers the same.
    await close();
    const again = await open();
    expect(index!.status()).toMatchObject({ openedFrom: 'file', rulesUpgrade: { from: 1, to: INDEX_RULES_VERSION, reindexed: 0 } });
    expect(again.reads).toEqual([]);
    expect(await fixtureAnswers(keyOf)).toEqual(EXPECTED);
  });

  it("upgrades in the build worker's catch-up of many articles too (the path of a large library), and a rebuild answers the same", async () => {
    const ids = await fixtureIds();
    const keyOf = (id: string) => Object.keys(ids).find((k) => ids[k] === id) ?? id;
    const { reads } = await open({ offThreadFrom: 1, buildWorker: WORKER });
    // The worker read them: none in this thread.
    expect(reads).toEqual([]);
    expect(index!.status().openedFrom).toBe('file+changes');
    expect(index!.status().rulesUpgrade).toEqual({ from: 1, to: INDEX_RULES_VERSION, reindexed: 5 });
    const upgraded = await fixtureAnswers(keyOf);
    expect(upgraded).toEqual(EXPECTED);
    await index!.rebuild();
    expect(await fixtureAnswers(keyOf)).toEqual(upgraded);
  });
});

describe('a build interrupted before an upgrade', () => {
  it('does not resume from a checkpoint written under older rules: its articles are indexed again', async () => {
    // The rules-1 index as the checkpoint of an interrupted build (the same file format), and no index yet.
    await cp(join(__dirname, '../../../tests/fixtures/search-index/v5-rules1-library'), dir, { recursive: true });
    await mkdir(join(dir, 'index', 'build-0'), { recursive: true });
    await rename(join(dir, 'index', SEARCH_INDEX_FILE), join(dir, 'index', 'build-0', '0001.bin'));
    const ids = await fixtureIds();
    const keyOf = (id: string) => Object.keys(ids).find((k) => ids[k] === id) ?? id;
    await open({ buildWorker: WORKER });
    expect(index!.status()).toMatchObject({ state: 'ready', openedFrom: 'rebuilt', documents: 6 });
    expect(index!.status().resumed).toBeUndefined();
    expect(await fixtureAnswers(keyOf)).toEqual(EXPECTED);
    expect(await rulesOfFile()).toBe(INDEX_RULES_VERSION);
  });
});

describe('an index saved by this version (v5-rules2-library)', () => {
  const FIXTURE = join(__dirname, '../../../tests/fixtures/search-index/v5-rules2-library');
  beforeEach(async () => {
    await cp(FIXTURE, dir, { recursive: true });
  });

  it('is read as it is (no article read), answers every rule, and is left byte for byte', async () => {
    expect(await rulesOfFile()).toBe(INDEX_RULES_VERSION);
    const file = join(dir, 'index', SEARCH_INDEX_FILE);
    const bytes = await readFile(file);
    const mtime = (await stat(file)).mtimeMs;
    const ids = await fixtureIds();
    const keyOf = (id: string) => Object.keys(ids).find((k) => ids[k] === id) ?? id;
    const { reads } = await open();
    expect(index!.status()).toMatchObject({ state: 'ready', openedFrom: 'file', documents: 6 });
    expect(index!.status().rulesUpgrade).toBeUndefined();
    expect(reads).toEqual([]);
    expect(await fixtureAnswers(keyOf)).toEqual(EXPECTED);
    await close();
    expect(Buffer.compare(await readFile(file), bytes)).toBe(0);
    expect((await stat(file)).mtimeMs).toBe(mtime);
  });
});
