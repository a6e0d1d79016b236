/**
 * Starts loading an article's annotations while its text is still on the way,
 * so opening an article costs one round trip, not two. The reader takes the
 * prefetched list once (a later reload asks the API again).
 */
import type { Annotation } from '../../src-main/common/annotation';
import { api } from '../api-client';

let pending: { articleId: string; list: Promise<Annotation[]> } | null = null;

export function prefetchAnnotations(articleId: string): void {
  const list = api.listAnnotations({ articleId });
  list.catch(() => undefined); // a failure surfaces when the reader asks again
  pending = { articleId, list };
}

export function takePrefetchedAnnotations(articleId: string): Promise<Annotation[]> | null {
  if (pending?.articleId !== articleId) return null;
  const { list } = pending;
  pending = null;
  return list.catch(() => api.listAnnotations({ articleId }));
}
