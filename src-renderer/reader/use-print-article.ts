/**
 * Printing the article: Ctrl/Cmd+P while an article is open prints the
 * article alone (reading.css's print stylesheet hides the rest of the window)
 * with what the preferences say to include (`printAnnotations`: the text
 * alone, its highlights, or its highlights and notes — set on <html> as
 * `data-print-annotations`); "Export as PDF / HTML" asks core for the same
 * article through the print engine of briefings: written by core into the
 * file the save dialog chose (`exportArticleToFile`, desktop app), or
 * downloaded (`exportArticle`, browser mode).
 */
import { useCallback, useEffect } from 'react';
import { api, saveExport } from '../api-client';
import { articleFileName } from '../../src-main/common/briefing/export-name';
import type { ArticleMeta } from '../../src-main/common/model';
import { usePreference } from '../app/preferences';

export interface PrintArticle {
  print(): void;
  /** Exports as PDF or HTML; resolves to the file name when saved, null when the user cancelled. */
  exportAs(format: 'pdf' | 'html'): Promise<string | null>;
}

export function usePrintArticle(article: { id: string; meta: Pick<ArticleMeta, 'title' | 'published'> }): PrintArticle {
  const { id: articleId } = article;
  const { title, published } = article.meta;
  const [include] = usePreference('printAnnotations');
  const annotations = include ?? 'highlights';

  useEffect(() => {
    document.documentElement.dataset.printAnnotations = annotations;
  }, [annotations]);

  const print = useCallback(() => window.print(), []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey || e.key.toLowerCase() !== 'p') return;
      e.preventDefault();
      print();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [print]);

  const exportAs = useCallback(
    async (format: 'pdf' | 'html') => {
      const saved = await saveExport({
        suggestedName: articleFileName({ meta: { title, published } }, format),
        filters: [{ name: format === 'pdf' ? 'PDF' : 'HTML', extensions: [format] }],
        toFile: (path) => api.exportArticleToFile({ id: articleId, format, annotations, path }),
        toBytes: () => api.exportArticle({ id: articleId, format, annotations }),
      });
      return saved?.fileName ?? null;
    },
    [articleId, annotations, title, published],
  );

  return { print, exportAs };
}
