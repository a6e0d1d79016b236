/**
 * Handlers of the library-query contract (src-main/common/contract/library-query.ts):
 * the paged article list and the bulk actions of a multi-selection.
 */
import type { HandlersOf } from '../../common/contract/define';
import type { libraryQueryContract } from '../../common/contract/library-query';
import { BdError } from '../../common/errors';
import type { CoreContext } from '../context';

export function libraryQueryHandlers(ctx: CoreContext): HandlersOf<typeof libraryQueryContract> {
  const { store, lister, highlights } = ctx;
  return {
    queryArticles: async (p) => {
      // A tag filter needs every article's highlight tags; counts alone can show what is known so far.
      if (p.tag) await highlights.loadTags();
      return lister.query(p);
    },
    listArticleIds: async (p) => {
      if (p.tag) await highlights.loadTags();
      return { ids: lister.ids(p) };
    },
    tagArticles: async (p) => {
      const add = [...new Set(p.add)];
      const remove = new Set(p.remove);
      const unknown = p.ids.filter((id) => !store.catalog.articles[id]);
      if (unknown.length) {
        throw new BdError(
          'not-found',
          `No article with id ${unknown[0]} in this library${unknown.length > 1 ? ` (and ${unknown.length - 1} more)` : ''}; nothing was changed.`,
          {
            field: 'ids',
            key: 'article.notFoundMany',
            params: { id: unknown[0], more: unknown.length - 1, count: unknown.length },
          },
        );
      }
      let updated = 0;
      await store.batch(async () => {
        for (const id of new Set(p.ids)) {
          // Read, change and write holding the article's folder: a tag added by a concurrent call is kept.
          const changed = await store
            .withArticle(id, async (article, lease) => {
              const before = article.meta.tags;
              const tags = [...before.filter((t) => !remove.has(t)), ...add.filter((t) => !before.includes(t) && !remove.has(t))];
              if (tags.length === before.length && tags.every((t, i) => t === before[i])) return false;
              await store.updateArticle(id, { meta: { tags } }, lease);
              return true;
            })
            .catch(goneIsNull);
          if (changed) updated++;
        }
      });
      return { updated };
    },
    deleteArticles: async (p) => {
      const deleted: { id: string; title: string; annotationsKept?: { file: string; count: number | null } }[] = [];
      const missing: string[] = [];
      await store.batch(async () => {
        for (const id of new Set(p.ids)) {
          // Each deletion holds its article's folder (store.deleteArticle); one deleted meanwhile by another call is "missing".
          const entry = store.catalog.articles[id] ? await store.deleteArticle(id).catch(goneIsNull) : null;
          if (entry) deleted.push({ id: entry.id, title: entry.title, ...(entry.keptAnnotations ? { annotationsKept: entry.keptAnnotations } : {}) });
          else missing.push(id);
        }
      });
      return { deleted, missing };
    },
  };
}

/** An article deleted by a concurrent call while a bulk action ran: skipped (null); any other error stops the action. */
function goneIsNull(err: unknown): null {
  if (err instanceof BdError && err.code === 'not-found') return null;
  throw err;
}
