/**
 * Argument parsing for the `briefing` command: `--flag value`, `--flag=value`,
 * repeatable flags and booleans, with a clear error for unknown flags.
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

export function parseArgs(argv: string[], spec: Record<string, FlagSpec>): Parsed {
  const positionals: string[] = [];
  const flags: Parsed['flags'] = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq > 0 ? eq : undefined);
    const def = spec[name];
    if (!def) throw new BdError('invalid-params', `Unknown option --${name}. See --help.`, { field: name });
    if (def.type === 'boolean') {
      if (eq > 0) throw new BdError('invalid-params', `--${name} takes no value.`, { field: name });
      flags[name] = true;
      continue;
    }
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else value = argv[++i];
    if (value === undefined) throw new BdError('invalid-params', `--${name} needs a value.`, { field: name });
    if (def.multiple) flags[name] = [...((flags[name] as string[] | undefined) ?? []), value];
    else flags[name] = value;
  }
  return { positionals, flags };
}
