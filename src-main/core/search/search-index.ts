/**
 * Full-text search over a library: a compact inverted index of our own
 * (`inverted-index.ts`: BM25, AND queries, one-character prefix lookup) with
 * the CJK-aware tokenizer of `common/search/tokenize.ts`, a phrase check
 * against the article text, snippets, filters and sorts.
 *
 * Why our own index: MiniSearch ran out of a 6 GB heap serialising 1,000
 * realistic articles, FlexSearch needed ~1.3 GB at 10,000, and SQLite FTS5
 * (wasm) missed the latency target. Bigram postings in typed arrays hold
 * 10,000 articles (~105 million characters) in an ~85 MB file that loads in
 * ~0.1 s, and answer in well under a millisecond before snippets.
 *
 * The index is derived data (DESIGN.md, "Data on disk"): `index/search.bin`
 * holds the compact segment and a manifest of which catalog version of each
 * article it holds; `index/search-state.json`, much smaller and written more
 * often, lists the articles the .bin holds in an outdated form (deleted,
 * edited, notes changed) since it was written. The index follows the store's
 * change events into an in-memory segment and saves a little after the last
 * change: just the state file, unless closing, or many articles changed, or
 * there is no .bin yet — then the memory segment is merged and the .bin
 * rewritten. A crash between the two writes is harmless: the state file names
 * the .bin generation it belongs to and is ignored for any other.
 *
 * It is never needed for the library to open — `SearchIndex.open` returns at
 * once and loads, catches up or rebuilds in the background (`ready`). A
 * missing, damaged or foreign-version file is simply rebuilt; articles
 * changed while the app was closed (or named in the state file) are
 * re-indexed one by one.
 *
 * Memory: the index holds tokens only — no article text, no stored fields
 * (filters and sorts read the catalog). The phrase check and the snippets need
 * the text, which is read through the store for the candidates a page needs
 * and kept in an LRU cache (~48 MB). Holding every normalised text in memory would
 * make the check free but costs about 2 bytes per CJK character (~200 MB at
 * 10,000 articles of 10,000 characters), which is the whole memory budget; the
 * price of reading instead is that for phrase queries `total` is an upper bound
 * beyond the confirmed candidates (`SearchResult.totalExact`).
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Article, CatalogEntry } from '../../common/model';
import { BdError } from '../../common/errors';
import { normalizeText, parseQuery, partRegExp, type ParsedQuery } from '../../common/search/tokenize';
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
import { readKindFile } from '../library/durable-file';
import { encodeFile, searchSegmentsKind, searchStateKind, type SearchSegmentRecord, type SearchStateFile } from '../library/file-kinds';
import { InvertedIndex } from './inverted-index';
import { runBuildWorker, runTwoBuildWorkers, searchWorkerFile, type BuildJob, type BuildWorkerSpec, type RunningBuild } from './build-off-thread';
import {
  annotationsStamp,
  articleFields,
  DocRecords,
  INDEX_RULES_VERSION,
  loadIndexFile,
  loadSegmentFiles,
  metaText,
  notesFingerprint,
  notesHash,
  parseNotesFingerprint,
  reindexedByRules,
  segmentFileFor,
  type LoadedIndex,
} from './index-manifest';
import { dictionaryChecksum, INDEX_FORMAT_VERSION, openPostingsOf, postingsChecksum } from './index-file';
import type { CompactSegment } from './compact-segment';
import { LazySorted, ScoreOrder } from './lazy-sort';
import { CachedText } from './cached-text';
import { log } from '../diagnostics/log';
import type { SearchEngine } from './search-engine';

/** The index: compact segment and manifest (binary, `index-file.ts`). */
export const SEARCH_INDEX_FILE = 'search.bin';
/** What changed since `search.bin` was written (small JSON). */
export const SEARCH_STATE_FILE = 'search-state.json';
/**
 * What an interrupted two-worker build of earlier versions left of its
 * second half (an index file of the same format): moved into the second
 * worker's checkpoint folder as its first file when the build resumes.
 */
export const SEARCH_HALF_FILE = 'search-half.bin';
/**
 * The checkpoint folders of a build in the worker (`build-worker.ts`), one
 * per worker: `NNNN.bin` files in the index file format, each the articles
 * indexed since the one before; joined into search.bin and removed when the
 * build ends, resumed from after a quit or a crash.
 */
export const SEARCH_BUILD_DIRS = ['build-0', 'build-1'] as const;
/** The commit point of a segmented index: the segment files in order, with their tombstones (`searchSegmentsKind`). Missing: search.bin alone. */
export const SEARCH_SEGMENTS_FILE = 'segments.json';
/** Folder (in index/) of the segment files written after search.bin: `segments/0001.bin`, … */
const SEARCH_SEGMENTS_DIR = 'segments';

/** The file name of delta segment `n`. */
function segmentFileName(n: number): string {
  return `${SEARCH_SEGMENTS_DIR}/${String(n).padStart(4, '0')}.bin`;
}
/** The MiniSearch index of earlier versions: deleted on sight. */
export const LEGACY_INDEX_FILE = 'search.json';

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 500;
/** Phrase queries with at most this many candidates are confirmed in full, so `total` is exact. */
const CONFIRM_ALL_BELOW = 64;
/** Articles read at a time while confirming phrases. */
const READ_BATCH = 8;
/**
 * UTF-16 units (2 bytes) of article text kept in the read cache for phrase
 * checks and snippets, ~48 MB: each article as its normalised text plus the
 * few units the original differs in (`cached-text.ts`, ~1.1 units per
 * character). That is the result pages of the last ~50 queries — so paging,
 * refining or going back to a query reads nothing, and a fresh query reads
 * its page (~20 files, ~6 ms at 10,000 articles). Measured at 100,000
 * articles: the bench's 50 queries read 968 articles, 13.2 M units (phrase
 * queries confirm more candidates in a larger library), so the earlier 12 M
 * re-read ~300 of them on every round. An LRU cache smaller than the set of
 * articles being cycled through hits nothing at all (each is evicted just
 * before it is needed again), so it is sized for the working set of a
 * session, not of one query, with room to spare.
 */
const DEFAULT_TEXT_CACHE_UNITS = 24_000_000;
/** When more than this share of the persisted index is outdated, rebuilding beats patching. */
const REBUILD_SHARE = 0.3;
/** Rewrite search.bin (not just the state file) once this many of its articles are outdated: what a crash would cost to re-read. */
const REWRITE_AFTER_CHANGES = 200;
/** Catching up with at least this many articles (an interrupted build) runs in the build worker where there is one. */
const OFF_THREAD_MIN = 500;
/** A build of at least this many articles runs in two workers (when the machine has two processor cores). */
const TWO_WORKERS_MIN = 2000;
/** A build saves its progress every this many articles… */
const CHECKPOINT_ARTICLES = 5000;
/**
 * …and at most this often: each save rewrites search.bin (~400 MB at 60,000
 * articles, 2–3 s), so a crash loses at most about a minute of building and
 * the saves cost a few per cent of it.
 */
const CHECKPOINT_MS = 60_000;
/** Longest stretch of merge or build work between two yields to the event loop. */
const SLICE_MS = 12;
/** At most this often a progress report through `onStatus`. */
const STATUS_MS = 250;

export interface SearchIndexOptions {
  /** Save this long after the last change (default 2000 ms). */
  persistDelayMs?: number;
  /**
   * Annotation notes and tags of an article, indexed in the `notes` field. The
   * seam for annotations: provide this, and call `updateNotes` when they change.
   */
  notesText?: (articleId: string) => string | Promise<string>;
  /**
   * The tags a tag filter tests (default: the article's own). The library's
   * tag model passes the article's tags plus those of its highlights.
   */
  articleTags?: (entry: CatalogEntry) => readonly string[];
  /** Reads an article (default `store.getArticle`). */
  readArticle?: (articleId: string) => Promise<Article>;
  /**
   * Told the index status whenever it changes: each change of state at once,
   * build progress (articles done of total) at most every `STATUS_MS` (hosts
   * forward it as the `indexStatus` event).
   */
  onStatus?: (status: SearchIndexStatus) => void;
  /** Merge the in-memory segment at this many postings (tests make it small; default `DEFAULT_MERGE_ENTRIES`). */
  mergeEntries?: number;
  /**
   * During a build, save what is indexed so far once this many articles are
   * done since the last save and `checkpointMs` has passed (defaults
   * `CHECKPOINT_ARTICLES`, `CHECKPOINT_MS`), so a build that a crash or a
   * quit interrupts resumes from there: the next open loads the saved part
   * and indexes only the rest.
   */
  checkpointArticles?: number;
  checkpointMs?: number;
  /**
   * Where builds run: the build worker (default: the built
   * `out/main/search-worker.js` when present), a given worker script, or
   * `false` for this thread.
   */
  buildWorker?: BuildWorkerSpec | false;
  /**
   * Build in two workers, each on half the articles, from this many
   * articles (default `TWO_WORKERS_MIN`; only where the machine has at
   * least two processor cores; `Infinity`: one worker always).
   */
  twoWorkersFrom?: number;
  /** Catch up with at least this many articles in the build worker rather than this thread (default `OFF_THREAD_MIN`). */
  offThreadFrom?: number;
  /** Size of the text cache in UTF-16 units (default ~48 MB worth; see `DEFAULT_TEXT_CACHE_UNITS`). */
  textCacheUnits?: number;
  /**
   * The term vectors the index keeps between searches (`InvertedIndex.search`):
   * bytes in all (default `DEFAULT_VECTOR_CACHE_BYTES`, 64 MiB; 0 keeps none)
   * and the fewest postings a term needs to be kept (default 4,096).
   */
  termVectorCache?: { bytes?: number; minCost?: number };
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
  /**
   * The saved index was written under older indexing rules
   * (`INDEX_RULES_VERSION`, e.g. before the 发文字号 was searchable or the
   * whole of a long text was indexed): loaded as it is, and only the
   * articles the newer rules index differently were indexed again (counted
   * in `caughtUp` too); `from` is the oldest version found.
   */
  rulesUpgrade?: { from: number; to: number; reindexed: number };
  /**
   * The check of every article's annotations.json against the state the
   * index holds (`checkNotes`, after the load): files read because their
   * stamp differed, and articles whose notes were re-indexed because their
   * notes differed (edited outside the app: another copy of it, a sync
   * tool, a hand edit; or a change the index missed).
   */
  notesCheck?: { read: number; reindexed: number };
  /** Articles not indexed whole because their text or their notes could not be read; retried on next open. */
  unreadable: number;
  /** Articles a build took from the checkpoints of an interrupted one instead of indexing them again. */
  resumed?: number;
  lastError?: string;
  savedAt?: string;
}

/** search-state.json (its schema is in the file-kind registry). */
type StateFile = SearchStateFile;

/** The fields of an article as the index sees them, in `SEARCH_FIELDS` order. */
interface IndexedDoc {
  id: string;
  fields: [title: string, meta: string, tags: string, notes: string, text: string];
}

/** What the phrase check and snippets need of one article, cached. */
interface TextDoc {
  /** Normalised, and the original in the windows a snippet needs. */
  text: CachedText;
  /** Normalised title, metadata, tags and — when `notesRead` — the annotation notes. */
  fieldsNorm: string;
  /**
   * The notes were read into `fieldsNorm`. Only the phrase check needs them,
   * and only for an article whose notes matched a query term (the index says
   * which fields matched); snippets never do, so a page of hits reads no
   * annotations file.
   */
  notesRead: boolean;
  /** Title and subtitle lines: snippets prefer the body. */
  headRanges: Array<[number, number]>;
  unreadable: boolean;
  /** Cache cost in UTF-16 units. */
  units: number;
}

interface Candidate {
  entry: CatalogEntry;
  score: number;
  /** Bit i: matched in `SEARCH_FIELDS[i]`. */
  fields: number;
}

/**
 * The articles a query matched, as parallel arrays: a common term matches
 * the whole library, and an object per match is ~10,000 short-lived objects
 * per keystroke. `Candidate` objects are made only for those taken in order.
 */
/**
 * The articles a query matched, by index 0…count−1: each one's catalog entry
 * (looked up when a sort or a page asks for it: a common term matches most
 * of the library, and a page needs ~20), score and matched fields.
 */
interface Candidates {
  count: number;
  entry: (i: number) => CatalogEntry;
  scores: ArrayLike<number>;
  fields: ArrayLike<number>;
}

/** Candidates that are catalog entries already (a listing, or a filtered query). */
function entryCandidates(entries: CatalogEntry[], scores: ArrayLike<number>, fields: ArrayLike<number>): Candidates {
  return { count: entries.length, entry: (i) => entries[i], scores, fields };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const titleCollator = new Intl.Collator('zh-Hans-CN', { numeric: true });

function articleDate(entry: CatalogEntry): string {
  return entry.published || entry.added.slice(0, 10);
}

async function exists(path: string): Promise<boolean> {
  return fs.stat(path).then(
    () => true,
    () => false,
  );
}

/** Whether an id is among `ids` (the articles of the files just written). */
function onDiskSet(ids: ReadonlyArray<string | null>): (id: string) => boolean {
  const set = new Set(ids.filter((id): id is string => id !== null));
  return (id) => set.has(id);
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

function acceptFilter(options: SearchOptions, tagsOf: (entry: CatalogEntry) => readonly string[]): (entry: CatalogEntry) => boolean {
  const { tags, source, from, to } = options;
  return (entry) => {
    if (tags?.length) {
      const carried = tagsOf(entry);
      if (!tags.every((t) => carried.includes(t))) return false;
    }
    if (source !== undefined && source !== '' && entry.source !== source) return false;
    if (from || to) {
      const date = articleDate(entry);
      if (from && date < from) return false;
      if (to && date > to) return false;
    }
    return true;
  };
}

/** Orders candidates (by their index in `c`) for a sort; ties fall through to date, title and id. */
function compareCandidates(sort: SearchSort, c: Candidates): (a: number, b: number) => number {
  const { scores } = c;
  const entries = { at: c.entry };
  const byScore = (a: number, b: number): number => scores[b] - scores[a];
  const byAdded = (a: number, b: number): number => (entries.at(a).added < entries.at(b).added ? 1 : entries.at(a).added > entries.at(b).added ? -1 : 0);
  const byDate = (a: number, b: number): number => {
    const da = articleDate(entries.at(a));
    const db = articleDate(entries.at(b));
    return da < db ? 1 : da > db ? -1 : 0;
  };
  const byTitle = (a: number, b: number): number => titleCollator.compare(entries.at(a).title, entries.at(b).title);
  const byId = (a: number, b: number): number => (entries.at(a).id < entries.at(b).id ? -1 : entries.at(a).id > entries.at(b).id ? 1 : 0);
  // Spelled out rather than chained through a list: a page of a 10,000-hit
  // result costs ~20,000 comparisons, and the first one nearly always decides.
  switch (sort) {
    case 'relevance':
      return (a, b) => byScore(a, b) || byDate(a, b) || byTitle(a, b) || byId(a, b);
    case 'date':
      return (a, b) => byDate(a, b) || byScore(a, b) || byTitle(a, b) || byId(a, b);
    case 'title':
      return (a, b) => byTitle(a, b) || byDate(a, b) || byId(a, b);
    case 'added':
      return (a, b) => byAdded(a, b) || byScore(a, b) || byId(a, b);
    default: {
      const never: never = sort;
      throw new Error(`unknown sort ${String(never)}`);
    }
  }
}

function lazySorted(candidates: Candidates, sort: SearchSort): LazySorted<number> {
  const indices: number[] = new Array(candidates.count);
  for (let i = 0; i < candidates.count; i++) indices[i] = i;
  return new LazySorted(indices, compareCandidates(sort, candidates));
}

/** Queries whose phrase-check verdicts are kept (`SearchIndex.rejected`): at most one set of article ids each. */
const MAX_VERDICT_QUERIES = 32;

/** What a query's phrase check depends on: the patterns of its parts that need one. */
function phraseKey(parsed: ParsedQuery): string {
  return parsed.parts
    .filter((p) => p.needsPhraseCheck)
    .map((p) => p.pattern)
    .sort()
    .join('\u0000');
}

const TEXT_BIT = 1 << SEARCH_FIELDS.indexOf('text');
const NOTES_BIT = 1 << SEARCH_FIELDS.indexOf('notes');

function matchedFields(mask: number): SearchField[] {
  return SEARCH_FIELDS.filter((_f, i) => mask & (1 << i));
}

function roundScore(score: number): number {
  return Math.round(score * 1000) / 1000;
}

export class SearchIndex implements SearchEngine {
  /** Resolves when the index is loaded or built and caught up; never rejects (see `status().state`). */
  readonly ready: Promise<void>;

  private engine: InvertedIndex;
  private docs = new DocRecords();
  private state: SearchIndexState = 'loading';
  private info: Omit<SearchIndexStatus, 'state' | 'documents'> = { unreadable: 0 };
  private queue: Promise<void> = Promise.resolve();
  private dirty = false;
  private persistTimer: ReturnType<typeof setTimeout> | undefined;
  /** Settles when the periodic save armed now has run (or was replaced by a flush or close); null when none is armed. */
  private persistDue: { done: Promise<void>; settle: () => void } | null = null;
  private unsubscribe: () => void = () => undefined;
  /** The latest document update queued: searches wait for it (but not for saves or merges). */
  private lastUpdate: Promise<void> = Promise.resolve();
  /** The load or the latest requested rebuild: searches wait for it rather than see half an index. */
  private building: Promise<void>;
  /** Notes handed over by `updateNotes` with the annotation state they were read from (`notesFingerprint`). */
  private readonly notes = new Map<string, { text: string; state: string }>();
  /**
   * Articles the phrase check found not to hold a query's phrases, by the
   * phrases (`phraseKey`): paging through, refining or repeating a query
   * does not read them again. Every change to the library or the notes
   * clears it and bumps `verdictGeneration`; a search records a verdict only
   * if nothing changed since it started.
   */
  private readonly rejected = new Map<string, Set<string>>();
  private verdictGeneration = 0;
  private readonly texts = new Map<string, TextDoc>();
  private textUnits = 0;
  private closing = false;
  private mergeQueued = false;
  /** The search.bin on disk: its generation and whether it holds an article. */
  private onDisk: { generation: string; holds: (id: string) => boolean } | null = null;
  /** The file each compact segment was read from or written to (segments not in it are written at the next save). */
  private segmentFiles = new Map<CompactSegment, { file: string; generation: string; bytes: number }>();
  /** Whether segments.json was read or written (then search.bin is never rewritten in place: new segments get new files). */
  private segmented = false;
  /** The number of the next segment file. */
  private nextSegment = 1;
  /** Catalog entries by article number of `entryEngine` (see `candidates`). */
  private entryOf: Array<CatalogEntry | undefined> = [];
  /** The article id each `entryOf` entry was looked up by (the index's string for it). */
  private entryIdOf: Array<string | undefined> = [];
  private entryEngine: InvertedIndex | null = null;
  /** `store.catalogRevision` when `entryOf` was last emptied: any change of the catalog since empties it again. */
  private entryRevision = -1;
  /** The build worker at work, if any. */
  private running: RunningBuild | null = null;
  /** Articles indexed, re-indexed or removed since search.bin was written. */
  private readonly touched = new Set<string>();
  private sliceStarted = performance.now();
  /** The background check of postings left in the file (see `checkLater`). */
  private postingsCheck: Promise<void> = Promise.resolve();
  /** What `tell` reported last (state and whether progress was shown) and when. */
  private toldKey = '';
  private toldAt = 0;
  private readonly persistDelayMs: number;
  private readonly readArticle: (id: string) => Promise<Article>;

  private constructor(
    private readonly store: LibraryStore,
    private readonly options: SearchIndexOptions,
  ) {
    this.persistDelayMs = options.persistDelayMs ?? 2000;
    this.readArticle = options.readArticle ?? ((id) => store.getArticle(id));
    this.engine = this.emptyEngine();
    this.unsubscribe = store.onChange((event) => this.onStoreEvent(event));
    this.ready = this.enqueue(() => this.initialise());
    this.building = this.ready;
    // Then every article's annotations against the state the index holds: searches wait for it (as for any update), `ready` does not.
    this.lastUpdate = this.enqueue(() => this.checkNotes()).catch((err) => log.warn('Could not check the notes of the search index', { err }));
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

  private get statePath(): string {
    return join(this.store.indexDir, SEARCH_STATE_FILE);
  }

  private get segmentsPath(): string {
    return join(this.store.indexDir, SEARCH_SEGMENTS_FILE);
  }

  private get halfPath(): string {
    return join(this.store.indexDir, SEARCH_HALF_FILE);
  }

  private buildDir(worker: 0 | 1): string {
    return join(this.store.indexDir, SEARCH_BUILD_DIRS[worker]);
  }

  /** Removes what an interrupted build left (its checkpoint folders, a half file of earlier versions). */
  private async removeBuildLeftovers(): Promise<void> {
    await fs.rm(this.halfPath, { force: true });
    for (const w of [0, 1] as const) await fs.rm(this.buildDir(w), { recursive: true, force: true });
  }

  status(): SearchIndexStatus {
    return { state: this.state, documents: this.engine.documentCount, ...this.info };
  }

  /** Reports the status through `onStatus`: a change of state or the end of progress at once, progress at most every `STATUS_MS`. */
  private tell(): void {
    const report = this.options.onStatus;
    if (!report) return;
    const now = performance.now();
    const progress = this.info.progress;
    const key = `${this.state}|${progress ? 'p' : ''}`;
    if (key === this.toldKey && progress && now - this.toldAt < STATUS_MS) return;
    this.toldKey = key;
    this.toldAt = now;
    try {
      report(this.status());
    } catch (err) {
      log.warn('An index status listener failed', { err });
    }
  }

  private emptyEngine(): InvertedIndex {
    return this.configured(new InvertedIndex(undefined, undefined, this.options.mergeEntries));
  }

  /** `engine` with the term-vector cache of the options. */
  private configured(engine: InvertedIndex): InvertedIndex {
    const cache = this.options.termVectorCache;
    if (cache?.bytes !== undefined) engine.vectorCacheBytes = cache.bytes;
    if (cache?.minCost !== undefined) engine.vectorCacheMinCost = cache.minCost;
    return engine;
  }

  /** Swaps in another engine, releasing the index file the old one read its postings from. */
  private useEngine(engine: InvertedIndex): void {
    this.forgetVerdicts();
    if (this.engine && this.engine !== engine) this.engine.close();
    this.engine = this.configured(engine);
  }

  /** Lets timers, I/O and IPC run once the current slice of work has taken `SLICE_MS`. */
  private readonly pause = (): Promise<void> | void => {
    if (performance.now() - this.sliceStarted < SLICE_MS) return;
    return new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      this.sliceStarted = performance.now();
    });
  };

  // ------------------------------------------------------------ work queue

  /** Runs index mutations one at a time, in order; a failure is recorded, not thrown at the next caller. */
  private enqueue(work: () => Promise<void> | void): Promise<void> {
    // The library's one serialisation mechanism, under the index's own key.
    const run = this.store.serial.run('index', async () => {
      await work();
    });
    this.queue = run.catch((err: unknown) => {
      this.info.lastError = err instanceof Error ? err.message : String(err);
    });
    return run;
  }

  /** Forgets every phrase-check verdict (anything about an article may have changed). */
  private forgetVerdicts(): void {
    this.verdictGeneration++;
    this.rejected.clear();
  }

  private onStoreEvent(event: LibraryEvent): void {
    this.forgetVerdicts();
    this.forgetText(event.id);
    this.forgetEntry(event.id);
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
      this.queueMergeIfNeeded();
    }).catch((err) => log.error('The search index could not apply a library change', { err }));
  }

  /** Merges the memory segment in its own queue item, so searches (which wait for updates) do not wait for the merge. */
  private queueMergeIfNeeded(): void {
    if (!this.engine.needsMerge || this.mergeQueued) return;
    this.mergeQueued = true;
    void this.enqueue(async () => {
      this.mergeQueued = false;
      if (this.engine.needsMerge) await this.engine.merge({ pause: this.pause });
      // The merged postings are in memory: saved now (only the new segment's file is written), they are read from the file again and leave memory.
      if (this.engine.postingsInMemory > 0 && !this.closing) {
        this.dirty = true;
        await this.persistNow(true);
      }
    }).catch((err) => log.error('Could not merge the search index segments', { err }));
  }

  // ------------------------------------------------------------ loading and building

  private async initialise(): Promise<void> {
    try {
      const hadLegacy = await this.removeLeftovers();
      const loaded = await this.load(hadLegacy);
      if (loaded.ok) await this.catchUp();
      else await this.rebuildNow(loaded.reason);
      if (!this.closing) this.state = 'ready';
    } catch (err) {
      this.state = 'failed';
      this.info.lastError = err instanceof Error ? err.message : String(err);
    }
    this.info.progress = undefined;
    this.tell();
  }

  /**
   * Temp files of writes that never finished (the app died mid-save): the
   * files they were to replace are intact, and at 10,000 articles each one
   * would be ~85 MB of garbage. One process writes a library at a time (the
   * library lock), so any found at open are dead. Also the MiniSearch index
   * of earlier versions (`search.json`); returns whether there was one.
   */
  private async removeLeftovers(): Promise<boolean> {
    const names = await fs.readdir(this.store.indexDir).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') log.warn('Could not list the search index folder', { err });
      return [] as string[];
    });
    const ours = [SEARCH_INDEX_FILE, SEARCH_STATE_FILE, SEARCH_HALF_FILE].map((f) => `.${f}.`);
    await Promise.all(
      names
        .filter((n) => n === LEGACY_INDEX_FILE || (n.endsWith('.tmp') && ours.some((prefix) => n.startsWith(prefix))))
        .map((n) => fs.rm(join(this.store.indexDir, n), { force: true })),
    );
    return names.includes(LEGACY_INDEX_FILE);
  }

  /**
   * The saved index: the segments segments.json lists (each file checked
   * against the generation listed), else search.bin alone (format 4 and
   * before: read as it is, nothing rebuilt). Files segments.json does not
   * name (a save that crashed before its commit, or replaced since) are
   * deleted once it is read.
   */
  private async loadSaved(hadLegacy: boolean): Promise<
    | (Omit<Extract<LoadedIndex, { ok: true }>, 'postingsCrc' | 'dictionaryCheck'> & {
        checks: Array<[InvertedIndex['postings'], number]>;
        dictionaryChecks: Array<{ bytes: Uint8Array; crc: number }>;
      })
    | Extract<LoadedIndex, { ok: false }>
  > {
    this.segmentFiles = new Map();
    const manifest = await readKindFile(searchSegmentsKind, this.segmentsPath).catch((err: Error) => ({
      ok: false as const,
      reason: err.message,
      problem: 'unparsable' as const,
    }));
    if (manifest && !manifest.ok)
      return { ok: false, reason: manifest.problem === 'newer' ? 'written by another version' : `unreadable (segments list: ${manifest.reason})` };
    if (manifest) {
      const list = manifest.data;
      const loaded = loadSegmentFiles(this.store.indexDir, list.segments, this.options.mergeEntries, { deferDictionaryCheck: true });
      if (!loaded.ok && !loaded.reason.startsWith(`unreadable (${SEARCH_INDEX_FILE} is not the file`))
        return loaded.reason === 'missing' && hadLegacy ? { ok: false, reason: 'written by another version' } : loaded;
      if (!loaded.ok) {
        // A new base written after this list (a crash before the next one): it holds everything up to then, the catch-up the rest.
        await fs.rm(this.segmentsPath, { force: true });
        return this.loadSaved(hadLegacy);
      }
      this.segmented = true;
      this.nextSegment = list.next;
      // A file without the notes column is written again (as a new file) at the next save, as an older format is.
      for (const s of loaded.segments)
        if (s.notesRecorded) this.segmentFiles.set(s.segment, { file: s.record.file, generation: s.record.generation, bytes: s.bytes });
      await this.removeUnlisted(list.segments.map((r) => r.file));
      return {
        ok: true,
        engine: loaded.engine,
        docs: loaded.docs,
        generation: list.generation,
        savedAt: list.savedAt,
        format: INDEX_FORMAT_VERSION,
        notesRecorded: loaded.segments.every((s) => s.notesRecorded),
        rules: loaded.docs.oldestRules(),
        checks: loaded.segments.filter((s) => s.postingsCrc !== null).map((s) => [s.segment.postings, s.postingsCrc!]),
        dictionaryChecks: loaded.segments.flatMap((s) => (s.dictionaryCheck ? [s.dictionaryCheck] : [])),
      };
    }
    this.segmented = false;
    this.nextSegment = 1;
    // Formats 4 and 5: the dictionary is read, the postings stay in the file (read by offset); both checksums are checked in the background.
    const loaded = loadIndexFile(this.path, this.options.mergeEntries, { deferDictionaryCheck: true });
    if (!loaded.ok) return loaded.reason === 'missing' && hadLegacy ? { ok: false, reason: 'written by another version' } : loaded;
    // Delta files without the list that names them belong to no committed index.
    await this.removeUnlisted([SEARCH_INDEX_FILE]);
    // An older format (or format 5 without the notes column) is written again at the next save: not registered as this segment's file.
    if (loaded.format >= INDEX_FORMAT_VERSION && loaded.notesRecorded) {
      const base = loaded.engine.layout().segments[0];
      this.segmentFiles.set(base, { file: SEARCH_INDEX_FILE, generation: loaded.generation, bytes: (await fs.stat(this.path)).size });
    }
    return {
      ...loaded,
      checks: loaded.postingsCrc === null ? [] : [[loaded.engine.postings, loaded.postingsCrc]],
      dictionaryChecks: loaded.dictionaryCheck ? [loaded.dictionaryCheck] : [],
    };
  }

  /** Deletes the segment files not in `keep` (paths inside index/), and search.bin when it is not there either. */
  private async removeUnlisted(keep: readonly string[]): Promise<void> {
    const dir = join(this.store.indexDir, SEARCH_SEGMENTS_DIR);
    const names = await fs.readdir(dir).catch(() => [] as string[]);
    const listed = new Set(keep);
    await Promise.all(names.filter((n) => !listed.has(`${SEARCH_SEGMENTS_DIR}/${n}`)).map((n) => fs.rm(join(dir, n), { force: true })));
    if (![...listed].some((f) => f.startsWith(`${SEARCH_SEGMENTS_DIR}/`))) await fs.rmdir(dir).catch(() => undefined);
    if (!listed.has(SEARCH_INDEX_FILE)) await fs.rm(this.path, { force: true });
  }

  private async load(hadLegacy: boolean): Promise<{ ok: true } | { ok: false; reason: string }> {
    const loaded = await this.loadSaved(hadLegacy);
    if (!loaded.ok) return loaded;

    let state: StateFile | null = null;
    try {
      const decoded = await readKindFile(searchStateKind, this.statePath);
      // Without it we cannot tell which articles are outdated in the .bin: rebuild (it is derived data).
      if (decoded && !decoded.ok) {
        loaded.engine.close();
        return { ok: false, reason: decoded.problem === 'newer' ? 'written by another version' : `unreadable (state file: ${decoded.reason})` };
      }
      state = decoded?.data ?? null;
    } catch (err) {
      loaded.engine.close();
      return { ok: false, reason: `unreadable (${(err as Error).message})` };
    }

    const { engine, docs } = loaded;
    this.useEngine(engine);
    // An older format, or one without the notes column, is rewritten at the next save.
    if (loaded.format < INDEX_FORMAT_VERSION || !loaded.notesRecorded) this.dirty = true;
    for (const check of loaded.dictionaryChecks) this.checkLater(engine, (pause) => dictionaryChecksum(check.bytes, pause), check.crc);
    for (const [source, crc] of loaded.checks) this.checkLater(engine, (pause) => postingsChecksum(source, pause), crc);
    this.docs = docs;
    this.onDisk = { generation: loaded.generation, holds: (id) => docs.saved(id) };
    this.touched.clear();
    this.info.savedAt = state?.generation === loaded.generation ? state.savedAt : loaded.savedAt;
    // Articles the .bin holds in an outdated form: forget them here, and catching up re-indexes them.
    if (state && state.generation === loaded.generation) for (const id of state.stale) this.remove(id);
    this.info.unreadable = this.docs.unreadableCount();
    return { ok: true };
  }

  /**
   * Checks a CRC the load left to check — of the dictionary part read
   * (`dictionaryChecksum`) or of the postings left in the file
   * (`postingsChecksum`) — in the background (pieces of 8 MB with the event
   * loop free between them); a mismatch rebuilds the index, as a damaged file
   * found at load does. Searches meanwhile read the index as it is: its
   * structure was checked at load (`CompactSegment.validate`, the manifest's
   * ranges), so damage gives wrong answers until the rebuild, never a read
   * out of range (a damaged posting list decodes to fewer documents).
   */
  private checkLater(engine: InvertedIndex, checksum: (pause: () => Promise<void>) => Promise<number>, expected: number): void {
    const check = async (): Promise<void> => {
      // Let the open finish (the catch-up and the notes check, which searches wait for) and the first searches run first:
      // started at once, its pieces would run between theirs.
      await new Promise<void>((resolve) => setImmediate(resolve));
      await this.ready.catch(() => undefined);
      await this.lastUpdate.catch(() => undefined);
      let crc: number;
      try {
        crc = await checksum(() => new Promise<void>((resolve) => setImmediate(resolve)));
      } catch {
        return; // Closed or replaced meanwhile: nothing left to check.
      }
      if (crc === expected || this.engine !== engine || this.closing) return;
      log.warn('The search index file is damaged; rebuilding it', { path: this.path });
      const run = this.enqueue(async () => {
        if (this.engine !== engine || this.closing) return;
        await this.rebuildNow('unreadable (checksum mismatch)');
        if (!this.closing) this.state = 'ready';
        this.info.progress = undefined;
        this.tell();
      });
      this.building = run.catch(() => undefined);
    };
    this.postingsCheck = Promise.all([this.postingsCheck, check()]).then(() => undefined);
  }

  /**
   * What the loaded index lacks against the catalog: articles removed,
   * changed and added since it was saved, and those held at their catalog
   * version but indexed under older rules that index them differently now
   * (`upgraded`, with the oldest rules version found: `from`).
   */
  private diff(): { removed: string[]; changed: string[]; added: string[]; upgraded: string[]; from: number } {
    const articles = this.store.catalog.articles;
    const added: string[] = [];
    const changed: string[] = [];
    const upgraded: string[] = [];
    let from = INDEX_RULES_VERSION;
    const older = this.docs.oldestRules() < INDEX_RULES_VERSION;
    let held = 0;
    // The store's list of entries (kept between calls; Object.keys of 100,000 keys sorts them), looked up in the records'
    // map — not in the catalog object by the index's strings: those cost a hash-table insert each.
    const entries = this.store.entries();
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i];
      const id = entry.id;
      const version = this.docs.versionOf(id, entry.modified, entry.contentHash);
      if (version === 'none') added.push(id);
      else {
        held++;
        if (version === 'other') changed.push(id);
        else if (older) {
          const rules = this.docs.rulesOf(id);
          if (rules >= INDEX_RULES_VERSION) continue;
          from = Math.min(from, rules);
          if (reindexedByRules(entry, rules)) upgraded.push(id);
        }
      }
    }
    // Every record matched an article: none was removed (the usual case, checked without a pass over the records).
    const removed = held === this.docs.size ? [] : [...this.docs.ids()].filter((id) => !Object.hasOwn(articles, id));
    return { removed, changed, added, upgraded, from };
  }

  /** Brings a loaded index up to date with the catalog: articles added, changed or removed while closed (or not reached by an interrupted build). */
  private async catchUp(): Promise<void> {
    const first = this.diff();
    let { removed, changed, added } = first;
    // Added articles cost the same either way; replacing many costs more than building afresh.
    const outdated = removed.length + changed.length;
    if (outdated > Math.max(50, REBUILD_SHARE * this.engine.documentCount)) {
      await this.rebuildNow(`${outdated} of ${this.engine.documentCount} articles changed while closed`);
      return;
    }
    // Articles the newer indexing rules index differently: indexed again like changed ones (never a reason to rebuild: that is every article).
    changed = [...changed, ...first.upgraded];
    if (first.from < INDEX_RULES_VERSION) this.info.rulesUpgrade = { from: first.from, to: INDEX_RULES_VERSION, reindexed: first.upgraded.length };
    const forgotten = this.touched.size;
    this.info.openedFrom = outdated + first.upgraded.length + added.length + forgotten ? 'file+changes' : 'file';
    this.info.caughtUp = outdated + first.upgraded.length + added.length;
    if (changed.length + added.length >= (this.options.offThreadFrom ?? OFF_THREAD_MIN)) {
      // Many (an import with the index closed, a build that was interrupted): the worker indexes them into a new segment
      // file beside the saved ones (search.bin is not rewritten), and only what changed meanwhile is left here.
      this.state = 'building';
      this.tell();
      const articles = this.store.catalog.articles;
      if (
        await this.catchUpOffThread(
          [...changed, ...added].map((id) => articles[id]),
          [...removed, ...changed],
        )
      ) {
        const again = this.diff();
        ({ removed, added } = again);
        changed = [...again.changed, ...again.upgraded];
      }
    }
    // Checkpoints left by an interrupted build were resumed above or are no longer needed (unless this close interrupted it again).
    if (!this.closing) await this.removeBuildLeftovers();
    const work = [...changed, ...added];
    for (const id of removed) this.remove(id);
    if (work.length) {
      this.state = 'building';
      this.tell();
      await this.indexMany(work);
    }
    if (this.touched.size) this.schedulePersist();
  }

  /**
   * Brings the notes the index holds up to date with every article's
   * annotations.json, which changes without the catalog knowing (a plain
   * highlight, and edits outside the app: another copy of it, a sync tool,
   * a restore, a hand edit; or a notes change the index never got to save).
   * Each article's record keeps the state its notes were indexed from
   * (`notesFingerprint`: the file's stamp and a hash of the notes). The
   * file is stat'ed (~5 µs); only one whose stamp differs is read, and
   * only an article whose notes differ from what the index holds is
   * re-indexed — the notes alone where they are held apart. A record with
   * no state (an index written before it was kept) is taken as right when
   * it holds no notes for none, or the article is indexed whole (formats 2
   * and 3: re-indexing it would read its text), and its notes are indexed
   * again once otherwise. A new state with
   * the same notes is kept in memory and saved with the article's next
   * record (until then the next open reads that file again, and changes
   * nothing). Runs after the load (`ready` does not wait; searches do).
   */
  private async checkNotes(): Promise<void> {
    if (this.state === 'failed' || this.closing || !this.options.notesText) return;
    const notesText = this.options.notesText;
    const ids = this.store.entries().map((entry) => entry.id);
    // The catalog's ids are checked against ID_PATTERN when it is read: each folder's path is joined by hand
    // (path.join and the store's check of the id cost more than the stat itself, 100,000 times).
    const articlesDir = join(this.store.dir, 'articles');
    let read = 0;
    let reindexed = 0;
    for (let i = 0; i < ids.length && !this.closing; i++) {
      if ((i & 255) === 0) await this.pause();
      const id = ids[i];
      // Not indexed (added since: indexed with its notes) or handed over this session by `updateNotes`.
      if (!this.docs.has(id) || this.notes.has(id) || !this.store.catalog.articles[id]) continue;
      const held = parseNotesFingerprint(this.docs.notesOf(id));
      const stamp = annotationsStamp(`${articlesDir}/${id}`);
      if (held?.stamp === stamp) continue;
      // No annotations file: no notes (nothing to read).
      let text = '';
      try {
        if (stamp !== 'none') {
          read++;
          text = await notesText(id);
        }
      } catch (err) {
        // A damaged file is reported by the store; the index keeps what it has and checks again at the next open.
        log.warn('The search index could not read the notes of an article', { articleId: id, err });
        continue;
      }
      // Deleted or handed over while this read ran: that change is applied after this check.
      if (!this.docs.has(id) || this.notes.has(id)) continue;
      const state = notesFingerprint(stamp, text);
      // Notes held apart: the index itself says whether it holds some, which the record's hash must then agree with
      // (a state kept only in memory — notes that became none leave no document to save it with — is never trusted
      // over the index). Not known (an index of before the state was kept): a whole article (formats 2 and 3) is
      // taken as it is (re-indexing it reads its text), notes held apart are indexed again.
      const apart = this.engine.hasNotes(id);
      const same =
        apart === undefined ? !held || held.hash === notesHash(text) : text === '' ? !apart : apart && held !== null && held.hash === notesHash(text);
      if (same) {
        this.docs.setNotes(id, state);
        continue;
      }
      const entry = this.store.catalog.articles[id];
      if (!entry) continue;
      reindexed++;
      this.forgetVerdicts();
      if (this.engine.setNotes(id, text)) {
        this.docs.setNotes(id, state);
        this.touched.add(id);
        this.refreshCachedNotes(entry, text);
      } else {
        this.forgetText(id);
        await this.upsert(id);
      }
    }
    this.info.notesCheck = { read, reindexed };
    if (reindexed) {
      this.schedulePersist();
      this.queueMergeIfNeeded();
    }
  }

  /**
   * Runs a build in the build worker (`build-worker.ts`) when there is one:
   * it indexes `entries` into search.bin (from nothing, or extending the
   * saved index with `base`, dropping `remove`), reporting progress and
   * saving as it goes; then the result is loaded here. False when no worker
   * is available or it failed (the caller builds in this thread instead).
   */
  private async buildOffThread(entries: CatalogEntry[], base: boolean, remove: string[], resume = true, delta?: string): Promise<boolean> {
    const spec = this.options.buildWorker === undefined ? searchWorkerFile() : this.options.buildWorker || undefined;
    if (!spec || this.closing) return false;
    this.info.progress = { done: 0, total: entries.length };
    let stopped = false;
    try {
      await fs.mkdir(this.store.indexDir, { recursive: true });
      const two = entries.length >= (this.options.twoWorkersFrom ?? TWO_WORKERS_MIN) && availableParallelism() >= 2;
      if (!resume) await this.removeBuildLeftovers();
      // An interrupted two-worker build of an earlier version: its half file is the second worker's first checkpoint.
      else if (await exists(this.halfPath)) {
        await fs.mkdir(this.buildDir(1), { recursive: true });
        await fs.rename(this.halfPath, join(this.buildDir(1), '0000.bin'));
      }
      // One worker now: what a second left is not used.
      if (!two) await fs.rm(this.buildDir(1), { recursive: true, force: true });
      const job: BuildJob = {
        articlesDir: join(this.store.dir, 'articles'),
        indexPath: delta ? join(this.store.indexDir, delta) : this.path,
        statePath: delta ? undefined : this.statePath,
        tmpDir: this.store.tmpDir,
        entries,
        base,
        remove,
        mergeEntries: this.options.mergeEntries,
        checkpointArticles: this.options.checkpointArticles ?? CHECKPOINT_ARTICLES,
        checkpointMs: this.options.checkpointMs ?? CHECKPOINT_MS,
        checkpointDir: this.buildDir(0),
        resume,
        final: true,
      };
      const onProgress = (done: number, total: number): void => {
        this.info.progress = { done, total };
        this.tell();
      };
      const running = two ? runTwoBuildWorkers(spec, job, this.buildDir(1), onProgress) : runBuildWorker(spec, job, onProgress);
      this.running = running;
      // A close while the worker started: it saves what it has and stops.
      if (this.closing) running.stop();
      const outcome = await running.done.finally(() => (this.running = null));
      stopped = outcome.stopped;
      this.info.resumed = outcome.resumed || undefined;
    } catch (err) {
      log.warn('The search index build worker failed; building in the main thread instead', { err });
      return false;
    }
    // Stopped by a close: what it did is in its checkpoint files, resumed at the next open.
    if (stopped && this.closing) return true;
    if (delta) return this.addSegmentFile(delta);
    const loaded = await this.load(false);
    if (!loaded.ok) {
      log.warn('The index the build worker wrote cannot be read; building in the main thread instead', { reason: loaded.reason });
      return false;
    }
    return true;
  }

  /**
   * Catches up with many articles in the build worker without rewriting the
   * saved index: `outdated` articles are dropped from it (tombstones), the
   * worker indexes `entries` into a new segment file (`segments/NNNN.bin`,
   * its checkpoints resumable like a build's), which is then added to the
   * index and committed by segments.json. False when no worker is available
   * or it failed (the caller indexes them in this thread).
   */
  private async catchUpOffThread(entries: CatalogEntry[], outdated: string[]): Promise<boolean> {
    const spec = this.options.buildWorker === undefined ? searchWorkerFile() : this.options.buildWorker || undefined;
    if (!spec || this.closing || !(await this.engine.merge({ pause: this.pause }))) return false;
    for (const id of outdated) this.remove(id);
    const name = segmentFileName(this.nextSegment++);
    await fs.mkdir(join(this.store.indexDir, SEARCH_SEGMENTS_DIR), { recursive: true });
    return this.buildOffThread(entries, false, [], true, name);
  }

  /**
   * Adds the segment file `name` (inside index/) the build worker wrote to the
   * index after its segments, and commits it (segments.json): nothing else
   * is written. False when it cannot be read.
   */
  private async addSegmentFile(name: string): Promise<boolean> {
    const path = join(this.store.indexDir, name);
    const loaded = loadIndexFile(path, this.options.mergeEntries);
    if (!loaded.ok) {
      log.warn('The segment the build worker wrote cannot be read; indexing in the main thread instead', { reason: loaded.reason });
      await fs.rm(path, { force: true });
      return false;
    }
    // Whatever arrived meanwhile is merged first: the new segment's documents come after every one the index has.
    if (!(await this.engine.merge({ pause: this.pause }))) {
      loaded.engine.close();
      await fs.rm(path, { force: true });
      return false;
    }
    const current = this.engine.layout();
    const added = loaded.engine.layout();
    const parts = new Uint8Array(current.ids.length + added.ids.length);
    parts.set(current.parts);
    parts.set(added.parts, current.ids.length);
    let engine: InvertedIndex;
    try {
      engine = new InvertedIndex([...current.segments, ...added.segments], [...current.ids, ...added.ids], this.options.mergeEntries, parts);
    } catch (err) {
      log.warn('The segment the build worker wrote does not fit the index; indexing in the main thread instead', { err });
      loaded.engine.close();
      await fs.rm(path, { force: true });
      return false;
    }
    // Not `useEngine`: the new engine reads the same segments, whose files stay open.
    this.forgetVerdicts();
    this.engine = this.configured(engine);
    this.segmentFiles.set(added.segments[0], { file: name, generation: loaded.generation, bytes: (await fs.stat(path)).size });
    for (const [id, record] of loaded.docs.entries()) {
      this.docs.set(id, record);
      this.touched.add(id);
      if (record.contentHash === '') this.info.unreadable++;
    }
    for (const [source, crc] of loaded.postingsCrc === null ? [] : [[loaded.engine.postings, loaded.postingsCrc] as const])
      this.checkLater(engine, (pause) => postingsChecksum(source, pause), crc);
    this.dirty = true;
    await this.persistNow(true);
    return true;
  }

  /** Re-indexes every article from scratch (in the background of searches, which wait for it). */
  rebuild(): Promise<void> {
    const run = this.enqueue(async () => {
      await this.rebuildNow('requested');
      if (!this.closing) this.state = 'ready';
      this.info.progress = undefined;
      this.tell();
    });
    // `run` is returned to the caller, who reports its failure; `building` only marks that one is under way.
    this.building = run.catch(() => undefined);
    return run;
  }

  private async rebuildNow(reason: string): Promise<void> {
    this.state = 'building';
    this.info.openedFrom = 'rebuilt';
    this.info.rebuildReason = reason;
    this.info.rulesUpgrade = undefined;
    this.info.unreadable = 0;
    this.tell();
    this.useEngine(this.emptyEngine());
    this.docs = new DocRecords();
    // The segments belong to the index being replaced (removed list first: search.bin alone is then the index). Checkpoints of an
    // interrupted build are resumed (each article only at its catalog version), unless a rebuild was asked for.
    const resume = reason !== 'requested';
    if (!resume) await this.removeBuildLeftovers();
    // The old search.bin too: until the build writes the new one, an interrupted build resumes as a build from its checkpoints.
    await fs.rm(this.segmentsPath, { force: true });
    await this.removeUnlisted([]);
    await fs.rm(this.statePath, { force: true });
    this.segmented = false;
    this.segmentFiles = new Map();
    // Off the main thread where the worker is built; it saves as it goes, and the result is loaded here.
    if (await this.buildOffThread(Object.values(this.store.catalog.articles), false, [], resume)) return;
    this.useEngine(this.emptyEngine());
    this.docs = new DocRecords();
    this.info.unreadable = 0;
    await this.indexMany(Object.keys(this.store.catalog.articles));
    // Save at once: a rebuild is the expensive case, and a partial one (closed mid-way) resumes from it.
    this.dirty = true;
    await this.persistNow(true);
  }

  /**
   * Indexes articles, reading a few ahead so disk and tokenizer overlap.
   * Stops early when closing. Saves its progress now and then (see
   * `SearchIndexOptions.checkpointArticles`), so an interrupted build resumes.
   */
  private async indexMany(ids: string[]): Promise<void> {
    this.info.progress = { done: 0, total: ids.length };
    const everyArticles = this.options.checkpointArticles ?? CHECKPOINT_ARTICLES;
    const everyMs = this.options.checkpointMs ?? CHECKPOINT_MS;
    let savedAt = { done: 0, time: performance.now() };
    for (let i = 0; i < ids.length && !this.closing; i += READ_BATCH) {
      const batch = ids.slice(i, i + READ_BATCH);
      const docs = await Promise.all(batch.map((id) => this.documentFor(id)));
      for (const doc of docs) if (doc) this.put(doc.doc, doc.entry, doc.textRead, doc.notesState);
      if (this.engine.needsMerge) {
        await this.pause();
        await this.engine.merge({ pause: this.pause });
      }
      const done = Math.min(ids.length, i + READ_BATCH);
      this.info.progress = { done, total: ids.length };
      this.tell();
      if (done < ids.length && done - savedAt.done >= everyArticles && performance.now() - savedAt.time >= everyMs) {
        this.dirty = true;
        await this.persistNow(true);
        savedAt = { done, time: performance.now() };
      }
    }
  }

  // ------------------------------------------------------------ documents

  private async notesFor(id: string): Promise<string> {
    return (await this.notesWithState(id)).text;
  }

  /** An article's notes and the annotation state they are of (`notesFingerprint`: stamp taken before the read). */
  private async notesWithState(id: string): Promise<{ text: string; state: string }> {
    const handed = this.notes.get(id);
    if (handed) return handed;
    const stamp = annotationsStamp(this.store.articleDir(id));
    const text = (await this.options.notesText?.(id)) ?? '';
    return { text, state: notesFingerprint(stamp, text) };
  }

  /**
   * The fields of an article as the index sees them. `withNotes: false`
   * leaves the notes field empty and reads no annotations (the body of an
   * article whose notes the index already holds apart).
   */
  private async documentFor(
    id: string,
    withNotes = true,
  ): Promise<{ doc: IndexedDoc; entry: CatalogEntry; textRead: boolean; notesState: string | undefined } | null> {
    const entry = this.store.catalog.articles[id];
    if (!entry) return null;
    let text = '';
    let textRead = true;
    try {
      text = (await this.readArticle(id)).text;
    } catch (err) {
      // Index what the catalog knows (title, tags, metadata); the text is retried on the next open.
      log.warn('The search index could not read an article; indexing its metadata only', { articleId: id, err });
      textRead = false;
    }
    const notes = !withNotes
      ? undefined
      : await this.notesWithState(id).catch((err) => {
          // Not read whole: counted as unsearchable in part (search answers say so) and retried on the next open.
          log.warn('The search index could not read the notes of an article', { articleId: id, err });
          textRead = false;
          return { text: '', state: '' };
        });
    // The catalog may have moved on while we read; index the version we read against.
    const current = this.store.catalog.articles[id] ?? entry;
    return {
      entry: current,
      textRead,
      // Without notes read (the body alone), the state of the notes the index holds stays.
      notesState: notes?.state,
      doc: {
        id,
        fields: articleFields(current, notes?.text ?? '', text),
      },
    };
  }

  private put(doc: IndexedDoc, entry: CatalogEntry, textRead: boolean, notesState: string | undefined, bodyOnly = false): void {
    const old = this.docs.get(doc.id);
    if (!bodyOnly || !this.engine.setBody(doc.id, doc.fields)) this.engine.add(doc.id, doc.fields);
    this.docs.set(doc.id, { modified: entry.modified, contentHash: textRead ? entry.contentHash : '', notes: notesState ?? old?.notes ?? '' });
    this.touched.add(doc.id);
    this.info.unreadable += (textRead ? 0 : 1) - (old?.contentHash === '' ? 1 : 0);
  }

  /** (Re-)indexes an article; one whose notes the index holds apart has only its body read and tokenised. */
  private async upsert(id: string): Promise<void> {
    // Index changes run one at a time (the work queue), so this still holds after the reads.
    const split = this.engine.isSplit(id);
    const found = await this.documentFor(id, !split);
    if (!found) {
      this.remove(id);
      return;
    }
    this.put(found.doc, found.entry, found.textRead, found.notesState, split);
  }

  private remove(id: string): void {
    this.engine.remove(id);
    if (this.docs.get(id)?.contentHash === '') this.info.unreadable--;
    this.docs.delete(id);
    this.notes.delete(id);
    this.touched.add(id);
  }

  /**
   * Re-indexes the annotation notes and tags of an article (the `notes` field).
   * Call when an article's annotations change; `text` is all their notes and tags.
   * `stamp`: `annotationsStamp` of the article's folder taken before `text`
   * was read (default: taken now, which an outside write between the read
   * and now would make newer than the text).
   */
  async updateNotes(articleId: string, text: string, stamp?: string): Promise<void> {
    const state = notesFingerprint(stamp ?? annotationsStamp(this.store.articleDir(articleId)), text);
    this.notes.set(articleId, { text, state });
    this.forgetVerdicts();
    const update = this.enqueue(async () => {
      const entry = this.store.catalog.articles[articleId];
      if (!entry) return;
      // Only the notes part: the article's text is neither read nor tokenised again.
      if (this.engine.setNotes(articleId, text)) {
        this.docs.setNotes(articleId, state);
        this.touched.add(articleId);
        this.refreshCachedNotes(entry, text);
      } else {
        this.forgetText(articleId);
        await this.upsert(articleId);
      }
      this.schedulePersist();
      this.queueMergeIfNeeded();
    });
    // The caller awaits `update` below and gets its failure; `lastUpdate` only orders the next one.
    this.lastUpdate = update.catch(() => undefined);
    await update;
  }

  // ------------------------------------------------------------ persistence

  private schedulePersist(): void {
    this.dirty = true;
    if (this.closing) return;
    clearTimeout(this.persistTimer);
    if (!this.persistDue) {
      let settle!: () => void;
      const done = new Promise<void>((resolve) => (settle = resolve));
      this.persistDue = { done, settle };
    }
    this.persistTimer = setTimeout(() => {
      const due = this.persistDue;
      this.persistDue = null;
      void this.enqueue(() => this.persistNow(false))
        // The index stays correct in memory and is saved again at the next change or at close.
        .catch((err) => log.warn('Could not save the search index', { err }))
        .finally(() => due?.settle());
    }, this.persistDelayMs);
    this.persistTimer.unref?.();
  }

  /** Settles a save that was armed but is now done by a flush or close instead. */
  private takeOverPersist(): void {
    clearTimeout(this.persistTimer);
    const due = this.persistDue;
    this.persistDue = null;
    if (due) void this.queue.then(() => due.settle());
  }

  /** Writes the whole index now if it changed (merging what is in memory), so the next open reads nothing. */
  flush(): Promise<void> {
    this.takeOverPersist();
    return this.enqueue(() => this.persistNow(true));
  }

  /**
   * Resolves once nothing waits: library changes applied, merges done, and
   * the periodic save that changes arm (after `persistDelayMs`) has run —
   * without hurrying it as `flush` does. For tests and for a host that wants
   * to know the state on disk is current; never rejects.
   */
  async idle(): Promise<void> {
    await this.postingsCheck;
    for (;;) {
      await this.queue;
      const due = this.persistDue;
      if (!due) {
        // Work queued while we waited (a save the timer just started) is awaited too.
        await this.queue;
        if (!this.persistDue) return;
        continue;
      }
      await due.done;
    }
  }

  /**
   * Saves what changed. `full`: merge and rewrite search.bin; otherwise only
   * the state file, unless there is no .bin yet or enough of it is outdated
   * that re-reading those articles after a crash would be slow.
   */
  private async persistNow(full: boolean): Promise<void> {
    // `full` also writes when only the state file was saved since the .bin: closing leaves nothing to catch up.
    if (this.state === 'failed' || !(this.dirty || (full && this.touched.size))) return;
    this.dirty = false;
    try {
      if (full || !this.onDisk || this.touched.size >= REWRITE_AFTER_CHANGES) await this.writeIndexFile();
      else await this.writeStateFile(this.onDisk);
    } catch (err) {
      this.dirty = true;
      this.info.lastError = `Could not save the search index to ${this.store.indexDir}: ${(err as Error).message}`;
    }
  }

  /**
   * Saves the index as segment files and their list (DESIGN.md "Search"):
   * merges the memory segment into a new compact segment (and joins the
   * last ones while tiered merging says so), writes each segment that has no
   * file yet to a new file (search.bin only for a library without
   * segments.json yet), then segments.json — written temp + fsync + rename,
   * the one commit point — and only then deletes the files it no longer
   * names. A crash at any step leaves the previous list and its files.
   */
  private async writeIndexFile(): Promise<void> {
    if (!(await this.engine.merge({ pause: this.pause }))) throw new Error('the index changed while it was being merged');
    const engine = this.engine;
    const { segments, bases, ids, parts } = engine.layout();
    await fs.mkdir(this.store.indexDir, { recursive: true });
    if (segments.length > 1) await fs.mkdir(join(this.store.indexDir, SEARCH_SEGMENTS_DIR), { recursive: true });
    const records: SearchSegmentRecord[] = [];
    const written: Array<[CompactSegment, string]> = [];
    for (let k = 0; k < segments.length; k++) {
      const segment = segments[k];
      const own = ids.slice(bases[k], bases[k] + segment.docCount);
      let file = this.segmentFiles.get(segment);
      if (!file) {
        // The base is always search.bin (replaced whole, temp + rename): a crash before the list names it leaves a search.bin the list does not, which is loaded alone and caught up.
        const name = k === 0 ? SEARCH_INDEX_FILE : segmentFileName(this.nextSegment++);
        const { chunks, generation } = segmentFileFor(segment, own, parts.subarray(bases[k], bases[k] + segment.docCount), this.docs);
        const path = join(this.store.indexDir, name);
        await this.store.writeBytes(path, chunks);
        file = { file: name, generation, bytes: (await fs.stat(path)).size };
        this.segmentFiles.set(segment, file);
        written.push([segment, path]);
      }
      const deleted: number[] = [];
      own.forEach((id, d) => {
        if (id === null) deleted.push(d);
      });
      records.push({ ...file, deleted });
    }
    const savedAt = new Date().toISOString();
    if (segments.length === 1 && written.length === 1) {
      // search.bin alone, just written (its own manifest names its deleted documents): no list, as before segments. A crash before the list is removed leaves a list that does not name this search.bin: it is loaded alone.
      await fs.rm(this.segmentsPath, { force: true });
      this.segmented = false;
      this.attachWritten(engine, written);
      for (const segment of [...this.segmentFiles.keys()]) if (!segments.includes(segment)) this.segmentFiles.delete(segment);
      this.onDisk = { generation: records[0].generation, holds: onDiskSet(ids) };
      this.touched.clear();
      this.info.savedAt = savedAt;
      await fs.rm(this.statePath, { force: true });
      await this.removeUnlisted([SEARCH_INDEX_FILE]);
      return;
    }
    const generation = randomBytes(8).toString('hex');
    await this.store.writeBytes(
      this.segmentsPath,
      encodeFile(
        searchSegmentsKind,
        { kind: 'briefing-desk-search-segments', schemaVersion: 1, generation, savedAt, segments: records, next: this.nextSegment },
        'The search index segments',
      ),
    );
    this.segmented = true;
    this.attachWritten(engine, written);
    for (const segment of [...this.segmentFiles.keys()]) if (!segments.includes(segment)) this.segmentFiles.delete(segment);
    this.onDisk = { generation, holds: onDiskSet(ids) };
    this.touched.clear();
    this.info.savedAt = savedAt;
    // The state file described the previous list (and would be ignored anyway); files no longer listed go only now.
    await fs.rm(this.statePath, { force: true });
    await this.removeUnlisted(records.map((r) => r.file));
  }

  /** From now on the postings of the segments just written are read from their files (the same bytes), not held in memory. */
  private attachWritten(engine: InvertedIndex, written: ReadonlyArray<[CompactSegment, string]>): void {
    for (const [segment, path] of written) {
      if (segment.postings.bytes === null) continue;
      const source = openPostingsOf(path, segment.postings.length);
      if (source) engine.attachPostings(segment, source);
    }
  }

  private async writeStateFile(onDisk: { generation: string; holds: (id: string) => boolean }): Promise<void> {
    const savedAt = new Date().toISOString();
    const state: StateFile = {
      kind: 'briefing-desk-search-state',
      schemaVersion: 1,
      generation: onDisk.generation,
      savedAt,
      stale: [...this.touched].filter((id) => onDisk.holds(id)),
    };
    await this.store.writeBytes(this.statePath, encodeFile(searchStateKind, state, 'The search index state'));
    this.info.savedAt = savedAt;
  }

  /** Stops following the library, finishes pending work and saves. Call before `store.close()`. */
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.unsubscribe();
    this.closing = true;
    this.takeOverPersist();
    // A build in the worker saves what it has and stops.
    this.running?.stop();
    await this.queue;
    await this.persistNow(true);
    this.state = 'closed';
    this.tell();
    this.engine.close();
    this.texts.clear();
    this.textUnits = 0;
  }

  // ------------------------------------------------------------ text cache

  private forgetText(id: string): void {
    const cached = this.texts.get(id);
    if (!cached) return;
    this.textUnits -= cached.units;
    this.texts.delete(id);
  }

  /** The phrase check reads notes from the text cache: keep a cached article, with its new notes. */
  private refreshCachedNotes(entry: CatalogEntry, notes: string): void {
    const cached = this.texts.get(entry.id);
    // Without its notes a cached article stays right: the notes are read when a phrase check needs them.
    if (!cached || !cached.notesRead) return;
    const fieldsNorm = normalizeText([entry.title, metaText(entry), entry.tags.join('\n'), notes].join('\n'));
    this.textUnits += fieldsNorm.length - cached.fieldsNorm.length;
    cached.units += fieldsNorm.length - cached.fieldsNorm.length;
    cached.fieldsNorm = fieldsNorm;
  }

  /** Title, metadata, tags and notes, normalised, as the phrase check reads them (joined by line breaks). */
  private fieldsNormOf(entry: CatalogEntry, notes: string): string {
    return normalizeText([entry.title, metaText(entry), entry.tags.join('\n'), notes].join('\n'));
  }

  /**
   * The cached text of an article, read when absent. `withNotes`: its
   * `fieldsNorm` must include the annotation notes (read them too, or add
   * them to a cached article read without).
   */
  private async textDoc(entry: CatalogEntry, withNotes = false): Promise<TextDoc> {
    const cached = this.texts.get(entry.id);
    if (cached) {
      // Refresh its place in the LRU order.
      this.texts.delete(entry.id);
      this.texts.set(entry.id, cached);
      if (withNotes && !cached.notesRead) {
        const notes = await this.notesFor(entry.id).catch((err) => {
          log.warn('The search index could not read the notes of an article', { articleId: entry.id, err });
          return '';
        });
        const fieldsNorm = this.fieldsNormOf(entry, notes);
        // Cached only while it is still this article's entry (a change event may have arrived while reading).
        if (this.texts.get(entry.id) === cached) {
          this.textUnits += fieldsNorm.length - cached.fieldsNorm.length;
          cached.units += fieldsNorm.length - cached.fieldsNorm.length;
          cached.fieldsNorm = fieldsNorm;
          cached.notesRead = true;
        } else return { ...cached, fieldsNorm, notesRead: true };
      }
      return cached;
    }
    let article: Article | null = null;
    try {
      article = await this.readArticle(entry.id);
    } catch (err) {
      log.warn('The search index could not read an article; indexing its metadata only', { articleId: entry.id, err });
      article = null;
    }
    const notes = !withNotes
      ? ''
      : await this.notesFor(entry.id).catch((err) => {
          log.warn('The search index could not read the notes of an article', { articleId: entry.id, err });
          return '';
        });
    const text = CachedText.of(article?.text ?? '');
    const fieldsNorm = this.fieldsNormOf(entry, notes);
    const doc: TextDoc = {
      text,
      fieldsNorm,
      notesRead: withNotes,
      headRanges: (article?.blocks ?? []).filter((b) => b.kind === 'title' || b.kind === 'subtitle').map((b) => [b.start, b.end]),
      unreadable: !article,
      units: text.units + fieldsNorm.length,
    };
    // A change event may have arrived while reading; only cache what is still current.
    if (this.store.catalog.articles[entry.id] === entry) {
      this.texts.set(entry.id, doc);
      this.textUnits += doc.units;
      for (const [id, old] of this.texts) {
        if (this.textUnits <= (this.options.textCacheUnits ?? DEFAULT_TEXT_CACHE_UNITS) || this.texts.size <= 1) break;
        this.texts.delete(id);
        this.textUnits -= old.units;
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
    const filtered = !!options.tags?.length || !!options.source || !!options.from || !!options.to;
    const accept = filtered ? acceptFilter(options, this.options.articleTags ?? ((entry) => entry.tags)) : null;
    const candidates = this.candidates(parsed, accept);
    // A listing has no relevance; its natural order is newest first. Sorted only as far as the page needs.
    const order = parsed.blank && sort === 'relevance' ? 'added' : sort;
    const ordered =
      order === 'relevance' ? new ScoreOrder(candidates.count, candidates.scores, compareCandidates(order, candidates)) : lazySorted(candidates, order);
    const take = (n: number): Candidate[] =>
      ordered.take(n).map((i) => ({ entry: candidates.entry(i), score: candidates.scores[i], fields: candidates.fields[i] }));

    // Confirm phrases against the text, in result order, as far as the page needs.
    let matched: Candidate[];
    if (!parsed.needsPhraseCheck) {
      matched = take(offset + limit);
    } else {
      const compiled = parsed.parts.map(partRegExp);
      const confirmAll = candidates.count <= CONFIRM_ALL_BELOW;
      const generation = this.verdictGeneration;
      const key = phraseKey(parsed);
      const known = this.rejected.get(key);
      const rejected = known ?? new Set<string>();
      if (known) this.rejected.delete(key); // re-inserted below: most recently used last
      matched = [];
      while (ordered.remaining && (confirmAll || matched.length < offset + limit)) {
        const batch = take(READ_BATCH).filter((c) => !rejected.has(c.entry.id));
        const confirmed = await Promise.all(batch.map((c) => this.phrasesConfirmed(c, parsed, compiled)));
        batch.forEach((c, k) => {
          if (confirmed[k] === true) matched.push(c);
          else if (confirmed[k] === false) rejected.add(c.entry.id);
        });
      }
      if (generation === this.verdictGeneration && rejected.size) {
        this.rejected.set(key, rejected);
        for (const k of this.rejected.keys()) {
          if (this.rejected.size <= MAX_VERDICT_QUERIES) break;
          this.rejected.delete(k);
        }
      }
    }
    const page = matched.slice(offset, offset + limit);
    const hits = await Promise.all(page.map((c) => this.hit(c, parsed, snippetLength)));
    const unconfirmed = parsed.needsPhraseCheck ? ordered.remaining : 0;
    return {
      query,
      total: parsed.needsPhraseCheck ? matched.length + unconfirmed : candidates.count,
      totalExact: unconfirmed === 0,
      hits,
      tookMs: Math.round((performance.now() - started) * 10) / 10,
    };
  }

  /** The catalog entry of an article the catalog changed (its number may hold a stale entry). */
  private forgetEntry(id: string): void {
    const n = this.engine.articleNumberOf(id);
    if (n >= 0 && n < this.entryOf.length) this.entryOf[n] = undefined;
  }

  private candidates(parsed: ParsedQuery, accept: ((entry: CatalogEntry) => boolean) | null): Candidates {
    const articles = this.store.catalog.articles;
    if (parsed.blank) {
      const all = Object.values(articles);
      const entries = accept ? all.filter(accept) : all;
      const zeros = new Uint8Array(entries.length);
      return entryCandidates(entries, zeros, zeros);
    }
    if (!parsed.terms.length) return entryCandidates([], [], []);
    // The index's own arrays (no allocation per query): read here, before anything awaits.
    const hits = this.engine.search(parsed.terms, parsed.filterTerms, true);
    const count = hits.count;
    // A common term matches most of the library: the catalog entry of each
    // article number is kept (a lookup by id in a catalog of 100,000 costs
    // several ms per query), checked against the id and dropped when the
    // index renumbers or the catalog changes at all: at once, not at the
    // store's event, which a deletion sends only once the catalog is written
    // (a search meanwhile would answer with the article being deleted).
    if (this.entryEngine !== this.engine || this.entryRevision !== this.store.catalogRevision) {
      this.entryOf = [];
      this.entryIdOf = [];
      this.entryEngine = this.engine;
      this.entryRevision = this.store.catalogRevision;
    }
    const cache = this.entryOf;
    const cachedIds = this.entryIdOf;
    // Both kept dense (no holes) up to the highest article number: V8 stores
    // an array written at scattered indices as a dictionary. And the id each
    // entry was looked up by is compared as the index's own string (the same
    // object: one pointer comparison) rather than through `entry.id`, which
    // would touch 100,000 scattered entry objects per common query — at
    // 100,000 articles that cost as much as the index's own scoring.
    const idOf = this.engine.articleIdTable;
    while (cache.length < idOf.length) cache.push(undefined);
    while (cachedIds.length < idOf.length) cachedIds.push(undefined);
    const { docs: nums, scores: hitScores, fields: hitFields } = hits;
    const lookUp = (n: number): CatalogEntry | undefined => {
      const id = idOf[n];
      let entry = cache[n];
      if (entry === undefined || cachedIds[n] !== id) {
        // The catalog is the authority: an article deleted a moment ago may still be in the index.
        entry = id === null ? undefined : articles[id];
        cache[n] = entry;
        cachedIds[n] = id ?? undefined;
      }
      return entry;
    };
    if (accept) {
      // Filters read every match's entry.
      const entries: CatalogEntry[] = [];
      const scores = new Float64Array(count);
      const fields = new Uint8Array(count);
      for (let i = 0; i < count; i++) {
        const entry = lookUp(nums[i]);
        if (!entry || !accept(entry)) continue;
        scores[entries.length] = hitScores[i];
        fields[entries.length] = hitFields[i];
        entries.push(entry);
      }
      return entryCandidates(entries, scores, fields);
    }
    // Unfiltered: every match that is in the catalog counts, and its entry is
    // taken from the cache only when a sort or the page asks for it. Copied
    // out of the index's arrays (the next search overwrites them).
    const entries: CatalogEntry[] = new Array<CatalogEntry>(count);
    const scores = new Float64Array(count);
    const fields = new Uint8Array(count);
    let kept = 0;
    for (let i = 0; i < count; i++) {
      const n = nums[i];
      let entry = cache[n];
      if (cachedIds[n] !== idOf[n] || entry === undefined) {
        entry = lookUp(n);
        if (!entry) continue;
      }
      entries[kept] = entry;
      scores[kept] = hitScores[i];
      fields[kept++] = hitFields[i];
    }
    entries.length = kept;
    return entryCandidates(entries, scores, fields);
  }

  /**
   * True when every part that needs it occurs as written in the article:
   * in its title, metadata, tags and notes (joined by line breaks), or in
   * its text. What is read for it follows the index's matched fields: a
   * phrase holds the scored terms of its part, so it can only be in a field
   * one of them matched in. The catalog's own fields are tried first
   * (nothing to read); the text is read only when a term matched in the
   * body, the annotation notes only when one matched in the notes.
   */
  private async phrasesConfirmed(c: Candidate, parsed: ParsedQuery, compiled: RegExp[]): Promise<boolean | 'unreadable'> {
    const inText = (c.fields & TEXT_BIT) !== 0;
    const inNotes = (c.fields & NOTES_BIT) !== 0;
    const cached = this.texts.get(c.entry.id);
    const head = cached && (cached.notesRead || !inNotes) ? cached.fieldsNorm : this.fieldsNormOf(c.entry, '');
    const found = (re: RegExp, text: string): boolean => {
      re.lastIndex = 0;
      return re.test(text);
    };
    const open = parsed.parts.flatMap((part, i) => (part.needsPhraseCheck && !found(compiled[i], head) ? [i] : []));
    if (!open.length) return true;
    if (!inText && !inNotes) return false;
    const doc = await this.textDoc(c.entry, inNotes);
    const ok = open.every((i) => (inNotes && found(compiled[i], doc.fieldsNorm)) || (inText && found(compiled[i], doc.text.norm.text)));
    // Not remembered as lacking the phrase: it may be readable next time.
    return !ok && doc.unreadable ? 'unreadable' : ok;
  }

  private async hit(c: Candidate, parsed: ParsedQuery, snippetLength: number): Promise<SearchHit> {
    const { entry } = c;
    const doc = await this.textDoc(entry);
    const hit: SearchHit = {
      id: entry.id,
      title: entry.title,
      score: roundScore(c.score),
      snippet: null,
      matchedFields: matchedFields(c.fields),
      added: entry.added,
      tags: entry.tags,
    };
    if (entry.source) hit.source = entry.source;
    if (entry.published) hit.published = entry.published;
    if (!doc.unreadable) {
      const { snippet, best } = buildSnippet(doc.text, parsed.parts, { norm: doc.text.norm, length: snippetLength, avoid: doc.headRanges });
      hit.snippet = snippet;
      if (best) {
        hit.matchStart = best.start;
        hit.matchEnd = best.end;
      }
    }
    return hit;
  }
}
