/**
 * Briefings on disk: one lowdb file each (briefings/<id>.json), validated on
 * read, written atomically and durably, with the catalog keeping only the
 * list entry (id, title, modified).
 */
import { createHash } from 'node:crypto';
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
import { issueNumberValue, latestIssue, nextIssue, nextIssueNumber, type IssueRef } from '../../common/briefing/series';
import { DurableJsonFile } from '../library/durable-file';
import { migrate, type FileSchema } from '../library/migrations';
import { newId, type BriefingListEntry, type LibraryStore } from '../library/store';
import type { AnnotationService } from '../annotations/annotation-service';
import { log } from '../diagnostics/log';

/**
 * A series id for a briefing written before series existed: old issues of the
 * same 刊名 and organisation share one (so "next issue" continues from the
 * latest of them); a briefing without a 刊名 is a series of its own.
 */
export function legacySeriesId(publicationName: unknown, organisation: unknown, id: unknown): string {
  const name = typeof publicationName === 'string' ? publicationName.trim() : '';
  const org = typeof organisation === 'string' ? organisation.trim() : '';
  const key = name ? `name\u0000${name}\u0000${org}` : `id\u0000${String(id)}`;
  return 'sr' + createHash('sha256').update(key).digest('hex').slice(0, 12);
}

/**
 * briefings/<id>.json
 *  v1 → v2: the briefing joins a series (`header.series.id`, see
 *  legacySeriesId), and an issue number written as digits ("12") becomes the
 *  number 12, so the next issue can count on from it.
 */
export const briefingFileSchema: FileSchema = {
  kind: 'briefing',
  current: BRIEFING_SCHEMA_VERSION,
  steps: {
    1: (v1) => {
      const header = { ...((v1.header as Record<string, unknown> | undefined) ?? {}) };
      if (typeof header.issueNumber === 'string' && /^\s*\d{1,5}\s*$/.test(header.issueNumber)) header.issueNumber = Number(header.issueNumber.trim());
      if (!header.series) header.series = { id: legacySeriesId(header.publicationName, header.organisation, v1.id) };
      return { ...v1, header };
    },
  },
};

/** What the catalog lists of a briefing. */
function entryOf(b: Briefing): BriefingListEntry {
  const entry: BriefingListEntry = { id: b.id, title: b.header.title, modified: b.modified, date: b.header.date };
  if (b.header.issueNumber !== undefined) entry.issueNumber = b.header.issueNumber;
  if (b.header.series) entry.seriesId = b.header.series.id;
  if (b.header.publicationName?.trim()) entry.seriesName = b.header.publicationName.trim();
  return entry;
}

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

/** A briefing saved (with its content) or deleted (`briefing: null`). */
export interface BriefingChange {
  id: string;
  briefing: Briefing | null;
}

export class BriefingService {
  private queue: Promise<unknown> = Promise.resolve();
  private listeners = new Set<(change: BriefingChange) => void>();

  /** Calls `listener` after every save and delete of a briefing. */
  onChange(listener: (change: BriefingChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(change: BriefingChange): void {
    for (const listener of this.listeners) listener(change);
  }

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
      await this.store.setBriefingEntry(entryOf(valid));
      this.emit({ id: valid.id, briefing: valid });
      return valid;
    });
    this.queue = next;
    return next;
  }

  /**
   * A new briefing: empty, or (`nextOf`, or `series` naming a series that
   * exists) the next issue of a series — its masthead, organisation,
   * distribution and print settings carried over and its 期号 advanced
   * (restarting at 1 in a new year unless the series numbers continuously).
   * `series` naming no existing series starts one under that name.
   */
  async create(input: {
    title?: string;
    organisation?: string;
    issueNumber?: number | string;
    date?: string;
    template?: TemplateName;
    articleIds?: string[];
    nextOf?: string;
    series?: string;
  }): Promise<Briefing> {
    const now = new Date().toISOString();
    const date = input.date ?? today();
    let previous = input.nextOf ? await this.get(input.nextOf) : input.series ? await this.latestOfSeries(input.series) : undefined;
    let briefing: Briefing;
    if (previous) {
      if (!previous.header.series) previous = await this.save({ ...previous, header: { ...previous.header, series: { id: newId('sr') } } });
      const series = previous.header.series!;
      const issueNumber = input.issueNumber ?? nextIssueNumber(await this.issuesOf(series.id), date, series.numbering);
      const n = issueNumberValue(issueNumber) ?? 0;
      briefing = nextIssue(previous, { now, date, issueNumber: n, ...(input.title ? { title: input.title } : {}), newId });
      if (typeof issueNumber === 'string') {
        briefing.header.issueNumber = issueNumber;
        if (!input.title) briefing.header.title = `${briefing.header.publicationName ?? ''} ${issueNumber}`.trim();
      }
      if (input.organisation !== undefined) briefing.header.organisation = input.organisation;
      if (input.template) briefing.template = input.template;
    } else {
      if (!input.title?.trim()) throw new BdError('invalid-params', 'A briefing needs a title (or the series it continues).', { field: 'title' });
      briefing = createBriefing({ title: input.title, organisation: input.organisation, date, now, template: input.template }, newId);
      if (input.series?.trim()) briefing = { ...briefing, header: { ...briefing.header, publicationName: input.series.trim(), issueNumber: 1 } };
      if (input.issueNumber !== undefined) briefing = { ...briefing, header: { ...briefing.header, issueNumber: input.issueNumber } };
    }
    const sections = [];
    for (const articleId of input.articleIds ?? []) {
      const article = await this.store.getArticle(articleId);
      const list = (await this.annotations.list(articleId)).filter((a) => !a.orphan);
      sections.push({ id: newId('s'), heading: article.meta.title, items: list.map((a) => highlightItem(article, a)) });
    }
    return this.save({ ...briefing, sections });
  }

  /**
   * Catalog entries know each issue's series, number and date; entries
   * written before series existed are completed from their files, once.
   */
  private async detailedEntries(): Promise<BriefingListEntry[]> {
    const entries = Object.values(this.store.catalog.briefings);
    for (const entry of entries.filter((e) => e.date === undefined)) {
      // An unreadable briefing keeps its entry as it is (listed, and reported when opened).
      const b = await this.get(entry.id).catch((err) => {
        log.warn('Could not read a briefing to complete its list entry', { briefingId: entry.id, err });
        return null;
      });
      if (b) await this.store.setBriefingEntry({ ...entryOf(b), modified: entry.modified });
    }
    return Object.values(this.store.catalog.briefings);
  }

  /** Every issue of a series: id, date and number. */
  private async issuesOf(seriesId: string): Promise<IssueRef[]> {
    return (await this.detailedEntries()).filter((e) => e.seriesId === seriesId && e.date).map((e) => ({ id: e.id, date: e.date!, issueNumber: e.issueNumber }));
  }

  /** The latest issue of the series printed under `name` (刊名), or undefined when there is none. */
  private async latestOfSeries(name: string): Promise<Briefing | undefined> {
    const wanted = name.trim();
    const issues = (await this.detailedEntries()).filter((e) => e.seriesName === wanted && e.date).map((e) => ({ id: e.id, date: e.date!, issueNumber: e.issueNumber }));
    const latest = latestIssue(issues);
    return latest ? this.get(latest.id) : undefined;
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
    this.emit({ id, briefing: null });
    return { id, title: entry.title };
  }

  /** Appends highlights (in the order given) to a section, creating a section if none is named. */
  async addHighlights(input: {
    briefingId: string;
    sectionId?: string;
    sectionHeading?: string;
    highlights: { articleId: string; annotationId: string }[];
    /** `skip`: highlights the briefing already holds are not added again (default `add`). */
    duplicates?: 'add' | 'skip';
  }): Promise<Briefing> {
    const briefing = await this.get(input.briefingId);
    const items: HighlightItem[] = [];
    const articles = new Map<string, Article>();
    const held = new Set(briefing.sections.flatMap((s) => s.items.flatMap((it) => (it.kind === 'highlight' ? [it.annotationId] : []))));
    const wanted = input.duplicates === 'skip' ? input.highlights.filter((h) => !held.has(h.annotationId) && !!held.add(h.annotationId)) : input.highlights;
    if (!wanted.length) return briefing;
    for (const h of wanted) {
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
