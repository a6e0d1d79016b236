/**
 * The preferences contract: how the interface was left (language, whether
 * the annotation panel is open, the briefing side panel's width, the
 * briefing open last), kept in the library's settings so every host and
 * every launch of browser mode (whatever its port) finds them again.
 */
import { z } from 'zod';
import { method } from './define';
import { Id } from './library';

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
