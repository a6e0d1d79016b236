/**
 * Errors as values the user can act on. Every host turns a thrown `BdError`
 * into `{ error: { code, message, field? } }` and back, so the renderer and
 * the CLI show the same sentence the core wrote.
 */

export type ErrorCode =
  'invalid-params' | 'unknown-method' | 'not-found' | 'duplicate' | 'refused' | 'too-large' | 'locked' | 'conflict' | 'unavailable' | 'internal';

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  /** Parameter path that was rejected, e.g. `meta.published`. */
  field?: string;
  /** Extra machine-readable detail, e.g. the id of an existing duplicate. */
  detail?: Record<string, unknown>;
  /**
   * What happened, as a message key the interface turns into a sentence in
   * its language (`article.notFound` → `error.article.notFound` in the
   * renderer's strings), with `params` filled in. `message` stays the
   * English sentence for the CLI, logs and any client that has no strings.
   */
  key?: string;
  params?: Record<string, string | number>;
}

/** The optional parts of an error besides code and message. */
export interface ErrorExtra {
  field?: string;
  detail?: Record<string, unknown>;
  key?: string;
  params?: Record<string, string | number>;
}

export class BdError extends Error {
  readonly code: ErrorCode;
  readonly field?: string;
  readonly detail?: Record<string, unknown>;
  readonly key?: string;
  readonly params?: Record<string, string | number>;

  constructor(code: ErrorCode, message: string, extra: ErrorExtra = {}) {
    super(message);
    this.name = 'BdError';
    this.code = code;
    this.field = extra.field;
    this.detail = extra.detail;
    this.key = extra.key;
    this.params = extra.params;
  }

  toInfo(): ErrorInfo {
    const info: ErrorInfo = { code: this.code, message: this.message };
    if (this.field !== undefined) info.field = this.field;
    if (this.detail !== undefined) info.detail = this.detail;
    if (this.key !== undefined) info.key = this.key;
    if (this.params !== undefined) info.params = this.params;
    return info;
  }

  static fromInfo(info: ErrorInfo): BdError {
    return new BdError(info.code, info.message, { field: info.field, detail: info.detail, key: info.key, params: info.params });
  }
}

/** Any thrown value as an ErrorInfo; unknown errors keep their message. */
export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof BdError) return err.toInfo();
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message };
}

/**
 * An error whose message exists in both interface languages: `message` is
 * the English sentence (CLI, logs, English UI) and `detail.messageZh` the
 * Chinese one, which the renderer shows when the interface speaks Chinese.
 */
export function bilingualError(code: ErrorCode, en: string, zh: string, extra: ErrorExtra = {}): BdError {
  return new BdError(code, en, { ...extra, detail: { ...extra.detail, messageZh: zh } });
}

/** The message of an error in the interface language: Chinese when the error carries it, else English. */
export function localizedMessage(info: Pick<ErrorInfo, 'message' | 'detail'>, language: 'zh' | 'en'): string {
  const zh = info.detail?.messageZh;
  return language === 'zh' && typeof zh === 'string' && zh ? zh : info.message;
}
