/**
 * The `briefing` command line. Every command calls the same core as the app;
 * `--json` output shapes are a public interface that users script against.
 * Errors go to stderr with a non-zero exit code.
 */
import { Core } from '../core/core';
import { resolveLibraryDir } from '../core/library/paths';
import { BdError } from '../common/errors';
import { log } from '../core/diagnostics/log';
import { parseArgs } from './args';
import { COMMON_FLAGS, type CliIo, type Command } from './command';
import { importCommand, listCommand, showCommand } from './commands/library';
import { serveCommand } from './commands/serve';
import { annotationsCommand, highlightCommand } from './commands/annotations';
import { briefCommand, exportCommand } from './commands/briefings';
import { checkCommand } from './commands/check';
import { searchCommand } from './commands/search';
import { statsCommand } from './commands/stats';
import { diagnosticsCommand } from './commands/diagnostics';

export const COMMANDS: Command[] = [
  importCommand,
  listCommand,
  showCommand,
  searchCommand,
  highlightCommand,
  annotationsCommand,
  briefCommand,
  exportCommand,
  checkCommand,
  statsCommand,
  diagnosticsCommand,
  serveCommand,
];

function help(io: CliIo): void {
  io.out('briefing — the Briefing Desk command line\n');
  io.out('Usage: briefing <command> [options]\n');
  for (const c of COMMANDS) io.out(`  ${c.usage}\n      ${c.summary}`);
  io.out('\nOptions for every command:');
  io.out('  --library DIR   use the library in DIR (default: $BRIEFING_DESK_LIBRARY or the platform data folder)');
  io.out('  --json          machine-readable output');
  io.out('  --help          this help');
}

export async function runCli(argv: string[], io: CliIo = { out: (t) => console.log(t), err: (t) => console.error(t) }): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    help(io);
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`Unknown command "${name}". Run \`briefing --help\` for the list.`);
    return 2;
  }
  let core: Core | null = null;
  try {
    const args = parseArgs(rest, { ...COMMON_FLAGS, ...command.flags });
    if (args.flags.help) {
      io.out(`Usage: ${command.usage}\n${command.summary}`);
      return 0;
    }
    const libraryDir = resolveLibraryDir({ flag: args.flags.library as string | undefined });
    return await command.run({
      args,
      io,
      json: args.flags.json === true,
      libraryDir,
      core: async () => (core ??= await Core.open({
        dir: libraryDir,
        // `serve` is browser mode: libraryInfo and diagnostics say so.
        host: command.name === 'serve' ? 'browser' : 'cli',
        seedSample: command.name === 'serve',
        searchIndex: command.name === 'serve' ? 'eager' : 'lazy',
      })),
    });
  } catch (err) {
    // Refusals (bad arguments, unknown ids) are the user's to read; anything else is also a bug to find in the log.
    if (!(err instanceof BdError) || err.code === 'internal') log.error('A command failed', { command: name, err });
    io.err(err instanceof BdError || err instanceof Error ? `Error: ${err.message}` : `Error: ${String(err)}`);
    return err instanceof BdError && err.code === 'invalid-params' ? 2 : 1;
  } finally {
    if (core) await (core as Core).close();
  }
}
