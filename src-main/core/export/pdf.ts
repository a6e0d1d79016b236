/**
 * HTML → PDF through Chromium's print engine.
 *
 * `PdfPrinter` is the seam between the export pipeline and the engine: the CLI
 * and browser mode use `ChromiumPdfPrinter` (a system Chromium, Chrome or Edge
 * — never a downloaded browser — driven over the DevTools protocol on a pipe,
 * `cdp-pipe.ts`, with no automation library to load first), and the Electron
 * host plugs in its own `webContents.printToPDF` with the same options.
 *
 * Page size and margins come from the document's CSS `@page` rules
 * (`preferCSSPageSize`), page numbers from CSS page-margin boxes, which
 * Chromium draws from version 131 on; for an older engine the printer uses
 * `footerTemplate` instead (a centred number), so a page number is never lost.
 *
 * The page is offline and inert: each print gets a browser context of its
 * own, the page's scripts are disabled, every request other than data: is
 * failed before it reaches the network (in frames the browser runs as targets
 * of their own too), and the document carries a CSP.
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
import { BdError } from '../../common/errors';
import { chromiumCandidates } from '../chromium-locations';
import { log } from '../diagnostics/log';
import { ChromiumProcess } from './cdp-pipe';

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
  // Glyph advances as the font designs them, whatever the machine's hinting settings: the headless shell
  // hints fully by default, which widens Latin digits by a fraction of a pixel and moves line breaks;
  // with this both engines lay out the same lines (the full browser's output is unchanged by it here).
  '--font-render-hinting=none',
];

/**
 * Chromium's headless shell where a distribution packages it — the print
 * engine without the browser around it (no profile services, extensions or
 * browser UI to start): Debian and Ubuntu `chromium-headless-shell`, Fedora
 * `chromium-headless`. The binaries themselves, not Debian's
 * `/usr/bin/chromium-headless-shell` script, which runs the binary as a child
 * of its own. The same print costs a third of the CPU time of the full
 * browser's new headless mode (README, Performance).
 */
export const HEADLESS_SHELL_PATHS: Partial<Record<NodeJS.Platform, readonly string[]>> = {
  linux: ['/usr/lib/chromium/chromium-headless-shell', '/usr/lib64/chromium-browser/headless_shell'],
};

const candidatePaths = (platform: NodeJS.Platform = process.platform) => [...(HEADLESS_SHELL_PATHS[platform] ?? []), ...chromiumCandidates(platform)];

/**
 * The print engine's executable: `CHROMIUM_PATH` when set (and it must
 * exist), else a packaged headless shell (`HEADLESS_SHELL_PATHS`), else the
 * first usual install location of a browser that exists. Throws a BdError the
 * user can act on when there is none.
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

/** Runs a function in the page's isolated world with one JSON argument; resolves with its (JSON) result. */
type Evaluate = <A, R>(fn: (arg: A) => R, arg: A) => Promise<R>;

/** Fires `Fetch.requestPaused` for every request but data: URLs (which never reach the network stack). */
const EVERY_REQUEST = { patterns: [{ urlPattern: '*' }] };

export class ChromiumPdfPrinter implements PdfPrinter {
  private browser: Promise<ChromiumProcess> | undefined;
  private major = 0;
  /** Bumped per launch, so a stale browser's exit cannot forget a newer one. */
  private generation = 0;

  constructor(private readonly options: ChromiumPdfPrinterOptions = {}) {}

  private launch(): Promise<ChromiumProcess> {
    if (!this.browser) {
      const executablePath = this.options.executablePath ?? findChromium();
      const generation = ++this.generation;
      const launching: Promise<ChromiumProcess> = (async () => {
        try {
          const { browser, product } = await ChromiumProcess.launch({ executablePath, args: CHROMIUM_ARGS, timeout: this.options.timeout ?? 30_000 });
          // "HeadlessChrome/156.0.8078.114", "Chrome/…", "Edg/…"
          this.major = Number.parseInt(product.split('/')[1] ?? '', 10) || 0;
          this.versionText = product.split('/')[1] ?? product;
          // A crashed or killed browser is started again on the next print.
          void browser.exited.then(() => {
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

  private versionText = '';

  warm(): void {
    this.launch().catch(() => undefined); // a failure is reported by print()
  }

  /** Version of the running browser, e.g. `150.0.7871.100` (starts it if needed). */
  async version(): Promise<string> {
    await this.launch();
    return this.versionText;
  }

  /**
   * Prints `html` in a new browser context of its own (no storage shared
   * with another print), with the page's scripts disabled and every request
   * but data: URLs failed — in the page and in any frame of it the browser
   * runs as a target of its own. Resolves with the PDF's bytes.
   */
  async print(html: string, options: PdfPrintOptions = {}): Promise<Uint8Array> {
    const browser = await this.launch();
    const { browserContextId } = await browser.send('Target.createBrowserContext', { disposeOnDetach: true });
    const sessions = new Set<string>();
    // Requests are failed before anything reaches the network; frames in targets of their own are held until theirs is too.
    const stopListening = browser.onEvent((event) => {
      if (!event.sessionId || !sessions.has(event.sessionId)) return;
      if (event.method === 'Fetch.requestPaused') {
        const { requestId, request } = event.params as { requestId: string; request: { url: string } };
        const call = request.url.startsWith('data:')
          ? browser.send('Fetch.continueRequest', { requestId }, event.sessionId)
          : browser.send('Fetch.failRequest', { requestId, errorReason: 'BlockedByClient' }, event.sessionId);
        call.catch(() => undefined); // the page may be gone already
      } else if (event.method === 'Target.attachedToTarget') {
        const child = (event.params as { sessionId: string }).sessionId;
        sessions.add(child);
        void Promise.all([
          browser.send('Fetch.enable', EVERY_REQUEST, child).catch(() => undefined), // targets without a network (workers of no kind here) refuse it
          browser.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true }, child).catch(() => undefined),
        ]).then(() => browser.send('Runtime.runIfWaitingForDebugger', {}, child).catch(() => undefined));
      }
    });
    try {
      const { targetId } = await browser.send('Target.createTarget', { url: 'about:blank', browserContextId });
      const { sessionId } = (await browser.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
      sessions.add(sessionId);
      const send = (method: string, params: Record<string, unknown> = {}) => browser.send(method, params, sessionId);
      await Promise.all([
        send('Fetch.enable', EVERY_REQUEST),
        send('Emulation.setScriptExecutionDisabled', { value: true }),
        // The window the measuring pass lays the document out in, as a desktop browser's.
        send('Emulation.setDeviceMetricsOverride', { width: 1280, height: 720, deviceScaleFactor: 1, mobile: false }),
        send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true }),
      ]);
      const { frameTree } = (await send('Page.getFrameTree')) as { frameTree: { frame: { id: string } } };
      const frameId = frameTree.frame.id;
      await send('Page.setDocumentContent', { frameId, html });
      const { executionContextId } = (await send('Page.createIsolatedWorld', { frameId, worldName: 'briefing-desk-print', grantUniveralAccess: true })) as {
        executionContextId: number;
      };
      const evaluate: Evaluate = async (fn, arg) => {
        const r = (await send('Runtime.callFunctionOn', {
          functionDeclaration: fn.toString(),
          executionContextId,
          arguments: [{ value: arg }],
          returnByValue: true,
          awaitPromise: true,
        })) as { result: { value?: unknown }; exceptionDetails?: { text?: string; exception?: { description?: string } } };
        if (r.exceptionDetails) throw new Error(`In the page: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text ?? 'an exception'}`);
        return r.result.value as never;
      };
      // Until the document has loaded (its images and fonts; failed requests end too).
      await withTimeout(
        evaluate(
          () =>
            document.readyState === 'complete' ||
            new Promise<boolean>((resolve) => {
              window.addEventListener('load', () => resolve(true), { once: true });
            }),
          null,
        ),
        this.options.timeout ?? 30_000,
        'The document to print did not finish loading',
      );
      if (options.pinToFoot) await pinToFoot(evaluate, options.pinToFoot);
      const legacyFooter = this.major > 0 && this.major < MARGIN_BOXES_SINCE && Boolean(options.footerTemplate);
      // The page size and margins are the document's (@page); the paper and margins here apply only where it sets none.
      const { stream } = (await send('Page.printToPDF', {
        transferMode: 'ReturnAsStream',
        landscape: false,
        displayHeaderFooter: legacyFooter,
        headerTemplate: legacyFooter ? '<span></span>' : '',
        footerTemplate: legacyFooter ? options.footerTemplate : '',
        printBackground: true,
        scale: 1,
        paperWidth: 8.5,
        paperHeight: 11,
        marginTop: 0,
        marginBottom: 0,
        marginLeft: 0,
        marginRight: 0,
        pageRanges: '',
        preferCSSPageSize: true,
        generateTaggedPDF: options.tagged ?? true,
        generateDocumentOutline: options.outline ?? true,
      })) as { stream: string };
      const chunks: Buffer[] = [];
      for (;;) {
        const { data, base64Encoded, eof } = (await send('IO.read', { handle: stream, size: 4 << 20 })) as {
          data: string;
          base64Encoded?: boolean;
          eof: boolean;
        };
        chunks.push(Buffer.from(data, base64Encoded ? 'base64' : 'utf8'));
        if (eof) break;
      }
      await send('IO.close', { handle: stream }).catch(() => undefined);
      const pdf = Buffer.concat(chunks);
      return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
    } finally {
      stopListening();
      if (!browser.closed)
        await browser.send('Target.disposeBrowserContext', { browserContextId }).catch((err) => log.warn('Could not close a PDF browser context', { err }));
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

/** `promise`, or a rejection saying `what` did not happen within `ms`. */
async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} within ${ms / 1000} s.`)), ms))),
    ]);
  } finally {
    clearTimeout(timer);
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

async function pinToFoot(evaluate: Evaluate, pin: PinToFoot): Promise<void> {
  let space = pin.space;
  let straddles = false;
  let tight = false;
  if (space === undefined) {
    const width = pin.area.width * PX_PER_MM;
    const height = pin.area.height * PX_PER_MM;
    const m: FootMeasure = await evaluate(
      ({
        selector,
        spacerSelector,
        width,
        height,
        tightClass,
      }: {
        selector: string;
        spacerSelector: string;
        width: number;
        height: number;
        tightClass: string;
      }) => {
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
        // If not, once more with the flexible gaps shrunk; kept only when it then fits. (Inline, not a
        // helper function: see below.)
        spacer.style.height = '1px';
        let tight = false;
        for (let attempt = 0; attempt < 2; attempt++) {
          const boxes = [...el.getClientRects()].filter((r) => r.height > 0.5);
          const fits = boxes.length === 1 && boxes[0].top - origin.top > 2;
          if (attempt === 1) tight = fits;
          if (fits || !tightClass) break;
          body.classList.add(tightClass);
        }
        if (tightClass && !tight) body.classList.remove(tightClass);
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
  await evaluate(
    ({ spacerSelector, space }: { spacerSelector: string; space: number }) => {
      const spacer = document.querySelector(spacerSelector) as HTMLElement | null;
      if (spacer) spacer.style.height = `${space}pt`;
    },
    { spacerSelector: pin.spacerSelector, space },
  );
}
