/**
 * The `briefing` command line. Every command calls the same core as the app;
 * `--json` output shapes are a public interface that users script against.
 * Errors go to stderr with a non-zero exit code.
 */
import { Core } from '../core/core';
import { resolveLibraryDir } from '../core/library/paths';
import { BdError } from '../common/errors';
import { log } from '../core/diagnostics/log';
import { parseArgs, type Parsed } from '../common/argv';
import { withoutQuotedText } from '../common/redact';
import { COMMON_FLAGS, flagRefusal, type CliIo, type Command } from './command';
import { cliLanguage, cliText, errorSentence, refusal, type CliLanguage } from './cli-messages';
import type { IssueFacts } from '../common/schema-reasons';
import { deleteCommand, importCommand, listCommand, problemsCommand, showCommand } from './commands/library';
import { serveCommand } from './commands/serve';
import { annotationsCommand, highlightCommand } from './commands/annotations';
import { briefCommand, exportArticleCommand, exportCommand } from './commands/briefings';
import { checkCommand } from './commands/check';
import { searchCommand } from './commands/search';
import { statsCommand } from './commands/stats';
import { diagnosticsCommand } from './commands/diagnostics';
import { backupCommand, restoreCommand } from './commands/backup';

export const COMMANDS: Command[] = [
  importCommand,
  listCommand,
  showCommand,
  deleteCommand,
  searchCommand,
  highlightCommand,
  annotationsCommand,
  briefCommand,
  exportCommand,
  exportArticleCommand,
  checkCommand,
  statsCommand,
  problemsCommand,
  diagnosticsCommand,
  backupCommand,
  restoreCommand,
  serveCommand,
];

/** The list of commands and the options every command takes, in `language`. */
function help(io: CliIo, language: CliLanguage): void {
  const zh = language === 'zh';
  io.out(zh ? 'briefing —— 简报台命令行\n' : 'briefing — the Briefing Desk command line\n');
  io.out(zh ? '用法：briefing <命令> [选项]\n' : 'Usage: briefing <command> [options]\n');
  for (const c of COMMANDS) io.out(`  ${zh ? c.usageZh : c.usage}\n      ${zh ? c.summaryZh : c.summary}`);
  io.out(zh ? '\n每个命令都可用的选项：' : '\nOptions for every command:');
  io.out(
    zh
      ? '  --library 文件夹  使用该文件夹中的文库（默认：$BRIEFING_DESK_LIBRARY 或系统的数据文件夹）'
      : '  --library DIR   use the library in DIR (default: $BRIEFING_DESK_LIBRARY or the platform data folder)',
  );
  io.out(zh ? '  --json          输出供程序读取的 JSON' : '  --json          machine-readable output');
  io.out(zh ? '  --help          显示本帮助' : '  --help          this help');
}

/**
 * The command's name and its arguments, with the options for every command
 * (`--library DIR`, `--json`, `--help`) allowed before the name as well as
 * after it: `briefing --library DIR list` is `briefing list --library DIR`.
 * Throws BdError `invalid-params` for another option before the name.
 */
function commandAndArguments(argv: readonly string[]): { name: string | undefined; rest: string[] } {
  const leading: string[] = [];
  let i = 0;
  for (; i < argv.length && argv[i].startsWith('--') && argv[i] !== '--'; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const flag = arg.slice(2, eq > 0 ? eq : undefined);
    if (flag === 'help') return { name: '--help', rest: [] };
    const spec = Object.prototype.hasOwnProperty.call(COMMON_FLAGS, flag) ? COMMON_FLAGS[flag] : undefined;
    if (!spec) throw refusal('cli.option-before-command', { option: flag }, flag);
    leading.push(arg);
    if (spec.type === 'string' && eq < 0 && i + 1 < argv.length) leading.push(argv[++i]);
  }
  return { name: argv[i], rest: [...leading, ...argv.slice(i + 1)] };
}

/**
 * Checks the arguments of `command` against what it takes (`operands`):
 * throws the refusal (exit 2) for a missing one, or for any beyond the
 * last it takes, naming them.
 */
function checkOperands(command: Command, args: Parsed): void {
  const operands = typeof command.operands === 'function' ? command.operands(args) : command.operands;
  const given = args.positionals;
  if (given.length < operands.min) throw refusal('cli.missing-argument', { what: operands.what ?? '', usage: command.usage, usageZh: command.usageZh });
  if (given.length > operands.max) {
    const extra = given.slice(operands.max);
    throw refusal('cli.extra-arguments', {
      command: command.name,
      max: operands.max,
      extra: extra.join('|'),
      count: extra.length,
      usage: command.usage,
      usageZh: command.usageZh,
    });
  }
}

/**
 * A refusal of core's that names a parameter given by one of the command's
 * flags, said of that flag (`--format: expected one of pdf, docx, md, html
 * (got "rtf")`); any other error as it is. The parameter is the flag's
 * name, or the one `command.fieldFlags` maps to it.
 */
function asFlagRefusal(err: unknown, command: Command, args: Parsed): unknown {
  if (!(err instanceof BdError) || err.code !== 'invalid-params' || !err.field || err.key) return err;
  const flag = command.fieldFlags?.[err.field] ?? err.field;
  const value = args.flags[flag];
  if (!command.flags?.[flag] || value === undefined || typeof value === 'boolean') return err;
  return flagRefusal(flag, value, (err.detail as { issue?: IssueFacts & { values?: string[] } } | undefined)?.issue ?? { message: err.message });
}

/** The refusal of a library another process holds, with the browser-mode server's link when it serves it (core/library/served-instance.ts). */
async function withServerLink(err: unknown, args: Parsed | undefined): Promise<unknown> {
  if (!(err instanceof BdError) || err.key !== 'library.locked') return err;
  const { withServerLink: linked } = await import('../core/library/served-instance');
  return linked(err, resolveLibraryDir({ flag: args?.flags.library as string | undefined }));
}

/**
 * Runs `briefing <argv>`; resolves with the exit code (0 done, 1 failed, 2
 * refused: bad arguments). `language`: of the sentences written to `io`
 * (default: the user's locale, cliLanguage()); `--json` output is the same
 * in every language.
 */
export async function runCli(
  argv: string[],
  io: CliIo = { out: (t) => console.log(t), err: (t) => console.error(t) },
  language: CliLanguage = cliLanguage(),
): Promise<number> {
  const say = async (err: unknown) => io.err(cliText('cli.error', { message: await errorSentence(err, language) }, language));
  let name: string | undefined;
  let rest: string[];
  try {
    ({ name, rest } = commandAndArguments(argv));
  } catch (err) {
    await say(err);
    return 2;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    help(io, language);
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    await say(refusal('cli.unknown-command', { name }));
    return 2;
  }
  let core: Core | null = null;
  let code = 1;
  /** Problems recorded before the command ran (at open); anything after is this command's. */
  let revisionAtOpen = -1;
  let args: Parsed | undefined;
  try {
    try {
      args = parseArgs(rest, { ...COMMON_FLAGS, ...command.flags });
    } catch (err) {
      // The unknown option's refusal names the command whose --help lists the options.
      throw err instanceof BdError && err.key === 'cli.unknown-option'
        ? refusal('cli.unknown-option', { ...err.params, command: command.name }, err.field)
        : err;
    }
    if (args.flags.help) {
      io.out(language === 'zh' ? `用法：${command.usageZh}\n${command.summaryZh}` : `Usage: ${command.usage}\n${command.summary}`);
      return 0;
    }
    checkOperands(command, args);
    const parsed = args;
    const libraryDir = resolveLibraryDir({ flag: args.flags.library as string | undefined });
    code = await command
      .run({
        args,
        io,
        json: args.flags.json === true,
        libraryDir,
        language,
        core: async (options = {}) => {
          if (!core) {
            core = await Core.open({
              ...(options.pdfPrinter ? { pdfPrinter: options.pdfPrinter } : {}),
              dir: libraryDir,
              // `serve` is browser mode: libraryInfo and diagnostics say so.
              host: command.name === 'serve' ? 'browser' : 'cli',
              seedSample: command.name === 'serve',
              searchIndex: command.name === 'serve' ? 'eager' : 'lazy',
              ...(options.catalog ? { catalog: options.catalog } : {}),
            });
            revisionAtOpen = core.damageRevision();
          }
          return core;
        },
      })
      .catch((err: unknown) => {
        throw asFlagRefusal(err, command, parsed);
      });
  } catch (err) {
    // Refusals (bad arguments, unknown ids) are the user's to read; anything else is also a bug to find in the log.
    if (!(err instanceof BdError) || err.code === 'internal') log.error('A command failed', { command: name, err });
    await say(await withServerLink(err, args));
    code = err instanceof BdError && err.code === 'invalid-params' ? 2 : 1;
  } finally {
    if (core) {
      const opened = core as Core;
      // Damage is never silent: every command says what is wrong with the library until the user acknowledges it.
      if (name !== 'problems') {
        // The store's list as libraryInfo gives it, without reading a catalog a lazy open left unread.
        const warnings = opened.store.warnings;
        // A diagnostics report is made to be shared: its banner, like the report, keeps the library's words (titles, quotes, file names) out.
        for (const w of warnings) {
          const message = language === 'zh' && w.messageZh ? w.messageZh : w.message;
          io.err(cliText('cli.library-problem', { message: name === 'diagnostics' ? withoutQuotedText(message) : message }, language));
        }
        if (warnings.some((w) => w.id)) io.err(cliText('cli.problems-hint', {}, language));
        // A problem found while this command ran affected its output (damage fully repaired, e.g. an article rebuilt from its original, did not).
        if (code === 0 && opened.damageRevision() !== revisionAtOpen) code = 1;
      }
      await opened.close();
    }
  }
  return code;
}
