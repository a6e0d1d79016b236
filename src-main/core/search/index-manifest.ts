/**
 * What `search.bin` says besides its postings, and the pieces that both the
 * index in the main thread (`search-index.ts`) and the build worker
 * (`build-worker.ts`) need to produce and read the same file: the fields of
 * an article as the index sees them, its notes text, the manifest naming
 * each document, and the file's bytes for an index.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { CatalogEntry } from '../../common/model';
import { TOKENIZER_VERSION } from '../../common/search/tokenize';
import { SEARCH_FIELDS } from '../../common/search/types';
import { encodeIndexFile, openIndexFile, type DecodedIndexFile } from './index-file';
import type { CompactSegment } from './compact-segment';
import { InvertedIndex, PART_BODY, PART_NOTES, PART_WHOLE } from './inverted-index';

export const INDEX_KIND = 'briefing-desk-search-index';
export const FIELD_LIST = SEARCH_FIELDS.join(',');

/**
 * Version of what the index takes from an article into its fields (the
 * catalog fields in `metaText`, how much of the text): written in each
 * manifest (JSON `rules`; files without it are version 1). A change bumps
 * it and says in `RULE_CHANGES` which articles it changes, decided from the
 * catalog entry alone; an index of an older version is loaded as it is and
 * only those articles are indexed again (`reindexedByRules`), never the
 * whole library. A change of the field list itself (`FIELD_LIST`, the
 * postings' field masks) or of the tokens (`TOKENIZER_VERSION`) still
 * rebuilds.
 */
export const INDEX_RULES_VERSION = 2;

/** Version 1 indexed the first 300,000 UTF-16 units of an article's text and nothing after them. */
const RULES_1_TEXT_UNITS = 300_000;

/**
 * For each rules version after the first: whether it indexes an article
 * (by its catalog entry) differently from the version before. Version 2:
 * the 发文字号 (`docNumber`) joined the metadata field, and the whole text
 * is indexed (version 1 stopped at `RULES_1_TEXT_UNITS`; `chars` is the
 * text's length in UTF-16 units).
 */
const RULE_CHANGES: Readonly<Record<number, (entry: CatalogEntry) => boolean>> = {
  2: (entry) => !!entry.docNumber || entry.chars > RULES_1_TEXT_UNITS,
};

/**
 * Whether an article indexed under rules version `from` is indexed
 * differently under `INDEX_RULES_VERSION` (any change after `from` applies
 * to it), so an upgraded index must index it again. False when `from` is
 * current (or newer: a later version's file is read as it is).
 */
export function reindexedByRules(entry: CatalogEntry, from: number): boolean {
  for (let v = from + 1; v <= INDEX_RULES_VERSION; v++) if (RULE_CHANGES[v]?.(entry)) return true;
  return false;
}

/** What the index holds of one article: the catalog version it was indexed at (the manifest that tells a stale index). */
export interface DocRecord {
  modified: string;
  /** Catalog contentHash; '' when the text could not be read (retried on next open). */
  contentHash: string;
  /**
   * The annotation state the notes field was indexed from
   * (`notesFingerprint`: the annotations.json stamp and a hash of the notes
   * text); '' or absent when not known (files written before it was kept).
   */
  notes?: string;
  /** The rules version (`INDEX_RULES_VERSION`) the article's body was indexed under; absent: the current one. */
  rules?: number;
}

// ------------------------------------------------------------ the annotation state of the notes field

// In a module of its own (with annotationNotesText), so the library's annotation code has it without loading the index's.
export { annotationsStamp } from './notes-text';

/**
 * A hash of the notes text the index holds of an article ('' for none): 16
 * characters of SHA-1 (base64url) over its lines in sorted order, so the
 * same notes listed in another order (the build worker takes the file's
 * order, the annotation service text order) hash the same: the index holds
 * the same terms either way.
 */
export function notesHash(text: string): string {
  return text === '' ? '' : createHash('sha1').update(text.split('\n').sort().join('\n')).digest('base64url').slice(0, 16);
}

/**
 * What a `DocRecord` keeps of the annotation state its notes were indexed
 * from: `<stamp>#<hash>` (`annotationsStamp` taken before the notes were
 * read, so a write in between makes the stamp older than the text and the
 * next check reads the file again; `notesHash` of the text).
 */
export function notesFingerprint(stamp: string, text: string): string {
  return `${stamp}#${notesHash(text)}`;
}

/** The two halves of a fingerprint; null for '' or a malformed one (not known). */
export function parseNotesFingerprint(fingerprint: string | undefined): { stamp: string; hash: string } | null {
  const at = fingerprint ? fingerprint.lastIndexOf('#') : -1;
  return at < 0 ? null : { stamp: fingerprint!.slice(0, at), hash: fingerprint!.slice(at + 1) };
}

/**
 * The manifest inside search.bin up to format 4 (UTF-8 JSON): document `d`
 * of the compact segment is `docs[d]` (null: deleted) — an article's body
 * `[id, modified, contentHash]`, its notes `[id]`, or (format 2, and
 * articles not yet split since) the whole article `[id, modified,
 * contentHash, 'whole']`. In a format 2 file every entry is `[id, modified,
 * contentHash]` and means whole. Format 5 holds the same as `ManifestTable`.
 */
export interface IndexManifest {
  kind: typeof INDEX_KIND;
  fields: string;
  generation: string;
  savedAt: string;
  docs: Array<[id: string, modified: string, contentHash: string] | [id: string, modified: string, contentHash: string, part: 'whole'] | [id: string] | null>;
}

/** A column of strings: one string and where each piece starts (`at[i]` to `at[i + 1]`, UTF-16 units). */
interface StringColumn {
  text: string;
  at: Uint32Array;
}

/**
 * A manifest as columns (format 5 on disk; formats 2–4 are read into the
 * same shape): no object per article. Articles are numbered in the order
 * their first document appears; document `d` is article `docArt[d]` (−1:
 * deleted) with part `parts[d]` (`PART_*`). `modified` and `contentHash`
 * are the catalog version of each article's body (or whole) document; an
 * article with only a notes document has no record (`hasRecord` 0). `notes`
 * (format 5 files written since it was added; null before) is each
 * article's `DocRecord.notes`, also for an article with only a notes document.
 */
export interface ManifestTable {
  kind: typeof INDEX_KIND;
  fields: string;
  generation: string;
  savedAt: string;
  docArt: Int32Array;
  parts: Uint8Array;
  ids: StringColumn;
  modified: StringColumn;
  contentHash: StringColumn;
  hasRecord: Uint8Array;
  notes: StringColumn | null;
  /** The rules version (`INDEX_RULES_VERSION`) of every body or whole document it names (the JSON's `rules`; 1 when absent). */
  rules: number;
}

function piece(c: StringColumn, i: number): string {
  return c.text.slice(c.at[i], c.at[i + 1]);
}

/** Whether piece `i` of `c` is `s`, without making a string. */
function pieceIs(c: StringColumn, i: number, s: string): boolean {
  return c.at[i + 1] - c.at[i] === s.length && c.text.startsWith(s, c.at[i]);
}

/**
 * The catalog version of each indexed article, by id: the rows of the
 * manifests an index was read from (looked up in place: no object per
 * article until one is asked for), then every change made since (`set`,
 * `delete`), which win. `saved` tells whether an id had a record in the
 * files read (what the state file's `stale` list is checked against).
 */
export class DocRecords {
  /** Row of each id in `tables` (global: the tables' rows one after the other); the last table holding an id wins. */
  private readonly rowOf = new Map<string, number>();
  /** Rows of notes documents in a table after the one holding the article's record: their fingerprint is the newer. */
  private readonly notesRowOf = new Map<string, number>();
  private readonly rows: Array<{ table: ManifestTable; first: number }> = [];
  private readonly changed = new Map<string, DocRecord | null>();
  private live = 0;

  /**
   * Records of the articles in `tables` (in order: a later table's record of an article replaces an earlier one's), minus
   * `dropped(id, tableIndex)`. `ids[k]`, when given, is `articleIds(tables[k])` (the same strings the engine was given,
   * so each id is hashed once).
   */
  constructor(tables: readonly ManifestTable[] = [], dropped?: (id: string, table: number) => boolean, ids?: ReadonlyArray<readonly string[]>) {
    let first = 0;
    tables.forEach((table, k) => {
      this.rows.push({ table, first });
      const n = table.hasRecord.length;
      const own = ids?.[k];
      for (let a = 0; a < n; a++) {
        const id = own ? own[a] : piece(table.ids, a);
        if (!table.hasRecord[a]) {
          // Only the notes were re-indexed into this segment: its fingerprint replaces the record's.
          if (table.notes && table.notes.at[a + 1] > table.notes.at[a]) this.notesRowOf.set(id, first + a);
          continue;
        }
        if (dropped?.(id, k)) continue;
        this.rowOf.set(id, first + a);
        if (this.notesRowOf.size) this.notesRowOf.delete(id);
      }
      first += n;
    });
    this.live = this.rowOf.size;
  }

  private locate(row: number): { table: ManifestTable; a: number } {
    let k = this.rows.length - 1;
    while (this.rows[k].first > row) k--;
    return { table: this.rows[k].table, a: row - this.rows[k].first };
  }

  get(id: string): DocRecord | undefined {
    const c = this.changed.get(id);
    if (c !== undefined) return c ?? undefined;
    const row = this.rowOf.get(id);
    if (row === undefined) return undefined;
    const { table, a } = this.locate(row);
    const record: DocRecord = { modified: piece(table.modified, a), contentHash: piece(table.contentHash, a), notes: this.savedNotes(id, table, a) };
    // Kept only when older than the current rules (absent means current).
    if (table.rules < INDEX_RULES_VERSION) record.rules = table.rules;
    return record;
  }

  /** The rules version `id`'s body was indexed under (`INDEX_RULES_VERSION` for one indexed since the files were read, or not held). */
  rulesOf(id: string): number {
    const c = this.changed.get(id);
    if (c !== undefined) return c?.rules ?? INDEX_RULES_VERSION;
    const row = this.rowOf.get(id);
    return row === undefined ? INDEX_RULES_VERSION : this.locate(row).table.rules;
  }

  /** The fingerprint the files say for an article whose record is row `a` of `table`: a later notes-only row's, else the record's ('' unknown). */
  private savedNotes(id: string, table: ManifestTable, a: number): string {
    const later = this.notesRowOf.get(id);
    if (later !== undefined) {
      const at = this.locate(later);
      return piece(at.table.notes!, at.a);
    }
    return table.notes ? piece(table.notes, a) : '';
  }

  /** The annotation state `id`'s notes were indexed from (`notesFingerprint`); '' when not known or not indexed. */
  notesOf(id: string): string {
    const c = this.changed.get(id);
    if (c !== undefined) return c?.notes ?? '';
    const row = this.rowOf.get(id);
    if (row === undefined) return '';
    const { table, a } = this.locate(row);
    return this.savedNotes(id, table, a);
  }

  /** Records that `id`'s notes as indexed are those of `fingerprint` (nothing else of its record changes); false when it has no record. */
  setNotes(id: string, fingerprint: string): boolean {
    const record = this.get(id);
    if (!record) return false;
    this.changed.set(id, { ...record, notes: fingerprint });
    return true;
  }

  has(id: string): boolean {
    const c = this.changed.get(id);
    return c !== undefined ? c !== null : this.rowOf.has(id);
  }

  /** Whether there is a record of `id` and it is `modified` and `contentHash`. */
  isVersion(id: string, modified: string, contentHash: string): boolean {
    return this.versionOf(id, modified, contentHash) === 'same';
  }

  /**
   * Whether there is a record of `id` (`none`), and whether it is `modified`
   * and `contentHash` (`same`) or another version (`other`): `has` and
   * `isVersion` in one lookup, for the catch-up's pass over every article.
   */
  versionOf(id: string, modified: string, contentHash: string): 'none' | 'same' | 'other' {
    if (this.changed.size) {
      const c = this.changed.get(id);
      if (c !== undefined) return c === null ? 'none' : c.modified === modified && c.contentHash === contentHash ? 'same' : 'other';
    }
    const row = this.rowOf.get(id);
    if (row === undefined) return 'none';
    let k = this.rows.length - 1;
    while (this.rows[k].first > row) k--;
    const { table, first } = this.rows[k];
    const a = row - first;
    return pieceIs(table.modified, a, modified) && pieceIs(table.contentHash, a, contentHash) ? 'same' : 'other';
  }

  set(id: string, record: DocRecord): void {
    if (!this.has(id)) this.live++;
    this.changed.set(id, record);
  }

  delete(id: string): void {
    if (this.has(id)) this.live--;
    this.changed.set(id, null);
  }

  get size(): number {
    return this.live;
  }

  /** The oldest rules version of the files these were read from (`INDEX_RULES_VERSION` when none, or all current). */
  oldestRules(): number {
    let oldest = INDEX_RULES_VERSION;
    for (const { table } of this.rows) if (table.hasRecord.some((h) => h === 1)) oldest = Math.min(oldest, table.rules);
    return oldest;
  }

  /** Whether `id` had a record in the files these were read from (changes since do not count). */
  saved(id: string): boolean {
    return this.rowOf.has(id);
  }

  /** Every id with a record (any order). */
  *ids(): Generator<string> {
    for (const id of this.rowOf.keys()) if (!this.changed.has(id)) yield id;
    for (const [id, r] of this.changed) if (r) yield id;
  }

  *entries(): Generator<[string, DocRecord]> {
    for (const id of this.ids()) yield [id, this.get(id)!];
  }

  /** How many records say the text could not be read (contentHash ''). */
  unreadableCount(): number {
    let n = 0;
    const changed = this.changed.size > 0;
    for (const [id, row] of this.rowOf) {
      if (changed && this.changed.has(id)) continue;
      let k = this.rows.length - 1;
      while (this.rows[k].first > row) k--;
      const at = this.rows[k].table.contentHash.at;
      const a = row - this.rows[k].first;
      if (at[a + 1] === at[a]) n++;
    }
    for (const r of this.changed.values()) if (r && r.contentHash === '') n++;
    return n;
  }
}

/** The record of `id` in `docs`, a DocRecords or a plain record. */
function recordOf(docs: Readonly<Record<string, DocRecord>> | DocRecords, id: string): DocRecord | undefined {
  return docs instanceof DocRecords ? docs.get(id) : Object.hasOwn(docs, id) ? docs[id] : undefined;
}

/**
 * The metadata field: every catalog field a reader types into the search
 * box to find an article — subtitle, source (发文机关), 发文字号
 * (`docNumber`), author, industry, region and the user's note — one per
 * line. Not the web address (its path's words, `content`, `html`, `index`,
 * would match ordinary queries) nor the dates (the date filters take them).
 * Changing this list is a rules change (`INDEX_RULES_VERSION`).
 */
export function metaText(entry: CatalogEntry): string {
  return [entry.subtitle, entry.source, entry.docNumber, entry.author, entry.industry, entry.region, entry.note].filter(Boolean).join('\n');
}

// In a module of its own, so the library's annotation code has it without loading the index's.
export { annotationNotesText } from './notes-text';

/**
 * An article's fields in `SEARCH_FIELDS` order (title, meta, tags, notes,
 * text), as rules version `INDEX_RULES_VERSION` indexes them: the whole
 * text, however long (the store keeps articles of up to `MAX_ARTICLE_CHARS`
 * UTF-16 units; indexing the longest takes well under a second, see the
 * bench's long-article figure), so a phrase anywhere in it is found.
 */
export function articleFields(entry: CatalogEntry, notes: string, text: string): [title: string, meta: string, tags: string, notes: string, text: string] {
  return [entry.title, metaText(entry), entry.tags.join('\n'), notes, text];
}

// ------------------------------------------------------------ the manifest's bytes

const MANIFEST_MAGIC = 0x354d4442; // 'BDM5'
/** String columns written: ids, modified, contentHash, notes (files of before the notes column have the first three). */
const MANIFEST_COLUMNS = 4;
/** `docArt` of a deleted document in the file. */
const NO_ARTICLE = 0xffffffff;

/** A manifest from the documents of a segment: document `d` is article `ids[d]` (null: deleted) with part `parts[d]`, its record from `docs`. */
function tableFor(
  meta: { generation: string; savedAt: string },
  ids: ReadonlyArray<string | null>,
  parts: ArrayLike<number>,
  docs: Readonly<Record<string, DocRecord>> | DocRecords,
): {
  docArt: Int32Array;
  parts: Uint8Array;
  ids: string[];
  modified: string[];
  contentHash: string[];
  hasRecord: Uint8Array;
  notes: string[];
  rules: number;
  generation: string;
  savedAt: string;
} {
  const docArt = new Int32Array(ids.length).fill(-1);
  const partOf = new Uint8Array(ids.length);
  const artOf = new Map<string, number>();
  const articleIds: string[] = [];
  const modified: string[] = [];
  const contentHash: string[] = [];
  const notes: string[] = [];
  const has: number[] = [];
  let rules = INDEX_RULES_VERSION;
  ids.forEach((id, d) => {
    const r = id === null ? undefined : recordOf(docs, id);
    // As in format 4: a document whose article has no record is not named (deleted).
    if (id === null || !r) return;
    let a = artOf.get(id);
    if (a === undefined) {
      a = articleIds.length;
      artOf.set(id, a);
      articleIds.push(id);
      modified.push('');
      contentHash.push('');
      notes.push(r.notes ?? '');
      has.push(0);
    }
    docArt[d] = a;
    partOf[d] = parts[d];
    if (parts[d] !== PART_NOTES) {
      modified[a] = r.modified;
      contentHash[a] = r.contentHash;
      has[a] = 1;
      // The file says one version for all: the oldest it holds (an article not yet indexed again keeps the file at its version).
      rules = Math.min(rules, r.rules ?? INDEX_RULES_VERSION);
    }
  });
  return { docArt, parts: partOf, ids: articleIds, modified, contentHash, notes, hasRecord: Uint8Array.from(has), rules, ...meta };
}

/**
 * The format 5 manifest section, little-endian as the file's host order
 * (`index-file.ts`), every array at an offset that is a multiple of its
 * element size:
 *
 *     u32 'BDM5'; u32 n = bytes of the JSON that follows;
 *     UTF-8 JSON { kind, fields, generation, savedAt, columns, rules }; zeros to a multiple of 4
 *        (`rules`: `INDEX_RULES_VERSION` of its documents, absent before it was kept: 1)
 *     u32 documents; u32 articles
 *     u32 × documents: the article of each document (0xffffffff: deleted)
 *     u8 × documents: the part of each (`PART_*`); u8 × articles: 1 when the
 *        article has a record (a body or whole document); zeros to a multiple of 4
 *     string columns — ids, modified, contentHash and, when the JSON says
 *        `columns: 4`, notes (`DocRecord.notes`) — each
 *        u32 × (articles + 1) start of each string, then u16 × (last start)
 *        the UTF-16 units of all of them; zeros to a multiple of 4
 *
 * A reader of before the notes column reads the first three and ignores
 * the fourth (nothing after the columns was ever checked), so the format
 * number stays 5.
 */
function encodeTable(t: ReturnType<typeof tableFor>): Uint8Array {
  const meta = new TextEncoder().encode(
    JSON.stringify({ kind: INDEX_KIND, fields: FIELD_LIST, generation: t.generation, savedAt: t.savedAt, columns: MANIFEST_COLUMNS, rules: t.rules }),
  );
  const pad4 = (n: number): number => (n + 3) & ~3;
  const columns = [t.ids, t.modified, t.contentHash, t.notes].map((list) => {
    const at = new Uint32Array(list.length + 1);
    for (let i = 0; i < list.length; i++) at[i + 1] = at[i] + list[i].length;
    return { at, text: list.join('') };
  });
  const docs = t.docArt.length;
  const articles = t.ids.length;
  let size = 8 + pad4(meta.length) + 8 + 4 * docs + pad4(docs + articles);
  for (const c of columns) size += 4 * c.at.length + pad4(2 * c.text.length);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let p = 0;
  const u32 = (v: number): void => {
    view.setUint32(p, v, true);
    p += 4;
  };
  u32(MANIFEST_MAGIC);
  u32(meta.length);
  out.set(meta, p);
  p += pad4(meta.length);
  u32(docs);
  u32(articles);
  for (let d = 0; d < docs; d++) u32(t.docArt[d] < 0 ? NO_ARTICLE : t.docArt[d]);
  out.set(t.parts, p);
  out.set(t.hasRecord, p + docs);
  p += pad4(docs + articles);
  for (const c of columns) {
    for (let i = 0; i < c.at.length; i++) u32(c.at[i]);
    for (let i = 0; i < c.text.length; i++) view.setUint16(p + 2 * i, c.text.charCodeAt(i), true);
    p += pad4(2 * c.text.length);
  }
  return out;
}

/**
 * The string of `n` UTF-16 units at `bytes[p…]`, unit for unit (lone
 * surrogates kept as they are): Node's UTF-16LE decoding of a Buffer copies
 * the units without checking them, so no pass looks for replacement characters.
 */
function unitsAt(bytes: Uint8Array, p: number, n: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + p, 2 * n).toString('utf16le');
}

/**
 * The `n` 32-bit words at `bytes[p…]` (the file's byte order is the host's:
 * `index-file.ts` checks its mark): a view of `bytes` where aligned, as the
 * writer places them, else a copy.
 */
function wordsAt<T extends Uint32Array | Int32Array>(
  Kind: { new (b: ArrayBufferLike, o: number, n: number): T; new (n: number): T },
  bytes: Uint8Array,
  p: number,
  n: number,
): T {
  const at = bytes.byteOffset + p;
  if (at % 4 === 0) return new Kind(bytes.buffer, at, n);
  const copy = new Kind(n);
  new Uint8Array(copy.buffer).set(bytes.subarray(p, p + 4 * n));
  return copy;
}

/** Reads a format 5 manifest section of a segment of `docCount` documents; a string saying what is wrong when it is not one. */
function decodeTable(bytes: Uint8Array, docCount: number): ManifestTable | string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const pad4 = (n: number): number => (n + 3) & ~3;
  let p = 0;
  const need = (n: number): boolean => p + n <= bytes.length;
  if (!need(8) || view.getUint32(0, true) !== MANIFEST_MAGIC) return 'not a manifest';
  const metaLength = view.getUint32(4, true);
  p = 8;
  if (!need(metaLength)) return 'too short';
  let meta: { kind?: unknown; fields?: unknown; generation?: unknown; savedAt?: unknown; columns?: unknown; rules?: unknown };
  try {
    meta = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(p, p + metaLength))) as typeof meta;
  } catch (err) {
    return (err as Error).message;
  }
  if (!meta || meta.kind !== INDEX_KIND || typeof meta.generation !== 'string' || typeof meta.fields !== 'string' || typeof meta.savedAt !== 'string')
    return 'not a manifest';
  p += pad4(metaLength);
  if (!need(8)) return 'too short';
  const docs = view.getUint32(p, true);
  const articles = view.getUint32(p + 4, true);
  p += 8;
  if (docs !== docCount) return 'manifest and index disagree';
  if (!need(4 * docs + pad4(docs + articles))) return 'too short';
  // Read in place: a deleted document's 0xffffffff is −1 as an Int32, and anything else below 0 is out of range.
  const docArt = wordsAt(Int32Array, bytes, p, docs);
  const seen = new Uint8Array(articles);
  for (let d = 0; d < docs; d++) {
    const a = docArt[d];
    if (a === -1) continue;
    if (a < 0 || a >= articles) return `document ${d} names article ${a >>> 0} of ${articles}`;
    seen[a] = 1;
  }
  p += 4 * docs;
  const parts = bytes.slice(p, p + docs);
  const hasRecord = bytes.slice(p + docs, p + docs + articles);
  for (let d = 0; d < docs; d++) {
    const part = parts[d];
    if (part !== PART_BODY && part !== PART_NOTES && part !== PART_WHOLE) return `document ${d} has an unknown part ${part}`;
    if (docArt[d] >= 0 && part !== PART_NOTES && !hasRecord[docArt[d]]) return `document ${d} has no record`;
  }
  p += pad4(docs + articles);
  for (let a = 0; a < articles; a++) if (!seen[a]) return `article ${a} has no document`;
  const columns: StringColumn[] = [];
  // Three before the notes column was added; a later writer's further columns are not read.
  const columnCount = typeof meta.columns === 'number' && meta.columns >= MANIFEST_COLUMNS ? MANIFEST_COLUMNS : 3;
  for (let k = 0; k < columnCount; k++) {
    if (!need(4 * (articles + 1))) return 'too short';
    const at = wordsAt(Uint32Array, bytes, p, articles + 1);
    p += 4 * (articles + 1);
    if (at[0] !== 0) return 'string column out of order';
    for (let i = 0; i < articles; i++) if (at[i + 1] < at[i]) return 'string column out of order';
    const units = at[articles];
    if (!need(2 * units)) return 'too short';
    columns.push({ text: unitsAt(bytes, p, units), at });
    p += pad4(2 * units);
  }
  for (let a = 0; a < articles; a++) if (columns[0].at[a + 1] === columns[0].at[a]) return `article ${a} has no id`;
  return {
    kind: INDEX_KIND,
    fields: meta.fields,
    generation: meta.generation,
    savedAt: meta.savedAt,
    docArt,
    parts,
    ids: columns[0],
    modified: columns[1],
    contentHash: columns[2],
    hasRecord,
    notes: columns[3] ?? null,
    rules: typeof meta.rules === 'number' && Number.isInteger(meta.rules) && meta.rules >= 1 ? meta.rules : 1,
  };
}

function isManifest(value: unknown, docCount: number): value is IndexManifest {
  const m = value as IndexManifest;
  return (
    !!m &&
    typeof m === 'object' &&
    m.kind === INDEX_KIND &&
    typeof m.generation === 'string' &&
    typeof m.savedAt === 'string' &&
    Array.isArray(m.docs) &&
    m.docs.length === docCount &&
    m.docs.every(
      (d) =>
        d === null || (Array.isArray(d) && (d.length === 1 || d.length === 3 || (d.length === 4 && d[3] === 'whole')) && d.every((x) => typeof x === 'string')),
    )
  );
}

/** A JSON manifest (formats 2–4) as a table; format 2 holds whole articles only. */
function tableOfJson(m: IndexManifest, format: number): ManifestTable {
  const ids = m.docs.map((d) => d?.[0] ?? null);
  const parts = Uint8Array.from(m.docs, (d) => (format < 3 || d?.length === 4 ? PART_WHOLE : d?.length === 1 ? PART_NOTES : PART_BODY));
  const docs: Record<string, DocRecord> = {};
  for (const d of m.docs) if (d && d.length > 1) docs[d[0]] = { modified: d[1]!, contentHash: d[2]!, notes: '' };
  const t = tableFor(m, ids, parts, docs);
  // A notes document whose article has no body keeps its name (format 4 did too).
  m.docs.forEach((d, i) => {
    if (d && t.docArt[i] < 0) {
      let a = t.ids.indexOf(d[0]);
      if (a < 0) {
        a = t.ids.length;
        t.ids.push(d[0]);
        t.modified.push('');
        t.contentHash.push('');
        t.hasRecord = Uint8Array.from([...t.hasRecord, 0]);
      }
      t.docArt[i] = a;
      t.parts[i] = parts[i];
    }
  });
  const column = (list: string[]): StringColumn => {
    const at = new Uint32Array(list.length + 1);
    for (let i = 0; i < list.length; i++) at[i + 1] = at[i] + list[i].length;
    return { text: list.join(''), at };
  };
  return {
    kind: INDEX_KIND,
    fields: m.fields,
    generation: m.generation,
    savedAt: m.savedAt,
    docArt: t.docArt,
    parts: t.parts,
    ids: column(t.ids),
    modified: column(t.modified),
    contentHash: column(t.contentHash),
    hasRecord: t.hasRecord,
    notes: null,
    // Formats 2–4 were all written under the first rules.
    rules: 1,
  };
}

/** The manifest of a decoded file as a table (format 5: read in place; before: JSON), or why it cannot be used. */
export function manifestTable(decoded: DecodedIndexFile & { ok: true }): ManifestTable | { reason: string } {
  if (decoded.format >= 5) {
    const t = decodeTable(decoded.manifest, decoded.segment.docCount);
    return typeof t === 'string' ? { reason: `unreadable (manifest: ${t})` } : t;
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(decoded.manifest));
  } catch (err) {
    return { reason: `unreadable (manifest: ${(err as Error).message})` };
  }
  if (!isManifest(json, decoded.segment.docCount)) return { reason: 'unreadable (manifest and index disagree)' };
  return tableOfJson(json, decoded.format);
}

/** The id of each article of a table, in the table's article order. */
export function articleIds(t: ManifestTable): string[] {
  const articles = t.hasRecord.length;
  const ids = new Array<string>(articles);
  for (let a = 0; a < articles; a++) ids[a] = piece(t.ids, a);
  return ids;
}

/** The article id of each document of a table (null: deleted); `ids`: `articleIds(t)` when the caller has it. */
export function documentIds(t: ManifestTable, ids: readonly string[] = articleIds(t)): Array<string | null> {
  const docs = t.docArt.length;
  const out = new Array<string | null>(docs);
  for (let d = 0; d < docs; d++) {
    const a = t.docArt[d];
    out[d] = a < 0 ? null : ids[a];
  }
  return out;
}

/** The bytes of a manifest section (format 5) naming segment documents `ids` with parts `parts`, each record from `docs`. */
function manifestBytes(
  meta: { generation: string; savedAt: string },
  ids: ReadonlyArray<string | null>,
  parts: ArrayLike<number>,
  docs: Readonly<Record<string, DocRecord>> | DocRecords,
): Uint8Array {
  return encodeTable(tableFor(meta, ids, parts, docs));
}

/** An index read from search.bin's bytes, or why it cannot be used (the caller rebuilds). */
export type LoadedIndex =
  | {
      ok: true;
      engine: InvertedIndex;
      docs: DocRecords;
      generation: string;
      savedAt: string;
      /** The format the file was in (below `INDEX_FORMAT_VERSION`: rewrite it at the next save). */
      format: number;
      /** Whether its manifest has the notes column (`DocRecord.notes`); false: rewrite it at the next save, as an older format. */
      notesRecorded: boolean;
      /** The rules version its manifest says (`INDEX_RULES_VERSION`; 1 for files of before it was kept). */
      rules: number;
      /** The postings' CRC-32 still to check (`postingsChecksum`) when they were left in the file; null when checked. */
      postingsCrc: number | null;
      /** The dictionary part still to check (`dictionaryChecksum`) when the open deferred it; null when checked. */
      dictionaryCheck: { bytes: Uint8Array; crc: number } | null;
    }
  | { ok: false; reason: string };

/**
 * Opens search.bin at `path` (see `openIndexFile`: from format 4 only the
 * dictionary is read; the index reads postings from the open file, which
 * `InvertedIndex.close` releases; with `deferDictionaryCheck` its CRC is left
 * to the caller: `dictionaryCheck`). Never throws; `reason` 'missing' when
 * there is no file.
 */
export function loadIndexFile(path: string, mergeEntries?: number, options: { deferDictionaryCheck?: boolean } = {}): LoadedIndex {
  return loadDecoded(openIndexFile(path, options), mergeEntries);
}

function loadDecoded(decoded: DecodedIndexFile, mergeEntries?: number): LoadedIndex {
  if (!decoded.ok) return decoded;
  const loaded = engineFor(decoded, mergeEntries);
  if (!loaded.ok) decoded.segment.postings.close();
  return loaded;
}

function engineFor(decoded: DecodedIndexFile & { ok: true }, mergeEntries?: number): LoadedIndex {
  if (decoded.tokenizer !== TOKENIZER_VERSION) return { ok: false, reason: 'written by another version' };
  const table = manifestTable(decoded);
  if ('reason' in table) return { ok: false, reason: table.reason };
  if (table.fields !== FIELD_LIST) return { ok: false, reason: 'written by another version' };
  const ids = articleIds(table);
  let engine: InvertedIndex;
  try {
    engine = new InvertedIndex(decoded.segment, documentIds(table, ids), mergeEntries, table.parts);
  } catch (err) {
    return { ok: false, reason: `unreadable (${(err as Error).message})` };
  }
  return {
    ok: true,
    engine,
    docs: new DocRecords([table], undefined, [ids]),
    generation: table.generation,
    savedAt: table.savedAt,
    format: decoded.format,
    notesRecorded: table.notes !== null,
    rules: table.rules,
    postingsCrc: decoded.postingsCrc,
    dictionaryCheck: decoded.dictionaryCheck,
  };
}

/**
 * The bytes of search.bin for an index whose memory segment is merged
 * (`InvertedIndex.merge`), naming each document from `docs`; as chunks
 * (see `encodeIndexFile`), with the new generation and the articles it holds.
 */
export function indexFileFor(
  engine: InvertedIndex,
  docs: Readonly<Record<string, DocRecord>> | DocRecords,
): { chunks: Iterable<Uint8Array>; generation: string; savedAt: string; ids: Set<string>; segment: CompactSegment } {
  const { segment, ids, parts } = engine.snapshot();
  const savedAt = new Date().toISOString();
  const generation = randomBytes(8).toString('hex');
  return {
    chunks: encodeIndexFile(segment, manifestBytes({ generation, savedAt }, ids, parts, docs), TOKENIZER_VERSION),
    generation,
    savedAt,
    ids: new Set(ids.filter((id): id is string => id !== null)),
    segment,
  };
}

/** One file of a segmented index as `loadSegmentFiles` reads it: where it is and what its own manifest says. */
export interface SegmentFileRecord {
  /** Path inside index/ (`search.bin`, `segments/0001.bin`). */
  file: string;
  generation: string;
  /** Documents of this segment deleted since it was written (local numbers). */
  deleted: readonly number[];
}

/**
 * Opens the segment files `records` lists, in order, as one index: global
 * document numbers run through them one after the other; a record's
 * `deleted` documents and documents its file names null are deleted; an
 * article's record comes from the last segment holding it. Each file must
 * carry the generation listed for it (else it is not the file that was
 * committed). Never throws; on failure every file opened is closed.
 */
export function loadSegmentFiles(
  indexDir: string,
  records: readonly SegmentFileRecord[],
  mergeEntries?: number,
  options: { deferDictionaryCheck?: boolean } = {},
):
  | {
      ok: true;
      engine: InvertedIndex;
      docs: DocRecords;
      segments: Array<{
        segment: CompactSegment;
        record: SegmentFileRecord;
        bytes: number;
        postingsCrc: number | null;
        dictionaryCheck: { bytes: Uint8Array; crc: number } | null;
        /** Its manifest has the notes column (else it is written again at the next save). */
        notesRecorded: boolean;
      }>;
    }
  | { ok: false; reason: string } {
  const opened: Array<{
    segment: CompactSegment;
    record: SegmentFileRecord;
    bytes: number;
    postingsCrc: number | null;
    dictionaryCheck: { bytes: Uint8Array; crc: number } | null;
    notesRecorded: boolean;
  }> = [];
  const ids: Array<string | null> = [];
  const parts: Uint8Array[] = [];
  const tables: ManifestTable[] = [];
  /** Per table, the id of each of its articles. */
  const tableIds: string[][] = [];
  /** Per table, the ids of documents its record deletes. */
  const gone: Array<Set<string>> = [];
  const fail = (reason: string): { ok: false; reason: string } => {
    for (const o of opened) o.segment.postings.close();
    return { ok: false, reason };
  };
  for (const record of records) {
    const decoded = openIndexFile(`${indexDir}/${record.file}`, options);
    if (!decoded.ok) {
      if (decoded.reason === 'missing') return fail(record.file === 'search.bin' ? 'missing' : `unreadable (${record.file} is missing)`);
      return fail(decoded.reason.replace(/^unreadable \(/, `unreadable (${record.file}: `));
    }
    opened.push({
      segment: decoded.segment,
      record,
      bytes: decoded.segment.postings.length,
      postingsCrc: decoded.postingsCrc,
      dictionaryCheck: decoded.dictionaryCheck,
      notesRecorded: false,
    });
    if (decoded.tokenizer !== TOKENIZER_VERSION) return fail('written by another version');
    const table = manifestTable(decoded);
    if ('reason' in table) return fail(table.reason.replace(/^unreadable \(/, `unreadable (${record.file}: `));
    if (table.fields !== FIELD_LIST) return fail('written by another version');
    if (table.generation !== record.generation) return fail(`unreadable (${record.file} is not the file the segments list names)`);
    opened[opened.length - 1].notesRecorded = table.notes !== null;
    const articles = articleIds(table);
    const own = documentIds(table, articles);
    const deletedIds = new Set<string>();
    for (const local of record.deleted) {
      if (local < own.length && own[local] !== null && table.parts[local] !== PART_NOTES) deletedIds.add(own[local]!);
      if (local < own.length) own[local] = null;
    }
    for (const id of own) ids.push(id);
    parts.push(table.parts);
    tables.push(table);
    tableIds.push(articles);
    gone.push(deletedIds);
  }
  const allParts = new Uint8Array(ids.length);
  let at = 0;
  for (const p of parts) {
    allParts.set(p, at);
    at += p.length;
  }
  let engine: InvertedIndex;
  try {
    engine = new InvertedIndex(
      opened.map((o) => o.segment),
      ids,
      mergeEntries,
      allParts,
    );
  } catch (err) {
    return fail(`unreadable (${(err as Error).message})`);
  }
  return { ok: true, engine, docs: new DocRecords(tables, (id, k) => gone[k].size > 0 && gone[k].has(id), tableIds), segments: opened };
}

/**
 * The bytes of one segment file (same format as search.bin) for compact
 * segment `segment`, whose document `d` is article `ids[d]` with part
 * `parts[d]`, naming each from `docs`; with its new generation.
 */
export function segmentFileFor(
  segment: CompactSegment,
  ids: ReadonlyArray<string | null>,
  parts: ArrayLike<number>,
  docs: Readonly<Record<string, DocRecord>> | DocRecords,
): { chunks: Iterable<Uint8Array>; generation: string } {
  const generation = randomBytes(8).toString('hex');
  return {
    chunks: encodeIndexFile(segment, manifestBytes({ generation, savedAt: new Date().toISOString() }, ids, parts, docs), TOKENIZER_VERSION),
    generation,
  };
}
