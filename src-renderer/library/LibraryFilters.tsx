/**
 * The library list's controls: words to filter by, tag and source (each
 * with the count core gave it), the sort and its direction, and a date
 * range under "More filters" (the shared controls of `list/ListFilters`).
 */
import { useId, useState } from 'react';
import { ARTICLE_SORTS } from '../../src-main/common/contract/library-query';
import { useI18n } from '../i18n/I18nProvider';
import { DateRange, FilterText, SortControl, SourceSelect, TagSelect } from '../list/ListFilters';
import type { LibraryList, LibraryListSnapshot } from './library-list';

export function LibraryFilters({ list, snapshot }: { list: LibraryList; snapshot: LibraryListSnapshot }) {
  const { t } = useI18n();
  const { query } = snapshot;
  const [more, setMore] = useState(!!(query.from || query.to));
  const moreId = useId();
  return (
    <div className="library-filters">
      <FilterText
        value={query.text}
        placeholder={t('list.filterText')}
        label={t('list.filterTextLabel')}
        testId="library-filter"
        onChange={(text) => list.setQuery({ text })}
      />
      <div className="library-filter-row">
        <TagSelect value={query.tag} options={snapshot.tags} anyLabel={t('list.anyTag')} testId="tag-filter" onChange={(tag) => list.setQuery({ tag })} />
        <SourceSelect value={query.source} options={snapshot.sources} testId="source-filter" onChange={(source) => list.setQuery({ source })} />
      </div>
      <SortControl
        query={query}
        sorts={ARTICLE_SORTS}
        label={t('list.sort')}
        sortLabel={(s) => t(`list.sort.${s}`)}
        testIdPrefix="library"
        onChange={(patch) => list.setQuery(patch)}
      >
        <button type="button" className="ghost small" aria-expanded={more} aria-controls={moreId} onClick={() => setMore((m) => !m)}>
          {t('list.more')}
        </button>
      </SortControl>
      {more && (
        <DateRange
          id={moreId}
          from={query.from}
          to={query.to}
          fromLabel={t('list.from')}
          toLabel={t('list.to')}
          testIdPrefix="library"
          onChange={(patch) => list.setQuery(patch)}
        />
      )}
    </div>
  );
}
