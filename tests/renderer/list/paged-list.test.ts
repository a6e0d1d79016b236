// @vitest-environment node
/**
 * The shared paged list store, through both of its lists (articles and
 * highlights), against a real core on a temporary library: a selection
 * never holds rows that went away — deleted articles, deleted highlights,
 * rows a new filter leaves out, rows beyond the loaded pages — while rows
 * that still match keep their place across sorts and refreshes; the
 * keyboard's range extension and the list-ordered keys behave the same way
 * in both.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../../src-main/core/core';
import type { Api } from '../../../src-main/common/api';
import type { ColorKey } from '../../../src-main/common/model';
import { LibraryList } from '../../../src-renderer/library/library-list';
import { NotebookList } from '../../../src-renderer/notebook/notebook-list';
import { PAGE_SIZE } from '../../../src-renderer/list/paged-list';

let dir: string;
let core: Core;
let api: Api;

/** Articles with `n` highlights each; returns ids and annotation ids. */
async function article(title: string, colors: ColorKey[], tags: string[] = []): Promise<{ id: string; highlights: string[] }> {
  const body = '国务院办公厅印发通知，部署推进数字政府建设，要求各地区各部门结合实际认真贯彻落实。';
  const { id } = await api.importText({ text: `${title}\n\n${body}\n\n${body}` });
  if (tags.length) await api.updateArticleMeta({ id, meta: { tags } });
  const highlights: string[] = [];
  for (const [i, color] of colors.entries()) {
    const a = await api.createAnnotation({ articleId: id, start: 20 + i * 6, end: 24 + i * 6, color });
    highlights.push(a.id);
  }
  return { id, highlights };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bd-paged-list-'));
  core = await Core.open({ dir, host: 'browser', seedSample: false, searchIndex: 'lazy' });
  api = core.api;
}, 60_000);

afterAll(async () => {
  await core.close();
  await rm(dir, { recursive: true, force: true });
});

describe('NotebookList selection follows the rows', () => {
  it('drops the highlights of a deleted article, and a deleted highlight, on refresh', async () => {
    const a = await article('关于加快建设全国统一大市场的意见', ['key', 'policy', 'risk']);
    const b = await article('数字中国建设整体布局规划', ['figure', 'verify']);
    const list = new NotebookList(api);
    await list.start();
    expect(list.getSnapshot().total).toBe(5);
    await list.selectAllMatching();
    expect(list.getSnapshot().selected.size).toBe(5);

    await api.deleteArticles({ ids: [b.id] });
    await list.refresh();
    let snap = list.getSnapshot();
    expect(snap.total).toBe(3);
    expect(snap.selected.size).toBe(3);
    expect(list.selectedKeys().map((k) => k.articleId)).toEqual([a.id, a.id, a.id]);

    await api.deleteAnnotation({ articleId: a.id, id: a.highlights[1] });
    await list.refresh();
    snap = list.getSnapshot();
    expect(snap.total).toBe(2);
    expect([...snap.selected].sort()).toEqual([a.highlights[0], a.highlights[2]].sort());
    await api.deleteArticles({ ids: [a.id] });
    await list.refresh();
    expect(list.getSnapshot()).toMatchObject({ total: 0 });
    expect(list.getSnapshot().selected.size).toBe(0);
    list.dispose();
  });

  it('keeps what a new filter still shows, drops the rest, and keeps everything across a sort', async () => {
    const c = await article('2024年国民经济和社会发展计划', ['key', 'key', 'risk', 'policy']);
    const list = new NotebookList(api);
    await list.start();
    await list.selectAllMatching();
    expect(list.getSnapshot().selected.size).toBe(4);
    list.setQuery({ sort: 'color' });
    await list.idle();
    expect(list.getSnapshot().selected.size).toBe(4);
    list.setQuery({ color: 'key' });
    await list.idle();
    expect(list.getSnapshot().total).toBe(2);
    expect([...list.getSnapshot().selected].sort()).toEqual(c.highlights.slice(0, 2).sort());
    // Widening the filter again does not bring the dropped ones back.
    list.clearFilters();
    await list.idle();
    expect(list.getSnapshot().total).toBe(4);
    expect(list.getSnapshot().selected.size).toBe(2);
    await api.deleteArticles({ ids: [c.id] });
    list.dispose();
  });

  it('selects every match even when a refresh (an event from elsewhere) comes while select-all is on its way', async () => {
    const e = await article('关于促进民营经济发展壮大的意见', ['key', 'figure', 'policy']);
    const list = new NotebookList(api);
    await list.start();
    const asked = list.selectAllMatching();
    void list.refresh(); // libraryChanged, or core still counting
    expect(await asked).toBe(3);
    await list.idle();
    expect([...list.getSnapshot().selected].sort()).toEqual([...e.highlights].sort());
    // A new query on the way does drop it: the keys would belong to the old filter.
    list.clearSelection();
    const stale = list.selectAllMatching();
    list.setQuery({ color: 'key' });
    await stale;
    await list.idle();
    expect(list.getSnapshot().selected.size).toBe(0);
    await api.deleteArticles({ ids: [e.id] });
    list.dispose();
  });

  it('extends from the anchor (or the row the keys stood on) and lists keys in list order', async () => {
    const d = await article('政府工作报告', ['key', 'figure', 'policy', 'risk', 'verify']);
    const list = new NotebookList(api);
    list.setQuery({ sort: 'created', order: 'asc' });
    await list.idle();
    list.extendTo(3, 1); // Shift+↓ from the second row: rows 1…3
    expect(list.selectedKeys().map((k) => k.annotationId)).toEqual(d.highlights.slice(1, 4));
    list.toggle(list.keyOf(list.rowAt(0)!), 0);
    list.extendTo(1); // anchor is now row 0
    expect(list.selectedKeys().map((k) => k.annotationId)).toEqual(d.highlights.slice(0, 4));
    await api.deleteArticles({ ids: [d.id] });
    list.dispose();
  });
});

describe('a Shift-range gives rows back when it moves back towards its anchor', () => {
  it('Shift+↓ ↓ ↑, past the anchor, Home and End, in both lists; Ctrl-picked rows outside the range stay', async () => {
    const d = await article('关于推动能源绿色低碳转型的意见', ['key', 'figure', 'policy', 'risk', 'verify', 'key']);
    const notebook = new NotebookList(api);
    notebook.setQuery({ articleId: d.id, sort: 'created', order: 'asc' });
    await notebook.idle();
    const rows = (list: NotebookList) => list.selectedKeys().map((k) => d.highlights.indexOf(k.annotationId));
    notebook.selectOnly(notebook.keyOf(notebook.rowAt(2)!), 2);
    notebook.extendTo(3); // Shift+↓
    notebook.extendTo(4); // Shift+↓
    expect(rows(notebook)).toEqual([2, 3, 4]);
    notebook.extendTo(3); // Shift+↑: row 4 leaves the selection
    expect(rows(notebook)).toEqual([2, 3]);
    notebook.extendTo(1); // past the anchor: rows 1…2
    expect(rows(notebook)).toEqual([1, 2]);
    notebook.extendTo(5); // Shift+End
    expect(rows(notebook)).toEqual([2, 3, 4, 5]);
    notebook.extendTo(0); // Shift+Home
    expect(rows(notebook)).toEqual([0, 1, 2]);
    // Ctrl+click on row 5 ends the range and is the next one's anchor; the rows picked before stay.
    notebook.toggle(notebook.keyOf(notebook.rowAt(5)!), 5);
    notebook.extendTo(4);
    expect(rows(notebook)).toEqual([0, 1, 2, 4, 5]);
    notebook.extendTo(5);
    expect(rows(notebook)).toEqual([0, 1, 2, 5]);
    notebook.dispose();

    const library = new LibraryList(api, { text: '能源绿色低碳' });
    await library.idle();
    await article('关于推动能源绿色低碳转型的意见（二）', []);
    await article('关于推动能源绿色低碳转型的意见（三）', []);
    await library.refresh();
    expect(library.getSnapshot().total).toBe(3);
    library.selectOnly(library.rowAt(0)!.id, 0);
    library.extendTo(2);
    expect(library.getSnapshot().selected.size).toBe(3);
    library.extendTo(1);
    expect(library.selectedKeys()).toEqual([library.rowAt(0)!.id, library.rowAt(1)!.id]);
    const ids = [0, 1, 2].map((i) => library.rowAt(i)!.id);
    library.dispose();
    await api.deleteArticles({ ids });
  });
});

describe('LibraryList selection follows the rows', () => {
  it('drops articles deleted elsewhere and those a tag filter leaves out', async () => {
    const made = [];
    for (let i = 0; i < 4; i++) made.push(await article(`第${i}篇 关于稳就业的通知`, [], i < 2 ? ['就业'] : ['民生']));
    const list = new LibraryList(api, { text: '稳就业' });
    await list.start();
    await list.selectAllMatching();
    expect(list.getSnapshot().selected.size).toBe(4);

    await api.deleteArticles({ ids: [made[3].id] }); // deleted elsewhere: no forget() called
    await list.refresh();
    expect(list.getSnapshot().total).toBe(3);
    expect(list.getSnapshot().selected.size).toBe(3);

    list.setQuery({ tag: '就业' });
    await list.idle();
    expect(list.getSnapshot().total).toBe(2);
    expect([...list.getSnapshot().selected].sort()).toEqual([made[0].id, made[1].id].sort());
    list.setQuery({ sort: 'title' });
    await list.idle();
    expect(list.getSnapshot().selected.size).toBe(2);
    await api.deleteArticles({ ids: made.slice(0, 3).map((m) => m.id) });
    list.dispose();
  });

  it('asks core which selected rows still match when they lie beyond the loaded pages', async () => {
    const ids: string[] = [];
    await core.store.batch(async () => {
      for (let i = 0; i < PAGE_SIZE * 2 + 30; i++) {
        const { id } = await api.importText({ text: `批量${i}号 区域协调发展简报\n\n第${i}期，推进区域协调发展。` });
        ids.push(id);
      }
    });
    const list = new LibraryList(api, { text: '区域协调发展' });
    await list.start();
    expect(list.getSnapshot().total).toBe(ids.length);
    expect(await list.selectAllMatching()).toBe(ids.length);
    // The oldest articles sit on the last page (newest first), which was never loaded.
    const gone = ids.slice(0, 7);
    await api.deleteArticles({ ids: gone });
    await list.refresh();
    const snap = list.getSnapshot();
    expect(snap.total).toBe(ids.length - 7);
    expect(snap.selected.size).toBe(ids.length - 7);
    for (const id of gone) expect(snap.selected.has(id)).toBe(false);
    expect(list.rowAt(PAGE_SIZE * 2)).toBeUndefined();
    await api.deleteArticles({ ids: ids.slice(7) });
    list.dispose();
  });
});

describe('a page core refuses', () => {
  it('is not asked again by every render that follows the failure, only by a refresh', async () => {
    let calls = 0;
    const refusing = new Proxy(api, {
      get: (target, name) =>
        name === 'queryArticles'
          ? async () => {
              calls++;
              throw Object.assign(new Error('Unauthorized'), { code: 'refused' });
            }
          : target[name as keyof Api],
    }) as Api;
    const list = new LibraryList(refusing, {});
    let renders = 0;
    // As the list view does: every change re-renders, and each render makes sure its rows are asked for.
    list.subscribe(() => {
      if (++renders < 40) list.ensureRange(0, 100);
    });
    list.ensureRange(0, 100);
    await list.idle();
    await new Promise((r) => setTimeout(r, 0));
    await list.idle();
    expect(list.getSnapshot().error).toBeTruthy();
    expect(calls).toBe(1);
    await list.refresh().catch(() => undefined);
    await list.idle();
    expect(calls).toBe(2);
  });
});
