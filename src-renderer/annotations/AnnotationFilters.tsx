/**
 * The panel's colour legend and filters: the five colours with their
 * meanings and counts (each a toggle that filters by colour; several at
 * once), renaming the colours, and the tag filter with "clear filter".
 */
import { useState } from 'react';
import type { ColorLabels } from '../../src-main/common/contract/annotations';
import { useI18n } from '../i18n/I18nProvider';
import { NO_FILTER, type AnnotationFilter } from './annotation-list';
import { COLOR_KEYS, colorLabel, type ColorKey } from './colors';
import { ColorLabelsEditor } from './ColorLabelsEditor';

export interface AnnotationFiltersProps {
  labels: ColorLabels;
  /** Annotations of each colour. */
  counts: Record<ColorKey, number>;
  /** Tags used on these annotations. */
  tags: readonly string[];
  filter: AnnotationFilter;
  onFilter(update: (filter: AnnotationFilter) => AnnotationFilter): void;
  onSaveLabels(labels: Partial<ColorLabels>): void;
}

export function AnnotationFilters({ labels, counts, tags, filter, onFilter: setFilter, onSaveLabels }: AnnotationFiltersProps) {
  const { t } = useI18n();
  const [renaming, setRenaming] = useState(false);
  const filtered = filter.colors.length > 0 || filter.tag !== null;
  const toggleColor = (key: ColorKey) => setFilter((f) => ({ ...f, colors: f.colors.includes(key) ? f.colors.filter((c) => c !== key) : [...f.colors, key] }));
  return (
    <div className="annot-legend">
      <div className="legend-head">
        <span className="small muted">{t('annot.colorMeanings')}</span>
        {!renaming && (
          <button type="button" className="ghost small" data-testid="rename-colors" onClick={() => setRenaming(true)}>
            {t('annot.renameColors')}
          </button>
        )}
      </div>
      {renaming ? (
        <ColorLabelsEditor
          labels={labels}
          onCancel={() => setRenaming(false)}
          onSave={(next) => {
            setRenaming(false);
            onSaveLabels(next);
          }}
        />
      ) : (
        <div className="color-filter" role="group" aria-label={t('annot.filterColors')}>
          {COLOR_KEYS.map((key) => (
            <button
              key={key}
              type="button"
              className="filter-chip"
              aria-pressed={filter.colors.includes(key)}
              data-testid={`filter-${key}`}
              onClick={() => toggleColor(key)}
            >
              <span className={`swatch swatch-${key}`} aria-hidden="true" />
              {colorLabel(key, labels, t)}
              <span className="chip-count">{counts[key]}</span>
            </button>
          ))}
        </div>
      )}
      <div className="annot-filter-row">
        <select
          aria-label={t('annot.filterTag')}
          value={filter.tag ?? ''}
          disabled={tags.length === 0}
          data-testid="filter-tag"
          onChange={(e) => setFilter((f) => ({ ...f, tag: e.target.value || null }))}
        >
          <option value="">{tags.length ? t('annot.allTags') : t('annot.noTags')}</option>
          {tags.map((tag) => (
            <option key={tag} value={tag}>
              {tag}
            </option>
          ))}
        </select>
        {filtered && (
          <button type="button" className="ghost small" onClick={() => setFilter(() => NO_FILTER)}>
            {t('annot.clearFilter')}
          </button>
        )}
      </div>
    </div>
  );
}
