/**
 * The one place where an error becomes the sentence the user reads. Today
 * that is the core's own message (a `BdError` carries `code`, `field` and
 * `detail` besides it); localising by code belongs here, so every toast,
 * notice and error boundary follows when it does.
 */
import type { StringKey } from '../i18n/strings';

type Translate = (key: StringKey, vars?: Record<string, string | number>) => string;

/** A readable sentence for `err`; falls back to the generic "something went wrong" in the UI language. */
export function errorText(err: unknown, t: Translate): string {
  const message = err instanceof Error ? err.message : typeof err === 'string' ? err : '';
  return message.trim() || t('common.error');
}
