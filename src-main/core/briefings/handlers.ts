/**
 * Handlers of the briefing contract (src-main/common/contract/briefings.ts).
 */
import type { HandlersOf } from '../../common/contract/define';
import type { briefingContract, ExportFormat } from '../../common/contract/briefings';
import type { TemplateName } from '../../common/briefing/model';

// The export pipeline (marked, DOMPurify on jsdom, docx) loads on first use, not at start-up.
const loadHtml = () => import('../export/html');
const loadExport = () => import('../export/export');
import type { CoreContext } from '../context';

/** Parameters both export methods share. */
interface ExportRequest {
  id: string;
  format: ExportFormat;
  template?: TemplateName;
  operation?: string;
}

export function briefingHandlers(ctx: CoreContext): HandlersOf<typeof briefingContract> {
  /** Lays the briefing out in `format`, announcing `building` (and `failed`) as `exportProgress`. */
  const build = async (p: ExportRequest) => {
    const operation = p.operation ?? 'export';
    ctx.events.emit('exportProgress', { operation, format: p.format, phase: 'building' });
    try {
      const briefing = await ctx.briefings.get(p.id);
      const printer = p.format === 'pdf' ? ctx.pdfPrinter() : undefined;
      printer?.warm?.(); // Chromium starts while the export pipeline loads and lays out the pages
      const { exportBriefing } = await loadExport();
      return await exportBriefing(briefing, {
        format: p.format,
        template: p.template ?? briefing.template ?? 'modern',
        ...(printer ? { printer } : {}),
        onProgress: ({ stage, fraction }) => {
          if (stage !== 'done') ctx.events.emit('exportProgress', { operation, format: p.format, phase: 'building', stage, fraction });
        },
      });
    } catch (err) {
      ctx.events.emit('exportProgress', { operation, format: p.format, phase: 'failed' });
      throw err;
    }
  };

  const { briefings } = ctx;
  return {
    listBriefings: () => briefings.list(),
    getBriefing: async (p) => {
      if (p.display) await ctx.store.ensureCatalog(); // the list entry says whether the briefing exists to be marked
      if (p.display && ctx.store.briefingEntry(p.id)) await ctx.store.markOpening('briefing', p.id, 'opening');
      return briefings.get(p.id);
    },
    createBriefing: (p) => briefings.create(p),
    saveBriefing: (p) => briefings.save(p.briefing),
    duplicateBriefing: (p) => briefings.duplicate(p.id),
    deleteBriefing: (p) => briefings.remove(p.id),
    addHighlightsToBriefing: (p) => briefings.addHighlights(p),
    citingBriefings: async (p) => ({ briefings: await ctx.citations.citing(p.articleIds) }),
    refreshBriefingHighlights: (p) => briefings.refreshHighlights(p.id),
    briefingHighlightChanges: (p) => briefings.highlightChanges(p.id),
    previewBriefing: async (p) => {
      const briefing = await briefings.get(p.id);
      const { briefingToHtml } = await loadHtml();
      return { html: briefingToHtml(briefing, { template: p.template ?? briefing.template ?? 'modern', purpose: p.purpose ?? 'print' }) };
    },
    exportBriefing: async (p) => {
      const result = await build(p);
      ctx.events.emit('exportProgress', { operation: p.operation ?? 'export', format: p.format, phase: 'done', fileName: result.fileName });
      return { fileName: result.fileName, mime: result.mime, dataBase64: Buffer.from(result.bytes).toString('base64') };
    },
    exportBriefingToFile: async (p) => {
      // A target inside a library folder is refused before the export is made (and again when written).
      await ctx.store.checkExportPath(p.path);
      const result = await build(p);
      const operation = p.operation ?? 'export';
      ctx.events.emit('exportProgress', { operation, format: p.format, phase: 'writing', fileName: result.fileName });
      try {
        // Temp file beside the target, then rename: an interrupted export never damages an earlier file of that name.
        await ctx.store.writeExport(p.path, result.bytes);
      } catch (err) {
        ctx.events.emit('exportProgress', { operation, format: p.format, phase: 'failed', fileName: result.fileName });
        throw err;
      }
      ctx.events.emit('exportProgress', { operation, format: p.format, phase: 'done', fileName: result.fileName });
      return { path: p.path, fileName: result.fileName, mime: result.mime, bytes: result.bytes.length };
    },
  };
}
