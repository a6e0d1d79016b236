/**
 * Handlers of the drafts contract (src-main/common/contract/drafts.ts): the
 * unsaved text of the app's editors, kept by `core/drafts/draft-service.ts`.
 */
import type { HandlersOf } from '../../common/contract/define';
import type { draftsContract } from '../../common/contract/drafts';
import type { CoreContext } from '../context';

export function draftHandlers({ drafts }: CoreContext): HandlersOf<typeof draftsContract> {
  return {
    listDrafts: (p) => drafts.list(p.articleId),
    saveDraft: (p) => drafts.save(p.draft),
    discardDraft: async (p) => ({ discarded: await drafts.discard(p.key) }),
  };
}
