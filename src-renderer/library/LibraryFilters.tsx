/**
 * The library list's controls: words to filter by, tag and source (each
 * with the count core gave it), the sort and its direction, and a date
 * range under "More filters".
 */
import { useId, useState } from 'react';
import { ARTICLE_SORTS, type ArticleSort } from '../../src-main/common/contract/library-query';
import { useI18n } from '../i18n/I18nProvider';
import type { LibraryList, LibraryListSnapshot } from './library-list';

export function LibraryFilters({ list, snapshot }: { list: LibraryList; snapshot: LibraryListSnapshot }) {
  const { t } = useI18n();
  const { query, tags, sources } = snapshot;
  const [more, setMore] = useState(!!(query.from || query.to));
  const moreId = useId();
  // A chosen tag or source stays listed even when the other filters leave it nothing.
  const tagOptions = query.tag && !tags.some((x) => x.value === query.tag) ? [{ value: query.tag, count: 0 }, ...tags] : tags;
  const sourceOptions = query.source !== null && !sources.some((x) => x.value === query.source) ? [{ value: query.source, count: 0 }, ...sources] : sources;
  return (
    <div className="library-filters">
      <input
        type="search"
        className="library-filter-text"
        value={query.text}
        placeholder={t('list.filterText')}
        aria-label={t('list.filterTextLabel')}
        onChange={(e) => list.setQuery({ text: e.target.value })}
        data-testid="library-filter"
      />
      <div className="library-filter-row">
        <select value={query.tag} onChange={(e) => list.setQuery({ tag: e.target.value })} aria-label={t('list.tag')} data-testid="tag-filter">
          <option value="">{t('list.anyTag')}</option>
          {tagOptions.map((x) => (
            <option key={x.value} value={x.value}>{t('list.tagOption', { tag: x.value, count: x.count })}</option>
          ))}
        </select>
        <select
          value={query.source === null ? '\u0000any' : query.source}
          onChange={(e) => list.setQuery({ source: e.target.value === '\u0000any' ? null : e.target.value })}
          aria-label={t('list.source')}
          data-testid="source-filter"
        >
          <option value={'\u0000any'}>{t('list.anySource')}</option>
          {sourceOptions.map((x) => (
            <option key={x.value || '\u0000none'} value={x.value}>
              {x.value ? t('list.sourceOption', { source: x.value, count: x.count }) : t('list.noSourceOption', { count: x.count })}
            </option>
          ))}
        </select>
      </div>
      <div className="library-filter-row">
        <select value={query.sort} onChange={(e) => list.setQuery({ sort: e.target.value as ArticleSort })} aria-label={t('list.sort')} data-testid="library-sort">
          {ARTICLE_SORTS.map((s) => (
            <option key={s} value={s}>{t(`list.sort.${s}`)}</option>
          ))}
        </select>
        <button
          type="button"
          className="small order-toggle"
          aria-label={t('list.orderToggle', { order: t(`list.order.${query.order}`) })}
          title={t('list.orderToggle', { order: t(`list.order.${query.order}`) })}
          onClick={() => list.setQuery({ order: query.order === 'asc' ? 'desc' : 'asc' })}
          data-testid="library-order"
        >
          {query.order === 'asc' ? '↑' : '↓'}
        </button>
        <button type="button" className="ghost small" aria-expanded={more} aria-controls={moreId} onClick={() => setMore((m) => !m)}>
          {t('list.more')}
        </button>
      </div>
      {more && (
        <div className="library-filter-row" id={moreId}>
          <label>
            {t('list.from')} <input type="date" value={query.from} max={query.to || undefined} onChange={(e) => list.setQuery({ from: e.target.value })} data-testid="library-from" />
          </label>
          <label>
            {t('list.to')} <input type="date" value={query.to} min={query.from || undefined} onChange={(e) => list.setQuery({ to: e.target.value })} data-testid="library-to" />
          </label>
        </div>
      )}
    </div>
  );
}
