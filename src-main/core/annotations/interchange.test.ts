/**
 * Annotations between libraries, through the core API on real temporary
 * libraries: article matching (id → fingerprint → URL → near-identical
 * text → the user's choice), deduplication on re-import, code-point offsets,
 * the W3C conformance table anchored in a real article, and — whatever an
 * incoming item looks like — nothing saved is damaged or hidden.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Core } from '../core';
import type { Annotation } from '../../common/annotation';
import { conformanceCases } from '../../common/anchoring/__fixtures__/w3c-conformance';
import { fingerprint } from './interchange';

const SAMPLE = readFileSync(join(__dirname, '../../../resources/rmrb-2023-waic-ai-conference.txt'), 'utf8');
const dirs: string[] = [];
const cores: Core[] = [];

async function library(): Promise<Core> {
  const dir = mkdtempSync(join(tmpdir(), 'bd-interchange-'));
  dirs.push(dir);
  const core = await Core.open({ dir, host: 'cli', seedSample: false });
  cores.push(core);
  return core;
}

afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function addText(core: Core, text: string, title?: string): Promise<{ id: string; text: string }> {
  const { id } = await core.api.importText({ text, ...(title ? { title } : {}) });
  return { id, text: (await core.api.getArticle({ id })).text };
}

async function highlight(
  core: Core,
  article: { id: string; text: string },
  quote: string,
  extra: { note?: string; tags?: string[]; color?: 'key' | 'figure' | 'policy' | 'risk' | 'verify' } = {},
): Promise<Annotation> {
  const start = article.text.indexOf(quote);
  if (start < 0) throw new Error(`not in text: ${quote}`);
  return core.api.createAnnotation({
    articleId: article.id,
    start,
    end: start + quote.length,
    color: extra.color ?? 'key',
    ...(extra.note ? { note: extra.note } : {}),
    ...(extra.tags ? { tags: extra.tags } : {}),
  });
}

const QUOTES = ['构建人工智能时代算力底座，让算力成为人工智能发展的基础资源', '智能芯片、开发框架等创新成果不断涌现', '共计举办133场主题论坛'];

/** A lightly revised copy of the sample: a figure corrected, a sentence added, indentation changed. */
function revised(text: string): string {
  return text
    .replace('线下参观人数突破17.7万人次', '线下参观人数突破17.8万人次')
    .replace('均创历史新高。', '均创历史新高。本届大会还首次设立了青年论坛。')
    .replace(/\n　　/g, '\n');
}

describe('articles are matched across libraries', () => {
  let a: Core;
  let b: Core;
  let source: { id: string; text: string };
  let exported: string;

  beforeEach(async () => {
    a = await library();
    b = await library();
    source = await addText(a, SAMPLE);
    for (const [i, q] of QUOTES.entries()) await highlight(a, source, q, { note: `批注${i}`, tags: [`标签${i}`], color: 'figure' });
    exported = (await a.api.exportAnnotations({ articleId: source.id, format: 'w3c' })).content;
  });

  const cases: Array<{ name: string; prepare: (b: Core, a: Core, sourceId: string) => Promise<string>; by: string }> = [
    {
      name: 'fingerprint: the same text with other spacing and full-width digits, another id',
      prepare: async (b) =>
        (
          await addText(
            b,
            SAMPLE.replace(/\n　　/g, '\n\n')
              .replace('133场', '１３３场')
              .replace('2025年', '2025 年'),
          )
        ).id,
      by: 'fingerprint',
    },
    {
      name: 'URL: a revised text under the same canonical URL (http vs https, tracking parameter)',
      prepare: async (b, a, sourceId) => {
        await a.api.updateArticleMeta({ id: sourceId, meta: { url: 'https://paper.people.com.cn/rmrb/html/2023-07/10/nw.D110000renmrb_20230710_1-01.htm' } });
        const target = await addText(b, revised(SAMPLE) + '\n（本报记者）');
        await b.api.updateArticleMeta({
          id: target.id,
          meta: { url: 'http://paper.people.com.cn/rmrb/html/2023-07/10/nw.D110000renmrb_20230710_1-01.htm?utm_source=wechat' },
        });
        return target.id;
      },
      by: 'url',
    },
    { name: 'near-identical text: a slightly revised copy, no URL', prepare: async (b) => (await addText(b, revised(SAMPLE))).id, by: 'text' },
  ];

  it.each(cases)('$name', async ({ prepare, by }) => {
    // Another article in B so matching has something to choose against.
    await addText(b, '储能装机创新高\n\n　　国家能源局发布数据显示，新型储能装机规模持续增长，各地加快推进储能项目建设。');
    const targetId = await prepare(b, a, source.id);
    if (by === 'url') exported = (await a.api.exportAnnotations({ articleId: source.id, format: 'w3c' })).content;
    const report = await b.api.importAnnotations({ content: exported });
    expect(report.unmatched).toEqual([]);
    expect(report.articles).toEqual([expect.objectContaining({ articleId: targetId, matchedBy: by, imported: 3 })]);
    expect(report).toMatchObject({ imported: 3, skipped: 0 });
    const list = await b.api.listAnnotations({ articleId: targetId });
    expect(list.map((x) => x.note).sort()).toEqual(['批注0', '批注1', '批注2']);
    const placedQuotes = list.filter((x) => !x.orphan).map((x) => x.target.selector[0].exact);
    expect(placedQuotes).toEqual(expect.arrayContaining(QUOTES.filter((q) => !q.includes('133') || by !== 'fingerprint')));
    // Importing the same file again adds nothing.
    const again = await b.api.importAnnotations({ content: exported });
    expect(again).toMatchObject({ imported: 0, duplicates: 3, skipped: 3 });
    expect(await b.api.listAnnotations({ articleId: targetId })).toHaveLength(3);
  });

  it('lists what matches nothing, writes nothing, and imports it into the article the user assigns', async () => {
    const other = await addText(b, '储能装机创新高\n\n　　国家能源局发布数据显示，新型储能装机规模持续增长。');
    const report = await b.api.importAnnotations({ content: exported });
    expect(report).toMatchObject({ imported: 0, placed: 0, orphaned: 0, skipped: 3 });
    expect(report.unmatched).toHaveLength(1);
    const [group] = report.unmatched;
    expect(group).toMatchObject({ count: 3, title: expect.stringContaining('推动32个重大产业项目签约') });
    expect(group.reason).toMatch(/^no article of this library has its (id, fingerprint or URL|id or fingerprint), and none is near-identical/);
    expect(QUOTES).toEqual(expect.arrayContaining(group.quotes));
    expect(group.quotes).toHaveLength(3);
    expect(await b.api.listAnnotations({ articleId: other.id })).toEqual([]);
    // The user picks the article (here one that does not contain the passages: they become orphans, with the reason).
    const assigned = await b.api.importAnnotations({ content: exported, assign: { [group.key]: other.id } });
    expect(assigned).toMatchObject({ imported: 3, orphaned: 3, unmatched: [] });
    expect(assigned.articles[0]).toMatchObject({ articleId: other.id, matchedBy: 'assigned' });
    const list = await b.api.listAnnotations({ articleId: other.id });
    expect(list.every((x) => x.orphan && x.orphanReason === 'not-found')).toBe(true);
    expect((await b.api.importAnnotations({ content: exported, assign: { [group.key]: other.id } })).imported).toBe(0);
  });

  it('refuses an assignment to an article that does not exist, and to ids such as "constructor"', async () => {
    const report = await b.api.importAnnotations({ content: exported });
    const key = report.unmatched[0].key;
    for (const id of ['a0123456789ab', 'constructor']) {
      const r = await b.api.importAnnotations({ content: exported, assign: { [key]: id } });
      expect(r.imported).toBe(0);
      expect(r.unmatched[0].reason).toMatch(/not in this library/);
    }
  });

  it('matches annotations from another tool by their quotes when the URL is unknown', async () => {
    const target = await addText(b, revised(SAMPLE));
    await addText(b, '储能装机创新高\n\n　　国家能源局发布数据显示，新型储能装机规模持续增长。');
    const hypothesis = {
      total: 2,
      rows: undefined,
      annotations: QUOTES.slice(0, 2).map((q, i) => ({
        id: `Hyp${i}AbCdEf`,
        created: '2023-07-12T01:02:03.456789+00:00',
        updated: '2023-07-12T01:02:03.456789+00:00',
        uri: 'https://www.example.com/some/mirror/of/the/article.html',
        text: `Hypothesis note ${i}`,
        tags: ['hypothesis'],
        target: [
          {
            source: 'https://www.example.com/some/mirror/of/the/article.html',
            selector: [
              { type: 'RangeSelector', startContainer: '/div[1]/p[3]', startOffset: 0, endContainer: '/div[1]/p[3]', endOffset: 10 },
              { type: 'TextQuoteSelector', exact: q },
            ],
          },
        ],
        document: { title: ['推动32个重大产业项目签约'] },
      })),
    };
    const report = await b.api.importAnnotations({ content: JSON.stringify(hypothesis) });
    expect(report.articles).toEqual([expect.objectContaining({ articleId: target.id, matchedBy: 'text', placed: 2 })]);
    expect((await b.api.importAnnotations({ content: JSON.stringify(hypothesis) })).duplicates).toBe(2);
  });
});

describe('placing imported annotations: true facts, true reasons', () => {
  const GROUPS = [
    '关于开展2024年安全生产大检查的工作总结',
    '第一小组负责检查化工园区，共检查企业36家，发现隐患128处，已整改115处，整改率89.8％。',
    '第二小组负责检查化工园区，共检查企业35家，发现隐患121处，已整改110处，整改率90.9％。',
    '第三小组负责检查建筑工地，共检查项目22个，发现隐患64处，已全部整改到位。',
    '下一步，各小组将持续跟踪未整改隐患，确保年底前全部清零。',
  ].join('\n');

  it.each([
    ['隐患128处 with the first group deleted', '发现隐患128处，已整改115处', (t: string) => t.replace(/第一小组[^\n]*\n/, '')],
    ['第一小组 with the first group deleted', '第一小组负责检查化工园区', (t: string) => t.replace(/第一小组[^\n]*\n/, '')],
    ['整改率89.8％ with that figure revised', '整改率89.8％', (t: string) => t.replace('整改率89.8％', '整改率98.8％')],
  ])('a highlight whose figures are gone is an orphan, never moved onto other figures: %s', async (_name, quote, edit) => {
    const p = await library();
    const q = await library();
    const source = await addText(p, GROUPS);
    await highlight(p, source, quote, { note: '核实数据' });
    const exported = (await p.api.exportAnnotations({ articleId: source.id, format: 'w3c' })).content;
    const target = await addText(q, edit(GROUPS));
    const report = await q.api.importAnnotations({ content: exported });
    expect(report).toMatchObject({ imported: 1, placed: 0, orphaned: 1 });
    const [a] = await q.api.listAnnotations({ articleId: target.id });
    expect(a).toMatchObject({ orphan: true, orphanReason: 'not-found', note: '核实数据' });
    expect(a.target.selector[0].exact).toBe(quote);
  });

  it('places a quote written with full-width digits in a text with ordinary ones, and the other way round', async () => {
    const q = await library();
    const text = '关于推进中小企业数字化转型的通知\n全年诊断企业不少于5000家，带动投资３００万元以上。';
    const target = await addText(q, text);
    const file = (exact: string, i: number) => ({
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      id: `http://x.org/a/${i}`,
      type: 'Annotation',
      bodyValue: `笔记${i}`,
      target: { source: 'https://www.example.org/notice', selector: { type: 'TextQuoteSelector', exact } },
    });
    const report = await q.api.importAnnotations({ content: JSON.stringify([file('全年诊断企业不少于５０００家', 1), file('带动投资300万元以上', 2)]) });
    expect(report).toMatchObject({ imported: 2, placed: 2, orphaned: 0 });
    const placed = (await q.api.listAnnotations({ articleId: target.id })).map((a) => a.target.selector[0].exact).sort();
    expect(placed).toEqual(['全年诊断企业不少于5000家', '带动投资３００万元以上'].sort());
  });

  it('matches a short quote found in exactly one article; says “ambiguous” only when it is in several, and never claims no article has it', async () => {
    const q = await library();
    const notice = await addText(q, '国家知识产权局商标局近日发布说明\n　　针对近期社会关注的商标注册问题，商标局作出回应。');
    await addText(q, '储能装机创新高\n　　国家能源局发布数据显示，新型储能装机规模持续增长。');
    const one = (exact: string, source = 'https://www.example.org/gb18030') =>
      JSON.stringify({
        '@context': 'http://www.w3.org/ns/anno.jsonld',
        id: `http://x.org/a/${exact}`,
        type: 'Annotation',
        bodyValue: 'W3C笔记',
        target: { source, selector: { type: 'TextQuoteSelector', exact } },
      });
    const unique = await q.api.importAnnotations({ content: one('商标局近日发布说明') });
    expect(unique.unmatched).toEqual([]);
    expect(unique.articles).toEqual([expect.objectContaining({ articleId: notice.id, matchedBy: 'text', placed: 1 })]);
    // Hypothesis' own format, with its context: the same.
    const hyp = {
      annotations: [
        {
          id: 'V1',
          uri: 'https://www.example.org/gb18030',
          text: 'Hypothesis 笔记',
          tags: ['商标'],
          target: [{ source: 'https://www.example.org/gb18030', selector: [{ type: 'TextQuoteSelector', exact: '作出回应', prefix: '商标局', suffix: '。' }] }],
        },
      ],
    };
    expect((await q.api.importAnnotations({ content: JSON.stringify(hyp) })).articles).toEqual([expect.objectContaining({ articleId: notice.id, placed: 1 })]);
    // In both articles: ambiguous, naming both.
    const both = await q.api.importAnnotations({ content: one('国家', 'https://elsewhere.example/x') });
    expect(both.unmatched).toEqual([expect.objectContaining({ code: 'ambiguous', reason: expect.stringMatching(/occurs in 2 articles/) })]);
    // In none: no-match, and says so.
    const none = await q.api.importAnnotations({ content: one('海关总署发布', 'https://elsewhere.example/y') });
    expect(none.unmatched).toEqual([
      expect.objectContaining({ code: 'no-match', reason: expect.stringMatching(/no article contains any of its highlighted passages/) }),
    ]);
  });
});

describe('TextPositionSelector offsets are code points at the boundary', () => {
  it('exports code points and places them right in another library, with 𠮷 and 😀 before the passage', async () => {
    const a = await library();
    const b = await library();
    const text = '𠮷野家与😀表情包的报道\n\n　　据统计，我国算力规模位居全球第二，智能芯片等创新成果不断涌现。';
    const src = await addText(a, text);
    const h = await highlight(a, src, '算力规模位居全球第二');
    const exported = JSON.parse((await a.api.exportAnnotations({ articleId: src.id, format: 'w3c' })).content);
    const pos = exported.first.items[0].target.selector.find((s: { type: string }) => s.type === 'TextPositionSelector');
    expect(pos.start).toBe(h.target.selector[1].start - 2);
    expect([...src.text].slice(pos.start, pos.end).join('')).toBe('算力规模位居全球第二');
    // Position only (no quote), as a conformant tool might send it: must land on the same characters.
    const target = await addText(b, text);
    const positionOnly = {
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      id: 'urn:x:1',
      type: 'Annotation',
      target: { source: `urn:briefing-desk:article:${target.id}`, selector: { type: 'TextPositionSelector', start: pos.start, end: pos.end } },
    };
    const report = await b.api.importAnnotations({ content: JSON.stringify(positionOnly) });
    expect(report).toMatchObject({ imported: 1, placed: 1 });
    const [placed] = await b.api.listAnnotations({ articleId: target.id });
    expect(placed.target.selector[0].exact).toBe('算力规模位居全球第二');
    // The JSON export speaks code points too.
    const own = JSON.parse((await a.api.exportAnnotations({ articleId: src.id, format: 'json' })).content);
    expect(own[0].target.selector[1].start).toBe(pos.start);
    expect(own[0].article.fingerprint).toBe(fingerprint(src.text));
  });
});

describe('W3C conformance table, imported into a real article', () => {
  it('imports, places and skips as the table says', async () => {
    const core = await library();
    const article = await addText(core, SAMPLE);
    const url = 'https://example.org/rmrb/waic.html';
    await core.api.updateArticleMeta({ id: article.id, meta: { url } });
    for (const c of conformanceCases(article.text, url)) {
      const report = await core.api.importAnnotations({ content: JSON.stringify(c.doc) });
      expect({
        name: c.name,
        placed: report.placed,
        orphaned: report.orphaned,
        refused: report.refused.map((r) => r.code),
        unmatched: report.unmatched.length,
      }).toEqual({
        name: c.name,
        placed: c.placed,
        orphaned: c.orphaned,
        refused: c.skipped,
        unmatched: 0,
      });
      if (c.read > 0) expect(report.articles[0]).toMatchObject({ articleId: article.id, matchedBy: 'url' });
    }
  });
});

describe('no incoming item can damage or hide what is saved', () => {
  let core: Core;
  let dir: string;
  let article: { id: string; text: string };
  let saved: Annotation[];

  beforeEach(async () => {
    core = await library();
    dir = dirs.at(-1)!;
    article = await addText(core, SAMPLE);
    saved = [];
    for (const q of QUOTES) saved.push(await highlight(core, article, q, { note: `已保存：${q.slice(0, 4)}` }));
  });

  const good = (id: string, quote: string) => ({
    id,
    articleId: '__ARTICLE__',
    target: { selector: [{ type: 'TextQuoteSelector', exact: quote, prefix: '', suffix: '' }] },
    color: 'policy',
    note: '新的',
    tags: [],
    created: '2024-01-01T00:00:00.000Z',
    modified: '2024-01-01T00:00:00.000Z',
  });
  const bad: Array<[string, unknown]> = [
    ['unknown colour', { ...good('hbad00000001', '展览面积超过5万平方米'), color: 'pink' }],
    ['tags not strings', { ...good('hbad00000002', '展览面积超过5万平方米'), tags: [1, 2] }],
    ['note not a string', { ...good('hbad00000003', '展览面积超过5万平方米'), note: { html: '<b>' } }],
    ['empty quote', { ...good('hbad00000004', '展览面积超过5万平方米'), target: { selector: [{ type: 'TextQuoteSelector', exact: '' }] } }],
    ['position end before start', { ...good('hbad00000005', 'x'), target: { selector: [{ type: 'TextPositionSelector', start: 50, end: 10 }] } }],
    ['note over 100,000 characters', { ...good('hbad00000006', '展览面积超过5万平方米'), note: '长'.repeat(100_001) }],
    ['the id of a saved annotation, other content', { ...good('__SAVED_ID__', '展览面积超过5万平方米') }],
    [
      '__proto__ and constructor keys',
      JSON.parse(
        '{"__proto__":{"polluted":1},"constructor":{"x":1},"id":"constructor","type":"Annotation","target":{"source":"urn:briefing-desk:article:constructor","selector":{"type":"TextQuoteSelector","exact":"本库没有的段落"}}}',
      ),
    ],
    ['null', null],
    ['a number', 42],
    ['no target', { id: 'x', type: 'Annotation', body: 'http://example.org' }],
    [
      'a position far outside the text, no quote',
      {
        '@context': 'http://www.w3.org/ns/anno.jsonld',
        id: 'urn:x:9',
        type: 'Annotation',
        target: { source: '__SOURCE__', selector: { type: 'TextPositionSelector', start: 10_000_000, end: 10_000_010 } },
      },
    ],
  ];

  it.each(bad)('%s: refused with its reason; the saved annotations and the valid neighbour are kept', async (_name, item) => {
    const before = readFileSync(join(dir, 'articles', article.id, 'annotations.json'), 'utf8');
    const fill = (v: unknown) =>
      JSON.parse(
        JSON.stringify(v)
          .replaceAll('__ARTICLE__', article.id)
          .replaceAll('__SAVED_ID__', saved[0].id)
          .replaceAll('__SOURCE__', `urn:briefing-desk:article:${article.id}`),
      );
    const content = JSON.stringify([fill(good('hgood0000001', '大幅降低机器学习的能耗与碳排放')), fill(item)]);
    const report = await core.api.importAnnotations({ content });
    expect(report.imported).toBe(1);
    expect(report.skipped).toBe(1);
    const reasons = [...report.refused.map((r) => r.reason), ...report.unmatched.map((u) => u.reason)];
    expect(reasons).toHaveLength(1);
    expect(reasons[0].length).toBeGreaterThan(10);
    const list = await core.api.listAnnotations({ articleId: article.id });
    for (const s of saved) expect(list).toContainEqual(s);
    expect(list).toHaveLength(saved.length + 1);
    // On disk: what was there is still there, byte for byte, and a fresh open sees it with no warning.
    const after = JSON.parse(readFileSync(join(dir, 'articles', article.id, 'annotations.json'), 'utf8'));
    expect(after.annotations.slice(0, 3)).toEqual(JSON.parse(before).annotations);
    expect(after.annotations).toHaveLength(4);
    await core.close();
    cores.splice(cores.indexOf(core), 1);
    const reopened = await Core.open({ dir, host: 'cli', seedSample: false });
    cores.push(reopened);
    expect(await reopened.api.listAnnotations({ articleId: article.id })).toHaveLength(4);
    expect((await reopened.api.libraryInfo({})).warnings).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses content that is not JSON with a clear error and writes nothing', async () => {
    const err = await core.api.importAnnotations({ content: '{"type": "Annotation", ' }).catch((e) => e);
    expect(err).toMatchObject({ code: 'refused', field: 'content' });
    expect(err.message).toMatch(/not valid JSON/);
    expect(await core.api.listAnnotations({ articleId: article.id })).toEqual(expect.arrayContaining(saved));
  });
});
