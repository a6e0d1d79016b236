/**
 * The library on disk (DESIGN.md, "Data on disk"): a lowdb catalog of article
 * metadata, one folder per article, and the rules that keep it safe —
 * one writer (lock file), atomic durable writes, numbered migrations,
 * rotating catalog backups, and quarantine for files that fail to parse.
 *
 * A user action rewrites at most one article's files plus the catalog; adding
 * annotations never touches the catalog at all, so its cost does not grow
 * with the library.
 */
import { promises as fs } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { join, relative } from 'node:path';
import { Low } from 'lowdb';
import type { Article, ArticleMeta, Block, CatalogEntry, Mark, ParsedArticle, Provenance } from '../../common/model';
import { BdError } from '../../common/errors';
import { CorruptFileError, DurableJsonFile, readJsonFile, writeFileDurable } from './durable-file';
import { acquireLock, type LibraryLock } from './lock';
import { articleSchema, catalogSchema, migrate } from './migrations';
import { log } from '../diagnostics/log';

export interface BriefingListEntry {
  id: string;
  title: string;
  modified: string;
  /** YYYY-MM-DD of the issue (absent in entries written before series existed). */
  date?: string;
  issueNumber?: number | string;
  /** The series the briefing belongs to, and its name as printed in the masthead (刊名). */
  seriesId?: string;
  seriesName?: string;
}

export interface CatalogData {
  schemaVersion: number;
  articles: Record<string, CatalogEntry>;
  tags: string[];
  briefings: Record<string, BriefingListEntry>;
  settings: Record<string, unknown>;
}

export interface LibraryWarning {
  kind: 'quarantined' | 'restored-backup' | 'rebuilt-catalog' | 'recovered' | 'migrated';
  message: string;
  file?: string;
  articleId?: string;
}

export type LibraryEvent =
  | { type: 'article-added'; id: string }
  | { type: 'article-updated'; id: string; textChanged: boolean }
  | { type: 'article-removed'; id: string };

export interface ArticleFilter {
  tag?: string;
  source?: string;
}

const BACKUPS_KEPT = 10;

function emptyCatalog(): CatalogData {
  return { schemaVersion: catalogSchema.current, articles: {}, tags: [], briefings: {}, settings: {} };
}

export function newId(prefix: string): string {
  return prefix + randomBytes(8).toString('hex').slice(0, 12);
}

/** Hash of the text with whitespace differences ignored: the duplicate test. */
export function contentHash(text: string): string {
  const normal = text.normalize('NFC').replace(/[\s\u00a0\u3000]+/g, '');
  return createHash('sha256').update(normal).digest('hex');
}

const SAFE_ID = /^[a-z0-9][a-z0-9_-]{2,63}$/;

export class LibraryStore {
  readonly warnings: LibraryWarning[] = [];
  /** True when this open created the library (no catalog existed). */
  created = false;

  private db!: Low<CatalogData>;
  private byHash = new Map<string, string>();
  private listeners = new Set<(event: LibraryEvent) => void>();
  private catalogWrite: Promise<void> = Promise.resolve();
  private catalogDirty = false;
  private batchDepth = 0;
  private closed = false;
  private backgroundWork: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly dir: string,
    private readonly lock: LibraryLock,
  ) {}

  /** Opens (creating if needed) the library in `dir`. Throws `locked` if another process has it. */
  static async open(dir: string): Promise<LibraryStore> {
    await fs.mkdir(dir, { recursive: true });
    const lock = await acquireLock(dir);
    const store = new LibraryStore(dir, lock);
    try {
      await Promise.all(
        ['articles', 'briefings', 'index', 'backups', 'quarantine'].map((d) => fs.mkdir(join(dir, d), { recursive: true })),
      );
      await store.loadCatalog();
    } catch (err) {
      await lock.release();
      throw err;
    }
    return store;
  }

  get catalogPath(): string {
    return join(this.dir, 'catalog.json');
  }

  articleDir(id: string): string {
    if (!SAFE_ID.test(id)) throw new BdError('invalid-params', `"${id}" is not a valid article id.`, { field: 'id' });
    return join(this.dir, 'articles', id);
  }

  get briefingsDir(): string {
    return join(this.dir, 'briefings');
  }

  get indexDir(): string {
    return join(this.dir, 'index');
  }

  onChange(listener: (event: LibraryEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: LibraryEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  // ---------------------------------------------------------------- catalog

  private async loadCatalog(): Promise<void> {
    this.db = new Low<CatalogData>(new DurableJsonFile<CatalogData>(this.catalogPath), emptyCatalog());
    let raw: Record<string, unknown> | null = null;
    try {
      raw = await readJsonFile<Record<string, unknown>>(this.catalogPath);
    } catch (err) {
      if (!(err instanceof CorruptFileError)) throw err;
      const moved = await this.quarantine(this.catalogPath);
      raw = await this.restoreFromBackup();
      this.warnings.push({
        kind: raw ? 'restored-backup' : 'rebuilt-catalog',
        file: moved,
        message: raw
          ? `The library catalog could not be read (${err.reason}); it was moved to ${moved} and the latest backup was restored.`
          : `The library catalog could not be read (${err.reason}); it was moved to ${moved} and the catalog was rebuilt from the article folders.`,
      });
    }
    if (raw === null) {
      this.created = !this.warnings.length;
      this.db.data = emptyCatalog();
    } else {
      const { data, migrated, from } = migrate<CatalogData>(catalogSchema, raw, 'catalog.json');
      this.db.data = { ...emptyCatalog(), ...data };
      if (migrated) {
        await this.backupCatalog(`v${from}`);
        this.catalogDirty = true;
        this.warnings.push({ kind: 'migrated', message: `The library catalog was upgraded from schemaVersion ${from}.` });
      }
    }
    for (const entry of Object.values(this.db.data.articles)) this.byHash.set(entry.contentHash, entry.id);
    await this.recoverUncataloged();
    if (this.catalogDirty || this.created) await this.writeCatalog();
    // A backup that fails leaves the library as it was; the next open tries again.
    else this.backgroundWork = this.backupCatalog().catch((err) => log.warn('Could not back up the catalog', { err }));
  }

  /**
   * Article folders the catalog does not list: an import that crashed after
   * writing its article but before the catalog. One readdir; only the strays are read.
   */
  private async recoverUncataloged(): Promise<void> {
    const names = await fs.readdir(join(this.dir, 'articles'));
    const strays = names.filter((n) => SAFE_ID.test(n) && !this.db.data.articles[n]);
    let recovered = 0;
    for (const id of strays) {
      const article = await this.readArticleFile(id).catch((err) => {
        log.warn('An article folder the catalog does not list could not be read', { articleId: id, err });
        return null;
      });
      if (!article) continue;
      this.db.data.articles[id] = this.entryFor(article, article.modified);
      this.byHash.set(this.db.data.articles[id].contentHash, id);
      recovered++;
    }
    if (recovered) {
      this.catalogDirty = true;
      this.warnings.push({
        kind: 'recovered',
        message: `${recovered} article${recovered > 1 ? 's' : ''} missing from the catalog (an interrupted import) ${recovered > 1 ? 'were' : 'was'} recovered.`,
      });
    }
  }

  private async restoreFromBackup(): Promise<Record<string, unknown> | null> {
    const names = (
      await fs.readdir(join(this.dir, 'backups')).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') log.warn('Could not list the catalog backups', { err });
        return [] as string[];
      })
    )
      .filter((n) => n.startsWith('catalog-') && n.endsWith('.json'))
      .sort()
      .reverse();
    for (const name of names) {
      try {
        const data = await readJsonFile<Record<string, unknown>>(join(this.dir, 'backups', name));
        if (data) return data;
      } catch (err) {
        log.warn('A catalog backup could not be read; trying an older one', { file: name, err });
      }
    }
    return null;
  }

  private async backupCatalog(label = ''): Promise<void> {
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..+/, '');
    const target = join(this.dir, 'backups', `catalog-${stamp}${label ? '-' + label : ''}.json`);
    await fs.copyFile(this.catalogPath, target).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
    const names = (await fs.readdir(join(this.dir, 'backups'))).filter((n) => n.startsWith('catalog-')).sort();
    for (const old of names.slice(0, Math.max(0, names.length - BACKUPS_KEPT))) {
      await fs.rm(join(this.dir, 'backups', old), { force: true });
    }
  }

  /** Writes the catalog now (serialised), unless inside `batch`, which writes once at its end. */
  private writeCatalog(): Promise<void> {
    this.catalogDirty = true;
    if (this.batchDepth > 0) return Promise.resolve();
    this.catalogWrite = this.catalogWrite
      // An earlier write's failure went to its own caller; this write must still run.
      .catch(() => undefined)
      .then(async () => {
        if (!this.catalogDirty) return;
        this.catalogDirty = false;
        await this.db.write();
      });
    return this.catalogWrite;
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

  get catalog(): Readonly<CatalogData> {
    return this.db.data;
  }

  setting<T>(key: string): T | undefined {
    return this.db.data.settings[key] as T | undefined;
  }

  async setSetting(key: string, value: unknown): Promise<void> {
    this.db.data.settings[key] = value;
    await this.writeCatalog();
  }

  async setBriefingEntry(entry: BriefingListEntry | { id: string; remove: true }): Promise<void> {
    if ('remove' in entry) delete this.db.data.briefings[entry.id];
    else this.db.data.briefings[entry.id] = entry;
    await this.writeCatalog();
  }

  // ---------------------------------------------------------------- quarantine

  /** Moves a file that failed to parse aside, never overwriting; returns its new path relative to the library. */
  async quarantine(path: string): Promise<string> {
    const stamp = new Date().toISOString().replace(/[-:.]/g, '');
    const rel = relative(this.dir, path).replace(/[\\/]/g, '__');
    const target = join(this.dir, 'quarantine', `${stamp}-${randomBytes(3).toString('hex')}-${rel}`);
    await fs.rename(path, target);
    return relative(this.dir, target);
  }

  /** Reads a JSON file of the library; on a parse failure quarantines it, records a warning and returns null. */
  async readOrQuarantine<T>(path: string, what: string, articleId?: string): Promise<T | null> {
    try {
      return await readJsonFile<T>(path);
    } catch (err) {
      if (!(err instanceof CorruptFileError)) throw err;
      let moved: string;
      try {
        moved = await this.quarantine(path);
      } catch (moveErr) {
        // A concurrent reader quarantined it first and has already told the user.
        if ((moveErr as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw moveErr;
      }
      const warning: LibraryWarning = {
        kind: 'quarantined',
        file: moved,
        message: `${what} could not be read (${err.reason}) and was moved to ${moved}.`,
      };
      if (articleId) warning.articleId = articleId;
      this.warnings.push(warning);
      return null;
    }
  }

  // ---------------------------------------------------------------- articles

  list(filter: ArticleFilter = {}): CatalogEntry[] {
    let entries = Object.values(this.db.data.articles);
    if (filter.tag) entries = entries.filter((e) => e.tags.includes(filter.tag!));
    if (filter.source) entries = entries.filter((e) => e.source === filter.source);
    return entries.sort((a, b) => (a.added < b.added ? 1 : a.added > b.added ? -1 : a.title.localeCompare(b.title)));
  }

  get size(): number {
    return Object.keys(this.db.data.articles).length;
  }

  entry(id: string): CatalogEntry {
    const entry = this.db.data.articles[id];
    if (!entry) throw new BdError('not-found', `No article with id ${id} in this library.`, { field: 'id' });
    return entry;
  }

  findByHash(hash: string): CatalogEntry | undefined {
    const id = this.byHash.get(hash);
    return id ? this.db.data.articles[id] : undefined;
  }

  private async readArticleFile(id: string): Promise<Article | null> {
    const path = join(this.articleDir(id), 'article.json');
    const raw = await this.readOrQuarantine<Record<string, unknown>>(path, `Article ${id}`, id);
    if (!raw) return null;
    return migrate<Article>(articleSchema, raw, path).data;
  }

  async getArticle(id: string): Promise<Article> {
    const entry = this.entry(id);
    const article = await this.readArticleFile(id);
    if (!article) {
      throw new BdError(
        'not-found',
        `The text of “${entry.title}” (${id}) is missing or unreadable; any damaged file was moved to quarantine/. Re-import the article to restore it.`,
        { detail: { id } },
      );
    }
    return article;
  }

  private entryFor(article: Article, added: string): CatalogEntry {
    return {
      ...article.meta,
      id: article.id,
      added,
      modified: article.modified,
      contentHash: contentHash(article.text),
      chars: article.text.length,
      format: article.provenance.format,
    };
  }

  private async writeArticle(article: Article): Promise<void> {
    await writeFileDurable(join(this.articleDir(article.id), 'article.json'), JSON.stringify(article));
  }

  /** Adds tags to the library's shared tag list; writes the catalog only when one is new. */
  async rememberTags(tags: string[]): Promise<void> {
    if (this.addTags(tags)) await this.writeCatalog();
  }

  private addTags(tags: string[]): boolean {
    const known = new Set(this.db.data.tags);
    let changed = false;
    for (const tag of tags) {
      if (known.has(tag)) continue;
      known.add(tag);
      changed = true;
    }
    if (changed) this.db.data.tags = [...known].sort((a, b) => a.localeCompare(b, 'zh-Hans-CN'));
    return changed;
  }

  /** Adds an imported article; refuses a duplicate of an existing text. */
  async addArticle(
    parsed: ParsedArticle,
    provenance: Omit<Provenance, 'importedAt' | 'original'>,
    original?: { name: string; bytes: Uint8Array },
  ): Promise<CatalogEntry> {
    const hash = contentHash(parsed.text);
    const existing = this.findByHash(hash);
    if (existing) {
      throw new BdError(
        'duplicate',
        `${provenance.fileName ?? 'This text'} is already in the library as “${existing.title}” (${existing.id}).`,
        { detail: { existingId: existing.id, title: existing.title } },
      );
    }
    const id = newId('a');
    const now = new Date().toISOString();
    const meta: ArticleMeta = { tags: [], ...parsed.meta, title: parsed.meta.title || provenance.fileName || id };
    const article: Article = {
      schemaVersion: articleSchema.current,
      id,
      text: parsed.text,
      blocks: parsed.blocks,
      ...(parsed.marks?.length ? { marks: parsed.marks } : {}),
      meta,
      provenance: { ...provenance, importedAt: now },
      revision: 1,
      modified: now,
    };
    const dir = this.articleDir(id);
    await fs.mkdir(dir, { recursive: true });
    if (original) {
      const ext = /\.[A-Za-z0-9]{1,8}$/.exec(original.name)?.[0].toLowerCase() ?? '.bin';
      article.provenance.original = `original${ext}`;
      await writeFileDurable(join(dir, article.provenance.original), original.bytes);
    }
    await this.writeArticle(article);
    const entry = this.entryFor(article, now);
    this.db.data.articles[id] = entry;
    this.byHash.set(hash, id);
    this.addTags(meta.tags);
    await this.writeCatalog();
    this.emit({ type: 'article-added', id });
    return entry;
  }

  /**
   * Changes an article's text/blocks and/or metadata. Text changes bump the
   * revision; the caller (annotation service) re-anchors what points into it.
   */
  async updateArticle(
    id: string,
    change: { text?: string; blocks?: Block[]; marks?: Mark[]; meta?: Partial<ArticleMeta> },
  ): Promise<{ article: Article; entry: CatalogEntry }> {
    const previous = this.entry(id);
    const article = await this.getArticle(id);
    const textChanged = change.text !== undefined && change.text !== article.text;
    if (textChanged) {
      const other = this.findByHash(contentHash(change.text!));
      if (other && other.id !== id) {
        throw new BdError('duplicate', `The edited text is identical to “${other.title}” (${other.id}).`, {
          detail: { existingId: other.id },
        });
      }
      article.text = change.text!;
      article.revision += 1;
    }
    if (change.blocks) article.blocks = change.blocks;
    if (change.marks) {
      if (change.marks.length) article.marks = change.marks;
      else delete article.marks;
    }
    if (change.meta) article.meta = { ...article.meta, ...change.meta, tags: change.meta.tags ?? article.meta.tags };
    article.modified = new Date().toISOString();
    await this.writeArticle(article);
    const entry = this.entryFor(article, previous.added);
    if (textChanged) this.byHash.delete(previous.contentHash);
    this.byHash.set(entry.contentHash, id);
    this.db.data.articles[id] = entry;
    this.addTags(article.meta.tags);
    await this.writeCatalog();
    this.emit({ type: 'article-updated', id, textChanged });
    return { article, entry };
  }

  /** Removes an article and its folder (text, original file, annotations). */
  async deleteArticle(id: string): Promise<CatalogEntry> {
    const entry = this.entry(id);
    delete this.db.data.articles[id];
    this.byHash.delete(entry.contentHash);
    await this.writeCatalog();
    await fs.rm(this.articleDir(id), { recursive: true, force: true });
    this.emit({ type: 'article-removed', id });
    return entry;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.backgroundWork;
    // A failed write was reported to its caller; catalogDirty makes the write below retry it.
    await this.catalogWrite.catch(() => undefined);
    if (this.catalogDirty) await this.db.write();
    await this.lock.release();
  }
}
