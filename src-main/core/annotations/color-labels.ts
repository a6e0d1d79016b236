/**
 * The names of the five highlight colours, kept in the library's settings
 * (`colorLabels`) so every window and host shows the same; the defaults are
 * the analysts' usual five (要点, 数据, 政策, 风险, 待核实).
 */
import type { ColorLabels } from '../../common/contract/annotations';
import { COLOR_KEYS } from '../../common/model';
import type { LibraryStore } from '../library/store';

export const DEFAULT_COLOR_LABELS: ColorLabels = { key: '要点', figure: '数据', policy: '政策', risk: '风险', verify: '待核实' };

/** The labels in use: the defaults with the library's own names over them. */
export function colorLabels(store: LibraryStore): ColorLabels {
  return { ...DEFAULT_COLOR_LABELS, ...(store.setting<Partial<ColorLabels>>('colorLabels') ?? {}) };
}

/** Renames some colours (durable when it returns); returns all five labels. */
export async function setColorLabels(store: LibraryStore, labels: Partial<ColorLabels>): Promise<ColorLabels> {
  const next = { ...colorLabels(store), ...labels };
  await store.setSetting('colorLabels', Object.fromEntries(COLOR_KEYS.map((k) => [k, next[k]])));
  return colorLabels(store);
}
