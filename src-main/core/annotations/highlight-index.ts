/**
 * Every highlight of the library, in memory: what the notebook lists and
 * what the tag model needs ("an article carries a tag when it or one of its
 * highlights does"). Derived data: read from each article's
 * annotations.json when the library opens (in the background, a few files at
 * a time) and kept in step with every change through the annotation
 * service's and the store's change events; nothing is written.
 *
 * Reads go through `AnnotationService.list`, which queues behind writes to
 * the same file, and a read that finishes after a newer one for the same
 * article is dropped, so the index never goes back to an older state.
 */
import type { Annotation } from '../../common/annotation';
import { sortByPosition, type AnnotationService } from './annotation-service';
import type { LibraryStore } from '../library/store';

/** Files read at the same time while loading. */
const PARALLEL_READS = 8;

export interface HighlightIndexStatus {
  ready: boolean;
  /** Articles read so far and in all, while loading. */
  done: number;
  total: number;
}

export class HighlightIndex {
  private readonly byArticle = new Map<string, readonly Annotation[]>();
  private readonly tagSets = new Map<string, readonly string[]>();
  /** The newest read started for each article; older reads that finish later are dropped. */
  private readonly readSeq = new Map<string, number>();
  private seq = 0;
  private loading: Promise<void> | null = null;
  private ready = false;
  private closed = false;
  private done = 0;
  private total = 0;
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
      this.apply(articleId, sortByPosition([...written]));
    });
    store.onChange((event) => {
      if (event.type === 'article-removed') this.drop(event.id);
    });
  }

  /** Calls `listener` after every change of the index (loading finished, a highlight changed). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  status(): HighlightIndexStatus {
    return { ready: this.ready, done: this.done, total: this.total };
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
          if (!this.readSeq.has(id)) await this.refresh(id);
          this.done++;
        }
      };
      await Promise.all(Array.from({ length: PARALLEL_READS }, worker));
      this.ready = true;
      this.changed();
    })();
    return this.loading;
  }

  /** Stops loading and following changes; resolves when no read is under way. */
  async close(): Promise<void> {
    this.closed = true;
    await this.loading;
  }

  /** The highlights of one article in text order (empty while unknown). */
  forArticle(articleId: string): readonly Annotation[] {
    return this.byArticle.get(articleId) ?? [];
  }

  /** The tags carried by an article's highlights (not the article's own), sorted, without repeats. */
  highlightTags(articleId: string): readonly string[] {
    return this.tagSets.get(articleId) ?? NONE;
  }

  /** Every highlight of the library, article by article. */
  *all(): Iterable<Annotation> {
    for (const list of this.byArticle.values()) yield* list;
  }

  get size(): number {
    let n = 0;
    for (const list of this.byArticle.values()) n += list.length;
    return n;
  }

  private async refresh(articleId: string): Promise<void> {
    if (this.closed) return;
    const mine = ++this.seq;
    this.readSeq.set(articleId, mine);
    let list: Annotation[];
    try {
      list = this.store.catalog.articles[articleId] ? await this.annotations.list(articleId) : [];
    } catch {
      list = []; // unreadable: the store has quarantined it and told the user
    }
    if (this.readSeq.get(articleId) !== mine) return;
    this.apply(articleId, list);
  }

  private apply(articleId: string, list: Annotation[]): void {
    if (this.closed) return;
    if (!this.store.catalog.articles[articleId]) return this.drop(articleId);
    if (list.length) {
      this.byArticle.set(articleId, list);
      const tags = [...new Set(list.flatMap((a) => a.tags))].sort();
      if (tags.length) this.tagSets.set(articleId, tags);
      else this.tagSets.delete(articleId);
    } else {
      this.byArticle.delete(articleId);
      this.tagSets.delete(articleId);
    }
    this.changed();
  }

  private drop(articleId: string): void {
    this.readSeq.set(articleId, ++this.seq);
    const had = this.byArticle.delete(articleId);
    this.tagSets.delete(articleId);
    if (had) this.changed();
  }

  private changed(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }
}

const NONE: readonly string[] = [];
