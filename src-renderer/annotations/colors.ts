/**
 * The five highlight colours and their meanings. Labels are the user's (the
 * library stores them); while a label is still the shipped Chinese default it
 * is shown in the interface language instead.
 */
import { COLOR_KEYS, type ColorKey } from '../../src-main/common/model';
import type { ColorLabels } from '../../src-main/common/contract/annotations';
import type { StringKey } from '../i18n/strings';

export { COLOR_KEYS, type ColorKey };

/** What core ships (src-main/core/annotations/color-labels.ts DEFAULT_COLOR_LABELS). */
export const DEFAULT_LABELS_ZH: ColorLabels = { key: '要点', figure: '数据', policy: '政策', risk: '风险', verify: '待核实' };

export const COLOR_STRING: Record<ColorKey, StringKey> = {
  key: 'annot.color.key',
  figure: 'annot.color.figure',
  policy: 'annot.color.policy',
  risk: 'annot.color.risk',
  verify: 'annot.color.verify',
};

/** The label to show for a colour. */
export function colorLabel(key: ColorKey, labels: Partial<ColorLabels> | null | undefined, t: (key: StringKey) => string): string {
  const stored = labels?.[key];
  if (!stored || stored === DEFAULT_LABELS_ZH[key]) return t(COLOR_STRING[key]);
  return stored;
}

/** Keyboard digit 1–5 → colour, or null. */
export function colorForDigit(key: string): ColorKey | null {
  const n = Number(key);
  return Number.isInteger(n) && n >= 1 && n <= COLOR_KEYS.length ? COLOR_KEYS[n - 1] : null;
}
