/**
 * The reader draws the block kinds and inline marks importers produce: a
 * table as a grid (whose cells still map back to canonical offsets), bold,
 * italics and links from the article's marks, numbered list items without a
 * bullet, footnotes at the end.
 */
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Article, Block } from '../../src-main/common/model';
import { TextBuilder } from '../../src-main/common/text-builder';
import { marksByBlock } from '../../src-main/common/marks';
import { HighlightedText } from '../annotations/HighlightedText';
import { pointToOffset, textNodesOf } from '../annotations/dom-offsets';
import { ArticleBody } from './ArticleBody';

function article(): Article {
  const b = new TextBuilder();
  b.add('title', '5月宏观数据速览');
  b.add('paragraph', '\ufdd0历经10年发展，\ufdd1全市产值突破\ufdd05000亿元\ufdd1，详见\ufdd0国家统计局发布\ufdd1。', undefined, [
    { kind: 'strong' },
    { kind: 'emphasis' },
    { kind: 'link', href: 'https://www.stats.gov.cn/sj/' },
  ]);
  b.add('table', '指标\t5月\t同比 | 社会消费品零售总额\t39211亿元\t3.7%');
  b.add('list-item', '1. 设备更新政策落地进度');
  b.add('list-item', '出口订单');
  b.add('footnote', '[1] 数据来源于国家统计局。');
  return {
    schemaVersion: 1,
    id: 'a1',
    text: b.text,
    blocks: b.blocks,
    marks: b.marks,
    meta: { title: '5月宏观数据速览', tags: [] },
    provenance: { format: 'markdown', importedAt: '2024-06-18T00:00:00Z' },
    revision: 1,
    modified: '2024-06-18T00:00:00Z',
  };
}

afterEach(cleanup);

describe('ArticleBody with tables, marks and footnotes', () => {
  const a = article();
  const perBlock = marksByBlock(a.blocks, a.marks);
  const renderSpan = (block: Block, index: number) => (
    <HighlightedText
      text={a.text.slice(block.start, block.end)}
      offset={block.start}
      marks={perBlock[index]}
      segments={[{ start: a.blocks[index].start, end: a.blocks[index].end, ids: [], colors: [], noteEnd: false, focus: false }]}
      selectedId={null}
      tabStopId={null}
      tabStopStart={-1}
    />
  );

  it('draws bold, italics and links from the marks, the text unchanged', () => {
    const { container } = render(<ArticleBody article={a} renderSpan={renderSpan} />);
    expect(container.querySelector('strong')?.textContent).toBe('历经10年发展，');
    expect(container.querySelector('em')?.textContent).toBe('5000亿元');
    const link = container.querySelector('a.art-link')!;
    expect(link.textContent).toBe('国家统计局发布');
    expect(link.getAttribute('href')).toBe('https://www.stats.gov.cn/sj/');
    expect(link.getAttribute('rel')).toContain('noopener');
    const para = container.querySelector('[data-kind="paragraph"]')!;
    expect(para.textContent).toBe('历经10年发展，全市产值突破5000亿元，详见国家统计局发布。');
  });

  it('draws a table block as a grid whose text nodes add up to the block text, so selections map to offsets', () => {
    const { container } = render(<ArticleBody article={a} renderSpan={renderSpan} />);
    const table = container.querySelector('[data-kind="table"]')!;
    expect(Array.from(table.querySelectorAll('th')).map((c) => c.textContent?.replace(/\t| \| $/g, ''))).toEqual(['指标', '5月', '同比']);
    expect(Array.from(table.querySelectorAll('td')).map((c) => c.textContent?.replace(/\t$/, ''))).toEqual(['社会消费品零售总额', '39211亿元', '3.7%']);
    const block = a.blocks.find((b) => b.kind === 'table')!;
    expect(
      textNodesOf(table)
        .map((t) => t.data)
        .join(''),
    ).toBe(a.text.slice(block.start, block.end));
    const cell = Array.from(table.querySelectorAll('td'))[1];
    const node = textNodesOf(cell)[0];
    expect(pointToOffset(container.querySelector('article')!, node, 0, 'start')).toBe(a.text.indexOf('39211亿元'));
  });

  it('draws numbered list items without a bullet and footnotes as notes', () => {
    const { container } = render(<ArticleBody article={a} renderSpan={renderSpan} />);
    const items = container.querySelectorAll('[data-kind="list-item"]');
    expect(items[0].classList.contains('blk-numbered')).toBe(true);
    expect(items[1].classList.contains('blk-numbered')).toBe(false);
    expect(container.querySelector('[data-kind="footnote"]')?.textContent).toBe('[1] 数据来源于国家统计局。');
  });
});
