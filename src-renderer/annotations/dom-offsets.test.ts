/**
 * DOM selection → canonical offsets in jsdom, over markup shaped like the
 * reader's: blocks with data-start/data-end, text split by highlight marks,
 * a lead box between blocks.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pointToOffset, rangeToOffsets, selectionOffsets, trimRange } from './dom-offsets';

const BLOCKS = [
  '世界人工智能大会磁场效应显现',
  '核心阅读',
  '大会共对接210家上下游企业。',
  '人工智能应用场景加速拓展',
  '当前，我国人工智能核心产业规模达到5000亿元。',
];
const TEXT = BLOCKS.join('\n');
const starts = BLOCKS.map((_, i) => BLOCKS.slice(0, i).reduce((n, b) => n + b.length + 1, 0));

let root: HTMLElement;

beforeEach(() => {
  const s = starts;
  const e = BLOCKS.map((b, i) => s[i] + b.length);
  document.body.innerHTML = `
    <p class="article-meta"><span>人民日报</span></p>
    <article class="article-body">
      <p data-start="${s[0]}" data-end="${e[0]}">世界人工智能<mark data-ids="a">大会</mark>磁场效应显现</p>
      <aside class="lead-box">
        <p data-start="${s[1]}" data-end="${e[1]}">核心阅读</p>
        <p data-start="${s[2]}" data-end="${e[2]}">大会共对接<mark data-ids="b">210家</mark><mark data-ids="c b">上下游</mark>企业。</p>
      </aside>
      <h2 data-start="${s[3]}" data-end="${e[3]}">人工智能应用场景加速拓展</h2>
      <p data-start="${s[4]}" data-end="${e[4]}">当前，我国人工智能<mark data-ids="d"><mark data-ids="e">核心</mark>产业规模</mark>达到5000亿元。</p>
    </article>`;
  root = document.querySelector('article')!;
});

afterEach(() => {
  document.body.innerHTML = '';
  window.getSelection()?.removeAllRanges();
});

/** The n-th text node (document order) whose text is exactly `text`. */
function textNode(text: string, n = 0): Text {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let seen = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.textContent === text && seen++ === n) return node as Text;
  }
  throw new Error(`no text node ${text}`);
}

function range(startNode: Node, startOffset: number, endNode: Node, endOffset: number): Range {
  const r = document.createRange();
  r.setStart(startNode, startOffset);
  r.setEnd(endNode, endOffset);
  return r;
}

const at = (phrase: string) => TEXT.indexOf(phrase);

describe('rangeToOffsets', () => {
  const table: { name: string; make: () => Range; expected: string | null }[] = [
    { name: 'inside one plain text node', make: () => range(textNode('当前，我国人工智能'), 3, textNode('当前，我国人工智能'), 9), expected: '我国人工智能' },
    { name: 'inside a mark', make: () => range(textNode('大会'), 0, textNode('大会'), 2), expected: '大会' },
    {
      name: 'across marks split at highlight boundaries',
      make: () => range(textNode('大会共对接'), 2, textNode('企业。'), 2),
      expected: '共对接210家上下游企业',
    },
    { name: 'through nested marks', make: () => range(textNode('核心'), 1, textNode('达到5000亿元。'), 2), expected: '心产业规模达到' },
    {
      name: 'element boundary points (as after a triple click)',
      make: () => {
        const p = textNode('核心阅读').parentNode!;
        return range(p, 0, p, 1);
      },
      expected: '核心阅读',
    },
    {
      name: 'element point after a mark',
      make: () => {
        const p = textNode('210家').parentNode!.parentNode!;
        return range(p, 1, p, 3); // before <mark>210家</mark> … after <mark>上下游</mark>
      },
      expected: '210家上下游',
    },
    {
      name: 'spanning the lead box and a heading',
      make: () => range(textNode('企业。'), 0, textNode('人工智能应用场景加速拓展'), 4),
      expected: '企业。\n人工智能',
    },
    {
      name: 'from between blocks (the article element) into a block',
      make: () => {
        const aside = root.querySelector('aside')!;
        return range(root, Array.prototype.indexOf.call(root.childNodes, aside) + 1, textNode('人工智能应用场景加速拓展'), 2);
      },
      expected: '人工',
    },
    { name: 'starting before the article (metadata line)', make: () => range(textNode('人民日报'), 1, textNode('世界人工智能'), 2), expected: '世界' },
    { name: 'collapsed', make: () => range(textNode('大会'), 1, textNode('大会'), 1), expected: null },
    { name: 'wholly outside the article', make: () => range(textNode('人民日报'), 0, textNode('人民日报'), 2), expected: null },
  ];
  it.each(table)('$name', ({ make, expected }) => {
    const result = rangeToOffsets(root, make());
    if (expected === null) expect(result).toBeNull();
    else expect(result && TEXT.slice(result.start, result.end)).toBe(expected);
  });

  it('gives the canonical offsets, not DOM offsets', () => {
    expect(rangeToOffsets(root, range(textNode('上下游'), 0, textNode('上下游'), 3))).toEqual({ start: at('上下游'), end: at('上下游') + 3 });
  });
});

describe('pointToOffset', () => {
  it('snaps a point between blocks to the next start or the previous end', () => {
    const h2 = root.querySelector('h2')!;
    const index = Array.prototype.indexOf.call(root.childNodes, h2);
    expect(pointToOffset(root, root, index, 'start')).toBe(starts[3]);
    expect(pointToOffset(root, root, index, 'end')).toBe(starts[2] + BLOCKS[2].length);
  });

  it('is null outside the article', () => {
    expect(pointToOffset(root, textNode('人民日报'), 0, 'start')).toBeNull();
  });
});

describe('trimRange and selectionOffsets', () => {
  it.each([
    ['\u3000\u3000当前 ', '当前'],
    ['。\n人工', '。\n人工'],
    ['\n', null],
  ])('trims %j to %j', (raw, expected) => {
    const text = `x${raw}y`;
    const result = trimRange(text, { start: 1, end: 1 + raw.length });
    expect(result && text.slice(result.start, result.end)).toBe(expected);
  });

  it('reads the window selection', () => {
    const selection = window.getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range(textNode('当前，我国人工智能'), 3, textNode('产业规模'), 4));
    const result = selectionOffsets(root, TEXT);
    expect(result && TEXT.slice(result.start, result.end)).toBe('我国人工智能核心产业规模');
  });
});
