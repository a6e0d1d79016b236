/**
 * What can be done with several selected articles: add or remove tags,
 * export their highlights, make a briefing of them, delete them; select
 * every match of the filter; clear the selection. Shown while more than one
 * article is selected.
 */
import { useI18n } from '../i18n/I18nProvider';
import { MenuButton } from '../app/MenuButton';
import type { LibraryListSnapshot } from './library-list';

export type BulkAction = 'tag' | 'untag' | 'export-md' | 'export-w3c' | 'export-json' | 'briefing' | 'delete' | 'all' | 'clear';

export function SelectionBar({ snapshot, onAction }: { snapshot: LibraryListSnapshot; onAction(action: BulkAction): void }) {
  const { t } = useI18n();
  const count = snapshot.selected.size;
  const total = snapshot.total ?? 0;
  return (
    <div className="selection-bar" role="toolbar" aria-label={t('list.bulkLabel')} data-testid="selection-bar">
      <span className="selection-count" role="status">
        {t('list.selected', { count })}
      </span>
      {count < total && (
        <button type="button" className="ghost small" onClick={() => onAction('all')} data-testid="select-all-matching">
          {t('list.selectAll', { count: total })}
        </button>
      )}
      <button type="button" className="ghost small" onClick={() => onAction('clear')}>
        {t('list.clearSelection')}
      </button>
      <span className="selection-actions">
        <button type="button" className="small" onClick={() => onAction('tag')} data-testid="bulk-tag">
          {t('list.bulkTag')}
        </button>
        <button type="button" className="small" onClick={() => onAction('untag')} data-testid="bulk-untag">
          {t('list.bulkUntag')}
        </button>
        <MenuButton
          label={t('list.bulkExport')}
          testId="bulk-export"
          items={[
            { key: 'export-md', label: t('list.export.md'), testId: 'bulk-export-md' },
            { key: 'export-w3c', label: t('list.export.w3c'), testId: 'bulk-export-w3c' },
            { key: 'export-json', label: t('list.export.json'), testId: 'bulk-export-json' },
          ]}
          onChoose={(key) => onAction(key as BulkAction)}
        />
        <button type="button" className="small" onClick={() => onAction('briefing')} data-testid="bulk-briefing">
          {t('list.bulkBriefing')}
        </button>
        <button type="button" className="small danger" onClick={() => onAction('delete')} data-testid="bulk-delete">
          {t('list.bulkDelete')}
        </button>
      </span>
    </div>
  );
}
