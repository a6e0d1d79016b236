/**
 * The drafts contract: text typed into an editor and not yet saved — a
 * highlight's note, a highlight's tags (chips and the half-typed one), an
 * article's metadata form. The app writes a draft a moment after each
 * keystroke and discards it once the edit is saved or deliberately thrown
 * away, so a reload or a crash never loses what was typed; the next time the
 * article is shown the editor opens again with the draft.
 *
 * Drafts are checked only for size and shape, not for the rules of the value
 * they will become (a half-typed URL is a fine draft); the save that follows
 * checks those. Kept in `drafts.json` of the library (one file kind).
 */
import { z } from 'zod';
import { method } from './define';
import { Id, MAX_NOTE_CHARS, MAX_TAG_CHARS, MAX_TAGS } from '../limits';

/** The metadata form's fields a draft may hold (the MetaEditor's fields, tags as typed, and the note). */
export const META_DRAFT_FIELDS = ['title', 'subtitle', 'source', 'author', 'published', 'url', 'docNumber', 'industry', 'region', 'tags', 'note'] as const;
export type MetaDraftField = (typeof META_DRAFT_FIELDS)[number];

const DraftText = z.string().max(MAX_NOTE_CHARS, `is longer than ${MAX_NOTE_CHARS.toLocaleString('en')} characters`);

export const noteDraftSchema = z.object({ kind: z.literal('note'), articleId: Id, annotationId: Id, text: DraftText }).strict();
export const tagsDraftSchema = z
  .object({
    kind: z.literal('tags'),
    articleId: Id,
    annotationId: Id,
    /** The chips. */
    tags: z.array(z.string().max(MAX_TAG_CHARS)).max(MAX_TAGS),
    /** What was typed in the field and not yet made a chip. */
    input: z.string().max(MAX_TAG_CHARS * 4),
  })
  .strict();
export const metaDraftSchema = z.object({ kind: z.literal('meta'), articleId: Id, fields: z.partialRecord(z.enum(META_DRAFT_FIELDS), DraftText) }).strict();

/** What an editor holds, by kind (tagged union on `kind`). */
export const draftInputSchema = z.discriminatedUnion('kind', [noteDraftSchema, tagsDraftSchema, metaDraftSchema]);
export type DraftInput = z.infer<typeof draftInputSchema>;

/** A stored draft: the editor's content and when it was last written (ISO 8601, set by core). */
export type Draft = DraftInput & { saved: string };

/** The one key of a draft: `note:<articleId>:<annotationId>`, `tags:<articleId>:<annotationId>`, `meta:<articleId>`. */
export function draftKey(d: Pick<DraftInput, 'kind' | 'articleId'> & { annotationId?: string }): string {
  return d.kind === 'meta' ? `meta:${d.articleId}` : `${d.kind}:${d.articleId}:${d.annotationId ?? ''}`;
}

export const DraftKey = z
  .string()
  .max(200)
  .regex(/^(note|tags|meta):[a-z0-9_:-]+$/, 'must be a draft key such as note:<articleId>:<annotationId>');

/** Most drafts kept; past it the oldest go (a draft left for months is not what anyone is waiting for). */
export const MAX_DRAFTS = 500;

export const draftsContract = {
  /** The drafts kept, newest first; with `articleId` only that article's. */
  listDrafts: method(z.object({ articleId: Id.optional() }).strict())<Draft[]>(),
  /** Keeps (or replaces) the draft of one editor; durable when the call returns. */
  saveDraft: method(z.object({ draft: draftInputSchema }).strict())<{ key: string; saved: string }>(),
  /** Forgets a draft (its edit was saved or deliberately thrown away); `discarded: false` when there was none. */
  discardDraft: method(z.object({ key: DraftKey }).strict())<{ discarded: boolean }>(),
} as const;
