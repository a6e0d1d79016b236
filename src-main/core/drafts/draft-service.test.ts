/**
 * Drafts through the contract against a real library folder: kept across
 * reopening, replaced per editor, discarded, gone with their article; a
 * damaged drafts.json keeps its good drafts (the original set aside, the user
 * told); one from a newer version is left untouched and refused; sizes and
 * keys are checked at the boundary with the field named.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Core } from '../core';
import type { Draft } from '../../common/contract/drafts';

let dir: string;
let core: Core;
const open = () => Core.open({ dir, host: 'cli', seedSample: false, searchIndex: 'lazy' });

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bd-drafts-'));
  core = await open();
});
afterEach(async () => {
  await core.close();
  await rm(dir, { recursive: true, force: true });
});

async function article(text: string): Promise<string> {
  return ((await core.call('importText', { text })) as { id: string }).id;
}

describe('drafts', () => {
  it('keeps one draft per editor, newest first, across reopening; discarding forgets it', async () => {
    const a = await article('关于加快发展算力基础设施的意见\n各地要统筹布局数据中心，推动算力资源集约利用。');
    const b = await article('Grid operators expand storage\nBattery capacity doubled across the regional grid this year.');
    await core.call('saveDraft', { draft: { kind: 'note', articleId: a, annotationId: 'h000000000001', text: '初稿' } });
    await core.call('saveDraft', { draft: { kind: 'meta', articleId: b, fields: { url: 'https://exa', title: 'Grid operators' } } });
    await core.call('saveDraft', { draft: { kind: 'note', articleId: a, annotationId: 'h000000000001', text: '初稿，补充：数据中心' } });
    await core.call('saveDraft', { draft: { kind: 'tags', articleId: a, annotationId: 'h000000000002', tags: ['算力'], input: '数据' } });
    await core.close();
    core = await open();
    const all = (await core.call('listDrafts', {})) as Draft[];
    expect(all.map((d) => d.kind)).toEqual(['tags', 'note', 'meta']);
    expect(all[1]).toMatchObject({ text: '初稿，补充：数据中心' });
    expect(all[2]).toMatchObject({ fields: { url: 'https://exa' } });
    expect(((await core.call('listDrafts', { articleId: b })) as Draft[]).map((d) => d.kind)).toEqual(['meta']);
    expect(await core.call('discardDraft', { key: `note:${a}:h000000000001` })).toEqual({ discarded: true });
    expect(await core.call('discardDraft', { key: `note:${a}:h000000000001` })).toEqual({ discarded: false });
    expect(((await core.call('listDrafts', {})) as Draft[]).map((d) => d.kind)).toEqual(['tags', 'meta']);
  });

  it('drops the drafts of an article when it is deleted', async () => {
    const a = await article('第一篇\n正文第一段，讲述产业政策。');
    const b = await article('第二篇\n正文第二段，讲述区域发展。');
    await core.call('saveDraft', { draft: { kind: 'meta', articleId: a, fields: { source: '新华社' } } });
    await core.call('saveDraft', { draft: { kind: 'meta', articleId: b, fields: { source: '人民日报' } } });
    await core.call('deleteArticles', { ids: [a] });
    await expect.poll(async () => ((await core.call('listDrafts', {})) as Draft[]).map((d) => d.articleId)).toEqual([b]);
  });

  it('refuses a draft that is too long or names no real editor, naming the field, and keeps what was stored', async () => {
    const a = await article('标题\n正文。');
    await core.call('saveDraft', { draft: { kind: 'note', articleId: a, annotationId: 'h000000000001', text: '保留' } });
    await expect(
      core.call('saveDraft', { draft: { kind: 'note', articleId: a, annotationId: 'h000000000001', text: '长'.repeat(100_001) } }),
    ).rejects.toMatchObject({
      code: 'invalid-params',
      field: 'draft.text',
    });
    await expect(core.call('saveDraft', { draft: { kind: 'meta', articleId: a, fields: { colour: 'red' } } })).rejects.toMatchObject({
      code: 'invalid-params',
    });
    await expect(core.call('discardDraft', { key: '../settings.json' })).rejects.toMatchObject({ field: 'key' });
    expect(((await core.call('listDrafts', {})) as Draft[]).map((d) => d.kind === 'note' && d.text)).toEqual(['保留']);
  });

  it('keeps the good drafts of a damaged drafts.json, sets the original aside and says so', async () => {
    await core.close();
    const good = { kind: 'note', articleId: 'a1f00dfeed001', annotationId: 'h1f00dfeed001', text: '完好的草稿', saved: '2024-01-01T00:00:00.000Z' };
    await writeFile(join(dir, 'drafts.json'), JSON.stringify({ schemaVersion: 1, drafts: [good, { kind: 'note', articleId: 'x', text: 5 }] }));
    core = await open();
    expect(await core.call('listDrafts', {})).toEqual([good]);
    expect(await readdir(join(dir, 'quarantine'))).toEqual([expect.stringMatching(/drafts\.json$/)]);
    const info = (await core.call('libraryInfo', {})) as { warnings: { kind: string; message: string }[] };
    expect(info.warnings).toContainEqual(expect.objectContaining({ kind: 'salvaged', message: expect.stringContaining('draft 2') }));
  });

  it('leaves a drafts.json from a newer version as it is and refuses to overwrite it', async () => {
    await core.close();
    const newer = JSON.stringify({ schemaVersion: 2, drafts: [], somethingNew: true });
    await writeFile(join(dir, 'drafts.json'), newer);
    core = await open();
    await expect(core.call('listDrafts', {})).rejects.toMatchObject({ code: 'refused' });
    await expect(core.call('saveDraft', { draft: { kind: 'meta', articleId: 'a1f00dfeed001', fields: {} } })).rejects.toMatchObject({ code: 'refused' });
    expect(await readFile(join(dir, 'drafts.json'), 'utf8')).toBe(newer);
  });
});
