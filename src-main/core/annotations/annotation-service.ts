/**
 * Annotations on disk: one file per article (articles/<id>/annotations.json),
 * read and written through the file-kind registry (validated both ways),
 * atomically and durably before a call returns. Every change holds the
 * article's folder (`article:<id>`, the library's one serialisation
 * mechanism), the key text edits of the same article hold, so no concurrent
 * change is lost and re-anchoring never misses a highlight being added.
 * Adding a highlight touches only that article's file, never the catalog, so
 * its cost is the same in a library of 10 or 10,000 articles.
 *
 * A change that would write an invalid annotation is refused with the item
 * named and nothing is written: a bad incoming item can never make the file
 * unreadable (and so quarantine its neighbours).
 */
import { join } from 'node:path';
import { Low } from 'lowdb';
import { emptyAnnotationsFile, type Annotation, type AnnotationsFile } from '../../common/annotation';
import type { Article, ColorKey } from '../../common/model';
import { describeRange } from '../../common/anchoring/describe';
import { reanchorAll } from '../../common/anchoring/anchor';
import { BdError } from '../../common/errors';
import { ID_PATTERN } from '../../common/limits';
import { KindFile } from '../library/durable-file';
import { annotationsKind, articleKind } from '../library/file-kinds';
import type { Lease } from '../library/serial';
import { newId, type LibraryStore } from '../library/store';
import { annotationNotesText } from '../search/notes-text';

export interface AnnotationChange {
  articleId: string;
  /** The article's annotations as written (in file order). */
  annotations: readonly Annotation[];
  /**
   * Whether the article's notes and tags as the search index sees them
   * (`notesText`) changed: false for a highlight added, recoloured, moved or
   * removed without a note or tag, so the index is not touched (nor opened).
   */
  notesChanged: boolean;
}

/**
 * What the search index holds of an article's annotations
 * (`annotationNotesText` of the list in text order, as `list` gives it).
 */
function notesText(list: readonly Annotation[]): string {
  return annotationNotesText(sortByPosition([...list]));
}

export class AnnotationService {
  private listeners = new Set<(change: AnnotationChange) => void>();

  constructor(private readonly store: LibraryStore) {}

  onChange(listener: (change: AnnotationChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private path(articleId: string): string {
    return join(this.store.articleDir(articleId), 'annotations.json');
  }

  private what(articleId: string): string {
    return `The highlights and notes of “${this.store.entry(articleId).title}”`;
  }

  /** The article's annotations file as it is (empty when there is none; a damaged one is quarantined and reported). */
  async read(articleId: string, lease?: Lease): Promise<AnnotationsFile> {
    if (!this.store.catalogLoaded) {
      // A lazy open (the CLI's export of one article): the file when it reads whole, none beside an article.json
      // that reads whole; anything else (unknown article, damage) takes the ordinary path.
      const whole = ID_PATTERN.test(articleId) ? await this.store.readWhole(annotationsKind, this.path(articleId)) : null;
      if (whole && 'data' in whole && whole.data.articleId === articleId) return whole.data;
      if (whole && 'missing' in whole) {
        const article = await this.store.readWhole(articleKind, join(this.store.articleDir(articleId), 'article.json'));
        if (article && 'data' in article && article.data.id === articleId) return emptyAnnotationsFile(articleId);
      }
      await this.store.ensureCatalog();
    }
    this.store.entry(articleId); // not-found for unknown articles
    const file = await this.store.readFile(
      annotationsKind,
      this.path(articleId),
      { key: `article:${articleId}`, subject: { thing: 'annotations', title: this.store.entry(articleId).title }, articleId },
      lease,
    );
    if (file && file.articleId !== articleId) {
      throw new BdError('refused', `${this.what(articleId)}: annotations.json belongs to another article (${file.articleId}).`);
    }
    return file ?? emptyAnnotationsFile(articleId);
  }

  private async write(file: AnnotationsFile, notesBefore: string): Promise<void> {
    const db = new Low<AnnotationsFile>(
      new KindFile(annotationsKind, this.path(file.articleId), { tmpDir: this.store.tmpDir, what: this.what(file.articleId) }),
      file,
    );
    db.data = file;
    await db.write();
    const notesChanged = notesText(file.annotations) !== notesBefore;
    for (const listener of this.listeners) listener({ articleId: file.articleId, annotations: file.annotations, notesChanged });
  }

  /** Annotations in text order; orphans last. */
  async list(articleId: string): Promise<Annotation[]> {
    const file = await this.read(articleId);
    return sortByPosition(file.annotations);
  }

  /**
   * Reads, changes and durably writes one article's annotations, holding the
   * article's folder. The change is validated before anything is written.
   */
  private mutate<T>(articleId: string, change: (file: AnnotationsFile, lease: Lease) => T | Promise<T>, lease?: Lease): Promise<T> {
    this.store.entry(articleId);
    return this.store.serial.run(
      `article:${articleId}`,
      async (held) => {
        this.store.entry(articleId); // deleted while this change waited
        const file = await this.read(articleId, held);
        const notesBefore = notesText(file.annotations);
        const result = await change(file, held);
        await this.write(file, notesBefore);
        return result;
      },
      lease,
    );
  }

  private find(file: AnnotationsFile, id: string): Annotation {
    const found = file.annotations.find((a) => a.id === id);
    if (!found) throw new BdError('not-found', `No annotation ${id} on this article.`, { field: 'id', key: 'annotation.notFound', params: { id } });
    return found;
  }

  private checkRange(article: Article, start: number, end: number): void {
    if (end > article.text.length || start >= end) {
      throw new BdError('invalid-params', `Invalid parameter end: the range ${start}–${end} is outside the article text (length ${article.text.length}).`, {
        field: 'end',
        key: 'annotation.rangeOutside',
        params: { start, end, length: article.text.length },
      });
    }
    if (!article.text.slice(start, end).trim()) {
      throw new BdError('invalid-params', 'Invalid parameter start: the selected range contains only white space.', {
        field: 'start',
        key: 'annotation.blankRange',
      });
    }
  }

  /** Offsets are into the article's text as it is when the change runs (it holds the article, so a text edit cannot slip in between). */
  async create(input: { articleId: string; start: number; end: number; color: ColorKey; note?: string; tags?: string[]; id?: string }): Promise<Annotation> {
    const annotation = await this.mutate(input.articleId, async (file, lease) => {
      const article = await this.store.getArticle(input.articleId, lease);
      this.checkRange(article, input.start, input.end);
      const now = new Date().toISOString();
      const created: Annotation = {
        id: input.id ?? newId('h'),
        articleId: input.articleId,
        target: { selector: describeRange(article.text, input.start, input.end) },
        color: input.color,
        note: input.note ?? '',
        tags: dedupe(input.tags ?? []),
        created: now,
        modified: now,
      };
      if (file.annotations.some((a) => a.id === created.id)) {
        throw new BdError('conflict', `An annotation with id ${created.id} already exists.`, {
          field: 'id',
          key: 'annotation.exists',
          params: { id: created.id },
        });
      }
      file.annotations.push(created);
      return created;
    });
    await this.rememberTags(annotation.tags);
    return annotation;
  }

  /** Puts back a deleted annotation exactly as it was (undo), re-anchored against today's text. */
  async restore(annotation: Annotation): Promise<Annotation> {
    const placed = await this.mutate(annotation.articleId, async (file, lease) => {
      const article = await this.store.getArticle(annotation.articleId, lease);
      const [anchored] = reanchorAll(undefined, article.text, [annotation]).annotations;
      file.annotations = file.annotations.filter((a) => a.id !== anchored.id);
      file.annotations.push(anchored);
      return anchored;
    });
    await this.rememberTags(placed.tags);
    return placed;
  }

  async update(input: { articleId: string; id: string; color?: ColorKey; note?: string; tags?: string[] }): Promise<Annotation> {
    const updated = await this.mutate(input.articleId, (file) => {
      const a = this.find(file, input.id);
      if (input.color !== undefined) a.color = input.color;
      if (input.note !== undefined) a.note = input.note;
      if (input.tags !== undefined) a.tags = dedupe(input.tags);
      a.modified = new Date().toISOString();
      return { ...a };
    });
    if (input.tags) await this.rememberTags(updated.tags);
    return updated;
  }

  async remove(articleId: string, id: string): Promise<Annotation> {
    return this.mutate(articleId, (file) => {
      const a = this.find(file, id);
      file.annotations = file.annotations.filter((x) => x.id !== id);
      return a;
    });
  }

  /** Re-attaches an annotation (usually an orphan) to a new range of the current text. */
  async reattach(input: { articleId: string; id: string; start: number; end: number }): Promise<Annotation> {
    return this.mutate(input.articleId, async (file, lease) => {
      const article = await this.store.getArticle(input.articleId, lease);
      this.checkRange(article, input.start, input.end);
      const a = this.find(file, input.id);
      a.target = { selector: describeRange(article.text, input.start, input.end) };
      delete a.orphan;
      a.modified = new Date().toISOString();
      return { ...a };
    });
  }

  /**
   * Re-anchors every annotation of an article after its text changed from
   * `oldText` to the article's current text; reports how many moved and how
   * many became orphans.
   */
  async reanchor(articleId: string, oldText: string, newText: string, lease?: Lease): Promise<{ total: number; moved: number; orphaned: number }> {
    return this.mutate(
      articleId,
      (file) => {
        const result = reanchorAll(oldText, newText, file.annotations);
        file.annotations = result.annotations;
        return { total: result.annotations.length, moved: result.moved, orphaned: result.orphaned };
      },
      lease,
    );
  }

  /**
   * Adds imported annotations (already anchored and validated) to one
   * article without touching what is saved: an incoming annotation whose id
   * is taken, or that repeats a saved one (same passage, note, tags and
   * colour), is not written. Returns which were added, which were duplicates
   * and which conflicted (same id, different content: the saved one is kept).
   */
  async addImported(articleId: string, incoming: readonly Annotation[]): Promise<{ added: Annotation[]; duplicates: Annotation[]; conflicts: Annotation[] }> {
    const outcome = await this.mutate(articleId, (file) => {
      const result = { added: [] as Annotation[], duplicates: [] as Annotation[], conflicts: [] as Annotation[] };
      const byId = new Map(file.annotations.map((a) => [a.id, a]));
      const byContent = new Set(file.annotations.map(contentKey));
      for (const a of incoming) {
        const same = byId.get(a.id);
        if (same) {
          (contentKey(same) === contentKey(a) ? result.duplicates : result.conflicts).push(a);
          continue;
        }
        const key = contentKey(a);
        if (byContent.has(key)) {
          result.duplicates.push(a);
          continue;
        }
        byId.set(a.id, a);
        byContent.add(key);
        result.added.push(a);
      }
      file.annotations = [...file.annotations, ...result.added];
      return result;
    });
    await this.rememberTags(outcome.added.flatMap((a) => a.tags));
    return outcome;
  }

  /**
   * Merges another copy of this article's annotations (a backup): one this
   * article lacks is added; one it has is replaced only when the incoming
   * copy was modified later; otherwise the saved one is kept. Holds the
   * article's folder. Returns the ids added, updated and kept.
   */
  async mergeCopies(articleId: string, incoming: readonly Annotation[]): Promise<{ added: string[]; updated: string[]; kept: string[] }> {
    const outcome = await this.mutate(articleId, (file) => {
      const result = { added: [] as string[], updated: [] as string[], kept: [] as string[] };
      const byId = new Map(file.annotations.map((a, i) => [a.id, i]));
      for (const a of incoming) {
        const at = byId.get(a.id);
        if (at === undefined) {
          byId.set(a.id, file.annotations.push({ ...a, articleId }) - 1);
          result.added.push(a.id);
        } else if (a.modified > file.annotations[at].modified) {
          file.annotations[at] = { ...a, articleId };
          result.updated.push(a.id);
        } else result.kept.push(a.id);
      }
      return result;
    });
    await this.rememberTags(incoming.filter((a) => !outcome.kept.includes(a.id)).flatMap((a) => a.tags));
    return outcome;
  }

  private async rememberTags(tags: string[]): Promise<void> {
    if (tags.length) await this.store.rememberTags(tags);
  }
}

/**
 * What makes two annotations the same for deduplication: the passage (its
 * quote, and its range unless it is an orphan), the note, the set of tags and
 * the colour.
 */
export function contentKey(a: Annotation): string {
  const [quote, position] = a.target.selector;
  const where = a.orphan ? 'orphan' : `${position.start}-${position.end}`;
  return JSON.stringify([quote.exact, where, a.note, [...a.tags].sort(), a.color]);
}

function dedupe(tags: string[]): string[] {
  return [...new Set(tags.map((t) => t.trim()).filter(Boolean))];
}

export function sortByPosition(annotations: Annotation[]): Annotation[] {
  return [...annotations].sort((a, b) => {
    if (!!a.orphan !== !!b.orphan) return a.orphan ? 1 : -1;
    const pa = a.target.selector[1];
    const pb = b.target.selector[1];
    return pa.start - pb.start || pb.end - pa.end;
  });
}
