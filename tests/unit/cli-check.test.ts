/**
 * `briefing check FILE.pdf`: the measured GB/T 9704 layout of an exported
 * briefing, printed for a person and as JSON; a PDF that does not conform
 * exits 1 and says which check failed; a file that is not a PDF is named.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src-main/cli/index';
import { officeBriefing } from '../../src-main/common/briefing/fixtures/office-briefing';
import { exportBriefing } from '../../src-main/core/export/export';
import { ChromiumPdfPrinter } from '../../src-main/core/export/pdf';
import { pdfSkipReason } from '../support/poppler';

const skip = pdfSkipReason();
if (skip) console.log(`SKIPPED: briefing check on exported PDFs (${skip})`);

let dir: string;

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli([...args, '--library', join(dir, 'lib')], { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n'), json: () => JSON.parse(out.join('\n')) };
}

describe('briefing check', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bd-check-'));
    if (skip) return;
    const printer = new ChromiumPdfPrinter();
    try {
      for (const template of ['gbt9704', 'modern'] as const) {
        writeFileSync(join(dir, `${template}.pdf`), (await exportBriefing(officeBriefing(), { format: 'pdf', template, printer })).bytes);
      }
      // Too short for a page between the first and the last: the first excerpt alone.
      const full = officeBriefing();
      const onePage = { ...full, sections: [{ ...full.sections[0], items: full.sections[0].items.slice(0, 1) }] };
      writeFileSync(join(dir, 'short-gbt9704.pdf'), (await exportBriefing(onePage, { format: 'pdf', template: 'gbt9704', printer })).bytes);
      // An English briefing in each template.
      const english = { ...full, header: { ...full.header, language: 'en' as const, title: 'Artificial intelligence industry update' } };
      for (const template of ['gbt9704', 'modern'] as const)
        writeFileSync(join(dir, `english-${template}.pdf`), (await exportBriefing(english, { format: 'pdf', template, printer })).bytes);
      // One page: the header and the distribution block alone.
      const headerOnly = { ...full, sections: [] };
      writeFileSync(join(dir, 'short-modern.pdf'), (await exportBriefing(headerOnly, { format: 'pdf', template: 'modern', printer })).bytes);
    } finally {
      await printer.close();
    }
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.skipIf(skip !== null)('prints every measure of a conforming GB/T 9704 briefing and exits 0', async () => {
    const text = await cli('check', join(dir, 'gbt9704.pdf'));
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/ok {4}Top margin \(天头\): 3[678]\.\d mm/);
    for (const words of ['Left margin (订口): 2', 'Lines on a full page: 22', 'Characters on a full line: 28', 'The layout conforms.']) {
      expect(text.out).toContain(words);
    }
    const report = (await cli('check', join(dir, 'gbt9704.pdf'), '--json')).json();
    // The public shape, with the one field added since (templateFrom).
    expect(Object.keys(report)).toEqual(['file', 'template', 'templateFrom', 'ok', 'checks', 'measures']);
    expect(report).toMatchObject({ template: 'gbt9704', templateFrom: 'layout' });
    expect(report.ok).toBe(true);
    expect(report.checks.map((c: { id: string }) => c.id)).toEqual([
      'page-size',
      'top-margin',
      'left-margin',
      'text-block',
      'lines-per-page',
      'chars-per-line',
      'page-numbers',
      'colophon',
      'cjk-punctuation',
      'page-fill',
    ]);
    expect(report.measures).toMatchObject({ linesPerFullPage: 22, charsPerFullLine: 28, colophon: { page: report.measures.pageCount } });
    expect(Math.abs(report.measures.textBlock.width - 156)).toBeLessThanOrEqual(1);
    expect(Math.abs(report.measures.textBlock.height - 225)).toBeLessThanOrEqual(1);
  });

  it.skipIf(skip !== null)('exits 1 and names the failed checks when the PDF is not laid out to GB/T 9704', async () => {
    const r = await cli('check', join(dir, 'modern.pdf'), '--template', 'gbt9704');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAIL {2}Top margin \(天头\)/);
    expect(r.out).toMatch(/check\(s\) failed/);
    expect((await cli('check', join(dir, 'modern.pdf'), '--template', 'modern')).code).toBe(0);
  });

  it.skipIf(skip !== null)('checks a PDF against the template its layout shows it was made with', async () => {
    // Before, a modern PDF was checked as GB/T 9704 unless told, and failed on its margins and page numbers.
    const modern = await cli('check', join(dir, 'modern.pdf'));
    expect(modern.code, modern.out).toBe(0);
    expect(modern.out).toContain('checked against the modern template (the template its layout shows)');
    expect((await cli('check', join(dir, 'modern.pdf'), '--json')).json()).toMatchObject({ template: 'modern', templateFrom: 'layout', ok: true });
    // Exports of other days and shapes: with and without a distribution block, a 版记页, an English briefing in each template.
    const fixtures = join(__dirname, '../fixtures/layout-check');
    for (const [file, template] of [
      [join(fixtures, 'modern-no-distribution.pdf'), 'modern'],
      [join(fixtures, 'modern-distribution.pdf'), 'modern'],
      [join(fixtures, 'colophon-own-page.pdf'), 'gbt9704'],
      [join(dir, 'short-modern.pdf'), 'modern'],
      [join(dir, 'english-modern.pdf'), 'modern'],
      [join(dir, 'english-gbt9704.pdf'), 'gbt9704'],
    ] as const) {
      const r = (await cli('check', file, '--json')).json();
      expect(r, file).toMatchObject({ template, templateFrom: 'layout' });
      expect(r.checks.find((c: { id: string }) => c.id === 'page-numbers')?.ok ?? true, file).toBe(true);
    }
    // --template still decides when given.
    expect((await cli('check', join(dir, 'modern.pdf'), '--template', 'gbt9704', '--json')).json()).toMatchObject({
      template: 'gbt9704',
      templateFrom: 'option',
    });
  });

  it.skipIf(skip !== null)(
    'does not call a layout it could not measure conforming: a briefing too short for a full page, an English article',
    async () => {
      // GB/T 9704: two pages (版头 on the first, 版记 on the last), none between them to measure the grid on.
      const short = await cli('check', join(dir, 'short-gbt9704.pdf'));
      expect(short.out).toMatch(/ — 2 pages, checked against GB\/T 9704-2012/);
      expect(short.out).toMatch(/n\/a {3}Margins, 版心 and the 22 × 28 grid: not measured: the file has two pages, no full page/);
      // What those pages do show is still checked: their numbers.
      expect(short.out).toMatch(/ok {4}Page numbers .*: 2 of 2 pages/);
      expect(short.out).not.toContain('The layout conforms.');
      expect(short.out).toMatch(/could not be made on this file .*so conformance is not shown/);
      const json = (await cli('check', join(dir, 'short-gbt9704.pdf'), '--json')).json();
      expect(json.ok).toBe(true);
      expect(json.checks.filter((c: { notMeasured?: true }) => c.notMeasured).map((c: { id: string }) => c.id)).toEqual(['grid']);
      // The modern template on one page: no page before the last to judge how full it is.
      const one = await cli('check', join(dir, 'short-modern.pdf'));
      expect(one.out).toMatch(/ — 1 page, checked against the modern template/);
      expect(one.out).toMatch(/n\/a {3}Pages before the last at least 80% full: not measured: the file has one page/);
      expect(one.out).not.toContain('The layout conforms.');

      // An English article printed by export-article: no Chinese punctuation to check, and not a GB/T 9704 page.
      const en = join(dir, 'order.txt');
      writeFileSync(
        en,
        'Executive Order on Port Resilience\n\n' +
          Array.from({ length: 40 }, (_, i) => `Section ${i + 1}. The agencies shall review the resilience of the ports and report within ninety days.`).join(
            '\n\n',
          ),
      );
      const imported = await cli('import', en, '--json');
      expect(imported.code, imported.err).toBe(0);
      const pdf = join(dir, 'order.pdf');
      const exported = await cli('export-article', imported.json()[0].id, '--format', 'pdf', '--out', pdf);
      expect(exported.code, exported.err).toBe(0);
      const article = await cli('check', pdf);
      expect(article.out).toMatch(/n\/a {3}Chinese punctuation full-width, in a Chinese font: not measured: the text has no Chinese punctuation/);
      expect(article.out).not.toContain('The layout conforms.');
    },
    60_000,
  );

  it('names a file that is not a PDF or is missing, and refuses an unknown template', async () => {
    writeFileSync(join(dir, 'notes.pdf'), '这不是PDF');
    const notPdf = await cli('check', join(dir, 'notes.pdf'));
    expect(notPdf.code).toBe(2);
    expect(notPdf.err).toContain('notes.pdf is not a PDF document');
    const missing = await cli('check', join(dir, 'missing.pdf'));
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('missing.pdf');
    expect((await cli('check', join(dir, 'notes.pdf'), '--template', 'fancy')).code).toBe(2);
    expect((await cli('check')).code).toBe(2);
  });
});
