/**
 * The selection bar's actions: tags through a prompt, export of the
 * selected articles' highlights, a briefing made of them, delete (handed to
 * the app, which warns about briefings that cite them), select all matches,
 * clear.
 */
import { useState, type ReactElement } from 'react';
import { api, saveText } from '../api-client';
import { PromptDialog, splitTags, type PromptRequest } from '../app/PromptDialog';
import type { ToastState } from '../app/Toasts';
import { useI18n } from '../i18n/I18nProvider';
import type { LibraryList, LibraryListSnapshot } from './library-list';
import type { BulkAction } from './SelectionBar';

export interface BulkActionOptions {
  toasts: ToastState;
  requestDelete(ids: string[]): void;
}

export function useBulkActions(
  list: LibraryList,
  snapshot: LibraryListSnapshot,
  options: BulkActionOptions,
): { onAction(action: BulkAction): void; dialog: ReactElement | null } {
  const { t } = useI18n();
  const [prompt, setPrompt] = useState<{ request: PromptRequest; mode: 'tag' | 'untag' } | null>(null);
  const { toasts } = options;
  const count = snapshot.selected.size;

  async function run(work: () => Promise<void>) {
    try {
      await work();
    } catch (err) {
      toasts.error(err);
    }
  }

  function onAction(action: BulkAction) {
    const ids = [...snapshot.selected];
    switch (action) {
      case 'all':
        void run(async () => void (await list.selectAllMatching()));
        return;
      case 'clear':
        list.clearSelection();
        return;
      case 'tag':
      case 'untag':
        setPrompt({
          mode: action,
          request: {
            title: t(action === 'tag' ? 'list.bulkTag' : 'list.bulkUntag'),
            label: t(action === 'tag' ? 'list.bulkTagPrompt' : 'list.bulkUntagPrompt', { count }),
            submitLabel: t(action === 'tag' ? 'list.bulkTag' : 'list.bulkUntag'),
            suggestions: snapshot.tags.map((x) => x.value),
          },
        });
        return;
      case 'export-md':
      case 'export-w3c':
      case 'export-json':
        void run(async () => {
          const file = await api.exportAnnotations({ articleIds: ids, format: action.slice(7) as 'md' | 'w3c' | 'json' });
          if (await saveText(file.fileName, file.content, file.mime)) {
            // Articles whose annotations could not be read are left out and named; the rest is in the file.
            const skipped = file.skipped ?? [];
            toasts.info(
              skipped.length
                ? t('list.exportedPartly', {
                    file: file.fileName,
                    count: skipped.length,
                    titles: skipped
                      .slice(0, 3)
                      .map((s) => `“${s.title}”`)
                      .join(', '),
                  })
                : t('list.exported', { file: file.fileName }),
            );
          }
        });
        return;
      case 'briefing':
        void run(async () => {
          const created = await api.createBriefing({ title: t('list.briefingTitle', { count: ids.length }), articleIds: ids.slice(0, 500) });
          toasts.info(t('list.briefingCreated', { title: created.header.title }));
        });
        return;
      case 'delete':
        options.requestDelete(ids);
        return;
      default: {
        const never: never = action;
        throw new Error(`unknown action ${String(never)}`);
      }
    }
  }

  const dialog = prompt && (
    <PromptDialog
      request={prompt.request}
      onAnswer={(value) => {
        const mode = prompt.mode;
        setPrompt(null);
        if (!value) return;
        const tags = splitTags(value);
        void run(async () => {
          const updated = mode === 'tag' ? await list.tagSelected(tags) : await list.tagSelected([], tags);
          toasts.info(t('list.bulkTagged', { count: updated }));
        });
      }}
    />
  );
  return { onAction, dialog };
}
