/**
 * `check FILE.pdf`: measures an exported briefing against its template's
 * layout (GB/T 9704-2012 for `gbt9704`, see core/export/layout-check.ts) and
 * prints each measure beside what the layout asks for. The template is the
 * one `--template` names, else the one the file's layout shows it was made
 * with (body size and left edge, `detectTemplate`). Exit 0 when every
 * check passes, 1 when one does not, 2 for a usage error.
 */
import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from '../command';
import { printJson } from '../command';
import { TEMPLATES, type TemplateName } from '../../common/briefing/model';
import { BdError } from '../../common/errors';
import { refusal } from '../cli-messages';
import { checkPdfLayout } from '../../core/export/layout-check';

export const checkCommand: Command = {
  name: 'check',
  usage: 'briefing check <FILE.pdf> [--template gbt9704|modern] [--json]',
  summary: 'Measure an exported PDF against its template (GB/T 9704: margins, 版心, 22 × 28 grid, page numbers, 版记, punctuation fonts).',
  flags: { template: { type: 'string' } },
  operands: { min: 1, max: 1, what: 'file' },
  async run({ args, io, json }) {
    const file = args.positionals[0];
    const template = args.flags.template as string | undefined;
    if (template !== undefined && !(TEMPLATES as readonly string[]).includes(template))
      throw refusal('cli.flag-choice', { flag: 'template', choices: TEMPLATES.join('|'), got: template }, 'template');
    const path = resolve(file);
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await fs.readFile(path));
    } catch (err) {
      throw new BdError('not-found', `Cannot read ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}.`, {
        field: 'file',
      });
    }
    // Without --template, the template the file's layout shows it was made with.
    const report = await checkPdfLayout(bytes, { ...(template ? { template: template as TemplateName } : {}), fileName: path });
    if (json) {
      printJson(io, {
        file: path,
        template: report.template,
        templateFrom: report.templateFrom,
        ok: report.ok,
        checks: report.checks,
        measures: report.measures,
      });
    } else {
      const pages = report.measures.pageCount;
      const from = report.templateFrom === 'layout' ? ' (the template its layout shows)' : '';
      io.out(
        `${path} — ${pages} ${pages === 1 ? 'page' : 'pages'}, checked against ${report.template === 'gbt9704' ? 'GB/T 9704-2012' : 'the modern template'}${from}`,
      );
      for (const c of report.checks) io.out(`${c.notMeasured ? 'n/a ' : c.ok ? 'ok  ' : 'FAIL'}  ${c.label}: ${c.measured} (expected ${c.expected})`);
      const failed = report.checks.filter((c) => !c.ok).length;
      const unmeasured = report.checks.filter((c) => c.notMeasured).map((c) => c.label);
      if (failed) io.out(`${failed} check(s) failed.`);
      else if (unmeasured.length)
        io.out(
          `Every check that could be made passed; ${unmeasured.length} could not be made on this file (${unmeasured.join('; ')}), so conformance is not shown.`,
        );
      else io.out('The layout conforms.');
    }
    return report.ok ? 0 : 1;
  },
};
