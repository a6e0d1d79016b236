/**
 * Briefings on disk: one lowdb file each (briefings/<id>.json), validated on
 * read, written atomically and durably, with the catalog keeping only the
 * list entry (id, title, modified).
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { Low } from 'lowdb';
import {
  BRIEFING_SCHEMA_VERSION,
  briefingSchema,
  createBriefing,
  duplicateBriefing,
  briefingLanguage,
  type Briefing,
  type HighlightItem,
  type TemplateName,
} from '../../common/briefing/model';
import { positionSelector, type Annotation } from '../../common/annotation';
import { passageMarkdown } from '../../common/marks';
import type { Article } from '../../common/model';
import { BdError } from '../../common/errors';
import { DurableJsonFile } from '../library/durable-file';
import { migrate, type FileSchema } from '../library/migrations';
import { newId, type BriefingListEntry, type LibraryStore } from '../library/store';
import type { AnnotationService } from '../annotations/annotation-service';

/** briefings/<id>.json */
export const briefingFileSchema: FileSchema = { kind: 'briefing', current: BRIEFING_SCHEMA_VERSION, steps: {} };

const today = () => new Date().toISOString().slice(0, 10);

/** The quoted passage with its structure, when the annotation still sits on its quote. */
function passageOf(article: Partial<Pick<Article, 'text' | 'blocks' | 'marks'>>, annotation: Annotation): string | undefined {
  if (article.text === undefined || !article.blocks) return undefined;
  const { start, end } = positionSelector(annotation);
  if (article.text.slice(start, end) !== annotation.target.selector[0].exact) return undefined;
  const passage = passageMarkdown({ text: article.text, blocks: article.blocks, marks: article.marks }, start, end);
  return passage && passage.length <= 40000 ? passage : undefined;
}

export function highlightItem(article: Pick<Article, 'id' | 'meta'> & Partial<Pick<Article, 'text' | 'blocks' | 'marks'>>, annotation: Annotation): HighlightItem {
  const { meta } = article;
  const passage = passageOf(article, annotation);
  return {
    ...(passage ? { passage } : {}),
    kind: 'highlight',
    id: newId('i'),
    annotationId: annotation.id,
    articleId: article.id,
    quote: annotation.target.selector[0].exact,
    note: annotation.note,
    citation: {
      title: meta.title,
      ...(meta.source ? { source: meta.source } : {}),
      ...(meta.published ? { published: meta.published } : {}),
      ...(meta.url ? { url: meta.url } : {}),
    },
    color: annotation.color,
  };
}

export class BriefingService {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: LibraryStore,
    private readonly annotations: AnnotationService,
  ) {}

  private path(id: string): string {
    if (!/^[a-z0-9][a-z0-9_-]{2,63}$/.test(id)) throw new BdError('invalid-params', `"${id}" is not a valid briefing id.`, { field: 'id' });
    return join(this.store.briefingsDir, `${id}.json`);
  }

  list(): BriefingListEntry[] {
    return Object.values(this.store.catalog.briefings).sort((a, b) => (a.modified < b.modified ? 1 : -1));
  }

  async get(id: string): Promise<Briefing> {
    const entry = this.store.catalog.briefings[id];
    const raw = await this.store.readOrQuarantine<Record<string, unknown>>(this.path(id), `Briefing “${entry?.title ?? id}”`);
    if (!raw) {
      throw new BdError('not-found', entry ? `The briefing “${entry.title}” (${id}) is missing or unreadable; a damaged file was moved to quarantine/.` : `No briefing with id ${id}.`, { field: 'id' });
    }
    const { data } = migrate<Record<string, unknown>>(briefingFileSchema, raw, `briefings/${id}.json`);
    const parsed = briefingSchema.safeParse(data);
    if (!parsed.success) {
      const moved = await this.store.quarantine(this.path(id));
      const issue = parsed.error.issues[0];
      this.store.warnings.push({ kind: 'quarantined', file: moved, message: `Briefing “${entry?.title ?? id}” had an invalid field (${issue.path.join('.')}: ${issue.message}) and was moved to ${moved}.` });
      throw new BdError('not-found', `The briefing “${entry?.title ?? id}” was damaged and moved to ${moved}.`);
    }
    return parsed.data;
  }

  /** Saves a whole briefing (validated), then its catalog entry. Serialised. */
  save(briefing: Briefing): Promise<Briefing> {
    // An earlier save's failure went to its own caller; this save still runs.
    const next = this.queue.catch(() => undefined).then(async () => {
      const valid = { ...briefingSchema.parse(briefing), modified: new Date().toISOString() };
      const db = new Low<Briefing>(new DurableJsonFile<Briefing>(this.path(valid.id)), valid);
      db.data = valid;
      await db.write();
      await this.store.setBriefingEntry({ id: valid.id, title: valid.header.title, modified: valid.modified });
      return valid;
    });
    this.queue = next;
    return next;
  }

  async create(input: { title: string; organisation?: string; issueNumber?: number | string; date?: string; template?: TemplateName; articleIds?: string[] }): Promise<Briefing> {
    const now = new Date().toISOString();
    let briefing = createBriefing({ title: input.title, organisation: input.organisation, date: input.date ?? today(), now, template: input.template }, newId);
    if (input.issueNumber !== undefined) briefing = { ...briefing, header: { ...briefing.header, issueNumber: input.issueNumber } };
    const sections = [];
    for (const articleId of input.articleIds ?? []) {
      const article = await this.store.getArticle(articleId);
      const list = (await this.annotations.list(articleId)).filter((a) => !a.orphan);
      sections.push({ id: newId('s'), heading: article.meta.title, items: list.map((a) => highlightItem(article, a)) });
    }
    return this.save({ ...briefing, sections });
  }

  async duplicate(id: string): Promise<Briefing> {
    const source = await this.get(id);
    const title = source.header.title + (briefingLanguage(source) === 'zh' ? '（副本）' : ' (copy)');
    const copy = duplicateBriefing(source, { now: new Date().toISOString(), title, newId });
    return this.save(copy);
  }

  async remove(id: string): Promise<{ id: string; title: string }> {
    const entry = this.store.catalog.briefings[id];
    if (!entry) throw new BdError('not-found', `No briefing with id ${id}.`, { field: 'id' });
    await this.store.setBriefingEntry({ id, remove: true });
    await fs.rm(this.path(id), { force: true });
    return { id, title: entry.title };
  }

  /** Appends highlights (in the order given) to a section, creating a section if none is named. */
  async addHighlights(input: { briefingId: string; sectionId?: string; sectionHeading?: string; highlights: { articleId: string; annotationId: string }[] }): Promise<Briefing> {
    const briefing = await this.get(input.briefingId);
    const items: HighlightItem[] = [];
    const articles = new Map<string, Article>();
    for (const h of input.highlights) {
      const article = articles.get(h.articleId) ?? (await this.store.getArticle(h.articleId));
      articles.set(h.articleId, article);
      const annotation = (await this.annotations.list(h.articleId)).find((a) => a.id === h.annotationId);
      if (!annotation) throw new BdError('not-found', `No highlight ${h.annotationId} in “${article.meta.title}”.`, { field: 'highlights' });
      items.push(highlightItem(article, annotation));
    }
    let sections = briefing.sections;
    const target = input.sectionId ? sections.find((s) => s.id === input.sectionId) : undefined;
    if (input.sectionId && !target) throw new BdError('not-found', `The briefing has no section ${input.sectionId}.`, { field: 'sectionId' });
    if (target) sections = sections.map((s) => (s === target ? { ...s, items: [...s.items, ...items] } : s));
    else {
      const heading = input.sectionHeading ?? (articles.size === 1 ? [...articles.values()][0].meta.title : '');
      sections = [...sections, { id: newId('s'), heading, items }];
    }
    return this.save({ ...briefing, sections });
  }

  /** Pulls current quotes and notes from the linked annotations into the briefing's highlight items. */
  async refreshHighlights(id: string): Promise<{ briefing: Briefing; updated: number; missing: number }> {
    const briefing = await this.get(id);
    let updated = 0;
    let missing = 0;
    const cache = new Map<string, Annotation[]>();
    const sections = [];
    for (const section of briefing.sections) {
      const items = [];
      for (const item of section.items) {
        if (item.kind !== 'highlight') {
          items.push(item);
          continue;
        }
        let list = cache.get(item.articleId);
        if (!list) {
          list = this.store.catalog.articles[item.articleId] ? await this.annotations.list(item.articleId) : [];
          cache.set(item.articleId, list);
        }
        const a = list.find((x) => x.id === item.annotationId);
        if (!a) {
          missing++;
          items.push(item);
          continue;
        }
        const quote = a.target.selector[0].exact;
        if (quote !== item.quote || a.note !== item.note) {
          updated++;
          const article = this.store.catalog.articles[item.articleId] ? await this.store.getArticle(item.articleId) : undefined;
          const passage = article ? passageOf(article, a) : undefined;
          const { passage: _old, ...rest } = item;
          items.push({ ...rest, quote, note: a.note, ...(passage ? { passage } : {}) });
        } else items.push(item);
      }
      sections.push({ ...section, items });
    }
    return { briefing: updated ? await this.save({ ...briefing, sections }) : briefing, updated, missing };
  }
}
