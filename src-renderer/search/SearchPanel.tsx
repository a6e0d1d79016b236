/**
 * Library search: a query box with filters (tag, source, date range) and
 * sort, results with snippets whose matches are marked. Choosing a result
 * opens the article scrolled to the match.
 */
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { SearchHit, SearchResult, SearchSort } from '../../src-main/common/search/types';
import type { Snippet } from '../../src-main/common/search/snippet';
import { api } from '../api-client';
import { useI18n } from '../i18n/I18nProvider';
import { useApiQuery } from '../app/use-api-query';
import { DateField } from '../app/DateField';
import { errorText } from '../i18n/error-text';
import { IndexStatus, useIndexStatus } from './IndexStatus';
import { resultsMayBeIncomplete } from './index-status';

export interface SearchChoice {
  id: string;
  matchStart?: number;
  matchEnd?: number;
}

interface Props {
  tags: string[];
  sources: string[];
  /** Bumped to focus the query box (Ctrl/Cmd+K). */
  focusSignal: number;
  onOpen(choice: SearchChoice): void;
  onClose(): void;
}

export function SnippetText({ snippet }: { snippet: Snippet }) {
  const parts: ReactNode[] = [];
  let at = 0;
  snippet.marks.forEach(([s, e], i) => {
    if (s > at) parts.push(snippet.text.slice(at, s));
    parts.push(<mark key={i}>{snippet.text.slice(s, e)}</mark>);
    at = e;
  });
  parts.push(snippet.text.slice(at));
  return (
    <span className="snippet">
      {snippet.truncatedStart && '…'}
      {parts}
      {snippet.truncatedEnd && '…'}
    </span>
  );
}

export function SearchPanel({ tags, sources, focusSignal, onOpen, onClose }: Props) {
  const { t, date, locale } = useI18n();
  const [query, setQuery] = useState('');
  const [tag, setTag] = useState('');
  const [source, setSource] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [sort, setSort] = useState<SearchSort>('relevance');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const indexStatus = useIndexStatus();

  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, [focusSignal]);

  const filters = { ...(tag ? { tags: [tag] } : {}), ...(source ? { source } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) };
  const asked = query.trim() || tag || source || from || to;
  const search = useApiQuery(asked ? ['search', query, sort, filters] : null, () => api.search({ query, sort, limit: 50, ...filters }), {
    delay: 120,
    onData: () => setActive(0),
  });
  const result: SearchResult | null = search.data ?? null;
  const error = search.error ? errorText(search.error, locale) : null;

  const hits = result?.hits ?? [];
  const open = (hit: SearchHit) => onOpen({ id: hit.id, matchStart: hit.matchStart, matchEnd: hit.matchEnd });

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
    } else if (event.key === 'ArrowDown' && hits.length) {
      event.preventDefault();
      setActive((i) => Math.min(hits.length - 1, i + 1));
    } else if (event.key === 'ArrowUp' && hits.length) {
      event.preventDefault();
      setActive((i) => Math.max(0, i - 1));
    } else if (event.key === 'Enter' && hits[active]) {
      event.preventDefault();
      open(hits[active]);
    }
  }

  return (
    <section className="search-panel" aria-label={t('search.title')} onKeyDown={onKeyDown} data-testid="search-panel">
      <div className="search-row">
        <input
          ref={input}
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={t('search.placeholder')}
          aria-label={t('search.placeholder')}
          aria-controls="search-results"
          aria-activedescendant={hits[active] ? `hit-${hits[active].id}` : undefined}
          data-testid="search-input"
        />
        <button className="ghost" onClick={onClose} aria-label={t('common.close')}>
          ×
        </button>
      </div>
      <div className="search-filters">
        <select value={tag} onChange={(e) => setTag(e.target.value)} aria-label={t('search.tag')}>
          <option value="">{t('search.anyTag')}</option>
          {tags.map((x) => (
            <option key={x} value={x}>
              {x}
            </option>
          ))}
        </select>
        <select value={source} onChange={(e) => setSource(e.target.value)} aria-label={t('search.source')}>
          <option value="">{t('search.anySource')}</option>
          {sources.map((x) => (
            <option key={x} value={x}>
              {x}
            </option>
          ))}
        </select>
        <label>
          {t('search.from')} <DateField value={from} onChange={setFrom} max={to || undefined} />
        </label>
        <label>
          {t('search.to')} <DateField value={to} onChange={setTo} min={from || undefined} />
        </label>
        <select value={sort} onChange={(e) => setSort(e.target.value as SearchSort)} aria-label={t('search.sort')}>
          <option value="relevance">{t('search.sort.relevance')}</option>
          <option value="date">{t('search.sort.date')}</option>
          <option value="title">{t('search.sort.title')}</option>
          <option value="added">{t('search.sort.added')}</option>
        </select>
      </div>
      <IndexStatus state={indexStatus} />
      {error && (
        <p className="search-error" role="alert">
          {error}
        </p>
      )}
      {result && (
        <p className="muted search-count" role="status">
          {t('search.count', { count: result.total, more: result.totalExact ? 'no' : 'yes', ms: result.tookMs.toFixed(0) })}
          {result.unsearchable ? (
            <span className="search-incomplete" data-testid="search-unsearchable">
              {' '}
              {t('search.unsearchable', { count: result.unsearchable })}
            </span>
          ) : null}
          {resultsMayBeIncomplete(indexStatus) && (
            <span className="search-incomplete" data-testid="search-incomplete">
              {' '}
              {t('index.incomplete')}
            </span>
          )}
        </p>
      )}
      <ul id="search-results" className="search-results" role="listbox" aria-label={t('search.results')}>
        {hits.map((hit, i) => (
          <li
            key={hit.id}
            id={`hit-${hit.id}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'active' : undefined}
            onMouseEnter={() => setActive(i)}
            onClick={() => open(hit)}
            data-testid="search-hit"
          >
            <span className="hit-title">{hit.title}</span>
            <span className="hit-meta">
              {hit.source && <span>{hit.source}</span>}
              {hit.published && <time dateTime={hit.published}>{date(hit.published)}</time>}
            </span>
            {hit.snippet && <SnippetText snippet={hit.snippet} />}
          </li>
        ))}
        {result && hits.length === 0 && <li className="muted empty">{t('search.none')}</li>}
      </ul>
    </section>
  );
}
