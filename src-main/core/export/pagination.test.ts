/**
 * Page breaking, measured on many briefings nobody wrote by hand: a seeded
 * generator varies the number of excerpts (1–12), their length (a line to a
 * page), sections, comments (none, one line, several paragraphs), summary,
 * sources list, 版记 and language (Chinese and English), and every briefing is
 * exported to PDF by the real exporter through real Chromium in both
 * templates, then read back with poppler (`pdftotext -bbox`), independently of
 * our own PDF reader. The rules, for every page but the last:
 *
 * - it is at least 80% full, unless what starts the next page could not have
 *   stood at its foot by the exporter's keep rules (`keep-rules.ts`, the same
 *   definition `briefing check` uses): a heading with the two lines it keeps
 *   (and a citation they reach), an excerpt's last lines with their citation,
 *   or the 版记 on a page of its own, taller than the room left;
 * - it does not end with a heading;
 * and the 版记 ends on the bottom edge of the page area of the last page.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Briefing, TemplateName } from '../../common/briefing/model';
import { buildOutline } from '../../common/briefing/outline';
import { dataPolicyBriefing, generatedBriefing, headingCarriesSection } from './testing/generated-briefings';
import { exportBriefing } from './export';
import { checkPdfLayout } from './layout-check';
import { earlyEndByRule, keptOpening, tiledLineBoxes, type KeepLine } from './keep-rules';
import { readPdfGeometry } from './pdf-geometry';
import { pageArea, TEMPLATE_PAGES } from './page-geometry';
import { ChromiumPdfPrinter } from './pdf';
import { pdfBbox, pdfPages, pdfRasterRules, pdfSkipReason, squash, type BboxWord } from '../../../tests/support/poppler';

const skip = pdfSkipReason();
if (skip) console.log(`SKIPPED: pagination tests (${skip})`);

const MM = 72 / 25.4;

interface Line {
  page: number;
  top: number;
  bottom: number;
  text: string;
}

function linesOf(words: BboxWord[]): Line[] {
  const lines: (Line & { words: BboxWord[] })[] = [];
  const sorted = [...words].sort((a, b) => a.page - b.page || (a.yMin + a.yMax) / 2 - (b.yMin + b.yMax) / 2 || a.xMin - b.xMin);
  for (const w of sorted) {
    const line = lines.at(-1);
    // One line: boxes that overlap by half the smaller height (a punctuation face's box sits a little higher).
    const overlap = line ? Math.min(line.bottom, w.yMax) - Math.max(line.top, w.yMin) : 0;
    if (line && line.page === w.page && overlap >= 0.5 * Math.min(line.bottom - line.top, w.yMax - w.yMin)) {
      line.top = Math.min(line.top, w.yMin);
      line.bottom = Math.max(line.bottom, w.yMax);
      line.words.push(w);
      continue;
    }
    lines.push({ page: w.page, top: w.yMin, bottom: w.yMax, text: '', words: [w] });
  }
  for (const l of lines)
    l.text = l.words
      .sort((a, b) => a.xMin - b.xMin)
      .map((w) => w.text)
      .join('');
  return lines;
}

export interface PageBreakFault {
  page: number;
  fault: string;
}

/**
 * The page-breaking faults of a printed briefing (see the top of this file). Lines are read with
 * `pdftotext -bbox`; headings are known by their text from the outline, the 版记 by its labels.
 */
export function pageBreakFaults(pdf: Uint8Array, b: Briefing, template: TemplateName): PageBreakFault[] {
  const area = pageArea(TEMPLATE_PAGES[template]);
  const top = area.top * MM;
  const bottom = (area.top + area.height) * MM;
  const { pages, words } = pdfBbox(pdf);
  const lines = linesOf(words).filter((l) => (l.top + l.bottom) / 2 > top - 8 * MM && (l.top + l.bottom) / 2 < bottom + 1);
  const outline = buildOutline(b, template);
  const headings = outline.blocks
    .filter((x) => x.kind === 'section-heading' || x.kind === 'sources')
    .map((x) => squash(x.kind === 'section-heading' ? `${x.number ?? ''}${x.text}` : x.label));
  const citations = outline.blocks.flatMap((x) => (x.kind === 'highlight' ? [squash(x.citation)] : []));
  const colophonLabels = outline.blocks.flatMap((x) => (x.kind === 'distribution' ? x.lines.map((l) => squash(l.label)) : []));
  /** How many lines from `i` on make up one of `texts` (0: none starts there). */
  const textAt = (texts: string[], ls: Line[], i: number) => {
    for (const h of texts) {
      let acc = '';
      let n = 0;
      while (i + n < ls.length && h.startsWith(acc + squash(ls[i + n].text)) && acc.length < h.length) acc += squash(ls[i + n++].text);
      if (n && acc === h) return n;
    }
    return 0;
  };
  const headingAt = (ls: Line[], i: number) => textAt(headings, ls, i);
  const isColophon = (l: Line) => colophonLabels.some((label) => squash(l.text).startsWith(label));
  const faults: PageBreakFault[] = [];
  for (let p = 1; p < pages.length; p++) {
    const own = lines.filter((l) => l.page === p);
    const next = lines.filter((l) => l.page === p + 1);
    const last = own.at(-1);
    if (!last) {
      faults.push({ page: p, fault: 'blank page' });
      continue;
    }
    for (let i = Math.max(0, own.length - 3); i < own.length; i++) {
      const n = headingAt(own, i);
      if (n && i + n === own.length) faults.push({ page: p, fault: `ends with the heading “${squash(own[i].text)}”` });
    }
    const room = bottom - last.bottom;
    const fill = 1 - room / (bottom - top);
    if (fill >= 0.8) continue;
    // The keep rules measure line boxes: the glyph boxes widened to hold their leading.
    const ownBoxes = tiledLineBoxes(own);
    const nextBoxes = tiledLineBoxes(next);
    // What opens the next page, by the exporter's keep rules (keep-rules.ts, which `briefing check` uses too).
    const roles: KeepLine['role'][] = next.map(() => 'text');
    for (let i = 0; i < next.length;) {
      const n = headingAt(next, i) || textAt(citations, next, i);
      if (n) {
        roles.fill(headingAt(next, i) ? 'heading' : 'citation', i, i + n);
        i += n;
      } else if (isColophon(next[i])) {
        roles.fill('colophon', i);
        break;
      } else i++;
    }
    // The 版记's first rule lies a little above its first line.
    const keep = next.map((l, i) => ({
      ...(roles[i] === 'colophon' && roles[i - 1] !== 'colophon' ? { top: l.top - 3 * MM, bottom: nextBoxes[i].bottom } : nextBoxes[i]),
      role: roles[i],
    }));
    if (earlyEndByRule(bottom - ownBoxes.at(-1)!.bottom, keep, bottom)) continue;
    const opening = keptOpening(keep, bottom);
    faults.push({
      page: p,
      fault: `${Math.round(fill * 100)}% full: ${(room / MM).toFixed(1)} mm left, next page opens with ${opening ? `${opening.what} “${squash(next[0].text)}” (${opening.lines} lines, ${(opening.height / MM).toFixed(1)} mm)` : 'nothing'}`,
    });
  }
  return faults;
}

/** `briefing check`'s page-fill check of a PDF (its measures with it, to read in a failure). */
async function pageFillCheck(pdf: Uint8Array, template: TemplateName) {
  const report = await checkPdfLayout(pdf, { template });
  return { ...report.checks.find((c) => c.id === 'page-fill'), pageFill: report.measures.pageFill };
}

describe.skipIf(skip !== null)('page breaking of generated briefings (real Chromium, poppler)', () => {
  let printer: ChromiumPdfPrinter;
  beforeAll(() => {
    printer = new ChromiumPdfPrinter();
  });
  afterAll(() => printer?.close());

  const seeds = (process.env.BD_PAGINATION_SEEDS ?? '1-10').split(',').flatMap((part) => {
    const [a, z] = part.split('-').map(Number);
    return Array.from({ length: (z ?? a) - a + 1 }, (_, i) => a + i);
  });
  const cases = seeds.flatMap((seed) =>
    (['gbt9704', 'modern'] as const).map((template) => ({ seed, template, language: (seed % 3 === 0 ? 'en' : 'zh') as 'zh' | 'en' })),
  );

  /** The cases the lead and a fresh-user test found, each in its template, beside the generated ones. */
  const found = [
    // A section carried whole to page 2 by its heading's keep rules: page 1 ends at 78 %, by the rules.
    { name: '2 sections, heading carries its section, gbt9704', template: 'gbt9704' as const, make: headingCarriesSection },
    { name: '3 sections (5 excerpts), gbt9704', template: 'gbt9704' as const, make: () => dataPolicyBriefing(5) },
    {
      name: '2 excerpts and a sources list, gbt9704',
      template: 'gbt9704' as const,
      make: () => ({ ...dataPolicyBriefing(2), header: { ...dataPolicyBriefing(2).header, sourcesList: true } }),
    },
    {
      name: 'one excerpt, sources and 版记, modern',
      template: 'modern' as const,
      make: () => ({ ...dataPolicyBriefing(1), header: { ...dataPolicyBriefing(1).header, sourcesList: true } }),
    },
    {
      name: '3 sections, sources, modern',
      template: 'modern' as const,
      make: () => ({ ...dataPolicyBriefing(5), header: { ...dataPolicyBriefing(5).header, sourcesList: true } }),
    },
  ];
  it.each(found)(
    '$name: pages filled, 版记 on the foot',
    async ({ name, template, make }) => {
      const briefing = make();
      const pdf = (await exportBriefing(briefing, { format: 'pdf', template, printer })).bytes;
      if (process.env.BD_PAGINATION_OUT) writeFileSync(`${process.env.BD_PAGINATION_OUT}/${name.replace(/\W+/g, '-')}.pdf`, pdf);
      const faults = pageBreakFaults(pdf, briefing, template);
      const last = pdfPages(pdf).length;
      const rules = pdfRasterRules(pdf, last, TEMPLATE_PAGES[template].width - 60, 300, template === 'modern' ? 240 : 128);
      const foot = pageArea(TEMPLATE_PAGES[template]);
      expect(faults, name).toEqual([]);
      expect(Math.abs(foot.top + foot.height - rules.at(-1)!.bottom), name).toBeLessThanOrEqual(0.5);
      // The exporter's own check agrees: no page failed for ending where the keep rules end it.
      expect(await pageFillCheck(pdf, template), name).toMatchObject({ ok: true });
    },
    60_000,
  );

  it.each(cases)(
    'seed $seed, $template, $language: pages filled, no heading at a foot, 版记 on the foot',
    async ({ seed, template, language }) => {
      const { briefing, label } = generatedBriefing(seed, language);
      const pdf = (await exportBriefing(briefing, { format: 'pdf', template, printer })).bytes;
      if (process.env.BD_PAGINATION_OUT) writeFileSync(`${process.env.BD_PAGINATION_OUT}/${template}-${seed}.pdf`, pdf);
      const faults = pageBreakFaults(pdf, briefing, template);
      if (briefing.header.distribution) {
        // The 版记's last rule on the bottom edge of the page area of the last page, read from the pixels.
        const last = pdfPages(pdf).length;
        // (The modern template's rules are a light grey.)
        const rules = pdfRasterRules(pdf, last, TEMPLATE_PAGES[template].width - 60, 300, template === 'modern' ? 240 : 128);
        const foot = pageArea(TEMPLATE_PAGES[template]);
        const offset = rules.length ? foot.top + foot.height - rules.at(-1)!.bottom : null;
        if (offset === null || Math.abs(offset) > 0.5)
          faults.push({ page: last, fault: `版记's last rule ${offset === null ? 'missing' : `${offset.toFixed(2)} mm above the foot`}` });
      }
      if (faults.length) console.log(`${template} ${label}\n  ${faults.map((f) => `page ${f.page}: ${f.fault}`).join('\n  ')}`);
      expect(faults, label).toEqual([]);
      // `briefing check` judges the pages by the same keep rules, and passes what this test passes.
      expect(await pageFillCheck(pdf, template), label).toMatchObject({ ok: true });
    },
    60_000,
  );
});

describe.skipIf(skip !== null)('briefing check on briefings with no full page between the first and the last', () => {
  let printer: ChromiumPdfPrinter;
  beforeAll(() => {
    printer = new ChromiumPdfPrinter();
  });
  afterAll(() => printer?.close());

  // Three pages whose middle one ends where the text does: the grid cannot be counted, so it is
  // measured from the line pitch and the top of the 版心 (before, the short page was taken for the
  // grid: 版心 ~110 mm tall, page numbers and the 版记 ~100 mm off).
  it.each([7, 8, 29])(
    'seed %i (gbt9704): measured from the pitch, nothing failed',
    async (seed) => {
      const { briefing, label } = generatedBriefing(seed, 'zh');
      const pdf = (await exportBriefing(briefing, { format: 'pdf', template: 'gbt9704', printer })).bytes;
      const report = await checkPdfLayout(pdf, { template: 'gbt9704' });
      const failed = report.checks.filter((c) => !c.ok && c.id !== 'page-fill');
      expect(failed, label).toEqual([]);
      expect(report.measures.pageCount, label).toBeGreaterThanOrEqual(3);
      if (report.measures.linesPerFullPage === null) {
        expect(report.measures.blockBottomFrom).toBe('line-pitch');
        expect(report.checks.find((c) => c.id === 'lines-per-page')).toMatchObject({ notMeasured: true });
      }
      expect(Math.abs(report.measures.topMargin! - 37)).toBeLessThanOrEqual(1);
      expect(report.checks.find((c) => c.id === 'colophon')).toMatchObject({ ok: true });
      expect(report.checks.find((c) => c.id === 'page-numbers')).toMatchObject({ ok: true });
    },
    60_000,
  );

  // GB/T 9704 §7.5: a 版记 that does not fit below the text has a page of its own (版记页). The page before it
  // ends early by less than the 版记's height; `briefing check` must not call the exporter's own layout underfull.
  it('a 版记 on a page of its own (版记页): the page before it is not counted underfull', async () => {
    let colophonPages = 0;
    for (let seed = 1; seed <= 24 && colophonPages < 2; seed++) {
      const { briefing, label } = generatedBriefing(seed, 'zh');
      if (!briefing.header.distribution) continue;
      const pdf = (await exportBriefing(briefing, { format: 'pdf', template: 'gbt9704', printer })).bytes;
      // The last page holds only the 版记 when its text, less the 版记's own and the page number, is empty.
      const colophon = buildOutline(briefing, 'gbt9704').blocks.find((b) => b.kind === 'distribution');
      const pages = pdfPages(pdf);
      if (!colophon || pages.length < 2) continue;
      let rest = squash(pages.at(-1)!);
      for (const piece of [...colophon.lines.flatMap((l) => [l.label, l.text]), colophon.copies, colophon.issuer, colophon.issued])
        if (piece) rest = rest.replace(squash(piece), '');
      if (rest.replace(/[—\-\d:：，,]/g, '') !== '') continue;
      colophonPages++;
      const report = await checkPdfLayout(pdf, { template: 'gbt9704' });
      const before = report.measures.pageFill.at(-2)!;
      expect(before.colophonPage, `${label}: page ${before.page} at ${Math.round(before.fill * 100)}%`).toBe(true);
      if (pageBreakFaults(pdf, briefing, 'gbt9704').length === 0)
        expect(
          report.checks.find((c) => c.id === 'page-fill'),
          label,
        ).toMatchObject({ ok: true });
    }
    expect(colophonPages, 'generated briefings whose 版记 has a page of its own').toBeGreaterThanOrEqual(1);
  }, 240_000);

  it('an English briefing in the GB/T template: no Chinese line to count characters on is not a failure', async () => {
    const { briefing, label } = generatedBriefing(12, 'en');
    const pdf = (await exportBriefing(briefing, { format: 'pdf', template: 'gbt9704', printer })).bytes;
    const report = await checkPdfLayout(pdf, { template: 'gbt9704' });
    expect(
      report.checks.find((c) => c.id === 'chars-per-line'),
      label,
    ).toMatchObject({ ok: true, notMeasured: true });
    expect(report.checks.filter((c) => !c.ok && c.id !== 'page-fill')).toEqual([]);
  }, 60_000);
});

describe.skipIf(skip !== null)('book titles 《…》 in citations and sources wrap only between words', () => {
  let printer: ChromiumPdfPrinter;
  beforeAll(() => {
    printer = new ChromiumPdfPrinter();
  });
  afterAll(() => printer?.close());

  const titles = [
    '财政部关于下达2025年中央财政农业相关转移支付资金预算的通知',
    '国务院办公厅关于加快推进算力基础设施高质量发展的通知',
    '关于印发《促进人工智能产业高质量发展行动计划（2025—2027年）》的通知',
    '上海市人民政府办公厅关于印发上海市推动人工智能大模型创新发展若干措施的通知',
    '工业和信息化部等七部门关于推动未来产业创新发展的实施意见',
    '人工智能赋能新型工业化典型案例汇编',
  ];
  const sources = ['财政部', '新华网 记者 李明 王芳', '中华人民共和国工业和信息化部办公厅'];

  function briefingOf(): Briefing {
    const b = dataPolicyBriefing(1);
    b.header.sourcesList = true;
    b.sections = [
      {
        id: 's-books',
        heading: '政策文件',
        items: titles.map((title, i) => ({
          kind: 'highlight' as const,
          id: `i-book-${i}`,
          annotationId: `a-book-${i}`,
          articleId: `art-book-${i}`,
          quote: '各地要结合实际抓好贯彻落实。',
          note: '',
          citation: { source: sources[i % sources.length], title, published: '2025-05-21' },
        })),
      },
    ];
    return b;
  }

  it.each(['gbt9704', 'modern'] as const)(
    '%s',
    async (template) => {
      const b = briefingOf();
      const html = (await exportBriefing(b, { format: 'html', template })).bytes;
      // In the HTML export too: every title in a keep-all span, break opportunities between words only.
      expect(new TextDecoder().decode(html)).toMatch(
        /<span class="bd-book">《财政(?:<wbr>)?部<wbr>关于<wbr>下达<wbr>2025<wbr>年(?:<wbr>[^<]+)+<wbr>通知》<\/span>/,
      );
      const pdf = (await exportBriefing(b, { format: 'pdf', template, printer })).bytes;
      const { words } = pdfBbox(pdf);
      const lines = linesOf(words).map((l) => squash(l.text));
      const flat = lines.join('');
      const ends: number[] = [];
      lines.reduce((at, l) => (ends.push(at + l.length), at + l.length), 0);
      const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
      const splits: string[] = [];
      for (const title of titles) {
        const wrapped = squash(
          buildOutline({ ...b, sections: [{ ...b.sections[0], items: [b.sections[0].items[titles.indexOf(title)]] }] }, template)
            .blocks.flatMap((x) => (x.kind === 'highlight' ? [x.citation] : []))[0]
            .replace(/^——/, '')
            .split('》，')[0] + '》',
        );
        const boundaries = new Set([...segmenter.segment(wrapped)].map((s) => s.index));
        for (let at = flat.indexOf(wrapped); at >= 0; at = flat.indexOf(wrapped, at + 1)) {
          for (const e of ends.filter((x) => x > at && x < at + wrapped.length)) {
            const k = e - at;
            splits.push(`${wrapped.slice(0, k)}|${wrapped.slice(k)}`);
            expect(boundaries.has(k) && k <= wrapped.length - 3, `${template}: ${wrapped.slice(0, k)}|${wrapped.slice(k)}`).toBe(true);
          }
        }
      }
      console.log(`${template}: titles wrapped at ${splits.join('; ') || 'nowhere'}`);
    },
    60_000,
  );
});

describe.skipIf(skip !== null)('an English briefing in the GB/T template sets its quotes and dashes in the Latin face', () => {
  let printer: ChromiumPdfPrinter;
  beforeAll(() => {
    printer = new ChromiumPdfPrinter();
  });
  afterAll(() => printer?.close());

  it.each([3, 6, 12])(
    'seed %i (en)',
    async (seed) => {
      const { briefing, label } = generatedBriefing(seed, 'en');
      briefing.sections[0].items.push({
        kind: 'markdown',
        id: 'i-en-marks',
        markdown: 'The ministry’s “guidance” – published in May — covers 2024–2025 … and ‘general-purpose’ models.',
      });
      const pdf = (await exportBriefing(briefing, { format: 'pdf', template: 'gbt9704', printer })).bytes;
      const { pages } = await readPdfGeometry(pdf);
      // Text runs above the page numbers (“— n —” is 宋体 by the standard).
      const runs = pages.flatMap((p) => p.runs).filter((r) => r.baseline < (262 * 72) / 25.4);
      const latinFaces = new Set(runs.filter((r) => /[A-Za-z]/.test(r.text)).map((r) => r.font));
      const marks = runs.filter((r) => /[\u2013\u2014\u2018\u2019\u201c\u201d\u2026]/.test(r.text));
      expect(marks.length, label).toBeGreaterThan(2);
      const stray = marks.filter((r) => !latinFaces.has(r.font));
      expect(
        stray.map((r) => `${r.text} in ${r.font}`),
        label,
      ).toEqual([]);
    },
    60_000,
  );
});
