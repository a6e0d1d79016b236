/**
 * Handlers of the library contract (src-main/common/contract/library.ts).
 */
import type { HandlersOf } from '../../common/contract/define';
import type { libraryContract } from '../../common/contract/library';
import { BdError } from '../../common/errors';
import { MAX_ARTICLE_CHARS } from '../../common/limits';
// The import pipeline (parsers, encoding detection) loads with the first import, not whenever a library opens.
const importer = () => import('../import/import-service');
import type { CoreContext } from '../context';

export function libraryHandlers(ctx: CoreContext): HandlersOf<typeof libraryContract> {
  const { store } = ctx;
  return {
    libraryInfo: () => {
      const entries = store.entries();
      const sources = [...new Set(entries.map((e) => e.source).filter((s): s is string => !!s))].sort();
      return {
        path: store.dir,
        articleCount: entries.length,
        tags: [...store.tags],
        sources,
        warnings: store.warnings.map((w) => ({ ...w })),
        host: ctx.host,
        ...(store.interrupted ? { interrupted: { ...store.interrupted } } : {}),
      };
    },
    listArticles: async (p) => {
      const entries = store.list(p.source ? { source: p.source } : {});
      const tags = [...(p.tag ? [p.tag] : []), ...(p.tags ?? [])];
      if (!tags.length) return entries;
      // The tag model (articleTagsOf): its own tags or its highlights', every one of them, as the list's filter and search --tag.
      await ctx.highlights.loadTags();
      return entries.filter((e) => tags.every((tag) => ctx.lister.hasTag(e, tag)));
    },
    getArticle: async (p) => {
      if (!store.catalogLoaded && !p.display) {
        // A lazy open (the CLI's export-article naming its file): the article's own file, within today's limit.
        const article = await store.getArticle(p.id);
        if (article.text.length <= MAX_ARTICLE_CHARS) return article;
      }
      await store.ensureCatalog();
      const entry = store.entry(p.id);
      // An article beyond today's limit (imported by an older version) is refused rather than sent to a window it could crash.
      if (entry.chars > MAX_ARTICLE_CHARS) {
        throw new BdError(
          'too-large',
          `“${entry.title}” (${p.id}) is ${entry.chars.toLocaleString('en')} characters long, more than the ${MAX_ARTICLE_CHARS.toLocaleString('en')} Briefing Desk opens. Delete it (in the library list, or \`briefing delete ${p.id}\`) and import a shorter version.`,
          { detail: { id: p.id, chars: entry.chars } },
        );
      }
      if (p.display) await store.markOpening('article', p.id, 'opening');
      return store.getArticle(p.id);
    },
    importFile: async (p) => {
      const bytes = Buffer.from(p.dataBase64, 'base64');
      if (bytes.length === 0 && p.dataBase64.length > 0) {
        throw new BdError('invalid-params', 'Invalid parameter dataBase64: is not base64', { field: 'dataBase64' });
      }
      const entry = await (await importer()).importFileBytes(store, p.name, bytes);
      return { id: entry.id, title: entry.title };
    },
    importPaths: async (p) =>
      (await importer()).importPaths(store, p.paths, (done, total, outcome) =>
        ctx.events.emit('importProgress', { operation: p.operation ?? 'import', done, total, file: outcome.file, status: outcome.status }),
      ),
    importText: async (p) => {
      const entry = await (await importer()).importPastedText(store, p.text, p.title);
      return { id: entry.id, title: entry.title };
    },
    updateArticleMeta: async (p) => (await store.updateArticle(p.id, { meta: p.meta })).entry,
    deleteArticle: async (p) => {
      const entry = await store.deleteArticle(p.id);
      return { id: entry.id, title: entry.title, ...(entry.keptAnnotations ? { annotationsKept: entry.keptAnnotations } : {}) };
    },
    listProblems: () => store.warnings.filter((w) => w.id !== undefined).map((w) => ({ ...w })),
    acknowledgeProblems: async (p) => ({ acknowledged: await store.acknowledgeProblems(p.all ? 'all' : p.ids!) }),
    markOpening: async (p) => {
      if (p.kind === 'article') store.entry(p.id);
      else if (!store.briefingEntry(p.id))
        throw new BdError('not-found', `No briefing with id ${p.id}.`, { field: 'id', key: 'briefing.notFound', params: { id: p.id } });
      await store.markOpening(p.kind, p.id, p.phase);
      return { recorded: true as const };
    },
  };
}
