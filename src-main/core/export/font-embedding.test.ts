/**
 * Every face a template prints with is embedded as a subset, however many
 * different characters the briefing holds. Chromium's PDF writer embeds a
 * face whole when it cannot subset it — LXGW WenKai (the 楷体 of Linux
 * machines) once it draws about a thousand different characters — and a
 * whole CJK face is 10–16 MB in the PDF and seconds of printing. Each case
 * here sets ~1,500 different common characters in every role the templates
 * use (body 仿宋, quotes 楷体, bold 黑体, the modern template's sans), a PDF
 * well past the threshold the tiny fixtures stay under.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waicBriefing } from '../../common/briefing/fixtures/waic-briefing';
import type { Briefing, TemplateName } from '../../common/briefing/model';
import { exportBriefing } from './export';
import { ChromiumPdfPrinter } from './pdf';
import { pdfFonts, pdfSkipReason } from '../../../tests/support/poppler';

/** `count` different characters of GB 2312 level 1 (the common ones), from `offset` on. */
function commonCharacters(count: number, offset = 0): string {
  const decoder = new TextDecoder('gb18030');
  const out: string[] = [];
  for (let hi = 0xb0; hi <= 0xd7 && out.length < offset + count; hi++)
    for (let lo = 0xa1; lo <= 0xfe && out.length < offset + count; lo++) {
      const ch = decoder.decode(Uint8Array.of(hi, lo));
      if (/^\p{Script=Han}$/u.test(ch)) out.push(ch);
    }
  return out.slice(offset).join('');
}

/** Lines of `perLine` characters joined by the full stop, so the text wraps like prose. */
function prose(chars: string, perLine = 40): string {
  return (chars.match(new RegExp(`.{1,${perLine}}`, 'gu')) ?? []).join('。');
}

function manyCharacterBriefing(): Briefing {
  const b = waicBriefing();
  const chars = commonCharacters(1500);
  const first = b.sections[0];
  return {
    ...b,
    summary: prose(chars),
    sections: [
      {
        ...first,
        items: [
          // The quote is set in 楷体, the note in 仿宋 with its bold in 黑体.
          {
            ...(first.items[0] as Extract<Briefing['sections'][number]['items'][number], { kind: 'highlight' }>),
            quote: prose(chars),
            note: `**${prose(chars)}**`,
          },
          ...first.items.slice(1),
        ],
      },
      ...b.sections.slice(1),
    ],
  };
}

const skip = pdfSkipReason();
describe.skipIf(skip !== null)('CJK faces are embedded as subsets, whatever the number of characters', () => {
  let printer: ChromiumPdfPrinter;
  const pdfs = new Map<TemplateName, Uint8Array>();
  beforeAll(async () => {
    printer = new ChromiumPdfPrinter();
    for (const template of ['gbt9704', 'modern'] as const)
      pdfs.set(template, (await exportBriefing(manyCharacterBriefing(), { format: 'pdf', template, printer })).bytes);
  }, 120_000);
  afterAll(() => printer?.close());

  it.each(['gbt9704', 'modern'] as const)('%s: 1,500 different characters in every role stay a few MB', (template) => {
    const pdf = pdfs.get(template)!;
    const fonts = pdfFonts(pdf)
      .map((f) => f.name)
      .join(', ');
    // Subsets of every face used come to ~1–3 MB here; one CJK face embedded whole is 5–16 MB by itself.
    expect(pdf.byteLength, `${template}: ${(pdf.byteLength / 1e6).toFixed(1)} MB with ${fonts}`).toBeLessThan(4_000_000);
  });
});
