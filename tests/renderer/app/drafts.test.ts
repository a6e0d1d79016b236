// @vitest-environment node
/**
 * The draft book against a real core: keystrokes coalesce into one write per
 * editor, a draft survives the library being reopened (a reload), a discard
 * cancels a write still waiting, `flush` writes at once (the page is going
 * away), and a refused write keeps the draft in memory and is reported.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Core } from '../../../src-main/core/core';
import { DraftBook, type DraftsClient } from '../../../src-renderer/app/drafts';

let dir: string;
let core: Core;
const open = () => Core.open({ dir, host: 'browser', seedSample: false, searchIndex: 'lazy' });
const A = 'a000000000001';
const H = 'h000000000001';

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bd-draft-book-'));
  core = await open();
});
afterEach(async () => {
  await core.close();
  await rm(dir, { recursive: true, force: true });
});

function counting(client: DraftsClient) {
  const saves: string[] = [];
  return {
    saves,
    client: {
      listDrafts: client.listDrafts,
      discardDraft: client.discardDraft,
      saveDraft: (p: Parameters<DraftsClient['saveDraft']>[0]) => {
        saves.push(p.draft.kind === 'note' ? p.draft.text : p.draft.kind);
        return client.saveDraft(p);
      },
    } satisfies DraftsClient,
  };
}

describe('DraftBook', () => {
  it('writes one draft per pause in typing, and finds it again after the library is reopened', async () => {
    const { client, saves } = counting(core.api);
    const book = new DraftBook(client);
    for (const text of ['数', '数据', '数据中', '数据中心']) book.put({ kind: 'note', articleId: A, annotationId: H, text });
    expect(book.state(`note:${A}:${H}`)).toBe('pending');
    await book.idle();
    expect(saves).toEqual(['数据中心']);
    expect(book.state(`note:${A}:${H}`)).toBe('saved');
    await core.close();
    core = await open();
    const again = new DraftBook(core.api);
    await again.load();
    expect(again.get(`note:${A}:${H}`)).toMatchObject({ text: '数据中心' });
    expect(again.forArticle(A)).toHaveLength(1);
  });

  it('drops a draft whose write was still waiting, on disk too', async () => {
    const { client, saves } = counting(core.api);
    const book = new DraftBook(client);
    book.put({ kind: 'meta', articleId: A, fields: { source: '新华社' } });
    book.discard(`meta:${A}`);
    await book.idle();
    expect(saves).toEqual([]);
    expect(await core.api.listDrafts({})).toEqual([]);
  });

  it('writes at once on flush (the page is being hidden)', async () => {
    const book = new DraftBook(core.api);
    book.put({ kind: 'tags', articleId: A, annotationId: H, tags: ['算力'], input: '数' });
    book.flush();
    await book.idle();
    expect(await core.api.listDrafts({ articleId: A })).toEqual([expect.objectContaining({ tags: ['算力'], input: '数' })]);
  });

  it('keeps a draft the library refused in memory and reports it', async () => {
    const onError = vi.fn();
    const book = new DraftBook(core.api, onError);
    book.put({ kind: 'note', articleId: A, annotationId: H, text: '长'.repeat(100_001) });
    await book.idle();
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'invalid-params' }));
    expect(book.get(`note:${A}:${H}`)).toBeDefined();
    expect(book.state(`note:${A}:${H}`)).toBe('pending');
  });
});
