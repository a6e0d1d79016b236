import { describe, expect, it } from 'vitest';
import { waicBriefing } from '../../common/briefing/fixtures/waic-briefing';
import { briefingToMarkdown } from '../../common/briefing/to-markdown';
import { BdError } from '../../common/errors';
import { exportBriefing, exportFileName, type ExportProgress } from './export';
import type { PdfPrinter, PdfPrintOptions } from './pdf';

/** What the Electron host will plug in: any engine that turns the HTML into PDF bytes. */
class FakePrinter implements PdfPrinter {
  calls: { html: string; options: PdfPrintOptions }[] = [];
  closed = false;
  async print(html: string, options: PdfPrintOptions) {
    this.calls.push({ html, options });
    return new TextEncoder().encode('%PDF-1.7 fake');
  }
  async close() {
    this.closed = true;
  }
}

describe('exportBriefing', () => {
  it('exports the canonical Markdown for the chosen template', async () => {
    const r = await exportBriefing(waicBriefing(), { format: 'md', template: 'modern' });
    expect(new TextDecoder().decode(r.bytes)).toBe(briefingToMarkdown(waicBriefing(), 'modern'));
    expect(r).toMatchObject({ fileName: '2023-07-12 2023世界人工智能大会成果与人工智能产业发展动向.md', mime: 'text/markdown; charset=utf-8' });
  });

  it('exports a self-contained HTML page with the template CSS inlined and nothing to fetch', async () => {
    const r = await exportBriefing(waicBriefing(), { format: 'html' });
    const html = new TextDecoder().decode(r.bytes);
    expect(html).toContain('bd-template-gbt9704'); // the briefing's own template
    expect(html).toContain('bd-standalone');
    expect(html).not.toMatch(/<link|<script|src="http|url\(http/i);
    expect(r.mime).toBe('text/html; charset=utf-8');
  });

  it('hands the print-ready HTML to the host printer and leaves it open', async () => {
    const printer = new FakePrinter();
    const progress: ExportProgress[] = [];
    const r = await exportBriefing(waicBriefing(), { format: 'pdf', template: 'modern', printer, onProgress: (p) => progress.push(p) });
    expect(new TextDecoder().decode(r.bytes)).toBe('%PDF-1.7 fake');
    expect(printer.calls).toHaveLength(1);
    expect(printer.calls[0].html).toContain('bd-template-modern bd-lang-zh bd-print');
    expect(printer.calls[0].options.footerTemplate).toContain('pageNumber');
    expect(printer.closed).toBe(false);
    expect(progress.map((p) => p.stage)).toEqual(['outline', 'render', 'print', 'done']);
    expect(r.mime).toBe('application/pdf');
  });

  it('writes DOCX bytes with the Word mime type', async () => {
    const r = await exportBriefing(waicBriefing(), { format: 'docx' });
    expect(String.fromCharCode(r.bytes[0], r.bytes[1])).toBe('PK');
    expect(r.fileName.endsWith('.docx')).toBe(true);
    expect(r.mime).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  });

  it('refuses an invalid briefing or format with a message naming the field', async () => {
    const bad = { ...waicBriefing(), header: { ...waicBriefing().header, date: '2023-13-01' } };
    await expect(exportBriefing(bad, { format: 'md' })).rejects.toThrow(/header\.date/);
    await expect(exportBriefing(waicBriefing(), { format: 'rtf' as never })).rejects.toBeInstanceOf(BdError);
  });

  it('makes file names safe on every platform', () => {
    const b = waicBriefing();
    expect(exportFileName({ header: { ...b.header, title: 'A/B: "C" <d>?*|. ' } }, 'pdf')).toBe('2023-07-12 A B C d.pdf');
    expect(exportFileName({ header: { ...b.header, title: '///' } }, 'docx')).toBe('2023-07-12 briefing.docx');
  });
});
