/**
 * What handlers share: the open library and the services built on it.
 */
import type { LibraryStore } from './library/store';
import type { AnnotationService } from './annotations/annotation-service';
import type { BriefingService } from './briefings/briefing-service';
import type { PdfPrinter } from './export/pdf';
import type { SearchEngine } from './search/search-engine';
import type { CoreEvents } from './events';
import type { HighlightIndex } from './annotations/highlight-index';
import type { ArticleLister } from './library/article-lister';
import type { CitationIndex } from './briefings/citation-index';
import type { HighlightLister } from './annotations/highlight-lister';
import type { DraftService } from './drafts/draft-service';

export type HostKind = 'electron' | 'browser' | 'cli';

export interface CoreContext {
  store: LibraryStore;
  host: HostKind;
  annotations: AnnotationService;
  briefings: BriefingService;
  /** Every highlight of the library in memory (notebook, tag model); loaded in the background. */
  highlights: HighlightIndex;
  /** Which briefings cite which articles and highlights. */
  citations: CitationIndex;
  /** The notebook: every highlight, sorted and filtered a page at a time. */
  notebook: HighlightLister;
  /** Unsaved text of the app's editors (drafts.json). */
  drafts: DraftService;
  /** The article list, sorted and filtered a page at a time. */
  lister: ArticleLister;
  /** The search index, opened on first use (or at start in the app). */
  search(): Promise<SearchEngine>;
  /** The host's PDF engine: Electron's printToPDF in the desktop app, a system Chromium elsewhere. */
  pdfPrinter(): PdfPrinter;
  /** Events for the interface (progress, changes); hosts forward them. */
  events: CoreEvents;
}
