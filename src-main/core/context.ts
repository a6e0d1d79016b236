/**
 * What handlers share: the open library and the services built on it.
 */
import type { LibraryStore } from './library/store';
import type { AnnotationService } from './annotations/annotation-service';
import type { BriefingService } from './briefings/briefing-service';
import type { PdfPrinter } from './export/pdf';
import type { SearchEngine } from './search/search-engine';

export type HostKind = 'electron' | 'browser' | 'cli';

export interface CoreContext {
  store: LibraryStore;
  host: HostKind;
  annotations: AnnotationService;
  briefings: BriefingService;
  /** The search index, opened on first use (or at start in the app). */
  search(): Promise<SearchEngine>;
  /** The host's PDF engine: Electron's printToPDF in the desktop app, a system Chromium elsewhere. */
  pdfPrinter(): PdfPrinter;
}
