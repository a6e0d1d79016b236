/**
 * Opens a library and everything built on it, and answers API calls. Each
 * host (Electron, browser-mode server, CLI) creates one Core and forwards
 * calls to `call`; none of them holds logic of its own.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { contract, isMethodName, type ApiHandlers, type Api, type MethodName } from '../common/api';
import { LibraryStore } from './library/store';
import { dispatch } from './dispatch';
import type { CoreContext, HostKind } from './context';
import { libraryHandlers } from './library/handlers';
import { annotationHandlers } from './annotations/handlers';
import { AnnotationService } from './annotations/annotation-service';
import { BriefingService } from './briefings/briefing-service';
import { briefingHandlers } from './briefings/handlers';
import { ChromiumPdfPrinter, type PdfPrinter } from './export/pdf';
import type { SearchEngine } from './search/search-engine';
import { annotationNotesText, annotationsStamp } from './search/notes-text';
import type { SearchIndexStatus } from './search/search-index';
import { searchHandlers } from './search/handlers';
import { diagnosticsHandlers } from './diagnostics/diagnostics';
import { preferenceHandlers } from './preferences/handlers';
import { libraryQueryHandlers } from './library/query-handlers';
import { draftHandlers } from './drafts/handlers';
import { articleExportHandlers } from './export/handlers';
import { DraftService } from './drafts/draft-service';
import { HighlightIndex } from './annotations/highlight-index';
import { ArticleLister, articleTagsOf } from './library/article-lister';
import { CitationIndex } from './briefings/citation-index';
import { HighlightLister } from './annotations/highlight-lister';
import { notebookHandlers } from './notebook/handlers';
import { backupHandlers } from './backup/handlers';
import type { OriginalParser } from './library/store';
import { resourcesDir, SAMPLE_ARTICLE, SAMPLE_META } from './resources';
import { BdError } from '../common/errors';
import { log, tagLogWithLibrary } from './diagnostics/log';
import { libraryKey } from './library/paths';
import { CoreEvents } from './events';
import type { MethodSpec } from '../common/contract/define';

export interface CoreOptions {
  dir: string;
  host: HostKind;
  /** Seed a newly created library with the sample article (default true). */
  seedSample?: boolean;
  /** The host's PDF engine; defaults to a system Chromium started on first export. */
  pdfPrinter?: PdfPrinter;
  /**
   * `eager` (the app) starts loading the search index in the background as
   * the library opens, so the first search is instant; `lazy` (the CLI)
   * opens it only when a command searches or changes annotation notes.
   */
  searchIndex?: 'eager' | 'lazy';
  /**
   * `lazy` (the CLI's exports): the catalog is read on the first call that
   * needs it rather than at open (`LibraryOpenOptions.catalog`); the methods
   * in CATALOG_FREE read just the files they need. Default `eager`.
   */
  catalog?: 'eager' | 'lazy';
}

/** The import pipeline's reading of a kept original (store recovery), loaded only when an article must be rebuilt from one. */
const parseOriginalLazily: OriginalParser = async (name, bytes) => (await import('./import/import-service')).parseOriginalFile(name, bytes);

/**
 * Methods that answer from the files they name (a briefing, an article and
 * its annotations) without the catalog; after a lazy open they fall back to
 * reading it themselves when a file is missing or damaged. Every other
 * method waits for the catalog (Core.call).
 */
const CATALOG_FREE: ReadonlySet<string> = new Set<MethodName>([
  'getBriefing',
  'previewBriefing',
  'exportBriefing',
  'exportBriefingToFile',
  'getArticle',
  'exportArticle',
  'exportArticleToFile',
]);

export class Core {
  private constructor(
    readonly ctx: CoreContext,
    readonly handlers: ApiHandlers,
    private readonly started: () => { printer?: PdfPrinter; search?: SearchEngine },
  ) {}

  static async open(options: CoreOptions): Promise<Core> {
    // A damaged or missing article.json is rebuilt from the original kept beside it, through the same import pipeline.
    const store = await LibraryStore.open(options.dir, { parseOriginal: parseOriginalLazily, catalog: options.catalog ?? 'eager' });
    try {
      const annotations = new AnnotationService(store);
      // The index is derived data: opening it returns at once and loading or
      // rebuilding runs in the background; the library never waits for it.
      const events = new CoreEvents();
      const highlights = new HighlightIndex(store, annotations);
      let search: SearchEngine | undefined;
      /** A damaged index is rebuilt without a word from the index itself: every host says so once (a notice of this session). */
      let announceProblems = () => undefined as void;
      const noticeRebuiltIndex = (status: SearchIndexStatus) => {
        if (status.openedFrom !== 'rebuilt' || !status.rebuildReason?.startsWith('unreadable')) return;
        const why = status.rebuildReason.replace(/^unreadable\s*\(?|\)$/g, '') || 'damaged';
        store.notice({
          kind: 'index-rebuilt',
          file: 'index/',
          text: { key: 'index-rebuilt', params: { reason: why } },
        });
        announceProblems();
      };
      // The search index's code loads with the index (the CLI opens it only for a command that searches).
      const searchCode = () => import('./search/search-index');
      /** The one opening of the index: two calls in the same tick (a lazy open's first search and a notes change) share it, never two indexes. */
      let opening: Promise<SearchEngine> | undefined;
      const openSearch = (): Promise<SearchEngine> =>
        (opening ??= openSearchOnce().catch((err: unknown) => {
          opening = undefined; // tried again at the next call
          throw err;
        }));
      const openSearchOnce = async (): Promise<SearchEngine> => {
        const { SearchIndex } = await searchCode();
        search = await SearchIndex.open(store, {
          notesText: async (id) => annotationNotesText(await annotations.list(id)),
          // Every change of state, and a build's progress (throttled), reaches the hosts as the indexStatus event.
          onStatus: (status) => {
            events.emit('indexStatus', status);
            noticeRebuiltIndex(status);
          },
          // The tag model, as the list's filter and `list --tag` (articleTagsOf).
          articleTags: (entry) => articleTagsOf(entry, highlights.highlightTags(entry.id)),
        });
        const index = search;
        events.emit('indexStatus', index.status());
        // `ready` never rejects; its state says how loading went.
        void index.ready.then(() => events.emit('indexStatus', index.status()));
        return index;
      };
      annotations.onChange(({ articleId, notesChanged }) => {
        // A highlight without a note or tag leaves the index as it is: adding one never waits on (or opens) the index.
        if (!notesChanged) return;
        // The file's stamp before the read: the index keeps it with the notes (a write in between only makes the next open read the file again).
        const stamp = annotationsStamp(store.articleDir(articleId));
        Promise.all([openSearch(), annotations.list(articleId)])
          .then(([index, list]) => index.updateNotes(articleId, annotationNotesText(list), stamp))
          // The note was saved; only its search entry lags until the next open catches up.
          .catch((err) => log.warn('Could not update the search index with changed notes', { articleId, err }));
      });
      // Lists that answered with incomplete counts ask again when these flip (no polling).
      let announced = highlights.status();
      highlights.onChange(() => {
        const now = highlights.status();
        if (now.tagsReady && !announced.tagsReady) events.emit('countsComplete', { counts: 'tags' });
        if (now.ready && !announced.ready) events.emit('countsComplete', { counts: 'highlights' });
        announced = now;
      });
      if (options.searchIndex !== 'lazy') await openSearch();
      // The app learns every article's highlight tags in the background (tag counts; from index/highlights.json,
      // checked against the files); the CLI when asked. Every highlight in full only when the notebook asks.
      if (options.searchIndex !== 'lazy') void highlights.loadTags();
      let printer = options.pdfPrinter;
      const briefings = new BriefingService(store, annotations);
      const citations = new CitationIndex(store, briefings);
      const ctx: CoreContext = {
        store,
        host: options.host,
        annotations,
        highlights,
        lister: new ArticleLister(store, highlights),
        notebook: new HighlightLister(store, highlights, (ids) => citations.holding(ids)),
        briefings,
        citations,
        drafts: new DraftService(store),
        search: openSearch,
        pdfPrinter: () => (printer ??= new ChromiumPdfPrinter()),
        events,
      };
      const handlers: ApiHandlers = {
        ...libraryHandlers(ctx),
        ...libraryQueryHandlers(ctx),
        ...notebookHandlers(ctx),
        ...backupHandlers(ctx),
        ...annotationHandlers(ctx),
        ...briefingHandlers(ctx),
        ...searchHandlers(ctx),
        ...preferenceHandlers(ctx),
        ...diagnosticsHandlers(ctx),
        ...draftHandlers(ctx),
        ...articleExportHandlers(ctx),
      };
      const core = new Core(ctx, handlers, () => ({ printer, search }));
      announceProblems = () => core.announceProblems();
      // Log lines from here on name this library by its key (the log folder is shared by every library).
      core.untagLog = tagLogWithLibrary(libraryKey(options.dir));
      if (store.created && options.seedSample !== false) await core.seedSample();
      return core;
    } catch (err) {
      await store.close();
      throw err;
    }
  }

  /**
   * Restores a backup archive into `dir`, which must not exist or be empty
   * (before any library is opened there: the CLI's `briefing restore FILE.zip`).
   * `onProgress` gets files done of total. Errors: BdError `refused` for a
   * folder that is not empty or an archive that fails its checks; nothing is
   * left behind on failure (core/backup/backup.ts).
   */
  static async restoreInto(
    archive: string,
    dir: string,
    onProgress?: (p: { phase: string; done: number; total: number }) => void,
  ): Promise<{ path: string; files: number; articles: number; briefings: number }> {
    const { restoreBackup } = await import('./backup/backup');
    return restoreBackup(archive, dir, onProgress ? { onProgress } : {});
  }

  get store(): LibraryStore {
    return this.ctx.store;
  }

  /** Events for the interface (progress, library changes, index status, problems); hosts forward them. */
  get events(): CoreEvents {
    return this.ctx.events;
  }

  private problemsAnnounced = 0;
  /** Stops tagging log lines with this library's key (set by `open`). */
  private untagLog: () => void = () => undefined;

  private async seedSample(): Promise<void> {
    const path = join(resourcesDir(), SAMPLE_ARTICLE);
    const { importFileBytes } = await import('./import/import-service');
    const entry = await importFileBytes(this.store, SAMPLE_ARTICLE, await fs.readFile(path));
    const missing = Object.fromEntries(Object.entries(SAMPLE_META).filter(([key]) => !entry[key as keyof typeof SAMPLE_META]));
    if (Object.keys(missing).length) await this.store.updateArticle(entry.id, { meta: missing });
  }

  /**
   * Validates and runs one API call; throws BdError on bad input. A failure
   * that is not a BdError (a bug, a disk error) is also written to the log.
   */
  async call(method: string, params: unknown): Promise<unknown> {
    try {
      if (!this.ctx.store.catalogLoaded && !CATALOG_FREE.has(method)) await this.ctx.store.ensureCatalog();
      const result = await dispatch(this.handlers, method, params);
      this.announceChange(method, params, result);
      return result;
    } catch (err) {
      if (!(err instanceof BdError) || err.code === 'internal') log.error('An API call failed', { method, err });
      throw err;
    } finally {
      this.announceProblems();
    }
  }

  /** A `libraryChanged` event after a call whose contract method declares what it changes. */
  private announceChange(method: string, params: unknown, result: unknown): void {
    if (!isMethodName(method)) return;
    const areas = (contract[method] as MethodSpec).changes;
    if (!areas?.length) return;
    const ids = new Set<string>();
    for (const source of [params, result]) {
      if (!source || typeof source !== 'object') continue;
      for (const key of ['id', 'articleId'] as const) {
        const value = (source as Record<string, unknown>)[key];
        if (typeof value === 'string') ids.add(value);
      }
      // Calls on several articles (deleteArticles, tagArticles) name them all.
      const many = (source as Record<string, unknown>).ids;
      if (Array.isArray(many) && many.length <= 1000) for (const value of many) if (typeof value === 'string') ids.add(value);
    }
    this.events.emit('libraryChanged', { areas: [...areas], ...(ids.size ? { ids: [...ids] } : {}) });
  }

  /** A `problemsChanged` event whenever the problems revision moved since the last one. */
  announceProblems(): void {
    const revision = this.ctx.store.problemsRevision;
    if (revision === this.problemsAnnounced) return;
    this.problemsAnnounced = revision;
    this.events.emit('problemsChanged', { revision });
  }

  /** Changes whenever a library problem is found or acknowledged; hosts stamp it on every answer. */
  problemsRevision(): number {
    return this.ctx.store.problemsRevision;
  }

  /**
   * Changes whenever damage is found that was not fully repaired (an article
   * rebuilt from its original is not counted); the CLI exits 1 when it moved
   * while a command ran.
   */
  damageRevision(): number {
    return this.ctx.store.damageRevision;
  }

  /** A typed client over `call`, for the CLI and tests. */
  get api(): Api {
    return new Proxy({} as Api, {
      get: (_t, name: string) => (params: unknown) => this.call(name as MethodName, params),
    });
  }

  async close(): Promise<void> {
    const { printer, search } = this.started();
    await this.ctx.highlights.close();
    await printer?.close?.().catch((err) => log.warn('Could not stop the PDF browser', { err }));
    await search?.close();
    await this.store.close();
    this.untagLog();
  }
}
