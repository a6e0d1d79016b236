/**
 * The registry of every kind of file the library keeps (DESIGN.md, "Data on
 * disk"): for each, its zod schema, its current `schemaVersion` and its
 * numbered migrations. Every read goes through `decodeFile` (parse → refuse a
 * newer version → migrate → validate) and every write through `encodeFile`
 * (validate → serialise), so nothing wrong-shaped is ever written and
 * nothing read is trusted without a check.
 *
 * `steps[n]` turns a file of schemaVersion n into n + 1. A committed fixture
 * of every old version of every kind lives in `tests/fixtures/file-kinds/`
 * and `file-kinds.test.ts` fails when one is missing.
 *
 * What a read can find, and what the store does about it:
 *   missing                 → nothing (null)
 *   newer schemaVersion     → refused read-only and left in place, never quarantined
 *   unparsable, wrong shape → moved to quarantine/ (derived files: rebuilt), the user told
 *   some items wrong        → kinds with `salvage` keep the good items; the original
 *                             file is copied to quarantine/ and the user told
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { annotationSchema, annotationsFileSchema, ANNOTATIONS_SCHEMA_VERSION, ORPHAN_REASONS, type AnnotationsFile } from '../../common/annotation';
import { BRIEFING_SCHEMA_VERSION, briefingSchema, itemSchema, sectionSchema, type Briefing } from '../../common/briefing/model';
import { BLOCK_KINDS, COLOR_KEYS, MARK_KINDS, type Article, type CatalogEntry } from '../../common/model';
import { BdError } from '../../common/errors';
import { Id, ID_PATTERN, MAX_NOTE_CHARS, MAX_TAG_CHARS } from '../../common/limits';
import { isSafeLinkUrl, isWebUrl } from '../../common/safe-url';
import { draftInputSchema, type Draft } from '../../common/contract/drafts';
import { isLibraryMessage, type LibraryMessage } from '../../common/library-messages';

export type Migration = (data: Record<string, unknown>) => Record<string, unknown>;

export type FileKindName =
  'catalog' | 'article' | 'annotations' | 'briefing' | 'settings' | 'index-state' | 'index-segments' | 'highlight-summary' | 'problems' | 'session' | 'drafts';

export interface FileKind<T> {
  kind: FileKindName;
  /** Where the file lives inside the library, for messages and documentation. */
  file: string;
  current: number;
  schema: z.ZodType<T>;
  steps: Record<number, Migration>;
  /** Derived files are rebuilt when damaged, never quarantined. */
  derived?: boolean;
  /**
   * For files holding a list of independent items: the file with only the
   * items that are valid, and what was dropped. Null when even the frame of
   * the file is wrong (then the whole file is quarantined).
   */
  salvage?: (data: Record<string, unknown>) => { data: T; dropped: string[] } | null;
  /** False for files too large to validate on every write, whose parts are validated as they change (the catalog). */
  validateOnWrite?: boolean;
  /**
   * For large files read on every open (the catalog): a quick check that is
   * true only when `schema` would accept the data as it is, unchanged. When
   * it answers true the schema is skipped; false sends the data through the
   * schema (and salvage) as usual, so it may be false for valid data but
   * never true for invalid data (`catalog-fast-check.property.test.ts`).
   */
  fastCheck?: (data: Record<string, unknown>) => boolean;
}

export type Decoded<T> =
  | { ok: true; data: T; from: number; migrated: boolean; dropped?: string[] }
  | { ok: false; problem: 'unparsable' | 'wrong-shape'; reason: string }
  | { ok: false; problem: 'newer'; version: number; reason: string };

/** A short description of the first problems zod found, naming fields by path (`annotations.3.target`). */
export function describeIssues(error: z.ZodError, max = 3): string {
  const parts = error.issues.slice(0, max).map((i) => `${i.path.map(String).join('.') || '(file)'}: ${i.message}`);
  const more = error.issues.length > max ? ` (and ${error.issues.length - max} more)` : '';
  return parts.join('; ') + more;
}

/** Reads the text of a file of `kind`: parse, refuse newer, migrate, validate (or salvage). */
export function decodeFile<T>(kind: FileKind<T>, text: string): Decoded<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, problem: 'unparsable', reason: (err as Error).message };
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, problem: 'wrong-shape', reason: 'the top level is not an object' };
  }
  const record = raw as Record<string, unknown>;
  const version = record.schemaVersion === undefined ? 1 : record.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { ok: false, problem: 'wrong-shape', reason: `schemaVersion: ${JSON.stringify(version)} is not a version number` };
  }
  if (version > kind.current) {
    return {
      ok: false,
      problem: 'newer',
      version,
      reason: `it was written by a newer Briefing Desk (${kind.kind} schemaVersion ${version}; this version reads up to ${kind.current})`,
    };
  }
  let data = record;
  try {
    for (let v = version; v < kind.current; v++) {
      const step = kind.steps[v];
      if (!step) throw new Error(`no migration for ${kind.kind} from schemaVersion ${v}`);
      data = { ...step(data), schemaVersion: v + 1 };
    }
  } catch (err) {
    return { ok: false, problem: 'wrong-shape', reason: `it could not be upgraded from schemaVersion ${version} (${(err as Error).message})` };
  }
  if (kind.fastCheck?.(data)) return { ok: true, data: data as T, from: version, migrated: version !== kind.current };
  const parsed = kind.schema.safeParse(data);
  if (parsed.success) return { ok: true, data: parsed.data, from: version, migrated: version !== kind.current };
  const salvaged = kind.salvage?.(data);
  if (salvaged && salvaged.dropped.length) {
    return { ok: true, data: salvaged.data, from: version, migrated: version !== kind.current, dropped: salvaged.dropped };
  }
  return { ok: false, problem: 'wrong-shape', reason: describeIssues(parsed.error) };
}

/**
 * The text to write for `data`, validated against the kind's schema first: a
 * value that would not read back is refused with the fields named, and
 * nothing is written. `what` names the file in the message.
 */
export function encodeFile<T>(kind: FileKind<T>, data: T, what: string, indent?: number): string {
  if (kind.validateOnWrite !== false) {
    const parsed = kind.schema.safeParse(data);
    if (!parsed.success) {
      throw new BdError('refused', `${what} was not saved: it would not be valid (${describeIssues(parsed.error)}). Nothing was changed.`, {
        detail: { kind: kind.kind },
      });
    }
  }
  return JSON.stringify(data, null, indent);
}

// ---------------------------------------------------------------- shared parts

const Str = z.string();
const OptStr = z.string().optional();

/** Article metadata as stored: types checked, limits left to the API (old files may hold longer values). */
const storedMetaSchema = z.looseObject({
  title: Str,
  subtitle: OptStr,
  source: OptStr,
  author: OptStr,
  published: OptStr,
  url: z
    .string()
    .refine((u) => u === '' || isWebUrl(u), 'must be an http(s) address')
    .optional(),
  docNumber: OptStr,
  tags: z.array(Str),
  industry: OptStr,
  region: OptStr,
  note: OptStr,
});

const FORMATS = ['text', 'markdown', 'html', 'docx', 'pdf', 'clipboard'] as const;

const blockSchema = z.looseObject({
  kind: z.enum(BLOCK_KINDS),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  level: z.number().int().min(1).max(6).optional(),
});

const markSchema = z
  .object({
    kind: z.enum(MARK_KINDS),
    start: z.number().int().nonnegative(),
    end: z.number().int().nonnegative(),
    href: z.string().refine(isSafeLinkUrl, 'must be an http, https or mailto link').optional(),
  })
  .strict();

/** Drops a URL that may not be a link, and turns line breaks in single-line fields into spaces. */
function cleanMeta(meta: unknown): unknown {
  if (!meta || typeof meta !== 'object') return meta;
  const out: Record<string, unknown> = { ...(meta as Record<string, unknown>) };
  if (typeof out.url === 'string' && out.url !== '' && !isWebUrl(out.url)) delete out.url;
  for (const field of ['title', 'subtitle', 'source', 'author']) {
    if (typeof out[field] === 'string') out[field] = (out[field] as string).replace(/\s*[\r\n]+\s*/g, ' ');
  }
  return out;
}

// ---------------------------------------------------------------- catalog.json

/** One catalog row. */
export const catalogEntrySchema: z.ZodType<CatalogEntry> = storedMetaSchema.extend({
  id: Id,
  added: Str,
  modified: Str,
  contentHash: Str,
  chars: z.number().int().nonnegative(),
  format: z.enum(FORMATS),
}) as unknown as z.ZodType<CatalogEntry>;

export const briefingListEntrySchema = z
  .object({
    id: Id,
    title: Str,
    modified: Str,
    /** YYYY-MM-DD of the issue (absent in entries written before series existed). */
    date: OptStr,
    issueNumber: z.union([z.number(), Str]).optional(),
    /** The series the briefing belongs to, and its name as printed in the masthead (刊名). */
    seriesId: OptStr,
    seriesName: OptStr,
  })
  .strict();
export type BriefingListEntry = z.infer<typeof briefingListEntrySchema>;

/** What the catalog lists of a briefing. */
export function briefingListEntry(b: Briefing): BriefingListEntry {
  const entry: BriefingListEntry = { id: b.id, title: b.header.title, modified: b.modified, date: b.header.date };
  if (b.header.issueNumber !== undefined) entry.issueNumber = b.header.issueNumber;
  if (b.header.series) entry.seriesId = b.header.series.id;
  if (b.header.publicationName?.trim()) entry.seriesName = b.header.publicationName.trim();
  return entry;
}

export interface CatalogFile {
  schemaVersion: 3;
  articles: Record<string, CatalogEntry>;
  briefings: Record<string, BriefingListEntry>;
}

export const catalogFileSchema: z.ZodType<CatalogFile> = z
  .object({
    schemaVersion: z.literal(3),
    articles: z.record(z.string().regex(ID_PATTERN), catalogEntrySchema),
    briefings: z.record(z.string().regex(ID_PATTERN), briefingListEntrySchema),
  })
  .refine((c) => Object.entries(c.articles).every(([k, e]) => e.id === k), 'an entry is filed under another id than its own')
  .refine(
    (c) => Object.entries(c.briefings).every(([k, e]) => e.id === k),
    'a briefing is filed under another id than its own',
  ) as unknown as z.ZodType<CatalogFile>;

const isPlainRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const FORMAT_SET: ReadonlySet<unknown> = new Set(FORMATS);

/**
 * The catalog entry schema (`catalogEntrySchema`) written out as plain
 * checks, for the catalog's fast path: at 100,000 entries the zod schema
 * costs about a second on every open, these checks a few tens of ms. True
 * only when the schema accepts `e` unchanged and `e.id` is `id`.
 * Each optional string is read by name (not through a list of field names):
 * named reads cost a third of keyed ones on 100,000 entries.
 */
function catalogEntryLooksValid(e: unknown, id: string): boolean {
  if (typeof e !== 'object' || e === null || Array.isArray(e)) return false;
  const x = e as Record<string, unknown>;
  if (x.id !== id || typeof x.title !== 'string' || typeof x.added !== 'string' || typeof x.modified !== 'string' || typeof x.contentHash !== 'string')
    return false;
  const chars = x.chars;
  if (typeof chars !== 'number' || !Number.isSafeInteger(chars) || chars < 0 || !FORMAT_SET.has(x.format)) return false;
  const tags = x.tags;
  if (!Array.isArray(tags)) return false;
  for (let i = 0; i < tags.length; i++) if (typeof tags[i] !== 'string') return false;
  // The optional strings of ArticleMeta (storedMetaSchema): absent or a string.
  if (x.subtitle !== undefined && typeof x.subtitle !== 'string') return false;
  if (x.source !== undefined && typeof x.source !== 'string') return false;
  if (x.author !== undefined && typeof x.author !== 'string') return false;
  if (x.published !== undefined && typeof x.published !== 'string') return false;
  if (x.docNumber !== undefined && typeof x.docNumber !== 'string') return false;
  if (x.industry !== undefined && typeof x.industry !== 'string') return false;
  if (x.region !== undefined && typeof x.region !== 'string') return false;
  if (x.note !== undefined && typeof x.note !== 'string') return false;
  const url = x.url;
  return url === undefined || url === '' || (typeof url === 'string' && isWebUrl(url));
}

/**
 * The whole catalog file (v3) as `catalogFileSchema` sees it, without zod; see `FileKind.fastCheck`.
 * When it answers true and `seen` is given, `seen.ids` is the article ids in the record's own order
 * (Object.keys: the order of Object.values) and `seen.entries` the entry of each (the objects checked),
 * so the store need neither enumerate 100,000 keys again nor look each one up.
 */
export function catalogLooksValid(data: Record<string, unknown>, seen?: { ids?: string[]; entries?: CatalogEntry[] }): boolean {
  if (data.schemaVersion !== 3 || !isPlainRecord(data.articles) || !isPlainRecord(data.briefings)) return false;
  // Extra top-level keys are stripped by the schema: the fast path must not keep them.
  for (const key in data) if (key !== 'schemaVersion' && key !== 'articles' && key !== 'briefings') return false;
  // Object.keys, not for…in: enumerating 100,000 keys with for…in costs twice as long.
  const articles = data.articles;
  const ids = Object.keys(articles);
  const entries = new Array<unknown>(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    const entry = articles[id];
    if (!ID_PATTERN.test(id) || !catalogEntryLooksValid(entry, id)) return false;
    entries[i] = entry;
  }
  for (const id in data.briefings) {
    if (!ID_PATTERN.test(id) || !briefingListEntrySchema.safeParse(data.briefings[id]).success || (data.briefings[id] as { id?: unknown }).id !== id)
      return false;
  }
  if (seen) {
    seen.ids = ids;
    // Each passed catalogEntryLooksValid: what catalogEntrySchema accepts unchanged.
    seen.entries = entries as CatalogEntry[];
  }
  return true;
}

/**
 * catalog.json — derived data: rebuilt from article folders, briefings/ and
 * settings.json whenever it is missing or damaged.
 *  v1: `articles` was an array of entries; no tag or briefing lists.
 *  v2: `articles` keyed by id (O(1) lookups at 10,000+ articles), plus `tags`, `briefings` and `settings`.
 *  v3: tags and settings moved to settings.json (so the catalog holds only what can be rebuilt);
 *      entry URLs that may not be links are dropped.
 */
export const catalogKind: FileKind<CatalogFile> = {
  kind: 'catalog',
  file: 'catalog.json',
  current: 3,
  schema: catalogFileSchema,
  validateOnWrite: false,
  fastCheck: catalogLooksValid,
  // Wrong entries are dropped; the store lists their articles again from their folders.
  salvage: (data) => {
    const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
    if (!isRecord(data.articles) || !isRecord(data.briefings)) return null;
    const dropped: string[] = [];
    const articles: Record<string, CatalogEntry> = {};
    for (const [id, entry] of Object.entries(data.articles)) {
      const parsed = catalogEntrySchema.safeParse(entry);
      if (parsed.success && parsed.data.id === id && ID_PATTERN.test(id)) articles[id] = parsed.data;
      else dropped.push(`the entry of article ${JSON.stringify(id).slice(0, 80)}`);
    }
    const briefings: Record<string, BriefingListEntry> = {};
    for (const [id, entry] of Object.entries(data.briefings)) {
      const parsed = briefingListEntrySchema.safeParse(entry);
      if (parsed.success && parsed.data.id === id) briefings[id] = parsed.data;
      else dropped.push(`the entry of briefing ${JSON.stringify(id).slice(0, 80)}`);
    }
    return { data: { schemaVersion: 3, articles, briefings }, dropped };
  },
  steps: {
    1: (v1) => {
      const list = Array.isArray(v1.articles) ? (v1.articles as Array<Record<string, unknown>>) : [];
      const articles: Record<string, unknown> = {};
      const tags = new Set<string>();
      for (const entry of list) {
        if (typeof entry?.id !== 'string') continue;
        const entryTags = Array.isArray(entry.tags) ? (entry.tags as string[]) : [];
        entryTags.forEach((t) => tags.add(t));
        articles[entry.id] = { ...entry, tags: entryTags };
      }
      return { articles, tags: [...tags].sort(), briefings: {}, settings: v1.settings ?? {} };
    },
    2: (v2) => {
      const articles: Record<string, unknown> = {};
      for (const [id, entry] of Object.entries((v2.articles as Record<string, unknown>) ?? {})) articles[id] = cleanMeta(entry);
      return { articles, briefings: v2.briefings ?? {} };
    },
  },
};

// ---------------------------------------------------------------- articles/<id>/article.json

export const articleFileSchema = z
  .looseObject({
    schemaVersion: z.literal(2),
    id: Id,
    text: Str,
    blocks: z.array(blockSchema),
    /** Inline marks (strong, emphasis, links), when the article has any. */
    marks: z.array(markSchema).optional(),
    meta: storedMetaSchema,
    provenance: z.looseObject({
      format: z.enum(FORMATS),
      fileName: OptStr,
      original: OptStr,
      importedAt: Str,
      encoding: OptStr,
    }),
    revision: z.number().int().min(1),
    modified: Str,
  })
  .refine((a) => a.blocks.every((b) => b.start <= b.end && b.end <= a.text.length), {
    message: 'a block lies outside the text',
    path: ['blocks'],
  })
  .refine((a) => (a.marks ?? []).every((m) => m.start < m.end && m.end <= a.text.length), {
    message: 'a mark lies outside the text',
    path: ['marks'],
  }) as unknown as z.ZodType<Article>;

const BLOCK_KIND_SET: ReadonlySet<unknown> = new Set(BLOCK_KINDS);
const MARK_KIND_SET: ReadonlySet<unknown> = new Set(MARK_KINDS);

/** A whole number zod's `.int()` accepts (a safe integer), at least `min`. */
const isInt = (v: unknown, min: number): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= min;

/** `storedMetaSchema` (a loose object: other keys are kept as they are) written out as plain checks. */
function storedMetaLooksValid(m: unknown): boolean {
  if (!isPlainRecord(m) || typeof m.title !== 'string') return false;
  const tags = m.tags;
  if (!Array.isArray(tags)) return false;
  for (let i = 0; i < tags.length; i++) if (typeof tags[i] !== 'string') return false;
  if (m.subtitle !== undefined && typeof m.subtitle !== 'string') return false;
  if (m.source !== undefined && typeof m.source !== 'string') return false;
  if (m.author !== undefined && typeof m.author !== 'string') return false;
  if (m.published !== undefined && typeof m.published !== 'string') return false;
  if (m.docNumber !== undefined && typeof m.docNumber !== 'string') return false;
  if (m.industry !== undefined && typeof m.industry !== 'string') return false;
  if (m.region !== undefined && typeof m.region !== 'string') return false;
  if (m.note !== undefined && typeof m.note !== 'string') return false;
  const url = m.url;
  return url === undefined || (typeof url === 'string' && (url === '' || isWebUrl(url)));
}

/**
 * `articleKind.fastCheck`: `articleFileSchema` written out as plain checks,
 * true only when the schema accepts `data` as it is (every object of the
 * schema but the marks is loose: other keys are kept). An index build reads
 * every article.json: at 100,000 articles the zod schema cost ~3 s of each
 * build worker's time, these checks a few hundred ms. False sends the data
 * through the schema as before, so a damaged file is refused with the same
 * message (`file-fast-check.property.test.ts`).
 */
export function articleLooksValid(data: Record<string, unknown>): boolean {
  if (data.schemaVersion !== 2 || typeof data.id !== 'string' || !ID_PATTERN.test(data.id) || typeof data.text !== 'string') return false;
  if (!isInt(data.revision, 1) || typeof data.modified !== 'string' || !storedMetaLooksValid(data.meta)) return false;
  const p = data.provenance;
  if (!isPlainRecord(p) || !FORMAT_SET.has(p.format) || typeof p.importedAt !== 'string') return false;
  if (p.fileName !== undefined && typeof p.fileName !== 'string') return false;
  if (p.original !== undefined && typeof p.original !== 'string') return false;
  if (p.encoding !== undefined && typeof p.encoding !== 'string') return false;
  const length = data.text.length;
  const blocks = data.blocks;
  if (!Array.isArray(blocks)) return false;
  for (let i = 0; i < blocks.length; i++) {
    const b: unknown = blocks[i];
    if (!isPlainRecord(b) || !BLOCK_KIND_SET.has(b.kind) || !isInt(b.start, 0) || !isInt(b.end, 0) || b.start > b.end || b.end > length) return false;
    if (b.level !== undefined && !(isInt(b.level, 1) && b.level <= 6)) return false;
  }
  const marks = data.marks;
  if (marks === undefined) return true;
  if (!Array.isArray(marks)) return false;
  for (let i = 0; i < marks.length; i++) {
    const m: unknown = marks[i];
    if (!isPlainRecord(m) || !MARK_KIND_SET.has(m.kind) || !isInt(m.start, 0) || !isInt(m.end, 0) || m.start >= m.end || m.end > length) return false;
    if (m.href !== undefined && !(typeof m.href === 'string' && isSafeLinkUrl(m.href))) return false;
    // Strict: no other keys.
    for (const key in m) if (key !== 'kind' && key !== 'start' && key !== 'end' && key !== 'href') return false;
  }
  return true;
}

/**
 * articles/<id>/article.json
 *  v1: any URL was kept.
 *  v2: the URL is an http(s) web address (others are dropped); line breaks in title, subtitle, source and author become spaces.
 */
export const articleKind: FileKind<Article> = {
  kind: 'article',
  file: 'articles/<id>/article.json',
  current: 2,
  schema: articleFileSchema,
  fastCheck: articleLooksValid,
  steps: {
    1: (v1) => ({ ...v1, meta: cleanMeta(v1.meta) }),
  },
};

// ---------------------------------------------------------------- articles/<id>/annotations.json

const COLOR_SET: ReadonlySet<unknown> = new Set(COLOR_KEYS);
const ORPHAN_REASON_SET: ReadonlySet<unknown> = new Set(ORPHAN_REASONS);

/** Only these keys (a strict zod object refuses any other). */
function onlyKeys(x: Record<string, unknown>, allowed: ReadonlySet<string>): boolean {
  for (const key in x) if (!allowed.has(key)) return false;
  return true;
}
const ANNOTATIONS_FILE_KEYS: ReadonlySet<string> = new Set(['schemaVersion', 'articleId', 'annotations']);
const ANNOTATION_KEYS: ReadonlySet<string> = new Set(['id', 'articleId', 'target', 'color', 'note', 'tags', 'created', 'modified', 'orphan', 'orphanReason']);
const TARGET_KEYS: ReadonlySet<string> = new Set(['selector']);
const QUOTE_KEYS: ReadonlySet<string> = new Set(['type', 'exact', 'prefix', 'suffix']);
const POSITION_KEYS: ReadonlySet<string> = new Set(['type', 'start', 'end']);

/** A date-time `IsoTimestamp` accepts (anything `Date.parse` reads). */
const isTimestamp = (v: unknown): boolean => typeof v === 'string' && !Number.isNaN(Date.parse(v));

/** `annotationSchema` (strict objects throughout) written out as plain checks; true only when it accepts `a` unchanged. */
function annotationLooksValid(a: unknown): boolean {
  if (!isPlainRecord(a) || !onlyKeys(a, ANNOTATION_KEYS)) return false;
  if (typeof a.id !== 'string' || !ID_PATTERN.test(a.id) || typeof a.articleId !== 'string' || !ID_PATTERN.test(a.articleId)) return false;
  if (!COLOR_SET.has(a.color) || typeof a.note !== 'string' || a.note.length > MAX_NOTE_CHARS) return false;
  if (!isTimestamp(a.created) || !isTimestamp(a.modified)) return false;
  if (a.orphan !== undefined && typeof a.orphan !== 'boolean') return false;
  if (a.orphanReason !== undefined && !ORPHAN_REASON_SET.has(a.orphanReason)) return false;
  const tags = a.tags;
  if (!Array.isArray(tags)) return false;
  for (let i = 0; i < tags.length; i++) {
    const t: unknown = tags[i];
    // `Tag` trims: a tag with spaces around it would be changed, so it takes the schema's path.
    if (typeof t !== 'string' || t.length === 0 || t.length > MAX_TAG_CHARS || t.trim() !== t) return false;
  }
  const target = a.target;
  if (!isPlainRecord(target) || !onlyKeys(target, TARGET_KEYS)) return false;
  const selector = target.selector;
  if (!Array.isArray(selector) || selector.length !== 2) return false;
  const q: unknown = selector[0];
  const p: unknown = selector[1];
  if (!isPlainRecord(q) || !onlyKeys(q, QUOTE_KEYS) || q.type !== 'TextQuoteSelector') return false;
  if (typeof q.exact !== 'string' || q.exact.length === 0 || typeof q.prefix !== 'string' || typeof q.suffix !== 'string') return false;
  if (!isPlainRecord(p) || !onlyKeys(p, POSITION_KEYS) || p.type !== 'TextPositionSelector') return false;
  return isInt(p.start, 0) && isInt(p.end, 0) && p.end > p.start;
}

/**
 * `annotationsKind.fastCheck`: `annotationsFileSchema` written out as plain
 * checks, true only when the schema accepts `data` unchanged; false sends
 * it through the schema and its salvage as before (an index build reads
 * every annotations.json; see `articleLooksValid`).
 */
export function annotationsLooksValid(data: Record<string, unknown>): boolean {
  if (data.schemaVersion !== ANNOTATIONS_SCHEMA_VERSION || !onlyKeys(data, ANNOTATIONS_FILE_KEYS)) return false;
  if (typeof data.articleId !== 'string' || !ID_PATTERN.test(data.articleId) || !Array.isArray(data.annotations)) return false;
  const list = data.annotations;
  for (let i = 0; i < list.length; i++) if (!annotationLooksValid(list[i])) return false;
  return true;
}

/** articles/<id>/annotations.json — v1: the W3C-shaped annotations of one article. */
export const annotationsKind: FileKind<AnnotationsFile> = {
  kind: 'annotations',
  file: 'articles/<id>/annotations.json',
  current: ANNOTATIONS_SCHEMA_VERSION,
  schema: annotationsFileSchema,
  fastCheck: annotationsLooksValid,
  steps: {},
  salvage: (data) => {
    if (typeof data.articleId !== 'string' || !ID_PATTERN.test(data.articleId) || !Array.isArray(data.annotations)) return null;
    const kept: AnnotationsFile['annotations'] = [];
    const dropped: string[] = [];
    data.annotations.forEach((item, index) => {
      const parsed = annotationSchema.safeParse(item);
      if (parsed.success && parsed.data.articleId === data.articleId) kept.push(parsed.data);
      else {
        const id = item && typeof item === 'object' && typeof (item as { id?: unknown }).id === 'string' ? ` ${(item as { id: string }).id}` : '';
        dropped.push(`annotation ${index + 1}${id} (${parsed.success ? 'belongs to another article' : describeIssues(parsed.error, 1)})`);
      }
    });
    return { data: { schemaVersion: ANNOTATIONS_SCHEMA_VERSION, articleId: data.articleId, annotations: kept }, dropped };
  },
};

// ---------------------------------------------------------------- briefings/<id>.json

function dropUnsafeCitationUrls(v1: Record<string, unknown>): Record<string, unknown> {
  const sections = Array.isArray(v1.sections) ? v1.sections : [];
  return {
    ...v1,
    sections: sections.map((s: unknown) => {
      if (!s || typeof s !== 'object' || !Array.isArray((s as { items?: unknown }).items)) return s;
      return {
        ...(s as object),
        items: (s as { items: unknown[] }).items.map((item) => {
          const citation = (item as { citation?: Record<string, unknown> } | null)?.citation;
          if (!citation || typeof citation.url !== 'string' || citation.url === '' || isSafeLinkUrl(citation.url)) return item;
          const { url: _dropped, ...rest } = citation;
          void _dropped;
          return { ...(item as object), citation: rest };
        }),
      };
    }),
  };
}

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
 * v1 → v2: the briefing joins a series (`header.series.id`, see
 * legacySeriesId), and an issue number written as digits ("12") becomes the
 * number 12, so the next issue can count on from it.
 */
function joinSeries(v1: Record<string, unknown>): Record<string, unknown> {
  const header = { ...((v1.header as Record<string, unknown> | undefined) ?? {}) };
  if (typeof header.issueNumber === 'string' && /^\s*\d{1,5}\s*$/.test(header.issueNumber)) header.issueNumber = Number(header.issueNumber.trim());
  if (!header.series) header.series = { id: legacySeriesId(header.publicationName, header.organisation, v1.id) };
  return { ...v1, header };
}

/**
 * briefings/<id>.json
 *  v1: the first format.
 *  v2: series, note label, sources list and copies in the header; plain-number issue numbers stored as numbers.
 *  v3: citation URLs are http, https or mailto; others are dropped (they were never live links in exports).
 */
export const briefingKind: FileKind<Briefing> = {
  kind: 'briefing',
  file: 'briefings/<id>.json',
  current: BRIEFING_SCHEMA_VERSION,
  schema: briefingSchema,
  steps: { 1: joinSeries, 2: dropUnsafeCitationUrls },
  salvage: (data) => {
    // Keep the document when only some sections or items are wrong.
    const frame = briefingSchema.safeParse({ ...data, sections: [] });
    if (!frame.success || !Array.isArray(data.sections)) return null;
    const dropped: string[] = [];
    const sections = [];
    for (const [si, section] of (data.sections as unknown[]).entries()) {
      const head = sectionSchema.safeParse({ ...(section as object), items: [] });
      if (!head.success) {
        dropped.push(`section ${si + 1} (${describeIssues(head.error, 1)})`);
        continue;
      }
      const items = [];
      for (const [ii, item] of (((section as { items?: unknown[] }).items ?? []) as unknown[]).entries()) {
        const parsed = itemSchema.safeParse(item);
        if (parsed.success) items.push(parsed.data);
        else dropped.push(`item ${ii + 1} of section ${si + 1} (${describeIssues(parsed.error, 1)})`);
      }
      sections.push({ ...head.data, items });
    }
    return { data: { ...frame.data, sections }, dropped };
  },
};

// ---------------------------------------------------------------- settings.json

export interface SettingsFile {
  schemaVersion: 1;
  /** The library's tag vocabulary (offered when tagging), sorted. */
  tags: string[];
  /** Named settings, e.g. `colorLabels`. */
  settings: Record<string, unknown>;
}

export const settingsFileSchema: z.ZodType<SettingsFile> = z
  .object({
    schemaVersion: z.literal(1),
    tags: z.array(Str),
    settings: z.record(Str, z.unknown()).and(z.looseObject({ colorLabels: z.partialRecord(z.enum(COLOR_KEYS), Str).optional() })),
  })
  .strict() as unknown as z.ZodType<SettingsFile>;

/** settings.json — v1: tags and settings (until catalog v3 they lived in catalog.json). */
export const settingsKind: FileKind<SettingsFile> = {
  kind: 'settings',
  file: 'settings.json',
  current: 1,
  schema: settingsFileSchema,
  steps: {},
};

// ---------------------------------------------------------------- problems.json

export const PROBLEM_KINDS = ['quarantined', 'salvaged', 'newer-version', 'rebuilt-catalog', 'recovered', 'missing', 'interrupted'] as const;
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

export const problemSchema = z
  .object({
    id: Id,
    kind: z.enum(PROBLEM_KINDS),
    /** The sentence as a key and parameters of the table in common/library-messages.ts, worded by each host in its language. */
    text: z.custom<LibraryMessage>(isLibraryMessage, { message: 'not a known library message with its parameters' }),
    /** The file concerned, relative to the library: where it was moved to, or where it stays. */
    file: OptStr,
    articleId: OptStr,
    briefingId: OptStr,
    at: Str,
  })
  .strict();
export type Problem = z.infer<typeof problemSchema>;

export interface ProblemsFile {
  schemaVersion: 2;
  problems: Problem[];
}

/**
 * problems.json — library problems the user has not acknowledged yet.
 * v1: each problem's sentence in English only (`message`).
 * v2: the sentence as a key and parameters (`text`), worded in either
 * interface language; a v1 sentence becomes `recorded-v1` (shown as written,
 * with a Chinese note that an older version recorded it).
 */
export const problemsKind: FileKind<ProblemsFile> = {
  kind: 'problems',
  file: 'problems.json',
  current: 2,
  schema: z.object({ schemaVersion: z.literal(2), problems: z.array(problemSchema) }).strict() as z.ZodType<ProblemsFile>,
  steps: {
    1: (data) => ({
      ...data,
      problems: Array.isArray(data.problems)
        ? data.problems.map((p: unknown) => {
            if (!p || typeof p !== 'object' || Array.isArray(p)) return p; // set aside by salvage
            const { message, ...rest } = p as Record<string, unknown>;
            return typeof message === 'string' ? { ...rest, text: { key: 'recorded-v1', params: { message } } } : p;
          })
        : data.problems,
    }),
  },
  salvage: (data) => {
    if (!Array.isArray(data.problems)) return null;
    const kept: Problem[] = [];
    const dropped: string[] = [];
    data.problems.forEach((p, i) => {
      const parsed = problemSchema.safeParse(p);
      if (parsed.success) kept.push(parsed.data);
      else dropped.push(`problem ${i + 1}`);
    });
    return { data: { schemaVersion: 2, problems: kept }, dropped };
  },
};

// ---------------------------------------------------------------- session.json

export interface SessionFile {
  schemaVersion: 1;
  /** What the app was opening and had not yet shown; left behind when it crashed while opening it. */
  opening?: { kind: 'article' | 'briefing'; id: string; at: string };
}

/** session.json — v1: what the app is opening right now (so it never reopens into an item that crashed it). */
export const sessionKind: FileKind<SessionFile> = {
  kind: 'session',
  file: 'session.json',
  current: 1,
  derived: true,
  schema: z
    .object({
      schemaVersion: z.literal(1),
      opening: z
        .object({ kind: z.enum(['article', 'briefing']), id: Id, at: Str })
        .strict()
        .optional(),
    })
    .strict() as z.ZodType<SessionFile>,
  steps: {},
};

// ---------------------------------------------------------------- drafts.json

export const storedDraftSchema = z.intersection(draftInputSchema, z.object({ saved: Str })) as unknown as z.ZodType<Draft>;

export interface DraftsFile {
  schemaVersion: 1;
  drafts: Draft[];
}

/** drafts.json — v1: text typed into the app's editors and not yet saved (contract/drafts.ts). */
export const draftsKind: FileKind<DraftsFile> = {
  kind: 'drafts',
  file: 'drafts.json',
  current: 1,
  schema: z.object({ schemaVersion: z.literal(1), drafts: z.array(storedDraftSchema) }).strict() as z.ZodType<DraftsFile>,
  steps: {},
  salvage: (data) => {
    if (!Array.isArray(data.drafts)) return null;
    const kept: Draft[] = [];
    const dropped: string[] = [];
    data.drafts.forEach((d, i) => {
      const parsed = storedDraftSchema.safeParse(d);
      if (parsed.success) kept.push(parsed.data);
      else dropped.push(`draft ${i + 1} (${describeIssues(parsed.error, 1)})`);
    });
    return { data: { schemaVersion: 1, drafts: kept }, dropped };
  },
};

// ---------------------------------------------------------------- index/search-state.json

export interface SearchStateFile {
  kind: 'briefing-desk-search-state';
  schemaVersion: 1;
  /** The search.bin this describes; ignored for any other. */
  generation: string;
  savedAt: string;
  /** Articles search.bin holds in an outdated form: re-indexed on open. */
  stale: string[];
}

/** index/search-state.json — v1. Derived: a damaged one makes the index rebuild. (search.bin is checked by its own header and CRC.) */
export const searchStateKind: FileKind<SearchStateFile> = {
  kind: 'index-state',
  file: 'index/search-state.json',
  current: 1,
  derived: true,
  schema: z
    .object({
      kind: z.literal('briefing-desk-search-state'),
      schemaVersion: z.literal(1),
      generation: Str,
      savedAt: Str,
      stale: z.array(Str),
    })
    .strict() as z.ZodType<SearchStateFile>,
  steps: {},
};

// ---------------------------------------------------------------- index/segments.json

/** One file of the search index as the segments manifest lists it. */
export interface SearchSegmentRecord {
  /** Path inside index/: `search.bin` (the base) or `segments/NNNN.bin`. */
  file: string;
  /** The generation written in that file's own manifest: a file of another generation under this name is not this segment. */
  generation: string;
  /** Its length in bytes (what tiered merging compares). */
  bytes: number;
  /** Documents of this segment deleted since it was written (tombstones), ascending. */
  deleted: number[];
}

export interface SearchSegmentsFile {
  kind: 'briefing-desk-search-segments';
  schemaVersion: 1;
  /** Names this commit: the state file (search-state.json) written beside it says which list it belongs to. */
  generation: string;
  savedAt: string;
  /** The segments in order: the base first, then each delta as it was written; a document in a later one replaces the same article part in an earlier one. */
  segments: SearchSegmentRecord[];
  /** The number the next delta file takes (`segments/<next>.bin`): never reused, so a file left by a crash is never mistaken for a listed one. */
  next: number;
}

/**
 * index/segments.json — v1. Derived: the commit point of the search index
 * (DESIGN.md "Search"). Written temp + fsync + rename after the segment
 * files it lists are durable; files it does not list are deleted only after
 * it is written. Missing: the index is search.bin alone (format 4 and
 * before), which is what every library had before segments.
 */
export const searchSegmentsKind: FileKind<SearchSegmentsFile> = {
  kind: 'index-segments',
  file: 'index/segments.json',
  current: 1,
  derived: true,
  schema: z
    .object({
      kind: z.literal('briefing-desk-search-segments'),
      schemaVersion: z.literal(1),
      generation: Str,
      savedAt: Str,
      segments: z
        .array(
          z
            .object({
              file: z.string().regex(/^(search\.bin|segments\/[0-9]{4,}\.bin)$/),
              generation: Str,
              bytes: z.number().int().nonnegative(),
              deleted: z.array(z.number().int().nonnegative()),
            })
            .strict(),
        )
        .min(1),
      next: z.number().int().positive(),
    })
    .strict() as z.ZodType<SearchSegmentsFile>,
  steps: {},
};

// ---------------------------------------------------------------- index/highlights.json

/** What the highlight summary knows of one article's annotations.json. */
export interface HighlightSummaryEntry {
  /** The file as it was when summarised: `<mtimeMs>:<size in bytes>`; any other stamp makes it read again. */
  stamp: string;
  /** Its highlights (orphans included). */
  count: number;
  /** The tags its highlights carry, sorted, without repeats. */
  tags: string[];
}

export interface HighlightSummaryFile {
  schemaVersion: 1;
  savedAt: string;
  /** Keyed by article id; an article whose annotations.json is not listed here is read when the library opens. */
  articles: Record<string, HighlightSummaryEntry>;
}

const highlightSummaryEntrySchema = z.object({ stamp: Str, count: z.number().int().nonnegative(), tags: z.array(Str) }).strict();

/** `highlightSummaryKind.fastCheck`: true only where the schema would accept the data unchanged. */
export function highlightSummaryLooksValid(data: Record<string, unknown>): boolean {
  if (data.schemaVersion !== 1 || typeof data.savedAt !== 'string' || !isPlainRecord(data.articles)) return false;
  for (const key in data) if (key !== 'schemaVersion' && key !== 'savedAt' && key !== 'articles') return false;
  const articles = data.articles;
  for (const id of Object.keys(articles)) {
    const e = articles[id];
    if (!isPlainRecord(e) || typeof e.stamp !== 'string' || typeof e.count !== 'number' || !Number.isSafeInteger(e.count) || e.count < 0) return false;
    if (!Array.isArray(e.tags)) return false;
    for (let i = 0; i < e.tags.length; i++) if (typeof e.tags[i] !== 'string') return false;
    for (const key in e) if (key !== 'stamp' && key !== 'count' && key !== 'tags') return false;
  }
  return true;
}

/**
 * index/highlights.json — v1. Derived: each article's highlight count and
 * highlight tags with the stamp of the annotations.json they came from, so
 * the tag model is known when the library opens without reading 100,000
 * annotation files (`HighlightIndex`). A damaged one is ignored and written again.
 */
export const highlightSummaryKind: FileKind<HighlightSummaryFile> = {
  kind: 'highlight-summary',
  file: 'index/highlights.json',
  current: 1,
  derived: true,
  schema: z
    .object({
      schemaVersion: z.literal(1),
      savedAt: Str,
      articles: z.record(Str, highlightSummaryEntrySchema),
    })
    .strict() as z.ZodType<HighlightSummaryFile>,
  validateOnWrite: false,
  fastCheck: highlightSummaryLooksValid,
  steps: {},
};

/** Every kind, for the registry test (a fixture of each version) and documentation. */
export const FILE_KINDS: ReadonlyArray<FileKind<unknown>> = [
  catalogKind,
  articleKind,
  annotationsKind,
  briefingKind,
  settingsKind,
  problemsKind,
  sessionKind,
  searchStateKind,
  searchSegmentsKind,
  highlightSummaryKind,
  draftsKind,
] as ReadonlyArray<FileKind<unknown>>;
