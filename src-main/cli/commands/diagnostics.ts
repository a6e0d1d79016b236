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
  usageZh: 'briefing diagnostics [--recent 条数] [--json]',
  summary: 'Versions, library counts and problems, index state and the last N (default 20) log warnings and errors, for a support request.',
  summaryZh: '版本、文库统计和问题、索引状态，以及日志中最近 N 条（默认 20 条）警告和错误，供支持请求使用。',
  flags: { recent: { type: 'string' } },
  operands: { min: 0, max: 0 },
  async run({ args, io, json, core, language }) {
    const c = await core();
    const recent = args.flags.recent === undefined ? undefined : integerFlag('recent', args.flags.recent);
    const report = await c.api.diagnostics(recent === undefined ? {} : { recent });
    if (json) printJson(io, report);
    else {
      // The report itself stays English (common/diagnostics-text.ts): it is read by whoever answers the support request.
      if (language === 'zh') io.err('以下诊断报告用英文写出，供支持人员阅读；其中不含文章正文或批注。');
      io.out(formatDiagnostics(report));
    }
    return 0;
  },
};
