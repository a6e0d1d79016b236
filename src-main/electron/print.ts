/**
 * PDF export in the desktop app: Electron's own print engine
 * (`webContents.printToPDF`) in a hidden, sandboxed, script-free window with
 * its own in-memory session. The document never touches the disk: the print
 * session serves it from memory at `app://print/<random>.html` (the scheme is
 * registered as privileged in app-protocol.ts; this session has its own
 * handler, which knows nothing but the documents being printed), and the
 * session cancels every other request — every `file:` URL, the network, the
 * interface's own files — except the `data:` fonts and images the document
 * embeds.
 */
import { BrowserWindow, session } from 'electron';
import { randomBytes } from 'node:crypto';
import type { PdfPrinter, PdfPrintOptions } from '../core/export/pdf';
import { CONTENT_SECURITY_POLICY } from '../core/export/html';
import { secureWindowOptions, PRINT_PARTITION } from './window-options';
import { APP_SCHEME } from './app-protocol';
import { denyAllPermissions } from './permissions';

/** Host of the print documents' URLs inside the print partition. */
export const PRINT_HOST = 'print';
const PRINT_PREFIX = `${APP_SCHEME}://${PRINT_HOST}/`;

/** Whether the print session lets a request through: the document being printed and `data:` URLs only. */
export function printRequestAllowed(url: string, documents: ReadonlyMap<string, string>): boolean {
  if (url.startsWith('data:')) return true;
  if (!url.startsWith(PRINT_PREFIX)) return false;
  const name = url.slice(PRINT_PREFIX.length).replace(/[?#].*$/s, '');
  return documents.has(name);
}

export class ElectronPdfPrinter implements PdfPrinter {
  private guarded = false;
  /** Documents being printed, by their file name under app://print/. */
  private readonly documents = new Map<string, string>();

  private guardSession(): void {
    if (this.guarded) return;
    this.guarded = true;
    const printSession = session.fromPartition(PRINT_PARTITION);
    printSession.webRequest.onBeforeRequest((details, callback) => {
      callback({ cancel: !printRequestAllowed(details.url, this.documents) });
    });
    printSession.protocol.handle(APP_SCHEME, async (request) => {
      const html =
        printRequestAllowed(request.url, this.documents) && request.url.startsWith(PRINT_PREFIX)
          ? this.documents.get(request.url.slice(PRINT_PREFIX.length).replace(/[?#].*$/s, ''))
          : undefined;
      if (html === undefined) return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } });
      return new Response(html, {
        status: 200,
        headers: {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': CONTENT_SECURITY_POLICY,
          'x-content-type-options': 'nosniff',
        },
      });
    });
    denyAllPermissions(printSession);
  }

  async print(html: string, options: PdfPrintOptions = {}): Promise<Uint8Array> {
    this.guardSession();
    const name = `${randomBytes(12).toString('hex')}.html`;
    this.documents.set(name, html);
    const win = new BrowserWindow(secureWindowOptions('print'));
    win.webContents.on('will-navigate', (event) => event.preventDefault());
    win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
    try {
      await win.loadURL(PRINT_PREFIX + name);
      const pdf = await win.webContents.printToPDF({
        preferCSSPageSize: true,
        printBackground: true,
        generateDocumentOutline: options.outline ?? true,
        generateTaggedPDF: options.tagged ?? true,
      });
      return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
    } finally {
      this.documents.delete(name);
      win.destroy();
    }
  }
}
