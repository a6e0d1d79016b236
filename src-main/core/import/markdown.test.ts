import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeEntities, parseFrontMatter, parseMarkdown } from './markdown';
import { splitTableText } from '../../common/table-text';
import { expectWellFormed, textsOf } from '../../../tests/fixtures/import/article-invariants';

const FIXTURE = readFileSync(resolve(__dirname, '../../../tests/fixtures/import/rmrb-waic.md'), 'utf8');

describe("Markdown importer on the People's Daily sample (tests/fixtures/import/rmrb-waic.md)", () => {
  const article = parseMarkdown(FIXTURE, 'rmrb-waic.md');

  it('reads the front matter into meta', () => {
    expect(article.meta).toEqual({
      title: '推动32个重大产业项目签约，项目投资总额288亿元',
      subtitle: '世界人工智能大会磁场效应显现',
      source: '人民日报',
      author: '本报记者 李四',
      published: '2023-07-10',
      url: 'http://paper.people.com.cn/rmrb/html/2023-07/10/nw.D110000renmrb_20230710_1-01.htm',
      tags: ['人工智能', '算力', '上海'],
    });
  });

  it('maps the structure to blocks', () => {
    expectWellFormed(article);
    expect(article.blocks.slice(0, 4).map((b) => b.kind)).toEqual(['title', 'subtitle', 'lead-label', 'lead']);
    expect(textsOf(article, 'heading')).toEqual(['人工智能应用场景加速拓展', '构建人工智能时代算力底座', '深度交流为行业高质量发展集聚众智']);
    // `##` under the `#` title is the top level of the article's sections.
    expect(article.blocks.filter((b) => b.kind === 'heading').map((b) => b.level)).toEqual([1, 1, 1]);
    // 18 paragraphs of the sample plus the sentence introducing the list.
    expect(textsOf(article, 'paragraph')).toHaveLength(19);
    expect(textsOf(article, 'list-item')).toEqual([
      '1. 加强政策引导',
      '2. 夯实产业底座',
      '3. 拓展应用场景',
      '智能网联汽车',
      '4. 完善生态体系',
      '5. 深化国际合作',
    ]);
  });

  it('joins a hard-wrapped Chinese paragraph without a space', () => {
    expect(textsOf(article, 'paragraph')[0]).toMatch(/^7月6日至8日，2023世界人工智能大会在上海举办。1400余名嘉宾参会，参展企业超400家，展览面积/);
  });

  it('writes the table as one block: cells by tab, rows by " | ", markup stripped', () => {
    const [table] = textsOf(article, 'table');
    expect(splitTableText(table)).toEqual([
      ['指标', '数值'],
      ['参会嘉宾', '1400余名'],
      ['参展企业', '超400家'],
      ['签约重大产业项目', '32个'],
      ['项目投资总额', '288亿元'],
    ]);
  });

  it('keeps link text and drops the target', () => {
    const report = textsOf(article, 'paragraph').find((p) => p.includes('普慧算力'));
    expect(report).toMatch(/^大会期间发布的《普慧算力开启新计算时代》报告提出/);
    expect(article.text).not.toContain('https://example.org');
  });
});

describe('Markdown details', () => {
  const cases: { name: string; md: string; blocks: [string, string][] }[] = [
    {
      name: 'inline markup is reduced to text',
      md: '# 标题\n\n这是**加粗**、*强调*、`代码`、~~删除~~和[链接](https://example.org)，![图片](a.png)图后文字&amp;符号&#x4E2D;。',
      blocks: [
        ['title', '标题'],
        ['paragraph', '这是加粗、强调、代码、删除和链接，图后文字&符号中。'],
      ],
    },
    {
      name: 'an English soft line break is a space',
      md: 'The conference matched 210 upstream\nand downstream companies.',
      blocks: [['paragraph', 'The conference matched 210 upstream and downstream companies.']],
    },
    {
      name: 'nested quotes and lists flatten in order',
      md: '> 第一段引文\n>\n> 第二段引文\n\n- 甲\n  - 乙\n- 丙\n\n1. One\n2. Two',
      blocks: [
        ['quote', '第一段引文'],
        ['quote', '第二段引文'],
        ['list-item', '甲'],
        ['list-item', '乙'],
        ['list-item', '丙'],
        ['list-item', '1. One'],
        ['list-item', '2. Two'],
      ],
    },
    {
      name: 'code is kept line by line as paragraphs',
      md: '```\nconst a = 1;\n\nconst b = 2;\n```',
      blocks: [
        ['paragraph', 'const a = 1;'],
        ['paragraph', 'const b = 2;'],
      ],
    },
    {
      name: 'setext headings and a later h1 stay headings after the first h1',
      md: 'Briefing\n========\n\nIntro text.\n\nSection\n-------\n\n# Second top heading\n\nMore.',
      blocks: [
        ['title', 'Briefing'],
        ['paragraph', 'Intro text.'],
        ['heading', 'Section'],
        ['heading', 'Second top heading'],
        ['paragraph', 'More.'],
      ],
    },
    {
      name: 'raw HTML: scripts, styles and comments never become text',
      md: '正文开始。<script>alert("xss")</script>后文。\n\n<div onclick="steal()">块内文字<style>.x{color:red}</style></div>\n\n<!-- 注释 -->\n\n<iframe src="https://evil.example/">框架文字</iframe>',
      blocks: [
        ['paragraph', '正文开始。后文。'],
        ['paragraph', '块内文字'],
      ],
    },
  ];

  it.each(cases)('$name', ({ md, blocks }) => {
    const article = parseMarkdown(md, 'note.md');
    expectWellFormed(article);
    expect(article.blocks.map((b) => [b.kind, article.text.slice(b.start, b.end)])).toEqual(blocks);
  });

  it('puts a front-matter title first when the text has no heading', () => {
    const article = parseMarkdown('---\ntitle: 世界人工智能大会磁场效应显现\ndate: 2023年7月10日\n---\n正文第一段。', 'n.md');
    expect(article.blocks.map((b) => b.kind)).toEqual(['title', 'paragraph']);
    expect(article.meta).toMatchObject({ title: '世界人工智能大会磁场效应显现', published: '2023-07-10' });
  });

  it('never takes a byline for the title: without a headline the file name is the title', () => {
    const article = parseMarkdown(
      'By Jane Doe | Reuters\n\nThe 2023 World Artificial Intelligence Conference was held in Shanghai from July 6 to 8, drawing more than 1,400 guests.',
      'waic-report.md',
    );
    expect(article.meta.title).toBe('waic-report');
    expect(article.meta).toMatchObject({ author: 'Jane Doe', source: 'Reuters' });
    expect(article.text).not.toContain('By Jane Doe');
  });

  it('refuses an empty document, naming the file', () => {
    expect(() => parseMarkdown('---\ntitle: x\n---\n\n', 'empty-note.md')).toThrow(/empty-note\.md contains no text/);
  });

  it.each([
    ['title: "带引号的标题"\ntags:\n  - 人工智能\n  - 算力', { title: '带引号的标题', tags: ['人工智能', '算力'] }],
    ["title: 'It''s here'  \nurl: https://example.org/a # comment", { title: "It's here", url: 'https://example.org/a' }],
    ['tags: [a, "b c"]\nnested:\n  key: value', { tags: ['a', 'b c'], nested: [] }],
  ])('front matter %#', (yaml, expected) => {
    expect(parseFrontMatter(yaml)).toEqual(expected);
  });

  it('decodes character references', () => {
    expect(decodeEntities('&lt;b&gt; &amp; &quot;x&quot; &#20013;&#x6587; &unknown;')).toBe('<b> & "x" 中文 &unknown;');
  });
});

describe('Markdown documents that are only a title', () => {
  it.each(['# 世界人工智能大会', '---\ntitle: 世界人工智能大会\n---\n# 世界人工智能大会\n'])('%j is refused', (md) => {
    expect(() => parseMarkdown(md, 'title-only.md')).toThrow(/^title-only\.md contains only a title and no article text to import\.$/);
  });
});
