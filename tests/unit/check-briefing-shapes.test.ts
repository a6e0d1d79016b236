/**
 * `briefing check` judges the page, not the words on it: briefings of many
 * shapes, printed by the exporter, pass — citation lines that open with
 * “——” (——同上, ——《…》, ——Reuters), an analyst's note reading “—3—”,
 * excerpts running across pages, long 按 comments, English text, one page
 * and many, both templates — and a page that is wrong (text moved off the
 * margins, page numbers missing or set inside the 版心) still fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BRIEFING_SCHEMA_VERSION, type Briefing, type HighlightItem, type Item, type TemplateName } from '../../src-main/common/briefing/model';
import { exportBriefing } from '../../src-main/core/export/export';
import { checkMeasures, checkPdfLayout, measureLayout } from '../../src-main/core/export/layout-check';
import { ChromiumPdfPrinter } from '../../src-main/core/export/pdf';
import { mm, readPdfGeometry, type PdfGeometry, type PdfTextRun } from '../../src-main/core/export/pdf-geometry';
import { pdfSkipReason } from '../support/poppler';

const skip = pdfSkipReason();
if (skip) console.log(`SKIPPED: briefing check over briefings of many shapes (${skip})`);

const PARAGRAPH =
  '近年来，各地区各部门认真贯彻落实党中央、国务院决策部署，持续推进数字基础设施建设，算力总规模稳步增长，数据要素市场化配置改革不断深化，数字技术与实体经济融合取得积极进展。';

let n = 0;
function excerpt(quote: string, note: string, citation: HighlightItem['citation']): HighlightItem {
  n += 1;
  return { kind: 'highlight', id: `i-shape-${n}`, annotationId: `a-shape-${n}`, articleId: `art-${n}`, quote, note, citation };
}

const GOV = { source: '国务院办公厅', title: '国务院办公厅关于加快推进算力基础设施高质量发展的通知', published: '2025-06-04' };
const XINHUA = { source: '新华社', title: '我国数字经济规模突破55万亿元', published: '2025-05-20' };
const REUTERS = { source: 'Reuters', title: 'EU Adopts AI Act Implementation Guidelines for General-Purpose Models', published: '2025-05-14' };

function briefing(id: string, sections: { heading: string; items: Item[] }[]): Briefing {
  return {
    schemaVersion: BRIEFING_SCHEMA_VERSION,
    id,
    header: {
      title: '算力与数据要素动态',
      organisation: '国家数据战略研究室',
      issueNumber: 7,
      date: '2026-03-01',
      classification: '内部资料　注意保存',
      publicationName: '算力动态',
      distribution: { to: '委领导', cc: '各司局，各直属单位', issuedTo: '本室各处' },
    },
    summary: '',
    sections: sections.map((s, i) => ({ id: `s-${id}-${i}`, ...s })),
    created: '2026-03-01T08:00:00.000Z',
    modified: '2026-03-01T09:00:00.000Z',
    template: 'gbt9704',
  };
}

/** The shapes: each differs from the others in what opens its lines and how its pages break. */
function shapes(): Record<string, Briefing> {
  n = 0;
  const many = (count: number, make: (i: number) => Item[]) => Array.from({ length: count }, (_, i) => make(i)).flat();
  return {
    // One page: a single excerpt under its citation, cited again ——同上.
    'one page': briefing('one', [
      { heading: '算力布局', items: [excerpt(PARAGRAPH.slice(0, 40), '', GOV), excerpt('引导东部地区数据向西部枢纽有序迁移。', '—3—', GOV)] },
    ]),
    // Many pages of ——同上: the same source cited under every excerpt, each with a two-line 按.
    'same source, 按 notes': briefing('same', [
      {
        heading: '同一来源的连续摘编',
        items: many(26, (i) => [
          excerpt(
            `第${i + 1}段。${PARAGRAPH.slice(0, 30 + (i % 4) * 9)}`,
            `第${i + 1}段批注：这是一条较长的分析意见，用于检验跨页排版、引文与按语的衔接是否正确。`,
            GOV,
          ),
        ]),
      },
    ]),
    // Long excerpts running across pages, alternating sources (no ——同上), English among them.
    'long excerpts, English': briefing('long', [
      ...['一', '二', '三'].map((k, s) => ({
        heading: `专题${k}`,
        items: many(4, (i) => [
          excerpt(PARAGRAPH.repeat(3 + ((i + s) % 3)), i % 2 ? '—12—' : '按语之后的说明，另起一行也不应被当作页码。', i % 2 ? XINHUA : GOV),
          excerpt(
            'The guidelines set out how providers of general-purpose models document training data, assess systemic risk and report serious incidents; compliance costs could reach EUR 400 million annually.',
            'Verify the EUR 400m figure — source?',
            REUTERS,
          ),
        ]),
      })),
    ]),
  };
}

describe('briefing check over briefings of many shapes', () => {
  const pdfs = new Map<string, Uint8Array>();

  beforeAll(async () => {
    if (skip) return;
    const printer = new ChromiumPdfPrinter();
    try {
      for (const [name, b] of Object.entries(shapes()))
        for (const template of ['gbt9704', 'modern'] as const)
          pdfs.set(`${name}/${template}`, (await exportBriefing(b, { format: 'pdf', template, printer })).bytes);
    } finally {
      await printer.close();
    }
  }, 300_000);
  afterAll(() => pdfs.clear());

  for (const name of ['one page', 'same source, 按 notes', 'long excerpts, English'])
    for (const template of ['gbt9704', 'modern'] as TemplateName[])
      it.skipIf(skip !== null)(`${name} (${template}): every check passes`, async () => {
        const report = await checkPdfLayout(pdfs.get(`${name}/${template}`)!, { template });
        // How full the pages are is the exporter's pagination, not what the checker reads: left out here.
        const failed = report.checks.filter((c) => !c.ok && c.id !== 'page-fill').map((c) => `${c.id}: ${c.measured}`);
        expect(failed).toEqual([]);
        if (template === 'gbt9704') {
          const m = report.measures;
          // Every page numbered by its own number, never by a citation's “——” or a note's “—3—”.
          expect(m.pageNumbers.map((p) => p.text)).toEqual(Array.from({ length: m.pageCount }, (_, i) => `—${i + 1}—`));
          if (m.pageCount >= 3) {
            expect(report.checks.some((c) => c.notMeasured)).toBe(false);
            expect(m).toMatchObject({ linesPerFullPage: 22, charsPerFullLine: 28 });
            expect(Math.abs(m.leftMargin! - 28)).toBeLessThanOrEqual(1);
          }
        }
      });

  it.skipIf(skip !== null)('the shapes are what they claim: one page, and six or more', async () => {
    expect((await readPdfGeometry(pdfs.get('one page/modern')!)).pageCount).toBe(1);
    expect((await readPdfGeometry(pdfs.get('same source, 按 notes/gbt9704')!)).pageCount).toBeGreaterThanOrEqual(6);
    expect((await readPdfGeometry(pdfs.get('long excerpts, English/gbt9704')!)).pageCount).toBeGreaterThanOrEqual(6);
  });

  /** The pages of a good PDF, changed as a faulty exporter would have printed them. */
  async function wrong(change: (g: PdfGeometry) => void) {
    const g = await readPdfGeometry(pdfs.get('same source, 按 notes/gbt9704')!);
    change(g);
    const report = checkMeasures(measureLayout(g, 'gbt9704'), 'gbt9704');
    return { report, failed: report.checks.filter((c) => !c.ok).map((c) => c.id) };
  }
  /** Runs in the band below the 版心 (262 mm): the page numbers. */
  const inFooter = (r: PdfTextRun) => r.top > mm(265);

  it.skipIf(skip !== null)('still fails a wrong page: text moved 6 mm right, page numbers missing, numbers inside the 版心', async () => {
    const shifted = await wrong((g) => g.pages.forEach((p) => p.runs.forEach((r) => !inFooter(r) && (r.x += mm(6)))));
    expect(shifted.report.ok).toBe(false);
    expect(shifted.failed).toContain('left-margin');

    const unnumbered = await wrong((g) => g.pages.forEach((p) => (p.runs = p.runs.filter((r) => !inFooter(r)))));
    expect(unnumbered.failed).toContain('page-numbers');
    expect(unnumbered.failed).not.toContain('left-margin');

    // Numbers set 12 mm higher, inside the 版心: not found where a page number stands.
    const raised = await wrong((g) =>
      g.pages.forEach((p) => p.runs.filter(inFooter).forEach((r) => ((r.baseline -= mm(12)), (r.top -= mm(12)), (r.bottom -= mm(12))))),
    );
    expect(raised.failed).toContain('page-numbers');

    // Pages of 20 lines: the two lowest lines of every page gone, with nothing kept together to explain it.
    const short = await wrong((g) =>
      g.pages.slice(1, -1).forEach((p) => {
        const baselines = [...new Set(p.runs.filter((r) => !inFooter(r)).map((r) => Math.round(r.baseline)))].sort((a, b) => a - b);
        const cut = baselines.at(-2)!;
        p.runs = p.runs.filter((r) => inFooter(r) || Math.round(r.baseline) < cut - 1);
        if (p.number > 2) p.runs = p.runs.filter((r) => inFooter(r) || !/^——/.test(r.text));
      }),
    );
    expect(short.report.ok).toBe(false);
  });
});
