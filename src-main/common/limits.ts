/**
 * Size limits shared by every host and layer, so the importer, the store and
 * the API agree on what an article may be; and one set of limits and field
 * rules for everything the library stores, used
 * by every API method's parameters and by every file schema, so a value one
 * method accepts is never refused by another later on (a note saved on a
 * highlight always fits the briefing it is added to; a date an article
 * accepts is a date a briefing accepts).
 *
 * Lengths are in UTF-16 code units (JavaScript string length).
 */
import { z } from 'zod';
import { isSafeLinkUrl, isWebUrl, MAX_URL_CHARS } from './safe-url';

/**
 * Longest canonical article text, in UTF-16 code units: about 1,000 printed
 * pages of Chinese. Importers refuse longer documents before building them;
 * the store refuses them at its boundary, whatever produced the text.
 */
export const MAX_ARTICLE_CHARS = 2_000_000;

/** Largest file the importers read, in bytes. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
/** The longest highlighted passage; the quote of a briefing item has the same limit. */
export const MAX_HIGHLIGHT_CHARS = 100_000;
/** Notes: a highlight's note, a briefing item's note, an article's note. */
export const MAX_NOTE_CHARS = 100_000;
/** Free Markdown: a briefing's summary and its free items. */
export const MAX_MARKDOWN_CHARS = 200_000;
export const MAX_TITLE_CHARS = 500;
export const MAX_HEADING_CHARS = 300;
export const MAX_NAME_CHARS = 200;
export const MAX_TAG_CHARS = 60;
export const MAX_TAGS = 100;
export const MAX_SECTIONS = 500;
export const MAX_ITEMS_PER_SECTION = 2000;

/** Ids are made by the store: lowercase letters, digits, `_` and `-`, 3–64 long, starting with a letter or digit. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9_-]{2,63}$/;
export const Id = z.string().regex(ID_PATTERN, 'must be an id such as a1b2c3d4e5f6');

/** True when `YYYY-MM-DD` names a day of the (proleptic Gregorian) calendar. */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** An ISO 8601 calendar date, `YYYY-MM-DD`, that exists (no 2023-02-30). */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine(isCalendarDate, 'is not a calendar date');

/** One line of text (titles, names, headings): no line breaks. */
export const Line = (max: number) =>
  z
    .string()
    .max(max, `is longer than ${max.toLocaleString('en')} characters`)
    .refine((s) => !/[\r\n]/.test(s), 'must be a single line');

export const Tag = z.string().trim().min(1, 'must not be empty').max(MAX_TAG_CHARS, `is longer than ${MAX_TAG_CHARS} characters`);
export const Tags = z.array(Tag).max(MAX_TAGS, `has more than ${MAX_TAGS} tags`);
export const Note = z.string().max(MAX_NOTE_CHARS, `is longer than ${MAX_NOTE_CHARS.toLocaleString('en')} characters`);
export const Markdown = z.string().max(MAX_MARKDOWN_CHARS, `is longer than ${MAX_MARKDOWN_CHARS.toLocaleString('en')} characters`);

/** An article's web address: absolute http(s) only; `javascript:`, `data:`, `file:` and the like are refused. */
export const WebUrl = z
  .string()
  .trim()
  .max(MAX_URL_CHARS, `is longer than ${MAX_URL_CHARS} characters`)
  .refine(isWebUrl, 'must be a web address starting with http:// or https://');

/** A link target kept in a document (citations): http, https or mailto. */
export const LinkUrl = z
  .string()
  .trim()
  .max(MAX_URL_CHARS, `is longer than ${MAX_URL_CHARS} characters`)
  .refine(isSafeLinkUrl, 'must be a link starting with http://, https:// or mailto:');

/** Collapses line breaks and runs of white space: a value that must fit a single-line field. */
export function oneLine(text: string, max: number): string {
  const flat = text.replace(/[\s\u3000]+/g, (ws) => (/[\r\n\u2028\u2029]/.test(ws) ? ' ' : ws)).trim();
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}
