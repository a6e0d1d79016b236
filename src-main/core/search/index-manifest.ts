/**
 * What `search.bin` says besides its postings, and the pieces that both the
 * index in the main thread (`search-index.ts`) and the build worker
 * (`build-worker.ts`) need to produce and read the same file: the fields of
 * an article as the index sees them, its notes text, the manifest naming
 * each document, and the file's bytes for an index.
 */
import { randomBytes } from 'node:crypto';
import type { Annotation } from '../../common/annotation';
import type { CatalogEntry } from '../../common/model';
import { TOKENIZER_VERSION } from '../../common/search/tokenize';
import { SEARCH_FIELDS } from '../../common/search/types';
import { encodeIndexFile, openIndexFile, type DecodedIndexFile } from './index-file';
import type { CompactSegment } from './compact-segment';
import { InvertedIndex, PART_BODY, PART_NOTES, PART_WHOLE } from './inverted-index';

export const INDEX_KIND = 'briefing-desk-search-index';
export const FIELD_LIST = SEARCH_FIELDS.join(',');
/** Text beyond this is not indexed (a 20 MB paste would otherwise stall indexing); snippets still see it. */
export const MAX_INDEXED_CHARS = 300_000;

/** What the index holds of one article: the catalog version it was indexed at (the manifest that tells a stale index). */
export interface DocRecord {
  modified: string;
  /** Catalog contentHash; '' when the text could not be read (retried on next open). */
  contentHash: string;
}

/**
 * The manifest inside search.bin: document `d` of the compact segment is
 * `docs[d]` (null: deleted) — an article's body `[id, modified,
 * contentHash]`, its notes `[id]`, or (format 2, and articles not yet split
 * since) the whole article `[id, modified, contentHash, 'whole']`. In a
 * format 2 file every entry is `[id, modified, contentHash]` and means whole.
 */
export interface IndexManifest {
  kind: typeof INDEX_KIND;
  fields: string;
  generation: string;
  savedAt: string;
  docs: Array<[id: string, modified: string, contentHash: string] | [id: string, modified: string, contentHash: string, part: 'whole'] | [id: string] | null>;
}

/** The metadata field: subtitle, source, author, industry, region and the user's note, one per line. */
export function metaText(entry: CatalogEntry): string {
  return [entry.subtitle, entry.source, entry.author, entry.industry, entry.region, entry.note].filter(Boolean).join('\n');
}

/** What the index sees of an article's annotations: every note and tag, one per line. */
export function annotationNotesText(list: readonly Annotation[]): string {
  return list
    .flatMap((a) => [a.note, ...a.tags])
    .filter(Boolean)
    .join('\n');
}

/** An article's fields in `SEARCH_FIELDS` order (title, meta, tags, notes, text); text beyond `MAX_INDEXED_CHARS` is left out. */
export function articleFields(entry: CatalogEntry, notes: string, text: string): [title: string, meta: string, tags: string, notes: string, text: string] {
  return [entry.title, metaText(entry), entry.tags.join('\n'), notes, text.length > MAX_INDEXED_CHARS ? text.slice(0, MAX_INDEXED_CHARS) : text];
}

function isManifest(value: unknown, docCount: number): value is IndexManifest {
  const m = value as IndexManifest;
  return (
    !!m &&
    typeof m === 'object' &&
    m.kind === INDEX_KIND &&
    typeof m.generation === 'string' &&
    Array.isArray(m.docs) &&
    m.docs.length === docCount &&
    m.docs.every(
      (d) =>
        d === null || (Array.isArray(d) && (d.length === 1 || d.length === 3 || (d.length === 4 && d[3] === 'whole')) && d.every((x) => typeof x === 'string')),
    )
  );
}

/** An index read from search.bin's bytes, or why it cannot be used (the caller rebuilds). */
export type LoadedIndex =
  | {
      ok: true;
      engine: InvertedIndex;
      docs: Record<string, DocRecord>;
      generation: string;
      savedAt: string;
      /** The format the file was in (below `INDEX_FORMAT_VERSION`: rewrite it at the next save). */
      format: number;
      /** The postings' CRC-32 still to check (`postingsChecksum`) when they were left in the file; null when checked. */
      postingsCrc: number | null;
    }
  | { ok: false; reason: string };

/**
 * Opens search.bin at `path` (see `openIndexFile`: in format 4 only the
 * dictionary is read; the index reads postings from the open file, which
 * `InvertedIndex.close` releases). Never throws; `reason` 'missing' when there
 * is no file.
 */
export function loadIndexFile(path: string, mergeEntries?: number): LoadedIndex {
  return loadDecoded(openIndexFile(path), mergeEntries);
}

function loadDecoded(decoded: DecodedIndexFile, mergeEntries?: number): LoadedIndex {
  if (!decoded.ok) return decoded;
  const loaded = engineFor(decoded, mergeEntries);
  if (!loaded.ok) decoded.segment.postings.close();
  return loaded;
}

function engineFor(decoded: DecodedIndexFile & { ok: true }, mergeEntries?: number): LoadedIndex {
  if (decoded.tokenizer !== TOKENIZER_VERSION) return { ok: false, reason: 'written by another version' };
  const manifest = decoded.manifest;
  if (!isManifest(manifest, decoded.segment.docCount)) return { ok: false, reason: 'unreadable (manifest and index disagree)' };
  if (manifest.fields !== FIELD_LIST) return { ok: false, reason: 'written by another version' };
  let engine: InvertedIndex;
  try {
    // Format 2 held each article as one document with every field: it is read as it is, and split at the article's next change.
    const parts = Uint8Array.from(manifest.docs, (d) => (decoded.format < 3 || d?.length === 4 ? PART_WHOLE : d?.length === 1 ? PART_NOTES : PART_BODY));
    engine = new InvertedIndex(
      decoded.segment,
      manifest.docs.map((d) => d?.[0] ?? null),
      mergeEntries,
      parts,
    );
  } catch (err) {
    return { ok: false, reason: `unreadable (${(err as Error).message})` };
  }
  const docs: Record<string, DocRecord> = {};
  for (const d of manifest.docs) if (d && d.length > 1) docs[d[0]] = { modified: d[1]!, contentHash: d[2]! };
  return { ok: true, engine, docs, generation: manifest.generation, savedAt: manifest.savedAt, format: decoded.format, postingsCrc: decoded.postingsCrc };
}

/**
 * The bytes of search.bin for an index whose memory segment is merged
 * (`InvertedIndex.merge`), naming each document from `docs`; as chunks
 * (see `encodeIndexFile`), with the new generation and the articles it holds.
 */
export function indexFileFor(
  engine: InvertedIndex,
  docs: Readonly<Record<string, DocRecord>>,
): { chunks: Iterable<Uint8Array>; generation: string; savedAt: string; ids: Set<string>; segment: CompactSegment } {
  const { segment, ids, parts } = engine.snapshot();
  const savedAt = new Date().toISOString();
  const generation = randomBytes(8).toString('hex');
  const manifest: IndexManifest = {
    kind: INDEX_KIND,
    fields: FIELD_LIST,
    generation,
    savedAt,
    docs: ids.map((id, d): IndexManifest['docs'][number] => {
      const r = id === null ? undefined : docs[id];
      if (id === null || !r) return null;
      if (parts[d] === PART_NOTES) return [id];
      return parts[d] === PART_WHOLE ? [id, r.modified, r.contentHash, 'whole'] : [id, r.modified, r.contentHash];
    }),
  };
  return {
    chunks: encodeIndexFile(segment, manifest, TOKENIZER_VERSION),
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
):
  | {
      ok: true;
      engine: InvertedIndex;
      docs: Record<string, DocRecord>;
      segments: Array<{ segment: CompactSegment; record: SegmentFileRecord; bytes: number; postingsCrc: number | null }>;
    }
  | { ok: false; reason: string } {
  const opened: Array<{ segment: CompactSegment; record: SegmentFileRecord; bytes: number; postingsCrc: number | null }> = [];
  const ids: Array<string | null> = [];
  const parts: number[] = [];
  const docs: Record<string, DocRecord> = {};
  const fail = (reason: string): { ok: false; reason: string } => {
    for (const o of opened) o.segment.postings.close();
    return { ok: false, reason };
  };
  for (const record of records) {
    const decoded = openIndexFile(`${indexDir}/${record.file}`);
    if (!decoded.ok) {
      if (decoded.reason === 'missing') return fail(record.file === 'search.bin' ? 'missing' : `unreadable (${record.file} is missing)`);
      return fail(decoded.reason.replace(/^unreadable \(/, `unreadable (${record.file}: `));
    }
    opened.push({ segment: decoded.segment, record, bytes: decoded.segment.postings.length, postingsCrc: decoded.postingsCrc });
    if (decoded.tokenizer !== TOKENIZER_VERSION) return fail('written by another version');
    const manifest = decoded.manifest;
    if (!isManifest(manifest, decoded.segment.docCount)) return fail(`unreadable (${record.file}: manifest and index disagree)`);
    if (manifest.fields !== FIELD_LIST) return fail('written by another version');
    if (manifest.generation !== record.generation) return fail(`unreadable (${record.file} is not the file the segments list names)`);
    const gone = new Set(record.deleted);
    manifest.docs.forEach((d, local) => {
      if (!d || gone.has(local)) {
        ids.push(null);
        parts.push(PART_BODY);
        return;
      }
      ids.push(d[0]);
      parts.push(decoded.format < 3 || d.length === 4 ? PART_WHOLE : d.length === 1 ? PART_NOTES : PART_BODY);
      if (d.length > 1) docs[d[0]] = { modified: d[1]!, contentHash: d[2]! };
    });
  }
  let engine: InvertedIndex;
  try {
    engine = new InvertedIndex(
      opened.map((o) => o.segment),
      ids,
      mergeEntries,
      parts,
    );
  } catch (err) {
    return fail(`unreadable (${(err as Error).message})`);
  }
  return { ok: true, engine, docs, segments: opened };
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
  docs: Readonly<Record<string, DocRecord>>,
): { chunks: Iterable<Uint8Array>; generation: string } {
  const generation = randomBytes(8).toString('hex');
  const manifest: IndexManifest = {
    kind: INDEX_KIND,
    fields: FIELD_LIST,
    generation,
    savedAt: new Date().toISOString(),
    docs: Array.from(ids, (id, d): IndexManifest['docs'][number] => {
      const r = id === null ? undefined : docs[id];
      if (id === null || !r) return null;
      if (parts[d] === PART_NOTES) return [id];
      return parts[d] === PART_WHOLE ? [id, r.modified, r.contentHash, 'whole'] : [id, r.modified, r.contentHash];
    }),
  };
  return { chunks: encodeIndexFile(segment, manifest, TOKENIZER_VERSION), generation };
}
