/**
 * Briefings (简报 / 参阅件): the document an analyst composes from highlights
 * and free Markdown, and exports as PDF, DOCX, Markdown or HTML.
 *
 * One briefing is one file on disk (`briefings/<id>.json`), so the zod schemas
 * below validate both files read back and API input. The operations at the end
 * are pure (they return a new briefing and never mutate their argument), so the
 * composer UI can use them for undo/redo and the core for saving.
 */
import { z } from 'zod';
import { BdError } from '../errors';
import {
  Id as BriefingId,
  IsoDate,
  Line,
  LinkUrl,
  Markdown,
  MAX_HEADING_CHARS,
  MAX_HIGHLIGHT_CHARS,
  MAX_ITEMS_PER_SECTION,
  MAX_NAME_CHARS,
  MAX_SECTIONS,
  MAX_TITLE_CHARS,
  Note,
} from '../limits';

/**
 * v1: the first format.
 * v2: every briefing belongs to a series (`header.series`), issue numbers
 *     that are plain numbers are stored as numbers, and the header carries
 *     the print settings `noteLabel`, `sourcesList` and `copies`.
 * v3: a citation URL is http, https or mailto (`javascript:`, `data:`,
 *     `file:` and the like are dropped by the migration).
 */
export const BRIEFING_SCHEMA_VERSION = 3;
export const TEMPLATES = ['modern', 'gbt9704'] as const;
export type TemplateName = (typeof TEMPLATES)[number];

/**
 * How an analyst's comment under an excerpt is labelled in every export:
 * `note` 按 / Note, `comment` 点评 / Comment, `editor` 编者按 / Editor's note,
 * `none` no label. Absent means `note`.
 */
export const NOTE_LABELS = ['note', 'comment', 'editor', 'none'] as const;
/** @public How a highlight item's note is labelled (part of the briefing file's shape). */
export type NoteLabel = (typeof NOTE_LABELS)[number];

/**
 * How a series numbers its issues: `yearly` restarts at 第1期 with the first
 * issue of each calendar year (the usual 简报 practice, "2024年第3期"),
 * `continuous` counts on forever.
 */
export const NUMBERING = ['yearly', 'continuous'] as const;
export type Numbering = (typeof NUMBERING)[number];

const Timestamp = z.string().min(1).max(40);

export const citationSchema = z
  .object({
    source: Line(MAX_NAME_CHARS).optional(),
    title: Line(MAX_TITLE_CHARS),
    published: z.union([IsoDate, z.literal('')]).optional(),
    url: z.union([LinkUrl, z.literal('')]).optional(),
  })
  .strict();

export const highlightItemSchema = z
  .object({
    kind: z.literal('highlight'),
    id: BriefingId,
    /** The annotation this quote came from; kept so later note edits can be pulled in. */
    annotationId: BriefingId,
    articleId: BriefingId,
    quote: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(MAX_HIGHLIGHT_CHARS, `is longer than ${MAX_HIGHLIGHT_CHARS.toLocaleString('en')} characters`),
    /**
     * The quoted passage as Markdown when it has structure the plain quote
     * loses — a table, list items, bold, italics, links (common/marks.ts,
     * `passageMarkdown`); exports draw it instead of the quote's paragraphs.
     * Its links follow the one rule set of every output (http, https, mailto).
     */
    passage: Markdown.optional(),
    note: Note,
    citation: citationSchema,
    color: z.string().max(40).optional(),
  })
  .strict();

export const markdownItemSchema = z
  .object({
    kind: z.literal('markdown'),
    id: BriefingId,
    markdown: Markdown,
  })
  .strict();

export const itemSchema = z.discriminatedUnion('kind', [highlightItemSchema, markdownItemSchema]);

export const sectionSchema = z
  .object({
    id: BriefingId,
    heading: Line(MAX_HEADING_CHARS),
    items: z.array(itemSchema).max(MAX_ITEMS_PER_SECTION, `has more than ${MAX_ITEMS_PER_SECTION.toLocaleString('en')} items`),
  })
  .strict();

export const distributionSchema = z
  .object({
    /** 报: sent up to. */
    to: z.string().max(2000).optional(),
    /** 送: sent across to. */
    cc: z.string().max(2000).optional(),
    /** 发: issued down to. */
    issuedTo: z.string().max(2000).optional(),
  })
  .strict();

/** 第N期: a number, or text such as 2023年第12期. */
export const IssueNumber = z.union([z.number().int().min(0).max(100000), Line(40)]);

export const seriesSchema = z
  .object({
    /** Shared by every issue of the series; the name, organisation and distribution are the issue's own header fields. */
    id: BriefingId,
    numbering: z.enum(NUMBERING).optional(),
  })
  .strict();

export const headerSchema = z
  .object({
    title: Line(MAX_HEADING_CHARS).refine((s) => s.trim().length > 0, 'must not be empty'),
    organisation: Line(MAX_NAME_CHARS),
    issueNumber: IssueNumber.optional(),
    date: IsoDate,
    classification: Line(200).optional(),
    distribution: distributionSchema.optional(),
    /** Name of the series printed in the masthead, e.g. 政策简报. */
    publicationName: Line(60).optional(),
    /** Language of labels ("摘要" or "Summary"); guessed from the title when absent. */
    language: z.enum(['zh', 'en']).optional(),
    /** The series this issue belongs to; its next issue carries the masthead, organisation and distribution over. */
    series: seriesSchema.optional(),
    /** Label of analyst comments under excerpts (按 / 点评 / 编者按 / none); absent = `note` (按). */
    noteLabel: z.enum(NOTE_LABELS).optional(),
    /** Print a sources list (参考来源) at the end; absent = yes in `modern`, no in `gbt9704`. */
    sourcesList: z.boolean().optional(),
    /** Number of printed copies, shown in the 版记 as 共印N份. */
    copies: z.number().int().min(1).max(1_000_000).optional(),
  })
  .strict();

export const briefingSchema = z
  .object({
    schemaVersion: z.literal(BRIEFING_SCHEMA_VERSION),
    id: BriefingId,
    header: headerSchema,
    summary: Markdown,
    sections: z.array(sectionSchema).max(MAX_SECTIONS, `has more than ${MAX_SECTIONS} sections`),
    created: Timestamp,
    modified: Timestamp,
    template: z.enum(TEMPLATES).optional(),
  })
  .strict();

/** @public Where a highlight item's passage comes from (part of the briefing file's shape). */
export type Citation = z.infer<typeof citationSchema>;
export type HighlightItem = z.infer<typeof highlightItemSchema>;
/** @public A free Markdown item of a section (part of the briefing file's shape). */
export type MarkdownItem = z.infer<typeof markdownItemSchema>;
export type Item = z.infer<typeof itemSchema>;
export type Section = z.infer<typeof sectionSchema>;
export type BriefingHeader = z.infer<typeof headerSchema>;
export type Distribution = z.infer<typeof distributionSchema>;
/** @public A briefing's series settings (part of the briefing file's shape). */
export type Series = z.infer<typeof seriesSchema>;
export interface Briefing extends z.infer<typeof briefingSchema> {}

/**
 * Validates unknown input as a briefing. `where` names the file or parameter in
 * the error, e.g. `briefings/b1.json` or `briefing`; the message names the field.
 */
export function parseBriefing(value: unknown, where = 'briefing'): Briefing {
  const result = briefingSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.map(String).join('.');
  throw new BdError('invalid-params', `${where}: ${field || 'value'} ${issue.message}`, {
    field: field ? `${where}.${field}` : where,
  });
}

/** The language labels are written in: the header's, else Chinese when the title has CJK characters. */
export function briefingLanguage(b: Pick<Briefing, 'header'>): 'zh' | 'en' {
  if (b.header.language) return b.header.language;
  return /[\u3400-\u9fff\uf900-\ufaff]/.test(b.header.title) ? 'zh' : 'en';
}

// ---------------------------------------------------------------------------
// Pure operations. Each returns a new briefing (structural sharing) with
// `modified` left to the caller's `now`, and throws BdError('not-found') with
// the missing id, so a stale UI gets a sentence it can show.

export type IdFactory = (prefix: string) => string;

/** Random ids in the store's format; uses Web Crypto, present in Node and browsers. */
export const randomId: IdFactory = (prefix) => {
  const bytes = new Uint8Array(6);
  globalThis.crypto.getRandomValues(bytes);
  return prefix + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
};

export interface NewBriefingInput {
  title: string;
  organisation?: string;
  date: string;
  now: string;
  template?: TemplateName;
}

/** A new, empty briefing that starts a series of its own (its next issues join it). */
export function createBriefing(input: NewBriefingInput, newId: IdFactory = randomId): Briefing {
  return parseBriefing({
    schemaVersion: BRIEFING_SCHEMA_VERSION,
    id: newId('b'),
    header: { title: input.title, organisation: input.organisation ?? '', date: input.date, series: { id: newId('sr') } },
    summary: '',
    sections: [],
    created: input.now,
    modified: input.now,
    ...(input.template ? { template: input.template } : {}),
  });
}

function touch(b: Briefing, sections: Section[], now?: string): Briefing {
  return { ...b, sections, modified: now ?? b.modified };
}

function sectionIndex(b: Briefing, sectionId: string): number {
  const i = b.sections.findIndex((s) => s.id === sectionId);
  if (i < 0)
    throw new BdError('not-found', `The briefing has no section ${sectionId}; it may have been deleted. Reload the briefing.`, {
      key: 'briefing.noSection',
      params: { id: sectionId },
    });
  return i;
}

/** Finds an item anywhere in the briefing. */
export function findItem(b: Briefing, itemId: string): { sectionIndex: number; itemIndex: number; item: Item } | null {
  for (let s = 0; s < b.sections.length; s++) {
    const i = b.sections[s].items.findIndex((it) => it.id === itemId);
    if (i >= 0) return { sectionIndex: s, itemIndex: i, item: b.sections[s].items[i] };
  }
  return null;
}

function requireItem(b: Briefing, itemId: string) {
  const found = findItem(b, itemId);
  if (!found)
    throw new BdError('not-found', `The briefing has no item ${itemId}; it may have been removed. Reload the briefing.`, {
      key: 'briefing.noItem',
      params: { id: itemId },
    });
  return found;
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, n));
}

export function addSection(b: Briefing, heading: string, opts: { index?: number; now?: string; newId?: IdFactory } = {}): Briefing {
  const section: Section = { id: (opts.newId ?? randomId)('s'), heading, items: [] };
  const sections = [...b.sections];
  sections.splice(clamp(opts.index ?? sections.length, 0, sections.length), 0, section);
  return touch(b, sections, opts.now);
}

export function renameSection(b: Briefing, sectionId: string, heading: string, now?: string): Briefing {
  const i = sectionIndex(b, sectionId);
  const sections = [...b.sections];
  sections[i] = { ...sections[i], heading };
  return touch(b, sections, now);
}

export function removeSection(b: Briefing, sectionId: string, now?: string): Briefing {
  const i = sectionIndex(b, sectionId);
  return touch(
    b,
    b.sections.filter((_, k) => k !== i),
    now,
  );
}

/** Moves a section to `toIndex` (position in the list after removal). */
export function moveSection(b: Briefing, sectionId: string, toIndex: number, now?: string): Briefing {
  const from = sectionIndex(b, sectionId);
  const sections = [...b.sections];
  const [moved] = sections.splice(from, 1);
  sections.splice(clamp(toIndex, 0, sections.length), 0, moved);
  return touch(b, sections, now);
}

/** Adds an item (its id is kept, or made when absent) to a section, at the end unless `index` is given. */
export function addItem(
  b: Briefing,
  sectionId: string,
  item: Item | DistributiveOmit<Item, 'id'>,
  opts: { index?: number; now?: string; newId?: IdFactory } = {},
): Briefing {
  const s = sectionIndex(b, sectionId);
  const full = ('id' in item && item.id ? item : { ...item, id: (opts.newId ?? randomId)('i') }) as Item;
  if (findItem(b, full.id))
    throw new BdError('duplicate', `Item ${full.id} is already in this briefing.`, { key: 'briefing.itemAlready', params: { id: full.id } });
  const items = [...b.sections[s].items];
  items.splice(clamp(opts.index ?? items.length, 0, items.length), 0, full);
  const sections = [...b.sections];
  sections[s] = { ...sections[s], items };
  return touch(b, sections, opts.now);
}

export type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

/** Replaces an item's fields (not its id or kind). */
export function updateItem(b: Briefing, itemId: string, patch: Partial<DistributiveOmit<Item, 'id' | 'kind'>>, now?: string): Briefing {
  const { sectionIndex: s, itemIndex: i, item } = requireItem(b, itemId);
  const items = [...b.sections[s].items];
  items[i] = { ...item, ...patch, id: item.id, kind: item.kind } as Item;
  const sections = [...b.sections];
  sections[s] = { ...sections[s], items };
  return touch(b, sections, now);
}

export function removeItem(b: Briefing, itemId: string, now?: string): Briefing {
  const { sectionIndex: s, itemIndex: i } = requireItem(b, itemId);
  const sections = [...b.sections];
  sections[s] = { ...sections[s], items: sections[s].items.filter((_, k) => k !== i) };
  return touch(b, sections, now);
}

/**
 * Moves an item to another (or the same) section at `toIndex`, the position in
 * the target list after the item has been taken out.
 */
export function moveItem(b: Briefing, itemId: string, toSectionId: string, toIndex: number, now?: string): Briefing {
  const { sectionIndex: from, itemIndex: i, item } = requireItem(b, itemId);
  const to = sectionIndex(b, toSectionId);
  const sections = b.sections.map((s) => ({ ...s, items: [...s.items] }));
  sections[from].items.splice(i, 1);
  const target = sections[to].items;
  target.splice(clamp(toIndex, 0, target.length), 0, item);
  return touch(b, sections, now);
}

/** Copies an item right after itself with a new id. */
export function duplicateItem(b: Briefing, itemId: string, opts: { now?: string; newId?: IdFactory } = {}): Briefing {
  const { sectionIndex: s, itemIndex: i, item } = requireItem(b, itemId);
  const copy = { ...item, id: (opts.newId ?? randomId)('i') } as Item;
  const items = [...b.sections[s].items];
  items.splice(i + 1, 0, copy);
  const sections = [...b.sections];
  sections[s] = { ...sections[s], items };
  return touch(b, sections, opts.now);
}

/** Copies a section and its items right after itself, every copy with a new id. */
export function duplicateSection(b: Briefing, sectionId: string, opts: { now?: string; newId?: IdFactory } = {}): Briefing {
  const newId = opts.newId ?? randomId;
  const i = sectionIndex(b, sectionId);
  const src = b.sections[i];
  const copy: Section = { ...src, id: newId('s'), items: src.items.map((it) => ({ ...it, id: newId('i') }) as Item) };
  const sections = [...b.sections];
  sections.splice(i + 1, 0, copy);
  return touch(b, sections, opts.now);
}

/** A copy of the whole briefing with fresh ids (the "save as" of the composer). */
export function duplicateBriefing(b: Briefing, opts: { now: string; title?: string; newId?: IdFactory }): Briefing {
  const newId = opts.newId ?? randomId;
  return {
    ...b,
    id: newId('b'),
    header: { ...b.header, title: opts.title ?? b.header.title },
    sections: b.sections.map((s) => ({ ...s, id: newId('s'), items: s.items.map((it) => ({ ...it, id: newId('i') }) as Item) })),
    created: opts.now,
    modified: opts.now,
  };
}

/** Every highlight item that came from an annotation. */
export function itemsForAnnotation(b: Briefing, annotationId: string): HighlightItem[] {
  const out: HighlightItem[] = [];
  for (const s of b.sections) for (const it of s.items) if (it.kind === 'highlight' && it.annotationId === annotationId) out.push(it);
  return out;
}

/**
 * Pulls a newer note and quote of an annotation into every item made from it.
 * Returns the same object when nothing changed, so callers can skip a save.
 */
export function syncFromAnnotation(b: Briefing, annotation: { id: string; note: string; quote?: string }, now?: string): Briefing {
  let changed = false;
  const sections = b.sections.map((s) => {
    let sectionChanged = false;
    const items = s.items.map((it) => {
      if (it.kind !== 'highlight' || it.annotationId !== annotation.id) return it;
      const quote = annotation.quote ?? it.quote;
      if (it.note === annotation.note && it.quote === quote) return it;
      sectionChanged = true;
      return { ...it, note: annotation.note, quote };
    });
    if (!sectionChanged) return s;
    changed = true;
    return { ...s, items };
  });
  return changed ? touch(b, sections, now) : b;
}
