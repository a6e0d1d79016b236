/**
 * Handlers of the library contract (src-main/common/contract/library.ts).
 */
import type { HandlersOf } from '../../common/contract/define';
import type { libraryContract } from '../../common/contract/library';
import { BdError } from '../../common/errors';
import { importFileBytes, importPastedText } from '../import-service';
import type { CoreContext } from '../context';

export function libraryHandlers(ctx: CoreContext): HandlersOf<typeof libraryContract> {
  const { store } = ctx;
  return {
    libraryInfo: () => {
      const entries = Object.values(store.catalog.articles);
      const sources = [...new Set(entries.map((e) => e.source).filter((s): s is string => !!s))].sort();
      return {
        path: store.dir,
        articleCount: entries.length,
        tags: [...store.catalog.tags],
        sources,
        warnings: store.warnings.map((w) => ({ ...w })),
        host: ctx.host,
      };
    },
    listArticles: (p) => store.list(p),
    getArticle: (p) => store.getArticle(p.id),
    importFile: async (p) => {
      const bytes = Buffer.from(p.dataBase64, 'base64');
      if (bytes.length === 0 && p.dataBase64.length > 0) {
        throw new BdError('invalid-params', 'Invalid parameter dataBase64: is not base64', { field: 'dataBase64' });
      }
      const entry = await importFileBytes(store, p.name, bytes);
      return { id: entry.id, title: entry.title };
    },
    importText: async (p) => {
      const entry = await importPastedText(store, p.text, p.title);
      return { id: entry.id, title: entry.title };
    },
    updateArticleMeta: async (p) => (await store.updateArticle(p.id, { meta: p.meta })).entry,
    deleteArticle: async (p) => {
      const entry = await store.deleteArticle(p.id);
      return { id: entry.id, title: entry.title };
    },
  };
}
