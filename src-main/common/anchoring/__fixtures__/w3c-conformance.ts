/**
 * A conformance table of W3C Web Annotation documents, written from the Web
 * Annotation Data Model (https://www.w3.org/TR/annotation-model/; section
 * numbers below) against a given article text: what each must import as.
 * Used by the pure reader's tests (w3c.test.ts) and by the import through a
 * real library (core/annotations/interchange.test.ts), which also anchors.
 *
 * `source` is the IRI the annotations target (the article's URL in the
 * library). Every case highlights its own passage and carries its own note,
 * so the cases never duplicate one another when imported into one library.
 */
import { OffsetConverter } from '../code-points';

export interface ConformanceCase {
  name: string;
  /** The part of the model the document exercises. */
  spec: string;
  doc: unknown;
  /** Annotations the reader must read (the rest are skipped). */
  read: number;
  /** Codes of the items (or parts) skipped, in order. */
  skipped: string[];
  /** After import into a library holding the article: placed and orphaned. */
  placed: number;
  orphaned: number;
  /** Expected of the first annotation read. */
  first?: { quote?: string; note?: string | RegExp; tags?: string[]; position?: boolean };
}

/** Passages of the sample article (each unique in it), one per case. */
export const PASSAGES = [
  '构建人工智能时代算力底座，让算力成为人工智能发展的基础资源',
  '智能芯片、开发框架等创新成果不断涌现',
  '到2025年，算力核心产业规模将不低于4.4万亿元',
  '共计举办133场主题论坛',
  '展览面积超过5万平方米',
  '大幅降低机器学习的能耗与碳排放',
  '从个人的衣食住行，到企业的生产、销售、服务、办公',
  '上海联通',
  '人工智能应用场景的快速落地带来了数据的高速增长',
  '工信部将以人工智能与实体经济融合为主线',
  '线下参观人数突破17.7万人次',
  '核心产业规模达到5000亿元',
  '3家企业的15辆车获得浦东新区首批发放的无驾驶人智能网联汽车道路测试牌照',
  '未来算力发展趋势将具备两大特征，即普适和智慧',
  '这款设备通过节律性步行、重心自由浮动、实际落地行走',
  '算力作为数字经济时代的关键生产力',
  '推动产业生态发展、促进科技创新和降低门槛的突破关键',
  '开放枢纽门户“四大功能”',
] as const;

export function conformanceCases(text: string, source: string): ConformanceCase[] {
  const cp = new OffsetConverter(text);
  const at = (q: string) => {
    const i = text.indexOf(q);
    if (i < 0 || text.indexOf(q, i + 1) >= 0) throw new Error(`fixture passage not unique in the text: ${q}`);
    return i;
  };
  const quote = (q: string) => {
    const i = at(q);
    return { type: 'TextQuoteSelector', exact: q, prefix: text.slice(Math.max(0, i - 32), i), suffix: text.slice(i + q.length, i + q.length + 32) };
  };
  const bareQuote = (q: string) => ({ type: 'TextQuoteSelector', exact: q });
  const position = (q: string) => {
    const i = at(q);
    return { type: 'TextPositionSelector', start: cp.toCodePoints(i), end: cp.toCodePoints(i + q.length) };
  };
  const P = PASSAGES;
  const ctx = 'http://www.w3.org/ns/anno.jsonld';
  const anno = (i: number, extra: Record<string, unknown>) => ({
    '@context': ctx,
    id: `http://example.org/anno${i}`,
    type: 'Annotation',
    ...extra,
  });

  return [
    {
      name: 'quote-only target (TextQuoteSelector without prefix/suffix), IRI body, no created',
      spec: '§3.1 Annotations (created optional), §3.2.1 External Web Resources as body, §4.2.4 Text Quote Selector',
      doc: anno(1, { body: 'http://example.org/post1', target: { source, selector: bareQuote(P[0]) } }),
      read: 1,
      skipped: [],
      placed: 1,
      orphaned: 0,
      first: { quote: P[0], note: '<http://example.org/post1>', position: false },
    },
    {
      name: 'position-only target (TextPositionSelector, code points)',
      spec: '§4.2.5 Text Position Selector',
      doc: anno(2, { bodyValue: '仅位置', target: { source, selector: position(P[1]) } }),
      read: 1,
      skipped: [],
      placed: 1,
      orphaned: 0,
      first: { note: '仅位置', position: true },
    },
    {
      name: 'FragmentSelector refinedBy TextQuoteSelector',
      spec: '§4.2.1 Fragment Selector, §4.2.9 Refinement of Selection',
      doc: anno(3, {
        body: { type: 'TextualBody', value: '细化选择', format: 'text/plain', language: 'zh' },
        target: {
          source,
          selector: { type: 'FragmentSelector', conformsTo: 'http://tools.ietf.org/rfc/rfc3236', value: 'para5', refinedBy: quote(P[2]) },
        },
      }),
      read: 1,
      skipped: [],
      placed: 1,
      orphaned: 0,
      first: { quote: P[2], note: '细化选择' },
    },
    {
      name: 'TextualBody with purposes: commenting and tagging; SpecificResource semantic tag',
      spec: '§3.2.4 Embedded Textual Body, §3.3.5 Purpose for External Web Resources or Textual Bodies',
      doc: anno(4, {
        motivation: 'commenting',
        created: '2015-01-28T12:00:00Z',
        modified: '2015-01-29T09:00:00Z',
        body: [
          { type: 'TextualBody', purpose: 'commenting', value: '会展数据' },
          { type: 'TextualBody', purpose: 'tagging', value: '会展' },
          { type: 'SpecificResource', purpose: 'tagging', source: 'http://dbpedia.org/resource/Shanghai' },
        ],
        target: { source, selector: [quote(P[3]), position(P[3])] },
      }),
      read: 1,
      skipped: [],
      placed: 1,
      orphaned: 0,
      first: { note: '会展数据', tags: ['会展', 'Shanghai'] },
    },
    {
      name: 'bodyValue shorthand',
      spec: '§3.2.5 String Body',
      doc: anno(5, { bodyValue: '面积数据', target: { source, selector: quote(P[4]) } }),
      read: 1,
      skipped: [],
      placed: 1,
      orphaned: 0,
      first: { note: '面积数据' },
    },
    {
      name: 'Choice between bodies (the first is kept)',
      spec: '§3.2.7 Choice Between Bodies',
      doc: anno(6, {
        body: { type: 'Choice', items: [{ type: 'TextualBody', value: '节能减排', language: 'zh' }, { type: 'TextualBody', value: 'Energy saving', language: 'en' }] },
        target: { source, selector: quote(P[5]) },
      }),
      read: 1,
      skipped: [],
      placed: 1,
      orphaned: 0,
      first: { note: '节能减排' },
    },
    {
      name: 'target as an IRI string: the whole document, not a passage',
      spec: '§3.2.1 External Web Resources as target',
      doc: anno(7, { bodyValue: '整篇文章', target: source }),
      read: 0,
      skipped: ['whole-document'],
      placed: 0,
      orphaned: 0,
    },
    {
      name: 'several targets: the one with a passage is used',
      spec: '§3.1 Annotations (target 1 or more)',
      doc: anno(8, { bodyValue: '多个目标', target: ['http://example.org/elsewhere', { source, selector: quote(P[6]) }] }),
      read: 1,
      skipped: [],
      placed: 1,
      orphaned: 0,
      first: { quote: P[6] },
    },
    {
      name: 'XPathSelector alone: skipped with the reason',
      spec: '§4.2.3 XPath Selector',
      doc: anno(9, { bodyValue: 'xpath', target: { source, selector: { type: 'XPathSelector', value: '/html/body/p[2]/table/tr[2]/td[3]/span' } } }),
      read: 0,
      skipped: ['no-usable-selector'],
      placed: 0,
      orphaned: 0,
    },
    {
      name: 'CssSelector refinedBy TextQuoteSelector: placed by the quote',
      spec: '§4.2.2 CSS Selector, §4.2.9 Refinement',
      doc: anno(10, { bodyValue: 'css', target: { source, selector: { type: 'CssSelector', value: '#elemid > .elemclass + p', refinedBy: quote(P[7]) } } }),
      read: 1,
      skipped: [],
      placed: 1,
      orphaned: 0,
      first: { quote: P[7] },
    },
    {
      name: 'RangeSelector of XPath selectors beside a TextQuoteSelector (Hypothesis style)',
      spec: '§4.2.8 Range Selector',
      doc: anno(11, {
        bodyValue: 'range+quote',
        target: {
          source,
          selector: [
            { type: 'RangeSelector', startSelector: { type: 'XPathSelector', value: '/p[7]' }, endSelector: { type: 'XPathSelector', value: '/p[8]' } },
            quote(P[8]),
          ],
        },
      }),
      read: 1,
      skipped: [],
      placed: 1,
      orphaned: 0,
      first: { quote: P[8] },
    },
    {
      name: 'RangeSelector alone: skipped with the reason',
      spec: '§4.2.8 Range Selector',
      doc: anno(12, { bodyValue: 'range', target: { source, selector: { type: 'RangeSelector', startSelector: { type: 'XPathSelector', value: '/p[7]' }, endSelector: { type: 'XPathSelector', value: '/p[8]' } } } }),
      read: 0,
      skipped: ['no-usable-selector'],
      placed: 0,
      orphaned: 0,
    },
    {
      name: 'RFC 5147 FragmentSelector (char=) as a position',
      spec: '§4.2.1 Fragment Selector (text/plain fragments)',
      doc: (() => {
        const p = position(P[9]);
        return anno(13, { bodyValue: 'rfc5147', target: { source, selector: { type: 'FragmentSelector', conformsTo: 'http://tools.ietf.org/rfc/rfc5147', value: `char=${p.start},${p.end}` } } });
      })(),
      read: 1,
      skipped: [],
      placed: 1,
      orphaned: 0,
      first: { position: true },
    },
    {
      name: 'AnnotationCollection with two embedded pages (first, next)',
      spec: '§5 Collections (AnnotationCollection, AnnotationPage, first, next)',
      doc: {
        '@context': ctx,
        id: 'http://example.org/collection1',
        type: 'AnnotationCollection',
        label: 'Two pages',
        total: 2,
        first: {
          id: 'http://example.org/page1',
          type: 'AnnotationPage',
          startIndex: 0,
          items: [{ id: 'http://example.org/anno14', type: 'Annotation', bodyValue: '第一页', target: { source, selector: quote(P[10]) } }],
          next: {
            id: 'http://example.org/page2',
            type: 'AnnotationPage',
            startIndex: 1,
            items: [{ id: 'http://example.org/anno15', type: 'Annotation', bodyValue: '第二页', target: { source, selector: quote(P[11]) } }],
          },
        },
      },
      read: 2,
      skipped: [],
      placed: 2,
      orphaned: 0,
    },
    {
      name: 'a linked (not embedded) next page is reported, the embedded one imported',
      spec: '§5.2 Annotation Page (next as IRI)',
      doc: {
        '@context': ['http://www.w3.org/ns/anno.jsonld', 'http://www.w3.org/ns/ldp.jsonld'],
        id: 'http://example.org/collection2',
        type: ['BasicContainer', 'AnnotationCollection'],
        total: 2,
        first: {
          type: 'AnnotationPage',
          items: [{ id: 'http://example.org/anno16', type: 'Annotation', bodyValue: '链接页', target: { source, selector: quote(P[12]) } }],
          next: 'http://example.org/collection2?page=2',
        },
      },
      read: 1,
      skipped: ['not-fetched'],
      placed: 1,
      orphaned: 0,
    },
    {
      name: 'https context spelling, @id and @type, a standalone AnnotationPage',
      spec: '§5.2 Annotation Page; JSON-LD keywords',
      doc: {
        '@context': 'https://www.w3.org/ns/anno.jsonld',
        '@type': 'AnnotationPage',
        items: [{ '@id': 'http://example.org/anno17', '@type': 'Annotation', bodyValue: 'https 上下文', target: { source, selector: quote(P[13]) } }],
      },
      read: 1,
      skipped: [],
      placed: 1,
      orphaned: 0,
    },
    {
      name: 'JSON-LD @graph of annotations, no created, context array',
      spec: 'JSON-LD @graph; §3.1',
      doc: { '@context': [ctx], '@graph': [{ id: 'http://example.org/anno18', type: 'Annotation', bodyValue: '图', target: { source, selector: quote(P[14]) } }] },
      read: 1,
      skipped: [],
      placed: 1,
      orphaned: 0,
    },
    {
      name: 'a plain array: one invalid item (TextualBody without value) refused, its neighbours imported',
      spec: '§3.2.4 (value is required)',
      doc: [
        { id: 'http://example.org/anno19', type: 'Annotation', bodyValue: '好的一条', target: { source, selector: quote(P[15]) } },
        { id: 'http://example.org/anno20', type: 'Annotation', body: { type: 'TextualBody' }, target: { source, selector: quote(P[16]) } },
        { id: 'http://example.org/anno21', type: 'Annotation', bodyValue: '另一条', target: { source, selector: quote(P[17]) } },
      ],
      read: 2,
      skipped: ['invalid'],
      placed: 2,
      orphaned: 0,
    },
  ];
}
