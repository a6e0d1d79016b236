/**
 * Exports of annotations: one article's, several articles' (a selection in
 * the library) or the whole library's, as our own JSON, W3C Web Annotation
 * JSON-LD (an AnnotationCollection) or Markdown with localised labels
 * (common/annotation-markdown.ts). An article whose file cannot be used
 * (a newer version, damaged) never stops an export of several: it is left
 * out and named in `skipped`.
 */
import type { AnnotationExport } from '../../common/contract/annotations';
import type { Annotation } from '../../common/annotation';
import type { Article } from '../../common/model';
import { annotationsToMarkdown, exportLanguage, MARKDOWN_LABELS } from '../../common/annotation-markdown';
import { BdError } from '../../common/errors';
import type { LibraryStore } from '../library/store';
import type { AnnotationService } from './annotation-service';
import { exportOwnJson, exportW3C } from './interchange';

/** What to export: one of `articleId`, `articleIds` or `all` (the contract's schema checks that exactly one is given). */
export interface AnnotationExportRequest {
  articleId?: string;
  articleIds?: string[];
  all?: boolean;
  format: 'json' | 'w3c' | 'md';
  /** The language of the export's own words; default: the articles' (Chinese titles → zh). */
  language?: 'zh' | 'en';
}

/** A short file-name part from a title: reserved characters and spaces become `-`, at most 40 UTF-16 units. */
function safeName(title: string): string {
  return title.replace(/[\\/:*?"<>|\s]+/g, '-').slice(0, 40) || 'article';
}

/**
 * The export as text with its file name and MIME type. Errors: `not-found`
 * naming the first unknown id (before anything is read); for one article,
 * the error of its unreadable file.
 */
export async function exportAnnotations(store: LibraryStore, annotations: AnnotationService, p: AnnotationExportRequest): Promise<AnnotationExport> {
  const many = !!(p.all || p.articleIds);
  const ids = p.all ? store.list().map((e) => e.id) : (p.articleIds ?? [p.articleId!]);
  for (const id of ids) store.entry(id); // not-found names the id before anything is read
  const perArticle: { article: Article; annotations: Annotation[] }[] = [];
  const skipped: { articleId: string; title: string; reason: string }[] = [];
  for (const id of new Set(ids)) {
    try {
      const list = await annotations.list(id);
      if (list.length || !many) perArticle.push({ article: await store.getArticle(id), annotations: list });
    } catch (err) {
      if (!many || !(err instanceof BdError) || (err.code !== 'refused' && err.code !== 'not-found')) throw err;
      skipped.push({ articleId: id, title: store.has(id) ? store.entry(id).title : id, reason: err.message });
    }
  }
  const partial = skipped.length ? { skipped } : {};
  const stem = many ? 'annotations' : `annotations-${safeName(perArticle[0].article.meta.title)}`;
  const language = p.language ?? exportLanguage(perArticle.map((x) => x.article));
  const collectionTitle = language === 'zh' ? '简报台批注' : 'Briefing Desk annotations';
  const all = perArticle.flatMap((x) => x.annotations);
  const articles = perArticle.map((x) => x.article);
  switch (p.format) {
    case 'json':
      return { fileName: `${stem}.json`, mime: 'application/json', content: exportOwnJson(all, articles), ...partial };
    case 'w3c':
      return {
        fileName: `${stem}.jsonld`,
        mime: 'application/ld+json',
        content: exportW3C(all, articles, many ? collectionTitle : perArticle[0].article.meta.title),
        ...partial,
      };
    case 'md':
      return {
        fileName: `${stem}.md`,
        mime: 'text/markdown',
        content: perArticle.map((x) => annotationsToMarkdown(x.article, x.annotations, { labels: MARKDOWN_LABELS[language] })).join('\n\n---\n\n'),
        ...partial,
      };
    default: {
      const never: never = p.format;
      throw new Error(`unknown format ${String(never)}`);
    }
  }
}

/**
 * The same export written into `path` on this computer: refused before it is
 * made when the path is inside a library folder, then written to a temp file
 * beside it and renamed (an interrupted export never damages an earlier file).
 */
export async function exportAnnotationsToFile(
  store: LibraryStore,
  annotations: AnnotationService,
  p: AnnotationExportRequest & { path: string },
): Promise<{ path: string; fileName: string; mime: string; bytes: number; skipped?: AnnotationExport['skipped'] }> {
  const { path, ...request } = p;
  await store.checkExportPath(path);
  const file = await exportAnnotations(store, annotations, request);
  await store.writeExport(path, file.content);
  return { path, fileName: file.fileName, mime: file.mime, bytes: Buffer.byteLength(file.content), ...(file.skipped ? { skipped: file.skipped } : {}) };
}
