/**
 * Which of the open briefing's excerpts no longer say what their highlight
 * says (`briefingHighlightChanges`): `changed` — the article was corrected
 * under the highlight or the highlight moved, so the excerpt would print the
 * old text (a wrong figure); `missing` — the highlight is gone; `orphaned` —
 * its passage was deleted from the article. Asked again
 * when the briefing's excerpts change and when core or this window reports
 * a change of articles or highlights.
 */
import { useEffect, useMemo, useState } from 'react';
import type { SessionSnapshot } from './briefing-session';
import { api } from '../api-client';
import { useApiQuery } from '../app/use-api-query';
import { onLibraryChanged } from '../app/library-events';

/** Item ids of the open briefing, by what happened to their highlight (empty sets until core answers). */
export interface ExcerptChanges {
  changed: ReadonlySet<string>;
  missing: ReadonlySet<string>;
  /** The highlight is kept, but its passage is no longer in the article. */
  orphaned: ReadonlySet<string>;
}

export function useExcerptChanges(briefingId: string | null, snapshot: SessionSnapshot | null): ExcerptChanges {
  const excerpts = useMemo(() => {
    const parts: string[] = [];
    for (const s of snapshot?.doc.sections ?? []) for (const it of s.items) if (it.kind === 'highlight') parts.push(`${it.id}:${it.annotationId}:${it.quote}`);
    return parts.join('\n');
  }, [snapshot?.doc.sections]);
  const [round, setRound] = useState(0);
  useEffect(() => onLibraryChanged(() => setRound((r) => r + 1), ['articles', 'annotations']), []);
  const query = useApiQuery(briefingId && excerpts ? ['excerpt-changes', briefingId, excerpts, round] : null, () =>
    api.briefingHighlightChanges({ id: briefingId! }),
  );
  return useMemo(
    () => ({ changed: new Set(query.data?.changed ?? []), missing: new Set(query.data?.missing ?? []), orphaned: new Set(query.data?.orphaned ?? []) }),
    [query.data],
  );
}
