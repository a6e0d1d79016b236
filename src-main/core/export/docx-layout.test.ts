/**
 * The Word export matches the PDF: the same elements in the same order, the
 * same labels, the 版记 at the foot of the last page, Chinese punctuation in
 * Chinese faces — checked in the document XML, and, where LibreOffice is
 * installed, by converting the file to PDF and measuring it with the same
 * layout check as the PDF export (`briefing check`).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officeBriefing } from '../../common/briefing/fixtures/office-briefing';
import { buildOutline, type HighlightBlock } from '../../common/briefing/outline';
import type { TemplateName } from '../../common/briefing/model';
import { briefingToDocx } from './docx';
import { exportBriefing } from './export';
import { checkPdfLayout } from './layout-check';
import { ChromiumPdfPrinter } from './pdf';
import { pdfBbox, pdfPages, pdfSkipReason, squash } from '../../../tests/support/poppler';
import { officeProfile, soffice } from '../../../tests/support/office';

/** Points in a millimetre. */
const MM_PT = 72 / 25.4;
import { zipPartText } from '../../../tests/support/zip-part';

/** The text of each paragraph of the body (text boxes included), in order. */
function paragraphs(xml: string): { xml: string; text: string }[] {
  return [...xml.matchAll(/<w:p\b[^>]*>(?:(?!<w:p\b).)*?<\/w:p>/gs)].map((m) => ({
    xml: m[0],
    text: [...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''),
  }));
}

describe('Word export, read as XML', () => {
  const docs = new Map<TemplateName, string>();
  const styles = new Map<TemplateName, string>();
  beforeAll(async () => {
    for (const template of ['gbt9704', 'modern'] as const) {
      const bytes = await briefingToDocx(officeBriefing(), { template });
      docs.set(template, zipPartText(bytes, 'word/document.xml'));
      styles.set(template, zipPartText(bytes, 'word/styles.xml'));
    }
  });

  it.each(['gbt9704', 'modern'] as const)('%s: labels every comment, says 同上 where the PDF does, keeps the source with its date', (template) => {
    const text = paragraphs(docs.get(template)!).map((p) => p.text);
    const blocks = buildOutline(officeBriefing(), template).blocks.filter((b): b is HighlightBlock => b.kind === 'highlight');
    const citations = text.filter((t) => t.startsWith('——'));
    expect(citations).toEqual(blocks.map((b) => b.citation));
    for (const b of blocks.filter((x) => x.note)) {
      const head = b.note.replace(/\*\*/g, '').split('\n')[0].slice(0, 12);
      expect(
        text.some((t) => t.startsWith(`${b.noteLabel}：${head}`)),
        `comment ${b.id}`,
      ).toBe(true);
    }
    // The comment with a list keeps its list: three bullet paragraphs after the labelled lead.
    expect(text.filter((t) => /^(资源配置|科技创新|产业引领)：/.test(t))).toHaveLength(3);
  });

  it('gbt9704: a citation too long for one line breaks before its source, never inside the source and date', () => {
    const xml = docs.get('gbt9704')!;
    const long = paragraphs(xml).find((p) => p.text.startsWith('——《推动32个重大产业项目签约'))!;
    expect(long.xml).toMatch(/<w:br\/><w:t[^>]*>新华社，2023年7月8日<\/w:t>|<w:br\/><w:t[^>]*>中国政府网，2023年7月10日<\/w:t>/);
    const short = paragraphs(xml).find((p) => p.text.startsWith('——《世界人工智能大会磁场效应显现》'))!;
    expect(short.xml).not.toContain('<w:br/>');
  });

  it.each(['gbt9704', 'modern'] as const)('%s: sets “ ” ‘ ’ — … · of Chinese text in the paragraph’s Chinese face, for every script slot', (template) => {
    const runs = [...docs.get(template)!.matchAll(/<w:r>(?:(?!<w:r>).)*?<\/w:r>/gs)].map((m) => m[0]);
    const marks = runs.filter((r) => /<w:t[^>]*>[^<]*[“”‘’—…·][^<]*<\/w:t>/.test(r) && !/PAGE/.test(r));
    expect(marks.length).toBeGreaterThan(20);
    for (const r of marks) {
      const fonts = /<w:rFonts ([^>]*)\/>/.exec(r)?.[1] ?? '';
      const face = /w:eastAsia="([^"]+)"/.exec(fonts)?.[1];
      expect(face, r).toMatch(/仿宋|楷体|黑体|宋体|微软雅黑|方正小标宋简体/);
      expect(fonts).toContain(`w:ascii="${face}"`);
      expect(fonts).toContain(`w:hAnsi="${face}"`);
      expect(fonts).toContain('w:hint="eastAsia"');
    }
    // The styles send ambiguous marks to the East Asian face too (Word's w:hint).
    expect(styles.get(template)!).toMatch(/<w:style [^>]*w:styleId="Normal".*?w:hint="eastAsia"/s);
  });

  it('gbt9704: the 版记 is a box bottom-aligned to the text block, anchored in the last paragraph, its rules thick / thin / thick', () => {
    const all = paragraphs(docs.get('gbt9704')!);
    const last = docs.get('gbt9704')!.lastIndexOf('<v:shape');
    expect(last).toBeGreaterThan(0);
    const shape = docs.get('gbt9704')!.slice(last);
    expect(shape).toMatch(/mso-position-vertical:bottom;mso-position-vertical-relative:margin/);
    expect(shape).toContain('stroked="f"');
    // Its anchor paragraph has space before it as tall as the box: the room it stands in, which no text enters.
    const height = Number(/height:([\d.]+)pt/.exec(shape)![1]);
    const anchor = docs.get('gbt9704')!.slice(docs.get('gbt9704')!.lastIndexOf('<w:p>', last), last);
    expect(Number(/<w:spacing [^>]*w:before="(\d+)"/.exec(anchor)![1]) / 20).toBeCloseTo(height, 1);
    // Five rows of one line each at 4号 (the 送 row just fits): five lines of the 28.95 pt pitch and the rules.
    expect(height).toBeCloseTo((5 * 579 + 60) / 20, 1);
    expect(shape).toContain('inset="0,0,0,0"');
    expect(shape).toMatch(/<w:tblBorders><w:top w:val="single" w:color="000000" w:sz="8"\/>/);
    expect([...shape.matchAll(/<w:tcBorders><w:top w:val="single" w:color="000000" w:sz="(\d)"/g)].map((m) => m[1])).toEqual(['8', '6', '6', '6']);
    expect(shape).toContain('w:bottom w:val="single" w:color="000000" w:sz="8"');
    const rows = paragraphs(shape)
      .map((p) => p.text.replace(/\t/g, ''))
      .filter(Boolean);
    expect(rows).toEqual([
      '报：市委、市政府领导同志',
      '送：市发展改革委、市经济信息化委、市科委、市统计局',
      '发：各区发展改革部门，中心各处室',
      '共印60份',
      '市发展研究中心产业研究所2023年7月14日印发',
    ]);
    // Nothing of the document comes after it.
    expect(shape.slice(shape.indexOf('</v:shape>'))).not.toMatch(/<w:t[ >]/);
    expect(all.length).toBeGreaterThan(40);
  });

  it('gbt9704: 28 characters a line (0.25 pt tracking), widow control, no hanging punctuation, page numbers one exact 4号 line', () => {
    const xml = docs.get('gbt9704')!;
    expect(styles.get('gbt9704')!).toMatch(/w:styleId="Normal".*?<w:spacing w:val="-5"\/>/s);
    for (const p of paragraphs(xml).filter((x) => x.text.length > 10)) {
      expect(p.xml, p.text).toContain('<w:widowControl/>');
      expect(p.xml, p.text).not.toContain('<w:overflowPunct/>');
    }
  });
});

// ---------------------------------------------------------------------------
// LibreOffice: the Word file converted to PDF and measured.

const office = soffice();
const noOffice = office ? pdfSkipReason() : 'LibreOffice not installed (apt-get install -y libreoffice-writer-nogui)';
if (noOffice) console.log(`SKIPPED: Word export measured through LibreOffice (${noOffice})`);

describe.skipIf(noOffice !== null)('Word export through LibreOffice, measured like the PDF', () => {
  let dir: string;
  let printer: ChromiumPdfPrinter;
  const converted = new Map<TemplateName, Uint8Array>();
  const printed = new Map<TemplateName, Uint8Array>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bd-lo-'));
    const profile = officeProfile(dir);
    printer = new ChromiumPdfPrinter();
    for (const template of ['gbt9704', 'modern'] as const) {
      writeFileSync(join(dir, `${template}.docx`), await briefingToDocx(officeBriefing(), { template }));
      printed.set(template, (await exportBriefing(officeBriefing(), { format: 'pdf', template, printer })).bytes);
    }
    execFileSync(
      office!,
      [
        '--headless',
        '--norestore',
        `-env:UserInstallation=${profile}`,
        '--convert-to',
        'pdf',
        '--outdir',
        dir,
        join(dir, 'gbt9704.docx'),
        join(dir, 'modern.docx'),
      ],
      {
        stdio: 'ignore',
        timeout: 120_000,
      },
    );
    for (const template of ['gbt9704', 'modern'] as const) converted.set(template, new Uint8Array(readFileSync(join(dir, `${template}.pdf`))));
  }, 180_000);
  afterAll(async () => {
    await printer?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('gbt9704: the GB/T 9704 page — margins, 版心, 22 × 28 grid, page numbers, punctuation faces — as in the PDF', async () => {
    const report = await checkPdfLayout(converted.get('gbt9704')!, { template: 'gbt9704' });
    for (const c of report.checks) console.log(`LibreOffice: ${c.ok ? 'ok  ' : 'FAIL'} ${c.label}: ${c.measured}`);
    const must = ['page-size', 'top-margin', 'left-margin', 'text-block', 'lines-per-page', 'chars-per-line', 'page-numbers', 'cjk-punctuation'];
    expect(report.checks.filter((c) => must.includes(c.id) && !c.ok)).toEqual([]);
  });

  it.each(['gbt9704', 'modern'] as const)(
    '%s: the 版记 at the foot of the last page, below every line of text, with the rules of the PDF',
    async (template) => {
      const report = await checkPdfLayout(converted.get(template)!, { template });
      const colophon = report.measures.colophon!;
      expect(colophon.page).toBe(report.measures.pageCount);
      // Word aligns the box's bottom with the text block's; LibreOffice 7.4 leaves its text-box inset (≈ 4 mm) below it.
      expect(colophon.lastRuleOffset).toBeGreaterThanOrEqual(-0.5);
      expect(colophon.lastRuleOffset).toBeLessThanOrEqual(4.5);
      if (template === 'gbt9704') {
        const t = colophon.rules.map((r) => r.thickness);
        expect(Math.abs(t[0] - 0.35)).toBeLessThanOrEqual(0.05);
        expect(Math.abs(t.at(-1)! - 0.35)).toBeLessThanOrEqual(0.05);
        for (const m of t.slice(1, -1)) expect(Math.abs(m - 0.26)).toBeLessThanOrEqual(0.05);
      }
      const lastPage = pdfPages(converted.get(template)!).at(-1)!;
      const lines = lastPage
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      // The page number aside, the 印发 line (gbt9704) or the copies line (modern) is the last text on the page.
      const end = lines.filter((l) => !/^—?\s*\d+\s*(—|\/\s*\d+)?$/.test(l)).at(-1)!;
      expect(squash(end)).toMatch(template === 'gbt9704' ? /2023年7月14日印发$/ : /共印60份$/);
    },
  );

  // The last page filled a little more each time, so that in some the text reaches the foot where
  // the 版记 stands: no line of text may lie under it (it overprinted the last comment before).
  it('gbt9704: however full the last page, no line of text lies under the 版记', () => {
    const fills = [0, 3, 6, 9, 12, 15, 18, 21];
    const variantDir = join(dir, 'fills');
    mkdirSync(variantDir, { recursive: true });
    return (async () => {
      for (const k of fills) {
        const b = officeBriefing();
        const extra = Array.from({ length: k }, (_, i) => `补充说明第${i + 1}条：有关数据以统计部门正式发布为准。`).join('\n\n');
        if (k) b.sections.at(-1)!.items.push({ kind: 'markdown', id: `i-fill-${k}`, markdown: extra });
        writeFileSync(join(variantDir, `fill-${k}.docx`), await briefingToDocx(b, { template: 'gbt9704' }));
      }
      execFileSync(
        office!,
        [
          '--headless',
          '--norestore',
          `-env:UserInstallation=${officeProfile(join(dir, 'p2'))}`,
          '--convert-to',
          'pdf',
          '--outdir',
          variantDir,
          ...fills.map((k) => join(variantDir, `fill-${k}.docx`)),
        ],
        { stdio: 'ignore', timeout: 240_000 },
      );
      const seen: string[] = [];
      for (const k of fills) {
        const pdf = new Uint8Array(readFileSync(join(variantDir, `fill-${k}.pdf`)));
        const report = await checkPdfLayout(pdf, { template: 'gbt9704' });
        const colophon = report.measures.colophon!;
        expect(colophon.page, `fill ${k}`).toBe(report.measures.pageCount);
        const firstRule = colophon.rules[0].top;
        const { words } = pdfBbox(pdf);
        const last = words.filter((w) => w.page === report.measures.pageCount && w.yMin / MM_PT < 262);
        // Under the first rule: the 版记's rows and nothing else.
        const under = last
          .filter((w) => w.yMax / MM_PT > firstRule + 0.5)
          .sort((a, b) => a.yMin - b.yMin || a.xMin - b.xMin)
          .map((w) => w.text)
          .join('');
        const above = last.filter((w) => w.yMax / MM_PT <= firstRule + 0.5).map((w) => w.yMax / MM_PT);
        seen.push(
          `fill ${k}: ${report.measures.pageCount} pages, first rule at ${firstRule.toFixed(1)} mm, lowest text above it at ${Math.max(...above).toFixed(1)} mm`,
        );
        expect(squash(under), `fill ${k}: text under the 版记`).toBe(
          squash(
            '报：市委、市政府领导同志送：市发展改革委、市经济信息化委、市科委、市统计局发：各区发展改革部门，中心各处室共印60份市发展研究中心产业研究所2023年7月14日印发',
          ),
        );
      }
      console.log(seen.join('\n'));
    })();
  }, 300_000);

  it.each(['gbt9704', 'modern'] as const)('%s: the same elements in the same order as the PDF', (template) => {
    const outline = buildOutline(officeBriefing(), template);
    const pieces: string[] = [];
    for (const b of outline.blocks) {
      if (b.kind === 'masthead') pieces.push(b.publicationName, b.title);
      if (b.kind === 'summary') pieces.push(b.label);
      if (b.kind === 'section-heading') pieces.push(b.number + b.text);
      if (b.kind === 'highlight') {
        pieces.push(b.paragraphs[0].slice(0, 14), b.citation);
        if (b.note) pieces.push(`${b.noteLabel}：${b.note.replace(/\*\*/g, '').slice(0, 8)}`);
      }
      if (b.kind === 'sources') pieces.push(b.label, ...b.entries.map((e) => e.text.slice(0, 14)));
      if (b.kind === 'distribution')
        pieces.push(...b.lines.map((l) => `${l.label}：${l.text}`), ...(b.copies ? [b.copies] : []), ...(b.issued ? [b.issued] : []));
    }
    const text = (pdf: Uint8Array) =>
      squash(
        pdfPages(pdf)
          .map((p) =>
            p
              .split('\n')
              .filter((l) => !/^\s*(—\s*\d+\s*—|\d+\s*\/\s*\d+)\s*$/.test(l))
              .join('\n'),
          )
          .join(''),
      );
    for (const [name, pdf] of [
      ['PDF', printed.get(template)!],
      ['Word (LibreOffice)', converted.get(template)!],
    ] as const) {
      const all = text(pdf);
      let at = 0;
      for (const piece of pieces.map(squash)) {
        const found = all.indexOf(piece, at);
        expect(found, `${name} lacks or reorders “${piece}”`).toBeGreaterThanOrEqual(0);
        at = found + piece.length;
      }
    }
  });
});
