/**
 * Segments: blocks cut at every highlight boundary, each segment with its
 * covering highlight ids, innermost first. Table-driven over a real passage.
 */
import { describe, expect, it } from 'vitest';
import { blockSegments, compareInnermost, highlightRuns, intersects, type Segment, type Span } from './segments';

// Three blocks of the sample article, joined by single "\n" as in the canonical text.
const BLOCKS_TEXT = ['人工智能应用场景加速拓展', '当前，我国人工智能核心产业规模达到5000亿元，企业数量超过4300家。', '业内人士认为，开放共建、合作共赢。'];
const TEXT = BLOCKS_TEXT.join('\n');
const BLOCKS = (() => {
  let at = 0;
  return BLOCKS_TEXT.map((t) => {
    const b = { start: at, end: at + t.length };
    at += t.length + 1;
    return b;
  });
})();

function span(id: string, phrase: string, endPhrase = phrase, created?: string): Span {
  const start = TEXT.indexOf(phrase);
  const endAt = TEXT.indexOf(endPhrase, start);
  if (start < 0 || endAt < 0) throw new Error(`not in text: ${phrase} / ${endPhrase}`);
  return { id, start, end: endAt + endPhrase.length, created };
}

/** Readable form: each highlighted segment as `text[ids]`, plain text as is, blocks separated by " ‖ ". */
function show(segments: Segment[][]): string {
  return segments
    .map((list) => list.map((s) => (s.ids.length ? `${TEXT.slice(s.start, s.end)}[${s.ids.join(',')}]` : TEXT.slice(s.start, s.end))).join(''))
    .join(' ‖ ');
}

const B1 = '当前，我国人工智能核心产业规模达到5000亿元，企业数量超过4300家。';

const cases: { name: string; spans: Span[]; expected: string }[] = [
  { name: 'no highlights', spans: [], expected: `人工智能应用场景加速拓展 ‖ ${B1} ‖ 业内人士认为，开放共建、合作共赢。` },
  {
    name: 'one highlight inside a block',
    spans: [span('a', '核心产业规模')],
    expected: `人工智能应用场景加速拓展 ‖ 当前，我国人工智能核心产业规模[a]达到5000亿元，企业数量超过4300家。 ‖ 业内人士认为，开放共建、合作共赢。`,
  },
  {
    name: 'overlapping: the shorter one is innermost where they overlap',
    spans: [span('a', '我国人工智能核心'), span('b', '核心产业规模达到5000亿元')],
    expected: `人工智能应用场景加速拓展 ‖ 当前，我国人工智能[a]核心[a,b]产业规模达到5000亿元[b]，企业数量超过4300家。 ‖ 业内人士认为，开放共建、合作共赢。`,
  },
  {
    name: 'nested three deep',
    spans: [span('outer', '我国人工智能核心产业规模达到5000亿元'), span('mid', '核心产业规模达到'), span('in', '规模')],
    expected: `人工智能应用场景加速拓展 ‖ 当前，我国人工智能[outer]核心产业[mid,outer]规模[in,mid,outer]达到[mid,outer]5000亿元[outer]，企业数量超过4300家。 ‖ 业内人士认为，开放共建、合作共赢。`,
  },
  {
    name: 'adjacent highlights stay separate segments',
    spans: [span('a', '核心产业'), span('b', '规模达到')],
    expected: `人工智能应用场景加速拓展 ‖ 当前，我国人工智能核心产业[a]规模达到[b]5000亿元，企业数量超过4300家。 ‖ 业内人士认为，开放共建、合作共赢。`,
  },
  {
    name: 'identical ranges: the newer one is innermost',
    spans: [span('old', '5000亿元', '5000亿元', '2024-01-01T00:00:00Z'), span('new', '5000亿元', '5000亿元', '2024-02-01T00:00:00Z')],
    expected: `人工智能应用场景加速拓展 ‖ 当前，我国人工智能核心产业规模达到5000亿元[new,old]，企业数量超过4300家。 ‖ 业内人士认为，开放共建、合作共赢。`,
  },
  {
    name: 'spanning a heading and two paragraphs; the "\\n" between blocks is never painted',
    spans: [span('s', '加速拓展', '当前，我国'), span('t', '4300家。', '业内人士')],
    expected: `人工智能应用场景加速拓展[s] ‖ 当前，我国[s]人工智能核心产业规模达到5000亿元，企业数量超过4300家。[t] ‖ 业内人士[t]认为，开放共建、合作共赢。`,
  },
  {
    name: 'a highlight covering a whole middle block',
    spans: [span('w', '场景', '合作')],
    expected: `人工智能应用场景加速拓展[w] ‖ ${B1}[w] ‖ 业内人士认为，开放共建、合作[w]共赢。`,
  },
  {
    name: 'unsorted input and empty / inverted spans are ignored',
    spans: [span('b', '开放共建'), { id: 'empty', start: 5, end: 5 }, { id: 'inverted', start: 9, end: 3 }, span('a', '人工智能应用')],
    expected: `人工智能应用[a]场景加速拓展 ‖ ${B1} ‖ 业内人士认为，开放共建[b]、合作共赢。`,
  },
  {
    name: 'CJK and digits mixed (offsets are UTF-16 code units)',
    spans: [{ id: 'x', start: TEXT.indexOf('5000'), end: TEXT.indexOf('5000') + 6 }],
    expected: `人工智能应用场景加速拓展 ‖ 当前，我国人工智能核心产业规模达到5000亿元[x]，企业数量超过4300家。 ‖ 业内人士认为，开放共建、合作共赢。`,
  },
];

describe('blockSegments', () => {
  it.each(cases)('$name', ({ spans, expected }) => {
    const segments = blockSegments(BLOCKS, spans);
    expect(show(segments)).toBe(expected);
    // Every block is tiled exactly, in order, with no empty segment.
    segments.forEach((list, i) => {
      expect(list[0]?.start ?? BLOCKS[i].start).toBe(BLOCKS[i].start);
      expect(list.at(-1)?.end ?? BLOCKS[i].end).toBe(BLOCKS[i].end);
      list.forEach((s, j) => {
        expect(s.end).toBeGreaterThan(s.start);
        if (j > 0) expect(s.start).toBe(list[j - 1].end);
      });
    });
  });

  it('keeps surrogate pairs whole when highlights respect them', () => {
    const text = '𠮷野家的牛肉饭';
    const segments = blockSegments([{ start: 0, end: text.length }], [{ id: 'a', start: 0, end: 2 }]);
    expect(segments[0].map((s) => text.slice(s.start, s.end))).toEqual(['𠮷', '野家的牛肉饭']);
  });

  it('handles 500 highlights on 30,000 characters quickly', () => {
    const blocks = Array.from({ length: 300 }, (_, i) => ({ start: i * 100, end: i * 100 + 99 }));
    const spans: Span[] = Array.from({ length: 500 }, (_, i) => {
      const start = (i * 61) % 29_000;
      return { id: `h${i}`, start, end: start + 20 + (i % 7) * 40 };
    });
    const t0 = performance.now();
    const segments = blockSegments(blocks, spans);
    const ms = performance.now() - t0;
    expect(segments).toHaveLength(300);
    expect(ms).toBeLessThan(200);
  });
});

describe('highlightRuns', () => {
  it('lists only covered runs, innermost first', () => {
    expect(
      highlightRuns([
        { id: 'a', start: 0, end: 10 },
        { id: 'b', start: 4, end: 6 },
      ]),
    ).toEqual([
      { start: 0, end: 4, ids: ['a'] },
      { start: 4, end: 6, ids: ['b', 'a'] },
      { start: 6, end: 10, ids: ['a'] },
    ]);
  });

  it('leaves gaps between highlights out', () => {
    expect(
      highlightRuns([
        { id: 'a', start: 0, end: 2 },
        { id: 'b', start: 5, end: 7 },
      ]),
    ).toEqual([
      { start: 0, end: 2, ids: ['a'] },
      { start: 5, end: 7, ids: ['b'] },
    ]);
  });
});

describe('compareInnermost and intersects', () => {
  it('orders by length, then later start', () => {
    const list: Span[] = [
      { id: 'long', start: 0, end: 9 },
      { id: 'short', start: 3, end: 5 },
      { id: 'same-len-later', start: 6, end: 8 },
    ];
    expect([...list].sort(compareInnermost).map((s) => s.id)).toEqual(['same-len-later', 'short', 'long']);
  });

  it.each([
    [{ start: 0, end: 5 }, { start: 5, end: 9 }, false],
    [{ start: 0, end: 6 }, { start: 5, end: 9 }, true],
    [{ start: 3, end: 4 }, { start: 0, end: 9 }, true],
  ])('%o ∩ %o → %s', (a, b, expected) => {
    expect(intersects(a, b)).toBe(expected);
  });
});
