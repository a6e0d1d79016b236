/**
 * The print engine of a PDF export, started by the CLI's entry before the
 * rest of the program loads: Chromium takes the better part of a second to
 * start, and it starts while the program loads, the library opens and the
 * briefing is laid out. The export command takes it (`takeEarlyPrinter`);
 * one nobody took is closed before the process ends (`closeUntakenPrinter`),
 * so a command that failed early never leaves a browser running.
 */
import type { PdfPrinter } from '../core/export/pdf';

let early: Promise<PdfPrinter> | null = null;

/**
 * Whether a command line is a PDF export (`export` or `export-article`,
 * `--format pdf` or no `--format`): the commands that print. Reads the
 * command line as `runCli` does; a wrong guess only starts a browser that is
 * closed unused.
 */
export function printsPdf(argv: readonly string[]): boolean {
  let name: string | undefined;
  let format = 'pdf';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') break;
    if (arg === '--help') return false;
    if (arg === '--format' && i + 1 < argv.length) format = argv[++i];
    else if (arg.startsWith('--format=')) format = arg.slice('--format='.length);
    else if (arg === '--library' || arg === '--out' || arg === '--template' || arg === '--annotations') i++;
    else if (name === undefined && !arg.startsWith('--')) name = arg;
  }
  return (name === 'export' || name === 'export-article') && format === 'pdf';
}

/**
 * Starts the print engine (Chromium) now, for the export command to take;
 * resolves once the browser's start is under way (its code loaded, the
 * launch begun), never rejects (a failure shows when the command prints).
 */
export async function startPrinterEarly(): Promise<void> {
  if (early) return;
  early = import('../core/export/pdf').then(({ ChromiumPdfPrinter }) => {
    const printer = new ChromiumPdfPrinter();
    printer.warm();
    return printer;
  });
  await early.catch(() => undefined);
}

/** The engine `startPrinterEarly` started, once; null when none was. */
export function takeEarlyPrinter(): Promise<PdfPrinter> | null {
  const printer = early;
  early = null;
  return printer;
}

/** Closes an engine started early that no command took. */
export async function closeUntakenPrinter(): Promise<void> {
  const printer = takeEarlyPrinter();
  if (printer) await (await printer.catch(() => null))?.close?.();
}
