/**
 * The printed layout, measured: real briefings exported to PDF through real
 * Chromium, then read back with two independent instruments — poppler
 * (`pdftotext -bbox`, `pdftohtml -xml`, `pdffonts`, `pdftoppm` pixels) and
 * our own pdfjs reader behind `briefing check` — against GB/T 9704-2012:
 * 天头 37 mm and 订口 28 mm (±1), 版心 156 × 225 mm (±1), 22 lines of 28
 * characters, `— n —` page numbers 7 mm below the 版心 on the outside edge
 * one character in, the 版记 rules on the last page with the last on the
 * bottom edge of the 版心, Chinese punctuation from Chinese faces; and the
 * pagination rules of both templates: no page but the last under 80% full,
 * a citation on the page where its excerpt ends, a comment right after its
 * citation (on its page or opening the next: kept with the citation it would
 * drag the excerpt's last lines along and leave pages short).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officeBriefing } from '../../common/briefing/fixtures/office-briefing';
import { longBriefing } from '../../common/briefing/fixtures/long-briefing';
import { waicBriefing } from '../../common/briefing/fixtures/waic-briefing';
import { buildOutline, type HighlightBlock } from '../../common/briefing/outline';
import type { Briefing, TemplateName } from '../../common/briefing/model';
import { exportBriefing } from './export';
import { checkPdfLayout } from './layout-check';
import { ChromiumPdfPrinter, type PdfPrinter, type PdfPrintOptions } from './pdf';
import { hasCommand, pdfBbox, pdfFonts, pdfPages, pdfRasterRules, pdfSkipReason, pdfTextFonts, squash, type BboxWord } from '../../../tests/support/poppler';

const skip = pdfSkipReason() ?? (hasCommand('pdftohtml') && hasCommand('pdftoppm') ? null : 'poppler-utils (pdftohtml, pdftoppm) not installed');
if (skip) console.log(`SKIPPED: measured layout tests (${skip})`);

const MM = 72 / 25.4;
const article = readFileSync(new URL('../../../resources/rmrb-2023-waic-ai-conference.txt', import.meta.url), 'utf8');

/** A 20-odd page briefing: every paragraph of the article in three sections, with the office's 报/送/发. */
function longOfficeBriefing(): Briefing {
  const b = longBriefing(article, 3);
  b.header.distribution = { ...officeBriefing().header.distribution };
  b.header.copies = 35;
  return b;
}

/** A briefing that fits on one page with its 版记: one short excerpt, sent up only. */
function onePageBriefing(): Briefing {
  const b = officeBriefing();
  b.summary = '';
  b.sections = [{ ...b.sections[3], items: b.sections[3].items.slice(2, 3) }];
  b.header.distribution = { to: '市委、市政府领导同志' };
  delete b.header.copies;
  return b;
}

// ---------------------------------------------------------------------------
// pdftotext -bbox: lines, margins and grid, measured without our own reader.

interface BboxLine {
  page: number;
  top: number;
  bottom: number;
  center: number;
  x0: number;
  x1: number;
  text: string;
}

function bboxLines(words: BboxWord[]): BboxLine[] {
  const lines: BboxLine[] = [];
  const sorted = [...words].sort((a, b) => a.page - b.page || (a.yMin + a.yMax) / 2 - (b.yMin + b.yMax) / 2 || a.xMin - b.xMin);
  for (const w of sorted) {
    const center = (w.yMin + w.yMax) / 2;
    const line = lines.at(-1);
    if (line && line.page === w.page && Math.abs(line.center - center) < 5) {
      line.x0 = Math.min(line.x0, w.xMin);
      line.x1 = Math.max(line.x1, w.xMax);
      line.top = Math.min(line.top, w.yMin);
      line.bottom = Math.max(line.bottom, w.yMax);
      line.text += w.text;
      continue;
    }
    lines.push({ page: w.page, top: w.yMin, bottom: w.yMax, center, x0: w.xMin, x1: w.xMax, text: w.text });
  }
  for (const l of lines) l.center = (l.top + l.bottom) / 2;
  return lines;
}

const IDEOGRAPHS_ONLY = /^[\u3400-\u9fff\u3000-\u303f\uff01-\uff60\u00b7\u2014\u2018\u2019\u201c\u201d\u2026]+$/;

function gridMeasures(pdf: Uint8Array) {
  const { pages, words } = pdfBbox(pdf);
  const lines = bboxLines(words);
  const body = lines.filter((l) => l.center > 30 * MM && l.center < 263 * MM);
  const inner = (p: number) => p > 1 && p < pages.length;
  const perPage = new Map<number, BboxLine[]>();
  for (const l of body) perPage.set(l.page, [...(perPage.get(l.page) ?? []), l]);
  const full = [...perPage.entries()].filter(([p, ls]) => inner(p) && ls.length === 22);
  const pitches = full.map(([, ls]) => (ls[21].center - ls[0].center) / 21);
  const pitch = pitches.reduce((a, b) => a + b, 0) / pitches.length;
  const tops = full.map(([, ls]) => ls[0].center - pitch / 2);
  const left = Math.min(...body.filter((l) => inner(l.page)).map((l) => l.x0));
  const right = Math.max(...body.filter((l) => inner(l.page)).map((l) => l.x1));
  const fullLines = body.filter((l) => Math.abs(l.x0 - left) < 1 && Math.abs(l.x1 - right) < 2 && IDEOGRAPHS_ONLY.test(l.text));
  const counts = new Map<number, number>();
  for (const l of fullLines) counts.set([...l.text].length, (counts.get([...l.text].length) ?? 0) + 1);
  const footer = lines.filter((l) => l.top > 263 * MM);
  return {
    pages,
    pitch,
    top: tops.reduce((a, b) => a + b, 0) / tops.length,
    left,
    right,
    linesPerPage: [...perPage.entries()].filter(([p]) => inner(p)).map(([, ls]) => ls.length),
    charsPerLine: [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0],
    footer,
  };
}

// ---------------------------------------------------------------------------
// Pagination read from the page texts.

/** Every page's text without its page number line, squashed. */
function pageTexts(pdf: Uint8Array): string[] {
  return pdfPages(pdf).map((t) =>
    squash(
      t
        .split('\n')
        .filter((l) => !/^\s*[—-]?\s*\d+\s*(?:[—-]|\/\s*\d+)?\s*$/.test(l))
        .join('\n'),
    ),
  );
}

/** For each excerpt: the pages where its text ends, its citation stands and its comment starts. */
function excerptPages(pdf: Uint8Array, b: Briefing, template: TemplateName) {
  const pages = pageTexts(pdf);
  const starts: number[] = [];
  let all = '';
  for (const p of pages) {
    starts.push(all.length);
    all += p;
  }
  const pageAt = (i: number) => starts.findLastIndex((s) => s <= i) + 1;
  let cursor = 0;
  const out: { id: string; quoteEnds: number; citation: number; note?: number }[] = [];
  for (const block of buildOutline(b, template).blocks.filter((x): x is HighlightBlock => x.kind === 'highlight')) {
    const tail = squash(block.paragraphs.at(-1)!).slice(-12);
    const quoteEnd = all.indexOf(tail, cursor);
    expect(quoteEnd, `end of excerpt ${block.id}`).toBeGreaterThanOrEqual(0);
    const citation = all.indexOf(squash(block.citation), quoteEnd + tail.length);
    expect(citation, `citation of ${block.id}`).toBe(quoteEnd + tail.length);
    cursor = citation + squash(block.citation).length;
    const entry: (typeof out)[number] = { id: block.id, quoteEnds: pageAt(quoteEnd + tail.length - 1), citation: pageAt(citation) };
    if (block.note) {
      const head = squash(block.noteLabel + '：' + block.note.replace(/[*_`#>]|^\s*[-+]\s/gm, '')).slice(0, 10);
      const note = all.indexOf(head, cursor);
      expect(note, `comment of ${block.id}`).toBe(cursor);
      entry.note = pageAt(note);
    }
    out.push(entry);
  }
  return out;
}

describe.skipIf(skip !== null)('printed layout, measured', () => {
  let printer: ChromiumPdfPrinter;
  const pdfs = new Map<string, Uint8Array>();
  const fixtures: Record<string, () => Briefing> = { office: officeBriefing, long: longOfficeBriefing, one: onePageBriefing, waic: waicBriefing };

  beforeAll(async () => {
    printer = new ChromiumPdfPrinter();
    for (const [name, make] of Object.entries(fixtures)) {
      for (const template of ['gbt9704', 'modern'] as const) {
        if (name === 'one' && template === 'modern') continue;
        pdfs.set(`${name}/${template}`, (await exportBriefing(make(), { format: 'pdf', template, printer })).bytes);
      }
    }
  }, 240_000);
  afterAll(() => printer?.close());

  describe.each(['office', 'long'])('GB/T 9704 conformance (%s briefing)', (name) => {
    const pdf = () => pdfs.get(`${name}/gbt9704`)!;

    it('briefing check: every measure within the standard', async () => {
      const report = await checkPdfLayout(pdf(), { template: 'gbt9704' });
      for (const c of report.checks) console.log(`${name}: ${c.ok ? 'ok  ' : 'FAIL'} ${c.label}: ${c.measured}`);
      expect(report.checks.filter((c) => !c.ok)).toEqual([]);
      expect(report.measures.pageCount).toBeGreaterThanOrEqual(name === 'long' ? 20 : 5);
    });

    it('pdftotext -bbox: 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm, 22 lines of 28 characters', () => {
      const g = gridMeasures(pdf());
      expect(Math.abs(g.top / MM - 37)).toBeLessThanOrEqual(1);
      expect(Math.abs(g.left / MM - 28)).toBeLessThanOrEqual(1);
      expect(Math.abs((g.right - g.left) / MM - 156)).toBeLessThanOrEqual(1);
      expect(Math.abs((22 * g.pitch) / MM - 225)).toBeLessThanOrEqual(1);
      expect(Math.max(...g.linesPerPage)).toBe(22);
      expect(g.charsPerLine).toBe(28);
      // And `briefing check` printed the same numbers.
      return checkPdfLayout(pdf(), { template: 'gbt9704' }).then((r) => {
        expect(Math.abs(r.measures.topMargin! - g.top / MM)).toBeLessThan(0.3);
        expect(Math.abs(r.measures.leftMargin! - g.left / MM)).toBeLessThan(0.3);
        expect(Math.abs(r.measures.textBlock.width! - (g.right - g.left) / MM)).toBeLessThan(0.3);
        expect(Math.abs(r.measures.linePitch! - g.pitch)).toBeLessThan(0.1);
      });
    });

    it('pdftotext -bbox: “— n —” in 4号, 7 mm below the 版心, odd pages right and even pages left, one character in', () => {
      const g = gridMeasures(pdf());
      const bottom = g.top + 22 * g.pitch;
      expect(g.footer.map((l) => l.page)).toEqual(g.pages.map((_, i) => i + 1));
      for (const l of g.footer) {
        expect(l.text.replace(/\s/g, '')).toBe(`—${l.page}—`);
        expect(Math.abs((l.top - bottom) / MM - 7), `page ${l.page} below`).toBeLessThanOrEqual(1);
        expect(l.bottom - l.top).toBeCloseTo(14, 0); // 4号 = 14 pt
        const inset = l.page % 2 ? g.right - l.x1 : l.x0 - g.left;
        expect(Math.abs(inset - 14) / MM, `page ${l.page} inset`).toBeLessThanOrEqual(1);
      }
    });

    it('pdftoppm: the 版记 rules on the last page, 0.35 / 0.25 / 0.35 mm, the last on the bottom edge of the 版心', () => {
      const pages = pdfPages(pdf()).length;
      const rules = pdfRasterRules(pdf(), pages, 150);
      expect(rules.length).toBeGreaterThanOrEqual(3);
      const [first, last] = [rules[0], rules.at(-1)!];
      expect(Math.abs(first.thickness - 0.35)).toBeLessThanOrEqual(0.06);
      expect(Math.abs(last.thickness - 0.35)).toBeLessThanOrEqual(0.06);
      for (const r of rules.slice(1, -1)) expect(Math.abs(r.thickness - 0.25)).toBeLessThanOrEqual(0.06);
      expect(Math.abs(last.bottom - 262)).toBeLessThanOrEqual(0.5);
      // The page before carries no such rules: the 版记 is printed once, on the last page.
      expect(pdfRasterRules(pdf(), pages - 1, 150)).toEqual([]);
    });

    it('pdftohtml / pdffonts: Chinese punctuation in Chinese faces, every face embedded', () => {
      const pieces = pdfTextFonts(pdf());
      const cjkFaces = new Set(pieces.filter((p) => /[\u4e00-\u9fff]/.test(p.text)).map((p) => p.font));
      const marks = pieces.filter((p) => /[“”‘’—…·，。、；：]/.test(p.text) && !/^[—\s\d]+$/.test(p.text));
      expect(marks.length).toBeGreaterThan(50);
      for (const p of marks) expect(cjkFaces.has(p.font) || /Sung|Ming|CJK|Hei|Kai|Song|Fang/.test(p.font), `${p.text} in ${p.font}`).toBe(true);
      expect(pdfFonts(pdf()).every((f) => f.embedded)).toBe(true);
    });
  });

  describe.each(['gbt9704', 'modern'] as const)('pagination (%s)', (template) => {
    it.each(['office', 'long', 'waic'])(
      '%s: no page before the last under 80 per cent full; citations stay with their excerpt, comments follow them',
      async (name) => {
        const pdf = pdfs.get(`${name}/${template}`)!;
        const report = await checkPdfLayout(pdf, { template });
        const fill = report.measures.pageFill.slice(0, -1);
        expect(
          fill.filter((p) => p.fill < 0.8),
          'pages under 80% full',
        ).toEqual([]);
        for (const e of excerptPages(pdf, fixtures[name](), template)) {
          expect(e.citation, `citation of ${e.id}`).toBe(e.quoteEnds);
          // Right after its citation in the text (excerptPages checks), so on its page or opening the next.
          if (e.note !== undefined) expect(e.note - e.citation, `comment of ${e.id}`).toBeLessThanOrEqual(1);
        }
        expect(report.checks.find((c) => c.id === 'colophon')?.ok, 'distribution at the foot of the last page').toBe(true);
        expect(report.checks.find((c) => c.id === 'cjk-punctuation')?.ok).toBe(true);
      },
    );
  });

  it('puts the 版记 of a one-page briefing at the foot of that page', async () => {
    const pdf = pdfs.get('one/gbt9704')!;
    expect(pdfPages(pdf)).toHaveLength(1);
    const report = await checkPdfLayout(pdf, { template: 'gbt9704' });
    expect(report.measures.colophon).toMatchObject({ page: 1 });
    expect(Math.abs(report.measures.colophon!.lastRuleOffset)).toBeLessThanOrEqual(0.5);
  });

  it('modern: no stray separator in the byline when the organisation is empty', async () => {
    const b = officeBriefing();
    b.header.organisation = '';
    const pdf = (await exportBriefing(b, { format: 'pdf', template: 'modern', printer })).bytes;
    const first = pdfPages(pdf)[0];
    expect(first).toContain('2023年7月14日');
    expect(first).not.toMatch(/·\s*2023年7月14日/);
  }, 30_000);

  it('a printer that cannot measure (as Electron’s) still gets the 版记 to the foot: the export prints again with the spacer the PDF asks for', async () => {
    const calls: PdfPrintOptions[] = [];
    const blind: PdfPrinter = {
      print: (html, options) => {
        calls.push(options);
        // It ignores the request to measure: only the HTML it is given decides.
        const { pinToFoot: _ignored, ...rest } = options;
        return printer.print(html, rest);
      },
    };
    const pdf = (await exportBriefing(officeBriefing(), { format: 'pdf', template: 'gbt9704', printer: blind })).bytes;
    expect(calls).toHaveLength(2);
    expect(calls[1].pinToFoot?.space).toBeGreaterThan(0);
    const report = await checkPdfLayout(pdf, { template: 'gbt9704' });
    expect(report.checks.find((c) => c.id === 'colophon')).toMatchObject({ ok: true });
  }, 60_000);
});
