/**
 * An error as the user reads it, in the interface's language. Core errors
 * carry a message key and parameters (`{ key: 'article.notFound', params:
 * { id } }`, see common/errors.ts): the sentence is the string
 * `error.<key>` of strings.ts, ICU-formatted (plurals, numbers) for the
 * locale. Errors without a key (or with one this build has no string for)
 * fall back to the core's bilingual message (English `message`, Chinese
 * `detail.messageZh`), and then to the English message.
 */
import { BdError, localizedMessage } from '../../src-main/common/errors';
import { STRINGS, translate, type Locale, type StringKey } from './strings';

/** What errorText reads of an error or of an import outcome. */
export interface MessageLike {
  message: string;
  detail?: Record<string, unknown>;
  messageZh?: string;
  key?: string;
  params?: Record<string, string | number>;
}

/** The sentence for a message with an optional key, in `locale`. */
export function messageText(info: MessageLike, locale: Locale): string {
  if (info.key) {
    const key = `error.${info.key}` as StringKey;
    if (key in STRINGS[locale]) return translate(locale, key, info.params);
  }
  const detail = info.messageZh ? { ...info.detail, messageZh: info.messageZh } : info.detail;
  return localizedMessage({ message: info.message, detail }, locale === 'zh-CN' ? 'zh' : 'en');
}

export function errorText(err: unknown, locale: Locale): string {
  if (err instanceof BdError) return messageText(err, locale);
  return err instanceof Error ? err.message : String(err);
}
