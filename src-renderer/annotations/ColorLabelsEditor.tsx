/**
 * Renames the five colours' meanings (e.g. 风险 → 舆情风险). Labels are a
 * library setting, so the change shows everywhere; it is undoable.
 */
import { useState } from 'react';
import type { ColorLabels } from '../../src-main/common/contract/annotations';
import { useI18n } from '../i18n/I18nProvider';
import { COLOR_KEYS, colorLabel } from './colors';

export function ColorLabelsEditor({ labels, onSave, onCancel }: { labels: ColorLabels; onSave(labels: Partial<ColorLabels>): void; onCancel(): void }) {
  const { t } = useI18n();
  // What the user sees (defaults in the interface language) is what they edit…
  const [shown] = useState<ColorLabels>(() => Object.fromEntries(COLOR_KEYS.map((k) => [k, colorLabel(k, labels, t)])) as ColorLabels);
  const [values, setValues] = useState<ColorLabels>(shown);
  const valid = COLOR_KEYS.every((k) => values[k].trim().length > 0 && values[k].trim().length <= 20);
  return (
    <form
      className="labels-editor"
      data-testid="labels-editor"
      onSubmit={(e) => {
        e.preventDefault();
        // …and only what they changed is stored, so an untouched default stays bilingual.
        if (valid) onSave(Object.fromEntries(COLOR_KEYS.filter((k) => values[k].trim() !== shown[k]).map((k) => [k, values[k].trim()])));
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      {COLOR_KEYS.map((key, n) => (
        <label key={key} className="labels-row">
          <span className={`swatch swatch-${key}`} aria-hidden="true" />
          <span className="visually-hidden">{t('annot.labelFor', { n: n + 1 })}</span>
          <input
            value={values[key]}
            maxLength={20}
            autoFocus={n === 0}
            data-testid={`label-${key}`}
            onChange={(e) => setValues((v) => ({ ...v, [key]: e.target.value }))}
          />
        </label>
      ))}
      <div className="editor-actions">
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="primary" disabled={!valid}>
          {t('common.save')}
        </button>
      </div>
    </form>
  );
}
