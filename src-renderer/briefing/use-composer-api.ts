/**
 * The ComposerApi the composer's cards reach through context, for the open session: edits and saves,
 * announcements, opening a cited article (asked again at the click: it may have been deleted since),
 * confirmations, adding highlights (dropped at a place: moved there in the same undo step; ones the
 * briefing already holds are skipped and said so), the picker, and focus after a render.
 */
import { useCallback, useMemo, type MutableRefObject } from 'react';
import { moveItem } from '../../src-main/common/briefing/model';
import { api } from '../api-client';
import type { ToastState } from '../app/Toasts';
import { useI18n } from '../i18n/I18nProvider';
import type { BriefingSession } from './briefing-session';
import type { ComposerApi, ConfirmRequest, FocusTarget } from './composer-context';
import type { HighlightRef } from './drag';
import type { ExcerptChanges } from './use-excerpt-changes';

/** What the composer's API needs from the workspace; the refs hold the latest values for callbacks made once. */
export interface ComposerApiDeps {
  session: BriefingSession | null;
  announce(text: string): void;
  confirm(request: ConfirmRequest): Promise<boolean>;
  toastsRef: MutableRefObject<ToastState>;
  openArticleRef: MutableRefObject<(articleId: string, annotationId?: string) => void>;
  /** Cited articles no longer in the library, and how to ask again. */
  cited: { deleted: Set<string>; deletedRef: MutableRefObject<Set<string>>; reload(): void };
  openPicker(sectionId?: string): void;
  focusTarget: MutableRefObject<FocusTarget | null>;
  /** Excerpts whose highlight changed or is gone since they were copied. */
  excerpts: ExcerptChanges;
  /** The workspace's 同步批注 (latest). */
  syncRef: MutableRefObject<() => void>;
}

/** `api` is null while no session is open; `addHighlights` adds refs to a section of `session`. */
export function useComposerApi({ session, announce, confirm, toastsRef, openArticleRef, cited, openPicker, focusTarget, excerpts, syncRef }: ComposerApiDeps) {
  const { t } = useI18n();

  const addHighlights = useCallback(
    async (s: BriefingSession, refs: HighlightRef[], sectionId?: string, slot?: number) => {
      try {
        const before = new Set(s.current.sections.flatMap((x) => x.items.map((it) => it.id)));
        await s.serverChange(
          // A highlight the briefing already holds is skipped (and said so), never silently duplicated.
          (id) => api.addHighlightsToBriefing({ briefingId: id, ...(sectionId ? { sectionId } : {}), highlights: refs, duplicates: 'skip' }),
          (b) => b,
        );
        const target = sectionId ? s.current.sections.find((x) => x.id === sectionId) : s.current.sections.at(-1);
        const added = target?.items.filter((it) => !before.has(it.id)) ?? [];
        if (target && slot !== undefined && added.length) {
          // Dropped at a place: put them there, as part of the same undo step.
          s.apply((b) => added.reduce((acc, it, i) => moveItem(acc, it.id, target.id, slot + i), b), { immediate: true, amend: true });
        }
        const skipped = refs.length - added.length;
        toastsRef.current.info(skipped ? t('brief.addedSkipped', { added: added.length, skipped }) : t('brief.added', { count: added.length }));
        const first = added[0];
        if (first) setTimeout(() => document.querySelector(`[data-item-id="${first.id}"]`)?.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' }), 0);
      } catch (err) {
        toastsRef.current.error(err);
      }
    },
    [t, toastsRef],
  );

  const composerApi = useMemo<ComposerApi | null>(
    () =>
      session && {
        session,
        edit: (fn, opts) => session.apply(fn, opts),
        commit: () => void session.flush(),
        announce,
        openArticle: (articleId, annotationId) => {
          // Asked again at the click: the article may have been deleted since the briefing opened.
          void api.queryArticles({ ids: [articleId], limit: 1 }).then(
            (page) => {
              if (page.total) openArticleRef.current(articleId, annotationId);
              else {
                cited.reload();
                toastsRef.current.info(t('brief.sourceDeleted'));
                announce(t('brief.sourceDeleted'));
              }
            },
            (err) => toastsRef.current.error(err),
          );
        },
        sourceDeleted: (articleId) => cited.deletedRef.current.has(articleId),
        excerptChange: (itemId) =>
          excerpts.changed.has(itemId) ? 'changed' : excerpts.missing.has(itemId) ? 'missing' : excerpts.orphaned.has(itemId) ? 'orphaned' : null,
        syncExcerpts: () => syncRef.current(),
        confirm,
        addHighlights: (refs, sectionId, slot) => addHighlights(session, refs, sectionId, slot),
        openPicker,
        focusAfterRender: (target) => {
          focusTarget.current = target;
        },
      },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `cited.reload`, `openPicker` and `t` are read when called; the deleted set and the excerpts' changes re-render the cards
    [session, announce, confirm, addHighlights, cited.deleted, excerpts],
  );

  return { composerApi, addHighlights };
}
