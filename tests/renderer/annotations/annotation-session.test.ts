// @vitest-environment node
/**
 * AnnotationSession without React, against a real core on a temporary
 * library (lowdb files on disk): loading, creating, optimistic changes and
 * their rollback when the core refuses, undo/redo through the same write
 * queue, text edits with re-anchoring, re-attaching orphans, colour labels,
 * and a newer revision handed in by the app. Run over a Chinese and an
 * English article.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Core } from '../../../src-main/core/core';
import type { Api } from '../../../src-main/common/api';
import type { Article } from '../../../src-main/common/model';
import { SAMPLE_EN, SAMPLE_ZH } from '../../fixtures/texts';
import { AnnotationSession, type AnnotationClient } from '../../../src-renderer/annotations/annotation-session';
import { quoteOf } from '../../../src-renderer/annotations/annotation-list';

let dir: string;
let core: Core;
let api: Api;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bd-annotation-session-'));
  core = await Core.open({ dir, host: 'browser', seedSample: false, searchIndex: 'lazy' });
  api = core.api;
});

afterEach(async () => {
  await core.close();
  await rm(dir, { recursive: true, force: true });
});

/** The real core's client, with the next call of `method` failing as a dropped connection would. */
function flaky(method: keyof AnnotationClient): { client: AnnotationClient; failNext(): void } {
  let fail = false;
  const client = new Proxy(api, {
    get: (target, name: string) => {
      const real = target[name as keyof Api] as (p: unknown) => Promise<unknown>;
      return (params: unknown) => {
        if (name === method && fail) {
          fail = false;
          return Promise.reject(new Error('Briefing Desk is not responding.'));
        }
        return real(params);
      };
    },
  }) as AnnotationClient;
  return { client, failNext: () => (fail = true) };
}

async function open(text: string, title: string, client: AnnotationClient = api) {
  const { id } = await api.importText({ text, title });
  const article = await api.getArticle({ id });
  const session = new AnnotationSession(article, { api: client });
  await session.load();
  const range = (phrase: string) => {
    const start = session.getSnapshot().article.text.indexOf(phrase);
    if (start < 0) throw new Error(`not in the article: ${phrase}`);
    return { start, end: start + phrase.length };
  };
  return { article, session, range, snap: () => session.getSnapshot() };
}

const CASES = [
  { lang: 'zh', text: SAMPLE_ZH, title: '推动32个重大产业项目签约', phrase: '人工智能核心产业规模', other: '开放共建、合作共赢', tag: '产业政策' },
  {
    lang: 'en',
    text: SAMPLE_EN,
    title: 'AI conference',
    phrase: 'core AI industry has reached 500 billion yuan',
    other: 'digital workshops and smart factories',
    tag: 'industry policy',
  },
];

describe.each(CASES)('AnnotationSession ($lang)', ({ text, title, phrase, other, tag }) => {
  it('loads the list, the colour labels and the library tags', async () => {
    const { article, session } = await open(text, title);
    const start = article.text.indexOf(other);
    await api.createAnnotation({ articleId: article.id, start, end: start + other.length, color: 'risk', tags: [tag] });
    const fresh = new AnnotationSession(article, { api });
    expect(fresh.getSnapshot().loaded).toBe(false);
    await fresh.load();
    const snap = fresh.getSnapshot();
    expect(snap.loaded).toBe(true);
    expect(snap.list.map(quoteOf)).toEqual([other]);
    expect(snap.labels.key).toBe('要点');
    expect(snap.tags).toContain(tag);
    expect(session.getSnapshot().list).toHaveLength(0);
  });

  it('creates a highlight, selects it, and undoes/redoes it in the core with the same id', async () => {
    const { article, session, range, snap } = await open(text, title);
    const created = await session.create(range(phrase), 'figure', 'note');
    expect(created).not.toBeNull();
    expect(snap().selectedId).toBe(created!.id);
    expect(snap().editing).toEqual({ id: created!.id, editor: 'note' });
    expect(snap().lastColor).toBe('figure');
    expect(snap().canUndo).toBe(true);
    expect(await session.undo()).toBe('create');
    expect(await api.listAnnotations({ articleId: article.id })).toHaveLength(0);
    expect(snap().list).toHaveLength(0);
    expect(snap().selectedId).toBeNull();
    expect(snap().editing).toBeNull();
    expect(await session.redo()).toBe('create');
    const stored = await api.listAnnotations({ articleId: article.id });
    expect(stored.map((a) => a.id)).toEqual([created!.id]);
    expect(snap().list.map((a) => a.id)).toEqual([created!.id]);
    expect(await session.redo()).toBe('nothing');
  });

  it('shows a change at once, then the core’s answer', async () => {
    const { article, session, range, snap } = await open(text, title);
    const created = (await session.create(range(phrase), 'key'))!;
    const pending = session.update(created.id, { color: 'policy', note: '**待核**' });
    // Before the core has answered:
    expect(snap().byId.get(created.id)).toMatchObject({ color: 'policy', note: '**待核**' });
    expect(snap().busy).toBe(true);
    const updated = (await pending)!;
    expect(updated.modified >= created.modified).toBe(true);
    expect(snap().byId.get(created.id)).toEqual(updated);
    expect(snap().busy).toBe(false);
    expect((await api.listAnnotations({ articleId: article.id }))[0]).toMatchObject({ color: 'policy', note: '**待核**' });
    expect(await session.undo()).toBe('update');
    expect((await api.listAnnotations({ articleId: article.id }))[0]).toMatchObject({ color: 'key', note: '' });
  });

  it('takes a refused change back and reports the core’s error', async () => {
    const { article, session, range, snap } = await open(text, title);
    const created = (await session.create(range(phrase), 'key', undefined))!;
    await session.update(created.id, { tags: [tag] });
    const tooLong = 'x'.repeat(200);
    const pending = session.update(created.id, { tags: [tag, tooLong] });
    expect(snap().byId.get(created.id)!.tags).toEqual([tag, tooLong]);
    expect(await pending).toBeNull();
    expect(snap().byId.get(created.id)!.tags).toEqual([tag]);
    const problem = snap().problem!;
    expect(problem.action).toBe('tags');
    expect(problem.error).toMatchObject({ code: 'invalid-params' });
    expect(String((problem.error as Error).message)).toContain('tags');
    expect((await api.listAnnotations({ articleId: article.id }))[0].tags).toEqual([tag]);
    // The refused change left nothing to undo: the next undo undoes the tag that was saved.
    expect(await session.undo()).toBe('tags');
    expect((await api.listAnnotations({ articleId: article.id }))[0].tags).toEqual([]);
  });

  it('puts a deleted highlight back, still selected, when the delete fails', async () => {
    const { client, failNext } = flaky('deleteAnnotation');
    const { article, session, range, snap } = await open(text, title, client);
    const created = (await session.create(range(other), 'risk'))!;
    failNext();
    const pending = session.remove(created.id);
    expect(snap().list).toHaveLength(0);
    expect(snap().selectedId).toBeNull();
    expect(await pending).toBeNull();
    expect(snap().list.map((a) => a.id)).toEqual([created.id]);
    expect(snap().selectedId).toBe(created.id);
    expect(snap().problem).toMatchObject({ action: 'delete' });
    expect(await api.listAnnotations({ articleId: article.id })).toHaveLength(1);
    await session.remove(created.id);
    expect(await session.undo()).toBe('delete');
    expect(snap().list.map((a) => a.id)).toEqual([created.id]);
  });

  it('keeps an undo step that fails on the stack', async () => {
    const { client, failNext } = flaky('updateAnnotation');
    const { session, range, snap } = await open(text, title, client);
    const created = (await session.create(range(phrase), 'key'))!;
    await session.update(created.id, { color: 'verify' });
    failNext();
    expect(await session.undo()).toBe('failed');
    expect(snap().problem).toMatchObject({ action: 'undo' });
    expect(snap().byId.get(created.id)!.color).toBe('verify');
    expect(snap().canUndo).toBe(true);
    expect(await session.undo()).toBe('color');
    expect(snap().byId.get(created.id)!.color).toBe('key');
  });

  it('runs a quick undo after the change it undoes, in order', async () => {
    const { article, session, range } = await open(text, title);
    const created = (await session.create(range(phrase), 'key'))!;
    void session.update(created.id, { color: 'risk' });
    void session.update(created.id, { color: 'verify' });
    const undone = session.undo();
    expect(await undone).toBe('color');
    await session.idle();
    expect((await api.listAnnotations({ articleId: article.id }))[0].color).toBe('risk');
  });

  it('corrects the text, re-anchors, and undo restores the text and the highlights it orphaned', async () => {
    const { article, session, range, snap } = await open(text, title);
    const kept = (await session.create(range(phrase), 'key'))!;
    const lost = (await session.create(range(other), 'risk'))!;
    const at = range(other);
    const report = await session.editText(at.start, at.end, '');
    expect(report).toMatchObject({ orphaned: 1 });
    expect(snap().article.revision).toBe(article.revision + 1);
    expect(snap().article.text).not.toContain(other);
    expect(snap().loaded).toBe(true);
    expect(snap().byId.get(lost.id)!.orphan).toBe(true);
    expect(quoteOf(snap().byId.get(kept.id)!)).toBe(phrase);
    // The app hands back the revision it got from us: nothing reloads, nothing changes.
    session.setArticle(snap().article);
    expect(await session.undo()).toBe('edit');
    expect(snap().article.text).toBe(article.text);
    expect(snap().byId.get(lost.id)!.orphan).toBeFalsy();
    expect((await api.getArticle({ id: article.id })).text).toBe(article.text);
  });

  it('re-attaches an orphan to a new range at once; undo makes it an orphan again', async () => {
    const { article, session, range, snap } = await open(text, title);
    const lost = (await session.create(range(other), 'risk'))!;
    const at = range(other);
    await session.editText(at.start, at.end, '');
    expect(snap().byId.get(lost.id)!.orphan).toBe(true);
    session.arm(lost.id);
    const target = range(phrase);
    const pending = session.reattach(lost.id, target);
    expect(snap().byId.get(lost.id)!.orphan).toBeUndefined();
    expect(quoteOf(snap().byId.get(lost.id)!)).toBe(phrase);
    expect(snap().armedId).toBeNull();
    expect(snap().selectedId).toBe(lost.id);
    await pending;
    expect((await api.listAnnotations({ articleId: article.id }))[0].orphan).toBeFalsy();
    expect(await session.undo()).toBe('reattach');
    expect(snap().byId.get(lost.id)!.orphan).toBe(true);
  });

  it('renames colours at once and undoes the renaming', async () => {
    const { session, snap } = await open(text, title);
    const pending = session.setLabels({ risk: '舆情风险' });
    expect(snap().labels.risk).toBe('舆情风险');
    await pending;
    expect((await api.getColorLabels({})).risk).toBe('舆情风险');
    expect(await session.undo()).toBe('labels');
    expect(snap().labels.risk).toBe('风险');
    expect((await api.getColorLabels({})).risk).toBe('风险');
  });

  it('exports after the changes asked for, and reloads after importing annotations into this article', async () => {
    const { article, session, range, snap } = await open(text, title);
    const created = (await session.create(range(phrase), 'policy'))!;
    void session.update(created.id, { note: '核实口径 / check the figure' });
    const md = (await session.exportFile('md'))!;
    expect(md.content).toContain('核实口径 / check the figure');
    const json = (await session.exportFile('json'))!;
    // Deleted behind the session's back (another window, the CLI), then imported from the file again.
    await api.deleteAnnotation({ articleId: article.id, id: created.id });
    const report = await session.importFile(json.content);
    expect(report.articles.find((a) => a.articleId === article.id)?.imported).toBe(1);
    expect(snap().list.map((a) => a.note)).toEqual(['核实口径 / check the figure']);
    await expect(session.importFile('not json at all')).rejects.toThrow(/not valid/);
  });

  it('reloads when the app hands in a newer revision, and ignores an older one', async () => {
    const { article, session, range, snap } = await open(text, title);
    await session.create(range(phrase), 'key');
    const at = article.text.indexOf(other);
    const edited = await api.editArticleText({ id: article.id, start: at, end: at, text: '※' });
    const start = edited.article.text.indexOf(other);
    await api.createAnnotation({ articleId: article.id, start, end: start + other.length, color: 'verify' });
    session.setArticle(article);
    expect(snap().article.revision).toBe(article.revision);
    session.setArticle(edited.article);
    expect(snap().loaded).toBe(false);
    await session.idle();
    expect(snap().loaded).toBe(true);
    expect(snap().list.map((a) => a.color)).toEqual(expect.arrayContaining(['key', 'verify']));
    expect(() => session.setArticle({ ...article, id: 'zzzzzzzzzzzz' } as Article)).toThrow(/session is for article/);
  });
});
