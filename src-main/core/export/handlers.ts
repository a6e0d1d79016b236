/**
 * Handlers of the article-export contract (src-main/common/contract/article-export.ts):
 * one article with its highlights (and notes) as PDF, through the host's
 * print engine, or as HTML; as bytes (browser mode's download) or straight
 * into a file (the desktop app, the CLI), with `exportProgress` events.
 */
import type { HandlersOf } from '../../common/contract/define';
import type { articleExportContract } from '../../common/contract/article-export';
import type { CoreContext } from '../context';

type Request = Parameters<HandlersOf<typeof articleExportContract>['exportArticle']>[0];

export function articleExportHandlers(ctx: CoreContext): HandlersOf<typeof articleExportContract> {
  const { store, annotations, events } = ctx;

  /** The article's file: PDF or HTML bytes, name and MIME type. */
  const build = async (p: Request, operation: string) => {
    try {
      const article = await store.getArticle(p.id);
      const printer = p.format === 'pdf' ? ctx.pdfPrinter() : undefined;
      printer?.warm?.();
      events.emit('exportProgress', { operation, format: p.format, phase: 'building', stage: 'render', fraction: 0 });
      const list = p.annotations === 'none' ? [] : await annotations.list(p.id);
      const { exportArticle } = await import('./article-export');
      return await exportArticle(article, list, { format: p.format, annotations: p.annotations, ...(printer ? { printer } : {}) });
    } catch (err) {
      events.emit('exportProgress', { operation, format: p.format, phase: 'failed' });
      throw err;
    }
  };

  return {
    exportArticle: async (p) => {
      const result = await build(p, 'export-article');
      events.emit('exportProgress', { operation: 'export-article', format: p.format, phase: 'done', fileName: result.fileName });
      return { fileName: result.fileName, mime: result.mime, dataBase64: Buffer.from(result.bytes).toString('base64') };
    },
    exportArticleToFile: async ({ path, operation = 'export-article', ...p }) => {
      // A target inside a library folder is refused before the export is made (and again when written).
      await store.checkExportPath(path);
      const result = await build(p, operation);
      events.emit('exportProgress', { operation, format: p.format, phase: 'writing', fileName: result.fileName });
      try {
        // Temp file beside the target, then rename: an interrupted export never damages an earlier file of that name.
        await store.writeExport(path, result.bytes);
      } catch (err) {
        events.emit('exportProgress', { operation, format: p.format, phase: 'failed', fileName: result.fileName });
        throw err;
      }
      events.emit('exportProgress', { operation, format: p.format, phase: 'done', fileName: result.fileName });
      return { path, fileName: result.fileName, mime: result.mime, bytes: result.bytes.length };
    },
  };
}
