/**
 * The filter controls the library and the notebook share: words to filter
 * by, a facet choice with its counts (tag, article), the source (any, one,
 * or none), a date range, and the sort with its direction. Each is bound to
 * a `PagedList` query by its caller; test ids are the caller's.
 */
import type { ReactNode } from 'react';
import { DateField } from '../app/DateField';
import type { FacetCount } from '../../src-main/common/contract/library-query';
import { useI18n } from '../i18n/I18nProvider';

/** The value standing for "any source" (a source may be '' = none). */
const ANY = '\u0000any';

export function FilterText(props: { value: string; placeholder: string; label: string; testId: string; onChange(text: string): void }) {
  return (
    <input
      type="search"
      className="library-filter-text"
      value={props.value}
      placeholder={props.placeholder}
      aria-label={props.label}
      onChange={(e) => props.onChange(e.target.value)}
      data-testid={props.testId}
    />
  );
}

/**
 * A chosen value stays listed (with 0) even when the other filters leave it
 * nothing, so the select still shows what is chosen. `extra` fills the
 * other fields of the added option (an article's title).
 */
export function keepChosen<T extends FacetCount>(options: readonly T[], chosen: string | null, extra: Omit<T, 'value' | 'count'>): readonly T[] {
  return chosen !== null && chosen !== '' && !options.some((x) => x.value === chosen) ? [{ ...extra, value: chosen, count: 0 } as T, ...options] : options;
}

/** One facet (tag, article): "any" or one value with its count. */
export function FacetSelect<T extends FacetCount>(props: {
  value: string;
  options: readonly T[];
  anyLabel: string;
  label: string;
  testId: string;
  optionLabel(option: T): string;
  onChange(value: string): void;
}) {
  return (
    <select value={props.value} onChange={(e) => props.onChange(e.target.value)} aria-label={props.label} data-testid={props.testId}>
      <option value="">{props.anyLabel}</option>
      {props.options.map((x) => (
        <option key={x.value} value={x.value}>
          {props.optionLabel(x)}
        </option>
      ))}
    </select>
  );
}

/** The tag facet: "any" or one tag with its count (a chosen tag stays listed). */
export function TagSelect(props: { value: string; options: readonly FacetCount[]; anyLabel: string; testId: string; onChange(tag: string): void }) {
  const { t } = useI18n();
  return (
    <FacetSelect
      value={props.value}
      options={keepChosen(props.options, props.value, {})}
      anyLabel={props.anyLabel}
      label={t('list.tag')}
      testId={props.testId}
      optionLabel={(x) => t('list.tagOption', { tag: x.value, count: x.count })}
      onChange={props.onChange}
    />
  );
}

/** The source: any (null), one, or articles without one (''). */
export function SourceSelect(props: { value: string | null; options: readonly FacetCount[]; testId: string; onChange(source: string | null): void }) {
  const { t } = useI18n();
  const options = keepChosen(props.options, props.value, {});
  return (
    <select
      value={props.value === null ? ANY : props.value}
      onChange={(e) => props.onChange(e.target.value === ANY ? null : e.target.value)}
      aria-label={t('list.source')}
      data-testid={props.testId}
    >
      <option value={ANY}>{t('list.anySource')}</option>
      {options.map((x) => (
        <option key={x.value || '\u0000none'} value={x.value}>
          {x.value ? t('list.sourceOption', { source: x.value, count: x.count }) : t('list.noSourceOption', { count: x.count })}
        </option>
      ))}
    </select>
  );
}

/** From and to days (ISO dates, either may be empty); each bounds the other's picker. */
export function DateRange(props: {
  id?: string;
  from: string;
  to: string;
  fromLabel: string;
  toLabel: string;
  testIdPrefix: string;
  onChange(patch: { from?: string; to?: string }): void;
}) {
  const ends = [
    { key: 'from', label: props.fromLabel, value: props.from, min: undefined, max: props.to || undefined },
    { key: 'to', label: props.toLabel, value: props.to, min: props.from || undefined, max: undefined },
  ] as const;
  return (
    <div className="library-filter-row" id={props.id}>
      {ends.map((end) => (
        <label key={end.key}>
          {end.label}{' '}
          <DateField
            value={end.value}
            min={end.min}
            max={end.max}
            onChange={(value) => props.onChange({ [end.key]: value })}
            data-testid={`${props.testIdPrefix}-${end.key}`}
          />
        </label>
      ))}
    </div>
  );
}

/** The sort (a select) and its direction (a toggle), then whatever follows in the same row. */
export function SortControl<S extends string>(props: {
  /** The list's query (its sort and direction). */
  query: { sort: S; order: 'asc' | 'desc' };
  sorts: readonly S[];
  label: string;
  sortLabel(sort: S): string;
  testIdPrefix: string;
  onChange(patch: { sort?: S; order?: 'asc' | 'desc' }): void;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const toggle = t('list.orderToggle', { order: t(`list.order.${props.query.order}`) });
  return (
    <div className="library-filter-row">
      <select
        value={props.query.sort}
        onChange={(e) => props.onChange({ sort: e.target.value as S })}
        aria-label={props.label}
        data-testid={`${props.testIdPrefix}-sort`}
      >
        {props.sorts.map((s) => (
          <option key={s} value={s}>
            {props.sortLabel(s)}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="small order-toggle"
        aria-label={toggle}
        title={toggle}
        onClick={() => props.onChange({ order: props.query.order === 'asc' ? 'desc' : 'asc' })}
        data-testid={`${props.testIdPrefix}-order`}
      >
        {props.query.order === 'asc' ? '↑' : '↓'}
      </button>
      {props.children}
    </div>
  );
}
