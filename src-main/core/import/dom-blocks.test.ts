import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { domBlocks, normalizeInline } from './dom-blocks';
import { stripMarkSigns } from '../../common/text-builder';

function blocks(html: string): [string, string, number?][] {
  const dom = new JSDOM(`<body>${html}</body>`);
  return domBlocks(dom.window.document.body).map((b) => (b.level ? [b.kind, stripMarkSigns(b.text), b.level] : [b.kind, stripMarkSigns(b.text)]));
}

describe('DOM → blocks', () => {
  it.each([
    {
      name: 'headings keep their depth; a bold short paragraph is a section head below h6',
      html: '<h2>人工智能应用场景加速拓展</h2><p><strong>构建人工智能时代算力底座</strong></p><p><b>注：</b>以上数据为初步统计。</p>',
      out: [
        ['heading', '人工智能应用场景加速拓展', 2],
        ['heading', '构建人工智能时代算力底座', 7],
        ['paragraph', '注：以上数据为初步统计。'],
      ],
    },
    {
      name: '<br> separates paragraphs inside one element',
      html: '<div>　　第一段，介绍大会概况。<br><br>　　第二段，介绍签约项目。</div>',
      out: [
        ['paragraph', '第一段，介绍大会概况。'],
        ['paragraph', '第二段，介绍签约项目。'],
      ],
    },
    {
      name: 'a source line break between Chinese characters is removed, between English words it is a space',
      html: '<p>人工智能产业\n规模达到5000亿元</p><p>The conference\nmatched 210 companies</p>',
      out: [
        ['paragraph', '人工智能产业规模达到5000亿元'],
        ['paragraph', 'The conference matched 210 companies'],
      ],
    },
    {
      name: 'nested lists: the item text comes before its sub-items',
      html: '<ul><li>加强政策引导<ul><li>完善标准</li></ul></li><li>拓展应用场景</li></ul>',
      out: [
        ['list-item', '加强政策引导'],
        ['list-item', '完善标准'],
        ['list-item', '拓展应用场景'],
      ],
    },
    {
      name: 'blockquote paragraphs are quotes; figure captions are captions',
      html: '<blockquote><p>引文一</p><p>引文二</p></blockquote><figure><img src="a.png"><figcaption>智能下肢康复机器人</figcaption></figure>',
      out: [
        ['quote', '引文一'],
        ['quote', '引文二'],
        ['figure-caption', '智能下肢康复机器人'],
      ],
    },
    {
      name: 'a layout table is walked as containers; a data table becomes one block',
      html: '<table><tr><td><p>正文第一段。</p><p>正文第二段。</p></td></tr></table><table><tr><th></th><th>2022</th></tr><tr><td>上海</td><td>1</td></tr></table>',
      out: [
        ['paragraph', '正文第一段。'],
        ['paragraph', '正文第二段。'],
        ['table', '—\t2022 | 上海\t1'],
      ],
    },
    {
      name: 'preformatted text keeps its lines as paragraphs',
      html: '<pre>第一行\n第二行</pre>',
      out: [
        ['paragraph', '第一行'],
        ['paragraph', '第二行'],
      ],
    },
  ])('$name', ({ html, out }) => {
    expect(blocks(html)).toEqual(out);
  });

  it('normalizes inline whitespace and drops invisible characters', () => {
    expect(normalizeInline('人工\u200b智能\u00a0 产业\u00ad')).toBe('人工智能 产业');
  });
});
