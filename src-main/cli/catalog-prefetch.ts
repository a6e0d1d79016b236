/**
 * Which file the CLI's entry starts reading before the program loads: the
 * catalog of the library the command opens, for a command that reads it.
 * Node only and small (the entry loads it before anything else).
 */
import { join } from 'node:path';
import { resolveLibraryDir } from '../core/library/paths';

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
