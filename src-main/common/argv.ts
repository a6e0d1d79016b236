/**
 * The one command-line parser of every host: `--flag value`, `--flag=value`,
 * repeatable flags and booleans. The `briefing` command refuses unknown
 * flags with a clear error; the desktop app (whose command line also carries
 * Chromium's and the operating system's switches) passes `unknown: 'skip'`
 * and keeps only what it knows: `--library` and the files to open.
 */
import { BdError } from '../common/errors';

export interface FlagSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
}

export interface Parsed {
  positionals: string[];
  flags: Record<string, string | boolean | string[] | undefined>;
}

/**
 * Parses `argv` (without the program) by `spec`. Entries after `--` are
 * positionals. With `unknown: 'error'` (default) an unknown `--flag` throws
 * BdError `invalid-params` naming it; with `'skip'` it is passed over, as is
 * any single-dash switch (`-psn_0_1234`, `-x`).
 */
export function parseArgs(argv: readonly string[], spec: Record<string, FlagSpec>, options: { unknown?: 'error' | 'skip' } = {}): Parsed {
  const lenient = options.unknown === 'skip';
  const positionals: string[] = [];
  const flags: Parsed['flags'] = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      if (!(lenient && arg.startsWith('-') && arg !== '-')) positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq > 0 ? eq : undefined);
    const def = Object.prototype.hasOwnProperty.call(spec, name) ? spec[name] : undefined;
    if (!def && lenient) continue;
    // Keyed (`cli.*`, params) so the command line words the refusal in the user's language (cli/cli-messages.ts).
    if (!def)
      throw new BdError('invalid-params', `Unknown option --${name}. See --help.`, { field: name, key: 'cli.unknown-option', params: { option: name } });
    if (def.type === 'boolean') {
      if (eq > 0) throw new BdError('invalid-params', `--${name} takes no value.`, { field: name, key: 'cli.option-takes-no-value', params: { option: name } });
      flags[name] = true;
      continue;
    }
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else value = argv[++i];
    if (value === undefined && lenient) continue;
    if (value === undefined)
      throw new BdError('invalid-params', `--${name} needs a value.`, { field: name, key: 'cli.option-needs-value', params: { option: name } });
    if (def.multiple) flags[name] = [...((flags[name] as string[] | undefined) ?? []), value];
    else flags[name] = value;
  }
  return { positionals, flags };
}
