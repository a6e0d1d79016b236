/**
 * A damaged or missing article.json is derived data when its original file is
 * kept beside it: rebuilt under the same id with every highlight; without an
 * original, importing the same text again restores it under the same id.
 * Deleting an article or a briefing keeps a copy of the user's own work.
 * Real library folders, the real import pipeline, real files.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Core } from '../core';
import type { BdError } from '../../common/errors';

const FIXTURES = join(__dirname, '../../../tests/fixtures/import');
let dir: string;
let core: Core | null = null;

async function open(): Promise<Core> {
  await core?.close();
  core = await Core.open({ dir, host: 'cli', seedSample: false, searchIndex: 'lazy' });
  return core;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bd-rebuild-'));
});
afterEach(async () => {
  await core?.close();
  core = null;
  rmSync(dir, { recursive: true, force: true });
});

async function importWithHighlights(c: Core, file: string, quotes: string[]) {
  const bytes = readFileSync(join(FIXTURES, file));
  const { id } = await c.api.importFile({ name: file, dataBase64: bytes.toString('base64') });
  const text = (await c.api.getArticle({ id })).text;
  for (const quote of quotes) {
    const start = text.indexOf(quote);
    expect(start, quote).toBeGreaterThanOrEqual(0);
    await c.api.createAnnotation({ articleId: id, start, end: start + quote.length, color: 'figure', note: `注：${quote}` });
  }
  return { id, text, bytes };
}

const articleJson = (id: string) => join(dir, 'articles', id, 'article.json');

describe('a damaged article.json is rebuilt from the original beside it', () => {
  it.each([
    ['truncated to 500 bytes', 'rmrb-waic.md', (path: string) => writeFileSync(path, readFileSync(path).subarray(0, 500))],
    ['deleted', 'xinhua-waic.html', (path: string) => unlinkSync(path)],
    ['binary junk', 'english-waic.txt', (path: string) => writeFileSync(path, Buffer.from([0, 159, 146, 150, 0xff, 0xfe, 7]))],
    ['wrong shape', 'rmrb-waic.md', (path: string) => writeFileSync(path, JSON.stringify({ schemaVersion: 2, id: 'x', text: 42 }))],
  ])('%s (%s): same id, same text, every highlight in place, the user told', async (_how, file, damage) => {
    let c = await open();
    const quotes = file.startsWith('english') ? ['computing foundation', 'conference'] : ['210家上下游企业', '110亿元', '32个重大产业项目'];
    const { id, text } = await importWithHighlights(c, file, quotes);
    await c.api.updateArticleMeta({ id, meta: { title: '用户改过的标题', tags: ['核实'] } });
    const before = await c.api.listAnnotations({ articleId: id });
    damage(articleJson(id));
    c = await open();
    const article = await c.api.getArticle({ id });
    expect(article.text).toBe(text);
    expect(article.meta.title).toBe('用户改过的标题');
    expect(article.meta.tags).toEqual(['核实']);
    const after = await c.api.listAnnotations({ articleId: id });
    expect(after).toHaveLength(quotes.length);
    expect(after.filter((a) => a.orphan)).toEqual([]);
    expect(after.map((a) => a.target.selector)).toEqual(before.map((a) => a.target.selector));
    const problems = await c.api.listProblems({});
    expect(problems.find((p) => p.kind === 'recovered')).toMatchObject({
      articleId: id,
      message: expect.stringMatching(/rebuilt from the original file .*under the same id/),
    });
    // Readable again on the next open without another rebuild.
    expect(JSON.parse(readFileSync(articleJson(id), 'utf8'))).toMatchObject({ id, text });
    expect((await c.api.listArticles({})).map((e) => e.id)).toEqual([id]);
    expect((await c.api.search({ query: file.startsWith('english') ? 'computing' : '上下游企业' })).hits.map((r) => r.id)).toEqual([id]);
  });

  it('also when the catalog is lost too: the article is listed again, from its original', async () => {
    let c = await open();
    const { id, text } = await importWithHighlights(c, 'rmrb-waic.md', ['110亿元']);
    await c.close();
    core = null;
    unlinkSync(articleJson(id));
    unlinkSync(join(dir, 'catalog.json'));
    c = await open();
    expect((await c.api.listArticles({})).map((e) => [e.id, e.title])).toEqual([[id, '推动32个重大产业项目签约，项目投资总额288亿元']]);
    expect((await c.api.getArticle({ id })).text).toBe(text);
    expect(await c.api.listAnnotations({ articleId: id })).toHaveLength(1);
  });

  it('after a text correction the rebuilt text is the original; a highlight on the corrected words becomes an orphan, never lost', async () => {
    let c = await open();
    const { id, text } = await importWithHighlights(c, 'rmrb-waic.md', ['210家上下游企业', '110亿元意向采购金额']);
    const at = text.indexOf('110亿元意向采购金额');
    // The correction inside the second highlight, then a highlight of the corrected words.
    await c.api.editArticleText({ id, start: at, end: at + 5, text: '120亿元' });
    const fixed = (await c.api.getArticle({ id })).text;
    const s = fixed.indexOf('120亿元意向');
    await c.api.createAnnotation({ articleId: id, start: s, end: s + 7, color: 'key', note: '更正后的数字' });
    unlinkSync(articleJson(id));
    c = await open();
    expect((await c.api.getArticle({ id })).text).toBe(text);
    const after = await c.api.listAnnotations({ articleId: id });
    expect(after).toHaveLength(3);
    expect(after.find((a) => a.note === '更正后的数字')).toMatchObject({ orphan: true });
    expect(after.find((a) => a.note === '注：210家上下游企业')!.orphan).toBeFalsy();
    expect((await c.api.listProblems({})).find((p) => p.kind === 'recovered')!.message).toMatch(/Corrections made to the text after it was imported/);
  });

  it('a revision imported over the article becomes its original: the rebuild gives the revised text', async () => {
    let c = await open();
    const { id } = await importWithHighlights(c, 'english-waic.txt', ['conference']);
    const revised = readFileSync(join(FIXTURES, 'english-waic.txt'), 'utf8').replace('conference', 'conference (revised)');
    await c.api.reviseArticle({ id, name: 'revised.md', dataBase64: Buffer.from(revised).toString('base64') });
    const revisedText = (await c.api.getArticle({ id })).text;
    expect(readdirSync(join(dir, 'articles', id)).filter((n) => n.startsWith('original.'))).toEqual(['original.md']);
    writeFileSync(articleJson(id), '{');
    c = await open();
    expect((await c.api.getArticle({ id })).text).toBe(revisedText);
  });
});

describe('without an original, importing the same text again restores it under the same id', () => {
  it.each([
    ['a Markdown file', 'rmrb-waic.md'],
    ['a plain-text file', 'english-waic.txt'],
  ])('%s', async (_what, file) => {
    let c = await open();
    const quotes = file.startsWith('english') ? ['computing foundation', 'conference'] : ['210家上下游企业', '110亿元', '32个重大产业项目'];
    const { id, text, bytes } = await importWithHighlights(c, file, quotes);
    for (const name of readdirSync(join(dir, 'articles', id))) if (name.startsWith('original.')) unlinkSync(join(dir, 'articles', id, name));
    writeFileSync(articleJson(id), readFileSync(articleJson(id)).subarray(0, 500));
    c = await open();
    const refused = (await c.api.getArticle({ id }).catch((e: unknown) => e)) as BdError;
    expect(refused.code).toBe('not-found');
    expect(refused.message).toMatch(/Import the same text again to restore it under the same id/);
    const again = await c.api.importFile({ name: file, dataBase64: bytes.toString('base64') });
    expect(again.id).toBe(id);
    expect((await c.api.getArticle({ id })).text).toBe(text);
    const after = await c.api.listAnnotations({ articleId: id });
    expect(after.map((a) => a.note).sort()).toEqual(quotes.map((q) => `注：${q}`).sort());
    expect(after.filter((a) => a.orphan)).toEqual([]);
    expect((await c.api.listArticles({})).map((e) => e.id)).toEqual([id]);
    // Restored: the next import of it is a duplicate again.
    await expect(c.api.importFile({ name: file, dataBase64: bytes.toString('base64') })).rejects.toMatchObject({ code: 'duplicate' });
  });
});

describe('deleting keeps a copy of the user’s own work', () => {
  it('an article with highlights: annotations.json copied to backups/ and named in the answer; none without highlights', async () => {
    const c = await open();
    const { id } = await importWithHighlights(c, 'rmrb-waic.md', ['110亿元', '210家上下游企业']);
    const saved = readFileSync(join(dir, 'articles', id, 'annotations.json'), 'utf8');
    const deleted = await c.api.deleteArticle({ id });
    expect(deleted.annotationsKept).toMatchObject({ count: 2, file: expect.stringMatching(/^backups\/deleted-.*annotations\.json$/) });
    expect(readFileSync(join(dir, deleted.annotationsKept!.file), 'utf8')).toBe(saved);
    expect(existsSync(join(dir, 'articles', id))).toBe(false);
    const plain = await importWithHighlights(c, 'english-waic.txt', []);
    expect(await c.api.deleteArticle({ id: plain.id })).toEqual({ id: plain.id, title: expect.any(String) });
  });

  it('an article whose text is damaged: its highlights are still kept', async () => {
    let c = await open();
    const { id } = await importWithHighlights(c, 'english-waic.txt', ['conference']);
    for (const name of readdirSync(join(dir, 'articles', id))) if (name.startsWith('original.')) unlinkSync(join(dir, 'articles', id, name));
    writeFileSync(articleJson(id), 'garbage');
    c = await open();
    const deleted = await c.api.deleteArticle({ id });
    expect(deleted.annotationsKept?.count).toBe(1);
  });

  it('a briefing: a copy in backups/', async () => {
    const c = await open();
    const b = await c.api.createBriefing({ title: '能源动态第3期' });
    await c.api.deleteBriefing({ id: b.id });
    const copies = readdirSync(join(dir, 'backups')).filter((n) => n.includes(`briefing-${b.id}`));
    expect(copies).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(dir, 'backups', copies[0]), 'utf8'))).toMatchObject({ id: b.id });
  });
});
