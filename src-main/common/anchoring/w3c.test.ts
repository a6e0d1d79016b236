import { SAMPLE_ZH } from '../../../tests/fixtures/texts';
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../annotation';
import { COLOR_KEYS } from '../model';
import { describeRange } from './describe';
import { conformanceCases } from './__fixtures__/w3c-conformance';
import {
  articleIdFromIri,
  articleIri,
  EXPORT_CONTEXT,
  readAnnotations,
  toOwnJson,
  toW3C,
  toW3CCollection,
  type ArticleIdentity,
  type ExportArticle,
} from './w3c';

const ZH = SAMPLE_ZH;
const IDENTITY: ArticleIdentity = {
  id: 'a0000000waic1',
  url: 'https://paper.people.com.cn/rmrb/html/2023-07/10/nw.D110000renmrb_20230710_1-01.htm',
  fingerprint: 'sha256:' + '0'.repeat(64),
  sketch: 'ab12'.repeat(64),
  length: [...ZH].length,
  title: '推动32个重大产业项目签约',
};
const ARTICLE: ExportArticle = { identity: IDENTITY, text: ZH };

function make(quote: string, extra: Partial<Annotation> = {}): Annotation {
  const at = ZH.indexOf(quote);
  return {
    id: `h${at}abc`,
    articleId: IDENTITY.id,
    target: { selector: describeRange(ZH, at, at + quote.length) },
    color: 'key',
    note: '',
    tags: [],
    created: '2023-07-10T08:00:00.000Z',
    modified: '2023-07-11T10:15:30.000Z',
    ...extra,
  };
}

const samples: Array<[string, Annotation]> = [
  ['bare highlight', make('徐晓兰')],
  [
    'Markdown note over several lines',
    make('算力规模位居全球第二', { note: '## 算力\n\n- 全球**第二**\n- 见 [工信部](https://www.miit.gov.cn)\n', color: 'figure' }),
  ],
  [
    'tags, including one that looks like a colour value',
    make('无驾驶人智能网联汽车道路测试牌照', { tags: ['自动驾驶', 'color:risk', 'Pudong 浦东'], color: 'risk' }),
  ],
  ['full-width punctuation and quotes in the quote', make('开放枢纽门户“四大功能”', { color: 'policy', note: '四大功能 ✔' })],
  ...COLOR_KEYS.map((color): [string, Annotation] => [`colour ${color}`, make('经初步测算', { color })]),
];

describe('W3C JSON-LD export', () => {
  it('writes the documented shape, with the article identity on the target', () => {
    const a = make('算力规模位居全球第二', { note: '全球第二', tags: ['算力'], color: 'figure' });
    const at = ZH.indexOf('算力规模位居全球第二');
    expect(toW3C(a, ARTICLE)).toEqual({
      '@context': EXPORT_CONTEXT,
      id: `urn:briefing-desk:annotation:${a.id}`,
      type: 'Annotation',
      motivation: 'highlighting',
      created: a.created,
      modified: a.modified,
      body: [
        { type: 'TextualBody', value: '全球第二', format: 'text/markdown', purpose: 'commenting' },
        { type: 'TextualBody', value: '算力', purpose: 'tagging' },
        { type: 'TextualBody', value: 'color:figure', purpose: 'classifying' },
      ],
      target: {
        source: IDENTITY.url,
        selector: [a.target.selector[0], { type: 'TextPositionSelector', start: at, end: at + 10 }],
        'bd:article': articleIri(IDENTITY.id),
        'bd:fingerprint': IDENTITY.fingerprint,
        'bd:sketch': IDENTITY.sketch,
        'bd:length': IDENTITY.length,
        'bd:title': IDENTITY.title,
      },
    });
    expect(EXPORT_CONTEXT[0]).toBe('http://www.w3.org/ns/anno.jsonld');
  });

  it('names the article by our IRI when it has no URL', () => {
    const { url: _url, ...noUrl } = IDENTITY;
    expect(toW3C(make('徐晓兰'), { identity: noUrl, text: ZH }).target.source).toBe(articleIri(IDENTITY.id));
  });

  it.each([
    ['𠮷 (rare CJK, outside the BMP) before the passage', '𠮷野家', 1],
    ['😀 and 𠮷 before the passage', '😀表情与𠮷', 2],
    ['no astral character', '普通文字', 0],
  ])('counts TextPositionSelector offsets in code points: %s', (_name, lead, astral) => {
    const text = lead + ZH;
    const at = text.indexOf('算力规模位居全球第二');
    const a: Annotation = { ...make('徐晓兰'), target: { selector: describeRange(text, at, at + 10) } };
    const pos = toW3C(a, { identity: IDENTITY, text }).target.selector[1] as { start: number; end: number };
    expect(pos).toEqual({ type: 'TextPositionSelector', start: at - astral, end: at + 10 - astral });
    expect([...text].slice(pos.start, pos.end).join('')).toBe('算力规模位居全球第二');
    const [own] = toOwnJson([a], () => ({ identity: IDENTITY, text })) as Array<{ target: { selector: Array<{ start?: number }> } }>;
    expect(own.target.selector[1].start).toBe(at - astral);
  });

  it('exports an orphan with its quote only (its position means nothing in today’s text)', () => {
    const a = make('徐晓兰', { orphan: true, orphanReason: 'not-found' });
    expect(toW3C(a, ARTICLE).target.selector.map((s) => s.type)).toEqual(['TextQuoteSelector']);
  });

  it('wraps many in an AnnotationCollection', () => {
    const all = samples.map(([, a]) => a);
    const c = toW3CCollection(all, () => ARTICLE, { label: '要闻批注', id: 'urn:briefing-desk:export:1' });
    expect(c).toMatchObject({ '@context': EXPORT_CONTEXT, type: 'AnnotationCollection', total: all.length, label: '要闻批注' });
    expect(c.first.items).toHaveLength(all.length);
    expect(c.first.items[0]).not.toHaveProperty('@context');
  });

  it('maps article ids to and from source IRIs', () => {
    expect(articleIdFromIri(articleIri('abc123'))).toBe('abc123');
    expect(articleIdFromIri('https://example.org/a')).toBeNull();
    expect(articleIdFromIri('urn:briefing-desk:article:')).toBeNull();
  });
});

describe('W3C round trip keeps everything but the orphan flag', () => {
  it.each(samples)('%s', (_name, a) => {
    const json = JSON.parse(JSON.stringify(toW3C(a, ARTICLE)));
    const { items, skipped } = readAnnotations(json);
    expect(skipped).toEqual([]);
    expect(items).toHaveLength(1);
    const at = a.target.selector[1];
    expect(items[0]).toEqual({
      path: '',
      iri: `urn:briefing-desk:annotation:${a.id}`,
      article: {
        source: IDENTITY.url,
        url: IDENTITY.url,
        articleId: IDENTITY.id,
        fingerprint: IDENTITY.fingerprint,
        sketch: IDENTITY.sketch,
        length: IDENTITY.length,
        title: IDENTITY.title,
      },
      quote: a.target.selector[0],
      position: { start: at.start, end: at.end },
      color: a.color,
      note: a.note,
      tags: a.tags,
      created: a.created,
      modified: a.modified,
    });
  });

  it('reads our own JSON export', () => {
    const all = samples.map(([, a]) => a);
    const { items, skipped } = readAnnotations(JSON.parse(JSON.stringify(toOwnJson(all, () => ARTICLE))));
    expect(skipped).toEqual([]);
    expect(items.map((i) => [i.iri, i.quote?.exact, i.note, i.tags, i.color, i.article.articleId, i.article.fingerprint])).toEqual(
      all.map((a) => [a.id, a.target.selector[0].exact, a.note, a.tags, a.color, IDENTITY.id, IDENTITY.fingerprint]),
    );
  });
});

describe('W3C conformance table (Web Annotation Data Model)', () => {
  const cases = conformanceCases(ZH, 'https://example.org/rmrb/waic.html');
  it.each(cases)('$name — $spec', (c) => {
    const result = readAnnotations(JSON.parse(JSON.stringify(c.doc)));
    expect(result.items).toHaveLength(c.read);
    expect(result.skipped.map((s) => s.code)).toEqual(c.skipped);
    for (const s of result.skipped) expect(s.message.length).toBeGreaterThan(10);
    const first = result.items[0];
    if (c.first?.quote) expect(first.quote?.exact).toBe(c.first.quote);
    if (c.first?.note instanceof RegExp) expect(first.note).toMatch(c.first.note);
    else if (c.first?.note !== undefined) expect(first.note).toBe(c.first.note);
    if (c.first?.tags) expect(first.tags).toEqual(c.first.tags);
    if (c.first?.position !== undefined) expect(first.position !== undefined).toBe(c.first.position);
    for (const item of result.items) expect(item.article.url ?? item.article.source).toBe('https://example.org/rmrb/waic.html');
  });

  it.each([
    ['http', 'http://www.w3.org/ns/anno.jsonld'],
    ['https', 'https://www.w3.org/ns/anno.jsonld'],
    ['array with ldp', ['http://www.w3.org/ns/anno.jsonld', 'http://www.w3.org/ns/ldp.jsonld']],
    ['array with our terms', ['http://www.w3.org/ns/anno.jsonld', { bd: 'urn:briefing-desk:terms:' }]],
    ['no context', undefined],
  ])('accepts the anno.jsonld context spelled %s', (_name, context) => {
    const doc = {
      ...(context === undefined ? {} : { '@context': context }),
      id: 'x:1',
      type: 'Annotation',
      target: { source: 'x:a', selector: { type: 'TextQuoteSelector', exact: '算力' } },
    };
    expect(readAnnotations(doc).items).toHaveLength(1);
  });
});

describe('a bad item is refused with its path and reason; its neighbours are read', () => {
  const good = toW3C(make('徐晓兰', { tags: ['a'] }), ARTICLE);
  const cases: Array<[string, unknown, string, RegExp]> = [
    ['not an object', 'hello', '[1]', /annotation object/],
    ['target missing', { ...good, target: undefined }, '[1].target', /missing/],
    ['not an annotation at all', { hello: 'world' }, '[1].target', /not an annotation/],
    ['TextualBody without a value', { ...good, body: [{ type: 'TextualBody', purpose: 'commenting' }] }, '[1].body[0].value', /string/],
    ['SpecificResource body without source', { ...good, body: { type: 'SpecificResource', purpose: 'tagging' } }, '[1].body.source', /IRI/],
    ['a note over the limit', { ...good, bodyValue: 'x'.repeat(100_001) }, '[1].body', /100,000/],
    ['a tag over 60 characters', { ...good, body: [{ type: 'TextualBody', purpose: 'tagging', value: '长'.repeat(61) }] }, '[1].body', /60 characters/],
    ['selectors nested without end', { ...good, target: { source: 'x:a', selector: nest(40) } }, '[1].target.selector', /deeply/],
  ];
  it.each(cases)('%s', (_name, bad, path, message) => {
    const result = readAnnotations([good, bad, good]);
    expect(result.items).toHaveLength(2);
    expect(result.skipped).toHaveLength(1);
    expect(result.skipped[0].path.startsWith(path)).toBe(true);
    expect(result.skipped[0].message).toMatch(message);
    expect(result.total).toBe(3);
  });

  it('refuses expanded JSON-LD with a hint and a non-JSON-object document', () => {
    expect(readAnnotations({ 'http://www.w3.org/ns/oa#hasTarget': [] }).skipped[0].message).toMatch(/compact/);
    expect(readAnnotations(42).skipped[0].code).toBe('invalid');
  });

  it('keeps a highlighted quote in what it reports', () => {
    const result = readAnnotations([{ ...good, body: [{ type: 'TextualBody' }] }]);
    expect(result.skipped[0].quote).toBe('徐晓兰');
  });
});

function nest(depth: number): unknown {
  let s: Record<string, unknown> = { type: 'TextQuoteSelector', exact: 'x' };
  for (let i = 0; i < depth; i++) s = { type: 'CssSelector', value: 'p', refinedBy: s };
  return s;
}
