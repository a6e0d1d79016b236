/**
 * `briefing check` finds the 版心's left edge from lines that continue a paragraph. A GB/T 9704
 * briefing whose every 16 pt line is a paragraph's first line (one-line excerpts and comments, all
 * indented two characters) shows no edge: the indent was taken for it, and the correctly placed page
 * number on an even page was failed at “-0.8 mm in” (a fresh user's export from the app, kept as a
 * fixture). The standard's edge is taken then; a briefing with wrapped lines keeps its measured edge.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPdfLayout } from './layout-check';

const fixture = (name: string) => readFileSync(join(__dirname, '../../../tests/fixtures/layout-check', name));

const noPoppler = spawnSync('pdftotext', ['-v']).error !== undefined;
if (noPoppler) console.log('SKIPPED: briefing check left-edge tests (pdftotext not installed: apt-get install poppler-utils)');

describe.skipIf(noPoppler)('briefing check: the 版心’s left edge', () => {
  it('passes the page numbers of a briefing whose every body line is indented', async () => {
    const report = await checkPdfLayout(fixture('every-line-indented.pdf'), { template: 'gbt9704' });
    const numbers = report.measures.pageNumbers;
    expect(numbers.map((n) => n.side)).toEqual(['right', 'left']);
    for (const n of numbers) expect(Math.abs(n.inset - 4.9)).toBeLessThan(1);
    expect(report.checks.find((c) => c.id === 'page-numbers')).toMatchObject({ ok: true });
  });

  it.each(['colophon-own-page.pdf', 'heading-carries-section.pdf', 'forced-break.pdf'])(
    'keeps the measured edge, 28 mm, where paragraphs wrap (%s)',
    async (name) => {
      const report = await checkPdfLayout(fixture(name), { template: 'gbt9704' });
      expect(Math.abs(report.measures.leftMargin! - 28)).toBeLessThan(0.6);
      expect(report.checks.find((c) => c.id === 'page-numbers')).toMatchObject({ ok: true });
    },
  );
});
