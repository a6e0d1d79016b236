/**
 * Deleting articles, one or many, from anywhere (the list's Delete key, the
 * reader's button, the selection bar): a confirmation that names the
 * briefings citing them (their excerpts stay, but 查看原文 will have nothing
 * to open), then the deletion, the list asked for again, and the next
 * article opened in place of a deleted one that was open.
 */
import { useState, type ReactElement } from 'react';
import { api } from '../api-client';
import { ConfirmDialog, type ConfirmRequest } from './ConfirmDialog';
import type { ToastState } from './Toasts';
import { useI18n } from '../i18n/I18nProvider';
import type { LibraryList } from '../library/library-list';

export interface DeletionOptions {
  list: LibraryList;
  toasts: ToastState;
  currentId: string | null;
  /** Open this article instead of a deleted one (null: none left). */
  onReplaceCurrent(id: string | null): void;
  onDeleted(ids: string[]): void;
}

export function useArticleDeletion(options: DeletionOptions): { requestDelete(ids: string[]): void; dialog: ReactElement | null } {
  const { t } = useI18n();
  const [pending, setPending] = useState<{ ids: string[]; request: ConfirmRequest } | null>(null);
  const { list, toasts } = options;

  async function requestDelete(ids: string[]) {
    if (!ids.length) return;
    try {
      const [{ briefings }, titles] = await Promise.all([
        api.citingBriefings({ articleIds: ids }),
        ids.length === 1 ? api.queryArticles({ ids, limit: 1 }).then((p) => p.items.map((i) => i.title)) : Promise.resolve([]),
      ]);
      const names = briefings.map((b) => `《${b.title}》`).join('、');
      const base = ids.length === 1 ? t('library.confirmDelete', { title: titles[0] ?? '' }) : t('list.bulkDeleteMessage');
      const message = briefings.length ? `${base}\n\n${t('library.citedWarning', { count: briefings.length, briefings: names })}` : base;
      setPending({
        ids,
        request: {
          title: ids.length === 1 ? t('library.confirmDeleteTitle') : t('list.bulkDeleteTitle', { count: ids.length }),
          message,
          confirmLabel: t('common.delete'),
        },
      });
    } catch (err) {
      toasts.error(err);
    }
  }

  async function confirmed(ids: string[]) {
    try {
      const at = options.currentId ? list.indexOf(options.currentId) : -1;
      const { deleted } = await api.deleteArticles({ ids });
      list.forget(ids);
      await list.refresh();
      options.onDeleted(deleted.map((d) => d.id));
      if (options.currentId && ids.includes(options.currentId)) {
        const total = list.getSnapshot().total ?? 0;
        options.onReplaceCurrent(total ? (list.rowAt(Math.min(Math.max(at, 0), total - 1))?.id ?? null) : null);
      }
      // Highlights are never deleted without a copy: say where it went.
      const kept = deleted.filter((d) => d.annotationsKept);
      toasts.info(
        deleted.length === 1
          ? kept.length
            ? t('library.deletedKept', { title: deleted[0].title, file: kept[0].annotationsKept!.file })
            : t('library.deleted', { title: deleted[0].title })
          : kept.length
            ? t('list.bulkDeletedKept', { count: deleted.length, kept: kept.length })
            : t('list.bulkDeleted', { count: deleted.length }),
      );
    } catch (err) {
      toasts.error(err);
    }
  }

  const dialog = pending && (
    <ConfirmDialog
      request={pending.request}
      onAnswer={(ok) => {
        const ids = pending.ids;
        setPending(null);
        if (ok) void confirmed(ids);
      }}
    />
  );
  return { requestDelete: (ids) => void requestDelete(ids), dialog };
}
