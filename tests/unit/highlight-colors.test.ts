/**
 * A highlight colour means the same in the app and in an exported briefing:
 * the exports' print colours (HIGHLIGHT_PRINT_COLORS, modern.css, the Word
 * export) have the hue of the app's swatches (styles.css). The figure and
 * policy colours were once swapped in every export (blue in the app, green
 * on paper, and the other way round).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COLOR_KEYS, HIGHLIGHT_PRINT_COLORS, type ColorKey } from '../../src-main/common/model';
import { waicBriefing } from '../../src-main/common/briefing/fixtures/waic-briefing';
import type { HighlightItem } from '../../src-main/common/briefing/model';
import { briefingToDocx } from '../../src-main/core/export/docx';
import { zipPartText } from '../support/zip-part';

const root = join(__dirname, '..', '..');
const css = (path: string) => readFileSync(join(root, path), 'utf8');

/** The value of the custom property `--name` in a stylesheet (the first declaration), lower case. */
function customProperty(sheet: string, name: string): string {
  const m = new RegExp(`--${name}\\s*:\\s*([^;]+);`).exec(sheet);
  if (!m) throw new Error(`--${name} is not declared`);
  return m[1]!.trim().toLowerCase();
}

/** Hue in degrees (0–360) of `#rrggbb` or `rgb(a)(r, g, b, …)`. */
function hue(color: string): number {
  const hex = /^#([0-9a-f]{6})$/i.exec(color);
  const rgb = /^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)/i.exec(color);
  const [r, g, b] = hex ? [0, 2, 4].map((i) => parseInt(hex[1]!.slice(i, i + 2), 16) / 255) : rgb ? rgb.slice(1, 4).map((v) => Number(v) / 255) : [];
  if (r === undefined || g === undefined || b === undefined) throw new Error(`not a colour: ${color}`);
  const max = Math.max(r, g, b);
  const d = max - Math.min(r, g, b);
  if (d === 0) return 0;
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return (h * 60 + 360) % 360;
}

/** Smallest angle between two hues, in degrees. */
function hueDistance(a: number, b: number): number {
  const d = Math.abs(a - b) % 360;
  return Math.min(d, 360 - d);
}

const app = css('src-renderer/styles.css');
const modern = css('resources/templates/modern.css');

describe('highlight colours in the app and in exports', () => {
  it.each(COLOR_KEYS)('%s: the app swatch, its line and the renderer’s briefing tint have the print colour’s hue', (key) => {
    const print = hue(HIGHLIGHT_PRINT_COLORS[key]);
    for (const property of [`swatch-${key}`, `hl-${key}-line`, `hl-${key}`])
      expect(hueDistance(hue(customProperty(app, property)), print), `--${property}`).toBeLessThan(30);
  });

  it.each(COLOR_KEYS)('%s: modern.css prints the table’s colour', (key) => {
    expect(customProperty(modern, `bd-${key}`)).toBe(HIGHLIGHT_PRINT_COLORS[key]);
  });

  it('every colour is told apart from the others on paper (hues at least 30° apart)', () => {
    const hues = COLOR_KEYS.map((k) => [k, hue(HIGHLIGHT_PRINT_COLORS[k])] as const);
    for (const [a, ha] of hues) for (const [b, hb] of hues) if (a < b) expect(hueDistance(ha, hb), `${a} / ${b}`).toBeGreaterThanOrEqual(30);
  });

  it('the Word export rules each excerpt in its highlight’s print colour', async () => {
    const briefing = waicBriefing();
    const excerpts: HighlightItem[] = [];
    for (const section of briefing.sections) for (const item of section.items) if (item.kind === 'highlight') excerpts.push(item);
    expect(excerpts.length).toBeGreaterThanOrEqual(COLOR_KEYS.length);
    const colored = COLOR_KEYS.map((key, i) => {
      const item = excerpts[i]!;
      item.color = key;
      return [key, item.quote] as [ColorKey, string];
    });
    const xml = zipPartText(await briefingToDocx(briefing, { template: 'modern' }), 'word/document.xml');
    for (const [key, quote] of colored) {
      // The paragraph holding the excerpt's first words, and the colour of its left border.
      const at = xml.indexOf(quote.slice(0, 8));
      expect(at, `${key} excerpt`).toBeGreaterThan(0);
      const paragraph = xml.slice(xml.lastIndexOf('<w:p>', at) >= 0 ? xml.lastIndexOf('<w:p>', at) : xml.lastIndexOf('<w:p ', at), at);
      const left = /<w:left [^>]*w:color="([0-9A-Fa-f]{6})"/.exec(paragraph);
      expect(left?.[1]?.toLowerCase(), `${key} excerpt's rule`).toBe(HIGHLIGHT_PRINT_COLORS[key].slice(1));
    }
  });
});
