/**
 * pdfjs-dist, opened the one safe way every PDF reader of the app uses
 * (the PDF importer, the layout check of exported briefings): legacy build,
 * no worker thread, no eval, no font loading, no network; its CMaps and
 * standard fonts are read from disk, never fetched.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as PdfJsModule from 'pdfjs-dist/legacy/build/pdf.mjs';
import { log } from './diagnostics/log';

export type PdfJs = typeof PdfJsModule;
export type PdfDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;

let pdfjsPromise: Promise<PdfJs> | undefined;

/** The pdfjs module, loaded once. */
export function loadPdfJs(): Promise<PdfJs> {
  pdfjsPromise ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjsPromise;
}

/** pdfjs' bundled CMaps and standard fonts, read from disk (never fetched). */
function pdfjsAssets(): { cMapUrl?: string; standardFontDataUrl?: string } {
  try {
    const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
    return {
      cMapUrl: join(root, 'cmaps') + '/',
      standardFontDataUrl: join(root, 'standard_fonts') + '/',
    };
  } catch (err) {
    // pdf.js then reads text without its CMaps (CJK text in some PDFs comes out empty): worth a line in the log.
    log.warn('pdf.js CMaps and fonts not found', { err });
    return {};
  }
}

/**
 * Starts loading a PDF from bytes (copied: pdfjs may take ownership of the
 * buffer it is given, and refuses Node Buffers). The caller awaits
 * `.promise`, and destroys the task or document when done.
 */
export async function openPdf(bytes: Uint8Array): Promise<ReturnType<PdfJs['getDocument']>> {
  const pdfjs = await loadPdfJs();
  return pdfjs.getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    isOffscreenCanvasSupported: false,
    enableXfa: false,
    disableAutoFetch: true,
    disableStream: true,
    verbosity: 0,
    ...pdfjsAssets(),
  });
}
