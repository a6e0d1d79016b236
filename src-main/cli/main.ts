/**
 * Process entry of the built CLI (out/main/cli.js). Before anything else
 * loads, a command that reads the library's catalog starts reading it
 * (`catalogToPrefetch`), so the disk works while the rest of the program
 * loads, and a PDF export starts its print engine (`startPrinterEarly`);
 * then it opens the log (`<data folder>/logs`; browser mode's server
 * logs as `browser`), runs the command, and closes the log before the
 * process ends. Everything but this file and the few small modules it needs
 * is loaded by `import()`, after the read has started.
 */
import { prefetchFile } from '../core/library/prefetch';
import { catalogToPrefetch } from './catalog-prefetch';
import { closeUntakenPrinter, printsPdf, startPrinterEarly } from './early-printer';

async function main(argv: string[]): Promise<number> {
  const catalog = catalogToPrefetch(argv);
  if (catalog) void prefetchFile(catalog);
  // A PDF export starts Chromium first: it starts while the rest loads and the briefing is laid out.
  if (printsPdf(argv)) await startPrinterEarly();
  const [{ runCli }, { log, startLog, stopLog }] = await Promise.all([import('./index'), import('../core/diagnostics/log')]);
  await startLog({ host: argv[0] === 'serve' ? 'browser' : 'cli' });
  try {
    return await runCli(argv);
  } catch (err) {
    log.error('The command failed unexpectedly', { err, command: argv[0] });
    console.error(err);
    return 1;
  } finally {
    await closeUntakenPrinter();
    await stopLog();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
