/**
 * The library's highlights as the tag model and the notebook need them.
 * Derived data, kept in step with every change through the annotation
 * service's and the store's change events, in two depths:
 *
 * - Highlight tags ("an article carries a tag when it or one of its
 *   highlights does"), known soon after the library opens (`loadTags`):
 *   from `index/highlights.json` (file kind `highlight-summary`: each
 *   article's highlight tags and count with the stamp — mtime and size — of
 *   the annotations.json they came from), checked against the files by
 *   stat, a couple at a time in the background; only the files whose stamp
 *   changed, or that the summary does not list, are read. Without a summary
 *   (first open after an upgrade, a damaged one) every file is read once, a
 *   couple at a time, and the summary written for the next open.
 * - Every highlight in full (`load`), for the notebook: read from every
 *   annotations.json when first asked for, never when the library opens, so
 *   a library of 100,000 articles does not hold a million highlights nor
 *   keep the disk busy while the reader opens its first article.
 *
 * Reads go through `AnnotationService.list`, which queues behind writes to
 * the same file, and a read that finishes after a newer one for the same
 * article is dropped, so the index never goes back to an older state. The
 * summary is written (debounced, and on close) under the serialisation key
 * `highlights`; each entry's stamp is taken while holding the article's key,
 * so a stamp never pairs with tags older than the file it names.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { Annotation } from '../../common/annotation';
import { sortByPosition, type AnnotationService } from './annotation-service';
import type { LibraryStore } from '../library/store';
import { decodeFile, highlightSummaryKind, highlightSummaryLooksValid, type HighlightSummaryEntry, type HighlightSummaryFile } from '../library/file-kinds';
import { readTextIfExists } from '../library/durable-file';
import { log } from '../diagnostics/log';

/** Files read (full load) at the same time. */
const PARALLEL_READS = 8;
/** Files stat'ed or read at the same time while learning the tags in the background: the reader's own reads go first. */
const BACKGROUND_PARALLEL = 2;
/**
 * How long after a change the summary is written (and on close). Rarely: at 100,000 articles it is
 * 7 MB, and one left out of date costs only reading the changed files at the next open.
 */
const SAVE_DELAY_MS = 60_000;
export const HIGHLIGHT_SUMMARY_FILE = 'highlights.json';

export interface HighlightIndexStatus {
  /** Every highlight is in memory (the notebook's list is complete). */
  ready: boolean;
  /** Every article's highlight tags are known (the tag model is complete). */
  tagsReady: boolean;
  /** Articles read so far and in all, while loading every highlight. */
  done: number;
  total: number;
}

export class HighlightIndex {
  private readonly byArticle = new Map<string, readonly Annotation[]>();
  private readonly tagSets = new Map<string, readonly string[]>();
  /** Highlights per article, as far as known (from the summary or a read). */
  private readonly counts = new Map<string, number>();
  /** The newest read started for each article; older reads that finish later are dropped. */
  private readonly readSeq = new Map<string, number>();
  /** Stamps of annotations.json files whose tags and count above are those of the file (or newer). */
  private readonly stamps = new Map<string, string>();
  /** Articles changed since the summary was last written (their stamp is taken when it is written). */
  private readonly dirty = new Set<string>();
  private seq = 0;
  private loading: Promise<void> | null = null;
  private tagsLoading: Promise<void> | null = null;
  private ready = false;
  private tagsReady = false;
  private closed = false;
  private done = 0;
  private total = 0;
  private saveTimer: ReturnType<typeof setTimeout> | null = null;
  private saving: Promise<void> = Promise.resolve();
  private listeners = new Set<() => void>();
  /** Grows with every change, so callers can cache what they derive. */
  version = 0;

  constructor(
    private readonly store: LibraryStore,
    private readonly annotations: AnnotationService,
  ) {
    // Every write of an article's annotations hands over the list as written: the index follows at once.
    annotations.onChange(({ articleId, annotations: written }) => {
      this.readSeq.set(articleId, ++this.seq);
      this.stamps.delete(articleId);
      this.markDirty(articleId);
      this.apply(articleId, sortByPosition([...written]), true);
    });
    store.onChange((event) => {
      if (event.type === 'article-removed') {
        this.drop(event.id);
        this.markDirty(event.id);
      }
    });
  }

  /** Calls `listener` after every change of the index (loading finished, a highlight changed). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  status(): HighlightIndexStatus {
    return { ready: this.ready, tagsReady: this.tagsReady || this.ready, done: this.done, total: this.total };
  }

  private get summaryPath(): string {
    return join(this.store.indexDir, HIGHLIGHT_SUMMARY_FILE);
  }

  /**
   * Learns every article's highlight tags (see the module comment); later
   * calls return the same promise. Never rejects: a file that cannot be
   * read counts as no highlights, a summary that cannot be read as none.
   */
  loadTags(): Promise<void> {
    this.tagsLoading ??= (async () => {
      const summary = await this.readSummary();
      const listed = summary?.articles ?? {};
      // What the summary says, at once (articles a write has already told us about keep what it said).
      for (const id of Object.keys(listed)) {
        if (this.readSeq.has(id) || !this.store.catalog.articles[id]) continue;
        const entry = listed[id];
        this.counts.set(id, entry.count);
        if (entry.tags.length) this.tagSets.set(id, [...entry.tags]);
      }
      if (Object.keys(listed).length) this.changed();
      // Then the files: unchanged ones keep the summary's word; changed, new and unlisted ones are read.
      const ids = Object.keys(this.store.catalog.articles);
      let next = 0;
      let differed = summary === null;
      const worker = async () => {
        while (next < ids.length && !this.closed && !this.ready) {
          const id = ids[next++];
          if (this.readSeq.has(id)) continue; // a write or a full read got there first
          const stamp = await this.stampOf(id);
          const entry = Object.prototype.hasOwnProperty.call(listed, id) ? listed[id] : undefined;
          if (stamp === null) {
            // No annotations.json: no highlights (a listed entry is out of date).
            if (entry) {
              differed = true;
              if (!this.readSeq.has(id)) this.forget(id);
            }
            continue;
          }
          if (entry && entry.stamp === stamp) {
            if (!this.readSeq.has(id)) this.stamps.set(id, stamp);
            continue;
          }
          differed = true;
          await this.refresh(id, stamp, false);
        }
      };
      await Promise.all(Array.from({ length: BACKGROUND_PARALLEL }, worker));
      if (this.closed) return;
      this.tagsReady = true;
      this.changed();
      if (differed) this.scheduleSave(0);
    })().catch((err) => {
      log.warn('Could not learn the highlight tags of the library', { err });
    });
    return this.tagsLoading;
  }

  /** Reads every article's highlights once; later calls return the same promise. Never rejects: an unreadable file counts as no highlights. */
  load(): Promise<void> {
    this.loading ??= (async () => {
      const ids = Object.keys(this.store.catalog.articles);
      this.total = ids.length;
      let next = 0;
      const worker = async () => {
        while (next < ids.length && !this.closed) {
          const id = ids[next++];
          if (!this.byArticle.has(id) && !(this.readSeq.has(id) && this.counts.get(id) === 0)) await this.refresh(id);
          this.done++;
        }
      };
      await Promise.all(Array.from({ length: PARALLEL_READS }, worker));
      if (this.closed) return;
      this.ready = true;
      this.changed();
      this.scheduleSave(0);
    })();
    return this.loading;
  }

  /** Stops loading and following changes; writes the summary if it changed; resolves when no read or write is under way. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    await Promise.all([this.loading, this.tagsLoading]);
    await this.saving;
    if (this.dirty.size && (this.tagsReady || this.ready)) await this.save();
  }

  /** The highlights of one article in text order (empty while unknown). */
  forArticle(articleId: string): readonly Annotation[] {
    return this.byArticle.get(articleId) ?? [];
  }

  /** The tags carried by an article's highlights (not the article's own), sorted, without repeats. */
  highlightTags(articleId: string): readonly string[] {
    return this.tagSets.get(articleId) ?? NONE;
  }

  /** Whether any article's highlights carry a tag, as far as known (false: `highlightTags` is empty for every article). */
  get anyHighlightTags(): boolean {
    return this.tagSets.size > 0;
  }

  /** Every highlight in memory, article by article (all of them once `load` has finished). */
  *all(): Iterable<Annotation> {
    for (const list of this.byArticle.values()) yield* list;
  }

  /** Highlights in memory (all of them once `load` has finished). */
  get size(): number {
    let n = 0;
    for (const list of this.byArticle.values()) n += list.length;
    return n;
  }

  /** The stamp of an article's annotations.json (`<mtimeMs>:<size>`), null when there is none. */
  private async stampOf(articleId: string): Promise<string | null> {
    try {
      const s = await fs.stat(join(this.store.articleDir(articleId), 'annotations.json'));
      return `${s.mtimeMs}:${s.size}`;
    } catch {
      return null;
    }
  }

  /**
   * Reads one article's highlights; `stamp`, taken before the read, is what
   * the summary will say of it. `full` keeps the highlights in memory (the
   * notebook's load); otherwise only their tags and count are kept.
   */
  private async refresh(articleId: string, stamp?: string | null, full = true): Promise<void> {
    if (this.closed) return;
    const mine = ++this.seq;
    this.readSeq.set(articleId, mine);
    const before = stamp === undefined ? await this.stampOf(articleId) : stamp;
    let list: Annotation[];
    let readable = true;
    try {
      list = this.store.catalog.articles[articleId] ? await this.annotations.list(articleId) : [];
    } catch {
      list = []; // unreadable: the store has quarantined it and told the user
      readable = false;
    }
    if (this.readSeq.get(articleId) !== mine) return;
    if (readable && before !== null) this.stamps.set(articleId, before);
    else this.stamps.delete(articleId);
    this.dirty.add(articleId);
    this.apply(articleId, list, full);
  }

  private apply(articleId: string, list: Annotation[], full: boolean): void {
    if (this.closed) return;
    if (!this.store.catalog.articles[articleId]) return this.drop(articleId);
    this.counts.set(articleId, list.length);
    // A list already in memory follows every newer read; a tags-only read adds none.
    if (full || this.byArticle.has(articleId)) {
      if (list.length) this.byArticle.set(articleId, list);
      else this.byArticle.delete(articleId);
    }
    const tags = [...new Set(list.flatMap((a) => a.tags))].sort();
    if (tags.length) this.tagSets.set(articleId, tags);
    else this.tagSets.delete(articleId);
    this.changed();
  }

  /** An article without annotations.json: no highlights, nothing to summarise. */
  private forget(articleId: string): void {
    this.counts.set(articleId, 0);
    this.stamps.delete(articleId);
    this.dirty.add(articleId);
    const hadTags = this.tagSets.delete(articleId);
    const hadList = this.byArticle.delete(articleId);
    if (hadTags || hadList) this.changed();
  }

  private drop(articleId: string): void {
    this.readSeq.set(articleId, ++this.seq);
    this.counts.delete(articleId);
    this.stamps.delete(articleId);
    const had = this.byArticle.delete(articleId);
    this.tagSets.delete(articleId);
    if (had) this.changed();
  }

  private changed(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }

  // ------------------------------------------------------------ the summary file

  private markDirty(articleId: string): void {
    this.dirty.add(articleId);
    if (this.tagsReady || this.ready) this.scheduleSave(SAVE_DELAY_MS);
  }

  private scheduleSave(delay: number): void {
    if (this.closed || this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      this.saving = this.saving.then(() => this.save());
    }, delay);
    this.saveTimer.unref?.();
  }

  private async readSummary(): Promise<HighlightSummaryFile | null> {
    const text = await readTextIfExists(this.summaryPath).catch(() => null);
    if (text === null) return null;
    const decoded = decodeFile(highlightSummaryKind, text);
    if (decoded.ok) return decoded.data;
    // Derived data: never quarantined, just learnt again from the files and written anew.
    log.warn('The highlight summary could not be read; the highlight tags are read from the files again', { reason: decoded.reason });
    return null;
  }

  /**
   * Writes index/highlights.json: every article whose stamp is known. Stamps
   * of articles changed since the last write are taken now, each while
   * holding the article's key, so no write of that file is half done.
   */
  private async save(): Promise<void> {
    const changed = [...this.dirty];
    this.dirty.clear();
    try {
      for (const id of changed) {
        if (this.stamps.has(id) || !this.store.catalog.articles[id]) continue;
        await this.store.serial.run(`article:${id}`, async () => {
          if (!this.store.catalog.articles[id]) return;
          const stamp = await this.stampOf(id);
          if (stamp !== null && this.counts.has(id)) this.stamps.set(id, stamp);
        });
      }
      await this.store.serial.run('highlights', async () => {
        const articles: Record<string, HighlightSummaryEntry> = {};
        for (const [id, stamp] of this.stamps) {
          if (!this.store.catalog.articles[id]) continue;
          articles[id] = { stamp, count: this.counts.get(id) ?? 0, tags: [...(this.tagSets.get(id) ?? NONE)] };
        }
        const file: HighlightSummaryFile = { schemaVersion: 1, savedAt: new Date().toISOString(), articles };
        // Validated before writing, as every library file is (the schema's plain-code twin, for 100,000 entries).
        if (!highlightSummaryLooksValid(file as unknown as Record<string, unknown>)) throw new Error('the highlight summary would not be valid');
        await this.store.writeBytes(this.summaryPath, JSON.stringify(file));
      });
    } catch (err) {
      for (const id of changed) this.dirty.add(id);
      log.warn('Could not write the highlight summary; the next open reads the changed files again', { err });
    }
  }
}

const NONE: readonly string[] = [];
