/**
 * The exports' Markdown → HTML: Markdown the rule set would not change is
 * rendered by marked alone (no jsdom), everything else through DOMPurify.
 * Whichever path a fragment takes, the DOM must be the one DOMPurify with
 * the rule set gives — checked on hand-written fragments (Chinese notes, web
 * links, hostile links and HTML) and on random mixtures of them (fast-check).
 */
import fc from 'fast-check';
import { JSDOM } from 'jsdom';
import type { Token } from 'marked';
import { describe, expect, it } from 'vitest';
import { markdownDialect } from '../../common/sanitize-rules';
import { needsNoSanitizer, renderMarkdown, sanitizeHtml } from './sanitize';

const marked = markdownDialect();
/** What DOMPurify with the rule set makes of the fragment: the reference. */
const reference = (md: string) => sanitizeHtml(marked.parse(md) as string);
const { document } = new JSDOM('').window;
/** The fragment as a browser reads it, serialised again (so escaping and quoting do not count). */
const dom = (html: string) => {
  const body = document.createElement('body');
  body.innerHTML = html;
  return body.innerHTML;
};
const fast = (md: string) => needsNoSanitizer(marked.lexer(md) as Token[]);

const KEPT = [
  '据新华社报道，**第七届世界人工智能大会**在上海开幕，*算力*规模位居全球第二。',
  '批注：需关注相关政策落地情况\n第二行紧接着\n\n另起一段',
  '详见[国务院公报](https://www.gov.cn/gongbao/2024/issue_1.htm)与[联系人](mailto:office@example.cn)。',
  '[带标题的链接](https://example.cn/a?x=1&y=2 "标题 \\"引号\\" & 符号")',
  '[中文网址](http://例子.中国/路径/文件?参数=值#锚)',
  '[括号](https://example.cn/a_(b)) 与 <https://example.cn/auto> 和 www.example.cn/path 以及 someone@example.cn',
  '1. 第一条\n2. 第二条\n   - 子项 `代码<b>`\n   - 子项二\n\n3. 第三条',
  '> 引文一段\n> 第二行\n>\n> > 嵌套引文',
  '# 一、总体要求\n## （一）基本原则\n###### 六级',
  '| 指标 | 数值 | 同比 |\n| --- | --- | --- |\n| 算力 | 230EFLOPS | **+30%** |',
  '```\n<script>alert(1)</script> 代码块内\n```',
  '    缩进代码 <b>粗</b>',
  '转义 \\<b\\> 与实体 &amp; &lt;tag&gt; &copy; &#39; &#x4e2d; 以及 a < b > c & d "双" \'单\'',
  '~~删除线~~ 和 ***粗斜体*** 和 __下划线粗__',
  '---\n\n***\n\n段落',
  '[引用式链接][ref] 与 [ref]\n\n[ref]: https://example.cn/ref "引用"',
  '**历经10年发展，**全市数字经济规模超过5万亿元。',
  'Report no. 12: the central bank cut the RRR by 0.25 percentage points.',
];

const CHANGED = [
  '<b>原始 HTML</b> 内联',
  '<script>alert(1)</script>',
  '<div onclick="x()">块级 HTML</div>',
  '[坏链接](javascript:alert(1))',
  '[相对链接](/local/path)',
  '[协议相对](//evil.example/x)',
  '[文件](file:///etc/passwd)',
  '[数据](data:text/html;base64,PHNjcmlwdD4=)',
  '![图片](https://example.cn/a.png)',
  '![内嵌图](data:image/png;base64,iVBORw0KGgo=)',
  '- [ ] 任务\n- [x] 完成',
  '```js\nconst a = 1;\n```',
  '[引用坏链][bad]\n\n[bad]: javascript:alert(1)',
  '<https://ok.example/> 然后 <img src=x onerror=alert(1)>',
  '[空格](<java script:alert(1)>)',
  '3. 从三开始\n4. 第四',
  '| 指标 | 数值 |\n| :--- | ---: |\n| 算力 | 230 |',
];

describe('renderMarkdown in core', () => {
  it.each(KEPT)('renders without the sanitizer and as DOMPurify would: %s', (md) => {
    expect(fast(md)).toBe(true);
    expect(dom(renderMarkdown(md))).toBe(dom(reference(md)));
  });

  it.each(CHANGED)('sends Markdown the rule set changes through DOMPurify: %s', (md) => {
    expect(fast(md)).toBe(false);
    expect(renderMarkdown(md)).toBe(reference(md));
  });

  it('gives the DOM DOMPurify gives for any mixture of those pieces', () => {
    const piece = fc.constantFrom(...KEPT, ...CHANGED);
    const joiner = fc.constantFrom('\n', '\n\n', ' ', '');
    fc.assert(
      fc.property(fc.array(fc.tuple(piece, joiner), { minLength: 1, maxLength: 4 }), (parts) => {
        const md = parts.map(([p, j]) => p + j).join('');
        expect(dom(renderMarkdown(md))).toBe(dom(reference(md)));
      }),
      { numRuns: 200 },
    );
  });

  it('gives nothing for blank input', () => {
    expect(renderMarkdown('  \n ')).toBe('');
  });
});
