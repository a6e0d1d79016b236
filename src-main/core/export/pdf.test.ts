import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waicBriefing } from '../../common/briefing/fixtures/waic-briefing';
import { longBriefing } from '../../common/briefing/fixtures/long-briefing';
import { buildOutline } from '../../common/briefing/outline';
import type { TemplateName } from '../../common/briefing/model';
import { BdError } from '../../common/errors';
import { exportBriefing, type ExportProgress } from './export';
import { resolvedFonts } from './fonts';
import { ChromiumPdfPrinter, findChromium, HEADLESS_SHELL_PATHS } from './pdf';
import { officeBriefing } from '../../common/briefing/fixtures/office-briefing';
import type { Briefing } from '../../common/briefing/model';
import { generatedBriefing } from './testing/generated-briefings';
import type { ChromiumProcess } from './cdp-pipe';
import { mm, readPdfGeometry } from './pdf-geometry';
import { pdfFonts, pdfInfo, pdfPages, pdfSkipReason, pdfWords, squash } from '../../../tests/support/poppler';

describe('findChromium', () => {
  const none = () => false;
  it('uses CHROMIUM_PATH when it exists and names it when it does not', () => {
    expect(findChromium({ CHROMIUM_PATH: '/opt/chrome/chrome' }, (p) => p === '/opt/chrome/chrome')).toBe('/opt/chrome/chrome');
    expect(() => findChromium({ CHROMIUM_PATH: '/nope/chrome' }, none)).toThrow(/CHROMIUM_PATH is set to \/nope\/chrome/);
  });

  it('says what to install and names CHROMIUM_PATH when no browser is found', () => {
    let error: unknown;
    try {
      findChromium({}, none);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(BdError);
    expect((error as BdError).code).toBe('unavailable');
    expect((error as BdError).message).toMatch(/CHROMIUM_PATH/);
    expect((error as BdError).message).toMatch(/apt-get install chromium/);
  });

  it('takes the first usual install location that exists', () => {
    if (process.platform !== 'linux') return;
    expect(findChromium({}, (p) => p === '/usr/bin/google-chrome' || p === '/snap/bin/chromium')).toBe('/usr/bin/google-chrome');
  });

  it("prefers a packaged headless shell (Debian's, Fedora's binary) to every browser; CHROMIUM_PATH still comes first", () => {
    if (process.platform !== 'linux') return;
    const debian = new Set([
      '/usr/bin/chromium',
      '/usr/bin/chromium-headless-shell',
      '/usr/lib/chromium/chromium',
      '/usr/lib/chromium/chromium-headless-shell',
    ]);
    expect(findChromium({}, (p) => debian.has(p))).toBe('/usr/lib/chromium/chromium-headless-shell');
    const fedora = new Set(['/usr/bin/google-chrome', '/usr/lib64/chromium-browser/headless_shell']);
    expect(findChromium({}, (p) => fedora.has(p))).toBe('/usr/lib64/chromium-browser/headless_shell');
    // Debian's /usr/bin/chromium-headless-shell is a script that runs the binary as its child: never the one taken.
    expect(findChromium({}, (p) => p === '/usr/bin/chromium-headless-shell' || p === '/usr/bin/chromium')).toBe('/usr/bin/chromium');
    expect(findChromium({ CHROMIUM_PATH: '/opt/chrome/chrome' }, (p) => p === '/opt/chrome/chrome' || debian.has(p))).toBe('/opt/chrome/chrome');
  });
});

const shellPath = (HEADLESS_SHELL_PATHS[process.platform] ?? []).find((p) => existsSync(p));
const browserPath = (() => {
  try {
    return findChromium({}, (p) => existsSync(p) && !(HEADLESS_SHELL_PATHS[process.platform] ?? []).includes(p));
  } catch {
    return undefined;
  }
})();
const engines = pdfSkipReason() ?? (shellPath && browserPath ? null : 'the headless shell and a browser are not both installed');
if (engines) console.log(`SKIPPED: the two print engines compared (${engines})`);

describe.skipIf(engines !== null)('the headless shell and the full browser print the same document', () => {
  // Seeded briefings of several shapes besides the hand-written ones: Chinese with Latin digits inside justified
  // lines (where the shell's default full hinting widened digits and moved line breaks), and English.
  const cases: [string, Briefing][] = [
    ['waic', waicBriefing()],
    ['office', officeBriefing()],
    ['generated zh 3', generatedBriefing(3, 'zh').briefing],
    ['generated en 2', generatedBriefing(2, 'en').briefing],
  ];
  const shell = new ChromiumPdfPrinter({ executablePath: shellPath });
  const browser = new ChromiumPdfPrinter({ executablePath: browserPath });
  afterAll(async () => {
    await shell.close();
    await browser.close();
  });

  it.each(cases.flatMap(([name, briefing]) => (['gbt9704', 'modern'] as const).map((template) => [name, template, briefing] as const)))(
    '%s (%s): the same lines on the same pages, the same embedded faces',
    async (_name, template, briefing) => {
      const a = (await exportBriefing(briefing, { format: 'pdf', template, printer: browser })).bytes;
      const b = (await exportBriefing(briefing, { format: 'pdf', template, printer: shell })).bytes;
      expect(pdfPages(b)).toEqual(pdfPages(a));
      const faces = (pdf: Uint8Array) => [...new Set(pdfFonts(pdf).map((f) => `${f.name.replace(/^[A-Z]{6}\+/, '')} ${f.type} ${f.embedded}`))].sort();
      expect(faces(b)).toEqual(faces(a));
    },
    60_000,
  );
});

const skip = pdfSkipReason();
if (skip) console.log(`SKIPPED: PDF export tests (${skip})`);

describe.skipIf(skip !== null)('PDF export, read back as a reader would', () => {
  let printer: ChromiumPdfPrinter;
  const pdfs = new Map<TemplateName, Uint8Array>();

  beforeAll(async () => {
    printer = new ChromiumPdfPrinter();
    for (const template of ['gbt9704', 'modern'] as const) {
      pdfs.set(template, (await exportBriefing(waicBriefing(), { format: 'pdf', template, printer })).bytes);
    }
  }, 60_000);
  afterAll(() => printer?.close());

  describe.each(['gbt9704', 'modern'] as const)('%s', (template) => {
    const pdf = () => pdfs.get(template)!;
    const outline = () => buildOutline(waicBriefing(), template);

    it('is A4', () => {
      const info = pdfInfo(pdf());
      expect(info.width).toBeCloseTo(595.28, 0);
      expect(info.height).toBeCloseTo(841.89, 0);
      expect(info.pages).toBeGreaterThanOrEqual(2);
    });

    it('holds the title, every quote and every citation', () => {
      // Excerpts may run across a page break: read the pages without their page numbers.
      const text = squash(
        pdfPages(pdf())
          .map((p) =>
            p
              .split('\n')
              .filter((l) => !/^\s*(?:—\s*\d+\s*—|\d+\s*\/\s*\d+)\s*$/.test(l))
              .join('\n'),
          )
          .join(''),
      );
      expect(text).toContain(squash(waicBriefing().header.title));
      for (const q of outline().quotes) {
        expect(text).toContain(squash(q.text));
        expect(text).toContain(squash(q.text) + squash(q.citation));
      }
      for (const h of ['大会成果创历史新高', '报：市委、市政府领导同志']) expect(text).toContain(h);
    });

    it('never leaves a heading at the bottom of a page', () => {
      const o = outline();
      const headings = new Set<string>();
      for (const b of o.blocks) {
        if (b.kind === 'section-heading') headings.add(squash(b.number + b.text));
        if (b.kind === 'markdown') for (const m of b.markdown.matchAll(/^#+ (.+)$/gm)) headings.add(squash(m[1]));
      }
      const pages = pdfPages(pdf());
      pages.slice(0, -1).forEach((page, i) => {
        const lines = page
          .split('\n')
          .map(squash)
          .filter((l) => l && !/^—\d+—$/.test(l) && !/^\d+\/\d+$/.test(l));
        expect(headings.has(lines.at(-1)!), `page ${i + 1} ends with heading ${lines.at(-1)}`).toBe(false);
      });
    });

    it('embeds its CJK fonts', async () => {
      const fonts = pdfFonts(pdf());
      expect(fonts.length).toBeGreaterThan(0);
      expect(fonts.every((f) => f.embedded)).toBe(true);
      const resolved = await resolvedFonts();
      if (resolved) {
        // On Linux the open TrueType faces are embedded under their own names (CFF faces become Type 3).
        const expected = (template === 'gbt9704' ? [resolved.fangsong, resolved.kaiti, resolved.heiti] : [resolved.sans, resolved.kaiti]).filter(
          (f): f is string => Boolean(f),
        );
        const psNames: Record<string, string> = {
          'AR PL SungtiL GB': 'BousungEG-Light-GB',
          'AR PL UMing CN': 'UMingCN',
          'LXGW WenKai Mono': 'LXGWWenKaiMono',
          'LXGW WenKai': 'LXGWWenKai',
          'AR PL KaitiM GB': 'GkaiMP',
          'WenQuanYi Micro Hei': 'WenQuanYiMicroHei',
        };
        for (const family of expected) {
          const ps = psNames[family];
          if (ps)
            expect(
              fonts.some((f) => f.name.includes(ps)),
              `${family} embedded`,
            ).toBe(true);
          else
            expect(
              fonts.some((f) => f.type === 'Type 3' || f.type.startsWith('CID')),
              `${family} embedded`,
            ).toBe(true);
        }
      }
    });
  });

  it('numbers gbt9704 pages “— n —” on the outside edge: odd pages right, even pages left', () => {
    const pdf = pdfs.get('gbt9704')!;
    const pages = pdfPages(pdf);
    pages.forEach((text, i) => {
      const n = i + 1;
      expect(squash(text)).toContain(`—${n}—`);
      const words = pdfWords(pdf, n).filter((w) => w.text === String(n) && w.yMin > 700);
      expect(words.length, `page number ${n}`).toBeGreaterThan(0);
      const x = words.at(-1)!.xMin;
      if (n % 2 === 1) expect(x).toBeGreaterThan(400);
      else expect(x).toBeLessThan(200);
    });
  });

  it('numbers modern pages “n / total”', () => {
    const pages = pdfPages(pdfs.get('modern')!);
    pages.forEach((text, i) => expect(squash(text)).toContain(`${i + 1}/${pages.length}`));
  });

  it('prints a 20-page briefing, reporting progress (its time is a benchmark figure: npm run bench)', async () => {
    const article = readFileSync(new URL('../../../resources/rmrb-2023-waic-ai-conference.txt', import.meta.url), 'utf8');
    const b = longBriefing(article, 3);
    const progress: ExportProgress[] = [];
    const t0 = performance.now();
    const result = await exportBriefing(b, { format: 'pdf', template: 'gbt9704', printer, onProgress: (p) => progress.push(p) });
    const ms = performance.now() - t0;
    const { pages } = pdfInfo(result.bytes);
    console.log(`PDF export: ${pages} pages (gbt9704) in ${Math.round(ms)} ms with a warm browser`);
    expect(pages).toBeGreaterThanOrEqual(20);
    expect(progress.map((p) => p.stage)).toEqual(['outline', 'render', 'print', 'done']);
    expect(progress.map((p) => p.fraction)).toEqual([...progress.map((p) => p.fraction)].sort((a, b) => a - b));
    expect(progress.at(-1)!.fraction).toBe(1);
  }, 30_000);
});

describe.skipIf(skip !== null)('pinning an element to the foot of the last page, measured in the page before printing once', () => {
  let printer: ChromiumPdfPrinter;
  beforeAll(() => {
    printer = new ChromiumPdfPrinter();
  });
  afterAll(() => printer?.close());

  /** A5 with 20 mm margins (page area 108 × 170 mm): a block of `lead` px that never breaks, then the pinned element (150 px, ruled above and below). */
  const doc = (lead: number, pinned = 150) => `<!doctype html><html><head><meta charset="utf-8"><style>
@page { size: 148mm 210mm; margin: 20mm; }
html, body { margin: 0; padding: 0; }
.lead { height: ${lead}px; break-inside: avoid; background: #eee; }
.pinned { break-inside: avoid; break-before: avoid; }
.rules { height: ${pinned}px; border-top: 2px solid #000; border-bottom: 2px solid #000; box-sizing: border-box; }
</style></head><body><div class="lead"></div><div class="pinned"><div class="spacer"></div><div class="rules">报：市委、市政府领导同志</div></div></body></html>`;

  // Page area 642.5 px: 300 leaves room below; 600 leaves room for the spacer's first pixel but not
  // the element, whose rules then break across the pages; 630 and 640 leave less than a line.
  it.each([
    [300, 1, false],
    [600, 2, true],
    [630, 2, true],
    [640, 2, true],
  ])(
    'after a block of %i px: %i page(s), the last rule on the bottom edge of the page area',
    async (lead, pageCount, straddles) => {
      const placed: { space: number; straddles: boolean }[] = [];
      const pdf = await printer.print(doc(lead), {
        pinToFoot: { selector: '.pinned', spacerSelector: '.spacer', area: { width: 108, height: 170 }, onSpace: (space, p) => placed.push({ space, ...p }) },
      });
      // Measured in the page (no second print needed): told once, and whether the spacer straddles a page break.
      expect(placed).toHaveLength(1);
      expect(placed[0].straddles).toBe(straddles);
      const { pages } = await readPdfGeometry(pdf);
      expect(pages).toHaveLength(pageCount);
      const last = pages.at(-1)!;
      const lowest = Math.max(...last.rules.map((r) => r.bottom));
      expect(Math.abs(lowest - mm(190))).toBeLessThanOrEqual(mm(0.3));
      // Nothing of the element is left on the page before.
      if (pageCount > 1) expect(pages[0].runs.map((r) => r.text).join('')).not.toContain('报');
    },
    60_000,
  );

  // Page area 642.5 px: a block of `lead` px, a gap that may shrink to 10 px, then the pinned element (150 px).
  const flexible = (lead: number, gap: number) => `<!doctype html><html><head><meta charset="utf-8"><style>
@page { size: 148mm 210mm; margin: 20mm; }
html, body { margin: 0; padding: 0; }
.lead { height: ${lead}px; break-inside: avoid; margin-bottom: ${gap}px; }
.tight .lead { margin-bottom: 10px; }
.pinned { break-inside: avoid; }
.rules { height: 150px; border-top: 2px solid #000; border-bottom: 2px solid #000; box-sizing: border-box; }
</style></head><body><div class="lead">正文</div><div class="pinned"><div class="spacer"></div><div class="rules">报：市委、市政府领导同志</div></div></body></html>`;

  it.each([
    [440, 30, 1, false],
    [440, 60, 1, true],
    [500, 60, 2, false],
  ])(
    'after a block of %i px and a gap of %i px that may shrink to 10: %i page(s), gaps shrunk %s, the last rule on the foot',
    async (lead, gap, pageCount, tight) => {
      const placed: { space: number; tight?: boolean }[] = [];
      const pdf = await printer.print(flexible(lead, gap), {
        pinToFoot: {
          selector: '.pinned',
          spacerSelector: '.spacer',
          tightClass: 'tight',
          area: { width: 108, height: 170 },
          onSpace: (space, p) => placed.push({ space, ...p }),
        },
      });
      expect(placed).toHaveLength(1);
      expect(Boolean(placed[0].tight)).toBe(tight);
      const { pages } = await readPdfGeometry(pdf);
      expect(pages).toHaveLength(pageCount);
      const lowest = Math.max(...pages.at(-1)!.rules.map((r) => r.bottom));
      expect(Math.abs(lowest - mm(190))).toBeLessThanOrEqual(mm(0.3));
      // Where it moved on, it went alone: the text stays on the page before.
      if (pageCount > 1) expect(pages[1].runs.map((r) => r.text).join('')).not.toContain('正文');
    },
    60_000,
  );

  it('an element taller than a page is left where it falls (the export then checks the PDF)', async () => {
    const placed: number[] = [];
    await printer.print(doc(100, 700), {
      pinToFoot: { selector: '.pinned', spacerSelector: '.spacer', area: { width: 108, height: 170 }, onSpace: (space) => placed.push(space) },
    });
    expect(placed).toEqual([]);
  }, 60_000);
});

describe.skipIf(skip !== null)('the print page is offline and inert', () => {
  let printer: ChromiumPdfPrinter;
  let server: Server;
  const requests: string[] = [];
  let port = 0;
  beforeAll(async () => {
    printer = new ChromiumPdfPrinter();
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      res.writeHead(200, { 'content-type': req.url?.endsWith('.html') ? 'text/html' : 'image/png' });
      res.end(req.url?.endsWith('.html') ? '<p>外部页面</p>' : '');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await printer?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  // One pixel, red.
  const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';

  it('requests nothing from the network (images, styles, fonts, frames of another site), runs no script, and still prints data: images', async () => {
    const at = (host: string, path: string) => `http://${host}:${port}${path}`;
    const html = `<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="${at('127.0.0.1', '/style.css')}">
<style>@font-face { font-family: Remote; src: url(${at('127.0.0.1', '/font.woff2')}); } body { font-family: Remote, serif; }
.bg { height: 20px; background: url(${at('127.0.0.1', '/bg.png')}); }</style></head><body>
<h1>离线打印</h1><img src="${at('127.0.0.1', '/img.png')}"><img src="${PNG}" width="200" height="200"><div class="bg"></div>
<iframe src="${at('localhost', '/frame.html')}"></iframe><iframe src="${at('127.0.0.1', '/same-site.html')}"></iframe>
<script>document.body.insertAdjacentHTML('beforeend', '<p>脚本运行了</p>')</script>
</body></html>`;
    const pdf = await printer.print(html, {});
    expect(requests).toEqual([]);
    const text = squash(pdfPages(pdf).join(''));
    expect(text).toContain('离线打印');
    expect(text).not.toContain('脚本运行了');
    expect(text).not.toContain('外部页面');
    // The data: image is in the PDF.
    expect(Buffer.from(pdf).toString('latin1')).toMatch(/\/Subtype\s*\/Image/);
  }, 60_000);

  it('prints again after its browser was killed', async () => {
    await printer.print('<p>一</p>', {});
    // The browser crashes (killed from outside): the next print starts another.
    const running = await (printer as unknown as { browser: Promise<ChromiumProcess> }).browser;
    running.kill();
    await running.exited;
    const pdf = await printer.print('<p>再次打印</p>', {});
    expect(squash(pdfPages(pdf).join(''))).toContain('再次打印');
  }, 60_000);
});
