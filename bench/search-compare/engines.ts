/**
 * The three search engines the comparison measures, behind one small
 * interface, each indexing the same fields of the same library with the same
 * tokenisation (`common/search/tokenize.ts`: NFKC + lowercase, CJK runs as
 * overlapping bigrams plus the run's last character, other scripts as whole
 * words) and answering the same queries with the same semantics (every query
 * part ANDed; a part of more than one token confirmed against the article as
 * written, so 默想 never matches 默认; a lone CJK character is a prefix):
 *
 * - `ours`: the app's own index (`core/search` SearchIndex, public API only).
 * - `fts5`: SQLite FTS5 in a native build (better-sqlite3), a contentless
 *   table (`content=''`, `contentless_delete=1`: the text stays in the
 *   library, as with ours) over the pre-tokenised fields, unicode61 splitting
 *   on the spaces between tokens, a one-character prefix index; a query part
 *   becomes an FTS5 phrase of its bigrams, ranked by FTS5's bm25() with our
 *   field boosts.
 * - `minisearch`: MiniSearch with segment-wise persistence: one index per
 *   `segmentArticles` articles, each saved as its own JSON file, loaded
 *   together and searched segment by segment (scores merged as they are:
 *   each segment's idf is its own).
 *
 * FTS5 and MiniSearch then do what ours does after the index: confirm phrase
 * parts against the article text (read through the library, with a text cache
 * of the same size as ours) until a page is full, and cut a snippet
 * (`common/search/snippet.ts`) for every hit, so the latencies compare the
 * same work.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSnippet } from '../../src-main/common/search/snippet';
import { indexTokens, normalizeText, parseQuery, partRegExp, type ParsedQuery, type QueryPart } from '../../src-main/common/search/tokenize';
import type { LibraryStore } from '../../src-main/core/library/store';
import { articleFields } from '../../src-main/core/search/index-manifest';
import { FIELD_BOOST } from '../../src-main/core/search/inverted-index';
import { SearchIndex } from '../../src-main/core/search/search-index';
import type BetterSqlite3 from 'better-sqlite3';
import type MiniSearchClass from 'minisearch';

export const ENGINE_NAMES = ['ours', 'fts5', 'minisearch'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

/** What an engine gets: the open library and a folder of its own (empty before a build). */
export interface EngineContext {
  store: LibraryStore;
  /** The engine's own folder (ours keeps its files in the library's index folder instead). */
  dir: string;
  /** MiniSearch: articles per segment file. */
  segmentArticles: number;
}

/** One page of results: article ids best first, every one confirmed, and the number of candidates. */
export interface EnginePage {
  ids: string[];
  /** Matching articles; an upper bound when phrase parts were confirmed only as far as the page. */
  total: number;
}

export interface LoadedEngine {
  /** The first `limit` confirmed hits with their snippets made (what the search box shows). */
  search(query: string, limit: number): Promise<EnginePage>;
  /** Every confirmed match (order not significant), for the agreement check. */
  matchAll(query: string): Promise<string[]>;
  close(): Promise<void>;
}

export interface CompareEngine {
  name: EngineName;
  /** What the engine is, for the table. */
  label: string;
  /** Indexes every article of the library and saves the index (the timed build). */
  build(ctx: EngineContext): Promise<void>;
  /** Opens the saved index (the timed load); throws when there is none. */
  load(ctx: EngineContext): Promise<LoadedEngine>;
  /** Bytes of the saved index on disk. */
  diskBytes(ctx: EngineContext): number;
}

/** Total size of the files under `path` (0 when missing). */
export function bytesUnder(path: string): number {
  let st;
  try {
    st = statSync(path);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).reduce((sum, name) => sum + bytesUnder(join(path, name)), 0);
}

// ------------------------------------------------------------ shared query work

/** The part's tokens as the index spells them, without the run-end characters the index adds (徐晓兰 → 徐晓 晓兰). */
export function phraseTokens(part: QueryPart): string[] {
  const tokens = indexTokens(part.text);
  const out: string[] = [];
  let prev: string | undefined;
  for (const t of tokens) {
    // The index emits a run's last character right after the run's last bigram (…晓兰 兰): the index's, not the phrase's.
    const tail = prev !== undefined && Array.from(t).length === 1 && Array.from(prev).length === 2 && prev.endsWith(t) && isCjkToken(prev);
    prev = t;
    if (!tail) out.push(t);
  }
  return out;
}

const CJK_TOKEN = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3005\u3007\u30fc]+$/u;
function isCjkToken(t: string): boolean {
  return CJK_TOKEN.test(t);
}

/** A lone CJK character at the end of a part is a prefix: it is the first character of a bigram in the text. */
function endsWithPrefix(tokens: string[]): boolean {
  const last = tokens[tokens.length - 1];
  return last !== undefined && Array.from(last).length === 1 && isCjkToken(last);
}

/** An article's normalised fields and text, and the original text for snippets. */
interface Texts {
  fieldsNorm: string;
  textNorm: string;
  text: string;
}

/** Article texts kept between queries, up to `units` UTF-16 units (ours keeps ~24 MB: the same budget). */
class TextCache {
  private map = new Map<string, Texts>();
  private used = 0;
  constructor(
    private store: LibraryStore,
    private units = 12_000_000,
  ) {}
  async get(id: string): Promise<Texts> {
    const hit = this.map.get(id);
    if (hit) {
      this.map.delete(id);
      this.map.set(id, hit);
      return hit;
    }
    const entry = this.store.entry(id);
    const article = await this.store.getArticle(id);
    const [title, meta, tags] = articleFields(entry, '', '');
    const texts: Texts = { fieldsNorm: normalizeText([title, meta, tags].join('\n')), textNorm: normalizeText(article.text), text: article.text };
    this.map.set(id, texts);
    this.used += texts.text.length + texts.textNorm.length;
    for (const [key, value] of this.map) {
      if (this.used <= this.units) break;
      this.map.delete(key);
      this.used -= value.text.length + value.textNorm.length;
    }
    return texts;
  }
}

/** True when every part occurs as written in the fields or the text (the phrase check ours does). */
function confirmed(parsed: ParsedQuery, regexps: RegExp[], t: Texts): boolean {
  return parsed.parts.every((_, i) => {
    const re = regexps[i];
    re.lastIndex = 0;
    if (re.test(t.fieldsNorm)) return true;
    re.lastIndex = 0;
    return re.test(t.textNorm);
  });
}

/**
 * Walks ranked candidates: confirms phrase parts against the text until
 * `limit` are confirmed (all of them when `limit` is Infinity) and makes a
 * snippet for each hit on the page.
 */
async function confirmPage(candidates: string[], parsed: ParsedQuery, cache: TextCache, limit: number, snippets: boolean): Promise<string[]> {
  const regexps = parsed.parts.map(partRegExp);
  const out: string[] = [];
  for (const id of candidates) {
    if (out.length >= limit) break;
    if (!parsed.needsPhraseCheck && !snippets) {
      out.push(id);
      continue;
    }
    const texts = await cache.get(id);
    if (parsed.needsPhraseCheck && !confirmed(parsed, regexps, texts)) continue;
    if (snippets) buildSnippet(texts.text, parsed.parts);
    out.push(id);
  }
  return out;
}

// ------------------------------------------------------------------- ours

/** The app's own index through its public API (SearchIndex over the LibraryStore). */
export const oursEngine: CompareEngine = {
  name: 'ours',
  label: 'own index (core/search)',
  async build(ctx) {
    // Nothing saved: open builds from every article (in the build worker when built, as in the app).
    rmSync(ctx.store.indexDir, { recursive: true, force: true });
    mkdirSync(ctx.store.indexDir, { recursive: true });
    const index = await SearchIndex.open(ctx.store);
    await index.ready;
    await index.flush();
    await index.close();
  },
  async load(ctx) {
    const index = await SearchIndex.open(ctx.store);
    await index.ready;
    const status = index.status();
    if (status.openedFrom !== 'file') throw new Error(`ours: the saved index was not used (${JSON.stringify(status)})`);
    return {
      async search(query, limit) {
        const result = await index.search(query, { limit });
        return { ids: result.hits.map((h) => h.id), total: result.total };
      },
      async matchAll(query) {
        const ids: string[] = [];
        for (let offset = 0; ; offset += 500) {
          const result = await index.search(query, { limit: 500, offset });
          ids.push(...result.hits.map((h) => h.id));
          if (result.hits.length < 500) break;
        }
        return ids;
      },
      close: () => index.close(),
    };
  },
  diskBytes(ctx) {
    // The search files in the library's index folder (not the highlight summary, which is not search).
    return readdirSync(ctx.store.indexDir)
      .filter((name) => name !== 'highlights.json')
      .reduce((sum, name) => sum + bytesUnder(join(ctx.store.indexDir, name)), 0);
  },
};

// ------------------------------------------------------------------- FTS5

/** better-sqlite3, loaded only when the FTS5 engine is measured (an optional development dependency). */
async function sqlite(): Promise<typeof BetterSqlite3> {
  try {
    return (await import('better-sqlite3')).default;
  } catch (err) {
    throw new Error(
      `fts5: better-sqlite3 is not installed or its native build failed (${(err as Error).message}); install with npm_config_nodedir=/usr (see README, "Search engines compared")`,
    );
  }
}

const FTS_COLUMNS = ['title', 'meta', 'tags', 'body'] as const;
/** unicode61 splits only on the spaces we put between tokens: letters, digits, private use and marks are token characters, and the decimal point. */
const FTS_TOKENIZE = `unicode61 remove_diacritics 0 categories 'L* N* Co M*' tokenchars '.'`;

/** An FTS5 query: each part a phrase of its tokens (a final lone CJK character a prefix), parts ANDed. */
export function ftsQuery(parsed: ParsedQuery): string {
  return parsed.parts
    .map((part) => {
      const tokens = phraseTokens(part);
      const phrase = `"${tokens.join(' ').replace(/"/g, '""')}"`;
      return endsWithPrefix(tokens) ? `${phrase}*` : phrase;
    })
    .join(' AND ');
}

export const fts5Engine: CompareEngine = {
  name: 'fts5',
  label: 'SQLite FTS5, native (better-sqlite3)',
  async build(ctx) {
    const Database = await sqlite();
    rmSync(ctx.dir, { recursive: true, force: true });
    mkdirSync(ctx.dir, { recursive: true });
    const db = new Database(join(ctx.dir, 'search.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(`CREATE TABLE docs(n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE);
      CREATE VIRTUAL TABLE fts USING fts5(${FTS_COLUMNS.join(', ')}, content='', contentless_delete=1, tokenize="${FTS_TOKENIZE}", prefix='1');`);
    const addDoc = db.prepare('INSERT INTO docs(n, id) VALUES (?, ?)');
    const addFts = db.prepare(`INSERT INTO fts(rowid, ${FTS_COLUMNS.join(', ')}) VALUES (?, ?, ?, ?, ?)`);
    const insert = db.transaction((rows: Array<[number, string, string[]]>) => {
      for (const [n, id, fields] of rows) {
        addDoc.run(n, id);
        addFts.run(n, ...fields);
      }
    });
    let batch: Array<[number, string, string[]]> = [];
    let n = 0;
    for (const entry of ctx.store.list()) {
      const article = await ctx.store.getArticle(entry.id);
      const [title, meta, tags, , text] = articleFields(entry, '', article.text);
      batch.push([++n, entry.id, [title, meta, tags, text].map((f) => indexTokens(f).join(' '))]);
      if (batch.length >= 500) {
        insert(batch);
        batch = [];
      }
    }
    insert(batch);
    // One b-tree per term instead of one per insert batch, then the free pages returned: the file as it would be shipped.
    db.exec(`INSERT INTO fts(fts) VALUES('optimize')`);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.exec('VACUUM');
    db.close();
  },
  async load(ctx) {
    const Database = await sqlite();
    const db = new Database(join(ctx.dir, 'search.sqlite'), { readonly: true, fileMustExist: true });
    const weights = [FIELD_BOOST.title, FIELD_BOOST.meta, FIELD_BOOST.tags, FIELD_BOOST.text].join(', ');
    const ranked = db.prepare(`SELECT d.id FROM fts JOIN docs d ON d.n = fts.rowid WHERE fts MATCH ? ORDER BY bm25(fts, ${weights})`).pluck();
    // Touch the index once so a missing or foreign file fails here, not at the first query.
    db.prepare('SELECT count(*) FROM docs').get();
    const cache = new TextCache(ctx.store);
    const candidates = (parsed: ParsedQuery): string[] => (parsed.parts.length ? (ranked.all(ftsQuery(parsed)) as string[]) : []);
    return {
      async search(query, limit) {
        const parsed = parseQuery(query);
        const all = candidates(parsed);
        return { ids: await confirmPage(all, parsed, cache, limit, true), total: all.length };
      },
      async matchAll(query) {
        const parsed = parseQuery(query);
        return confirmPage(candidates(parsed), parsed, cache, Infinity, false);
      },
      async close() {
        db.close();
      },
    };
  },
  diskBytes(ctx) {
    return bytesUnder(ctx.dir);
  },
};

// ------------------------------------------------------------------- MiniSearch

interface MiniDoc {
  id: string;
  title: string;
  meta: string;
  tags: string;
  text: string;
}

async function minisearch(): Promise<typeof MiniSearchClass> {
  try {
    return (await import('minisearch')).default;
  } catch (err) {
    throw new Error(`minisearch: not installed (${(err as Error).message})`);
  }
}

/** Index options: our tokenizer; search-time terms are passed as the index spells them. */
const MINI_OPTIONS = {
  fields: ['title', 'meta', 'tags', 'text'],
  tokenize: (text: string) => indexTokens(text),
  processTerm: (term: string) => term,
  searchOptions: {
    tokenize: (text: string) => [text],
    processTerm: (term: string) => term,
    boost: { title: FIELD_BOOST.title, meta: FIELD_BOOST.meta, tags: FIELD_BOOST.tags, text: FIELD_BOOST.text },
  },
};

export const minisearchEngine: CompareEngine = {
  name: 'minisearch',
  label: 'MiniSearch, one JSON file per segment',
  async build(ctx) {
    const MiniSearch = await minisearch();
    rmSync(ctx.dir, { recursive: true, force: true });
    mkdirSync(ctx.dir, { recursive: true });
    let segment = new MiniSearch<MiniDoc>(MINI_OPTIONS);
    let count = 0;
    let k = 0;
    const save = (): void => {
      writeFileSync(join(ctx.dir, `segment-${String(k++).padStart(4, '0')}.json`), JSON.stringify(segment));
      segment = new MiniSearch<MiniDoc>(MINI_OPTIONS);
      count = 0;
    };
    for (const entry of ctx.store.list()) {
      const article = await ctx.store.getArticle(entry.id);
      const [title, meta, tags, , text] = articleFields(entry, '', article.text);
      segment.add({ id: entry.id, title, meta, tags, text });
      if (++count >= ctx.segmentArticles) save();
    }
    if (count > 0) save();
  },
  async load(ctx) {
    const MiniSearch = await minisearch();
    const files = readdirSync(ctx.dir)
      .filter((name) => /^segment-\d+\.json$/.test(name))
      .sort();
    if (!files.length) throw new Error(`minisearch: no segment files in ${ctx.dir}`);
    const segments = files.map((name) => MiniSearch.loadJSON<MiniDoc>(readFileSync(join(ctx.dir, name), 'utf8'), MINI_OPTIONS));
    const cache = new TextCache(ctx.store);
    const candidates = (parsed: ParsedQuery): string[] => {
      if (!parsed.parts.length) return [];
      // Every scored and filter term ANDed; a lone CJK character as a prefix.
      const queries = [...parsed.terms, ...parsed.filterTerms].map((t) => ({ queries: [t.term], prefix: t.prefix }));
      const hits = segments.flatMap((s) => s.search({ combineWith: 'AND', queries }, { combineWith: 'AND' }));
      hits.sort((a, b) => b.score - a.score);
      return hits.map((h) => h.id as string);
    };
    return {
      async search(query, limit) {
        const parsed = parseQuery(query);
        const all = candidates(parsed);
        return { ids: await confirmPage(all, parsed, cache, limit, true), total: all.length };
      },
      async matchAll(query) {
        const parsed = parseQuery(query);
        return confirmPage(candidates(parsed), parsed, cache, Infinity, false);
      },
      async close() {},
    };
  },
  diskBytes(ctx) {
    return bytesUnder(ctx.dir);
  },
};

export const ENGINES: Record<EngineName, CompareEngine> = { ours: oursEngine, fts5: fts5Engine, minisearch: minisearchEngine };

/**
 * The reference answer for the agreement check: every article in which each
 * part of the query occurs as written (its pattern over the normalised fields
 * or text), by reading them all.
 */
export async function scanMatches(store: LibraryStore, queries: readonly string[]): Promise<Map<string, string[]>> {
  const parsed = queries.map((q) => {
    const p = parseQuery(q);
    return { query: q, parsed: p, regexps: p.parts.map(partRegExp) };
  });
  const out = new Map<string, string[]>(queries.map((q) => [q, []]));
  for (const entry of store.list()) {
    const article = await store.getArticle(entry.id);
    const [title, meta, tags] = articleFields(entry, '', '');
    const texts: Texts = { fieldsNorm: normalizeText([title, meta, tags].join('\n')), textNorm: normalizeText(article.text), text: article.text };
    for (const q of parsed) if (q.parsed.parts.length && confirmed(q.parsed, q.regexps, texts)) out.get(q.query)!.push(entry.id);
  }
  return out;
}
