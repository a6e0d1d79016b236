/**
 * The front door of export: one briefing, one format, bytes out.
 *
 *   briefing ─► outline (common/briefing/outline.ts) ─┬─► Markdown   (to-markdown.ts)
 *                                                     ├─► HTML       (html.ts: semantic markup + template CSS,
 *                                                     │               user Markdown through marked + DOMPurify)
 *                                                     │     └─► PDF  (pdf.ts: a PdfPrinter, Chromium's print engine)
 *                                                     └─► DOCX       (docx.ts: the docx library)
 *
 * Every format starts from the same outline, so they carry the same text.
 * Hosts pass their own `printer` (the Electron shell, its printToPDF); without
 * one a Chromium printer is started for this call and closed after it. Pass a
 * long-lived `ChromiumPdfPrinter` to keep the browser warm between exports.
 *
 * The 版记 (distribution block) ends on the bottom edge of the text block of
 * the last page (GB/T 9704-2012 §7.4.1). A printer that can measure the
 * layout (Chromium's, pdf.ts) sizes the spacer before it and prints once. The
 * PDF of a printer that cannot (Electron's printToPDF) is read back (pdfjs,
 * last page only) and printed again with the spacer the PDF shows is needed.
 */
import { parseBriefing, type Briefing, type TemplateName } from '../../common/briefing/model';
import { buildOutline } from '../../common/briefing/outline';
import { outlineToMarkdown } from '../../common/briefing/to-markdown';
import { BdError } from '../../common/errors';
import { exportFileName, fileNameStem } from '../../common/briefing/export-name';

export { exportFileName, fileNameStem };
import { outlineToDocx } from './docx';
import { assertChineseFonts } from './fonts';
import { COLOPHON_CLASS, COLOPHON_SPACER_CLASS, outlineToHtml, TIGHT_CLASS } from './html';
import { ChromiumPdfPrinter, withSpacer, type PdfPrintOptions, type PdfPrinter, type PinToFoot } from './pdf';
import { mm, readPdfGeometry } from './pdf-geometry';
import { pageArea, TEMPLATE_PAGES } from './page-geometry';

export const EXPORT_FORMATS = ['pdf', 'docx', 'md', 'html'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type ExportStage = 'outline' | 'render' | 'print' | 'package' | 'done';

export interface ExportProgress {
  stage: ExportStage;
  /** 0…1 for the whole export. */
  fraction: number;
  /** A sentence for a status line, e.g. "Printing PDF…". */
  message: string;
}

export interface ExportOptions {
  format: ExportFormat;
  /** Defaults to the briefing's own template, else `modern`. */
  template?: TemplateName;
  printer?: PdfPrinter;
  onProgress?: (progress: ExportProgress) => void;
}

export interface ExportResult {
  bytes: Uint8Array;
  fileName: string;
  mime: string;
}

const MIME: Record<ExportFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

export async function exportBriefing(briefing: Briefing, options: ExportOptions): Promise<ExportResult> {
  if (!(EXPORT_FORMATS as readonly string[]).includes(options.format)) {
    throw new BdError('invalid-params', `Unknown export format "${options.format}"; use one of ${EXPORT_FORMATS.join(', ')}.`, { field: 'format' });
  }
  const report = (stage: ExportStage, fraction: number, message: string) => options.onProgress?.({ stage, fraction, message });
  const b = parseBriefing(briefing);
  const template = options.template ?? b.template ?? 'modern';
  const fileName = exportFileName(b, options.format);
  const mime = MIME[options.format];
  const encoder = new TextEncoder();

  report('outline', 0.05, 'Preparing the briefing…');
  const outline = buildOutline(b, template);

  let bytes: Uint8Array;
  switch (options.format) {
    case 'md':
      bytes = encoder.encode(outlineToMarkdown(outline));
      break;
    case 'html':
      report('render', 0.4, 'Writing HTML…');
      bytes = encoder.encode(outlineToHtml(outline, { template, purpose: 'standalone' }));
      break;
    case 'docx':
      report('render', 0.3, 'Writing the Word document…');
      bytes = await outlineToDocx(outline, { template });
      break;
    case 'pdf': {
      report('render', 0.15, 'Laying out pages…');
      const html = outlineToHtml(outline, { template, purpose: 'print' });
      await assertChineseFonts(html);
      const printer = options.printer ?? new ChromiumPdfPrinter();
      try {
        report('print', 0.3, 'Printing PDF…');
        const printOptions: PdfPrintOptions = {
          title: outline.title,
          footerTemplate:
            template === 'gbt9704'
              ? '<div style="width:100%;font-size:14pt;text-align:center;font-family:SimSun,serif">— <span class="pageNumber"></span> —</div>'
              : '<div style="width:100%;font-size:8.5pt;color:#98a0aa;text-align:center"><span class="pageNumber"></span> / <span class="totalPages"></span></div>',
          outline: true,
          tagged: true,
        };
        const pinned = outline.blocks.some((b) => b.kind === 'distribution');
        bytes = pinned ? await printWithColophonAtFoot(printer, html, printOptions, template) : await printer.print(html, printOptions);
      } finally {
        if (!options.printer) await printer.close?.();
      }
      break;
    }
    default: {
      const never: never = options.format;
      throw new Error(`Unknown format ${String(never)}`);
    }
  }
  report('done', 1, 'Done');
  return { bytes, fileName, mime };
}

/** How close (pt) the last rule of the 版记 must come to the bottom edge of the text block. */
const FOOT_TOLERANCE = mm(0.3);

/**
 * The room (pt) between the lowest full-width rule on the last page of a PDF
 * and the bottom edge of the template's text block: 0 when the 版记 sits on
 * it, positive when it sits higher; null when the last page has no such rule.
 */
export async function colophonFootGap(pdf: Uint8Array, template: TemplateName): Promise<number | null> {
  const area = pageArea(TEMPLATE_PAGES[template]);
  const { pages } = await readPdfGeometry(pdf, { pages: [-1] });
  const bottom = mm(area.top + area.height);
  const rules = (pages[0]?.rules ?? []).filter((r) => r.x1 - r.x0 >= mm(area.width) * 0.9 && r.bottom <= bottom + mm(2));
  if (!rules.length) return null;
  return bottom - Math.max(...rules.map((r) => r.bottom));
}

async function printWithColophonAtFoot(printer: PdfPrinter, html: string, options: PdfPrintOptions, template: TemplateName): Promise<Uint8Array> {
  const area = pageArea(TEMPLATE_PAGES[template]);
  let used = 0;
  let measured = false;
  const pin: PinToFoot = {
    selector: `.${COLOPHON_CLASS}`,
    spacerSelector: `.${COLOPHON_SPACER_CLASS}`,
    tightClass: TIGHT_CLASS,
    area: { width: area.width, height: area.height },
    onSpace: (space) => {
      used = space;
      measured = true;
    },
  };
  let bytes = await printer.print(html, { ...options, pinToFoot: pin });
  // The printer laid the pages out and placed the 版记 itself (the layout tests measure that it
  // does, on the printed PDF): reading the PDF back would only cost pdfjs' start-up.
  if (measured) return bytes;
  // At most two corrections: the first puts it right after a printer that did not measure,
  // the second after a page break that moved the 版记 to a page of its own.
  for (let attempt = 0; attempt < 2; attempt++) {
    // A printer whose output pdfjs cannot read is not second-guessed.
    const gap = await colophonFootGap(bytes, template).catch(() => null);
    if (gap === null || Math.abs(gap) <= FOOT_TOLERANCE) break;
    const space = Math.max(0, used + gap - 0.2);
    used = space;
    bytes = await printer.print(withSpacer(html, COLOPHON_SPACER_CLASS, space), { ...options, pinToFoot: { ...pin, space } });
  }
  return bytes;
}
