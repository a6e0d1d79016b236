import { SAMPLE_ZH } from '../../../tests/fixtures/texts';
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../annotation';
import { COLOR_KEYS } from '../model';
import { describeRange } from './describe';
import { articleIdFromIri, articleIri, fromW3C, toW3C, toW3CCollection, W3C_CONTEXT } from './w3c';

const ZH = SAMPLE_ZH;

function make(quote: string, extra: Partial<Annotation> = {}): Annotation {
  const at = ZH.indexOf(quote);
  return {
    id: `a-${at}`,
    articleId: 'rmrb-waic-2023',
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
  ['Markdown note over several lines', make('算力规模位居全球第二', { note: '## 算力\n\n- 全球**第二**\n- 见 [工信部](https://www.miit.gov.cn)\n', color: 'figure' })],
  ['tags, including one that looks like a colour value', make('无驾驶人智能网联汽车道路测试牌照', { tags: ['自动驾驶', 'color:risk', 'Pudong 浦东'], color: 'risk' })],
  ['full-width punctuation and quotes in the quote', make('开放枢纽门户“四大功能”', { color: 'policy', note: '四大功能 ✔' })],
  ['highlight at the very start (empty prefix)', make('推动32个重大产业项目签约', { color: 'verify' })],
  ...COLOR_KEYS.map((color): [string, Annotation] => [`colour ${color}`, make('经初步测算', { color })]),
];

describe('W3C JSON-LD export', () => {
  it('writes the documented shape', () => {
    const a = make('算力规模位居全球第二', { note: '全球第二', tags: ['算力'], color: 'figure' });
    expect(toW3C(a, articleIri(a.articleId))).toEqual({
      '@context': W3C_CONTEXT,
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
      target: { source: 'urn:briefing-desk:article:rmrb-waic-2023', selector: a.target.selector },
    });
  });

  it('wraps many in an AnnotationCollection', () => {
    const all = samples.map(([, a]) => a);
    const c = toW3CCollection(all, { label: '要闻批注', id: 'urn:briefing-desk:export:1' });
    expect(c).toMatchObject({ '@context': W3C_CONTEXT, type: 'AnnotationCollection', total: all.length, label: '要闻批注' });
    expect(c.first.items).toHaveLength(all.length);
    expect(c.first.items[0]).not.toHaveProperty('@context');
  });

  it('maps article ids to and from source IRIs', () => {
    expect(articleIdFromIri(articleIri('abc123'))).toBe('abc123');
    expect(articleIdFromIri('https://example.org/a')).toBeNull();
    expect(articleIdFromIri('urn:briefing-desk:article:')).toBeNull();
  });
});

describe('W3C round trip is lossless', () => {
  it.each(samples)('%s', (_name, a) => {
    const json = JSON.parse(JSON.stringify(toW3C(a, articleIri(a.articleId))));
    expect(fromW3C(json)).toEqual({ ok: true, annotations: [a] });
  });

  it('for a whole collection, in order', () => {
    const all = samples.map(([, a]) => a);
    const json = JSON.parse(JSON.stringify(toW3CCollection(all)));
    expect(fromW3C(json)).toEqual({ ok: true, annotations: all });
  });

  it('drops only the orphan flag, which anchoring recomputes', () => {
    const a = make('徐晓兰', { orphan: true });
    const { orphan: _orphan, ...rest } = a;
    expect(fromW3C(toW3C(a))).toEqual({ ok: true, annotations: [rest] });
  });

  it('resolves sources through the caller', () => {
    const a = make('徐晓兰');
    const json = toW3C(a, 'https://paper.people.com.cn/rmrb/html/2023-07/10/nw.D110000renmrb_20230710_1-01.htm');
    const result = fromW3C(json, (source) => (source.includes('people.com.cn') ? 'rmrb-waic-2023' : null));
    expect(result).toEqual({ ok: true, annotations: [a] });
  });
});

describe('W3C import of other tools’ annotations', () => {
  it('reads a Hypothesis-style export', () => {
    const at = ZH.indexOf('徐晓兰');
    const result = fromW3C({
      '@context': W3C_CONTEXT,
      type: 'Annotation',
      id: 'https://hypothes.is/a/AbC123',
      created: '2023-07-12T01:02:03.456789+00:00',
      modified: '2023-07-12T01:02:03.456789+00:00',
      body: [
        { type: 'TextualBody', value: 'Vice minister', format: 'text/markdown' },
        { type: 'TextualBody', value: 'people', purpose: 'tagging' },
      ],
      target: {
        source: articleIri('rmrb-waic-2023'),
        selector: [
          { type: 'RangeSelector', startContainer: '/p[7]', startOffset: 6, endContainer: '/p[7]', endOffset: 9 },
          { type: 'TextPositionSelector', start: at, end: at + 3 },
          { type: 'TextQuoteSelector', exact: '徐晓兰' },
        ],
      },
    });
    expect(result).toEqual({
      ok: true,
      annotations: [
        {
          id: 'https://hypothes.is/a/AbC123',
          articleId: 'rmrb-waic-2023',
          target: {
            selector: [
              { type: 'TextQuoteSelector', exact: '徐晓兰', prefix: '', suffix: '' },
              { type: 'TextPositionSelector', start: at, end: at + 3 },
            ],
          },
          color: 'key',
          note: 'Vice minister',
          tags: ['people'],
          created: '2023-07-12T01:02:03.456789+00:00',
          modified: '2023-07-12T01:02:03.456789+00:00',
        },
      ],
    });
  });

  it('accepts a single body object and a plain array of annotations', () => {
    const a = make('徐晓兰', { note: '注' });
    const w = toW3C(a);
    const single = { ...w, body: w.body[0] };
    expect(fromW3C([single])).toEqual({ ok: true, annotations: [a] });
  });
});

describe('W3C import errors name the field', () => {
  const good = toW3C(make('徐晓兰', { tags: ['a'] }));
  const cases: Array<[string, unknown, string, RegExp]> = [
    ['not an object', 'hello', '', /JSON object/],
    ['missing created', { ...good, created: undefined }, 'created', /date-time/],
    ['bad created', { ...good, created: 'last Tuesday' }, 'created', /ISO 8601/],
    ['unknown source', { ...good, target: { ...good.target, source: 'https://example.org/x' } }, 'target.source', /not an article/],
    ['no quote selector', { ...good, target: { ...good.target, selector: [good.target.selector[1]] } }, 'target.selector', /TextQuoteSelector/],
    ['empty quote', { ...good, target: { ...good.target, selector: [{ ...good.target.selector[0], exact: '' }, good.target.selector[1]] } }, 'target.selector[0].exact', /empty/],
    ['position end before start', { ...good, target: { ...good.target, selector: [good.target.selector[0], { type: 'TextPositionSelector', start: 5, end: 1 }] } }, 'target.selector[1].end', /greater/],
    ['unknown colour', { ...good, body: [...good.body.slice(0, 1), { type: 'TextualBody', purpose: 'classifying', value: 'color:purple' }] }, 'body[1].value', /unknown colour "purple"/],
    ['empty tag', { ...good, body: [{ type: 'TextualBody', purpose: 'tagging', value: '' }] }, 'body[0].value', /tag/],
    ['target missing', { ...good, target: undefined }, 'target', /source and selector/],
    ['wrong type', { ...good, type: 'Note' }, 'type', /Annotation/],
  ];
  it.each(cases)('%s', (_name, json, path, message) => {
    const result = fromW3C(json);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.path)).toContain(path);
    expect(result.errors.find((e) => e.path === path)?.message).toMatch(message);
    expect(result.message).toContain(path === '' ? '(document)' : path);
  });

  it('gives the index of the bad item in a collection and imports nothing', () => {
    const all = samples.map(([, a]) => a);
    const c = JSON.parse(JSON.stringify(toW3CCollection(all)));
    c.first.items[3].target.selector[0].exact = '';
    delete c.first.items[5].created;
    const result = fromW3C(c);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.map((e) => e.path)).toEqual(['first.items[3].target.selector[0].exact', 'first.items[5].created']);
    }
  });

  it('refuses a collection without embedded items', () => {
    const result = fromW3C({ '@context': W3C_CONTEXT, type: 'AnnotationCollection', first: 'https://example.org/page1' });
    expect(result).toMatchObject({ ok: false, errors: [{ path: 'first.items' }] });
  });
});
