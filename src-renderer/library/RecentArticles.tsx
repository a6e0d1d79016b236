/**
 * Recently read articles (newest first), a disclosure above the list: each
 * a button that opens the article again where reading stopped.
 */
import { useId, useState } from 'react';
import { api } from '../api-client';
import { useApiQuery } from '../app/use-api-query';
import { useI18n } from '../i18n/I18nProvider';

const SHOWN = 8;

export function RecentArticles({ ids, currentId, onOpen }: { ids: readonly string[]; currentId: string | null; onOpen(id: string): void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const listId = useId();
  const wanted = ids.slice(0, SHOWN);
  const rows = useApiQuery(open && wanted.length ? ['recent', wanted] : null, () => api.queryArticles({ ids: [...wanted], limit: SHOWN }));
  if (!ids.length) return null;
  const items = rows.data?.items ?? [];
  return (
    <div className="recent-articles">
      <button
        type="button"
        className="ghost small disclosure"
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen((o) => !o)}
        data-testid="recent-toggle"
      >
        {open ? '▾' : '▸'} {t('list.recentToggle', { count: Math.min(ids.length, SHOWN) })}
      </button>
      {open && (
        <ul id={listId} className="recent-list" aria-label={t('list.recent')} data-testid="recent-list">
          {items.map((row) => (
            <li key={row.id}>
              <button
                type="button"
                className={`ghost small${row.id === currentId ? ' current' : ''}`}
                aria-current={row.id === currentId ? 'true' : undefined}
                onClick={() => onOpen(row.id)}
              >
                {row.title}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
