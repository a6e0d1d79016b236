/**
 * Handlers of the search contract (src-main/common/contract/search.ts).
 */
import type { HandlersOf } from '../../common/contract/define';
import type { searchContract } from '../../common/contract/search';
import type { CoreContext } from '../context';
import { normalizeCharacters } from '../../common/normalize-characters';

export function searchHandlers(ctx: CoreContext): HandlersOf<typeof searchContract> {
  return {
    search: async (p) => {
      const { query, ...options } = p;
      // Tags follow the library's tag model (article or highlight tags): every article's highlight tags must be known first.
      if (options.tags?.length) await ctx.highlights.loadTags();
      // A query pasted from a web page or an old PDF import gets the characters article text has (no zero-width spaces, no radicals).
      const index = await ctx.search();
      const result = await index.search(normalizeCharacters(query), options);
      // Part of the library not searched is never silent: the answer says how many articles (problems say which files).
      const unsearchable = index.status().unreadable;
      return unsearchable > 0 ? { ...result, unsearchable } : result;
    },
    searchStatus: async (p) => {
      const index = await ctx.search();
      if (p.wait) await index.ready;
      const status = index.status();
      return {
        state: status.state,
        documents: status.documents,
        ...(status.progress ? { progress: status.progress } : {}),
        ...(status.lastError ? { lastError: status.lastError } : {}),
        ...(status.rulesUpgrade ? { rulesUpgrade: status.rulesUpgrade } : {}),
      };
    },
  };
}
