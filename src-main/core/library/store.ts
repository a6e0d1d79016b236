/**
 * The library on disk (DESIGN.md, "Data on disk") and the rules that keep it
 * safe:
 *
 * - One writer: `library.lock` (lock.ts), taken atomically.
 * - One serialisation mechanism (serial.ts): every read-modify-write of a file
 *   runs under the key of what it touches, so concurrent calls never lose an
 *   acknowledged change; importing the same text twice at once keeps one.
 * - Every file is read and written through the file-kind registry
 *   (file-kinds.ts): migrated, validated, written atomically and durably.
 * - The catalog is derived data: it is rebuilt from the article folders,
 *   briefings/ and settings.json when it is missing or damaged, and checked
 *   against the folders on every open, so recovery never loses an article, a
 *   briefing, a tag or a setting. Tags and settings live in settings.json.
 * - Damage is never silent: a file that cannot be read is moved to
 *   quarantine/ (a file with some bad items keeps the good ones) and a
 *   problem is recorded in problems.json, shown by every host until the user
 *   acknowledges it. A file from a newer version is refused and left in place.
 * - A user action rewrites at most one article's files or one briefing plus
 *   the catalog; adding annotations never touches the catalog, so its cost
 *   does not grow with the library.
 */
import { promises as fs } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { basename, join, relative, sep } from 'node:path';
import { Low } from 'lowdb';
import type { Article, ArticleMeta, Block, CatalogEntry, ImportFormat, Mark, ParsedArticle, Provenance } from '../../common/model';
import { reanchorAll } from '../../common/anchoring/anchor';
import { BdError } from '../../common/errors';
import { ID_PATTERN, MAX_ARTICLE_CHARS, MAX_NAME_CHARS, MAX_TITLE_CHARS, oneLine } from '../../common/limits';
import { isSafeLinkUrl, isWebUrl } from '../../common/safe-url';
import { isTempName, KindFile, readKindFile, readTextIfExists, syncDir, tempPathFor, writeFileDurable } from './durable-file';
import {
  annotationsKind,
  articleKind,
  briefingKind,
  briefingListEntry,
  catalogEntrySchema,
  catalogKind,
  catalogLooksValid,
  decodeFile,
  describeIssues,
  encodeFile,
  problemsKind,
  sessionKind,
  settingsKind,
  type BriefingListEntry,
  type CatalogFile,
  type Decoded,
  type FileKind,
  type Problem,
  type ProblemsFile,
  type ProblemKind,
  type SessionFile,
  type SettingsFile,
} from './file-kinds';
import { acquireLock, type LibraryLock } from './lock';
import { takePrefetchedText } from './prefetch';
import { assertOutsideLibrary, assertWritableTarget } from './output-guard';
import { KeyedSerializer, type Lease } from './serial';
import { log } from '../diagnostics/log';
import { libraryMessageTexts, subjectText, type LibraryMessage, type MessageSubject } from '../../common/library-messages';

export type { BriefingListEntry } from './file-kinds';

/** A library problem or notice, as every host shows it. */
export interface LibraryWarning {
  /** Set on problems kept in problems.json (until acknowledged); absent on notices of this session only. */
  id?: string;
  kind: ProblemKind | 'migrated' | 'index-rebuilt';
  /** The sentence in English, worded from `text` (common/library-messages.ts). */
  message: string;
  /** The same sentence in Chinese, worded from `text`. */
  messageZh: string;
  /** The sentence as a key and parameters. */
  text: LibraryMessage;
  /** The file concerned, relative to the library: where a damaged file was moved to, or a refused file that stays. */
  file?: string;
  articleId?: string;
  briefingId?: string;
}

export type LibraryEvent =
  { type: 'article-added'; id: string } | { type: 'article-updated'; id: string; textChanged: boolean } | { type: 'article-removed'; id: string };

/** The catalog's own filter (tags are matched by the tag model in ArticleLister, which knows highlight tags). */
export interface ArticleFilter {
  source?: string;
}

/** Who a file belongs to, for the serialisation key and for telling the user what was affected. */
export interface FileSubject {
  /** The serialisation key of the file (`article:<id>`, `briefing:<id>`, `settings`…). */
  key: string;
  /** The item the file holds, as problems name it (e.g. `{ thing: 'annotations', title }`). */
  subject: MessageSubject;
  articleId?: string;
  briefingId?: string;
}

/**
 * Reads a kept original file (`articles/<id>/original.<ext>`) through the
 * import pipeline again, so a damaged or missing article.json can be rebuilt
 * from what is on disk. Core passes the importer; without one (tools that
 * open a bare store) nothing is rebuilt.
 */
export type OriginalParser = (name: string, bytes: Uint8Array) => Promise<{ article: ParsedArticle; format: ImportFormat; encoding?: string }>;

export interface LibraryOpenOptions {
  parseOriginal?: OriginalParser;
  /**
   * `lazy`: a current catalog (schemaVersion 3) is not read at open but on
   * `ensureCatalog` (Core does that before any call that needs it), so a
   * command that exports one briefing or article never reads the 40 MB
   * catalog of 100,000 articles. Default `eager`.
   */
  catalog?: 'eager' | 'lazy';
}

/** What `restoreArticle` did: the article as written, and what became of its highlights. */
export interface RestoredArticle {
  article: Article;
  entry: CatalogEntry;
  highlights: { total: number; moved: number; orphaned: number };
}

const BACKUPS_KEPT = 10;
const SUBFOLDERS = ['articles', 'briefings', 'index', 'backups', 'quarantine', 'tmp'] as const;

export function newId(prefix: string): string {
  return prefix + randomBytes(8).toString('hex').slice(0, 12);
}

/** Hash of the text with whitespace differences ignored: the duplicate test. */
export function contentHash(text: string): string {
  const normal = text.normalize('NFC').replace(/[\s\u00a0\u3000]+/g, '');
  return createHash('sha256').update(normal).digest('hex');
}

/** A record without a prototype, so ids such as `constructor` never find a built-in. */
function record<T>(from: Record<string, T> = {}): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, from);
}

/**
 * The same record without its prototype, in place: for a record just parsed
 * from a file (100,000 catalog entries), which copying into `record()` would
 * cost a few hundred ms on every open.
 */
function adopt<T>(parsed: Record<string, T>): Record<string, T> {
  return Object.setPrototypeOf(parsed, null) as Record<string, T>;
}

function own<T>(rec: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(rec, key) ? rec[key] : undefined;
}

/** Two messages are the same when key and parameters are (the check that records a problem once). */
function sameMessage(a: LibraryMessage, b: LibraryMessage): boolean {
  const pa = a.params as Record<string, unknown>;
  const pb = b.params as Record<string, unknown>;
  const names = Object.keys(pa).filter((n) => pa[n] !== undefined);
  return (
    a.key === b.key &&
    names.length === Object.keys(pb).filter((n) => pb[n] !== undefined).length &&
    names.every((n) => JSON.stringify(pa[n]) === JSON.stringify(pb[n]))
  );
}

function stamp(): string {
  return new Date().toISOString().replace(/[-:.]/g, '');
}

const emptySettings = (): SettingsFile => ({ schemaVersion: 1, tags: [], settings: record() });

export class LibraryStore {
  /** True when this open created the library: nothing of a library was there before (the first-run sample goes only here). */
  created = false;
  /** The serialisation mechanism every read-modify-write of this library uses. */
  readonly serial = new KeyedSerializer();
  /** What the app was opening when it last stopped without finishing (a crash), if anything. */
  interrupted: { kind: 'article' | 'briefing'; id: string; title: string } | null = null;

  private catalogDb!: Low<CatalogFile>;
  private settingsDb!: Low<SettingsFile>;
  private problemsDb!: Low<ProblemsFile>;
  private catalogDirty = false;
  /** `deferred` after a lazy open until `ensureCatalog`; `loading` while the catalog is read and checked. */
  private catalogPhase: 'deferred' | 'loading' | 'loaded' = 'loaded';
  private catalogLoading: Promise<void> | null = null;
  /** Articles whose deletion a crash interrupted (found in tmp/ at open): dropped from the catalog without a problem. */
  private deletedIds = new Set<string>();
  /** Titles of articles deleted while this library is open (newest 500), so "not found" can name what was deleted. */
  private deletedTitles = new Map<string, string>();
  private settingsDirty = false;
  /** Settings from a newer version: kept as read, never written. */
  private settingsReadOnly = false;
  private problemsWritable = true;
  private notices: LibraryWarning[] = [];
  private hashMap: Map<string, string> | null = null;
  /**
   * The catalog's article entries as an array, or null when the catalog changed since it was made:
   * Object.values of 100,000 entries costs 100 ms or more, and every page of the list wanted it.
   */
  private entryList: CatalogEntry[] | null = null;
  /**
   * Grows whenever an article entry is added, replaced or removed in memory — at that moment, before
   * the catalog is written and the change event sent — so what is derived from entries (the search
   * index keeps entries by article number) never outlives one: a search during a deletion's write
   * must not answer with the article being deleted.
   */
  catalogRevision = 0;
  private listeners = new Set<(event: LibraryEvent) => void>();
  private batchDepth = 0;
  private closed = false;
  private backgroundWork: Promise<unknown> = Promise.resolve();

  /**
   * contentHash → article id (the duplicate check of an import), made on
   * first use rather than on every open: 100,000 entries cost tens of ms.
   */
  private get byHash(): Map<string, string> {
    if (!this.hashMap) {
      const map = new Map<string, string>();
      for (const entry of this.entries()) map.set(entry.contentHash, entry.id);
      this.hashMap = map;
    }
    return this.hashMap;
  }

  private constructor(
    readonly dir: string,
    private readonly lock: LibraryLock,
    private readonly parseOriginal?: OriginalParser,
  ) {}

  /** Opens (creating if needed) the library in `dir`. Throws `locked` if another process has it. */
  static async open(dir: string, options: LibraryOpenOptions = {}): Promise<LibraryStore> {
    await fs.mkdir(dir, { recursive: true });
    const lock = await acquireLock(dir);
    const store = new LibraryStore(dir, lock, options.parseOriginal);
    try {
      await store.load(options);
    } catch (err) {
      await lock.release();
      throw err;
    }
    return store;
  }

  get catalogPath(): string {
    return join(this.dir, 'catalog.json');
  }

  get settingsPath(): string {
    return join(this.dir, 'settings.json');
  }

  articleDir(id: string): string {
    if (!ID_PATTERN.test(id)) throw new BdError('invalid-params', `"${id}" is not a valid article id.`, { field: 'id' });
    return join(this.dir, 'articles', id);
  }

  briefingPath(id: string): string {
    if (!ID_PATTERN.test(id)) throw new BdError('invalid-params', `"${id}" is not a valid briefing id.`, { field: 'id' });
    return join(this.dir, 'briefings', `${id}.json`);
  }

  get briefingsDir(): string {
    return join(this.dir, 'briefings');
  }

  get indexDir(): string {
    return join(this.dir, 'index');
  }

  /** Where temp files of library writes go; emptied when the library opens. */
  get tmpDir(): string {
    return join(this.dir, 'tmp');
  }

  onChange(listener: (event: LibraryEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The entries changed in memory: the list is built again on next use (`entryList`), and `catalogRevision` grows. */
  private catalogChanged(): void {
    this.entryList = null;
    this.catalogRevision++;
  }

  private emit(event: LibraryEvent): void {
    // Every change to the catalog is announced here: the list of entries is built again on next use.
    this.catalogChanged();
    for (const listener of this.listeners) listener(event);
  }

  private rel(path: string): string {
    return relative(this.dir, path).split(sep).join('/');
  }

  // ---------------------------------------------------------------- opening

  private async load(options: LibraryOpenOptions): Promise<void> {
    // A lazy open (a command that reads one briefing or article) leaves the catalog unread while it is a current one.
    const lazy = options.catalog === 'lazy' && (await catalogHeadIsCurrent(this.catalogPath));
    // The catalog (40 MB at 100,000 articles) is read while the folders are listed; a
    // temp file in tmp/ never stands for it (writes rename into place), so cleaning tmp/ cannot change it.
    // (The CLI may have started reading it before the program loaded: those bytes, if the file is unchanged.)
    const catalogRead = lazy ? null : takePrefetchedText(this.catalogPath).then((text) => text ?? readTextIfExists(this.catalogPath));
    catalogRead?.catch(() => undefined); // awaited below; an early failure must not go unhandled meanwhile
    // The article folders (100,000 names) are listed meanwhile too: nothing before loadCatalog adds or removes one
    // (cleaning tmp/ touches only tmp/ and temp files). Null when articles/ is not there yet (made below).
    const articleNames = lazy ? null : fs.readdir(join(this.dir, 'articles')).catch(() => null);
    const existing = new Set(await fs.readdir(this.dir).catch(() => [] as string[]));
    await Promise.all(SUBFOLDERS.map((d) => fs.mkdir(join(this.dir, d), { recursive: true })));
    this.deletedIds = await this.cleanTemporaryFiles();
    await this.loadProblems();
    this.catalogDb = new Low<CatalogFile>(new KindFile(catalogKind, this.catalogPath, { tmpDir: this.tmpDir, what: 'The library catalog', indent: 1 }), {
      schemaVersion: 3,
      articles: record(),
      briefings: record(),
    });
    if (lazy) {
      // As the full open does for a current catalog (no tags or settings to take over from it).
      await this.loadSettings(null, true);
      this.catalogPhase = 'deferred';
    } else {
      await this.loadCatalog(catalogRead!, existing, false, articleNames);
    }
    if (this.created || this.settingsDirty) await this.writeSettings();
    // A backup that fails leaves the library as it was; the next open tries again.
    this.backgroundWork = this.backupSettings().catch((err) => log.warn('Could not back up the settings', { err }));
  }

  /**
   * Whether the catalog has been read (always, except after a lazy open until
   * `ensureCatalog`). Before that only what reads single files works:
   * `getArticle`, `BriefingService.get`, `AnnotationService.list` fall back
   * to `ensureCatalog` themselves; anything else that needs the catalog
   * throws (Core.call loads it before every other method).
   */
  get catalogLoaded(): boolean {
    return this.catalogPhase === 'loaded';
  }

  /**
   * Reads the catalog after a lazy open (`LibraryOpenOptions.catalog`), with
   * everything the full open does with it: decode, quarantine or rebuild,
   * the check against the folders, the interrupted-session notice. Does
   * nothing once read; concurrent callers share one read. Errors as
   * `LibraryStore.open` (BdError `refused` for a catalog from a newer version).
   */
  ensureCatalog(): Promise<void> {
    if (this.catalogPhase !== 'deferred') return this.catalogLoading ?? Promise.resolve();
    this.catalogPhase = 'loading';
    this.catalogLoading = (async () => {
      try {
        // catalog.json was there at open (only then is an open lazy), so this library had content.
        await this.loadCatalog(readTextIfExists(this.catalogPath), new Set(['catalog.json']), true);
        if (this.settingsDirty) await this.writeSettings();
      } catch (err) {
        this.catalogPhase = 'deferred';
        this.catalogLoading = null;
        throw err;
      }
    })();
    return this.catalogLoading;
  }

  /**
   * The catalog: decoded (quarantined, salvaged or migrated as needed), then
   * the settings (unless `settingsLoaded`: a lazy open loaded them, the
   * catalog being current), then rebuilt from or checked against the
   * folders, the session looked at, and written when it changed.
   * `articleListing`: the names in articles/ if the caller started listing
   * them already (null inside: not there then; listed here).
   */
  private async loadCatalog(
    catalogRead: Promise<string | null>,
    existing: Set<string>,
    settingsLoaded: boolean,
    articleListing: Promise<string[] | null> | null = null,
  ): Promise<void> {
    this.catalogPhase = 'loading';
    const [articleNames, briefingNames, quarantined] = await Promise.all([
      articleListing?.then((names) => names ?? fs.readdir(join(this.dir, 'articles'))) ?? fs.readdir(join(this.dir, 'articles')),
      fs.readdir(this.briefingsDir),
      fs.readdir(join(this.dir, 'quarantine')),
    ]);
    const folders = new Set(articleNames.filter((n) => ID_PATTERN.test(n)));
    const briefingFiles = new Set(briefingNames.filter((n) => n.endsWith('.json') && ID_PATTERN.test(n.slice(0, -5))).map((n) => n.slice(0, -5)));
    const hadContent = existing.has('catalog.json') || existing.has('settings.json') || folders.size > 0 || briefingFiles.size > 0 || quarantined.length > 0;

    let legacy: { tags?: unknown; settings?: unknown } | null = null;
    const catalogText = await catalogRead;
    // The fast check hands back the ids it enumerated: the check against the folders uses them (reconcile).
    const seen: { ids?: string[]; entries?: CatalogEntry[] } = {};
    const decoded = catalogText === null ? null : decodeFile({ ...catalogKind, fastCheck: (data) => catalogLooksValid(data, seen) }, catalogText);
    let rebuild: { reason?: string; moved?: string } | null = null;
    if (decoded === null) {
      if (hadContent) rebuild = {};
      else this.created = true;
    } else if (!decoded.ok && decoded.problem === 'newer') {
      throw new BdError('refused', `catalog.json cannot be opened: ${decoded.reason}. Update Briefing Desk to open this library; nothing was changed.`);
    } else if (!decoded.ok) {
      legacy = legacySettings(catalogText!);
      const moved = await this.quarantine(this.catalogPath);
      rebuild = { reason: decoded.reason, moved };
    } else {
      this.catalogDb.data = { schemaVersion: 3, articles: adopt(decoded.data.articles), briefings: adopt(decoded.data.briefings) };
      this.catalogChanged();
      if (decoded.from < 3) legacy = legacySettings(catalogText!);
      if (decoded.dropped) {
        const copy = await this.quarantine(this.catalogPath, { copy: true });
        this.catalogDirty = true;
        await this.report({
          kind: 'salvaged',
          file: copy,
          text: { key: 'catalog-salvaged', params: { count: decoded.dropped.length, examples: decoded.dropped.slice(0, 4), copy } },
        });
      }
      if (decoded.migrated) {
        await this.backup(this.catalogPath, 'catalog', `v${decoded.from}`);
        // Temp files older versions left beside the data: once, while upgrading.
        if (decoded.from < 3) await this.cleanLegacyTempFiles(folders);
        this.catalogDirty = true;
        this.note({ kind: 'migrated', text: { key: 'catalog-migrated', params: { from: decoded.from } } });
      }
    }

    // settings.json (before a rebuild, which may need its tags)
    if (!settingsLoaded) await this.loadSettings(legacy, hadContent && !legacy);

    if (rebuild !== null) await this.rebuildCatalog(rebuild, folders, briefingFiles);
    else await this.reconcile(folders, briefingFiles, this.deletedIds, seen.ids, seen.entries);

    await this.loadSession();
    this.catalogPhase = 'loaded';
    if (this.created || this.catalogDirty) await this.writeCatalog();
  }

  /**
   * Empties tmp/: temp files of writes a crash interrupted (the files they
   * were to replace are whole), folders of deletions it interrupted, and
   * temp files of exports written elsewhere (named in a journal entry here).
   * Returns the ids of articles whose deletion was interrupted.
   */
  private async cleanTemporaryFiles(): Promise<Set<string>> {
    const deleted = new Set<string>();
    const names = await fs.readdir(this.tmpDir).catch(() => [] as string[]);
    for (const name of names) {
      const path = join(this.tmpDir, name);
      const m = /^deleted-article-([a-z0-9][a-z0-9_-]{2,63})-[0-9a-f]+$/.exec(name);
      if (m) deleted.add(m[1]);
      if (/^export-[0-9a-f]+\.json$/.test(name)) {
        const target = await fs.readFile(path, 'utf8').then(
          (t) => (JSON.parse(t) as { temp?: unknown }).temp,
          () => undefined,
        );
        if (typeof target === 'string' && isTempName(basename(target))) await fs.rm(target, { force: true });
      }
      await fs.rm(path, { recursive: true, force: true });
    }
    // Temp files of writes by earlier versions, which put them beside their targets.
    for (const folder of [this.dir, this.briefingsDir, join(this.dir, 'backups')]) {
      const here = await fs.readdir(folder).catch(() => [] as string[]);
      await Promise.all(here.filter(isTempName).map((n) => fs.rm(join(folder, n), { force: true })));
    }
    return deleted;
  }

  private async cleanLegacyTempFiles(folders: Set<string>): Promise<void> {
    for (const id of folders) {
      const here = await fs.readdir(join(this.dir, 'articles', id)).catch(() => [] as string[]);
      await Promise.all(here.filter(isTempName).map((n) => fs.rm(join(this.dir, 'articles', id, n), { force: true })));
    }
  }

  /**
   * settings.json: tags and settings. From the old catalog when upgrading; a
   * damaged one is quarantined and the newest readable backup restored (else
   * the tags are gathered from the articles and highlights again).
   */
  private async loadSettings(legacy: { tags?: unknown; settings?: unknown } | null, expectExisting: boolean): Promise<void> {
    this.settingsDb = new Low<SettingsFile>(
      new KindFile(settingsKind, this.settingsPath, { tmpDir: this.tmpDir, what: 'The library settings', indent: 1 }),
      emptySettings(),
    );
    const decoded = await readKindFile(settingsKind, this.settingsPath);
    if (decoded?.ok) {
      this.settingsDb.data = { ...decoded.data, settings: record(decoded.data.settings) };
      if (decoded.migrated) this.settingsDirty = true;
      return;
    }
    if (decoded && decoded.problem === 'newer') {
      this.settingsReadOnly = true;
      await this.report({
        kind: 'newer-version',
        file: 'settings.json',
        text: { key: 'settings-newer', params: { reason: decoded.reason, version: decoded.version } },
      });
      return;
    }
    if (!decoded && legacy) {
      const tags = Array.isArray(legacy.tags) ? legacy.tags.filter((t): t is string => typeof t === 'string') : [];
      const settings =
        legacy.settings && typeof legacy.settings === 'object' && !Array.isArray(legacy.settings) ? (legacy.settings as Record<string, unknown>) : {};
      this.settingsDb.data = { schemaVersion: 1, tags: sortTags(tags), settings: record(settings) };
      this.settingsDirty = true;
      return;
    }
    if (!decoded && !expectExisting) {
      this.settingsDirty = true;
      return;
    }
    // Damaged or missing in a library that had it: restore.
    const moved = decoded ? await this.quarantine(this.settingsPath) : null;
    const restored = await this.newestBackup(settingsKind, 'settings');
    if (restored) this.settingsDb.data = { ...restored.data, settings: record(restored.data.settings) };
    this.settingsDirty = true;
    await this.report({
      kind: decoded ? 'quarantined' : 'missing',
      ...(moved ? { file: moved } : {}),
      text: {
        key: 'settings-replaced',
        params: { ...(decoded ? { reason: decoded.reason, moved: moved ?? undefined } : {}), ...(restored ? { backup: restored.name.slice(9, 24) } : {}) },
      },
    });
    this.pendingTagHarvest = !restored;
  }

  /** Set when the tag list must be gathered from the articles again (after `rebuild`/`reconcile`). */
  private pendingTagHarvest = false;

  private async newestBackup<T>(kind: FileKind<T>, prefix: string): Promise<{ data: T; name: string } | null> {
    const names = (await fs.readdir(join(this.dir, 'backups')).catch(() => [] as string[]))
      .filter((n) => n.startsWith(`${prefix}-`) && n.endsWith('.json'))
      .sort()
      .reverse();
    for (const name of names) {
      const decoded = await readKindFile(kind, join(this.dir, 'backups', name)).catch(() => null);
      if (decoded?.ok) return { data: decoded.data, name };
    }
    return null;
  }

  /**
   * Copies settings.json to backups/ when it differs from the newest copy there: the ten kept copies are
   * ten different states, so opening the library again and again (a script of CLI commands) never rotates
   * out the older good ones.
   */
  private async backupSettings(): Promise<void> {
    const current = await fs.readFile(this.settingsPath).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw err;
    });
    if (current === null) return;
    const newest = (await fs.readdir(join(this.dir, 'backups')))
      .filter((n) => n.startsWith('settings-') && n.endsWith('.json'))
      .sort()
      .pop();
    // A missing or unreadable newest copy counts as different: the copy is made.
    if (newest && current.equals(await fs.readFile(join(this.dir, 'backups', newest)).catch(() => Buffer.alloc(0)))) return;
    await this.backup(this.settingsPath, 'settings');
  }

  /** Copies a file to backups/ (keeping the newest ten of its kind). */
  private async backup(path: string, prefix: string, label = ''): Promise<void> {
    const target = join(this.dir, 'backups', `${prefix}-${stamp().slice(0, 18)}${label ? '-' + label : ''}.json`);
    await fs.copyFile(path, target).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
    const names = (await fs.readdir(join(this.dir, 'backups'))).filter((n) => n.startsWith(`${prefix}-`)).sort();
    for (const old of names.slice(0, Math.max(0, names.length - BACKUPS_KEPT))) {
      await fs.rm(join(this.dir, 'backups', old), { force: true });
    }
  }

  /** Rebuilds the catalog from the article folders and briefings/ (the catalog is derived data). */
  private async rebuildCatalog(why: { reason?: string; moved?: string }, folders: Set<string>, briefingFiles: Set<string>): Promise<void> {
    this.catalogDb.data = { schemaVersion: 3, articles: record(), briefings: record() };
    this.catalogChanged();
    const ids = [...folders];
    for (let i = 0; i < ids.length; i += 16) {
      await Promise.all(ids.slice(i, i + 16).map((id) => this.recoverArticle(id)));
    }
    for (const id of briefingFiles) await this.recoverBriefing(id);
    this.catalogDirty = true;
    const articles = Object.keys(this.catalogDb.data.articles).length;
    const briefings = Object.keys(this.catalogDb.data.briefings).length;
    await this.harvestTags();
    await this.report({
      kind: 'rebuilt-catalog',
      text: { key: 'catalog-rebuilt', params: { ...why, articles, briefings } },
    });
  }

  /**
   * The catalog against the folders, on every open: article folders and
   * briefing files it does not list (a crash between writing one and writing
   * the catalog) are added back; entries whose folder or file is gone are
   * dropped — silently when a deletion was interrupted, else with a problem.
   */
  private async reconcile(
    folders: Set<string>,
    briefingFiles: Set<string>,
    deletedIds: Set<string>,
    ids?: readonly string[],
    checked?: CatalogEntry[],
  ): Promise<void> {
    const { articles, briefings } = this.catalogDb.data;
    let recovered = 0;
    let listed = 0;
    // The usual case, in one pass over the ids the catalog's check enumerated (`ids`, in catalog order):
    // every entry has its folder and there are as many folders as entries, so every folder has its entry.
    // The list of entries (`entries()`) is the one the check made (`checked`), or made in this pass.
    let allListed = false;
    if (ids) {
      const list = checked?.length === ids.length ? checked : ids.map((id) => articles[id]);
      for (let i = 0; i < ids.length; i++) if (folders.has(ids[i])) listed++;
      allListed = listed === ids.length && listed === folders.size;
      if (allListed) this.entryList = list;
      else listed = 0;
    }
    // `articles` has no prototype (adopt/record), so `in` asks only for its own keys.
    if (!allListed)
      for (const id of folders) {
        if (id in articles) listed++;
        else if (await this.recoverArticle(id)) recovered++;
      }
    let recoveredBriefings = 0;
    for (const id of briefingFiles) if (!own(briefings, id) && (await this.recoverBriefing(id))) recoveredBriefings++;
    // Every entry has its folder when the catalog holds exactly the folders found: the usual case,
    // decided without a second pass over 100,000 keys.
    const gone = this.entries().length === listed + recovered ? [] : Object.keys(articles).filter((id) => !folders.has(id));
    const missing: CatalogEntry[] = [];
    for (const id of gone) {
      if (!deletedIds.has(id)) missing.push(articles[id]);
      delete articles[id];
      this.catalogChanged();
    }
    for (const id of Object.keys(briefings)) if (!briefingFiles.has(id)) delete briefings[id];
    if (recovered || recoveredBriefings || gone.length) this.catalogDirty = true;
    if (recovered || recoveredBriefings) {
      await this.report({ kind: 'recovered', text: { key: 'catalog-recovered', params: { articles: recovered, briefings: recoveredBriefings } } });
    }
    for (const entry of missing) {
      await this.report({
        kind: 'missing',
        articleId: entry.id,
        file: `articles/${entry.id}`,
        text: { key: 'article-folder-gone', params: { title: entry.title, id: entry.id } },
      });
    }
    if (this.pendingTagHarvest) await this.harvestTags();
  }

  private async recoverArticle(id: string): Promise<boolean> {
    const path = join(this.articleDir(id), 'article.json');
    const first = await readKindFile(articleKind, path);
    if (first === null || !(first.ok || first.problem === 'newer')) {
      // Damaged or missing text beside a kept original: rebuilt from it (its metadata from the file, as at import).
      const rebuilt = await this.rebuildFromOriginal(id).catch((err) => {
        log.warn('Could not rebuild an article from its original file', { articleId: id, err });
        return null;
      });
      if (rebuilt) return true;
    }
    let article: Article | null = null;
    try {
      article = await this.readFile(articleKind, path, { key: `article:${id}`, subject: { thing: 'article', id }, articleId: id });
    } catch (err) {
      if (!(err instanceof BdError)) throw err;
      return false; // from a newer version: left in place, already reported
    }
    if (!article || article.id !== id) return false;
    const entry = this.entryFor(article, article.provenance.importedAt);
    this.catalogDb.data.articles[id] = entry;
    this.catalogChanged();
    return true;
  }

  private async recoverBriefing(id: string): Promise<boolean> {
    try {
      const briefing = await this.readFile(briefingKind, this.briefingPath(id), {
        key: `briefing:${id}`,
        subject: { thing: 'briefing', id },
        briefingId: id,
      });
      if (!briefing || briefing.id !== id) return false;
      this.catalogDb.data.briefings[id] = briefingListEntry(briefing);
      return true;
    } catch (err) {
      if (!(err instanceof BdError)) throw err;
      return false;
    }
  }

  /** Gathers the tag list from every article and highlight (when settings.json was lost). */
  private async harvestTags(): Promise<void> {
    if (!this.pendingTagHarvest) return;
    this.pendingTagHarvest = false;
    const tags = new Set(this.settingsDb.data.tags);
    for (const entry of Object.values(this.catalogDb.data.articles)) {
      entry.tags.forEach((t) => tags.add(t));
      const text = await readTextIfExists(join(this.articleDir(entry.id), 'annotations.json')).catch(() => null);
      if (!text) continue;
      try {
        const file = JSON.parse(text) as { annotations?: Array<{ tags?: unknown }> };
        for (const a of file.annotations ?? []) if (Array.isArray(a.tags)) a.tags.forEach((t) => typeof t === 'string' && tags.add(t));
      } catch {
        // a damaged file is reported when it is opened
      }
    }
    this.settingsDb.data.tags = sortTags([...tags]);
    this.settingsDirty = true;
  }

  // ---------------------------------------------------------------- session

  private async loadSession(): Promise<void> {
    const path = join(this.dir, 'session.json');
    const decoded = await readKindFile(sessionKind, path).catch(() => null);
    if (decoded?.ok && decoded.data.opening) {
      const { kind, id } = decoded.data.opening;
      const title = kind === 'article' ? own(this.cat.articles, id)?.title : own(this.cat.briefings, id)?.title;
      if (title !== undefined) {
        this.interrupted = { kind, id, title };
        await this.report({
          kind: 'interrupted',
          ...(kind === 'article' ? { articleId: id } : { briefingId: id }),
          text: { key: 'opening-interrupted', params: { thing: kind, title, id } },
        });
      }
    }
    if (decoded) await fs.rm(path, { force: true });
  }

  /**
   * Notes that the app is about to show (`phase: 'opening'`) or has shown
   * (`'shown'`) an item; an item still `opening` at the next start stopped
   * the app, and is not opened again automatically. A hint, not user data:
   * written without fsync.
   */
  async markOpening(kind: 'article' | 'briefing', id: string, phase: 'opening' | 'shown'): Promise<void> {
    await this.serial.run('session', async () => {
      const data: SessionFile = phase === 'opening' ? { schemaVersion: 1, opening: { kind, id, at: new Date().toISOString() } } : { schemaVersion: 1 };
      await fs.writeFile(join(this.dir, 'session.json'), encodeFile(sessionKind, data, 'The session state'));
    });
    if (phase === 'shown' && this.interrupted?.id === id) this.interrupted = null;
  }

  // ---------------------------------------------------------------- problems

  private async loadProblems(): Promise<void> {
    const path = join(this.dir, 'problems.json');
    this.problemsDb = new Low(new KindFile(problemsKind, path, { tmpDir: this.tmpDir, what: 'The list of library problems', indent: 1 }), {
      schemaVersion: 2 as const,
      problems: [] as Problem[],
    });
    const decoded = await readKindFile(problemsKind, path);
    if (!decoded) return;
    if (decoded.ok) {
      this.problemsDb.data = decoded.data;
      if (decoded.dropped?.length || decoded.migrated) await this.problemsDb.write();
      return;
    }
    if (decoded.problem === 'newer') {
      this.problemsWritable = false;
      this.note({
        kind: 'newer-version',
        file: 'problems.json',
        text: { key: 'problems-newer', params: { reason: decoded.reason, version: decoded.version } },
      });
      return;
    }
    const moved = await this.quarantine(path);
    await this.report({
      kind: 'quarantined',
      file: moved,
      text: { key: 'problems-quarantined', params: { reason: decoded.reason, moved } },
    });
  }

  /** Records a problem the user must see until acknowledging it (problems.json, durable). */
  async report(problem: Omit<Problem, 'id' | 'at'>, options: { repaired?: boolean } = {}): Promise<void> {
    const list = this.problemsDb.data.problems;
    if (list.some((p) => p.kind === problem.kind && p.file === problem.file && sameMessage(p.text, problem.text))) return;
    list.push({ id: newId('p'), at: new Date().toISOString(), ...problem });
    this.problemsRevision++;
    if (!options.repaired) this.damageRevision++;
    if (this.problemsWritable) await this.serial.run('problems', () => this.problemsDb.write());
  }

  /**
   * A notice for this session only (not kept in problems.json, gone with a
   * click or `--ack-all`): derived data that was rebuilt, nothing of the
   * library lost. The same kind and message is noted once.
   */
  notice(warning: Omit<LibraryWarning, 'id' | 'message' | 'messageZh'>): void {
    if (this.notices.some((n) => n.kind === warning.kind && sameMessage(n.text, warning.text))) return;
    this.note(warning);
  }

  /** A notice for this session only (e.g. an upgrade). */
  private note(warning: Omit<LibraryWarning, 'id' | 'message' | 'messageZh'>): void {
    this.notices.push({ ...warning, ...libraryMessageTexts(warning.text) });
    this.problemsRevision++;
  }

  /** Grows whenever a problem or notice is added or acknowledged; hosts pass it on so the app knows to look. */
  problemsRevision = 0;
  /**
   * Grows with each problem that may have left something out of what a call
   * answered (a file quarantined, refused, salvaged); not with damage that
   * was fully repaired (an article rebuilt from its original). The CLI exits
   * 1 when it grew while a command ran.
   */
  damageRevision = 0;

  /** Problems not yet acknowledged, oldest first, then this session's notices. */
  get warnings(): LibraryWarning[] {
    return [
      ...this.problemsDb.data.problems.map((p) => ({
        id: p.id,
        kind: p.kind,
        ...libraryMessageTexts(p.text),
        text: p.text,
        ...(p.file ? { file: p.file } : {}),
        ...(p.articleId ? { articleId: p.articleId } : {}),
        ...(p.briefingId ? { briefingId: p.briefingId } : {}),
      })),
      ...this.notices,
    ];
  }

  /** Acknowledges problems (by id, or all): they are no longer shown. Returns how many were removed. */
  async acknowledgeProblems(ids: string[] | 'all'): Promise<number> {
    const before = this.problemsDb.data.problems.length;
    const drop = ids === 'all' ? null : new Set(ids);
    this.problemsDb.data.problems = this.problemsDb.data.problems.filter((p) => drop !== null && !drop.has(p.id));
    if (ids === 'all') this.notices = [];
    const removed = before - this.problemsDb.data.problems.length;
    if (removed || ids === 'all') this.problemsRevision++;
    if (removed && this.problemsWritable) await this.serial.run('problems', () => this.problemsDb.write());
    return removed;
  }

  // ---------------------------------------------------------------- reading and writing files

  /**
   * Before the catalog of a lazy open is read: a file of `kind` when it reads
   * whole (`{ data }`, migrated in memory as `readFile` would, nothing to
   * repair or report) or `{ missing }`; null for anything else (damaged,
   * salvaged, newer) and always once the catalog is read. On null or an
   * unexpected missing file the caller calls `ensureCatalog` and takes its
   * ordinary path, which reports and repairs.
   */
  async readWhole<T>(kind: FileKind<T>, path: string): Promise<{ data: T } | { missing: true } | null> {
    if (this.catalogLoaded) return null;
    const decoded = await readKindFile(kind, path);
    if (decoded === null) return { missing: true };
    return decoded.ok && !decoded.dropped ? { data: decoded.data } : null;
  }

  /**
   * Reads a library file of `kind`, migrated and validated. Missing → null.
   * From a newer version → refused (BdError 'refused'), left in place, the
   * user told. Unparsable or wrong-shaped → moved to quarantine/, the user
   * told, null; derived files are deleted instead. Some items wrong (kinds
   * that can salvage) → the good items, with the original copied to
   * quarantine/. Damage is handled holding `subject.key`, and re-checked
   * there, so a file a writer has just replaced is never moved aside.
   */
  async readFile<T>(kind: FileKind<T>, path: string, subject: FileSubject, lease?: Lease): Promise<T | null> {
    const first = await readKindFile(kind, path);
    if (first === null) return null;
    if (first.ok && !first.dropped) return first.data;
    return this.serial.run(
      subject.key,
      async (held) => {
        const decoded = await readKindFile(kind, path);
        if (decoded === null) return null;
        return this.handleUnreadable(kind, path, subject, decoded, held);
      },
      lease,
    );
  }

  private async handleUnreadable<T>(kind: FileKind<T>, path: string, subject: FileSubject, decoded: Decoded<T>, _held: Lease): Promise<T | null> {
    const where = this.rel(path);
    const ids = { ...(subject.articleId ? { articleId: subject.articleId } : {}), ...(subject.briefingId ? { briefingId: subject.briefingId } : {}) };
    if (decoded.ok && !decoded.dropped) return decoded.data;
    if (decoded.ok) {
      const copy = await this.quarantine(path, { copy: true });
      await writeFileDurable(path, encodeFile(kind, decoded.data, subjectText(subject.subject, 'en')), { tmpDir: this.tmpDir });
      await this.report({
        kind: 'salvaged',
        file: copy,
        ...ids,
        text: { key: 'file-salvaged', params: { ...subject.subject, where, items: decoded.dropped!, copy } },
      });
      return decoded.data;
    }
    if (decoded.problem === 'newer') {
      await this.report({
        kind: 'newer-version',
        file: where,
        ...ids,
        text: { key: 'file-newer', params: { ...subject.subject, where, reason: decoded.reason, version: decoded.version } },
      });
      throw new BdError(
        'refused',
        `${subjectText(subject.subject, 'en')} cannot be opened: ${decoded.reason}. The file (${where}) was left as it is; update Briefing Desk to use it.`,
        {
          detail: { file: where, newerVersion: decoded.version },
        },
      );
    }
    if (kind.derived) {
      await fs.rm(path, { force: true });
      return null;
    }
    const moved = await this.quarantine(path);
    await this.report({
      kind: 'quarantined',
      file: moved,
      ...ids,
      text: { key: 'file-quarantined', params: { ...subject.subject, where, reason: decoded.reason, moved } },
    });
    return null;
  }

  /** Validates and writes a library file of `kind` atomically and durably; refuses (writing nothing) what would not read back. */
  async writeFile<T>(kind: FileKind<T>, path: string, data: T, what: string): Promise<void> {
    await writeFileDurable(path, encodeFile(kind, data, what), { tmpDir: this.tmpDir });
  }

  /** Writes bytes to the library atomically and durably (temp file in tmp/). */
  async writeBytes(path: string, data: string | Uint8Array | Iterable<Uint8Array>): Promise<void> {
    await writeFileDurable(path, data, { tmpDir: this.tmpDir });
  }

  /**
   * Writes an export (outside the library) to a temp file beside it, then
   * renames it over the target, so a crash never damages an earlier file of
   * that name; the temp file of an interrupted export is removed the next
   * time the library opens (a journal entry in tmp/ names it). A target
   * inside this or any other library folder is refused before anything is
   * written (`assertOutsideLibrary`): every host's writer of user-chosen
   * paths comes through here.
   */
  /** Refuses (BdError `refused`) an export target inside a library folder; call before long work whose result goes there. */
  /**
   * Refuses a target the user may not or cannot write: inside a library
   * folder (assertOutsideLibrary), in a folder that does not exist (unless
   * `createFolders`: the writer makes them), or a folder itself
   * (assertWritableTarget). Called before an export is made.
   */
  async checkExportPath(path: string, options: { createFolders?: boolean } = {}): Promise<void> {
    await assertOutsideLibrary(path, this.dir);
    await assertWritableTarget(path, options);
  }

  async writeExport(path: string, data: Uint8Array | string): Promise<void> {
    await assertOutsideLibrary(path, this.dir);
    const temp = tempPathFor(path);
    const journal = join(this.tmpDir, `export-${randomBytes(6).toString('hex')}.json`);
    await fs.writeFile(journal, JSON.stringify({ temp, target: path }));
    try {
      await writeFileDurable(path, data, { tempPath: temp });
    } finally {
      await fs.rm(journal, { force: true });
    }
  }

  /**
   * Moves (or copies) a file aside into quarantine/, never overwriting;
   * returns its new path relative to the library (`quarantine/…`).
   */
  async quarantine(path: string, options: { copy?: boolean } = {}): Promise<string> {
    const name = this.rel(path).replace(/\//g, '__');
    const target = join(this.dir, 'quarantine', `${stamp()}-${randomBytes(3).toString('hex')}-${name}`);
    if (options.copy) await fs.copyFile(path, target);
    else await fs.rename(path, target);
    await syncDir(join(this.dir, 'quarantine'));
    return this.rel(target);
  }

  // ---------------------------------------------------------------- catalog and settings

  /** Writes the catalog now (serialised, coalesced), unless inside `batch`, which writes once at its end. */
  private writeCatalog(): Promise<void> {
    this.catalogDirty = true;
    if (this.batchDepth > 0) return Promise.resolve();
    return this.serial.run('catalog', async () => {
      if (!this.catalogDirty) return;
      this.catalogDirty = false;
      try {
        await this.catalogDb.write();
      } catch (err) {
        this.catalogDirty = true;
        throw err;
      }
    });
  }

  private writeSettings(): Promise<void> {
    this.settingsDirty = true;
    if (this.settingsReadOnly) return Promise.resolve();
    return this.serial.run('settings', async () => {
      if (!this.settingsDirty) return;
      this.settingsDirty = false;
      try {
        await this.settingsDb.write();
      } catch (err) {
        this.settingsDirty = true;
        throw err;
      }
    });
  }

  /** Runs `fn` with catalog writes deferred to one write at the end (bulk import). */
  async batch<T>(fn: () => Promise<T>): Promise<T> {
    this.batchDepth++;
    try {
      return await fn();
    } finally {
      this.batchDepth--;
      if (this.batchDepth === 0 && this.catalogDirty) await this.writeCatalog();
    }
  }

  get catalog(): Readonly<CatalogFile> {
    return this.cat;
  }

  /** The catalog held in memory; throws when a lazy open has not read it yet (a bug: the caller must `ensureCatalog` first). */
  private get cat(): CatalogFile {
    if (this.catalogPhase === 'deferred') throw new Error('The library catalog was used before it was read (call ensureCatalog after a lazy open).');
    return this.catalogDb.data;
  }

  /** The library's tag vocabulary, sorted. */
  get tags(): readonly string[] {
    return this.settingsDb.data.tags;
  }

  setting<T>(key: string): T | undefined {
    return own(this.settingsDb.data.settings, key) as T | undefined;
  }

  async setSetting(key: string, value: unknown): Promise<void> {
    if (this.settingsReadOnly) {
      throw new BdError(
        'refused',
        'The library settings were written by a newer Briefing Desk and are read-only in this version; update Briefing Desk to change them.',
        {
          key: 'settings.newer',
        },
      );
    }
    this.settingsDb.data.settings[key] = value;
    await this.writeSettings();
  }

  /** The briefing list entry, or undefined. */
  briefingEntry(id: string): BriefingListEntry | undefined {
    return own(this.cat.briefings, id);
  }

  /** Lists (or updates) a briefing in the catalog, after its file was written. */
  async setBriefingEntry(entry: BriefingListEntry): Promise<void> {
    this.cat.briefings[entry.id] = entry;
    await this.writeCatalog();
  }

  /**
   * Deletes a briefing's file and list entry: a copy goes to
   * `backups/deleted-<time>-briefing-<id>.json` (a briefing is the user's own
   * work), then the file is moved into tmp/, so a crash at any point never
   * brings a deleted briefing back.
   * Call holding `briefing:<id>`.
   */
  async removeBriefingFile(id: string): Promise<void> {
    await this.keepDeletedCopy(this.briefingPath(id), `deleted-${stamp().slice(0, 15)}-briefing-${id}.json`, { always: true });
    const trash = join(this.tmpDir, `deleted-briefing-${id}-${randomBytes(4).toString('hex')}.json`);
    await fs.rename(this.briefingPath(id), trash).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
    delete this.cat.briefings[id];
    await this.writeCatalog();
    await fs.rm(trash, { force: true });
  }

  // ---------------------------------------------------------------- articles

  /** Every article's catalog entry, in catalog order; the same array until the catalog changes (do not modify it). */
  entries(): readonly CatalogEntry[] {
    // Keys, then a lookup each: about half the time of Object.values on a record this large.
    const articles = this.cat.articles;
    return (this.entryList ??= Object.keys(articles).map((id) => articles[id]));
  }

  list(filter: ArticleFilter = {}): CatalogEntry[] {
    let entries = [...this.entries()];
    if (filter.source) entries = entries.filter((e) => e.source === filter.source);
    return entries.sort((a, b) => (a.added < b.added ? 1 : a.added > b.added ? -1 : a.title.localeCompare(b.title)));
  }

  get size(): number {
    return this.entries().length;
  }

  has(id: string): boolean {
    return own(this.cat.articles, id) !== undefined;
  }

  /**
   * The catalog entry of `id`. Errors: BdError `not-found`, key
   * `article.deleted` with the title when the article was deleted while the
   * library is open, else `article.notFound` (the interface's sentences name
   * no internal id; `params.id` is for logs and the CLI).
   */
  entry(id: string): CatalogEntry {
    const entry = own(this.cat.articles, id);
    if (!entry) {
      const title = this.deletedTitles.get(id);
      throw new BdError(
        'not-found',
        title ? `“${title}” (id ${id}) is no longer in this library; it was deleted.` : `No article with id ${id} in this library.`,
        {
          field: 'id',
          key: title ? 'article.deleted' : 'article.notFound',
          params: title ? { id, title } : { id },
        },
      );
    }
    return entry;
  }

  /** The title of an article deleted while this library is open, if it was. */
  deletedTitle(id: string): string | undefined {
    return this.deletedTitles.get(id);
  }

  findByHash(hash: string): CatalogEntry | undefined {
    const id = this.byHash.get(hash);
    return id ? own(this.cat.articles, id) : undefined;
  }

  private articleSubject(id: string): FileSubject {
    const title = own(this.cat.articles, id)?.title;
    return { key: `article:${id}`, subject: { thing: 'article', ...(title ? { title } : { id }) }, articleId: id };
  }

  /**
   * The article's text, blocks and metadata. A damaged or missing
   * article.json is rebuilt from the kept original file when there is one
   * (same id, highlights re-anchored, the user told); otherwise `not-found`
   * saying how to restore it (import the same text again).
   */
  async getArticle(id: string, lease?: Lease): Promise<Article> {
    if (!this.catalogLoaded) {
      // A lazy open: an article.json that reads whole is the answer; anything else (unknown id, damage) takes the ordinary path.
      const whole = ID_PATTERN.test(id) ? await this.readWhole(articleKind, join(this.articleDir(id), 'article.json')) : null;
      if (whole && 'data' in whole && whole.data.id === id) return whole.data;
      await this.ensureCatalog();
    }
    const entry = this.entry(id);
    const path = join(this.articleDir(id), 'article.json');
    const first = await readKindFile(articleKind, path);
    if (first?.ok && !first.dropped) return first.data;
    const article =
      (await this.rebuildFromOriginal(id, lease).catch((err) => {
        // Handled below like an article without an original (quarantined, not-found with the way to restore it); the cause goes to the log.
        log.warn('Could not rebuild an article from its original file', { articleId: id, err });
        return null;
      })) ?? (await this.readFile(articleKind, path, this.articleSubject(id), lease));
    if (!article) {
      throw new BdError(
        'not-found',
        `The text of “${entry.title}” (${id}) is missing or unreadable, and no original file to rebuild it from is in its folder; a damaged file was moved to quarantine/ (see the library problems). Import the same text again to restore it under the same id, with its highlights.`,
        { detail: { id } },
      );
    }
    return article;
  }

  /** The kept original files in an article's folder (`original.<ext>`), newest name first. */
  private async originalsOf(id: string): Promise<string[]> {
    const names = await fs.readdir(this.articleDir(id)).catch(() => [] as string[]);
    return names.filter((n) => /^original\.[A-Za-z0-9]{1,8}$/.test(n)).sort();
  }

  /**
   * Rebuilds a damaged or missing article.json from the original file kept
   * beside it, under the same id, holding `article:<id>`: the text is parsed
   * again by the import pipeline, the metadata is the catalog's (the user's
   * edits kept), the highlights are re-anchored against the rebuilt text. Null
   * when there is no original, no parser, or the text is readable after all.
   */
  private async rebuildFromOriginal(id: string, lease?: Lease): Promise<Article | null> {
    if (!this.parseOriginal) return null;
    return this.serial.run(
      `article:${id}`,
      async (held) => {
        const path = join(this.articleDir(id), 'article.json');
        const decoded = await readKindFile(articleKind, path);
        if (decoded?.ok && !decoded.dropped) return decoded.data; // rebuilt (or rewritten) while this waited
        if (decoded && !decoded.ok && decoded.problem === 'newer') return null; // refused by the caller's read, left in place
        for (const name of await this.originalsOf(id)) {
          const bytes = await fs.readFile(join(this.articleDir(id), name));
          const parsed = await this.parseOriginal!(name, bytes).catch((err) => {
            log.warn('The original file of an article could not be parsed again', { articleId: id, file: name, err });
            return null;
          });
          if (!parsed) continue;
          const entry = own(this.cat.articles, id);
          const provenance = { format: entry?.format ?? parsed.format, ...(parsed.encoding ? { encoding: parsed.encoding } : {}), original: name };
          const moved = decoded ? await this.quarantine(path) : null;
          const restored = await this.restoreArticle(id, parsed.article, provenance, held);
          const { total, moved: shifted, orphaned } = restored.highlights;
          const differs = entry !== undefined && entry.contentHash !== restored.entry.contentHash;
          await this.report(
            {
              kind: 'recovered',
              articleId: id,
              file: moved ?? `articles/${id}/${name}`,
              text: {
                key: 'article-rebuilt',
                params: {
                  title: restored.entry.title,
                  id,
                  original: name,
                  ...(moved ? { reason: (decoded as { reason: string }).reason, moved } : {}),
                  corrected: differs,
                  total,
                  shifted,
                  orphaned,
                },
              },
            },
            { repaired: !differs && orphaned === 0 },
          );
          return restored.article;
        }
        return null;
      },
      lease,
    );
  }

  /**
   * Writes an article's text anew under its existing id — from its kept
   * original, or from the same text imported again — keeping the catalog's
   * metadata (the user's edits) over the parsed one, and re-anchors its
   * highlights against the new text (placed, moved, or orphaned with the
   * reason; never dropped). Call holding `article:<id>`.
   */
  private async restoreArticle(id: string, parsed: ParsedArticle, provenance: Omit<Provenance, 'importedAt'>, held: Lease): Promise<RestoredArticle> {
    checkLength(parsed.text, provenance.fileName ?? provenance.original ?? 'The text');
    const known = own(this.cat.articles, id);
    const now = new Date().toISOString();
    const { id: _id, added, modified: _modified, contentHash: oldHash, chars: _chars, format: _format, ...knownMeta } = known ?? ({} as Partial<CatalogEntry>);
    const meta = safeMeta({ tags: [], ...parsed.meta, ...knownMeta, title: knownMeta.title || parsed.meta.title || id });
    const article = newArticle(id, parsed, meta, { ...provenance, importedAt: added ?? now }, now);
    let highlights = { total: 0, moved: 0, orphaned: 0 };
    const entry = await this.saveArticle(article, added ?? now, known ? { type: 'article-updated', id, textChanged: true } : { type: 'article-added', id }, {
      previousHash: oldHash,
      // Highlights: anchored again in the text as it is now (their quotes and positions are kept in annotations.json).
      afterWrite: async () => {
        const annotationsPath = join(this.articleDir(id), 'annotations.json');
        const subject: MessageSubject = { thing: 'annotations', title: meta.title };
        const annotations = await this.readFile(annotationsKind, annotationsPath, { key: `article:${id}`, subject, articleId: id }, held).catch(
          // From a newer version: left as it is (already reported); nothing to re-anchor here.
          () => null,
        );
        if (!annotations?.annotations.length) return;
        const result = reanchorAll(undefined, article.text, annotations.annotations);
        highlights = { total: result.annotations.length, moved: result.moved, orphaned: result.orphaned };
        if (result.changed)
          await this.writeFile(annotationsKind, annotationsPath, { ...annotations, annotations: result.annotations }, subjectText(subject, 'en'));
      },
    });
    return { article, entry, highlights };
  }

  /**
   * Runs `work` holding the article's folder (`article:<id>`), with the
   * article as it is now: the way to read, change and write an article (and
   * its annotations) without losing a concurrent change.
   */
  withArticle<T>(id: string, work: (article: Article, lease: Lease) => Promise<T>, lease?: Lease): Promise<T> {
    this.entry(id);
    return this.serial.run(`article:${id}`, async (held) => work(await this.getArticle(id, held), held), lease);
  }

  private entryFor(article: Article, added: string): CatalogEntry {
    const entry: CatalogEntry = {
      ...article.meta,
      id: article.id,
      added,
      modified: article.modified,
      contentHash: contentHash(article.text),
      chars: article.text.length,
      format: article.provenance.format,
    };
    const checked = catalogEntrySchema.safeParse(entry);
    if (!checked.success) throw new BdError('refused', `The catalog entry of “${article.meta.title}” would not be valid (${describeIssues(checked.error)}).`);
    return entry;
  }

  private async writeArticle(article: Article): Promise<void> {
    await this.writeFile(articleKind, join(this.articleDir(article.id), 'article.json'), article, `The article “${article.meta.title}”`);
  }

  /**
   * The one way an article's text and record reach the library (import,
   * rebuild from the original, restore by importing again, adoption from a
   * backup, an edit): writes article.json, files its catalog entry (dated
   * `added`; the entry is validated first, so nothing is written for an
   * invalid one), moves the content-hash lookup from `previousHash` to the
   * new text's hash (unless another article already holds it), drops the
   * cached entry list, remembers the tags, writes the catalog and emits
   * `event`. `afterWrite` runs once article.json is written and before the
   * catalog changes (a rebuild re-anchors the highlights there). Call holding
   * `article:<id>` (and `content:<hash>` for a new text).
   */
  private async saveArticle(
    article: Article,
    added: string,
    event: LibraryEvent,
    options: { previousHash?: string; afterWrite?: () => Promise<void>; alongside?: () => Promise<void> } = {},
  ): Promise<CatalogEntry> {
    const entry = this.entryFor(article, added);
    await Promise.all([this.writeArticle(article), options.alongside?.()]);
    await options.afterWrite?.();
    const { previousHash } = options;
    if (previousHash && previousHash !== entry.contentHash && this.byHash.get(previousHash) === article.id) this.byHash.delete(previousHash);
    if (!this.byHash.has(entry.contentHash)) this.byHash.set(entry.contentHash, article.id);
    this.cat.articles[article.id] = entry;
    this.catalogChanged();
    await Promise.all([this.writeCatalog(), this.rememberTags(article.meta.tags ?? [])]);
    this.emit(event);
    return entry;
  }

  /** Adds tags to the library's tag list; writes settings.json only when one is new. */
  async rememberTags(tags: readonly string[]): Promise<void> {
    const known = new Set(this.settingsDb.data.tags);
    let changed = false;
    for (const tag of tags) {
      if (known.has(tag)) continue;
      known.add(tag);
      changed = true;
    }
    if (!changed) return;
    this.settingsDb.data.tags = sortTags([...known]);
    await this.writeSettings();
  }

  /**
   * Adds an imported article; refuses a duplicate of an existing text (also
   * when the same text is being imported at the same moment: the second
   * waits for the first and is refused) and a text longer than
   * `MAX_ARTICLE_CHARS`. Metadata from the file is made safe here, whatever
   * importer produced it: a URL that is not an http(s) address is dropped,
   * line breaks in single-line fields become spaces.
   */
  async addArticle(
    parsed: ParsedArticle,
    provenance: Omit<Provenance, 'importedAt' | 'original'>,
    original?: { name: string; bytes: Uint8Array },
  ): Promise<CatalogEntry> {
    const label = provenance.fileName ?? 'This text';
    checkLength(parsed.text, label);
    const hash = contentHash(parsed.text);
    // The same text as an article whose article.json was lost: restored under that id, with its highlights.
    const lost = await this.lostArticleWithHash(hash);
    if (lost) {
      return this.serial.run([`article:${lost}`, `content:${hash}`], async (held) => {
        if (!(await this.lostArticleWithHash(hash))) return this.addArticle(parsed, provenance, original); // restored meanwhile: a duplicate now
        const full: Omit<Provenance, 'importedAt'> = { ...provenance };
        if (original) {
          full.original = originalName(original.name);
          await this.writeBytes(join(this.articleDir(lost), full.original), original.bytes);
        }
        const restored = await this.restoreArticle(lost, parsed, full, held);
        const { total, orphaned } = restored.highlights;
        await this.report({
          kind: 'recovered',
          articleId: lost,
          file: `articles/${lost}/article.json`,
          text: {
            key: 'article-restored',
            params: { title: restored.entry.title, id: lost, ...(provenance.fileName ? { file: provenance.fileName } : {}), total, orphaned },
          },
        });
        return restored.entry;
      });
    }
    return this.serial.run(`content:${hash}`, async () => {
      const existing = this.findByHash(hash);
      if (existing) {
        throw new BdError('duplicate', `${label} is already in the library as “${existing.title}” (${existing.id}).`, {
          detail: { existingId: existing.id, title: existing.title },
          key: provenance.fileName ? 'import.duplicateFile' : 'import.duplicateText',
          params: { file: provenance.fileName ?? '', title: existing.title },
        });
      }
      const id = newId('a');
      const now = new Date().toISOString();
      const meta = safeMeta({ tags: [], ...parsed.meta, title: parsed.meta.title || provenance.fileName || id });
      const article = newArticle(id, parsed, meta, { ...provenance, importedAt: now }, now);
      const dir = this.articleDir(id);
      await fs.mkdir(dir, { recursive: true });
      // The original file is written alongside article.json (both durable before the catalog lists the article).
      let alongside: (() => Promise<void>) | undefined;
      if (original) {
        const path = join(dir, (article.provenance.original = originalName(original.name)));
        alongside = () => this.writeBytes(path, original.bytes);
      }
      try {
        return await this.saveArticle(article, now, { type: 'article-added', id }, { alongside });
      } catch (err) {
        // Not listed: remove what was written, so a refused import never comes back as an unlisted folder at the next open.
        if (!own(this.cat.articles, id)) await fs.rm(dir, { recursive: true, force: true }).catch(() => undefined);
        throw err;
      }
    });
  }

  /** The id of the listed article with this content hash whose article.json is gone (missing, or moved to quarantine), if any. */
  private async lostArticleWithHash(hash: string): Promise<string | null> {
    const existing = this.findByHash(hash);
    if (!existing) return null;
    const path = join(this.articleDir(existing.id), 'article.json');
    const decoded = await readKindFile(articleKind, path).catch(() => 'unreadable' as const);
    // Present but not readable by this process (permissions, a locked file): not lost; the duplicate refusal stands.
    if (decoded === 'unreadable') return null;
    if (decoded === null) return existing.id;
    if (decoded.ok || decoded.problem === 'newer') return null;
    // Damaged: quarantined (and reported) the way every read does, then restored.
    return (await this.readFile(articleKind, path, this.articleSubject(existing.id))) === null ? existing.id : null;
  }

  /**
   * Adds an article exactly as another library holds it (a backup being
   * merged): same id, text, metadata and revision, its original file beside
   * it, its catalog entry dated `added` (its highlights follow through the
   * annotation service). Holds the article's folder and the text's content
   * key. Returns `exists` (nothing written) when an article with that id or
   * the same text is already here. `article` must have been decoded through
   * its file kind; it is validated again as it is written.
   */
  async adoptArticle(
    article: Article,
    options: { added?: string; original?: { name: string; bytes: Uint8Array } } = {},
  ): Promise<{ entry: CatalogEntry; status: 'added' | 'exists' }> {
    checkLength(article.text, article.meta.title);
    if (!ID_PATTERN.test(article.id)) throw new BdError('invalid-params', `"${article.id}" is not a valid article id.`, { field: 'id' });
    const hash = contentHash(article.text);
    // The folder before the content key, as the serialiser's order has it.
    return this.serial.run([`article:${article.id}`, `content:${hash}`], async () => {
      const existing = this.cat.articles[article.id] ?? this.findByHash(hash);
      if (existing) return { entry: existing, status: 'exists' as const };
      const dir = this.articleDir(article.id);
      await fs.mkdir(dir, { recursive: true });
      const copy: Article = { ...article, meta: safeMeta({ ...article.meta }) };
      if (options.original && /^original\.[A-Za-z0-9]{1,8}$/.test(options.original.name)) {
        await this.writeBytes(join(dir, options.original.name), options.original.bytes);
        copy.provenance = { ...copy.provenance, original: options.original.name };
      } else if (copy.provenance.original) {
        const { original: _dropped, ...rest } = copy.provenance;
        copy.provenance = rest;
      }
      const entry = await this.saveArticle(copy, options.added ?? new Date().toISOString(), { type: 'article-added', id: copy.id });
      return { entry, status: 'added' as const };
    });
  }

  /**
   * Changes an article's text/blocks and/or metadata, holding its folder.
   * Text changes bump the revision; the caller re-anchors what points into
   * it (holding the same lease).
   */
  async updateArticle(
    id: string,
    change: { text?: string; blocks?: Block[]; marks?: Mark[]; meta?: Partial<ArticleMeta>; original?: { name: string; bytes: Uint8Array } },
    lease?: Lease,
  ): Promise<{ article: Article; entry: CatalogEntry; previousText: string }> {
    return this.withArticle(
      id,
      async (article, held) => {
        const previous = this.entry(id);
        const previousText = article.text;
        const textChanged = change.text !== undefined && change.text !== article.text;
        const apply = async () => {
          if (textChanged) {
            checkLength(change.text!, `The edited text of “${previous.title}”`);
            article.text = change.text!;
            article.revision += 1;
          }
          if (change.blocks) article.blocks = change.blocks;
          if (change.marks) {
            const marks = safeMarks(change.marks);
            if (marks.length) article.marks = marks;
            else delete article.marks;
          }
          if (change.meta) article.meta = safeMeta({ ...article.meta, ...change.meta, tags: change.meta.tags ?? article.meta.tags });
          if (change.original) {
            // A revision imported over the article: it becomes the kept original, so a rebuild gives this text.
            const name = originalName(change.original.name);
            await this.writeBytes(join(this.articleDir(id), name), change.original.bytes);
            for (const old of await this.originalsOf(id)) if (old !== name) await fs.rm(join(this.articleDir(id), old), { force: true });
            article.provenance = { ...article.provenance, original: name, fileName: basename(change.original.name) };
          }
          article.modified = new Date().toISOString();
          const entry = await this.saveArticle(article, previous.added, { type: 'article-updated', id, textChanged }, { previousHash: previous.contentHash });
          return { article, entry, previousText };
        };
        if (!textChanged) return apply();
        const hash = contentHash(change.text!);
        return this.serial.run(
          `content:${hash}`,
          async () => {
            const other = this.findByHash(hash);
            if (other && other.id !== id) {
              throw new BdError('duplicate', `The edited text is identical to “${other.title}” (${other.id}).`, {
                detail: { existingId: other.id },
                key: 'article.sameAsOther',
                params: { title: other.title },
              });
            }
            return apply();
          },
          held,
        );
      },
      lease,
    );
  }

  /**
   * Removes an article and its folder (text, original file, annotations). The
   * folder is first moved into tmp/, so a crash at any point never brings a
   * deleted article back. Its highlights and notes are the user's own work:
   * when it has any, a copy of annotations.json is kept in
   * `backups/deleted-<time>-<id>-annotations.json` first (`keptAnnotations`).
   */
  async deleteArticle(id: string): Promise<CatalogEntry & { keptAnnotations?: { file: string; count: number | null } }> {
    this.entry(id);
    return this.serial.run(`article:${id}`, async () => {
      const entry = this.entry(id);
      const keptAnnotations = await this.keepDeletedCopy(
        join(this.articleDir(id), 'annotations.json'),
        `deleted-${stamp().slice(0, 15)}-${id}-annotations.json`,
      );
      const trash = join(this.tmpDir, `deleted-article-${id}-${randomBytes(4).toString('hex')}`);
      await fs.rename(this.articleDir(id), trash).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      });
      delete this.cat.articles[id];
      this.catalogChanged();
      if (this.byHash.get(entry.contentHash) === id) this.byHash.delete(entry.contentHash);
      this.deletedTitles.set(id, entry.title);
      if (this.deletedTitles.size > 500) this.deletedTitles.delete(this.deletedTitles.keys().next().value!);
      await this.writeCatalog();
      await fs.rm(trash, { recursive: true, force: true });
      this.emit({ type: 'article-removed', id });
      return keptAnnotations ? { ...entry, keptAnnotations } : entry;
    });
  }

  /**
   * Before user data is deleted: copies `path` to backups/`name` (durably)
   * when it holds at least one item (or cannot be read, so might). Returns
   * where the copy went (relative to the library) and how many items it
   * holds (null when unreadable), or null when there was nothing to keep.
   */
  private async keepDeletedCopy(path: string, name: string, options: { always?: boolean } = {}): Promise<{ file: string; count: number | null } | null> {
    const text = await readTextIfExists(path);
    if (text === null) return null;
    let count: number | null = null;
    try {
      const parsed = JSON.parse(text) as { annotations?: unknown; sections?: unknown };
      count = Array.isArray(parsed.annotations) ? parsed.annotations.length : Array.isArray(parsed.sections) ? parsed.sections.length : null;
    } catch {
      // Unreadable: kept whole, as it might hold something.
    }
    if (count === 0 && !options.always) return null;
    const target = join(this.dir, 'backups', name);
    await writeFileDurable(target, text, { tmpDir: this.tmpDir });
    return { file: this.rel(target), count };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.backgroundWork;
    await this.serial.idle();
    if (this.catalogDirty) await this.catalogDb.write();
    if (this.settingsDirty && !this.settingsReadOnly) await this.settingsDb.write();
    await this.lock.release();
  }
}

/**
 * Whether catalog.json begins as a current catalog does (`{"schemaVersion": 3,`, in any spacing): the first
 * 64 bytes, so a lazy open can leave the rest unread. False when it is missing or begins otherwise (an older
 * or newer version, damage): such a catalog is read at open, as always.
 */
async function catalogHeadIsCurrent(path: string): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof fs.open>> | undefined;
  try {
    handle = await fs.open(path, 'r');
    const head = Buffer.alloc(64);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return /^\s*\{\s*"schemaVersion"\s*:\s*3\s*,/.test(head.subarray(0, bytesRead).toString('latin1'));
  } catch {
    return false; // missing or unreadable: the full open says what is wrong
  } finally {
    await handle?.close();
  }
}

/** Tags and settings of a catalog from before v3 (they lived there then), even when the catalog is otherwise damaged. */
function legacySettings(text: string): { tags?: unknown; settings?: unknown } | null {
  try {
    const raw = JSON.parse(text) as Record<string, unknown>;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null;
    const version = raw.schemaVersion ?? 1;
    if (typeof version !== 'number' || version >= 3) return null;
    const v2 = version === 1 ? catalogKind.steps[1](raw) : raw;
    return { tags: v2.tags, settings: v2.settings };
  } catch {
    return null;
  }
}

/** Inline marks as stored: a link only to an http(s) or mailto URL (others lose the link, keep the text). */
/**
 * A new article record (revision 1, modified `now`) of a parsed text: its
 * text, blocks and inline marks (made safe), with `meta` and `provenance`
 * as the caller settled them.
 */
function newArticle(id: string, parsed: ParsedArticle, meta: ArticleMeta, provenance: Provenance, now: string): Article {
  return {
    schemaVersion: articleKind.current,
    id,
    text: parsed.text,
    blocks: parsed.blocks,
    ...(parsed.marks?.length ? { marks: safeMarks(parsed.marks) } : {}),
    meta,
    provenance,
    revision: 1,
    modified: now,
  };
}

function safeMarks(marks: readonly Mark[]): Mark[] {
  return marks.filter((m) => m.kind !== 'link' || (m.href !== undefined && isSafeLinkUrl(m.href)));
}

/** The name a kept original gets in the article's folder: `original.<ext>` of the imported file. */
function originalName(fileName: string): string {
  const ext = /\.[A-Za-z0-9]{1,8}$/.exec(fileName)?.[0].toLowerCase() ?? '.bin';
  return `original${ext}`;
}

function sortTags(tags: string[]): string[] {
  return [...new Set(tags)].sort((a, b) => a.localeCompare(b, 'zh-Hans-CN'));
}

function checkLength(text: string, label: string): void {
  if (text.length > MAX_ARTICLE_CHARS) {
    throw new BdError(
      'too-large',
      `${label} is ${text.length.toLocaleString('en')} characters long; Briefing Desk keeps articles of up to ${MAX_ARTICLE_CHARS.toLocaleString('en')} characters. Split it into parts, or import a shorter version.`,
      { detail: { chars: text.length, max: MAX_ARTICLE_CHARS } },
    );
  }
}

/** Metadata as stored: a URL only when it is an http(s) address, single-line fields on one line. */
function safeMeta(meta: ArticleMeta): ArticleMeta {
  const out: ArticleMeta = { ...meta, title: oneLine(meta.title, MAX_TITLE_CHARS) || meta.title.trim() };
  for (const field of ['subtitle', 'source', 'author', 'docNumber'] as const) {
    const value = out[field];
    if (typeof value === 'string') out[field] = oneLine(value, field === 'subtitle' ? MAX_TITLE_CHARS : MAX_NAME_CHARS);
  }
  if (out.url !== undefined && out.url !== '' && !isWebUrl(out.url.trim())) delete out.url;
  else if (out.url) out.url = out.url.trim();
  return out;
}
