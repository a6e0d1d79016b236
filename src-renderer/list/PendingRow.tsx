/**
 * The placeholder of a listbox row whose page has not arrived yet (a
 * disabled option, so screen readers count it but cannot choose it).
 */
import type { CSSProperties } from 'react';
import { useI18n } from '../i18n/I18nProvider';

export function PendingRow({ index, total, height, style }: { index: number; total?: number; height: number; style: CSSProperties }) {
  const { t } = useI18n();
  return (
    <li
      role="option"
      aria-selected={false}
      aria-disabled="true"
      aria-setsize={total}
      aria-posinset={total === undefined ? undefined : index + 1}
      className="row-pending"
      style={{ ...style, height }}
      data-index={index}
    >
      <span className="muted">{t('list.loadingRow')}</span>
    </li>
  );
}
