/**
 * `briefing check`'s page fill beside a 版记页 (GB/T 9704 §7.5), on two real exports of the same
 * three-section briefing: one whose 版记 did not fit below the text and took the foot of a page of
 * its own (page 2 ends at 77 %: not a fault), and one from an older exporter that kept the 版记 with
 * the last section and moved both on (page 2 half empty: a fault).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPdfLayout } from './layout-check';

const fixture = (name: string) => readFileSync(join(__dirname, '../../../tests/fixtures/layout-check', name));

const noPoppler = spawnSync('pdftotext', ['-v']).error !== undefined;
if (noPoppler) console.log('SKIPPED: briefing check page-fill tests (pdftotext not installed: apt-get install poppler-utils)');

describe.skipIf(noPoppler)('briefing check: page fill before a page that holds only the 版记', () => {
  it('does not count the page before a 版记页 underfull when the 版记 would not have fitted there', async () => {
    const report = await checkPdfLayout(fixture('colophon-own-page.pdf'), { template: 'gbt9704' });
    expect(report.measures.pageCount).toBe(3);
    const before = report.measures.pageFill[1];
    expect(before.fill).toBeLessThan(0.8);
    expect(before.colophonPage).toBe(true);
    expect(report.checks.find((c) => c.id === 'page-fill')).toMatchObject({ ok: true });
    expect(report.checks.find((c) => c.id === 'page-fill')?.measured).toContain('版记页');
    expect(report.checks.find((c) => c.id === 'colophon')).toMatchObject({ ok: true });
  });

  it('still fails a page left half empty when the last page holds text as well as the 版记', async () => {
    const report = await checkPdfLayout(fixture('colophon-drags-section.pdf'), { template: 'gbt9704' });
    const before = report.measures.pageFill[1];
    expect(before.fill).toBeLessThan(0.6);
    expect(before.colophonPage).toBeUndefined();
    expect(report.checks.find((c) => c.id === 'page-fill')).toMatchObject({ ok: false, measured: 'page 2: 50%' });
  });

  it('takes no section or quotation rules for a distribution block: a modern briefing without one has no such check to fail', async () => {
    const without = await checkPdfLayout(fixture('modern-no-distribution.pdf'), { template: 'modern' });
    expect(without.measures.colophon).toBeNull();
    expect(without.checks.filter((c) => !c.ok)).toEqual([]);
    const withBlock = await checkPdfLayout(fixture('modern-distribution.pdf'), { template: 'modern' });
    expect(withBlock.measures.colophon).not.toBeNull();
    expect(withBlock.checks.find((c) => c.id === 'colophon')).toMatchObject({ ok: true });
  });
});
