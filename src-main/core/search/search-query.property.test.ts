/**
 * The search's shortcuts against brute force, on generated libraries (several
 * seeds): every article is read whole and every query part is checked the
 * obvious way — a phrase as a regular expression over the normalised title,
 * metadata, tags and notes or over the text; a one-token part against the
 * article's index tokens. What `SearchIndex.search` answers must be exactly
 * that set (with filters too), ranked by score, and the same when paged.
 * Phrases are cut from every field, and queries whose bigrams are common
 * but never adjacent make the phrase check reject most candidates.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LibraryStore } from '../library/store';
import { parsePlainText } from '../import/plain-text';
import type { CatalogEntry } from '../../common/model';
import { indexTokens, normalizeText, parseQuery, partRegExp } from '../../common/search/tokenize';
import { seededRandom, syntheticCorpus } from '../../../bench/search/bench-corpus';
import { SearchIndex } from './search-index';
import { metaText } from './index-manifest';

const SAMPLE = readFileSync(join(__dirname, '../../../resources/rmrb-2023-waic-ai-conference.txt'), 'utf8');
const TAGS = ['人工智能', '算力', '数据中心', '上海', '制造业', 'english'];
const SOURCES = ['人民日报', '新华社', '经济日报'];
const AUTHORS = ['王晓兰', '徐晓明', '李算力'];

interface Library {
  store: LibraryStore;
  index: SearchIndex;
  notes: Map<string, string>;
  texts: Map<string, string>;
  notesReads: () => number;
}

let dir: string;
let open: Library | null = null;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bd-search-property-'));
});

afterEach(async () => {
  await open?.index.close();
  await open?.store.close();
  open = null;
  await rm(dir, { recursive: true, force: true });
});

/** A library of `count` generated articles with varied sources, authors, dates, tags and (for some) annotation notes. */
async function generate(seed: number, count: number, termVectorCache?: { bytes?: number; minCost?: number }): Promise<Library> {
  const rand = seededRandom(seed);
  const store = await LibraryStore.open(dir);
  const notes = new Map<string, string>();
  const texts = new Map<string, string>();
  let notesReads = 0;
  const corpus = [...syntheticCorpus({ articles: count, seed, minChars: 200, maxChars: 700, sources: [SAMPLE] })];
  await store.batch(async () => {
    for (const [i, a] of corpus.entries()) {
      const entry = await store.addArticle(parsePlainText(a.text, a.fileName), { format: 'text', fileName: a.fileName });
      const tags = TAGS.filter(() => rand() < 0.25);
      await store.updateArticle(entry.id, {
        meta: {
          source: SOURCES[i % SOURCES.length],
          author: rand() < 0.5 ? AUTHORS[Math.floor(rand() * AUTHORS.length)] : undefined,
          published: `20${20 + (i % 5)}-0${1 + (i % 9)}-1${i % 10}`,
          tags,
        },
      });
      texts.set(entry.id, (await store.getArticle(entry.id)).text);
      // Notes quote the article's own text now and then (a phrase then matches in two fields).
      if (rand() < 0.3) {
        const body = texts.get(entry.id)!;
        const at = Math.floor(rand() * Math.max(1, body.length - 12));
        notes.set(entry.id, `批注${i}：${body.slice(at, at + 10)}\n需关注政策落地`);
      }
    }
  });
  const index = await SearchIndex.open(store, {
    buildWorker: false,
    termVectorCache,
    notesText: (id) => {
      notesReads++;
      return notes.get(id) ?? '';
    },
  });
  await index.ready;
  open = { store, index, notes, texts, notesReads: () => notesReads };
  return open;
}

/** The articles that match `query` when every one is read whole (see the module comment). */
function bruteForce(lib: Library, query: string, accept: (e: CatalogEntry) => boolean = () => true): Set<string> {
  const parsed = parseQuery(query);
  const out = new Set<string>();
  if (!parsed.terms.length) return out;
  for (const entry of lib.store.list()) {
    if (!accept(entry)) continue;
    const notes = lib.notes.get(entry.id) ?? '';
    const text = lib.texts.get(entry.id)!;
    const head = normalizeText([entry.title, metaText(entry), entry.tags.join('\n'), notes].join('\n'));
    const body = normalizeText(text);
    const tokens = [entry.title, metaText(entry), entry.tags.join('\n'), notes, text].flatMap(indexTokens);
    const ok = parsed.parts.every((part) => {
      if (part.needsPhraseCheck) {
        const re = partRegExp(part);
        if (re.test(head)) return true;
        re.lastIndex = 0;
        return re.test(body) && part.terms.every((t) => tokens.some((tok) => (t.prefix ? tok.startsWith(t.term) : tok === t.term)));
      }
      const [t] = part.terms;
      return tokens.some((tok) => (t.prefix ? tok.startsWith(t.term) : tok === t.term));
    });
    if (ok) out.add(entry.id);
  }
  return out;
}

/** Queries from every field of the library: text, title, tags, authors, notes, phrases across fields, and common bigrams never adjacent. */
function queriesFor(lib: Library, seed: number): string[] {
  const rand = seededRandom(seed ^ 0x9e37);
  const entries = lib.store.list();
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const han = (s: string): string[] => s.match(/\p{Script=Han}{2,}/gu) ?? [];
  const cut = (run: string, len: number): string => {
    const at = Math.floor(rand() * Math.max(1, run.length - len + 1));
    return run.slice(at, at + len);
  };
  const queries = ['算', '人', '算力', '数据中心', '人工智能 上海', '王晓兰', '默想', '需关注政策', '"english 批注"', 'intelligence'];
  for (let i = 0; i < 14; i++) {
    const e = pick(entries);
    const runs = han(lib.texts.get(e.id)!);
    if (runs.length) queries.push(cut(pick(runs), 3 + Math.floor(rand() * 3)));
    const title = han(e.title);
    if (title.length) queries.push(cut(pick(title), 3 + Math.floor(rand() * 2)));
  }
  for (const [, note] of [...lib.notes].slice(0, 6)) {
    const runs = han(note);
    if (runs.length) queries.push(cut(pick(runs), 4));
  }
  // Two frequent bigrams joined: both are in most articles, side by side in few or none.
  const bigrams = entries.slice(0, 10).flatMap((e) => indexTokens(lib.texts.get(e.id)!).filter((t) => t.length === 2 && /\p{Script=Han}{2}/u.test(t)));
  for (let i = 0; i < 6; i++) queries.push(pick(bigrams) + pick(bigrams));
  // A tag followed by the start of the notes, across the line break between the fields (quoted: one phrase).
  for (const [id, note] of [...lib.notes].slice(0, 3)) {
    const tags = lib.store.catalog.articles[id]!.tags;
    if (tags.length) queries.push(`"${tags[tags.length - 1]} ${note.slice(0, 3)}"`);
  }
  return queries;
}

async function ids(lib: Library, query: string, options: Parameters<SearchIndex['search']>[1] = {}): Promise<string[]> {
  return (await lib.index.search(query, { limit: 500, ...options })).hits.map((h) => h.id);
}

describe('search against brute force over generated libraries', () => {
  // Term vectors (InvertedIndex.search): the default (small libraries keep none), every one kept, a few kept.
  it.each([
    [1, 90, undefined],
    [7, 140, { minCost: 0 }],
    [42, 110, { bytes: 3000, minCost: 0 }],
  ])(
    'seed %i, %i articles: same matches, ranked by score, paged consistently, filtered the same (term vectors kept: %o)',
    async (seed, count, termVectorCache) => {
      const lib = await generate(seed, count, termVectorCache);
      const rand = seededRandom(seed * 31);
      for (const query of queriesFor(lib, seed)) {
        const expected = bruteForce(lib, query);
        const result = await lib.index.search(query, { limit: 500 });
        const got = result.hits.map((h) => h.id);
        expect(new Set(got), query).toEqual(expected);
        expect(got.length, `${query}: no article twice`).toBe(expected.size);
        expect(result.total, query).toBe(expected.size);
        expect(result.totalExact, query).toBe(true);
        for (let i = 1; i < result.hits.length; i++) expect(result.hits[i - 1].score, `${query}: ranked by score`).toBeGreaterThanOrEqual(result.hits[i].score);
        for (const h of result.hits) if (h.matchedFields.includes('text')) expect(h.snippet, `${query}: snippet of ${h.id}`).not.toBeNull();
        // Paging: pages of 7 are the full answer cut in pieces.
        if (got.length > 7) {
          const pages: string[] = [];
          for (let offset = 0; offset < Math.min(got.length, 28); offset += 7) pages.push(...(await ids(lib, query, { offset, limit: 7 })));
          expect(pages, `${query}: paged`).toEqual(got.slice(0, pages.length));
        }
        // Filters: source, tag, dates.
        const source = SOURCES[Math.floor(rand() * SOURCES.length)];
        const tag = TAGS[Math.floor(rand() * TAGS.length)];
        const accept = (e: CatalogEntry): boolean => e.source === source && e.tags.includes(tag) && (e.published ?? '') >= '2021-01-01';
        expect(new Set(await ids(lib, query, { source, tags: [tag], from: '2021-01-01' })), `${query} filtered`).toEqual(bruteForce(lib, query, accept));
      }
      // 默想 never matches 默认.
      expect(await ids(lib, '默想')).toEqual([...bruteForce(lib, '默想')]);
    },
    120_000,
  );

  it('remembers which articles lack a phrase until the library or a note changes', async () => {
    const lib = await generate(13, 80);
    const entries = lib.store.list();
    // Phrases of two common bigrams: most articles are candidates, few hold the phrase.
    const df = new Map<string, number>();
    for (const e of entries) for (const t of new Set(indexTokens(lib.texts.get(e.id)!))) if (/^\p{Script=Han}{2}$/u.test(t)) df.set(t, (df.get(t) ?? 0) + 1);
    const common = [...df]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([t]) => t);
    // Articles the phrase check reads and rejects: they hold every term, not the phrase.
    const rejected = (q: string, not?: string): CatalogEntry | undefined => {
      const parsed = parseQuery(q);
      const holds = bruteForce(lib, q);
      return entries.find((e) => {
        if (holds.has(e.id) || e.id === not) return false;
        const tokens = new Set([e.title, metaText(e), e.tags.join('\n'), lib.notes.get(e.id) ?? '', lib.texts.get(e.id)!].flatMap(indexTokens));
        return [...parsed.terms, ...parsed.filterTerms].every((t) => tokens.has(t.term));
      });
    };
    const phrases: string[] = [];
    for (const a of common)
      for (const b of common) if (a !== b && phrases.length < 2 && bruteForce(lib, a + b).size < 3 && rejected(a + b)) phrases.push(a + b);
    const [viaText, viaNotes] = phrases;
    expect(viaNotes).toBeDefined();
    for (const q of [viaText, viaNotes]) {
      expect(new Set(await ids(lib, q))).toEqual(bruteForce(lib, q));
      expect(new Set(await ids(lib, q)), `${q} again`).toEqual(bruteForce(lib, q));
    }
    const withoutText = rejected(viaText)!;
    const withoutNote = rejected(viaNotes, withoutText.id)!;
    expect(withoutText && withoutNote).toBeTruthy();
    // The text gains the phrase (a store event), the notes gain the other (a notes update): both found at once.
    const { article } = await lib.store.updateArticle(withoutText.id, { text: `${lib.texts.get(withoutText.id)!}\n补充：${viaText}。` });
    lib.texts.set(withoutText.id, article.text);
    lib.notes.set(withoutNote.id, `新批注：${viaNotes}`);
    await lib.index.updateNotes(withoutNote.id, lib.notes.get(withoutNote.id)!);
    expect(await ids(lib, viaText)).toContain(withoutText.id);
    expect(await ids(lib, viaNotes)).toContain(withoutNote.id);
    expect(new Set(await ids(lib, viaText))).toEqual(bruteForce(lib, viaText));
    expect(new Set(await ids(lib, viaNotes))).toEqual(bruteForce(lib, viaNotes));
  }, 60_000);

  it('reads annotation notes only for articles whose notes matched a query term', async () => {
    const lib = await generate(5, 60);
    const before = lib.notesReads();
    // Phrases from the titles none of whose terms is in any note.
    const noteTokens = new Set([...lib.notes.values()].flatMap(indexTokens));
    const phrases = lib.store
      .list()
      .map((e) => (e.title.match(/\p{Script=Han}{4,}/u) ?? ['人工智能'])[0].slice(0, 4))
      .filter((q) => !parseQuery(q).terms.some((t) => [...noteTokens].some((tok) => (t.prefix ? tok.startsWith(t.term) : tok === t.term))))
      .slice(0, 8);
    expect(phrases.length).toBeGreaterThan(3);
    for (const q of phrases) expect((await lib.index.search(q)).hits.length, q).toBeGreaterThan(0);
    expect(lib.notesReads() - before).toBe(0);
    // A phrase only a note holds is found, through its note.
    const [noted, note] = [...lib.notes].find(([, n]) => /需关注政策落地/.test(n))!;
    expect(await ids(lib, '需关注政策落地')).toContain(noted);
    expect(note).toContain('需关注政策落地');
    expect(lib.notesReads() - before).toBeGreaterThan(0);
  }, 60_000);
});
