/**
 * The composer's print preview breaks pages where the PDF does. Each briefing is exported to PDF by
 * the real exporter through real Chromium and read back with poppler (`pdftotext -bbox`: the words
 * of each page's 版心, page numbers left out); its preview document (`previewBriefing`'s HTML,
 * purpose `pages`) is laid out in Chromium and each character is given the page its box lies on.
 * Both readings must have the same pages, each beginning and ending with the same text. Compared on
 * Han characters and Latin letters only: list numbers are CSS markers in the page and text in the
 * PDF, page numbers exist only in print.
 *
 * Before the preview had pages (one long sheet, purpose `standalone`), a two-section GB/T briefing
 * whose second section the keep rules carry to page 2 showed both sections on its one sheet.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Briefing, TemplateName } from '../../common/briefing/model';
import { launchBrowser } from '../../../tests/e2e/harness';
import { pdfBbox, pdfSkipReason } from '../../../tests/support/poppler';
import { exportBriefing } from './export';
import { briefingToHtml, DESK_GAP_PX } from './html';
import { pageArea, TEMPLATE_PAGES } from './page-geometry';
import { ChromiumPdfPrinter } from './pdf';
import { dataPolicyBriefing, generatedBriefing, headingCarriesSection } from './testing/generated-briefings';

const skip = pdfSkipReason();
if (skip) console.log(`SKIPPED: preview page tests (${skip})`);

const MM = 72 / 25.4;
const PX_PER_MM = 96 / 25.4;

/** Han characters and Latin letters, in order. */
const letters = (t: string) => (t.match(/[\p{Script=Han}A-Za-z]/gu) ?? []).join('');

/** The letters of each page of the PDF's 版心 (what lies between the top and bottom of the page area). */
function pdfPageLetters(pdf: Uint8Array, template: TemplateName): string[] {
  const area = pageArea(TEMPLATE_PAGES[template]);
  const top = area.top * MM - 8 * MM;
  const bottom = (area.top + area.height) * MM + 1;
  const { pages, words } = pdfBbox(pdf);
  return pages.map((_, i) =>
    letters(
      words
        .filter((w) => w.page === i + 1 && (w.yMin + w.yMax) / 2 > top && (w.yMin + w.yMax) / 2 < bottom)
        .sort((a, b) => Math.round((a.yMin + a.yMax) / 2 - (b.yMin + b.yMax) / 2) || a.xMin - b.xMin)
        .map((w) => w.text)
        .join(''),
    ),
  );
}

/**
 * The letters of each page of the preview, laid out in `page`: each character on the sheet its box
 * lies on, read as the PDF is (lines top to bottom, left to right: the modern masthead's order differs from the markup's).
 */
async function previewPageLetters(page: Page, html: string, template: TemplateName): Promise<{ pages: string[]; wrapped: boolean }> {
  await page.setContent(html, { waitUntil: 'load' });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  const g = TEMPLATE_PAGES[template];
  const { chars, wrapped } = await page.evaluate(
    ({ sheetHeight, sheetWidth, gap }) => {
      const wrapped = CSS.supports('column-wrap', 'wrap');
      const origin = document.body.getBoundingClientRect();
      const chars: { ch: string; page: number; x: number; y: number; h: number }[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      const range = document.createRange();
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        for (let i = 0; i < text.length; i++) {
          if (!/[\p{Script=Han}A-Za-z]/u.test(text[i])) continue;
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const r = range.getBoundingClientRect();
          if (!r.height) continue;
          const x = r.left + r.width / 2 - origin.left;
          const y = r.top + r.height / 2 - origin.top;
          const page = wrapped ? Math.floor(y / (sheetHeight + gap)) : Math.floor(x / (sheetWidth + gap));
          chars.push({ ch: text[i], page, x, y, h: r.height });
        }
      }
      return { chars, wrapped };
    },
    { sheetHeight: g.height * PX_PER_MM, sheetWidth: g.width * PX_PER_MM, gap: DESK_GAP_PX },
  );
  // Lines: characters whose centres lie within half a character's height of the line's first.
  chars.sort((a, b) => a.page - b.page || a.y - b.y);
  const lines: (typeof chars)[] = [];
  for (const c of chars) {
    const line = lines.at(-1);
    if (line && line[0].page === c.page && Math.abs(line[0].y - c.y) < line[0].h / 2) line.push(c);
    else lines.push([c]);
  }
  const pages: string[] = [];
  for (const line of lines)
    pages[line[0].page] =
      (pages[line[0].page] ?? '') +
      [...line]
        .sort((a, b) => a.x - b.x)
        .map((c) => c.ch)
        .join('');
  return { pages: Array.from(pages, (p) => p ?? ''), wrapped };
}

/** Each page as its first and last eight letters and its length, for a readable comparison. */
const ends = (pages: string[]) => pages.map((p) => `${p.slice(0, 8)}…${p.slice(-8)}`);

describe.skipIf(skip !== null)('the print preview breaks pages where the PDF does (real Chromium, poppler)', () => {
  let printer: ChromiumPdfPrinter;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    printer = new ChromiumPdfPrinter();
    browser = await launchBrowser();
    // The preview pane's frame: 210 mm of page and a desk margin on each side.
    page = await browser.newPage({ viewport: { width: 842, height: 900 } });
  });
  afterAll(async () => {
    await printer?.close();
    await browser?.close();
  });

  const cases: { name: string; template: TemplateName; make: () => Briefing }[] = [
    // Two sections that a one-sheet preview showed on one page while the PDF had two.
    { name: '2 sections, 3 excerpts, gbt9704', template: 'gbt9704', make: () => dataPolicyBriefing(3) },
    // A section carried whole to page 2 by its heading's keep rules.
    { name: 'heading carries its section, gbt9704', template: 'gbt9704', make: headingCarriesSection },
    { name: '3 sections, 5 excerpts, gbt9704', template: 'gbt9704', make: () => dataPolicyBriefing(5) },
    { name: '3 sections, 5 excerpts, modern', template: 'modern', make: () => dataPolicyBriefing(5) },
    ...[2, 4, 5, 7, 11].map((seed) => ({ name: `seed ${seed}, gbt9704`, template: 'gbt9704' as const, make: () => generatedBriefing(seed, 'zh').briefing })),
    { name: 'seed 3 (English), gbt9704', template: 'gbt9704', make: () => generatedBriefing(3, 'en').briefing },
    ...[1, 4, 8].map((seed) => ({ name: `seed ${seed}, modern`, template: 'modern' as const, make: () => generatedBriefing(seed, 'zh').briefing })),
  ];

  it.each(cases)(
    '$name',
    async ({ name, template, make }) => {
      const briefing = make();
      const pdf = (await exportBriefing(briefing, { format: 'pdf', template, printer })).bytes;
      const printed = pdfPageLetters(pdf, template);
      const preview = await previewPageLetters(page, briefingToHtml(briefing, { template, purpose: 'pages' }), template);
      expect(preview.wrapped, 'this Chromium wraps columns into rows (column-wrap)').toBe(true);
      expect(ends(preview.pages), name).toEqual(ends(printed));
    },
    60_000,
  );
});
