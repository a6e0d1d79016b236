/**
 * The list of briefings, newest first, and the button that starts a new one.
 */
import type { BriefingEntry } from '../../src-main/common/contract/briefings';
import { formatIssue } from '../../src-main/common/briefing/outline';
import { useI18n } from '../i18n/I18nProvider';
import { formatWhen } from '../i18n/format';
import { Icon } from './Icon';

export interface BriefingListProps {
  entries: BriefingEntry[] | null;
  selectedId: string | null;
  onSelect(id: string): void;
  onCreate(): void;
  creating: boolean;
}

export function BriefingList({ entries, selectedId, onSelect, onCreate, creating }: BriefingListProps) {
  const { t, locale } = useI18n();
  return (
    <nav className="brief-list" aria-label={t('brief.list.label')} data-testid="brief-list">
      <div className="brief-list-head">
        <h2>{t('brief.list.title')}</h2>
        <button type="button" className="primary brief-new" onClick={onCreate} disabled={creating} data-testid="brief-new">
          <Icon name="plus" />
          {t('brief.new')}
        </button>
      </div>
      {entries === null ? (
        <p className="muted brief-list-empty">{t('brief.loading')}</p>
      ) : entries.length === 0 ? (
        <p className="muted brief-list-empty">{t('brief.list.empty')}</p>
      ) : (
        <ul>
          {entries.map((e) => (
            <li key={e.id}>
              <button
                type="button"
                className={`brief-row${e.id === selectedId ? ' selected' : ''}`}
                aria-current={e.id === selectedId ? 'true' : undefined}
                onClick={() => onSelect(e.id)}
                data-testid="brief-row"
              >
                <span className="brief-row-title">{e.title || t('brief.untitled')}</span>
                <span className="brief-row-meta">
                  {e.seriesName || e.issueNumber !== undefined ? (
                    <span className="brief-row-issue" data-testid="brief-row-issue">
                      {[e.seriesName, formatIssue(e.issueNumber, locale === 'en' ? 'en' : 'zh')].filter(Boolean).join(' ')}
                      {' · '}
                    </span>
                  ) : null}
                  {t('brief.list.modified', { when: formatWhen(e.modified, locale) })}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}
