/**
 * Methods agree on limits (one set, src-main/common/limits.ts): what one
 * method accepts, another never refuses later; refusals are clear sentences
 * naming the field with a 4xx status, never a 500 with raw validation JSON.
 * Articles are limited in length at the store boundary, whatever importer or
 * method produced the text. Through the real server on a real library.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { Core } from '../../src-main/core/core';
import { dispatch } from '../../src-main/core/dispatch';
import { startServer, type RunningServer } from '../../src-main/server/server';
import { MAX_ARTICLE_CHARS, MAX_HIGHLIGHT_CHARS, MAX_NOTE_CHARS } from '../../src-main/common/limits';
import { BdError } from '../../src-main/common/errors';
import type { ApiHandlers } from '../../src-main/common/api';
import { SAMPLE_ZH } from '../fixtures/texts';

let dir: string;
let core: Core;
let server: RunningServer;
let articleId: string;
let text: string;

async function post(
  method: string,
  params: unknown,
): Promise<{ status: number; body: { ok: boolean; result?: any; error?: { code: string; message: string; field?: string } } }> {
  const response = await fetch(`${server.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-briefing-token': server.token },
    body: JSON.stringify(params),
  });
  return { status: response.status, body: await response.json() };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bd-limits-'));
  core = await Core.open({ dir, host: 'browser', seedSample: false, searchIndex: 'lazy' });
  server = await startServer({ target: core, rendererDir: dir });
  articleId = (await core.api.importText({ text: SAMPLE_ZH })).id;
  text = (await core.api.getArticle({ id: articleId })).text;
});

afterAll(async () => {
  await server.close();
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('limits agree across methods', () => {
  it('a note of the longest length a highlight accepts goes into a briefing, saves and exports', async () => {
    const note = '注'.repeat(MAX_NOTE_CHARS);
    const start = text.indexOf('算力底座');
    const a = await post('createAnnotation', { articleId, start, end: start + 4, note });
    expect(a.status).toBe(200);
    const b = (await post('createBriefing', { title: '长批注' })).body.result;
    const added = await post('addHighlightsToBriefing', { briefingId: b.id, highlights: [{ articleId, annotationId: a.body.result.id }] });
    expect(added.status).toBe(200);
    expect(added.body.result.sections[0].items[0].note).toHaveLength(MAX_NOTE_CHARS);
    expect((await post('saveBriefing', { briefing: added.body.result })).status).toBe(200);
    expect((await post('exportBriefing', { id: b.id, format: 'md' })).status).toBe(200);
    const longer = await post('updateAnnotation', { articleId, id: a.body.result.id, note: note + '多' });
    expect(longer.status).toBe(400);
    expect(longer.body.error).toMatchObject({ code: 'invalid-params', field: 'note' });
  });

  it('a highlight of the longest length a highlight accepts is a quote a briefing accepts', async () => {
    const long = '长'.repeat(MAX_HIGHLIGHT_CHARS + 10);
    const { id } = (await post('importText', { text: `很长的文章\n${long}` })).body.result;
    const tooLong = await post('createAnnotation', { articleId: id, start: 6, end: 6 + MAX_HIGHLIGHT_CHARS + 1 });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error?.message).toContain(`at most ${MAX_HIGHLIGHT_CHARS.toLocaleString('en')} characters`);
    const a = await post('createAnnotation', { articleId: id, start: 6, end: 6 + MAX_HIGHLIGHT_CHARS });
    expect(a.status).toBe(200);
    const b = (await post('createBriefing', { title: '长摘录', articleIds: [id] })).body.result;
    expect(b.sections[0].items[0].quote).toHaveLength(MAX_HIGHLIGHT_CHARS);
  });

  it.each([
    ['updateArticleMeta', () => ({ id: articleId, meta: { published: '2023-02-30' } }), 'meta.published'],
    ['createBriefing', () => ({ title: '简报', date: '2023-02-30' }), 'date'],
    ['search', () => ({ query: '算力', from: '2023-02-30' }), 'from'],
  ])('%s refuses an impossible date the same way', async (method, params, field) => {
    const res = await post(method, params());
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid-params', field });
    expect(res.body.error?.message).toMatch(/not a calendar date/);
  });

  it.each([
    ['updateArticleMeta', () => ({ id: articleId, meta: { source: '人民日报\n第1版' } }), 'meta.source'],
    [
      'addHighlightsToBriefing',
      () => ({ briefingId: 'bnone0000001', sectionHeading: '一\n二', highlights: [{ articleId, annotationId: 'hnone0000001' }] }),
      'sectionHeading',
    ],
  ])('%s refuses a line break in a single-line field the way the briefing would', async (method, params, field) => {
    const res = await post(method, params());
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid-params', field });
  });

  it('answers a value a handler built that fails its own schema with a sentence, never raw validation JSON', async () => {
    const handlers = {
      listArticles: () => z.object({ title: z.string().max(3) }).parse({ title: '太长的标题' }),
    } as unknown as ApiHandlers;
    const err = await dispatch(handlers, 'listArticles', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BdError);
    expect(err).toMatchObject({ code: 'refused', field: 'title' });
    expect((err as BdError).message).not.toMatch(/[[{]"/);
  });
});

describe('article length at the store boundary', () => {
  it('refuses a pasted text over the limit on input, naming the field', async () => {
    const res = await post('importText', { text: '字'.repeat(MAX_ARTICLE_CHARS + 1) });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid-params', field: 'text' });
  });

  it('refuses an imported file whose text is over the limit, naming the file, and writes nothing', async () => {
    const before = readFileSync(join(dir, 'catalog.json'), 'utf8');
    const big = `超长报告\n${'　　段落内容，数据与分析。\n'.repeat(Math.ceil(MAX_ARTICLE_CHARS / 7))}`;
    const res = await post('importFile', { name: '超长报告.txt', dataBase64: Buffer.from(big).toString('base64') });
    expect(res.status).toBe(413);
    expect(res.body.error?.code).toBe('too-large');
    expect(res.body.error?.message).toContain('超长报告.txt');
    expect(res.body.error?.message).toContain(MAX_ARTICLE_CHARS.toLocaleString('en'));
    expect(readFileSync(join(dir, 'catalog.json'), 'utf8')).toBe(before);
  });

  it('refuses a text edit that would make an article longer than the limit', async () => {
    const { id } = (await post('importText', { text: `中等长度的文章\n${'文'.repeat(MAX_ARTICLE_CHARS - 100)}` })).body.result;
    const res = await post('editArticleText', { id, start: 10, end: 10, text: '增'.repeat(200) });
    expect(res.status).toBe(413);
    expect(res.body.error?.message).toContain(`keeps articles of up to ${MAX_ARTICLE_CHARS.toLocaleString('en')} characters`);
  });

  it('will not send an over-long article an older version imported to the app, and says how to delete it', async () => {
    const { id } = (await post('importText', { text: '旧版本导入的超长文章\n正文。' })).body.result;
    await core.close();
    const path = join(dir, 'articles', id, 'article.json');
    const article = JSON.parse(readFileSync(path, 'utf8'));
    article.text += '长'.repeat(MAX_ARTICLE_CHARS);
    article.blocks.push({ kind: 'paragraph', start: article.text.length - MAX_ARTICLE_CHARS, end: article.text.length });
    writeFileSync(path, JSON.stringify(article));
    const catalog = JSON.parse(readFileSync(join(dir, 'catalog.json'), 'utf8'));
    catalog.articles[id].chars = article.text.length;
    writeFileSync(join(dir, 'catalog.json'), JSON.stringify(catalog));
    await server.close();
    core = await Core.open({ dir, host: 'browser', seedSample: false, searchIndex: 'lazy' });
    server = await startServer({ target: core, rendererDir: dir });
    const res = await post('getArticle', { id });
    expect(res.status).toBe(413);
    expect(res.body.error?.message).toContain(`briefing delete ${id}`);
    expect((await post('deleteArticle', { id })).status).toBe(200);
  });
});
