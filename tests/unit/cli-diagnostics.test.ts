/**
 * `briefing diagnostics`: the text report, the contract's report with
 * --json, and a wrong --recent refused by the method's schema (exit 2).
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src-main/cli/index';
import type { DiagnosticsReport } from '../../src-main/common/contract/diagnostics';

describe('briefing diagnostics', () => {
  it('is printed by `briefing diagnostics` (text, and the report itself with --json)', async () => {
    const cliLib = mkdtempSync(join(tmpdir(), 'bd-diag-cli-'));
    try {
      const out: string[] = [];
      const err: string[] = [];
      const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t) };
      expect(await runCli(['diagnostics', '--json', '--library', cliLib], io)).toBe(0);
      const report = JSON.parse(out.join('\n')) as DiagnosticsReport;
      expect(report.library).toMatchObject({ articles: 0, annotations: 0, briefings: 0 });
      out.length = 0;
      expect(await runCli(['diagnostics', '--recent', '1', '--library', cliLib], io)).toBe(0);
      expect(out.join('\n')).toMatch(/^Briefing Desk diagnostics/);
      expect(out.join('\n')).toMatch(/Articles: +0/);
      expect(await runCli(['diagnostics', '--recent', 'many', '--library', cliLib], io)).toBe(2);
      expect(err.join('\n')).toMatch(/recent/);
    } finally {
      rmSync(cliLib, { recursive: true, force: true });
    }
  });
});
