/**
 * Printing the article: Ctrl/Cmd+P while an article is open prints the
 * article alone (reading.css's print stylesheet hides the rest of the window)
 * with what the preferences say to include (`printAnnotations`: the text
 * alone, its highlights, or its highlights and notes — set on <html> as
 * `data-print-annotations`); "Export as PDF / HTML" asks core for the same
 * article through the print engine of briefings (`exportArticle`) and saves
 * the file.
 */
import { useCallback, useEffect } from 'react';
import { api, saveBytes } from '../api-client';
import { usePreference } from '../app/preferences';

function bytesOf(base64: string): Uint8Array {
  const bin = atob(base64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export interface PrintArticle {
  print(): void;
  /** Exports as PDF or HTML; resolves to the file name when saved, null when the user cancelled. */
  exportAs(format: 'pdf' | 'html'): Promise<string | null>;
}

export function usePrintArticle(articleId: string): PrintArticle {
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
      const file = await api.exportArticle({ id: articleId, format, annotations });
      return (await saveBytes(file.fileName, bytesOf(file.dataBase64), file.mime)) ? file.fileName : null;
    },
    [articleId, annotations],
  );

  return { print, exportAs };
}
