/**
 * Errors as values the user can act on. Every host turns a thrown `BdError`
 * into `{ error: { code, message, field? } }` and back, so the renderer and
 * the CLI show the same sentence the core wrote.
 */

export type ErrorCode =
  | 'invalid-params'
  | 'unknown-method'
  | 'not-found'
  | 'duplicate'
  | 'refused'
  | 'too-large'
  | 'locked'
  | 'conflict'
  | 'unavailable'
  | 'internal';

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  /** Parameter path that was rejected, e.g. `meta.published`. */
  field?: string;
  /** Extra machine-readable detail, e.g. the id of an existing duplicate. */
  detail?: Record<string, unknown>;
}

export class BdError extends Error {
  readonly code: ErrorCode;
  readonly field?: string;
  readonly detail?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, extra: { field?: string; detail?: Record<string, unknown> } = {}) {
    super(message);
    this.name = 'BdError';
    this.code = code;
    this.field = extra.field;
    this.detail = extra.detail;
  }

  toInfo(): ErrorInfo {
    const info: ErrorInfo = { code: this.code, message: this.message };
    if (this.field !== undefined) info.field = this.field;
    if (this.detail !== undefined) info.detail = this.detail;
    return info;
  }

  static fromInfo(info: ErrorInfo): BdError {
    return new BdError(info.code, info.message, { field: info.field, detail: info.detail });
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
export function bilingualError(
  code: ErrorCode,
  en: string,
  zh: string,
  extra: { field?: string; detail?: Record<string, unknown> } = {},
): BdError {
  return new BdError(code, en, { ...extra, detail: { ...extra.detail, messageZh: zh } });
}

/** The message of an error in the interface language: Chinese when the error carries it, else English. */
export function localizedMessage(info: Pick<ErrorInfo, 'message' | 'detail'>, language: 'zh' | 'en'): string {
  const zh = info.detail?.messageZh;
  return language === 'zh' && typeof zh === 'string' && zh ? zh : info.message;
}
