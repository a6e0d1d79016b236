/**
 * A briefing's excerpts are copies of highlights: when the article is
 * corrected under a highlight (a figure fixed), the highlight moves or is
 * deleted, `briefingHighlightChanges` names the excerpts that no longer say
 * what their highlight says, and `refreshBriefingHighlights` brings them up
 * to date. Through the core API on a real temporary library.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Core } from '../core';
import type { Briefing, HighlightItem } from '../../common/briefing/model';

const sampleBytes = readFileSync(join(__dirname, '../../../resources/rmrb-2023-waic-ai-conference.txt'));
let dir: string;
let core: Core;
let articleId: string;
let text: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bd-brief-changes-'));
  core = await Core.open({ dir, host: 'cli', seedSample: false });
  articleId = (await core.api.importFile({ name: 'sample.txt', dataBase64: sampleBytes.toString('base64') })).id;
  text = (await core.api.getArticle({ id: articleId })).text;
});
afterEach(async () => {
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

const range = (quote: string) => {
  const start = text.indexOf(quote);
  if (start < 0) throw new Error(`not in sample: ${quote}`);
  return { start, end: start + quote.length };
};
const items = (b: Briefing) => b.sections.flatMap((s) => s.items).filter((i): i is HighlightItem => i.kind === 'highlight');

describe('briefing excerpts against their highlights', () => {
  it('names the excerpts whose highlight text changed or is gone, in briefing order; refreshing clears the changed ones', async () => {
    const figure = await core.api.createAnnotation({ articleId, ...range('共计举办133场主题论坛，线下参观人数突破17.7万人次'), color: 'figure' });
    const stays = await core.api.createAnnotation({ articleId, ...range('深度交流为行业高质量发展集聚众智'), color: 'key', note: '原按语' });
    const doomed = await core.api.createAnnotation({ articleId, ...range('均创历史新高'), color: 'risk' });
    const created = await core.api.createBriefing({ title: '测试简报' });
    const briefing = await core.api.addHighlightsToBriefing({
      briefingId: created.id,
      highlights: [figure, stays, doomed].map((a) => ({ articleId, annotationId: a.id })),
    });
    const [figureItem, staysItem, doomedItem] = items(briefing);
    expect(await core.api.briefingHighlightChanges({ id: briefing.id })).toEqual({ changed: [], missing: [], orphaned: [] });

    // A figure corrected inside the first highlight; the third highlight deleted; the second's note edited in the library.
    const fix = range('17.7万');
    await core.api.editArticleText({ id: articleId, ...fix, text: '17.8万' });
    await core.api.deleteAnnotation({ articleId, id: doomed.id });
    await core.api.updateAnnotation({ articleId, id: stays.id, note: '新按语' });
    expect(await core.api.briefingHighlightChanges({ id: briefing.id })).toEqual({ changed: [figureItem!.id], missing: [doomedItem!.id], orphaned: [] });
    // Asking writes nothing: the excerpt still holds the old figure.
    expect(items(await core.api.getBriefing({ id: briefing.id }))[0]!.quote).toContain('17.7万');

    const refreshed = await core.api.refreshBriefingHighlights({ id: briefing.id });
    expect(refreshed).toMatchObject({ updated: 2, missing: 1 });
    expect(items(refreshed.briefing).map((i) => [i.id, i.quote.includes('17.8万'), i.note])).toEqual([
      [figureItem!.id, true, ''],
      [staysItem!.id, false, '新按语'],
      [doomedItem!.id, false, ''],
    ]);
    expect(await core.api.briefingHighlightChanges({ id: briefing.id })).toEqual({ changed: [], missing: [doomedItem!.id], orphaned: [] });
  });

  it('names an excerpt whose passage was deleted from the article (its highlight kept as an orphan)', async () => {
    const gone = await core.api.createAnnotation({ articleId, ...range('均创历史新高'), color: 'risk' });
    const kept = await core.api.createAnnotation({ articleId, ...range('深度交流为行业高质量发展集聚众智'), color: 'key' });
    const b = await core.api.addHighlightsToBriefing({
      briefingId: (await core.api.createBriefing({ title: 'C' })).id,
      highlights: [gone, kept].map((a) => ({ articleId, annotationId: a.id })),
    });
    await core.api.editArticleText({ id: articleId, ...range('，均创历史新高'), text: '' });
    expect((await core.api.listAnnotations({ articleId })).find((a) => a.id === gone.id)?.orphan).toBe(true);
    expect(await core.api.briefingHighlightChanges({ id: b.id })).toEqual({ changed: [], missing: [], orphaned: [items(b)[0]!.id] });
  });

  it('counts an excerpt whose article was deleted as missing, and refuses an unknown briefing or a bad id naming the field', async () => {
    const a = await core.api.createAnnotation({ articleId, ...range('均创历史新高'), color: 'risk' });
    const b = await core.api.addHighlightsToBriefing({
      briefingId: (await core.api.createBriefing({ title: 'B' })).id,
      highlights: [{ articleId, annotationId: a.id }],
    });
    await core.api.deleteArticle({ id: articleId });
    expect(await core.api.briefingHighlightChanges({ id: b.id })).toEqual({ changed: [], missing: [items(b)[0]!.id], orphaned: [] });
    await expect(core.api.briefingHighlightChanges({ id: 'b0123456789ab' })).rejects.toMatchObject({ code: 'not-found' });
    await expect(core.api.briefingHighlightChanges({ id: '../x' } as never)).rejects.toMatchObject({ code: 'invalid-params', field: 'id' });
  });
});
