/**
 * `briefing check`'s page fill and the exporter's keep rules (`keep-rules.ts`, the one definition
 * the pagination tests use too), on real exports (tests/fixtures/layout-check/, made by
 * make-fixtures.ts): a page the keep rules end early is not failed, a page left short for nothing
 * still is.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPdfLayout } from './layout-check';

const fixture = (name: string) => readFileSync(join(__dirname, '../../../tests/fixtures/layout-check', name));

const noPoppler = spawnSync('pdftotext', ['-v']).error !== undefined;
if (noPoppler) console.log('SKIPPED: briefing check keep-rule tests (pdftotext not installed: apt-get install poppler-utils)');

describe.skipIf(noPoppler)('briefing check: pages the keep rules end early', () => {
  it('a section carried whole to the next page by its heading: page 1 is not underfull', async () => {
    const report = await checkPdfLayout(fixture('heading-carries-section.pdf'), { template: 'gbt9704' });
    const first = report.measures.pageFill[0];
    expect(first.fill).toBeLessThan(0.8);
    expect(first.keptNext).toMatchObject({ what: 'heading' });
    expect(first.keptNext!.lines).toBeGreaterThanOrEqual(3);
    const fill = report.checks.find((c) => c.id === 'page-fill')!;
    expect(fill).toMatchObject({ ok: true });
    expect(fill.measured).toMatch(/page 1: \d+%, the next page opens with a heading/);
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
  });

  it('page 1 at 73 %, its section carried on by a heading with quotation marks in it (their face has no ascent in pdfjs): not underfull', async () => {
    const report = await checkPdfLayout(fixture('heading-quotes.pdf'), { template: 'gbt9704' });
    const first = report.measures.pageFill[0];
    expect(first.fill).toBeLessThan(0.8);
    expect(first.keptNext).toMatchObject({ what: 'heading' });
    expect(report.checks.find((c) => c.id === 'page-fill')).toMatchObject({ ok: true });
    // Every page's first line is measured: none lost to a run without a height.
    for (const p of report.measures.pageFill) expect(Number.isFinite(p.fill), `page ${p.page}`).toBe(true);
  });

  it('the plain briefing with its sections forced onto new pages: page 1 is still underfull', async () => {
    const report = await checkPdfLayout(fixture('forced-break.pdf'), { template: 'gbt9704' });
    const first = report.measures.pageFill[0];
    expect(first.fill).toBeLessThan(0.8);
    expect(first.keptNext).toBeUndefined();
    expect(report.checks.find((c) => c.id === 'page-fill')).toMatchObject({ ok: false });
  });

  it('a page left half empty by a 版记 that dragged its section along still fails', async () => {
    const report = await checkPdfLayout(fixture('colophon-drags-section.pdf'), { template: 'gbt9704' });
    expect(report.measures.pageFill[1].keptNext).toBeUndefined();
    expect(report.checks.find((c) => c.id === 'page-fill')).toMatchObject({ ok: false, measured: 'page 2: 50%' });
  });
});
