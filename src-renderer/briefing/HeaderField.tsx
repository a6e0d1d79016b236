/**
 * One labelled field of the briefing header form, and the error line a field shows when the header
 * is invalid there (its id is `<uid>-<field>-error`, for the input's aria-describedby).
 */
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import type { StringKey } from '../i18n/strings';

/** `htmlFor` is the input's id; `className` is added to `brief-field`. */
export function HeaderField({ htmlFor, label, className = '', children }: { htmlFor: string; label: StringKey; className?: string; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className={`brief-field ${className}`}>
      <label htmlFor={htmlFor} className="brief-field-label">
        {t(label)}
      </label>
      {children}
    </div>
  );
}

/** The error of `field` when `invalid` names it, else nothing. */
export function FieldError({ uid, field, invalid, message }: { uid: string; field: string; invalid: Record<string, string>; message: StringKey }) {
  const { t } = useI18n();
  if (!invalid[field]) return null;
  return (
    <span className="brief-field-error" id={`${uid}-${field}-error`} role="alert">
      {t(message)}
    </span>
  );
}
