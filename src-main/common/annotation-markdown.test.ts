import { SAMPLE_ZH } from '../../tests/fixtures/texts';
import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import type { Annotation } from './annotation';
import { describeRange } from './anchoring/describe';
import { annotationsToMarkdown, escapeMarkdown, MARKDOWN_LABELS } from './annotation-markdown';

const ZH = SAMPLE_ZH;
const article = {
  meta: {
    title: '推动32个重大产业项目签约，项目投资总额288亿元',
    source: '人民日报',
    published: '2023-07-10',
    url: 'http://paper.people.com.cn/rmrb/html/2023-07/10/nw.D110000renmrb_20230710_1-01.htm',
  },
};

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
    modified: '2023-07-10T08:00:00.000Z',
    ...extra,
  };
}

describe('annotationsToMarkdown', () => {
  it('renders quote, note, tags and source for each highlight, in reading order', () => {
    const later = make('到2025年，算力核心产业规模将不低于4.4万亿元', { note: '关注**4.4万亿元**口径', tags: ['算力', '数据'] });
    const earlier = make('工信部副部长徐晓兰介绍');
    expect(annotationsToMarkdown(article, [later, earlier])).toBe(
      [
        '## 推动32个重大产业项目签约，项目投资总额288亿元',
        '',
        '> 工信部副部长徐晓兰介绍',
        '',
        'Source: [推动32个重大产业项目签约，项目投资总额288亿元](<http://paper.people.com.cn/rmrb/html/2023-07/10/nw.D110000renmrb_20230710_1-01.htm>), 人民日报, 2023-07-10',
        '',
        '---',
        '',
        '> 到2025年，算力核心产业规模将不低于4.4万亿元',
        '',
        '关注**4.4万亿元**口径',
        '',
        'Tags: `算力` `数据`',
        '',
        'Source: [推动32个重大产业项目签约，项目投资总额288亿元](<http://paper.people.com.cn/rmrb/html/2023-07/10/nw.D110000renmrb_20230710_1-01.htm>), 人民日报, 2023-07-10',
        '',
      ].join('\n'),
    );
  });

  it('writes a Chinese export with Chinese punctuation and dates (来源：标题，机关，2023年7月10日); English keeps the stored date', () => {
    const one = make('工信部副部长徐晓兰介绍', { tags: ['人物'] });
    const plain = { meta: { title: '标题', source: '人民日报', published: '2023-07-10' } };
    const zh = annotationsToMarkdown(plain, [one], { headingLevel: 0, labels: MARKDOWN_LABELS.zh });
    expect(zh).toContain('\n标签：`人物`\n');
    expect(zh).toContain('\n来源：标题，人民日报，2023年7月10日');
    expect(zh).not.toMatch(/[:,]/);
    const en = annotationsToMarkdown(plain, [one], { headingLevel: 0, labels: MARKDOWN_LABELS.en });
    expect(en).toContain('\nSource: 标题, 人民日报, 2023-07-10');
  });

  it('quotes every line of a passage that spans paragraphs, and marks orphans (listed last)', () => {
    const spanning = make('加快培育壮大智能产业。\n　　构建人工智能时代算力底座');
    const orphan = make('徐晓兰', { orphan: true });
    const md = annotationsToMarkdown({ meta: { title: 'T' } }, [orphan, spanning], {
      headingLevel: 0,
      labels: { source: '来源', orphan: '（原文中已找不到此段）' },
    });
    expect(md).toBe(
      [
        '> 加快培育壮大智能产业。',
        '> 　　构建人工智能时代算力底座',
        '',
        '来源: T',
        '',
        '---',
        '',
        '> 徐晓兰',
        '',
        '*（原文中已找不到此段）*',
        '',
        '来源: T',
        '',
      ].join('\n'),
    );
  });

  it('renders article text literally even when it looks like Markdown', () => {
    const text = '# 1. *重点* <b>任务</b> [见附件](x)\n- 一\n2) 二';
    const a: Annotation = { ...make('徐晓兰'), target: { selector: describeRange(text, 0, text.length) } };
    const html = marked.parse(annotationsToMarkdown({ meta: { title: 'A_B' } }, [a]), { async: false });
    expect(html).toContain('# 1. *重点* &lt;b&gt;任务&lt;/b&gt; [见附件](x)');
    expect(html).not.toMatch(/<(h1|em|b|ul|ol|li|a)[ >]/);
    expect(html).toContain('<h2>A_B</h2>');
  });

  it('keeps a note as Markdown but applies the link and HTML rules to it (every hostile kind, safe notes unchanged)', () => {
    const hostile = [
      '见[通知](javascript:alert(1))',
      '见[通知](JaVaScRiPt:alert(1) "t")',
      '[ref]\n\n[ref]: vbscript:msgbox(1)',
      '![图](data:text/html;base64,PHNjcmlwdD4=)',
      '<img src=x onerror=alert(1)>原文',
      '<a href="javascript:alert(1)">点</a>',
      '[点](file:///etc/passwd)',
    ];
    for (const note of hostile) {
      const html = marked.parse(annotationsToMarkdown(article, [make('徐晓兰', { note })]), { async: false });
      const tags = (html.match(/<[a-z][^>]*>/gi) ?? []).join(' ');
      expect(tags, note).not.toMatch(/javascript:|vbscript:|data:text|file:|<img|onerror|<a href="(?!http)/i);
    }
    const safe = '关注**4.4万亿元**口径，见[工信部](https://www.miit.gov.cn/) 与 <mailto:a@b.cn>';
    expect(annotationsToMarkdown(article, [make('徐晓兰', { note: safe })])).toContain(safe);
  });
});

describe('escapeMarkdown', () => {
  it.each([
    ['plain CJK with full-width punctuation', '面向未来，上海将强化“四大功能”。', '面向未来，上海将强化“四大功能”。'],
    ['emphasis and code', 'a *b* _c_ `d`', 'a \\*b\\* \\_c\\_ \\`d\\`'],
    ['heading marker', '# 标题', '\\# 标题'],
    ['list markers', '- a\n+ b\n3. c', '\\- a\n\\+ b\n3\\. c'],
    ['numbers mid-line stay', '增长2.5%', '增长2.5%'],
  ])('%s', (_name, input, output) => {
    expect(escapeMarkdown(input)).toBe(output);
  });
});

describe('inline marks of the article in quotes', () => {
  const text = [
    '关于加快数字经济发展的通知',
    '各地区要加快建设数字中国，推进中国式现代化。详见政策原文或官方邮箱，不要打开附件。',
    'Output grew 10 percent, said the statistics bureau.',
  ].join('\n');
  const span = (s: string) => [text.indexOf(s), text.indexOf(s) + s.length] as const;
  const mark = (kind: 'strong' | 'emphasis' | 'link', s: string, href?: string) => ({ kind, start: span(s)[0], end: span(s)[1], ...(href ? { href } : {}) });
  const marked_ = {
    meta: { title: '关于加快数字经济发展的通知' },
    text,
    marks: [
      mark('strong', '加快建设数字中国'),
      mark('emphasis', '推进中国式现代化'),
      mark('link', '政策原文', 'https://www.gov.cn/zhengce/content_6.htm'),
      mark('link', '官方邮箱', 'mailto:policy@example.gov.cn'),
      mark('link', '附件', 'javascript:alert(1)'),
      mark('strong', '10 percent'),
      mark('link', 'statistics bureau', 'https://data.stats.gov.cn/q?a=1 b>2'),
    ],
  };
  const on = (quote: string, extra: Partial<Annotation> = {}): Annotation => ({
    id: `m-${text.indexOf(quote)}`,
    articleId: 'amarks000001',
    target: { selector: describeRange(text, text.indexOf(quote), text.indexOf(quote) + quote.length) },
    color: 'key',
    note: '',
    tags: [],
    created: '2024-01-01T00:00:00.000Z',
    modified: '2024-01-01T00:00:00.000Z',
    ...extra,
  });

  it('writes bold, italics and http(s)/mailto links inside the quote; other links keep only their text', () => {
    const md = annotationsToMarkdown(marked_, [on('要加快建设数字中国，推进中国式现代化。详见政策原文或官方邮箱，不要打开附件')]);
    expect(md).toContain(
      '> 要**加快建设数字中国**，*推进中国式现代化*。详见[政策原文](<https://www.gov.cn/zhengce/content_6.htm>)或[官方邮箱](<mailto:policy@example.gov.cn>)，不要打开附件',
    );
    expect(md).not.toContain('javascript:');
    const html = marked.parse(md) as string;
    expect(html).toContain('<strong>加快建设数字中国</strong>');
    expect(html).toContain('<em>推进中国式现代化</em>');
    expect(html).toContain('<a href="https://www.gov.cn/zhengce/content_6.htm">政策原文</a>');
  });

  it('keeps marks cut by the quote, on each line of a quote over two blocks, and encodes what would break a link target', () => {
    const md = annotationsToMarkdown(
      marked_,
      [on('中国式现代化。详见政策原文或官方邮箱，不要打开附件。\nOutput grew 10 percent, said the statistics bureau.')],
      { headingLevel: 0 },
    );
    const [first, second] = md.split('\n');
    expect(first).toBe(
      '> *中国式现代化*。详见[政策原文](<https://www.gov.cn/zhengce/content_6.htm>)或[官方邮箱](<mailto:policy@example.gov.cn>)，不要打开附件。',
    );
    expect(second).toBe('> Output grew **10 percent**, said the [statistics bureau](<https://data.stats.gov.cn/q?a=1%20b%3E2>).');
    expect(marked.parse(md)).toContain('href="https://data.stats.gov.cn/q?a=1%20b%3E2"');
  });

  it('writes an orphan, or an article given without its text, as the plain quote', () => {
    const quote = '加快建设数字中国';
    expect(annotationsToMarkdown(marked_, [on(quote, { orphan: true })])).toContain(`> ${quote}\n`);
    expect(annotationsToMarkdown({ meta: marked_.meta }, [on(quote)])).toContain(`> ${quote}\n`);
  });
});
