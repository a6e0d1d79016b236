/**
 * Briefings on disk: one file each (briefings/<id>.json), read and written
 * through the file-kind registry (migrated and validated both ways),
 * atomically and durably, with the catalog keeping only the list entry (id,
 * title, modified). Every change holds the briefing (`briefing:<id>`, the
 * library's one serialisation mechanism) from reading it to writing it, so
 * concurrent additions are all kept.
 */
import { Low } from 'lowdb';
import { createBriefing, duplicateBriefing, briefingLanguage, type Briefing, type HighlightItem, type TemplateName } from '../../common/briefing/model';
import { positionSelector, quoteSelector, type Annotation } from '../../common/annotation';
import { passageMarkdown } from '../../common/marks';
import type { Article } from '../../common/model';
import { BdError } from '../../common/errors';
import type { MessageSubject } from '../../common/library-messages';
import { ID_PATTERN, isCalendarDate, MAX_HEADING_CHARS, MAX_MARKDOWN_CHARS, MAX_NAME_CHARS, MAX_TITLE_CHARS, oneLine } from '../../common/limits';
import { safeLinkUrl } from '../../common/safe-url';
import { issueNumberValue, latestIssue, nextIssue, nextIssueNumber, type IssueRef } from '../../common/briefing/series';
import { KindFile } from '../library/durable-file';
import { briefingKind, briefingListEntry, legacySeriesId } from '../library/file-kinds';
import type { Lease } from '../library/serial';
import { newId, type BriefingListEntry, type LibraryStore } from '../library/store';
import type { AnnotationService } from '../annotations/annotation-service';

export { legacySeriesId };

const today = () => new Date().toISOString().slice(0, 10);

/** The quoted passage with its structure, when the annotation still sits on its quote. */
function passageOf(article: Partial<Pick<Article, 'text' | 'blocks' | 'marks'>>, annotation: Annotation): string | undefined {
  if (article.text === undefined || !article.blocks) return undefined;
  const { start, end } = positionSelector(annotation);
  if (article.text.slice(start, end) !== annotation.target.selector[0].exact) return undefined;
  const passage = passageMarkdown({ text: article.text, blocks: article.blocks, marks: article.marks }, start, end);
  return passage && passage.length <= MAX_MARKDOWN_CHARS ? passage : undefined;
}

/**
 * A briefing item quoting a highlight, with the article's citation (and the
 * passage's structure as Markdown when it has any). Whatever the article's
 * metadata holds, the citation fits the briefing's rules: one line per
 * field, a date only when it is a calendar date, a URL only when it may be a
 * link.
 */
export function highlightItem(
  article: Pick<Article, 'id' | 'meta'> & Partial<Pick<Article, 'text' | 'blocks' | 'marks'>>,
  annotation: Annotation,
): HighlightItem {
  const { meta } = article;
  const url = safeLinkUrl(meta.url);
  const source = meta.source ? oneLine(meta.source, MAX_NAME_CHARS) : '';
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
      title: oneLine(meta.title, MAX_TITLE_CHARS),
      ...(source ? { source } : {}),
      ...(meta.published && isCalendarDate(meta.published) ? { published: meta.published } : {}),
      ...(url ? { url } : {}),
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
    return this.store.briefingPath(id);
  }

  private subject(id: string): MessageSubject {
    const title = this.store.briefingEntry(id)?.title;
    return { thing: 'briefing', ...(title ? { title } : { id }) };
  }

  list(): BriefingListEntry[] {
    return Object.values(this.store.catalog.briefings).sort((a, b) => (a.modified < b.modified ? 1 : -1));
  }

  /** The briefing (migrated and validated); not-found when it does not exist or was damaged (then quarantined and reported). */
  async get(id: string, lease?: Lease): Promise<Briefing> {
    if (!this.store.catalogLoaded) {
      // A lazy open (the CLI's export): a briefing file that reads whole is the answer; anything else takes the ordinary path.
      const whole = ID_PATTERN.test(id) ? await this.store.readWhole(briefingKind, this.path(id)) : null;
      if (whole && 'data' in whole && whole.data.id === id) return whole.data;
      await this.store.ensureCatalog();
    }
    const entry = this.store.briefingEntry(id);
    const briefing = await this.store.readFile(briefingKind, this.path(id), { key: `briefing:${id}`, subject: this.subject(id), briefingId: id }, lease);
    if (!briefing) {
      throw new BdError(
        'not-found',
        entry
          ? `The briefing “${entry.title}” (${id}) is missing or unreadable; a damaged file was moved to quarantine/ (see the library problems).`
          : `No briefing with id ${id}.`,
        entry ? { field: 'id', key: 'briefing.unreadable', params: { id, title: entry.title } } : { field: 'id', key: 'briefing.notFound', params: { id } },
      );
    }
    return briefing;
  }

  /** Writes a briefing (validated: a briefing that would not read back is refused, nothing written) and its list entry. Call holding `briefing:<id>`. */
  private async write(briefing: Briefing, keepModified = false): Promise<Briefing> {
    const valid = keepModified ? briefing : { ...briefing, modified: new Date().toISOString() };
    const db = new Low<Briefing>(
      new KindFile(briefingKind, this.path(valid.id), { tmpDir: this.store.tmpDir, what: `The briefing “${valid.header.title}”` }),
      valid,
    );
    db.data = valid;
    await db.write();
    await this.store.setBriefingEntry(briefingListEntry(valid));
    this.emit({ id: valid.id, briefing: valid });
    return valid;
  }

  /** Saves a whole briefing (the composer's save). */
  save(briefing: Briefing): Promise<Briefing> {
    return this.store.serial.run(`briefing:${briefing.id}`, () => this.write(briefing));
  }

  /**
   * Puts another library's copy of a briefing (a backup) here as it is,
   * keeping its modified time: added when this library lacks it, replacing
   * the saved one only when the copy was modified later, otherwise `kept`.
   */
  restoreCopy(briefing: Briefing): Promise<'added' | 'updated' | 'kept'> {
    return this.store.serial.run(`briefing:${briefing.id}`, async (held) => {
      const saved = this.store.briefingEntry(briefing.id) ? await this.get(briefing.id, held).catch(() => null) : null;
      if (saved && saved.modified >= briefing.modified) return 'kept';
      await this.write(briefing, true);
      return saved ? 'updated' : 'added';
    });
  }

  /** Reads, changes and writes one briefing, holding it throughout. */
  private mutate(id: string, change: (briefing: Briefing, lease: Lease) => Promise<Briefing> | Briefing): Promise<Briefing> {
    return this.store.serial.run(`briefing:${id}`, async (held) => this.write(await change(await this.get(id, held), held)));
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
      if (!input.title?.trim())
        throw new BdError('invalid-params', 'A briefing needs a title (or the series it continues).', { field: 'title', key: 'briefing.needsTitle' });
      briefing = createBriefing({ title: input.title, organisation: input.organisation, date, now, template: input.template }, newId);
      if (input.series?.trim()) briefing = { ...briefing, header: { ...briefing.header, publicationName: input.series.trim(), issueNumber: 1 } };
      if (input.issueNumber !== undefined) briefing = { ...briefing, header: { ...briefing.header, issueNumber: input.issueNumber } };
    }
    const sections = [];
    for (const articleId of input.articleIds ?? []) {
      const article = await this.store.getArticle(articleId);
      const list = (await this.annotations.list(articleId)).filter((a) => !a.orphan);
      sections.push({ id: newId('s'), heading: oneLine(article.meta.title, MAX_HEADING_CHARS), items: list.map((a) => highlightItem(article, a)) });
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
      const b = await this.get(entry.id).catch(() => null);
      if (b) await this.store.setBriefingEntry({ ...briefingListEntry(b), modified: entry.modified });
    }
    return Object.values(this.store.catalog.briefings);
  }

  /** Every issue of a series: id, date and number. */
  private async issuesOf(seriesId: string): Promise<IssueRef[]> {
    return (await this.detailedEntries())
      .filter((e) => e.seriesId === seriesId && e.date)
      .map((e) => ({ id: e.id, date: e.date!, issueNumber: e.issueNumber }));
  }

  /** The latest issue of the series printed under `name` (刊名), or undefined when there is none. */
  private async latestOfSeries(name: string): Promise<Briefing | undefined> {
    const wanted = name.trim();
    const issues = (await this.detailedEntries())
      .filter((e) => e.seriesName === wanted && e.date)
      .map((e) => ({ id: e.id, date: e.date!, issueNumber: e.issueNumber }));
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
    return this.store.serial.run(`briefing:${id}`, async () => {
      const entry = this.store.briefingEntry(id);
      if (!entry) throw new BdError('not-found', `No briefing with id ${id}.`, { field: 'id', key: 'briefing.notFound', params: { id } });
      await this.store.removeBriefingFile(id);
      this.emit({ id, briefing: null });
      return { id, title: entry.title };
    });
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
    const briefing = await this.get(input.briefingId); // not-found before any work
    const items: HighlightItem[] = [];
    const articles = new Map<string, Article>();
    const held = new Set(briefing.sections.flatMap((s) => s.items.flatMap((it) => (it.kind === 'highlight' ? [it.annotationId] : []))));
    const wanted = input.duplicates === 'skip' ? input.highlights.filter((h) => !held.has(h.annotationId) && !!held.add(h.annotationId)) : input.highlights;
    if (!wanted.length) return briefing;
    for (const h of wanted) {
      const article = articles.get(h.articleId) ?? (await this.store.getArticle(h.articleId));
      articles.set(h.articleId, article);
      const annotation = (await this.annotations.list(h.articleId)).find((a) => a.id === h.annotationId);
      if (!annotation) {
        throw new BdError('not-found', `No highlight ${h.annotationId} in “${article.meta.title}”.`, {
          field: 'highlights',
          key: 'briefing.highlightGone',
          params: { id: h.annotationId, title: article.meta.title },
        });
      }
      items.push(highlightItem(article, annotation));
    }
    return this.store.serial.run(`briefing:${input.briefingId}`, async (lease) => {
      const briefing = await this.get(input.briefingId, lease);
      // Duplicates are judged again on the briefing as held: a save in between may have added some.
      const inNow = new Set(briefing.sections.flatMap((s) => s.items.flatMap((it) => (it.kind === 'highlight' ? [it.annotationId] : []))));
      const fresh = input.duplicates === 'skip' ? items.filter((it) => !inNow.has(it.annotationId)) : items;
      if (!fresh.length) return briefing;
      let sections = briefing.sections;
      const target = input.sectionId ? sections.find((s) => s.id === input.sectionId) : undefined;
      if (input.sectionId && !target) {
        throw new BdError('not-found', `The briefing has no section ${input.sectionId}.`, {
          field: 'sectionId',
          key: 'briefing.noSection',
          params: { id: input.sectionId },
        });
      }
      if (target) sections = sections.map((s) => (s === target ? { ...s, items: [...s.items, ...fresh] } : s));
      else {
        const heading = input.sectionHeading ?? (articles.size === 1 ? oneLine([...articles.values()][0].meta.title, MAX_HEADING_CHARS) : '');
        sections = [...sections, { id: newId('s'), heading, items: fresh }];
      }
      return this.write({ ...briefing, sections });
    });
  }

  /** Pulls current quotes and notes from the linked annotations into the briefing's highlight items. */
  async refreshHighlights(id: string): Promise<{ briefing: Briefing; updated: number; missing: number }> {
    let updated = 0;
    let missing = 0;
    const briefing = await this.store.serial.run(`briefing:${id}`, async (held) => {
      const current = await this.get(id, held);
      const linked = await this.linkedHighlights(current);
      const sections = [];
      for (const section of current.sections) {
        const items = [];
        for (const item of section.items) {
          const link = item.kind === 'highlight' ? linked.get(item.id) : undefined;
          if (item.kind !== 'highlight' || !link) {
            if (item.kind === 'highlight') missing++;
            items.push(item);
            continue;
          }
          const quote = quoteOf(link);
          if (quote !== item.quote || link.note !== item.note) {
            updated++;
            const article = this.store.has(item.articleId) ? await this.store.getArticle(item.articleId) : undefined;
            const passage = article ? passageOf(article, link) : undefined;
            const { passage: _old, ...rest } = item;
            void _old;
            items.push({ ...rest, quote, note: link.note, ...(passage ? { passage } : {}) });
          } else items.push(item);
        }
        sections.push({ ...section, items });
      }
      return updated ? this.write({ ...current, sections }) : current;
    });
    return { briefing, updated, missing };
  }

  /**
   * The excerpts of a briefing that no longer say what their highlight says
   * (nothing is written): `changed` — the highlight's text differs from the
   * excerpt's quote (the article was corrected under it, or the highlight
   * was moved); `missing` — the highlight or its article is gone; `orphaned` —
   * the highlight is kept but its passage is no longer in the article (the
   * text was deleted under it). Item ids in briefing order. `refreshHighlights` brings the changed ones up to date.
   * A note edited in the briefing is not a change (it may be meant for it).
   * Errors: `not-found` for an unknown briefing.
   */
  async highlightChanges(id: string): Promise<{ changed: string[]; missing: string[]; orphaned: string[] }> {
    const briefing = await this.get(id);
    const linked = await this.linkedHighlights(briefing);
    const changed: string[] = [];
    const missing: string[] = [];
    const orphaned: string[] = [];
    for (const section of briefing.sections)
      for (const item of section.items) {
        if (item.kind !== 'highlight') continue;
        const link = linked.get(item.id);
        if (!link) missing.push(item.id);
        else if (link.orphan) orphaned.push(item.id);
        else if (quoteOf(link) !== item.quote) changed.push(item.id);
      }
    return { changed, missing, orphaned };
  }

  /** Each highlight item's highlight as the library has it now, by item id (absent: the highlight or its article is gone). */
  private async linkedHighlights(briefing: Briefing): Promise<Map<string, Annotation>> {
    const byArticle = new Map<string, Annotation[]>();
    const linked = new Map<string, Annotation>();
    for (const section of briefing.sections)
      for (const item of section.items) {
        if (item.kind !== 'highlight') continue;
        let list = byArticle.get(item.articleId);
        if (!list) {
          list = this.store.has(item.articleId) ? await this.annotations.list(item.articleId) : [];
          byArticle.set(item.articleId, list);
        }
        const a = list.find((x) => x.id === item.annotationId);
        if (a) linked.set(item.id, a);
      }
    return linked;
  }
}

/** The text a highlight marks (its TextQuoteSelector's `exact`). */
function quoteOf(a: Annotation): string {
  return quoteSelector(a).exact;
}
