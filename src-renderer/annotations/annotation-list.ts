/**
 * Pure operations on an article's annotation list as the renderer holds it:
 * text order with orphans last (the order `listAnnotations` returns), and the
 * panel's filters.
 */
import { positionSelector, quoteSelector, type Annotation } from '../../src-main/common/annotation';
import type { ColorKey } from '../../src-main/common/model';

export function sortAnnotations(list: readonly Annotation[]): Annotation[] {
  return [...list].sort((a, b) => {
    if (!!a.orphan !== !!b.orphan) return a.orphan ? 1 : -1;
    const pa = positionSelector(a);
    const pb = positionSelector(b);
    return pa.start - pb.start || pb.end - pa.end;
  });
}

/** Replaces (by id) or adds an annotation, keeping the order. */
export function upsertAnnotation(list: readonly Annotation[], annotation: Annotation): Annotation[] {
  return sortAnnotations([...list.filter((a) => a.id !== annotation.id), annotation]);
}

export function removeAnnotation(list: readonly Annotation[], id: string): Annotation[] {
  return list.filter((a) => a.id !== id);
}

export interface AnnotationFilter {
  /** Colours to show; empty shows all. */
  colors: ColorKey[];
  /** Tag to require; null shows all. */
  tag: string | null;
}

export const NO_FILTER: AnnotationFilter = { colors: [], tag: null };

export function filterAnnotations(list: readonly Annotation[], filter: AnnotationFilter): Annotation[] {
  return list.filter((a) => (filter.colors.length === 0 || filter.colors.includes(a.color)) && (filter.tag === null || a.tags.includes(filter.tag)));
}

/** Every tag used on these annotations, sorted for Chinese and English alike. */
export function tagsOf(list: readonly Annotation[]): string[] {
  return [...new Set(list.flatMap((a) => a.tags))].sort((a, b) => a.localeCompare(b, 'zh-Hans-CN'));
}

/** The highlighted text of an annotation (the stored quote; orphans have nothing else). */
export function quoteOf(annotation: Annotation): string {
  return quoteSelector(annotation).exact;
}

export function rangeOf(annotation: Annotation): { start: number; end: number } {
  const { start, end } = positionSelector(annotation);
  return { start, end };
}
