/**
 * Annotations through the core API on a real temporary library: durable
 * per-article files, undo, orphans and re-attaching, text edits with
 * re-anchoring, and the JSON-LD / Markdown round trip.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Core } from '../core';
import type { BdError } from '../../common/errors';
import type { Annotation } from '../../common/annotation';

const sampleBytes = readFileSync(join(__dirname, '../../../resources/rmrb-2023-waic-ai-conference.txt'));
let dir: string;
let core: Core;
let articleId: string;
let text: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bd-annot-'));
  core = await Core.open({ dir, host: 'cli', seedSample: false });
  articleId = (await core.api.importFile({ name: 'sample.txt', dataBase64: sampleBytes.toString('base64') })).id;
  text = (await core.api.getArticle({ id: articleId })).text;
});
afterEach(async () => {
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

const range = (quote: string, from = 0) => {
  const start = text.indexOf(quote, from);
  if (start < 0) throw new Error(`not in sample: ${quote}`);
  return { start, end: start + quote.length };
};
const annotationsFile = () => join(dir, 'articles', articleId, 'annotations.json');
const onDisk = (): Annotation[] => JSON.parse(readFileSync(annotationsFile(), 'utf8')).annotations;

describe('annotations', () => {
  it('is on disk, in the article’s own file, when create returns; the catalog is not rewritten', async () => {
    const catalogBefore = statSync(join(dir, 'catalog.json')).mtimeMs;
    const catalogText = readFileSync(join(dir, 'catalog.json'), 'utf8');
    const a = await core.api.createAnnotation({ articleId, ...range('构建人工智能时代算力底座'), color: 'policy', note: '**重点**' });
    expect(onDisk()).toEqual([a]);
    expect(a.target.selector[0]).toMatchObject({ type: 'TextQuoteSelector', exact: '构建人工智能时代算力底座' });
    expect(a.target.selector[0].prefix.length).toBe(32);
    expect(readFileSync(join(dir, 'catalog.json'), 'utf8')).toBe(catalogText);
    expect(statSync(join(dir, 'catalog.json')).mtimeMs).toBe(catalogBefore);
  });

  it('spans several blocks, lists in text order, updates, deletes and restores (undo)', async () => {
    const late = await core.api.createAnnotation({ articleId, ...range('深度交流为行业高质量发展集聚众智'), color: 'key' });
    const span = range('人工智能应用场景加速拓展\n当前，我国人工智能核心产业规模达到5000亿元');
    const early = await core.api.createAnnotation({ articleId, ...span, color: 'figure', tags: ['数据', '数据'] });
    expect(early.tags).toEqual(['数据']);
    expect((await core.api.listAnnotations({ articleId })).map((a) => a.id)).toEqual([early.id, late.id]);
    const updated = await core.api.updateAnnotation({ articleId, id: early.id, note: '核心产业规模', tags: ['算力'] });
    expect(updated.note).toBe('核心产业规模');
    expect((await core.api.libraryInfo({})).tags).toContain('算力');
    const removed = await core.api.deleteAnnotation({ articleId, id: early.id });
    expect(onDisk().map((a) => a.id)).toEqual([late.id]);
    await core.api.restoreAnnotation({ annotation: removed });
    expect(onDisk().find((a) => a.id === early.id)).toMatchObject({ note: '核心产业规模', tags: ['算力'] });
  });

  it('rejects bad ranges and unknown articles with the field named, writing nothing', async () => {
    const bad = await core.api.createAnnotation({ articleId, start: 10, end: 99999, color: 'key' }).catch((e: BdError) => e);
    expect(bad).toMatchObject({ code: 'invalid-params', field: 'end' });
    const color = await core.api.createAnnotation({ articleId, start: 0, end: 4, color: 'pink' as never }).catch((e: BdError) => e);
    expect(color).toMatchObject({ code: 'invalid-params', field: 'color' });
    const missing = await core.api.listAnnotations({ articleId: 'a0123456789ab' }).catch((e: BdError) => e);
    expect(missing).toMatchObject({ code: 'not-found' });
    expect(() => statSync(annotationsFile())).toThrow();
  });

  it('keeps highlights through a text edit and reports what moved and what was orphaned', async () => {
    const inside = await core.api.createAnnotation({ articleId, ...range('共计举办133场主题论坛，线下参观人数突破17.7万人次'), color: 'figure' });
    const after = await core.api.createAnnotation({ articleId, ...range('深度交流为行业高质量发展集聚众智'), color: 'key' });
    const doomed = await core.api.createAnnotation({ articleId, ...range('均创历史新高'), color: 'risk' });
    // Fix a word inside the first highlight.
    const fix = range('主题论坛');
    const r1 = await core.api.editArticleText({ id: articleId, ...fix, text: '专题论坛' });
    expect(r1.report).toMatchObject({ total: 3, orphaned: 0 });
    expect(r1.article.text).toContain('共计举办133场专题论坛');
    // Delete the third highlight's passage entirely.
    text = r1.article.text;
    const gone = range('，均创历史新高');
    const r2 = await core.api.editArticleText({ id: articleId, ...gone, text: '' });
    expect(r2.report.orphaned).toBe(1);
    const list = await core.api.listAnnotations({ articleId });
    const byId = new Map(list.map((a) => [a.id, a]));
    expect(byId.get(inside.id)!.target.selector[0].exact).toBe('共计举办133场专题论坛，线下参观人数突破17.7万人次');
    expect(byId.get(after.id)!.target.selector[0].exact).toBe('深度交流为行业高质量发展集聚众智');
    expect(byId.get(doomed.id)!.orphan).toBe(true);
    expect(list.at(-1)!.id).toBe(doomed.id);
    // Blocks still cover their text after the edits.
    const heading = r2.article.blocks.filter((b) => b.kind === 'heading').map((b) => r2.article.text.slice(b.start, b.end));
    expect(heading).toEqual(['人工智能应用场景加速拓展', '构建人工智能时代算力底座', '深度交流为行业高质量发展集聚众智']);
    // Re-attach the orphan to a new selection.
    text = r2.article.text;
    const re = await core.api.reattachAnnotation({ articleId, id: doomed.id, ...range('展览面积超过5万平方米') });
    expect(re.orphan).toBeUndefined();
    expect(re.target.selector[0].exact).toBe('展览面积超过5万平方米');
  });

  it('takes zero-width and other invisible characters out of a correction, as import does', async () => {
    const fix = range('主题论坛');
    const r = await core.api.editArticleText({ id: articleId, ...fix, text: '专\u200b题\u00ad论\ufeff坛' });
    expect(r.article.text).toContain('共计举办133场专题论坛，');
    const block = r.article.blocks.find((b) => b.start <= fix.start && b.end >= fix.end)!;
    expect(r.article.text.slice(block.start, block.end)).toContain('专题论坛');
    expect(r.article.text).not.toMatch(/[\u200b\u00ad\ufeff]/);
  });

  it('takes invisible characters out of pasted text, so search finds its words', async () => {
    const pasted = '全国夏粮\u200b收购\u200d进度过半\n\n据国家粮食和物资储备局统计，全\u200b国累计收购小麦\u2060超过3000万吨，收\ufeff购进度快于上年。';
    const { id } = await core.api.importText({ text: pasted });
    const article = await core.api.getArticle({ id });
    expect(article.meta.title).toBe('全国夏粮收购进度过半');
    expect(article.text).toContain('全国累计收购小麦超过3000万吨，收购进度快于上年。');
    const found = await core.api.search({ query: '全国累计收购小麦' });
    expect(found.hits.map((h) => h.id)).toContain(id);
    // A query pasted with the same invisible characters finds it too.
    const pastedQuery = await core.api.search({ query: '全国\u200b累计\u2060收购\ufeff小麦' });
    expect(pastedQuery.hits.map((h) => h.id)).toContain(id);
  });

  it('round-trips W3C JSON-LD losslessly through export and import', async () => {
    const a = await core.api.createAnnotation({ articleId, ...range('徐晓兰'), color: 'verify', note: '职务待核实\n\n- 工信部', tags: ['人物', '工信部'] });
    const exported = await core.api.exportAnnotations({ articleId, format: 'w3c' });
    const doc = JSON.parse(exported.content);
    expect(doc['@context'][0]).toBe('http://www.w3.org/ns/anno.jsonld');
    const item = doc.first.items[0];
    expect(item.type).toBe('Annotation');
    expect(item.target['bd:article']).toBe(`urn:briefing-desk:article:${articleId}`);
    expect(item.target['bd:fingerprint']).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(item.target.selector.map((s: { type: string }) => s.type).sort()).toEqual(['TextPositionSelector', 'TextQuoteSelector']);
    expect(item.body.filter((b: { purpose: string }) => b.purpose === 'tagging').map((b: { value: string }) => b.value)).toEqual(['人物', '工信部']);
    await core.api.deleteAnnotation({ articleId, id: a.id });
    const report = await core.api.importAnnotations({ content: exported.content });
    expect(report).toMatchObject({ imported: 1, placed: 1, orphaned: 0, skipped: 0, duplicates: 0, unmatched: [], refused: [] });
    expect(report.articles).toEqual([{ articleId, title: expect.any(String), matchedBy: 'id', imported: 1, placed: 1, orphaned: 0, duplicates: 0 }]);
    expect(await core.api.listAnnotations({ articleId })).toEqual([a]);
  });

  it('exports Markdown with quote, note, tags and source line', async () => {
    await core.api.createAnnotation({ articleId, ...range('项目投资总额288亿元', 100), color: 'figure', note: '签约规模', tags: ['投资'] });
    const md = (await core.api.exportAnnotations({ articleId, format: 'md' })).content;
    expect(md).toContain('> 项目投资总额288亿元');
    expect(md).toContain('签约规模');
    expect(md).toContain('投资');
    expect(md).toContain('推动32个重大产业项目签约');
    // A Chinese article's export labels its lines in Chinese; asked for English, in English.
    expect(md).toMatch(/^标签：`投资`$/m);
    expect(md).toMatch(/^来源：/m);
    expect(md).not.toMatch(/Source:|Tags:/);
    const en = (await core.api.exportAnnotations({ articleId, format: 'md', language: 'en' })).content;
    expect(en).toMatch(/^Tags: `投资`$/m);
    expect(en).toMatch(/^Source: /m);
  });

  it('labels the Markdown export of an English article in English', async () => {
    const { id } = await core.api.importText({
      text: 'Ministry announces AI pilot zones\n\nThe ministry named ten pilot zones for artificial intelligence on Monday.',
    });
    const text = (await core.api.getArticle({ id })).text;
    const start = text.indexOf('ten pilot zones');
    await core.api.createAnnotation({ articleId: id, start, end: start + 'ten pilot zones'.length, color: 'key', tags: ['AI'] });
    const md = (await core.api.exportAnnotations({ articleId: id, format: 'md' })).content;
    expect(md).toMatch(/^Tags: `AI`$/m);
    expect(md).toMatch(/^Source: Ministry announces AI pilot zones/m);
  });

  it('quarantines an unreadable annotations file and tells the user', async () => {
    await core.api.createAnnotation({ articleId, ...range('徐晓兰'), color: 'key' });
    writeFileSync(annotationsFile(), '{"schemaVersion":1,"annotations":[{');
    expect(await core.api.listAnnotations({ articleId })).toEqual([]);
    const info = await core.api.libraryInfo({});
    expect(info.warnings.some((w) => w.articleId === articleId && /quarantine/.test(w.message))).toBe(true);
  });

  it('keeps colour labels the user renamed', async () => {
    expect(await core.api.getColorLabels({})).toMatchObject({ key: '要点', verify: '待核实' });
    await core.api.setColorLabels({ labels: { risk: '风险提示' } });
    expect((await core.api.getColorLabels({})).risk).toBe('风险提示');
  });
});

describe('what a change tells the search index', () => {
  it('says notesChanged only when a note or tag changed, whatever else the change did', async () => {
    const seen: boolean[] = [];
    core.ctx.annotations.onChange((c) => seen.push(c.notesChanged));
    const plain = await core.api.createAnnotation({ articleId, ...range('人工智能'), color: 'key' });
    const noted = await core.api.createAnnotation({ articleId, ...range('上海'), color: 'risk', note: '会议地点' });
    await core.api.updateAnnotation({ articleId, id: plain.id, color: 'verify' });
    await core.api.updateAnnotation({ articleId, id: plain.id, tags: ['算力'] });
    await core.api.updateAnnotation({ articleId, id: noted.id, note: '会议地点' }); // the same note again
    await core.api.updateAnnotation({ articleId, id: noted.id, note: '' });
    await core.api.deleteAnnotation({ articleId, id: noted.id });
    await core.api.deleteAnnotation({ articleId, id: plain.id });
    expect(seen).toEqual([false, true, false, true, false, true, false, true]);
  });

  it('adds a plain highlight without opening the search index; a note reaches search', async () => {
    const lazyDir = mkdtempSync(join(tmpdir(), 'bd-annot-lazy-'));
    const lazy = await Core.open({ dir: lazyDir, host: 'cli', seedSample: false, searchIndex: 'lazy' });
    try {
      const id = (await lazy.api.importFile({ name: 'sample.txt', dataBase64: sampleBytes.toString('base64') })).id;
      const at = text.indexOf('人工智能');
      await lazy.api.createAnnotation({ articleId: id, start: at, end: at + 4, color: 'key' });
      await lazy.close(); // waits for background work
      expect(readdirSync(join(lazyDir, 'index'))).toEqual([]);
      const again = await Core.open({ dir: lazyDir, host: 'cli', seedSample: false, searchIndex: 'lazy' });
      try {
        await again.api.createAnnotation({ articleId: id, start: at, end: at + 4, color: 'key', note: '需要跟踪的独特批注词' });
        await (await again.ctx.search()).idle();
        const found = await again.api.search({ query: '独特批注词', limit: 5 });
        expect(found.hits.map((h) => h.id)).toEqual([id]);
      } finally {
        await again.close();
      }
    } finally {
      rmSync(lazyDir, { recursive: true, force: true });
    }
  });
});
