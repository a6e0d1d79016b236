/**
 * PDF export in the desktop app: Electron's own print engine
 * (`webContents.printToPDF`) in a hidden, sandboxed, script-free window with
 * its own in-memory session that can load nothing but the document itself.
 */
import { BrowserWindow, session } from 'electron';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { PdfPrinter, PdfPrintOptions } from '../core/export/pdf';
import { secureWindowOptions, PRINT_PARTITION } from './window-options';

export class ElectronPdfPrinter implements PdfPrinter {
  private guarded = false;

  private guardSession(): void {
    if (this.guarded) return;
    this.guarded = true;
    const printSession = session.fromPartition(PRINT_PARTITION);
    printSession.webRequest.onBeforeRequest((details, callback) => {
      const ok = details.url.startsWith('data:') || details.url.startsWith('file:');
      callback({ cancel: !ok });
    });
    printSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  }

  async print(html: string, options: PdfPrintOptions = {}): Promise<Uint8Array> {
    this.guardSession();
    // A temp file rather than a data: URL, whose length Chromium caps below what embedded fonts need.
    const file = join(tmpdir(), `briefing-desk-print-${randomBytes(6).toString('hex')}.html`);
    await fs.writeFile(file, html);
    const win = new BrowserWindow(secureWindowOptions('print'));
    win.webContents.on('will-navigate', (event) => event.preventDefault());
    win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
    try {
      await win.loadFile(file);
      const pdf = await win.webContents.printToPDF({
        preferCSSPageSize: true,
        printBackground: true,
        generateDocumentOutline: options.outline ?? true,
        generateTaggedPDF: options.tagged ?? true,
      });
      return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
    } finally {
      win.destroy();
      await fs.rm(file, { force: true });
    }
  }
}
