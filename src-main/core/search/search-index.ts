/**
 * Full-text search over a library: MiniSearch (BM25, AND queries, prefix
 * lookup) with the CJK-aware tokenizer of `common/search/tokenize.ts`, a phrase
 * check against the article text, snippets, filters and sorts.
 *
 * The index is derived data (DESIGN.md, "Data on disk"): it lives in
 * `index/search.json` with a manifest of which catalog version of each article
 * it holds (`DocRecord`), follows the store's change events, is saved a little after the
 * last change (atomic write), and is never needed for the library to open —
 * `SearchIndex.open` returns at once and loads, catches up or rebuilds in the
 * background (`ready`). A missing, unreadable or foreign-version file is simply
 * rebuilt; articles changed while the app was closed are re-indexed one by one.
 *
 * Memory: the index holds tokens only — no article text, no stored fields
 * (filters and sorts read the catalog). The phrase check and the snippets need
 * the text, which is read through the store for the candidates a page needs
 * and kept in a small LRU cache. Holding every normalised text in memory would
 * make the check free but costs about 2 bytes per CJK character (~200 MB at
 * 10,000 articles of 10,000 characters), which is the whole memory budget; the
 * price of reading instead is that for phrase queries `total` is an upper bound
 * beyond the confirmed candidates (`SearchResult.totalExact`).
 */
import MiniSearch, { type Options as MiniSearchOptions, type SearchResult as MiniSearchResult } from 'minisearch';
import { join } from 'node:path';
import type { Article, CatalogEntry } from '../../common/model';
import { BdError } from '../../common/errors';
import {
  TOKENIZER_VERSION,
  indexTokens,
  normalizeText,
  normalizeWithMap,
  parseQuery,
  partRegExp,
  type NormalizedText,
  type ParsedQuery,
} from '../../common/search/tokenize';
import { buildSnippet, DEFAULT_SNIPPET_LENGTH } from '../../common/search/snippet';
import {
  SEARCH_FIELDS,
  SEARCH_SORTS,
  type SearchField,
  type SearchHit,
  type SearchOptions,
  type SearchResult,
  type SearchSort,
} from '../../common/search/types';
import type { LibraryEvent, LibraryStore } from '../library/store';
import { CorruptFileError, readJsonFile, writeFileDurable } from '../library/durable-file';

export const SEARCH_INDEX_FILE = 'search.json';
const INDEX_KIND = 'briefing-desk-search-index';
/** Bump when the persisted shape or the indexed fields change. */
const INDEX_SCHEMA_VERSION = 1;

/** Title hits count most, then tags, then metadata and notes, then the body. */
const FIELD_BOOST: Record<SearchField, number> = { title: 4, tags: 3, meta: 2, notes: 2, text: 1 };
/** Text beyond this is not indexed (a 20 MB paste would otherwise stall indexing); snippets still see it. */
export const MAX_INDEXED_CHARS = 300_000;
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 500;
/** Phrase queries with at most this many candidates are confirmed in full, so `total` is exact. */
const CONFIRM_ALL_BELOW = 64;
/** Articles read at a time while confirming phrases. */
const READ_BATCH = 8;
/** Characters of article text kept in the read cache (~2 bytes each). */
const TEXT_CACHE_CHARS = 4_000_000;
/** Saved indexes of up to this many articles are loaded synchronously (see `load`). */
const SYNC_LOAD_MAX_DOCS = 3000;
/** When more than this share of the persisted index is outdated, rebuilding beats patching. */
const REBUILD_SHARE = 0.3;

export interface SearchIndexOptions {
  /** Save this long after the last change (default 2000 ms). */
  persistDelayMs?: number;
  /**
   * Annotation notes and tags of an article, indexed in the `notes` field. The
   * seam for annotations: provide this, and call `updateNotes` when they change.
   */
  notesText?: (articleId: string) => string | Promise<string>;
  /** Reads an article (default `store.getArticle`). */
  readArticle?: (articleId: string) => Promise<Article>;
}

export type SearchIndexState = 'loading' | 'building' | 'ready' | 'failed' | 'closed';

export interface SearchIndexStatus {
  state: SearchIndexState;
  /** Articles in the index. */
  documents: number;
  /** Progress of a load or rebuild. */
  progress?: { done: number; total: number };
  /** How the index came up: read from disk as is, read and caught up with changes, or rebuilt. */
  openedFrom?: 'file' | 'file+changes' | 'rebuilt';
  /** Why it was rebuilt (missing, unreadable, other version, too stale). */
  rebuildReason?: string;
  /** Articles re-indexed or dropped while catching up with changes made while closed. */
  caughtUp?: number;
  /** Articles indexed without their text because it could not be read; retried on next open. */
  unreadable: number;
  lastError?: string;
  savedAt?: string;
}

/** The document MiniSearch indexes; every field is text. */
interface IndexedDoc {
  id: string;
  title: string;
  meta: string;
  tags: string;
  notes: string;
  text: string;
}

/**
 * What the index holds of one article: the catalog version it was indexed at
 * (the manifest that tells a stale index) and the exact small fields plus a
 * fingerprint of the text. With those an edit can `remove` the old postings
 * exactly instead of `discard`ing them: discarded postings linger until a
 * vacuum and skew BM25 — a term in nearly every article gets a negative idf,
 * which turns "more occurrences" into "ranked lower".
 */
interface DocRecord {
  modified: string;
  /** Catalog contentHash; '' when the text could not be read (retried on next open). */
  contentHash: string;
  title: string;
  meta: string;
  tags: string;
  notes: string;
  textLength: number;
  textHash: number;
}

interface PersistedIndex {
  kind: typeof INDEX_KIND;
  schemaVersion: number;
  tokenizer: number;
  fields: string;
  savedAt: string;
  docs: Record<string, DocRecord>;
  index: ReturnType<MiniSearch['toJSON']>;
}

/** What the phrase check and snippets need of one article, cached. */
interface TextDoc {
  text: string;
  norm: NormalizedText;
  /** Normalised title, metadata, tags and notes. */
  fieldsNorm: string;
  /** Title and subtitle lines: snippets prefer the body. */
  headRanges: Array<[number, number]>;
  unreadable: boolean;
}

interface Candidate {
  entry: CatalogEntry;
  score: number;
  /** MiniSearch's term → fields map; turned into `matchedFields` only for the page. */
  match?: Record<string, string[]>;
}

const FIELD_LIST = SEARCH_FIELDS.join(',');
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const titleCollator = new Intl.Collator('zh-Hans-CN', { numeric: true });


function metaText(entry: CatalogEntry): string {
  return [entry.subtitle, entry.source, entry.author, entry.industry, entry.region, entry.note].filter(Boolean).join('\n');
}

function articleDate(entry: CatalogEntry): string {
  return entry.published || entry.added.slice(0, 10);
}

/**
 * JSON with every non-ASCII character escaped: the file then reads back as a
 * one-byte string, half the transient memory of a two-byte one (the index's
 * CJK terms would otherwise make the whole 100 MB string two-byte at 10,000 articles).
 */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

function sameVersion(record: DocRecord | undefined, entry: CatalogEntry): boolean {
  return !!record && record.modified === entry.modified && record.contentHash === entry.contentHash;
}

/** FNV-1a over UTF-16 code units: tells whether the text we are about to un-index is the one we indexed. */
function textHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function isDocRecord(value: unknown): value is DocRecord {
  const r = value as DocRecord;
  return (
    !!r &&
    typeof r === 'object' &&
    typeof r.modified === 'string' &&
    typeof r.contentHash === 'string' &&
    typeof r.title === 'string' &&
    typeof r.meta === 'string' &&
    typeof r.tags === 'string' &&
    typeof r.notes === 'string' &&
    typeof r.textLength === 'number' &&
    typeof r.textHash === 'number'
  );
}

function checkOptions(options: SearchOptions): Required<Pick<SearchOptions, 'limit' | 'offset' | 'sort' | 'snippetLength'>> {
  const { limit = DEFAULT_LIMIT, offset = 0, sort = 'relevance', snippetLength = DEFAULT_SNIPPET_LENGTH } = options;
  const bad = (field: string, message: string): never => {
    throw new BdError('invalid-params', `${field} ${message}.`, { field });
  };
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) bad('limit', `must be a whole number from 1 to ${MAX_LIMIT}`);
  if (!Number.isInteger(offset) || offset < 0) bad('offset', 'must be a whole number, 0 or more');
  if (!SEARCH_SORTS.includes(sort)) bad('sort', `must be one of ${SEARCH_SORTS.join(', ')}`);
  if (!Number.isInteger(snippetLength) || snippetLength < 40 || snippetLength > 400) bad('snippetLength', 'must be from 40 to 400');
  for (const field of ['from', 'to'] as const) {
    const value = options[field];
    if (value !== undefined && !ISO_DATE.test(value)) bad(field, 'must be a date written YYYY-MM-DD');
  }
  if (options.tags !== undefined && (!Array.isArray(options.tags) || options.tags.some((t) => typeof t !== 'string'))) {
    bad('tags', 'must be a list of tag names');
  }
  return { limit, offset, sort, snippetLength };
}

function acceptFilter(options: SearchOptions): (entry: CatalogEntry) => boolean {
  const { tags, source, from, to } = options;
  return (entry) => {
    if (tags?.length && !tags.every((t) => entry.tags.includes(t))) return false;
    if (source !== undefined && source !== '' && entry.source !== source) return false;
    if (from || to) {
      const date = articleDate(entry);
      if (from && date < from) return false;
      if (to && date > to) return false;
    }
    return true;
  };
}

function compareCandidates(sort: SearchSort): (a: Candidate, b: Candidate) => number {
  const byScore = (a: Candidate, b: Candidate): number => b.score - a.score;
  const byAdded = (a: Candidate, b: Candidate): number => (a.entry.added < b.entry.added ? 1 : a.entry.added > b.entry.added ? -1 : 0);
  const byDate = (a: Candidate, b: Candidate): number => {
    const da = articleDate(a.entry);
    const db = articleDate(b.entry);
    return da < db ? 1 : da > db ? -1 : 0;
  };
  const byTitle = (a: Candidate, b: Candidate): number => titleCollator.compare(a.entry.title, b.entry.title);
  const byId = (a: Candidate, b: Candidate): number => (a.entry.id < b.entry.id ? -1 : a.entry.id > b.entry.id ? 1 : 0);
  const chain =
    (...cmps: Array<(a: Candidate, b: Candidate) => number>) =>
    (a: Candidate, b: Candidate): number => {
      for (const cmp of cmps) {
        const r = cmp(a, b);
        if (r) return r;
      }
      return 0;
    };
  switch (sort) {
    case 'relevance':
      return chain(byScore, byDate, byTitle, byId);
    case 'date':
      return chain(byDate, byScore, byTitle, byId);
    case 'title':
      return chain(byTitle, byDate, byId);
    case 'added':
      return chain(byAdded, byScore, byId);
    default: {
      const never: never = sort;
      throw new Error(`unknown sort ${String(never)}`);
    }
  }
}

function matchedFields(match: Record<string, string[]> | undefined): SearchField[] {
  if (!match) return [];
  const fields = new Set<string>();
  for (const list of Object.values(match)) for (const f of list) fields.add(f);
  return SEARCH_FIELDS.filter((f) => fields.has(f));
}

function roundScore(score: number): number {
  return Math.round(score * 1000) / 1000;
}

export class SearchIndex {
  /** Resolves when the index is loaded or built and caught up; never rejects (see `status().state`). */
  readonly ready: Promise<void>;

  private ms: MiniSearch<IndexedDoc> = new MiniSearch(this.miniSearchOptions());
  private docs: Record<string, DocRecord> = {};
  private state: SearchIndexState = 'loading';
  private info: Omit<SearchIndexStatus, 'state' | 'documents'> = { unreadable: 0 };
  private queue: Promise<void> = Promise.resolve();
  private dirty = false;
  private persistTimer: ReturnType<typeof setTimeout> | undefined;
  private unsubscribe: () => void = () => undefined;
  /** The latest document update queued: searches wait for it (but not for saves). */
  private lastUpdate: Promise<void> = Promise.resolve();
  /** The load or the latest requested rebuild: searches wait for it rather than see half an index. */
  private building: Promise<void>;
  private readonly notes = new Map<string, string>();
  private readonly texts = new Map<string, TextDoc>();
  private textChars = 0;
  private closing = false;
  private readonly persistDelayMs: number;
  private readonly readArticle: (id: string) => Promise<Article>;

  private constructor(
    private readonly store: LibraryStore,
    private readonly options: SearchIndexOptions,
  ) {
    this.persistDelayMs = options.persistDelayMs ?? 2000;
    this.readArticle = options.readArticle ?? ((id) => store.getArticle(id));
    this.unsubscribe = store.onChange((event) => this.onStoreEvent(event));
    this.ready = this.enqueue(() => this.initialise());
    this.building = this.ready;
  }

  /**
   * Opens the index of `store`'s library. Returns at once; loading the saved
   * index (or rebuilding it) continues in the background — await `ready`, or
   * just search, which waits for it.
   */
  static async open(store: LibraryStore, options: SearchIndexOptions = {}): Promise<SearchIndex> {
    return new SearchIndex(store, options);
  }

  get path(): string {
    return join(this.store.indexDir, SEARCH_INDEX_FILE);
  }

  status(): SearchIndexStatus {
    return { state: this.state, documents: this.ms.documentCount, ...this.info };
  }

  private miniSearchOptions(): MiniSearchOptions<IndexedDoc> {
    return {
      idField: 'id',
      fields: [...SEARCH_FIELDS],
      storeFields: [],
      tokenize: (text) => indexTokens(text),
      // The tokenizer already normalises; identity keeps MiniSearch from lowercasing twice.
      processTerm: (term) => term,
      // MiniSearch 7.2's background auto-vacuum walks the term tree across
      // timer waits, and an add or remove in between breaks its iterator (an
      // uncaught TypeError in TreeIterator.dive). We vacuum ourselves, inside
      // the work queue where nothing else mutates the index: before each save.
      autoVacuum: false,
      logger: (level, message) => {
        if (level === 'warn' || level === 'error') this.info.lastError = message;
      },
    };
  }

  // ------------------------------------------------------------ work queue

  /** Runs index mutations one at a time, in order; a failure is recorded, not thrown at the next caller. */
  private enqueue(work: () => Promise<void> | void): Promise<void> {
    const run = this.queue.then(work);
    this.queue = run.catch((err: unknown) => {
      this.info.lastError = err instanceof Error ? err.message : String(err);
    });
    return run;
  }

  private onStoreEvent(event: LibraryEvent): void {
    this.forgetText(event.id);
    this.lastUpdate = this.enqueue(async () => {
      switch (event.type) {
        case 'article-added':
        case 'article-updated':
          await this.upsert(event.id);
          break;
        case 'article-removed':
          this.remove(event.id);
          break;
        default: {
          const never: never = event;
          throw new Error(`unknown library event ${JSON.stringify(never)}`);
        }
      }
      this.schedulePersist();
    }).catch(() => undefined);
  }

  // ------------------------------------------------------------ loading and building

  private async initialise(): Promise<void> {
    try {
      const loaded = await this.load();
      if (loaded.ok) await this.catchUp();
      else await this.rebuildNow(loaded.reason);
      if (!this.closing) this.state = 'ready';
    } catch (err) {
      this.state = 'failed';
      this.info.lastError = err instanceof Error ? err.message : String(err);
    }
    this.info.progress = undefined;
  }

  private async load(): Promise<{ ok: true } | { ok: false; reason: string }> {
    let data: PersistedIndex | null;
    try {
      data = await readJsonFile<PersistedIndex>(this.path);
    } catch (err) {
      return { ok: false, reason: err instanceof CorruptFileError ? `unreadable (${err.reason})` : `unreadable (${(err as Error).message})` };
    }
    if (!data) return { ok: false, reason: 'missing' };
    if (data.kind !== INDEX_KIND || data.schemaVersion !== INDEX_SCHEMA_VERSION || data.tokenizer !== TOKENIZER_VERSION || data.fields !== FIELD_LIST) {
      return { ok: false, reason: 'written by another version' };
    }
    if (!data.docs || typeof data.docs !== 'object' || !data.index || typeof data.index !== 'object') {
      return { ok: false, reason: 'unreadable (incomplete)' };
    }
    try {
      // loadJS blocks while it rebuilds the maps (~1.4 s at 10,000 articles); loadJSAsync
      // does not, but yields with a 1 ms timer every 1,000 entries (~15 s at 10,000).
      // Block only while that stays short.
      const ms =
        data.docs && Object.keys(data.docs).length <= SYNC_LOAD_MAX_DOCS
          ? MiniSearch.loadJS<IndexedDoc>(data.index, this.miniSearchOptions())
          : await MiniSearch.loadJSAsync<IndexedDoc>(data.index, this.miniSearchOptions());
      const ids = Object.keys(data.docs);
      if (ms.documentCount !== ids.length || ids.some((id) => !ms.has(id) || !isDocRecord(data.docs[id]))) {
        return { ok: false, reason: 'unreadable (manifest and index disagree)' };
      }
      this.ms = ms;
      this.docs = data.docs;
      this.info.unreadable = Object.values(data.docs).filter((r) => r.contentHash === '').length;
      this.info.savedAt = data.savedAt;
      return { ok: true };
    } catch (err) {
      return { ok: false, reason: `unreadable (${(err as Error).message})` };
    }
  }

  /** Brings a loaded index up to date with the catalog: articles added, changed or removed while closed. */
  private async catchUp(): Promise<void> {
    const articles = this.store.catalog.articles;
    const removed = Object.keys(this.docs).filter((id) => !articles[id]);
    const added: string[] = [];
    const changed: string[] = [];
    for (const entry of Object.values(articles)) {
      const held = this.docs[entry.id];
      if (!held) added.push(entry.id);
      else if (!sameVersion(held, entry)) changed.push(entry.id);
    }
    // Added articles cost the same either way; replacing many leaves the index full of dead postings.
    const outdated = removed.length + changed.length;
    if (outdated > Math.max(50, REBUILD_SHARE * this.ms.documentCount)) {
      await this.rebuildNow(`${outdated} of ${this.ms.documentCount} articles changed while closed`);
      return;
    }
    const work = [...changed, ...added];
    this.info.openedFrom = outdated + added.length ? 'file+changes' : 'file';
    this.info.caughtUp = outdated + added.length;
    for (const id of removed) this.remove(id);
    if (work.length) {
      this.state = 'building';
      await this.indexMany(work);
    }
    if (removed.length || work.length) this.schedulePersist();
  }

  /** Re-indexes every article from scratch (in the background of searches, which wait for it). */
  rebuild(): Promise<void> {
    const run = this.enqueue(async () => {
      await this.rebuildNow('requested');
      if (!this.closing) this.state = 'ready';
      this.info.progress = undefined;
    });
    this.building = run.catch(() => undefined);
    return run;
  }

  private async rebuildNow(reason: string): Promise<void> {
    this.state = 'building';
    this.info.openedFrom = 'rebuilt';
    this.info.rebuildReason = reason;
    this.info.unreadable = 0;
    this.ms = new MiniSearch(this.miniSearchOptions());
    this.docs = {};
    await this.indexMany(Object.keys(this.store.catalog.articles));
    // Save at once: a rebuild is the expensive case, and a partial one (closed mid-way) resumes from it.
    this.dirty = true;
    await this.persistNow();
  }

  /** Indexes articles, reading a few ahead so disk and tokenizer overlap. Stops early when closing. */
  private async indexMany(ids: string[]): Promise<void> {
    this.info.progress = { done: 0, total: ids.length };
    for (let i = 0; i < ids.length && !this.closing; i += READ_BATCH) {
      const batch = ids.slice(i, i + READ_BATCH);
      const docs = await Promise.all(batch.map((id) => this.documentFor(id)));
      for (const doc of docs) if (doc) this.put(doc.doc, doc.entry, doc.textRead);
      this.info.progress = { done: Math.min(ids.length, i + READ_BATCH), total: ids.length };
    }
  }

  // ------------------------------------------------------------ documents

  private async notesFor(id: string): Promise<string> {
    if (this.notes.has(id)) return this.notes.get(id)!;
    return (await this.options.notesText?.(id)) ?? '';
  }

  private async documentFor(id: string): Promise<{ doc: IndexedDoc; entry: CatalogEntry; textRead: boolean } | null> {
    const entry = this.store.catalog.articles[id];
    if (!entry) return null;
    let text = '';
    let textRead = true;
    try {
      text = (await this.readArticle(id)).text;
    } catch {
      // Index what the catalog knows (title, tags, metadata); the text is retried on the next open.
      textRead = false;
    }
    const notes = await this.notesFor(id).catch(() => '');
    // The catalog may have moved on while we read; index the version we read against.
    const current = this.store.catalog.articles[id] ?? entry;
    return {
      entry: current,
      textRead,
      doc: {
        id,
        title: current.title,
        meta: metaText(current),
        tags: current.tags.join('\n'),
        notes,
        text: text.length > MAX_INDEXED_CHARS ? text.slice(0, MAX_INDEXED_CHARS) : text,
      },
    };
  }

  private put(doc: IndexedDoc, entry: CatalogEntry, textRead: boolean): void {
    const old = this.docs[doc.id];
    const hash = textHash(doc.text);
    if (this.ms.has(doc.id)) {
      if (old && old.textLength === doc.text.length && old.textHash === hash) {
        // Same text as indexed (a metadata, tag or notes edit): take the old postings out exactly.
        this.ms.remove({ id: doc.id, title: old.title, meta: old.meta, tags: old.tags, notes: old.notes, text: doc.text });
      } else {
        this.ms.discard(doc.id);
      }
    }
    this.ms.add(doc);
    this.docs[doc.id] = {
      modified: entry.modified,
      contentHash: textRead ? entry.contentHash : '',
      title: doc.title,
      meta: doc.meta,
      tags: doc.tags,
      notes: doc.notes,
      textLength: doc.text.length,
      textHash: hash,
    };
    this.info.unreadable += (textRead ? 0 : 1) - (old?.contentHash === '' ? 1 : 0);
  }

  private async upsert(id: string): Promise<void> {
    const found = await this.documentFor(id);
    if (!found) {
      this.remove(id);
      return;
    }
    this.put(found.doc, found.entry, found.textRead);
  }

  private remove(id: string): void {
    if (this.ms.has(id)) this.ms.discard(id);
    if (this.docs[id]?.contentHash === '') this.info.unreadable--;
    delete this.docs[id];
    this.notes.delete(id);
  }

  /**
   * Re-indexes the annotation notes and tags of an article (the `notes` field).
   * Call when an article's annotations change; `text` is all their notes and tags.
   */
  async updateNotes(articleId: string, text: string): Promise<void> {
    this.notes.set(articleId, text);
    this.forgetText(articleId);
    const update = this.enqueue(async () => {
      if (!this.store.catalog.articles[articleId]) return;
      await this.upsert(articleId);
      this.schedulePersist();
    });
    this.lastUpdate = update.catch(() => undefined);
    await update;
  }

  // ------------------------------------------------------------ persistence

  private schedulePersist(): void {
    this.dirty = true;
    if (this.closing) return;
    clearTimeout(this.persistTimer);
    this.persistTimer = setTimeout(() => void this.enqueue(() => this.persistNow()).catch(() => undefined), this.persistDelayMs);
    this.persistTimer.unref?.();
  }

  /** Writes the index now if it changed (atomic: temp file + rename). */
  flush(): Promise<void> {
    clearTimeout(this.persistTimer);
    return this.enqueue(() => this.persistNow());
  }

  private async persistNow(): Promise<void> {
    if (!this.dirty || this.state === 'failed') return;
    this.dirty = false;
    // Drop discarded postings (deletions, text edits): until then they skew
    // BM25 a little (see DocRecord); they are never saved.
    if (this.ms.dirtCount > 0) await this.ms.vacuum();
    const savedAt = new Date().toISOString();
    const data: PersistedIndex = {
      kind: INDEX_KIND,
      schemaVersion: INDEX_SCHEMA_VERSION,
      tokenizer: TOKENIZER_VERSION,
      fields: FIELD_LIST,
      savedAt,
      docs: this.docs,
      index: this.ms.toJSON(),
    };
    try {
      await writeFileDurable(this.path, asciiJson(data));
      this.info.savedAt = savedAt;
    } catch (err) {
      this.dirty = true;
      this.info.lastError = `Could not save the search index to ${this.path}: ${(err as Error).message}`;
    }
  }

  /** Stops following the library, finishes pending work and saves. Call before `store.close()`. */
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.unsubscribe();
    this.closing = true;
    clearTimeout(this.persistTimer);
    await this.queue;
    await this.persistNow();
    this.state = 'closed';
    this.texts.clear();
    this.textChars = 0;
  }

  // ------------------------------------------------------------ text cache

  private forgetText(id: string): void {
    const cached = this.texts.get(id);
    if (!cached) return;
    this.textChars -= cached.text.length;
    this.texts.delete(id);
  }

  private async textDoc(entry: CatalogEntry): Promise<TextDoc> {
    const cached = this.texts.get(entry.id);
    if (cached) {
      // Refresh its place in the LRU order.
      this.texts.delete(entry.id);
      this.texts.set(entry.id, cached);
      return cached;
    }
    let article: Article | null = null;
    try {
      article = await this.readArticle(entry.id);
    } catch {
      article = null;
    }
    const notes = await this.notesFor(entry.id).catch(() => '');
    const text = article?.text ?? '';
    const doc: TextDoc = {
      text,
      norm: normalizeWithMap(text),
      fieldsNorm: normalizeText([entry.title, metaText(entry), entry.tags.join('\n'), notes].join('\n')),
      headRanges: (article?.blocks ?? []).filter((b) => b.kind === 'title' || b.kind === 'subtitle').map((b) => [b.start, b.end]),
      unreadable: !article,
    };
    // A change event may have arrived while reading; only cache what is still current.
    if (this.store.catalog.articles[entry.id] === entry) {
      this.texts.set(entry.id, doc);
      this.textChars += text.length;
      for (const [id, old] of this.texts) {
        if (this.textChars <= TEXT_CACHE_CHARS || this.texts.size <= 1) break;
        this.texts.delete(id);
        this.textChars -= old.text.length;
      }
    }
    return doc;
  }

  // ------------------------------------------------------------ searching

  /**
   * Searches title, text, metadata, tags and annotation notes. Every
   * whitespace-separated part of the query must match (quotes keep a phrase
   * together); a blank query lists the library with the filters applied.
   */
  async search(query: string, options: SearchOptions = {}): Promise<SearchResult> {
    const started = performance.now();
    const { limit, offset, sort, snippetLength } = checkOptions(options);
    await this.building;
    await this.lastUpdate;
    if (this.state === 'failed' || this.state === 'closed') {
      throw new BdError(
        'unavailable',
        this.state === 'closed'
          ? 'The search index is closed.'
          : `Search is unavailable: the index could not be built (${this.info.lastError ?? 'unknown error'}).`,
      );
    }
    const parsed = parseQuery(query);
    const accept = acceptFilter(options);
    const candidates = this.candidates(parsed, accept);
    // A listing has no relevance; its natural order is newest first.
    candidates.sort(compareCandidates(parsed.blank && sort === 'relevance' ? 'added' : sort));

    // Confirm phrases against the text, in result order, as far as the page needs.
    let matched: Candidate[] = candidates;
    let checked = candidates.length;
    if (parsed.needsPhraseCheck) {
      const compiled = parsed.parts.map(partRegExp);
      const confirmAll = candidates.length <= CONFIRM_ALL_BELOW;
      matched = [];
      checked = 0;
      while (checked < candidates.length && (confirmAll || matched.length < offset + limit)) {
        const batch = candidates.slice(checked, checked + READ_BATCH);
        checked += batch.length;
        const docs = await Promise.all(batch.map((c) => this.textDoc(c.entry)));
        batch.forEach((c, k) => {
          if (this.phrasesOccur(parsed, compiled, docs[k])) matched.push(c);
        });
      }
    }
    const page = matched.slice(offset, offset + limit);
    const hits = await Promise.all(page.map((c) => this.hit(c, parsed, snippetLength)));
    return {
      query,
      total: matched.length + (candidates.length - checked),
      totalExact: checked === candidates.length,
      hits,
      tookMs: Math.round((performance.now() - started) * 10) / 10,
    };
  }

  private candidates(parsed: ParsedQuery, accept: (entry: CatalogEntry) => boolean): Candidate[] {
    const articles = this.store.catalog.articles;
    if (parsed.blank) {
      return Object.values(articles)
        .filter(accept)
        .map((entry) => ({ entry, score: 0 }));
    }
    if (!parsed.terms.length) return [];
    const terms = parsed.terms;
    const results: MiniSearchResult[] = this.ms.search(terms.map((t) => t.term).join(' '), {
      combineWith: 'AND',
      tokenize: (q) => q.split(' '),
      processTerm: (t) => t,
      prefix: (_term, i) => terms[i]?.prefix ?? false,
      boost: FIELD_BOOST,
      filter: (r) => {
        const entry = articles[r.id as string];
        return !!entry && accept(entry);
      },
    });
    return results.map((r) => ({ entry: articles[r.id as string], score: r.score, match: r.match }));
  }

  private phrasesOccur(parsed: ParsedQuery, compiled: RegExp[], doc: TextDoc): boolean {
    return parsed.parts.every((part, i) => {
      if (!part.needsPhraseCheck) return true;
      const re = compiled[i];
      re.lastIndex = 0;
      if (re.test(doc.fieldsNorm)) return true;
      re.lastIndex = 0;
      return re.test(doc.norm.text);
    });
  }

  private async hit(c: Candidate, parsed: ParsedQuery, snippetLength: number): Promise<SearchHit> {
    const { entry } = c;
    const doc = await this.textDoc(entry);
    const hit: SearchHit = {
      id: entry.id,
      title: entry.title,
      score: roundScore(c.score),
      snippet: null,
      matchedFields: matchedFields(c.match),
      added: entry.added,
      tags: entry.tags,
    };
    if (entry.source) hit.source = entry.source;
    if (entry.published) hit.published = entry.published;
    if (!doc.unreadable) {
      const { snippet, best } = buildSnippet(doc.text, parsed.parts, { norm: doc.norm, length: snippetLength, avoid: doc.headRanges });
      hit.snippet = snippet;
      if (best) {
        hit.matchStart = best.start;
        hit.matchEnd = best.end;
      }
    }
    return hit;
  }
}
