/**
 * Handlers of the notebook contract (src-main/common/contract/notebook.ts):
 * every highlight of the library a page at a time, the keys of a filter's
 * matches, exports of a selection, and which briefings hold an article's
 * highlights.
 */
import type { HandlersOf } from '../../common/contract/define';
import type { HighlightKey, notebookContract } from '../../common/contract/notebook';
import type { Annotation } from '../../common/annotation';
import type { Article } from '../../common/model';
import { createBriefing, type Briefing } from '../../common/briefing/model';
import { BdError } from '../../common/errors';
import { highlightsFileName } from '../../common/briefing/export-name';
import { exportW3C } from '../annotations/interchange';
import { highlightItem } from '../briefings/briefing-service';
import { newId } from '../library/store';
import type { CoreContext } from '../context';

// The export pipeline (docx) loads on first use, not at start-up.
const loadExport = () => import('../export/export');

type ExportRequest = Parameters<HandlersOf<typeof notebookContract>['exportHighlights']>[0];

export function notebookHandlers(ctx: CoreContext): HandlersOf<typeof notebookContract> {
  const { store, annotations, highlights, notebook, citations } = ctx;

  /**
   * The chosen highlights grouped by article, articles in the order they first
   * appear, highlights in text order; read from the annotation files (the
   * truth), not the index. Unknown articles or highlights are an error naming them.
   */
  async function gather(keys: readonly HighlightKey[]): Promise<{ article: Article; annotations: Annotation[] }[]> {
    const wanted = new Map<string, Set<string>>();
    for (const key of keys) {
      if (!store.catalog.articles[key.articleId]) {
        throw new BdError('not-found', `No article with id ${key.articleId} in this library; it may have been deleted. Nothing was exported.`, {
          field: 'highlights',
          key: 'notebook.articleGone',
          params: { id: key.articleId },
        });
      }
      let set = wanted.get(key.articleId);
      if (!set) wanted.set(key.articleId, (set = new Set()));
      set.add(key.annotationId);
    }
    const out: { article: Article; annotations: Annotation[] }[] = [];
    for (const [articleId, ids] of wanted) {
      const list = (await annotations.list(articleId)).filter((a) => ids.has(a.id));
      if (list.length < ids.size) {
        const missing = [...ids].find((id) => !list.some((a) => a.id === id))!;
        throw new BdError('not-found', `The highlight ${missing} is no longer in its article; it may have been deleted. Nothing was exported.`, {
          field: 'highlights',
          key: 'notebook.highlightGone',
          params: { id: missing },
        });
      }
      out.push({ article: await store.getArticle(articleId), annotations: list });
    }
    return out;
  }

  /** The chosen highlights (or a filter's) as one file: Markdown, Word or W3C JSON-LD bytes, name, MIME type and how many highlights. */
  async function exportFile(p: ExportRequest): Promise<{ fileName: string; mime: string; bytes: Uint8Array; count: number }> {
    if (p.filter) await highlights.load();
    const keys = p.highlights ?? notebook.keys(p.filter!);
    if (!keys.length)
      throw new BdError('refused', 'No highlight matches the filter; nothing was exported.', { field: 'filter', key: 'notebook.nothingMatches' });
    const groups = await gather(keys);
    const count = groups.reduce((n, g) => n + g.annotations.length, 0);
    const title = p.title ?? (groups.length === 1 ? groups[0].article.meta.title : 'Notes 笔记');
    const fileName = highlightsFileName(title, p.format);
    switch (p.format) {
      case 'md': {
        // With the Markdown sanitiser (marked): loaded when notes are exported, not whenever a library opens.
        const { annotationsToMarkdown, exportLanguage, MARKDOWN_LABELS } = await import('../../common/annotation-markdown');
        const labels = MARKDOWN_LABELS[exportLanguage(groups.map((g) => g.article))];
        const content = groups.map((g) => annotationsToMarkdown(g.article, g.annotations, { labels })).join('\n\n---\n\n');
        return { fileName, mime: 'text/markdown', bytes: Buffer.from(content, 'utf8'), count };
      }
      case 'w3c': {
        const content = exportW3C(
          groups.flatMap((g) => g.annotations),
          groups.map((g) => g.article),
          title,
        );
        return { fileName, mime: 'application/ld+json', bytes: Buffer.from(content, 'utf8'), count };
      }
      case 'docx': {
        // A document in memory, never saved: one section per article, each highlight with its note and citation.
        const now = new Date().toISOString();
        const empty = createBriefing({ title, date: now.slice(0, 10), now }, newId);
        const doc: Briefing = {
          ...empty,
          sections: groups.map((g) => ({
            id: newId('s'),
            heading: g.article.meta.title,
            items: g.annotations.map((a) => highlightItem(g.article, a)),
          })),
        };
        const { exportBriefing } = await loadExport();
        const result = await exportBriefing(doc, { format: 'docx', template: 'modern' });
        return { fileName, mime: result.mime, bytes: result.bytes, count };
      }
      default: {
        const never: never = p.format;
        throw new Error(`unknown format ${String(never)}`);
      }
    }
  }
  return {
    queryHighlights: async (p) => {
      // Filters need every highlight; a first page may show what is known so far.
      if (p.tag || p.color || p.text || p.articleId || p.source !== undefined || p.from || p.to) await highlights.load();
      else void highlights.load();
      return notebook.query(p);
    },
    listHighlightKeys: async (p) => {
      await highlights.load();
      return { highlights: notebook.keys(p) };
    },
    exportHighlights: async (p) => {
      const file = await exportFile(p);
      return { fileName: file.fileName, mime: file.mime, dataBase64: Buffer.from(file.bytes).toString('base64'), count: file.count };
    },
    exportHighlightsToFile: async ({ path, ...p }) => {
      // A target inside a library folder is refused before the export is made (and again when written).
      await store.checkExportPath(path);
      const file = await exportFile(p);
      // Temp file beside the target, then rename: an interrupted export never damages an earlier file of that name.
      await store.writeExport(path, file.bytes);
      return { path, fileName: file.fileName, mime: file.mime, bytes: file.bytes.length, count: file.count };
    },
    highlightCitations: async (p) => {
      store.entry(p.articleId); // not-found names the article
      const list = await annotations.list(p.articleId);
      const held = await citations.holding(list.map((a) => a.id));
      return { citations: Object.fromEntries(held) };
    },
  };
}
