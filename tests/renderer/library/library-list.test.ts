// @vitest-environment node
/**
 * LibraryList without React, against a real core on a temporary library of
 * 250 articles: only the pages asked for are fetched; a new query starts
 * over and drops answers to the old one; refresh follows changes made
 * elsewhere; the selection (toggle, shift-range, all matching) survives
 * re-sorting, and the bulk actions change what core holds. While core is
 * still counting (highlight tags not known yet) the list asks again when
 * core's countsComplete event says so, not every moment before (a fallback
 * timer if the event never comes).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Core } from '../../../src-main/core/core';
import type { Api } from '../../../src-main/common/api';
import { LibraryList, PAGE_SIZE, type LibraryListClient } from '../../../src-renderer/library/library-list';
import { COMPLETE_FALLBACK_MS } from '../../../src-renderer/list/paged-list';

let dir: string;
let core: Core;
let api: Api;
const SOURCES = ['人民日报', '新华社', '经济日报'];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bd-library-list-'));
  core = await Core.open({ dir, host: 'browser', seedSample: false, searchIndex: 'lazy' });
  api = core.api;
  await core.store.batch(async () => {
    for (let i = 0; i < 250; i++) {
      const { id } = await api.importText({ text: `第${i}号文章 关于算力建设的报道\n\n正文第${i}段，介绍数据中心与算力网络的进展。编号${i * 7919}。` });
      await api.updateArticleMeta({
        id,
        meta: { source: SOURCES[i % 3], published: `2023-${String((i % 12) + 1).padStart(2, '0')}-10`, tags: i % 10 === 0 ? ['要闻'] : [] },
      });
    }
  });
}, 120_000);

afterAll(async () => {
  await core.close();
  await rm(dir, { recursive: true, force: true });
});

/** The client, counting queryArticles calls by offset. */
function counting(): { client: LibraryListClient; offsets: number[] } {
  const offsets: number[] = [];
  const client: LibraryListClient = {
    queryArticles: (p) => {
      offsets.push(p.offset ?? 0);
      return api.queryArticles(p);
    },
    listArticleIds: (p) => api.listArticleIds(p),
    tagArticles: (p) => api.tagArticles(p),
    deleteArticles: (p) => api.deleteArticles(p),
  };
  return { client, offsets };
}

describe('LibraryList', () => {
  it('fetches only the pages a visible range needs', async () => {
    const { client, offsets } = counting();
    const list = new LibraryList(client);
    await list.start();
    expect(list.getSnapshot()).toMatchObject({ total: 250, libraryTotal: 250, filtered: false });
    expect(offsets).toEqual([0]);
    expect(list.rowAt(0)?.title).toBe('第249号文章 关于算力建设的报道');
    expect(list.rowAt(PAGE_SIZE)).toBeUndefined();
    list.ensureRange(90, 130);
    list.ensureRange(95, 135); // already asked: no second call
    await list.idle();
    expect(offsets).toEqual([0, PAGE_SIZE]);
    expect(list.rowAt(PAGE_SIZE)?.title).toBe('第149号文章 关于算力建设的报道');
    list.ensureRange(240, 400); // clamped to the total
    await list.idle();
    expect(offsets).toEqual([0, PAGE_SIZE, 2 * PAGE_SIZE]);
    expect(list.rowAt(249)?.title).toBe('第0号文章 关于算力建设的报道');
    list.dispose();
  });

  it('starts over on a new query, drops answers to the old one, and counts facets', async () => {
    const list = new LibraryList(counting().client);
    await list.start();
    list.setQuery({ source: '新华社' });
    list.setQuery({ tag: '要闻' }); // before the first answer arrives
    await list.idle();
    const snap = list.getSnapshot();
    expect(snap.total).toBe(8); // i ≡ 1 (mod 3) and i ≡ 0 (mod 10): 10, 40, …, 220
    expect(snap.filtered).toBe(true);
    expect(list.rowAt(0)?.source).toBe('新华社');
    expect(snap.sources.find((s) => s.value === '人民日报')?.count).toBe(9);
    list.setQuery({ text: '第1' });
    await list.idle();
    // 第10号 and 第100 … 第199号 carry the tag and the source: 10, 100, 130, 160, 190.
    expect(list.getSnapshot().total).toBe(5);
    list.clearFilters();
    await list.idle();
    expect(list.getSnapshot()).toMatchObject({ total: 250, filtered: false });
    list.setQuery({ sort: 'title' });
    await list.idle();
    expect(list.getSnapshot().query.order).toBe('asc');
    list.dispose();
  });

  it('keeps a selection across sorting, selects all matching, and applies bulk tags and deletes', async () => {
    const list = new LibraryList(counting().client);
    await list.start();
    const first = list.rowAt(0)!;
    list.toggle(first.id, 0);
    list.extendTo(4);
    expect(list.getSnapshot().selected.size).toBe(5);
    list.setQuery({ sort: 'title' });
    await list.idle();
    expect(list.getSnapshot().selected.has(first.id)).toBe(true);
    list.toggle(first.id);
    expect(list.getSnapshot().selected.size).toBe(4);

    list.setQuery({ tag: '要闻' });
    await list.idle();
    expect(await list.selectAllMatching()).toBe(25);
    expect(await list.tagSelected(['复核'])).toBe(25);
    expect((await api.queryArticles({ tag: '复核', limit: 0 })).total).toBe(25);

    list.clearSelection();
    list.setQuery({ tag: '复核', text: '第24' });
    await list.idle();
    expect(list.getSnapshot().total).toBe(1);
    list.toggle(list.rowAt(0)!.id, 0);
    const deleted = await list.deleteSelected();
    expect(deleted.map((d) => d.title)).toEqual(['第240号文章 关于算力建设的报道']);
    expect(list.getSnapshot()).toMatchObject({ total: 0, libraryTotal: 249 });
    expect(list.getSnapshot().selected.size).toBe(0);
    list.dispose();
  });

  it("does not give the previous answer's total as the new query's while that one is on its way", async () => {
    const count = async (q: object) => (await api.queryArticles({ sort: 'added', order: 'desc', offset: 0, limit: 1, ...q })).total;
    const all = await count({});
    const fromSource = await count({ source: '经济日报' });
    const withWords = await count({ source: '经济日报', text: '第2' });
    expect(new Set([all, fromSource, withWords]).size).toBe(3);
    const list = new LibraryList(counting().client);
    await list.start();
    expect(list.getSnapshot()).toMatchObject({ total: all, stale: false });
    list.setQuery({ source: '经济日报' });
    // Asked, not answered: the total held is the query before's, not this one's.
    expect(list.getSnapshot()).toMatchObject({ filtered: true, stale: true });
    await list.idle();
    expect(list.getSnapshot()).toMatchObject({ total: fromSource, stale: false });
    list.setQuery({ text: '第2' }); // words wait a moment before they are asked
    expect(list.getSnapshot().stale).toBe(true);
    await list.idle();
    expect(list.getSnapshot()).toMatchObject({ total: withWords, stale: false });
    list.dispose();
  });

  it('follows a change made elsewhere on refresh', async () => {
    const list = new LibraryList(counting().client, { text: '新增' });
    await list.start();
    expect(list.getSnapshot().total).toBe(0);
    await api.importText({ text: '新增的一篇文章\n\n关于算力调度的新闻。' });
    await list.refresh();
    expect(list.getSnapshot().total).toBe(1);
    expect(list.rowAt(0)?.title).toBe('新增的一篇文章');
    list.dispose();
  });
});

describe('LibraryList while core is still counting', () => {
  let own: Core;
  let ownDir: string;
  beforeAll(async () => {
    ownDir = await mkdtemp(join(tmpdir(), 'bd-library-counting-'));
    // searchIndex 'lazy': the highlight tags are learnt only when asked (a tag filter), so counts stay incomplete until then.
    own = await Core.open({ dir: ownDir, host: 'browser', seedSample: false, searchIndex: 'lazy' });
    for (const title of ['关于促进数据要素流通的意见', '长江经济带生态保护报告', '全国统一大市场建设进展'])
      await own.api.importText({ text: `${title}\n\n正文。` });
  });
  afterAll(async () => {
    vi.useRealTimers();
    await own.close();
    await rm(ownDir, { recursive: true, force: true });
  });

  function counted(): { client: LibraryListClient; asked: () => number } {
    let n = 0;
    const client: LibraryListClient = { ...own.api, queryArticles: (p) => (n++, own.api.queryArticles(p)) };
    return { client, asked: () => n };
  }
  const tagsKnown = (listener: () => void) =>
    own.events.on((m) => {
      if (m.name === 'countsComplete' && m.payload.counts === 'tags') listener();
    });

  it('asks again when core says the counts are complete, and not before', async () => {
    const { client, asked } = counted();
    const list = new LibraryList(client, {}, tagsKnown);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      await list.start();
      expect(list.getSnapshot()).toMatchObject({ complete: false, total: 3 });
      await vi.advanceTimersByTimeAsync(COMPLETE_FALLBACK_MS - 100);
      await list.idle();
      expect(asked()).toBe(1);
      // Something asks for a tag: core learns every article's highlight tags and says the counts are complete.
      await own.api.queryArticles({ sort: 'added', order: 'desc', offset: 0, limit: 1, tag: '要闻' });
      await vi.waitFor(() => expect(list.getSnapshot().complete).toBe(true));
      await list.idle();
      expect(asked()).toBe(2);
      await vi.advanceTimersByTimeAsync(2 * COMPLETE_FALLBACK_MS);
      expect(asked()).toBe(2); // complete: nothing more is asked
    } finally {
      list.dispose();
      vi.useRealTimers();
    }
  });

  it('without the event, asks again after the fallback delay', async () => {
    const fresh = await mkdtemp(join(tmpdir(), 'bd-library-counting-'));
    const lazy = await Core.open({ dir: fresh, host: 'browser', seedSample: false, searchIndex: 'lazy' });
    let n = 0;
    const list = new LibraryList({ ...lazy.api, queryArticles: (p) => (n++, lazy.api.queryArticles(p)) });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      await list.start();
      expect(list.getSnapshot().complete).toBe(false);
      await vi.advanceTimersByTimeAsync(COMPLETE_FALLBACK_MS - 100);
      expect(n).toBe(1);
      await vi.advanceTimersByTimeAsync(200);
      await list.idle();
      expect(n).toBe(2);
    } finally {
      list.dispose();
      vi.useRealTimers();
      await lazy.close();
      await rm(fresh, { recursive: true, force: true });
    }
  });
});
