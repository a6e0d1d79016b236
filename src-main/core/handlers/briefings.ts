/**
 * Handlers of the briefing contract (src-main/common/contract/briefings.ts).
 */
import type { HandlersOf } from '../../common/contract/define';
import type { briefingContract } from '../../common/contract/briefings';

// The export pipeline (marked, DOMPurify on jsdom, docx) loads on first use, not at start-up.
const loadHtml = () => import('../export/html');
const loadExport = () => import('../export/export');
import type { CoreContext } from '../context';

export function briefingHandlers(ctx: CoreContext): HandlersOf<typeof briefingContract> {
  const { briefings } = ctx;
  return {
    listBriefings: () => briefings.list(),
    getBriefing: async (p) => {
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
    previewBriefing: async (p) => {
      const briefing = await briefings.get(p.id);
      const { briefingToHtml } = await loadHtml();
      return { html: briefingToHtml(briefing, { template: p.template ?? briefing.template ?? 'modern', purpose: p.purpose ?? 'print' }) };
    },
    exportBriefing: async (p) => {
      const briefing = await briefings.get(p.id);
      const printer = p.format === 'pdf' ? ctx.pdfPrinter() : undefined;
      printer?.warm?.(); // Chromium starts while the export pipeline loads and lays out the pages
      const { exportBriefing } = await loadExport();
      const result = await exportBriefing(briefing, {
        format: p.format,
        template: p.template ?? briefing.template ?? 'modern',
        ...(printer ? { printer } : {}),
      });
      return { fileName: result.fileName, mime: result.mime, dataBase64: Buffer.from(result.bytes).toString('base64') };
    },
  };
}
