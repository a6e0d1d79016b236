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
import { refusal, say } from '../cli-messages';
import { checkPdfLayout } from '../../core/export/layout-check';

export const checkCommand: Command = {
  name: 'check',
  usage: 'briefing check <FILE.pdf> [--template gbt9704|modern] [--json]',
  usageZh: 'briefing check <文件.pdf> [--template gbt9704|modern] [--json]',
  summary: 'Measure an exported PDF against its template (GB/T 9704: margins, 版心, 22 × 28 grid, page numbers, 版记, punctuation fonts).',
  summaryZh: '按模板测量导出的 PDF（GB/T 9704：页边距、版心、22 × 28 版面、页码、版记、标点字体）。',
  flags: { template: { type: 'string' } },
  operands: { min: 1, max: 1, what: 'file' },
  async run({ args, io, json, language }) {
    const file = args.positionals[0];
    const template = args.flags.template as string | undefined;
    if (template !== undefined && !(TEMPLATES as readonly string[]).includes(template))
      throw refusal('cli.flag-choice', { flag: 'template', choices: TEMPLATES.join('|'), got: template }, 'template');
    const path = resolve(file);
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await fs.readFile(path));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new BdError('not-found', `Cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}.`, {
        field: 'file',
        detail: {
          messageZh: `无法读取 ${path}：${code === 'ENOENT' ? '没有这个文件' : code === 'EISDIR' ? '这是一个文件夹' : code === 'EACCES' ? '没有读取权限' : `读取出错（${code ?? (err as Error).message}）`}。`,
        },
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
      const zh = language === 'zh';
      const gb = report.template === 'gbt9704';
      const from = report.templateFrom === 'layout';
      io.out(
        say(
          language,
          `${path} — ${pages} ${pages === 1 ? 'page' : 'pages'}, checked against ${gb ? 'GB/T 9704-2012' : 'the modern template'}${from ? ' (the template its layout shows)' : ''}`,
          `${path} —— 共 ${pages} 页，按${gb ? ' GB/T 9704-2012 ' : '现代模板'}检查${from ? '（从版面看出的模板）' : ''}`,
        ),
      );
      for (const c of report.checks) {
        const mark = c.notMeasured ? say(language, 'n/a ', '未测') : c.ok ? say(language, 'ok  ', '通过') : say(language, 'FAIL', '不符');
        io.out(zh ? `${mark}  ${c.zh.label}：${c.zh.measured}（要求：${c.zh.expected}）` : `${mark}  ${c.label}: ${c.measured} (expected ${c.expected})`);
      }
      const failed = report.checks.filter((c) => !c.ok).length;
      const unmeasured = report.checks.filter((c) => c.notMeasured).map((c) => (zh ? c.zh.label : c.label));
      if (failed) io.out(say(language, `${failed} check(s) failed.`, `${failed} 项检查未通过。`));
      else if (unmeasured.length)
        io.out(
          say(
            language,
            `Every check that could be made passed; ${unmeasured.length} could not be made on this file (${unmeasured.join('; ')}), so conformance is not shown.`,
            `能做的检查全部通过；有 ${unmeasured.length} 项无法在这个文件上检查（${unmeasured.join('；')}），因此不能说明版式合规。`,
          ),
        );
      else io.out(say(language, 'The layout conforms.', '版式合规。'));
    }
    return report.ok ? 0 : 1;
  },
};
