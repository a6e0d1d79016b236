/**
 * Which briefings cite which articles, against a real library: built from
 * the briefing files on first use (also those saved before this process
 * started), kept in step with saves and deletes, and the duplicate check of
 * addHighlightsToBriefing (skip leaves out what the briefing holds).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Core } from '../core';
import type { Briefing } from '../../common/briefing/model';

let dir: string;
let core: Core;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bd-citations-'));
  core = await Core.open({ dir, host: 'cli', seedSample: false, searchIndex: 'lazy' });
});

afterEach(async () => {
  await core.close();
  await rm(dir, { recursive: true, force: true });
});

async function article(text: string) {
  const { id } = await core.api.importText({ text });
  const a = await core.api.createAnnotation({ articleId: id, start: 0, end: 4 });
  const b = await core.api.createAnnotation({ articleId: id, start: 6, end: 10 });
  return { id, highlights: [a.id, b.id] };
}

describe('citingBriefings', () => {
  it('names the briefings citing an article, follows saves and deletes, and survives a restart', async () => {
    const one = await article('数据中心建设加快推进\n\n全国在用数据中心机架总规模超过八百万标准机架。');
    const two = await article('夏粮再获丰收\n\n全国夏粮总产量达到二九二三亿斤。');
    const weekly = await core.api.createBriefing({ title: '第3期 数字经济周报', articleIds: [one.id] });
    const grain = await core.api.createBriefing({ title: '农业要情' });
    await core.api.addHighlightsToBriefing({ briefingId: grain.id, highlights: [{ articleId: two.id, annotationId: two.highlights[1] }] });

    expect(await core.api.citingBriefings({ articleIds: [one.id] })).toEqual({
      briefings: [{ id: weekly.id, title: '第3期 数字经济周报', articleIds: [one.id], annotationIds: one.highlights }],
    });
    const both = await core.api.citingBriefings({ articleIds: [one.id, two.id] });
    expect(both.briefings.map((b) => b.title)).toEqual(['农业要情', '第3期 数字经济周报']);
    expect(both.briefings[0].annotationIds).toEqual([two.highlights[1]]);

    // The composer removes the item: the briefing no longer cites the article.
    const saved = await core.api.getBriefing({ id: weekly.id });
    await core.api.saveBriefing({ briefing: { ...saved, sections: [] } as Briefing });
    expect((await core.api.citingBriefings({ articleIds: [one.id] })).briefings).toEqual([]);

    await core.api.deleteBriefing({ id: grain.id });
    expect((await core.api.citingBriefings({ articleIds: [two.id] })).briefings).toEqual([]);

    // Built from the files in a new process.
    await core.api.addHighlightsToBriefing({ briefingId: weekly.id, highlights: [{ articleId: two.id, annotationId: two.highlights[0] }] });
    await core.close();
    core = await Core.open({ dir, host: 'cli', seedSample: false, searchIndex: 'lazy' });
    expect((await core.api.citingBriefings({ articleIds: [two.id] })).briefings.map((b) => b.title)).toEqual(['第3期 数字经济周报']);
  });

  it('skips highlights the briefing already holds when asked to, and adds them again by default', async () => {
    const one = await article('人工智能大会在上海开幕\n\n大会发布了一批算力与大模型成果。');
    const b = await core.api.createBriefing({ title: '人工智能动态' });
    const refs = one.highlights.map((annotationId) => ({ articleId: one.id, annotationId }));
    await core.api.addHighlightsToBriefing({ briefingId: b.id, highlights: [refs[0]] });
    const skipped = await core.api.addHighlightsToBriefing({ briefingId: b.id, highlights: [...refs, refs[1]], duplicates: 'skip' });
    const ids = (x: Briefing) => x.sections.flatMap((s) => s.items.map((it) => (it.kind === 'highlight' ? it.annotationId : '')));
    expect(ids(skipped)).toEqual(one.highlights);
    const again = await core.api.addHighlightsToBriefing({ briefingId: b.id, highlights: [refs[0]] });
    expect(ids(again)).toEqual([...one.highlights, one.highlights[0]]);
  });
});
