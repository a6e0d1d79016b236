/**
 * HTML → PDF through Chromium's print engine.
 *
 * `PdfPrinter` is the seam between the export pipeline and the engine: the CLI
 * and browser mode use `ChromiumPdfPrinter` (playwright-core driving a system
 * Chromium, Chrome or Edge — never a downloaded browser), and the Electron host
 * plugs in its own `webContents.printToPDF` with the same options.
 *
 * Page size and margins come from the document's CSS `@page` rules
 * (`preferCSSPageSize`), page numbers from CSS page-margin boxes, which
 * Chromium draws from version 131 on; for an older engine the printer uses
 * `footerTemplate` instead (a centred number), so a page number is never lost.
 *
 * The page is offline and inert: JavaScript is disabled, every request other
 * than data: is aborted, and the document carries a CSP.
 *
 * Pinning an element to the foot of the last page (the 版记 of a 简报): CSS
 * cannot say "bottom of the last page", so before printing the printer lays
 * the document out in columns exactly as tall and wide as the page area —
 * Chromium fragments columns with the same rules as pages (break-inside,
 * widows, orphans) — reads where the element ends, and grows a spacer before
 * it by the room left. Where the element does not fit below the text, the
 * spacer ends that page and the element starts the next: the spacer grows by
 * the room left and the layout is read again until the element ends on the
 * foot, so the document is still printed once. The measuring runs through the automation protocol in
 * an isolated world; the page's own scripts stay disabled. `export.ts` checks
 * the printed PDF and corrects the spacer where a printer cannot measure.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserType, Page } from 'playwright-core';
import { BdError } from '../../common/errors';
import { chromiumCandidates } from '../chromium-locations';
import { log } from '../diagnostics/log';

export interface PdfPrintOptions {
  /** Document title, for the PDF's metadata (the HTML `<title>` already says it). */
  title?: string;
  /**
   * Footer HTML for engines without CSS page-margin boxes, in Chromium's
   * header/footer template language (`<span class="pageNumber"></span>`).
   */
  footerTemplate?: string;
  /** Write PDF bookmarks from the headings (Chromium 121+; ignored elsewhere). */
  outline?: boolean;
  /** Write a tagged (accessible) PDF. */
  tagged?: boolean;
  /** Place an element at the foot of the last page; printers that cannot measure ignore it (export.ts corrects). */
  pinToFoot?: PinToFoot;
}

/**
 * An element to end on the bottom edge of the page area of the last page, by
 * sizing a spacer element placed before it.
 */
export interface PinToFoot {
  /** CSS selector of the element (its last page box must end at the page area's bottom). */
  selector: string;
  /** CSS selector of the spacer whose height the printer sets. */
  spacerSelector: string;
  /** The page area (page box minus margins), mm. */
  area: { width: number; height: number };
  /** Spacer height to use as is, pt; when absent the printer measures it. */
  space?: number;
  /**
   * A class that, set on `<body>`, shrinks the document's flexible gaps (the template defines
   * it). Where the element does not fit below the text, the printer sets it and lays the
   * document out again; it keeps it only when the element then fits, so gaps shrink before the
   * element moves to a page of its own.
   */
  tightClass?: string;
  /**
   * Told the spacer height used, pt — only by a printer that measured it (or was given it) —
   * and whether the spacer straddles a page break (the element did not fit below the text
   * and begins on a page of its own, the spacer's first part ending the page before).
   */
  onSpace?: (space: number, placement: { straddles: boolean; tight?: boolean }) => void;
}

/** Sets the spacer's height (pt) in an HTML document, for printers that cannot run the measuring pass. */
export function withSpacer(html: string, spacerClass: string, space: number): string {
  const tag = `<div class="${spacerClass}"`;
  return html.replace(tag, `${tag} style="height:${space.toFixed(3)}pt"`);
}

export interface PdfPrinter {
  print(html: string, options: PdfPrintOptions): Promise<Uint8Array>;
  /** Releases the engine (browser process); the printer starts it again when needed. */
  close?(): Promise<void>;
  /** Starts the engine ahead of the first print, so it starts while the document is laid out. */
  warm?(): void;
}

/** The first version whose print engine draws CSS @page margin boxes. */
export const MARGIN_BOXES_SINCE = 131;

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-extensions',
  '--disable-default-apps',
  '--mute-audio',
];

const candidatePaths = () => chromiumCandidates();

/**
 * The browser executable: `CHROMIUM_PATH` when set (and it must exist), else
 * the first usual install location that exists. Throws a BdError the user can
 * act on when there is none.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env, exists: (p: string) => boolean = existsSync): string {
  const fromEnv = env.CHROMIUM_PATH?.trim();
  if (fromEnv) {
    if (exists(fromEnv)) return fromEnv;
    throw new BdError(
      'unavailable',
      `CHROMIUM_PATH is set to ${fromEnv}, but no file is there. Point CHROMIUM_PATH at a Chromium, Chrome or Edge executable, or unset it to use an installed browser.`,
      { field: 'CHROMIUM_PATH', key: 'export.chromiumPathMissing', params: { path: fromEnv } },
    );
  }
  const found = candidatePaths().find((p) => exists(p));
  if (found) return found;
  throw new BdError(
    'unavailable',
    'PDF export needs Chromium, Google Chrome or Microsoft Edge, and none was found. ' +
      'Install one (on Debian/Ubuntu: apt-get install chromium), or set CHROMIUM_PATH to the browser executable. ' +
      'Word, Markdown and HTML export work without it.',
    { field: 'CHROMIUM_PATH', detail: { searched: candidatePaths() }, key: 'export.noChromium' },
  );
}

export interface ChromiumPdfPrinterOptions {
  executablePath?: string;
  /** Close the browser after each print (default false: kept warm until close()). */
  closeAfterPrint?: boolean;
  /** Browser launch timeout, ms. */
  timeout?: number;
}

export class ChromiumPdfPrinter implements PdfPrinter {
  private browser: Promise<Browser> | undefined;
  private major = 0;
  /** Bumped per launch, so a stale browser's exit cannot forget a newer one. */
  private generation = 0;

  constructor(private readonly options: ChromiumPdfPrinterOptions = {}) {}

  private launch(): Promise<Browser> {
    if (!this.browser) {
      const executablePath = this.options.executablePath ?? findChromium();
      const generation = ++this.generation;
      const launching: Promise<Browser> = (async () => {
        // require, not import(): importing this CommonJS package from ES modules first runs
        // Node's export scanner over its 3 MB bundle, which costs 300 ms and more before every export.
        const { chromium } = createRequire(import.meta.url)('playwright-core') as { chromium: BrowserType };
        try {
          const browser = await chromium.launch({
            executablePath,
            args: CHROMIUM_ARGS,
            timeout: this.options.timeout ?? 30_000,
          });
          this.major = Number.parseInt(browser.version(), 10) || 0;
          browser.on('disconnected', () => {
            // A crashed or killed browser is started again on the next print.
            if (this.generation === generation) this.browser = undefined;
          });
          return browser;
        } catch (err) {
          if (this.generation === generation) this.browser = undefined;
          throw new BdError(
            'unavailable',
            `Could not start ${executablePath} for PDF export: ${(err as Error).message.split('\n')[0]}. ` +
              'Set CHROMIUM_PATH to a working Chromium, Chrome or Edge executable.',
            { field: 'CHROMIUM_PATH' },
          );
        }
      })();
      this.browser = launching;
    }
    return this.browser;
  }

  warm(): void {
    this.launch().catch(() => undefined); // a failure is reported by print()
  }

  /** Version of the running browser, e.g. `150.0.7871.100` (starts it if needed). */
  async version(): Promise<string> {
    return (await this.launch()).version();
  }

  async print(html: string, options: PdfPrintOptions = {}): Promise<Uint8Array> {
    const browser = await this.launch();
    const context = await browser.newContext({
      javaScriptEnabled: false,
      offline: true,
      bypassCSP: false,
      serviceWorkers: 'block',
    });
    try {
      await context.route('**/*', (route) => {
        const url = route.request().url();
        return url.startsWith('data:') ? route.continue() : route.abort('blockedbyclient');
      });
      const page = await context.newPage();
      await page.setContent(html, { waitUntil: 'load' });
      if (options.pinToFoot) await pinToFoot(page, options.pinToFoot);
      const legacyFooter = this.major > 0 && this.major < MARGIN_BOXES_SINCE && Boolean(options.footerTemplate);
      const pdf = await page.pdf({
        preferCSSPageSize: true,
        printBackground: true,
        displayHeaderFooter: legacyFooter,
        ...(legacyFooter ? { headerTemplate: '<span></span>', footerTemplate: options.footerTemplate } : {}),
        outline: options.outline ?? true,
        tagged: options.tagged ?? true,
      });
      return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
    } finally {
      await context.close().catch((err) => log.warn('Could not close a PDF browser context', { err }));
      if (this.options.closeAfterPrint) await this.close();
    }
  }

  async close(): Promise<void> {
    const pending = this.browser;
    this.browser = undefined;
    this.generation += 1;
    // A launch that failed was reported to the print() that awaited it; there is no browser to close then.
    const browser = pending ? await pending.catch(() => undefined) : undefined;
    await browser?.close().catch((err) => log.warn('Could not close the PDF browser', { err }));
  }
}

/** Result of the measuring pass, CSS px of the screen layout. */
interface FootMeasure {
  found: boolean;
  /** Whether the flexible gaps were shrunk (`tightClass` set on the body) to fit the element below the text. */
  tight: boolean;
  /** Spacer height (px) that puts the element's end on the foot of its column (page); null when none does. */
  spacer: number | null;
  /** Whether the spacer straddles a column break (the element itself starts a column). */
  straddles: boolean;
}

const PX_PER_MM = 96 / 25.4;

async function pinToFoot(page: Page, pin: PinToFoot): Promise<void> {
  let space = pin.space;
  let straddles = false;
  let tight = false;
  if (space === undefined) {
    const width = pin.area.width * PX_PER_MM;
    const height = pin.area.height * PX_PER_MM;
    const m: FootMeasure = await page.evaluate(
      ({ selector, spacerSelector, width, height, tightClass }) => {
        const el = document.querySelector(selector) as HTMLElement | null;
        const spacer = document.querySelector(spacerSelector) as HTMLElement | null;
        if (!el || !spacer) return { found: false, tight: false, spacer: null, straddles: false };
        const body = document.body;
        const saved = body.getAttribute('style');
        const gap = 100;
        // Columns as large as the page area stand for the pages.
        body.setAttribute(
          'style',
          `margin:0;padding:0;box-sizing:content-box;width:${width}px;height:${height}px;column-width:${width}px;column-gap:${gap}px;column-fill:auto;overflow:visible`,
        );
        const origin = body.getBoundingClientRect();
        // What follows the spacer: the part that must end on the foot of the last page.
        const content = [...el.children].filter((c) => c !== spacer);
        let result: { found: boolean; tight: boolean; spacer: number | null; straddles: boolean } = {
          found: true,
          tight: false,
          spacer: null,
          straddles: true,
        };
        // Below the text: one box, not at the top of a column (where it would stand when it moved on).
        spacer.style.height = '1px';
        const fitsBelow = () => {
          const boxes = [...el.getClientRects()].filter((r) => r.height > 0.5);
          return boxes.length === 1 && boxes[0].top - origin.top > 2;
        };
        let tight = false;
        if (tightClass && !fitsBelow()) {
          body.classList.add(tightClass);
          tight = fitsBelow();
          if (!tight) body.classList.remove(tightClass);
        }
        // A pixel of spacer first, so the element's own top margin never collapses into a page break
        // here while it stands after the spacer in print. (No named functions in here: the page gets
        // this function's source, and some build tools wrap named ones in a helper it does not have.)
        let px = 1;
        for (let round = 0; round < 9; round++) {
          spacer.style.height = `${px}px`;
          // One box per column the element lies in; a box of no height (the element began just at the
          // foot of a column and was carried over whole) holds nothing.
          const own = [...el.getClientRects()].filter((r) => r.height > 0.5);
          const parts = content.flatMap((c) => [...c.getClientRects()].filter((r) => r.height > 0.5));
          const columns = new Set(parts.map((r) => Math.round(r.left - origin.left)));
          const last = own.at(-1);
          const room = last ? height - (last.bottom - origin.top) : 0;
          if (!last) {
            result = { found: false, tight, spacer: null, straddles: false };
            break;
          }
          if (round === 0 && own.length === 1) {
            result = { found: true, tight, spacer: px + room, straddles: false };
            break;
          }
          // Taller than a page: left where it falls.
          if (parts.length === 0 || parts.reduce((sum, r) => sum + r.height, 0) > height) {
            result = { found: true, tight, spacer: null, straddles: false };
            break;
          }
          // It did not fit below the text: the spacer (or the element itself) ends one page and the
          // rest starts the next. The spacer grows by the room left under the element and the
          // document is laid out again (the spacer's first part fills the page before, so the element
          // moves by less), until the element lies on one page and ends on its foot.
          if (columns.size === 1 && Math.abs(room) <= 0.25) {
            result = { found: true, tight, spacer: px + room, straddles: true };
            break;
          }
          px = Math.max(1, px + room);
        }
        spacer.style.height = '';
        if (saved === null) body.removeAttribute('style');
        else body.setAttribute('style', saved);
        return result;
      },
      { selector: pin.selector, spacerSelector: pin.spacerSelector, width, height, tightClass: pin.tightClass ?? '' },
    );
    // Not found, taller than a page, or no spacer put it on the foot: leave it where it falls and say
    // nothing (export.ts then reads the PDF).
    if (!m.found || m.spacer === null) return;
    // Less a quarter pixel, so rounding never pushes the element onto a page of its own.
    space = Math.max(0, (m.spacer - 0.25) * 0.75);
    straddles = m.straddles;
    tight = m.tight;
  }
  pin.onSpace?.(space, { straddles, ...(tight ? { tight } : {}) });
  await page.evaluate(
    ({ spacerSelector, space }) => {
      const spacer = document.querySelector(spacerSelector) as HTMLElement | null;
      if (spacer) spacer.style.height = `${space}pt`;
    },
    { spacerSelector: pin.spacerSelector, space },
  );
}
