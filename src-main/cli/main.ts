/**
 * Process entry of the built CLI (out/main/cli.js). Before anything else
 * loads, a command that reads the library's catalog starts reading it
 * (`catalogToPrefetch`), so the disk works while the rest of the program
 * loads; then it opens the log (`<data folder>/logs`; browser mode's server
 * logs as `browser`), runs the command, and closes the log before the
 * process ends. Everything but this file and the few small modules it needs
 * is loaded by `import()`, after the read has started.
 */
import { join } from 'node:path';
import { resolveLibraryDir } from '../core/library/paths';
import { prefetchFile } from '../core/library/prefetch';

/**
 * Commands that never read the catalog (they open the library lazily or not
 * at all); every other command reads it first thing.
 */
const NO_CATALOG = new Set(['export', 'export-article', 'check', 'help', '--help', '-h']);

/**
 * Where the catalog of the library the command will open is, or null for a
 * command that does not read it. Mirrors `runCli`'s reading of the options
 * (`--library DIR` or `--library=DIR`, before or after the command name); a
 * wrong guess only costs a read that is not used, since the store takes the
 * bytes only for its own catalog path, and only if the file is unchanged.
 */
export function catalogToPrefetch(argv: readonly string[]): string | null {
  let name: string | undefined;
  let flag: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') break;
    if (arg === '--library' && i + 1 < argv.length) flag = argv[++i];
    else if (arg.startsWith('--library=')) flag = arg.slice('--library='.length);
    else if (arg === '--help') return null;
    else if (name === undefined && !arg.startsWith('--')) name = arg;
  }
  if (name === undefined || NO_CATALOG.has(name)) return null;
  return join(resolveLibraryDir({ flag }), 'catalog.json');
}

async function main(argv: string[]): Promise<number> {
  const catalog = catalogToPrefetch(argv);
  if (catalog) prefetchFile(catalog);
  const [{ runCli }, { log, startLog, stopLog }] = await Promise.all([import('./index'), import('../core/diagnostics/log')]);
  await startLog({ host: argv[0] === 'serve' ? 'browser' : 'cli' });
  try {
    return await runCli(argv);
  } catch (err) {
    log.error('The command failed unexpectedly', { err, command: argv[0] });
    console.error(err);
    return 1;
  } finally {
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
