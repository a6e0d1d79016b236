import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeHtmlBytes, parseHtml, stripSiteSuffix } from './html';
import { splitTableText } from '../../common/table-text';
import { BdError } from '../../common/errors';
import { expectWellFormed, textsOf } from '../../../tests/fixtures/import/article-invariants';

const FIXTURES = resolve(__dirname, '../../../tests/fixtures/import');
const fixtureBytes = (name: string) => new Uint8Array(readFileSync(resolve(FIXTURES, name)));
const fixture = (name: string) => readFileSync(resolve(FIXTURES, name), 'utf8');
/** The page's bytes with its `charset=GB2312` declaration blanked out (same length, ASCII only). */
const stripCharset = (bytes: Uint8Array) => {
  const latin = Buffer.from(bytes)
    .toString('latin1')
    .replace(/charset=GB2312/i, 'x'.repeat('charset=GB2312'.length));
  return new Uint8Array(Buffer.from(latin, 'latin1'));
};
const withBom = (bytes: Uint8Array) => new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]);

const SAMPLE = readFileSync(resolve(__dirname, '../../../resources/rmrb-2023-waic-ai-conference.txt'), 'utf8');
const TITLE = '推动32个重大产业项目签约，项目投资总额288亿元';
const HEADINGS = ['人工智能应用场景加速拓展', '构建人工智能时代算力底座', '深度交流为行业高质量发展集聚众智'];
/** The sample's 18 body paragraphs, as plain text. */
const SAMPLE_PARAGRAPHS = SAMPLE.split('\n')
  .map((l) => l.replace(/^[\s\u3000]+|[\s\u3000]+$/g, ''))
  .slice(5)
  .filter((l) => l && !HEADINGS.includes(l));

/** Text from the page chrome that must never reach the article. */
const CHROME = [
  '首页',
  '时政',
  '分享到',
  '微博',
  '广告',
  '相关新闻',
  '热点推荐',
  '版权所有',
  'Copyright',
  '责任编辑',
  '责编',
  '登录',
  '字号',
  '纠错',
  '相关阅读',
  '搜索',
];
/** Text of scripts, styles, noscript, iframes and attribute payloads. */
const CODE = [
  'alert',
  'xss',
  'document.write',
  'evil.example',
  'window.location',
  'XMLHttpRequest',
  '统计代码',
  '样式文字',
  'JavaScript',
  '评论框',
  'text-indent',
];

describe.each([
  {
    file: 'people-waic.gbk.html',
    site: '人民网 (GB2312 page)',
    source: '人民日报',
    author: '李四',
    published: '2023-07-10',
    subtitle: '世界人工智能大会磁场效应显现',
  },
  {
    file: 'people-waic.utf8.html',
    site: '人民网 (re-saved as UTF-8, still declaring GB2312)',
    source: '人民日报',
    author: '李四',
    published: '2023-07-10',
    subtitle: '世界人工智能大会磁场效应显现',
  },
  { file: 'xinhua-waic.html', site: '新华网', source: '新华社', author: '张三', published: '2023-07-08', region: '上海' },
  { file: 'govcn-waic.html', site: '中国政府网', source: '人民日报', published: '2023-07-10', url: 'https://www.gov.cn/xinwen/2023-07/10/content_5690875.htm' },
])('saved $site page ($file)', ({ file, source, author, published, subtitle, region, url }) => {
  const decoded = decodeHtmlBytes(fixtureBytes(file), file);
  const article = parseHtml(decoded.text, file);

  it('is well formed and titled without the site suffix', () => {
    expectWellFormed(article);
    expect(article.meta.title).toBe(TITLE);
    expect(article.blocks[0].kind).toBe('title');
  });

  it('reads source, author, date and place', () => {
    expect(article.meta.source).toBe(source);
    expect(article.meta.author).toBe(author);
    expect(article.meta.published).toBe(published);
    if (subtitle) expect(article.meta.subtitle).toBe(subtitle);
    if (region) expect(article.meta.region).toBe(region);
    if (url) expect(article.meta.url).toBe(url);
  });

  it('keeps every paragraph and section head of the article', () => {
    expect(textsOf(article, 'heading')).toEqual(HEADINGS);
    const paragraphs = textsOf(article, 'paragraph').join('\n');
    for (const p of SAMPLE_PARAGRAPHS) expect(paragraphs).toContain(p);
  });

  it('leaves out navigation, share bars, ads, related links and footers', () => {
    for (const word of CHROME) expect(article.text, word).not.toContain(word);
  });

  it('never lets script, style or attribute text in', () => {
    for (const word of CODE) expect(article.text, word).not.toContain(word);
  });
});

describe('details of the saved pages', () => {
  it('decodes the GB2312 page and its UTF-8 copy to the same article', () => {
    const gbk = decodeHtmlBytes(fixtureBytes('people-waic.gbk.html'), 'people-waic.gbk.html');
    const utf8 = decodeHtmlBytes(fixtureBytes('people-waic.utf8.html'), 'people-waic.utf8.html');
    expect(gbk.encoding).toBe('gb18030');
    expect(utf8.encoding).toBe('utf-8');
    expect(parseHtml(gbk.text, 'a.html')).toEqual(parseHtml(utf8.text, 'a.html'));
  });

  it.each([
    ['a GBK page that declares no charset', (bytes: Uint8Array) => stripCharset(bytes), 'gb18030'],
    ['a UTF-8 page with a BOM', (bytes: Uint8Array) => bytes, 'utf-8'],
  ])('decodes %s', (_, transform, encoding) => {
    const source = encoding === 'utf-8' ? withBom(fixtureBytes('xinhua-waic.html')) : fixtureBytes('people-waic.gbk.html');
    const decoded = decodeHtmlBytes(transform(source), 'page.html');
    expect(decoded.encoding).toBe(encoding);
    expect(decoded.text).toContain(TITLE);
  });

  it("reads the 核心阅读 lead, and the edition line of the People's Daily page into metadata, not the text", () => {
    const article = parseHtml(fixture('people-waic.utf8.html'), 'people.html');
    expect(article.blocks.slice(0, 4).map((b) => b.kind)).toEqual(['title', 'subtitle', 'lead-label', 'lead']);
    expect(article.text).not.toContain('01 版');
    expect(article.meta).toMatchObject({ source: '人民日报', published: '2023-07-10' });
  });

  it('keeps the Xinhua dateline in the first paragraph', () => {
    const article = parseHtml(fixture('xinhua-waic.html'), 'xinhua.html');
    expect(textsOf(article, 'paragraph')[0]).toMatch(/^新华社上海7月8日电（记者 张三）7月6日至8日/);
  });

  it('turns the data table of the gov.cn page into one table block with its caption', () => {
    const article = parseHtml(fixture('govcn-waic.html'), 'gov.html');
    expect(textsOf(article, 'figure-caption')).toEqual(['2023世界人工智能大会主要数据']);
    const [table] = textsOf(article, 'table');
    expect(splitTableText(table)).toEqual([
      ['指标', '数值'],
      ['参会嘉宾', '1400余名'],
      ['参展企业', '超400家'],
      ['主题论坛', '133场'],
      ['签约重大产业项目', '32个'],
      ['项目投资总额', '288亿元'],
    ]);
  });

  it('reads an English page: byline, quote, figure caption and list', () => {
    const article = parseHtml(fixture('english-waic.html'), 'english-waic.html');
    expectWellFormed(article);
    expect(article.meta).toEqual({
      title: 'Shanghai AI Conference Signs 32 Major Industrial Projects',
      subtitle: 'The magnetic effect of the World Artificial Intelligence Conference is showing',
      source: 'Asia Tech Policy Review',
      author: 'Jane Doe',
      published: '2023-07-09',
      url: 'https://www.example-review.com/2023/07/09/shanghai-ai-conference-projects',
    });
    expect(textsOf(article, 'heading')).toEqual(['Application scenarios are expanding', 'Building the computing foundation']);
    expect(textsOf(article, 'quote')).toEqual([
      '“Patients with lower-limb movement disorders can use our device during early functional training,” a staff member said at the exhibition stand.',
    ]);
    expect(textsOf(article, 'figure-caption')).toEqual(['An intelligent lower-limb rehabilitation robot on show at the conference in Shanghai.']);
    expect(textsOf(article, 'list-item')).toHaveLength(5);
    for (const word of ['cookies', 'Subscribe', 'Share on', 'Related stories', 'Sign up', 'All rights reserved', 'dataLayer']) {
      expect(article.text, word).not.toContain(word);
    }
  });
});

describe('hostile HTML', () => {
  const hostile = `<!doctype html><html><head><title>人工智能大会闭幕_新闻_人民网</title>
    <meta http-equiv="refresh" content="0;url=javascript:alert('refresh')">
    <script>document.title = 'INJECTED TITLE'; document.body && (document.body.innerHTML = 'INJECTED BODY');</script>
    <style>body::after { content: "CSS CONTENT TEXT"; }</style>
    </head><body onload="alert('onload')">
    <article>
      <h1 onclick="alert('h1')">人工智能大会闭幕</h1>
      <p>　　新华社上海7月8日电（记者 张三）2023世界人工智能大会8日在上海闭幕。大会共对接210家上下游企业，达成110亿元意向采购金额。<img src="x" onerror="alert('onerror')"></p>
      <p>　　<a href="javascript:alert('link')">推动32个重大产业项目签约</a>，项目投资总额288亿元。<script>document.write('WRITTEN BY SCRIPT')</script></p>
      <p>　　<svg><script>alert('svg')</script><text>SVG TEXT</text></svg>面向未来，上海将以更大力度推动人工智能健康发展。</p>
      <iframe srcdoc="<p>IFRAME SRCDOC TEXT</p>" src="javascript:alert('iframe')">IFRAME FALLBACK</iframe>
      <object data="evil.swf">OBJECT FALLBACK</object><embed src="evil.swf">
      <noscript>NOSCRIPT TEXT</noscript>
      <template><p>TEMPLATE TEXT</p></template>
      <div hidden>HIDDEN TEXT</div><div style="display: none">DISPLAY NONE TEXT</div>
      <form><input value="INPUT VALUE"><textarea>TEXTAREA TEXT</textarea><button>BUTTON TEXT</button></form>
      <p>　　大会还举办了人工智能治理等主题论坛，集中发布了一批研究成果。<math><mi>MATH TEXT</mi></math></p>
    </article></body></html>`;

  it('keeps the article text and nothing that is code, hidden or embedded', () => {
    const article = parseHtml(hostile, 'hostile.html');
    expectWellFormed(article);
    expect(article.meta).toMatchObject({ title: '人工智能大会闭幕', source: '新华社', author: '张三', region: '上海' });
    expect(article.text).toContain('推动32个重大产业项目签约，项目投资总额288亿元。');
    expect(article.text).toContain('面向未来，上海将以更大力度推动人工智能健康发展。');
    expect(article.text).toContain('大会还举办了人工智能治理等主题论坛');
    for (const word of [
      'alert',
      'INJECTED',
      'CSS CONTENT',
      'WRITTEN BY SCRIPT',
      'SVG TEXT',
      'IFRAME',
      'OBJECT FALLBACK',
      'NOSCRIPT',
      'TEMPLATE TEXT',
      'HIDDEN TEXT',
      'DISPLAY NONE',
      'INPUT VALUE',
      'TEXTAREA',
      'BUTTON TEXT',
      'MATH TEXT',
      'javascript',
    ]) {
      expect(article.text, word).not.toContain(word);
    }
  });

  describe('never fetches a resource', () => {
    let server: Server;
    let hits: string[];
    let base: string;
    beforeAll(async () => {
      hits = [];
      server = createServer((req, res) => {
        hits.push(req.url ?? '');
        res.end('<p>REMOTE CONTENT</p>');
      });
      await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((done) => server.close(() => done())));

    it('loads no image, script, style, frame or font, and follows no refresh', async () => {
      const page = `<!doctype html><html><head><base href="${base}/base/">
        <meta http-equiv="refresh" content="0;url=${base}/refresh">
        <link rel="stylesheet" href="${base}/style.css"><link rel="preload" href="${base}/font.woff2" as="font">
        <script src="${base}/script.js"></script>
        <style>@import url("${base}/import.css"); body { background: url("${base}/bg.png"); }</style>
        <title>远程资源测试</title></head><body>
        <article><h1>远程资源测试</h1>
        <p>　　当前，我国人工智能核心产业规模达到5000亿元，企业数量超过4300家，智能芯片、开发框架等创新成果不断涌现。</p>
        <img src="${base}/img.png" srcset="${base}/img2x.png 2x"><video poster="${base}/poster.png" src="${base}/video.mp4"></video>
        <iframe src="${base}/frame.html"></iframe><object data="${base}/object.swf"></object><embed src="${base}/embed.swf">
        <audio src="${base}/audio.mp3"></audio><input type="image" src="${base}/input.png">
        <p>　　从个人的衣食住行，到企业的生产、销售、服务、办公，人工智能的应用场景已经涵盖了各个领域。</p>
        </article></body></html>`;
      const article = parseHtml(page, 'remote.html');
      await new Promise((done) => setTimeout(done, 300));
      expect(hits).toEqual([]);
      expect(article.text).not.toContain('REMOTE CONTENT');
      expect(textsOf(article, 'paragraph')).toHaveLength(2);
    });
  });

  it('refuses a page whose text only scripts would load, naming the file', () => {
    const shell =
      '<!doctype html><html><head><title>加载中</title><script src="app.js"></script></head><body><div id="app"></div><script>render()</script></body></html>';
    try {
      parseHtml(shell, 'spa-shell.html');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(BdError);
      expect((err as BdError).code).toBe('refused');
      expect((err as BdError).message).toMatch(/^spa-shell\.html has no readable article text .*never runs/);
    }
  });

  it('refuses an empty page', () => {
    expect(() => parseHtml('   ', 'blank.html')).toThrow(/^blank\.html is empty/);
  });
});

describe('page titles without their site suffix', () => {
  it.each([
    ['推动32个重大产业项目签约，项目投资总额288亿元--经济·科技--人民网', [], '推动32个重大产业项目签约，项目投资总额288亿元'],
    ['推动32个重大产业项目签约_新闻_人民网', [], '推动32个重大产业项目签约'],
    ['世界人工智能大会在沪开幕-新华网', [], '世界人工智能大会在沪开幕'],
    ['国务院关于印发新一代人工智能发展规划的通知_国务院文件_中国政府网', [], '国务院关于印发新一代人工智能发展规划的通知'],
    ['China AI conference signs deals | Reuters', [], 'China AI conference signs deals'],
    ['Shanghai AI Conference | Asia Tech Policy Review', ['Asia Tech Policy Review'], 'Shanghai AI Conference'],
    ['2023-2025年人工智能产业发展行动计划', [], '2023-2025年人工智能产业发展行动计划'],
    ['COVID-19 rules eased - what it means', [], 'COVID-19 rules eased - what it means'],
  ])('%s', (title, sites, expected) => {
    expect(stripSiteSuffix(title, sites)).toBe(expected);
  });
});
