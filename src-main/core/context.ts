/**
 * What handlers share: the open library and the services built on it.
 */
import type { LibraryStore } from './library/store';
import type { AnnotationService } from './annotations/annotation-service';
import type { BriefingService } from './briefings/briefing-service';
import type { PdfPrinter } from './export/pdf';
import type { SearchIndex } from './search/search-index';
import type { CoreEvents } from './events';

export type HostKind = 'electron' | 'browser' | 'cli';

export interface CoreContext {
  store: LibraryStore;
  host: HostKind;
  annotations: AnnotationService;
  briefings: BriefingService;
  /** The search index, opened on first use (or at start in the app). */
  search(): Promise<SearchIndex>;
  /** The host's PDF engine: Electron's printToPDF in the desktop app, a system Chromium elsewhere. */
  pdfPrinter(): PdfPrinter;
  /** Events for the interface (progress, changes); hosts forward them. */
  events: CoreEvents;
}
