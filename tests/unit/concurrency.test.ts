/**
 * Concurrent calls never lose an acknowledged change. For every mutating
 * method of the contract, N calls are fired at once at a real library through
 * the real browser-mode server (HTTP on 127.0.0.1 → dispatch → core → files),
 * and what survived is counted — through the API and again after reopening
 * the library from disk. A new method fails the first test until it is
 * classified here and given a scenario.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Core } from '../../src-main/core/core';
import { startServer, type RunningServer } from '../../src-main/server/server';
import { contract, LOCAL_PATH_METHODS, METHOD_NAMES, type MethodName } from '../../src-main/common/api';
import type { MethodSpec } from '../../src-main/common/contract/define';
import type { Annotation } from '../../src-main/common/annotation';
import type { Article, CatalogEntry } from '../../src-main/common/model';
import type { Briefing } from '../../src-main/common/briefing/model';
import { SAMPLE_EN, SAMPLE_ZH } from '../fixtures/texts';

const N = 10;

/** Methods that change nothing on disk. */
const READ_ONLY: MethodName[] = [
  'libraryInfo',
  'listArticles',
  'getArticle',
  'listAnnotations',
  'exportAnnotations',
  'getColorLabels',
  'listBriefings',
  'getBriefing',
  'previewBriefing',
  'exportBriefing',
  'search',
  'searchStatus',
  'listProblems',
  'getPreferences',
  'diagnostics',
  'queryArticles',
  'listArticleIds',
  'citingBriefings',
  'briefingHighlightChanges',
  'queryHighlights',
  'listHighlightKeys',
  'exportHighlights',
  'highlightCitations',
  'listBackups',
  'operationProgress',
  'listDrafts',
  'exportArticle',
];

/** Every mutating method, and the scenario below that fires it concurrently. */
const MUTATING: Record<string, string> = {
  importFile: 'imports N different files at once, and the same file N times at once',
  importText: 'pastes N different texts at once, and the same text N times at once',
  updateArticleMeta: 'edits N different fields of one article at once',
  deleteArticle: 'deletes N articles at once',
  tagArticles: 'adds N tags to the same N articles at once, while their metadata changes',
  deleteArticles: 'deletes overlapping selections of articles at once, while the rest are tagged',
  createAnnotation: 'adds N highlights to one article at once',
  updateAnnotation: 'edits the notes of N highlights of one article at once',
  deleteAnnotation: 'deletes N highlights of one article at once',
  restoreAnnotation: 'restores N deleted highlights at once',
  reattachAnnotation: 're-attaches N orphans at once',
  editArticleText: 'makes N corrections to one article at once',
  reviseArticle: 'revises an article while its metadata and highlights change',
  importAnnotations: 'imports N annotation files into one article at once',
  setColorLabels: 'renames the five colours at once',
  createBriefing: 'creates N briefings at once',
  saveBriefing: 'saves N briefings at once',
  duplicateBriefing: 'duplicates one briefing N times at once',
  deleteBriefing: 'deletes N briefings at once',
  addHighlightsToBriefing: 'adds N highlights to one briefing at once',
  refreshBriefingHighlights: 'refreshes a briefing while highlights are added to it',
  acknowledgeProblems: 'acknowledges N problems at once',
  markOpening: 'notes N openings at once',
  setPreferences: 'saves four interface preferences at once',
  importPaths: 'imports N folders holding the same files at once (through the core: browser mode refuses paths)',
  exportBriefingToFile: 'exports one briefing N times into one file at once (through the core: browser mode refuses paths)',
  exportAnnotationsToFile: 'exports one article’s annotations N times into one file at once (through the core: browser mode refuses paths)',
  exportArticleToFile: 'exports one article N times into one file at once (through the core: browser mode refuses paths)',
  exportHighlightsToFile: 'exports the same highlights N times into one file at once (through the core: browser mode refuses paths)',
  backupLibraryToFile:
    'backs up N times into one archive at once while highlights are added: the archive is whole (through the core: browser mode refuses paths)',
  restoreLibraryFromFile:
    'merges one archive N times at once while highlights are added: nothing is added twice and nothing is lost (through the core: browser mode refuses paths)',
  backupLibrary: 'backs up N times at once while highlights are added: every archive is whole and the last holds every highlight',
  restoreLibrary: 'merges N backups at once while highlights are added: every highlight of every backup and of the library survives',
  saveDraft: "saves the drafts of N editors at once, and one editor's draft N times at once",
  discardDraft: 'discards N drafts at once while others are saved',
};

const paragraphs = SAMPLE_ZH.split('\n')
  .map((l) => l.trim())
  .filter((l) => l.length > 40);
const english = SAMPLE_EN.split('\n')
  .map((l) => l.trim())
  .filter((l) => l.length > 60);
/** N different short articles of real prose: a title line and a paragraph. */
const texts = Array.from({ length: N }, (_, i) => `${paragraphs[i].slice(0, 14)}\n${paragraphs[i]}\n${english[i % english.length]}`);

let dir: string;
let core: Core;
let server: RunningServer;

async function open(): Promise<void> {
  core = await Core.open({ dir, host: 'browser', seedSample: false, searchIndex: 'lazy' });
  server = await startServer({ target: core, rendererDir: dir });
}

async function close(): Promise<void> {
  await server.close();
  await core.close();
}

/** Closes the library and opens it again from disk: what is checked after must have been written. */
async function reopen(): Promise<void> {
  await close();
  await open();
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bd-concurrency-'));
  await open();
});
afterEach(async () => {
  await close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(`${dir}-backups`, { recursive: true, force: true });
  rmSync(`${dir}-out`, { recursive: true, force: true });
});

type Outcome<T> = { ok: true; result: T; status: number } | { ok: false; status: number; error: { code: string; message: string } };

async function send<T>(method: string, params: unknown): Promise<Outcome<T>> {
  const response = await fetch(`${server.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-briefing-token': server.token },
    body: JSON.stringify(params),
  });
  const body = (await response.json()) as { ok: boolean; result?: T; error?: { code: string; message: string } };
  return body.ok ? { ok: true, result: body.result as T, status: response.status } : { ok: false, status: response.status, error: body.error! };
}

async function call<T>(method: string, params: unknown): Promise<T> {
  const outcome = await send<T>(method, params);
  if (!outcome.ok) throw new Error(`${method}: ${outcome.status} ${outcome.error.message}`);
  return outcome.result;
}

/** Fires all calls at once; every one must be acknowledged. */
async function all<T>(calls: Array<() => Promise<T>>): Promise<T[]> {
  return Promise.all(calls.map((c) => c()));
}

const base64 = (s: string) => Buffer.from(s).toString('base64');

async function importArticle(i: number): Promise<Article> {
  const { id } = await call<{ id: string }>('importText', { text: texts[i] });
  return call<Article>('getArticle', { id });
}

/** N highlights on distinct passages of `article` (one per line of its text). */
async function highlight(article: Article, count: number): Promise<Annotation[]> {
  const out: Annotation[] = [];
  for (let i = 0; i < count; i++) {
    const start = 2 + i * 3;
    out.push(await call<Annotation>('createAnnotation', { articleId: article.id, start, end: start + 2, color: 'key' }));
  }
  return out;
}

describe('concurrent calls through the server', () => {
  it('classifies every method of the contract as read-only or mutating (each mutating one has a scenario)', () => {
    const classified = new Set([...READ_ONLY, ...Object.keys(MUTATING)]);
    expect(METHOD_NAMES.filter((m) => !classified.has(m))).toEqual([]);
    expect([...classified].filter((m) => !(METHOD_NAMES as string[]).includes(m))).toEqual([]);
  });

  it('each method that changes library data says so in the contract (its libraryChanged event); read-only ones do not', () => {
    const declared = (m: MethodName) => !!(contract[m] as MethodSpec).changes?.length;
    // Writes outside the library (an export file) or only app state (the opening record) announce no library change.
    // Backups are written beside the library; drafts are the editors' unsaved text, not library data the views show.
    const notLibraryData = [
      'exportBriefingToFile',
      'exportAnnotationsToFile',
      'exportArticleToFile',
      'exportHighlightsToFile',
      'backupLibrary',
      'backupLibraryToFile',
      'saveDraft',
      'discardDraft',
      'markOpening',
    ];
    expect(Object.keys(MUTATING).filter((m) => !notLibraryData.includes(m) && !declared(m as MethodName))).toEqual([]);
    expect(READ_ONLY.filter(declared)).toEqual([]);
  });

  it(MUTATING.importPaths, async () => {
    const folders = Array.from({ length: N }, (_, i) => join(dir, `drop${i}`));
    for (const folder of folders) {
      mkdirSync(folder);
      for (let j = 0; j < 3; j++) writeFileSync(join(folder, `a${j}.txt`), texts[j]);
    }
    expect(LOCAL_PATH_METHODS).toContain('importPaths');
    const results = await Promise.all(folders.map((folder) => core.api.importPaths({ paths: [folder] })));
    const statuses = results.flat().map((o) => o.status);
    expect(statuses.filter((s) => s === 'imported')).toHaveLength(3);
    expect(statuses.filter((s) => s === 'duplicate')).toHaveLength(3 * N - 3);
    await reopen();
    expect(await call<CatalogEntry[]>('listArticles', {})).toHaveLength(3);
  });

  it(MUTATING.exportBriefingToFile, async () => {
    const briefing = await call<Briefing>('createBriefing', { title: '同时导出' });
    // Exports go outside the library folder (a target inside it is refused).
    const out = `${dir}-out`;
    const target = join(out, '简报.md');
    mkdirSync(out);
    await Promise.all(Array.from({ length: N }, () => core.api.exportBriefingToFile({ id: briefing.id, format: 'md', path: target })));
    expect(readdirSync(out)).toEqual(['简报.md']);
    const single = (await call<{ dataBase64: string }>('exportBriefing', { id: briefing.id, format: 'md' })).dataBase64;
    expect(readFileSync(target, 'utf8')).toBe(Buffer.from(single, 'base64').toString('utf8'));
  });

  it(MUTATING.exportAnnotationsToFile, async () => {
    const article = await importArticle(0);
    await highlight(article, 3);
    const out = `${dir}-out`;
    const target = join(out, '批注.md');
    mkdirSync(out);
    await Promise.all(Array.from({ length: N }, () => core.api.exportAnnotationsToFile({ articleId: article.id, format: 'md', path: target })));
    expect(readdirSync(out)).toEqual(['批注.md']);
    const single = await call<{ content: string }>('exportAnnotations', { articleId: article.id, format: 'md' });
    expect(readFileSync(target, 'utf8')).toBe(single.content);
  });

  it(MUTATING.exportArticleToFile, async () => {
    const article = await importArticle(1);
    await highlight(article, 2);
    const out = `${dir}-out`;
    const target = join(out, '文章.html');
    mkdirSync(out);
    expect(LOCAL_PATH_METHODS).toContain('exportArticleToFile');
    await Promise.all(Array.from({ length: N }, () => core.api.exportArticleToFile({ id: article.id, format: 'html', annotations: 'notes', path: target })));
    expect(readdirSync(out)).toEqual(['文章.html']);
    const single = await call<{ dataBase64: string }>('exportArticle', { id: article.id, format: 'html', annotations: 'notes' });
    expect(readFileSync(target, 'utf8')).toBe(Buffer.from(single.dataBase64, 'base64').toString('utf8'));
    // Through HTTP a path on this computer is refused.
    expect(await send('exportArticleToFile', { id: article.id, format: 'html', path: target })).toMatchObject({ ok: false });
  });

  it(MUTATING.exportHighlightsToFile, async () => {
    const article = await importArticle(2);
    const marks = await highlight(article, 3);
    const highlights = marks.map((a) => ({ articleId: article.id, annotationId: a.id }));
    const out = `${dir}-out`;
    const target = join(out, '笔记.md');
    mkdirSync(out);
    const results = await Promise.all(Array.from({ length: N }, () => core.api.exportHighlightsToFile({ highlights, format: 'md', path: target })));
    expect(results.every((r) => r.count === 3)).toBe(true);
    expect(readdirSync(out)).toEqual(['笔记.md']);
    const single = await call<{ dataBase64: string }>('exportHighlights', { highlights, format: 'md' });
    expect(readFileSync(target, 'utf8')).toBe(Buffer.from(single.dataBase64, 'base64').toString('utf8'));
  });

  it(MUTATING.backupLibraryToFile, async () => {
    const article = await importArticle(0);
    const out = `${dir}-out`;
    const target = join(out, 'library.zip');
    const made = await all<unknown>([
      ...Array.from({ length: N }, () => () => core.api.backupLibraryToFile({ path: target })),
      ...Array.from({ length: N }, (_, i) => () => call('createAnnotation', { articleId: article.id, start: 2 + i * 3, end: 4 + i * 3, color: 'key' })),
    ]);
    expect((made.slice(0, N) as { path: string }[]).every((a) => a.path === target)).toBe(true);
    // One archive, whole (no temporary file left beside it); one made after the highlights holds every one.
    expect(readdirSync(out)).toEqual(['library.zip']);
    const { openBackup } = await import('../../src-main/core/backup/backup');
    (await openBackup(target)).close();
    await core.api.backupLibraryToFile({ path: target });
    const archive = await openBackup(target);
    const file = JSON.parse((await archive.read(`articles/${article.id}/annotations.json`)).toString('utf8'));
    archive.close();
    expect(file.annotations).toHaveLength(N);
    // Inside the library folder: refused, nothing written.
    await expect(core.api.backupLibraryToFile({ path: join(dir, 'inside.zip') })).rejects.toThrow(/inside the library folder/);
    expect(readdirSync(dir)).not.toContain('inside.zip');
  });

  it(MUTATING.restoreLibraryFromFile, async () => {
    const article = await importArticle(0);
    const kept = await highlight(article, 3);
    const archive = join(`${dir}-out`, 'kept.zip');
    await core.api.backupLibraryToFile({ path: archive });
    for (const a of kept) await call('deleteAnnotation', { articleId: article.id, id: a.id });
    const results = await all<unknown>([
      ...Array.from({ length: N }, () => () => core.api.restoreLibraryFromFile({ path: archive })),
      ...Array.from(
        { length: N },
        (_, i) => () => call<Annotation>('createAnnotation', { articleId: article.id, start: 40 + i * 3, end: 42 + i * 3, color: 'risk' }),
      ),
    ]);
    const fresh = results.slice(N) as Annotation[];
    await reopen();
    const listed = await call<Annotation[]>('listAnnotations', { articleId: article.id });
    const ids = listed.map((a) => a.id);
    for (const a of [...kept, ...fresh]) expect(ids).toContain(a.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(3 + N);
  });

  it(MUTATING.importFile, async () => {
    const results = await all(texts.map((t, i) => () => call<{ id: string }>('importFile', { name: `n${i}.txt`, dataBase64: base64(t) })));
    expect(new Set(results.map((r) => r.id)).size).toBe(N);
    const same = await Promise.all(
      Array.from({ length: N }, (_, i) => send('importFile', { name: `copy${i}.md`, dataBase64: base64(`# 同一篇\n\n${paragraphs[12]}`) })),
    );
    expect(same.filter((o) => o.ok)).toHaveLength(1);
    expect(same.filter((o) => !o.ok && o.status === 409)).toHaveLength(N - 1);
    await reopen();
    expect(await call<CatalogEntry[]>('listArticles', {})).toHaveLength(N + 1);
    expect(readdirSync(join(dir, 'articles'))).toHaveLength(N + 1);
  });

  it(MUTATING.importText, async () => {
    await all(texts.map((text) => () => call('importText', { text })));
    const same = await Promise.all(Array.from({ length: N }, () => send('importText', { text: texts[0] + '\n补记' })));
    expect(same.filter((o) => o.ok)).toHaveLength(1);
    expect(same.filter((o) => !o.ok && o.error.code === 'duplicate')).toHaveLength(N - 1);
    await reopen();
    expect(await call<CatalogEntry[]>('listArticles', {})).toHaveLength(N + 1);
  });

  it(MUTATING.updateArticleMeta, async () => {
    const patches = [
      { title: '推动重大产业项目签约' },
      { subtitle: '世界人工智能大会磁场效应显现' },
      { source: '人民日报' },
      { author: '刘士安' },
      { published: '2023-07-10' },
      { url: 'https://paper.people.com.cn/rmrb/html/2023-07/10/nw.D110000renmrb_20230710_1-01.htm' },
      { industry: '人工智能' },
      { region: '上海' },
      { note: '大会成果汇总' },
      { tags: ['人工智能', '产业'] },
    ];
    for (let round = 0; round < 3; round++) {
      const article = await importArticle(round);
      await all(patches.map((meta) => () => call('updateArticleMeta', { id: article.id, meta })));
      const expected = Object.assign({}, ...patches);
      expect((await call<Article>('getArticle', { id: article.id })).meta).toMatchObject(expected);
      await reopen();
      expect((await call<Article>('getArticle', { id: article.id })).meta).toMatchObject(expected);
      expect((await call<CatalogEntry[]>('listArticles', {})).find((e) => e.id === article.id)).toMatchObject(expected);
    }
  });

  it(MUTATING.deleteArticle, async () => {
    const ids: string[] = [];
    for (let i = 0; i < N; i++) ids.push((await importArticle(i)).id);
    const keep = (await call<{ id: string }>('importText', { text: english.join('\n') })).id;
    await all(ids.map((id) => () => call('deleteArticle', { id })));
    await reopen();
    expect((await call<CatalogEntry[]>('listArticles', {})).map((e) => e.id)).toEqual([keep]);
    expect(readdirSync(join(dir, 'articles'))).toEqual([keep]);
  });

  it(MUTATING.tagArticles, async () => {
    const ids: string[] = [];
    for (let i = 0; i < N; i++) ids.push((await importArticle(i)).id);
    await call('updateArticleMeta', { id: ids[0], meta: { tags: ['已有'] } });
    await all<unknown>([
      ...ids.map((_, i) => () => call('tagArticles', { ids, add: [`标签${i}`] })),
      ...ids.map((id, i) => () => call('updateArticleMeta', { id, meta: { source: `来源${i}` } })),
      () => call('tagArticles', { ids: [ids[0]], remove: ['已有'] }),
    ]);
    const wanted = ids.map((_, i) => `标签${i}`).sort();
    const check = async () => {
      const articles = await Promise.all(ids.map((id) => call<Article>('getArticle', { id })));
      for (const [i, a] of articles.entries()) {
        expect([...a.meta.tags].sort()).toEqual(wanted);
        expect(a.meta.source).toBe(`来源${i}`);
      }
      const listed = await call<CatalogEntry[]>('listArticles', {});
      for (const e of listed) expect([...e.tags].sort()).toEqual(wanted);
    };
    await check();
    await reopen();
    await check();
  });

  it(MUTATING.deleteArticles, async () => {
    const ids: string[] = [];
    for (let i = 0; i < N; i++) ids.push((await importArticle(i)).id);
    const keep = [
      (await call<{ id: string }>('importText', { text: english.join('\n') })).id,
      (await call<{ id: string }>('importText', { text: [...english].reverse().join('\n') + '\n附记' })).id,
    ];
    const results = await all<unknown>([
      // Each call deletes two neighbours: every article is named by two calls.
      ...ids.map((id, i) => () => call('deleteArticles', { ids: [id, ids[(i + 1) % N]] })),
      // …and three calls name them all, in the same order.
      ...[0, 1, 2].map(() => () => call('deleteArticles', { ids })),
      () => call('tagArticles', { ids: keep, add: ['保留'] }),
      () => call('deleteArticle', { id: ids[3] }).catch(() => 'already gone'),
    ]);
    const outcomes = results.slice(0, N + 3) as Array<{ deleted: { id: string }[]; missing: string[] }>;
    const deleted = outcomes.flatMap((o) => o.deleted.map((d) => d.id));
    // Each article reported deleted at most once, and every one reported either deleted or missing by each call naming it.
    expect(new Set(deleted).size).toBe(deleted.length);
    for (const [i, o] of outcomes.entries()) expect(o.deleted.length + o.missing.length).toBe(i < N ? 2 : N);
    await reopen();
    const listed = await call<CatalogEntry[]>('listArticles', {});
    expect(listed.map((e) => e.id).sort()).toEqual([...keep].sort());
    for (const e of listed) expect(e.tags).toEqual(['保留']);
    expect(readdirSync(join(dir, 'articles')).sort()).toEqual([...keep].sort());
  });

  it(MUTATING.saveDraft, async () => {
    const article = await importArticle(0);
    const marked = await highlight(article, N);
    await all<unknown>([
      ...marked.map((a, i) => () => call('saveDraft', { draft: { kind: 'note', articleId: article.id, annotationId: a.id, text: `草稿${i}` } })),
      ...Array.from({ length: N }, (_, i) => () => call('saveDraft', { draft: { kind: 'meta', articleId: article.id, fields: { source: `来源${i}` } } })),
    ]);
    const check = async () => {
      const drafts = await call<Array<{ kind: string; annotationId?: string; text?: string }>>('listDrafts', { articleId: article.id });
      const notes = drafts.filter((d) => d.kind === 'note');
      expect(notes.map((d) => [d.annotationId, d.text]).sort()).toEqual(marked.map((a, i) => [a.id, `草稿${i}`]).sort());
      // One editor has one draft, whichever write came last.
      expect(drafts.filter((d) => d.kind === 'meta')).toHaveLength(1);
    };
    await check();
    await reopen();
    await check();
  });

  it(MUTATING.discardDraft, async () => {
    const article = await importArticle(0);
    const marked = await highlight(article, 2 * N);
    const note = (a: Annotation, i: number) => ({ kind: 'note', articleId: article.id, annotationId: a.id, text: `草稿${i}` });
    for (const [i, a] of marked.slice(0, N).entries()) await call('saveDraft', { draft: note(a, i) });
    const results = await all<unknown>([
      ...marked.slice(0, N).map((a) => () => call('discardDraft', { key: `note:${article.id}:${a.id}` })),
      ...marked.slice(N).map((a, i) => () => call('saveDraft', { draft: note(a, N + i) })),
    ]);
    expect(results.slice(0, N)).toEqual(Array.from({ length: N }, () => ({ discarded: true })));
    await reopen();
    const drafts = await call<Array<{ annotationId: string }>>('listDrafts', {});
    expect(drafts.map((d) => d.annotationId).sort()).toEqual(
      marked
        .slice(N)
        .map((a) => a.id)
        .sort(),
    );
  });

  it(MUTATING.createAnnotation, async () => {
    const article = await importArticle(0);
    const made = await all(
      Array.from(
        { length: N },
        (_, i) => () => call<Annotation>('createAnnotation', { articleId: article.id, start: 2 + i * 3, end: 4 + i * 3, color: 'figure', tags: [`标签${i}`] }),
      ),
    );
    await reopen();
    const listed = await call<Annotation[]>('listAnnotations', { articleId: article.id });
    expect(listed.map((a) => a.id).sort()).toEqual(made.map((a) => a.id).sort());
    const { tags } = await call<{ tags: string[] }>('libraryInfo', {});
    for (let i = 0; i < N; i++) expect(tags).toContain(`标签${i}`);
  });

  it(MUTATING.updateAnnotation, async () => {
    const article = await importArticle(0);
    const made = await highlight(article, N);
    await all(made.map((a, i) => () => call('updateAnnotation', { articleId: article.id, id: a.id, note: `批注 ${i}`, color: 'risk' })));
    await reopen();
    const listed = await call<Annotation[]>('listAnnotations', { articleId: article.id });
    expect(listed.map((a) => [a.id, a.note, a.color]).sort()).toEqual(made.map((a, i) => [a.id, `批注 ${i}`, 'risk']).sort());
  });

  it(MUTATING.deleteAnnotation, async () => {
    const article = await importArticle(0);
    const made = await highlight(article, 2 * N);
    await all(made.slice(0, N).map((a) => () => call('deleteAnnotation', { articleId: article.id, id: a.id })));
    await reopen();
    const listed = await call<Annotation[]>('listAnnotations', { articleId: article.id });
    expect(listed.map((a) => a.id).sort()).toEqual(
      made
        .slice(N)
        .map((a) => a.id)
        .sort(),
    );
  });

  it(MUTATING.restoreAnnotation, async () => {
    const article = await importArticle(0);
    const made = await highlight(article, N);
    for (const a of made) await call('deleteAnnotation', { articleId: article.id, id: a.id });
    await all(made.map((annotation) => () => call('restoreAnnotation', { annotation })));
    await reopen();
    expect((await call<Annotation[]>('listAnnotations', { articleId: article.id })).map((a) => a.id).sort()).toEqual(made.map((a) => a.id).sort());
  });

  it(MUTATING.reattachAnnotation, async () => {
    const article = await importArticle(0);
    const made = await highlight(article, N);
    // Orphans: the same annotations, their quotes gone from the text.
    for (const a of made) await call('deleteAnnotation', { articleId: article.id, id: a.id });
    const orphans = made.map((a) => ({
      ...a,
      target: { selector: [{ ...a.target.selector[0], exact: `不存在的段落${a.id}`, prefix: '', suffix: '' }, a.target.selector[1]] },
    }));
    for (const annotation of orphans) expect((await call<Annotation>('restoreAnnotation', { annotation })).orphan).toBe(true);
    await all(made.map((a, i) => () => call('reattachAnnotation', { articleId: article.id, id: a.id, start: 20 + i * 4, end: 23 + i * 4 })));
    await reopen();
    const listed = await call<Annotation[]>('listAnnotations', { articleId: article.id });
    expect(listed).toHaveLength(N);
    for (const a of listed) expect(a.orphan).toBeUndefined();
    expect(listed.map((a) => a.target.selector[1].start).sort((x, y) => x - y)).toEqual(made.map((_, i) => 20 + i * 4));
  });

  it(MUTATING.editArticleText, async () => {
    const article = await importArticle(0);
    const marked = await highlight(article, 3);
    // N one-character corrections at different places, same length, so every offset stays valid.
    const at = Array.from({ length: N }, (_, i) => article.text.length - 3 - i * 5);
    await all(at.map((start) => () => call('editArticleText', { id: article.id, start, end: start + 1, text: '★' })));
    await reopen();
    const text = (await call<Article>('getArticle', { id: article.id })).text;
    for (const start of at) expect(text[start]).toBe('★');
    expect(text.length).toBe(article.text.length);
    const listed = await call<Annotation[]>('listAnnotations', { articleId: article.id });
    expect(listed.map((a) => a.id).sort()).toEqual(marked.map((a) => a.id).sort());
    for (const a of listed) expect(text.slice(a.target.selector[1].start, a.target.selector[1].end)).toBe(a.target.selector[0].exact);
  });

  it('keeps a metadata edit that races a text correction (10 rounds)', async () => {
    for (let round = 0; round < 10; round++) {
      const article = await importArticle(round);
      await all([
        () => call('editArticleText', { id: article.id, start: 0, end: 1, text: '【' }),
        () => call('updateArticleMeta', { id: article.id, meta: { source: `来源${round}` } }),
        () => call('createAnnotation', { articleId: article.id, start: 5, end: 9, color: 'key', note: `第${round}轮` }),
      ]);
      const now = await call<Article>('getArticle', { id: article.id });
      expect(now.text.startsWith('【')).toBe(true);
      expect(now.meta.source).toBe(`来源${round}`);
      const [a] = await call<Annotation[]>('listAnnotations', { articleId: article.id });
      expect(a.note).toBe(`第${round}轮`);
      expect(now.text.slice(a.target.selector[1].start, a.target.selector[1].end)).toBe(a.target.selector[0].exact);
    }
  });

  it(MUTATING.reviseArticle, async () => {
    const article = await importArticle(0);
    const revised = texts[0].replace(paragraphs[0].slice(20, 30), '（修订）');
    const [, , made] = await all<unknown>([
      () => call('reviseArticle', { id: article.id, name: 'revised.txt', dataBase64: base64(revised) }),
      () => call('updateArticleMeta', { id: article.id, meta: { author: '本报记者', tags: ['修订'] } }),
      () => call<Annotation>('createAnnotation', { articleId: article.id, start: 3, end: 8, color: 'policy' }),
    ]);
    await reopen();
    const now = await call<Article>('getArticle', { id: article.id });
    expect(now.text).toContain('（修订）');
    expect(now.meta).toMatchObject({ author: '本报记者', tags: ['修订'] });
    const listed = await call<Annotation[]>('listAnnotations', { articleId: article.id });
    expect(listed.map((a) => a.id)).toEqual([(made as Annotation).id]);
  });

  it(MUTATING.importAnnotations, async () => {
    const article = await importArticle(0);
    const made = await highlight(article, N);
    for (const a of made) await call('deleteAnnotation', { articleId: article.id, id: a.id });
    await all(made.map((a) => () => call('importAnnotations', { content: JSON.stringify([a]) })));
    await reopen();
    expect((await call<Annotation[]>('listAnnotations', { articleId: article.id })).map((a) => a.id).sort()).toEqual(made.map((a) => a.id).sort());
  });

  it(MUTATING.setColorLabels, async () => {
    const labels = { key: '重点', figure: '数字', policy: '政策动向', risk: '隐患', verify: '存疑' } as const;
    await all(
      Object.entries(labels).map(
        ([k, v]) =>
          () =>
            call('setColorLabels', { labels: { [k]: v } }),
      ),
    );
    await reopen();
    expect(await call('getColorLabels', {})).toEqual(labels);
  });

  it(MUTATING.createBriefing, async () => {
    const made = await all(Array.from({ length: N }, (_, i) => () => call<Briefing>('createBriefing', { title: `第${i + 1}期简报` })));
    await reopen();
    const listed = await call<Array<{ id: string }>>('listBriefings', {});
    expect(listed.map((b) => b.id).sort()).toEqual(made.map((b) => b.id).sort());
    expect(readdirSync(join(dir, 'briefings'))).toHaveLength(N);
  });

  it(MUTATING.saveBriefing, async () => {
    const made: Briefing[] = [];
    for (let i = 0; i < N; i++) made.push(await call<Briefing>('createBriefing', { title: `简报${i}` }));
    await all(made.map((b, i) => () => call('saveBriefing', { briefing: { ...b, summary: paragraphs[i] } })));
    await reopen();
    for (const [i, b] of made.entries()) expect((await call<Briefing>('getBriefing', { id: b.id })).summary).toBe(paragraphs[i]);
  });

  it(MUTATING.duplicateBriefing, async () => {
    const source = await call<Briefing>('createBriefing', { title: '产业动态' });
    const copies = await all(Array.from({ length: N }, () => () => call<Briefing>('duplicateBriefing', { id: source.id })));
    await reopen();
    const listed = (await call<Array<{ id: string }>>('listBriefings', {})).map((b) => b.id).sort();
    expect(listed).toEqual([source.id, ...copies.map((c) => c.id)].sort());
  });

  it(MUTATING.deleteBriefing, async () => {
    const made: Briefing[] = [];
    for (let i = 0; i <= N; i++) made.push(await call<Briefing>('createBriefing', { title: `简报${i}` }));
    await all(made.slice(0, N).map((b) => () => call('deleteBriefing', { id: b.id })));
    await reopen();
    expect((await call<Array<{ id: string }>>('listBriefings', {})).map((b) => b.id)).toEqual([made[N].id]);
    expect(readdirSync(join(dir, 'briefings'))).toEqual([`${made[N].id}.json`]);
  });

  it(MUTATING.addHighlightsToBriefing, async () => {
    const article = await importArticle(0);
    const marked = await highlight(article, N);
    const briefing = await call<Briefing>('createBriefing', { title: '要点汇编' });
    const { sections } = await call<Briefing>('addHighlightsToBriefing', {
      briefingId: briefing.id,
      sectionHeading: '一、大会成果',
      highlights: [{ articleId: article.id, annotationId: marked[0].id }],
    });
    await all(
      marked.slice(1).map(
        (a) => () =>
          call('addHighlightsToBriefing', {
            briefingId: briefing.id,
            sectionId: sections[0].id,
            highlights: [{ articleId: article.id, annotationId: a.id }],
          }),
      ),
    );
    await reopen();
    const items = (await call<Briefing>('getBriefing', { id: briefing.id })).sections[0].items;
    expect(items.map((i) => (i.kind === 'highlight' ? i.annotationId : '')).sort()).toEqual(marked.map((a) => a.id).sort());
  });

  it(MUTATING.refreshBriefingHighlights, async () => {
    const article = await importArticle(0);
    const marked = await highlight(article, N);
    const briefing = await call<Briefing>('createBriefing', { title: '要点汇编', articleIds: [article.id] });
    await call('updateAnnotation', { articleId: article.id, id: marked[0].id, note: '更新后的批注' });
    const extra = (await highlight(await importArticle(1), N)).map((a) => ({ articleId: a.articleId, annotationId: a.id }));
    await all<unknown>([
      () => call('refreshBriefingHighlights', { id: briefing.id }),
      ...extra.map((h) => () => call('addHighlightsToBriefing', { briefingId: briefing.id, sectionId: briefing.sections[0].id, highlights: [h] })),
      () => call('refreshBriefingHighlights', { id: briefing.id }),
    ]);
    await reopen();
    const items = (await call<Briefing>('getBriefing', { id: briefing.id })).sections[0].items;
    expect(items).toHaveLength(2 * N);
    const first = items.find((i) => i.kind === 'highlight' && i.annotationId === marked[0].id);
    expect(first && first.kind === 'highlight' && first.note).toBe('更新后的批注');
  });

  it(MUTATING.acknowledgeProblems, async () => {
    const ids: string[] = [];
    for (let i = 0; i < N + 1; i++) {
      await core.store.report({ kind: 'missing', text: { key: 'article-folder-gone', params: { title: `问题 ${i}`, id: `a${i}` } } });
    }
    for (const p of await call<Array<{ id: string }>>('listProblems', {})) ids.push(p.id);
    expect(ids).toHaveLength(N + 1);
    await all(ids.slice(0, N).map((id) => () => call('acknowledgeProblems', { ids: [id] })));
    await reopen();
    expect((await call<Array<{ id: string }>>('listProblems', {})).map((p) => p.id)).toEqual([ids[N]]);
  });

  it(MUTATING.markOpening, async () => {
    const articles = [];
    for (let i = 0; i < N; i++) articles.push(await importArticle(i));
    await all(articles.map((a) => () => call('markOpening', { kind: 'article', id: a.id, phase: 'opening' })));
    await all(articles.map((a) => () => call('markOpening', { kind: 'article', id: a.id, phase: 'shown' })));
    await reopen();
    // Every opening was followed by its showing: nothing counts as interrupted.
    expect((await call<{ interrupted?: unknown }>('libraryInfo', {})).interrupted).toBeUndefined();
  });

  it(MUTATING.setPreferences, async () => {
    const briefing = await call<Briefing>('createBriefing', { title: '偏好' });
    const wanted = { language: 'en', readerPanel: 'closed', briefingSide: 'wide', lastBriefingId: briefing.id } as const;
    await all(
      Object.entries(wanted).map(
        ([k, v]) =>
          () =>
            call('setPreferences', { preferences: { [k]: v } }),
      ),
    );
    await call('setColorLabels', { labels: { key: '重点' } });
    await reopen();
    expect(await call('getPreferences', {})).toEqual(wanted);
    expect((await call<Record<string, string>>('getColorLabels', {})).key).toBe('重点');
  });

  it(MUTATING.backupLibrary, async () => {
    const article = await importArticle(0);
    const made = await all<unknown>([
      ...Array.from({ length: N }, () => () => call('backupLibrary', {})),
      ...Array.from({ length: N }, (_, i) => () => call('createAnnotation', { articleId: article.id, start: 2 + i * 3, end: 4 + i * 3, color: 'key' })),
    ]);
    const archives = made.slice(0, N) as { path: string; files: number }[];
    expect(new Set(archives.map((a) => a.path)).size).toBeGreaterThan(0);
    // Every archive opens and checks whole; one made after the highlights holds all of them.
    const { openBackup } = await import('../../src-main/core/backup/backup');
    for (const a of archives) (await openBackup(a.path)).close();
    const last = await call<{ path: string }>('backupLibrary', {});
    const archive = await openBackup(last.path);
    const file = JSON.parse((await archive.read(`articles/${article.id}/annotations.json`)).toString('utf8'));
    archive.close();
    expect(file.annotations).toHaveLength(N);
    expect((await call<{ backups: unknown[] }>('listBackups', {})).backups.length).toBeGreaterThan(0);
  });

  it(MUTATING.restoreLibrary, async () => {
    // N backups, each holding one more highlight of the same article.
    const article = await importArticle(0);
    const names: string[] = [];
    const marks: Annotation[] = [];
    for (let i = 0; i < N; i++) {
      marks.push(await call<Annotation>('createAnnotation', { articleId: article.id, start: 2 + i * 3, end: 4 + i * 3, color: 'key' }));
      const { path } = await call<{ path: string }>('backupLibrary', {});
      names.push(path.split(/[\\/]/).pop()!);
      await call('deleteAnnotation', { articleId: article.id, id: marks[i].id });
    }
    // Merge them all at once while new highlights are made: every one survives.
    const results = await all<unknown>([
      ...names.map((name) => () => call('restoreLibrary', { name })),
      ...Array.from(
        { length: N },
        (_, i) => () => call<Annotation>('createAnnotation', { articleId: article.id, start: 40 + i * 3, end: 42 + i * 3, color: 'risk' }),
      ),
    ]);
    const fresh = results.slice(N) as Annotation[];
    await reopen();
    const ids = new Set((await call<Annotation[]>('listAnnotations', { articleId: article.id })).map((a) => a.id));
    for (const a of [...marks, ...fresh]) expect(ids.has(a.id)).toBe(true);
    expect(ids.size).toBe(2 * N);
  });

  it('keeps every change when all kinds of change to one article race each other', async () => {
    const article = await importArticle(0);
    const marked = await highlight(article, 4);
    const results = await all<unknown>([
      () => call('createAnnotation', { articleId: article.id, start: 30, end: 34, color: 'verify', note: '新增' }),
      () => call('updateAnnotation', { articleId: article.id, id: marked[0].id, note: '改过' }),
      () => call('deleteAnnotation', { articleId: article.id, id: marked[1].id }),
      () => call('updateArticleMeta', { id: article.id, meta: { region: '上海' } }),
      () => call('editArticleText', { id: article.id, start: article.text.length - 2, end: article.text.length - 1, text: '。' }),
      () => call('updateArticleMeta', { id: article.id, meta: { industry: '人工智能' } }),
      () => call('updateAnnotation', { articleId: article.id, id: marked[2].id, color: 'risk' }),
    ]);
    await reopen();
    const now = await call<Article>('getArticle', { id: article.id });
    expect(now.meta).toMatchObject({ region: '上海', industry: '人工智能' });
    expect(now.text.at(-2)).toBe('。');
    const listed = await call<Annotation[]>('listAnnotations', { articleId: article.id });
    const byId = new Map(listed.map((a) => [a.id, a]));
    expect(byId.has((results[0] as Annotation).id)).toBe(true);
    expect(byId.get(marked[0].id)?.note).toBe('改过');
    expect(byId.has(marked[1].id)).toBe(false);
    expect(byId.get(marked[2].id)?.color).toBe('risk');
    expect(byId.has(marked[3].id)).toBe(true);
  });
});
