/**
 * Handlers of the article-export contract (src-main/common/contract/article-export.ts):
 * one article with its highlights (and notes) as PDF, through the host's
 * print engine, or as HTML.
 */
import type { HandlersOf } from '../../common/contract/define';
import type { articleExportContract } from '../../common/contract/article-export';
import type { CoreContext } from '../context';

export function articleExportHandlers(ctx: CoreContext): HandlersOf<typeof articleExportContract> {
  const { store, annotations } = ctx;
  return {
    exportArticle: async (p) => {
      const article = await store.getArticle(p.id);
      const printer = p.format === 'pdf' ? ctx.pdfPrinter() : undefined;
      printer?.warm?.();
      const list = p.annotations === 'none' ? [] : await annotations.list(p.id);
      const { exportArticle } = await import('../export/article-export');
      const result = await exportArticle(article, list, { format: p.format, annotations: p.annotations, ...(printer ? { printer } : {}) });
      return { fileName: result.fileName, mime: result.mime, dataBase64: Buffer.from(result.bytes).toString('base64') };
    },
  };
}
