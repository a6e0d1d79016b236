/**
 * `diagnostics`: the report the app's Help → Copy diagnostics copies
 * (versions, library counts and problems, index state, the last log warnings
 * and errors) — never article text or notes. `--json` prints the contract's
 * DiagnosticsReport as it is.
 */
import type { Command } from '../command';
import { integerFlag, printJson } from '../command';
import { formatDiagnostics } from '../../common/diagnostics-text';

export const diagnosticsCommand: Command = {
  name: 'diagnostics',
  usage: 'briefing diagnostics [--recent N] [--json]',
  summary: 'Versions, library counts and problems, index state and the last N (default 20) log warnings and errors, for a support request.',
  flags: { recent: { type: 'string' } },
  operands: { min: 0, max: 0 },
  async run({ args, io, json, core }) {
    const c = await core();
    const recent = args.flags.recent === undefined ? undefined : integerFlag('recent', args.flags.recent);
    const report = await c.api.diagnostics(recent === undefined ? {} : { recent });
    if (json) printJson(io, report);
    else io.out(formatDiagnostics(report));
    return 0;
  },
};
