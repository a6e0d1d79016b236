/**
 * An error as the user reads it: the core writes refusals in both interface
 * languages (English `message`, Chinese `detail.messageZh`); this picks the
 * one the interface speaks.
 */
import { BdError, localizedMessage } from '../../src-main/common/errors';
import type { Locale } from './strings';

export function errorText(err: unknown, locale: Locale): string {
  if (err instanceof BdError) return localizedMessage({ message: err.message, detail: err.detail }, locale === 'zh-CN' ? 'zh' : 'en');
  return err instanceof Error ? err.message : String(err);
}
