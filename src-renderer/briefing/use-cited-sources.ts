/**
 * Which articles a briefing's highlight items cite that are no longer in the library: their items say
 * "source deleted" and 查看原文 explains instead of opening. Asked of the core in pages of 500 ids
 * whenever the set of cited articles changes.
 */
import { useMemo, useRef } from 'react';
import type { SessionSnapshot } from './briefing-session';
import { api } from '../api-client';
import { useApiQuery } from '../app/use-api-query';

/**
 * `deleted` is the set of cited article ids the library lacks (empty until the answer comes);
 * `deletedRef` always holds the latest set (for callbacks made once); `reload` asks again.
 */
export function useCitedSources(snapshot: SessionSnapshot | null) {
  const citedKey = useMemo(() => {
    const ids = new Set<string>();
    for (const s of snapshot?.doc.sections ?? []) for (const it of s.items) if (it.kind === 'highlight') ids.add(it.articleId);
    return [...ids].sort().join(',');
  }, [snapshot?.doc.sections]);
  const present = useApiQuery(citedKey ? ['cited-present', citedKey] : null, async () => {
    const ids = citedKey.split(',');
    const found = new Set<string>();
    for (let i = 0; i < ids.length; i += 500) {
      const page = await api.queryArticles({ ids: ids.slice(i, i + 500), limit: 500 });
      for (const row of page.items) found.add(row.id);
    }
    return found;
  });
  const deleted = useMemo(() => new Set(present.data ? citedKey.split(',').filter((id) => id && !present.data!.has(id)) : []), [present.data, citedKey]);
  const deletedRef = useRef(deleted);
  deletedRef.current = deleted;
  return { deleted, deletedRef, reload: present.reload };
}
