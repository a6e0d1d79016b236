/**
 * The preferences contract: how the interface was left (language, whether
 * the annotation panel is open, the briefing side panel's width, the
 * briefing open last), kept in the library's settings so every host and
 * every launch of browser mode (whatever its port) finds them again.
 */
import { z } from 'zod';
import { method } from './define';
import { Id } from './library';
import { ARTICLE_SORTS } from './library-query';
import { PRINT_ANNOTATIONS } from './article-export';

export const UI_LANGUAGES = ['zh-CN', 'en'] as const;
/** @public A language of the interface (part of the preferences contract). */
export type UiLanguage = (typeof UI_LANGUAGES)[number];

/** Each field and its allowed values; a missing field means "the default". */
export const uiPreferenceFields = {
  language: z.enum(UI_LANGUAGES),
  /** The reader's annotation panel. */
  readerPanel: z.enum(['open', 'closed']),
  /** The briefing view's side panel (preview / highlight picker). */
  briefingSide: z.enum(['normal', 'wide']),
  /** The briefing the composer opens with ('' for none). */
  lastBriefingId: z.union([Id, z.literal('')]),
  /** Light, dark, or as the operating system is set. */
  theme: z.enum(['system', 'light', 'dark']),
  /** The reading text's size in CSS px. */
  readingSize: z.number().int().min(14).max(26),
  /** The text column: about 30, 38 or 46 Chinese characters a line. */
  readingWidth: z.enum(['narrow', 'normal', 'wide']),
  /** The library list beside the reader. */
  librarySidebar: z.enum(['open', 'closed']),
  /** The outline of the article's headings. */
  outlinePanel: z.enum(['open', 'closed']),
  /** The article open last ('' for none): the app opens it again. */
  lastArticleId: z.union([Id, z.literal('')]),
  /** Recently opened articles, newest first. */
  recentArticles: z.array(Id).max(20),
  /** Where reading stopped in each recently read article: the offset (UTF-16 units) of the first line in view. */
  readingPositions: z.record(Id, z.number().int().min(0)).refine((r) => Object.keys(r).length <= 300, 'keeps at most 300 articles'),
  /** The library list's sort and direction. */
  librarySort: z.enum(ARTICLE_SORTS),
  libraryOrder: z.enum(['asc', 'desc']),
  /** What printing an article includes besides the text. */
  printAnnotations: z.enum(PRINT_ANNOTATIONS),
};

export const uiPreferencesSchema = z.object(uiPreferenceFields).partial().strict();

export type UiPreferences = z.infer<typeof uiPreferencesSchema>;
export type UiPreferenceKey = keyof UiPreferences;

/**
 * Keeps the fields of a stored value that are still valid (a value written by
 * another version may carry fields this one does not know or allow).
 */
export function readUiPreferences(stored: unknown): UiPreferences {
  const out: Record<string, unknown> = {};
  if (!stored || typeof stored !== 'object' || Array.isArray(stored)) return out;
  for (const [key, schema] of Object.entries(uiPreferenceFields)) {
    const parsed = (schema as z.ZodType).safeParse((stored as Record<string, unknown>)[key]);
    if (parsed.success) out[key] = parsed.data;
  }
  return out as UiPreferences;
}

export const preferencesContract = {
  getPreferences: method(z.object({}).strict())<UiPreferences>(),
  /** Sets the given preferences (others stay as they are) and returns them all. */
  setPreferences: method(z.object({ preferences: uiPreferencesSchema }).strict(), { changes: ['settings'] })<UiPreferences>(),
} as const;
