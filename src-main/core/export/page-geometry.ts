/**
 * The page of each export template, in millimetres: A4 and the margins of
 * the template's `@page` rule (resources/templates/*.css; a test keeps the
 * two in step). The PDF printer needs them to pin the 版记 to the foot of the
 * last page, and the layout check to know what it measures against.
 *
 * gbt9704 follows GB/T 9704-2012 §5.2: 天头 (top margin) 37 mm, 订口 (left
 * margin) 28 mm, text block (版心) 156 × 225 mm, hence 26 mm right and 35 mm
 * bottom.
 */
import type { TemplateName } from '../../common/briefing/model';
import type { Language } from '../../common/briefing/outline';

export interface PageGeometry {
  /** Page box, mm. */
  width: number;
  height: number;
  /** Margins, mm. */
  margin: { top: number; right: number; bottom: number; left: number };
}

export const TEMPLATE_PAGES: Record<TemplateName, PageGeometry> = {
  gbt9704: { width: 210, height: 297, margin: { top: 37, right: 26, bottom: 35, left: 28 } },
  modern: { width: 210, height: 297, margin: { top: 22, right: 20, bottom: 24, left: 22 } },
};

/** The page area (text block, 版心) of a page: its left/top edges and its size, mm. */
export function pageArea(g: PageGeometry): { left: number; top: number; width: number; height: number } {
  return {
    left: g.margin.left,
    top: g.margin.top,
    width: g.width - g.margin.left - g.margin.right,
    height: g.height - g.margin.top - g.margin.bottom,
  };
}

/** The briefing title's type size in each template and language (`.bd-title` in the stylesheets; the Word file's Title style matches), pt. */
export const TITLE_SIZE_PT: Record<TemplateName, Record<Language, number>> = {
  gbt9704: { zh: 22, en: 22 },
  modern: { zh: 23, en: 24 },
};

/** How many em of the title's size a line of the template's text block holds (whole em, so an estimate never overruns it). */
export function titleMeasureEm(template: TemplateName, language: Language): number {
  return Math.floor((pageArea(TEMPLATE_PAGES[template]).width * 72) / 25.4 / TITLE_SIZE_PT[template][language]);
}
