/**
 * One article for print, through the contract against a real library and
 * the real print engine (system Chromium): the HTML carries the article's
 * structure and, as asked, nothing else, its highlights (the innermost
 * colour where they overlap; orphans left out) or its highlights and
 * numbered notes; hostile text and notes stay inert; the PDF holds the text
 * (pdftotext) with its fonts embedded (pdffonts) and a file name from date
 * and title.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../core';
import { articleToHtml } from './article-export';
import { zipPartText } from '../../../tests/support/zip-part';
import { launchBrowser } from '../../../tests/e2e/harness';
import { pdfBbox } from '../../../tests/support/poppler';
import type { Browser } from 'playwright-core';
import type { Article } from '../../common/model';
import type { ExportedFile } from '../../common/contract/briefings';

let dir: string;
let core: Core;
let zh = '';
let en = '';
let outer = '';
let inner = '';
let formatted = '';
let browser: Browser;

/** An HTML page whose article text carries bold, italics and links (one of them hostile). */
const FORMATTED = `<html><head><title>国务院关于加快数字经济发展的通知</title></head><body><h1>国务院关于加快数字经济发展的通知</h1>
<p>各省、自治区、直辖市人民政府：<strong>加快建设数字中国</strong>，是<em>推进中国式现代化</em>的重要引擎。详见<a href="https://www.gov.cn/zhengce/2024/content_6.htm">政策原文</a>，咨询请发<a href="mailto:policy@example.gov.cn">政策咨询邮箱</a>，不要点击<a href="javascript:alert(1)">这个链接</a>。</p>
<p>Key figures: <b>digital economy output</b> grew <i>10 percent</i> in <a href="https://data.stats.gov.cn/easyquery.htm?cn=C01&amp;zb=A0201">the statistics</a>.</p></body></html>`;

const ZH = [
  '关于推进算力基础设施高质量发展的实施意见',
  '一、总体要求',
  '各地区要统筹算力资源布局，推动数据中心绿色低碳发展，提升算力调度能力。',
  '（一）主要目标',
  '到2025年，算力规模超过300 EFLOPS，智能算力占比达到35%。',
].join('\n');

beforeAll(async () => {
  browser = await launchBrowser();
  dir = await mkdtemp(join(tmpdir(), 'bd-article-export-'));
  core = await Core.open({ dir, host: 'cli', seedSample: false, searchIndex: 'lazy' });
  zh = ((await core.call('importText', { text: ZH })) as { id: string }).id;
  await core.call('updateArticleMeta', { id: zh, meta: { source: '工业和信息化部', published: '2023-10-08' } });
  const text = ((await core.call('getArticle', { id: zh })) as { text: string }).text;
  const a = text.indexOf('推动数据中心绿色低碳发展');
  outer = ((await core.call('createAnnotation', { articleId: zh, start: a, end: a + 12, color: 'policy', note: '**绿色**是硬约束' })) as { id: string }).id;
  inner = ((await core.call('createAnnotation', { articleId: zh, start: a + 2, end: a + 6, color: 'risk', note: '' })) as { id: string }).id;
  const b = text.indexOf('300 EFLOPS');
  await core.call('createAnnotation', { articleId: zh, start: b, end: b + 10, color: 'figure', note: '核对口径 <script>alert(1)</script>' });
  formatted = ((await core.call('importFile', { name: 'notice.html', dataBase64: Buffer.from(FORMATTED).toString('base64') })) as { id: string }).id;
  const ftext = ((await core.call('getArticle', { id: formatted })) as { text: string }).text;
  // A highlight that starts inside the bold run and ends inside the link.
  const h = ftext.indexOf('数字中国');
  await core.call('createAnnotation', { articleId: formatted, start: h, end: ftext.indexOf('政策原文') + 2, color: 'key', note: '' });
  en = (
    (await core.call('importText', {
      text: 'Grid <b>operators</b> expand storage\nBattery capacity <img src=x onerror=alert(1)> doubled across the regional grid this year.',
    })) as { id: string }
  ).id;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await core.close();
  await rm(dir, { recursive: true, force: true });
});

const html = async (id: string, annotations: string) =>
  Buffer.from(((await core.call('exportArticle', { id, format: 'html', annotations })) as ExportedFile).dataBase64, 'base64').toString('utf8');

describe('exportArticle', () => {
  it('writes the text alone, with its headings and metadata, when asked for no annotations', async () => {
    const doc = await html(zh, 'none');
    expect(doc).toContain('<h1>关于推进算力基础设施高质量发展的实施意见</h1>');
    expect(doc).toMatch(/<h2>一、总体要求<\/h2>/);
    expect(doc).toMatch(/<h3>（一）主要目标<\/h3>/);
    expect(doc).toContain('<span>工业和信息化部</span>');
    expect(doc).not.toContain('<mark');
    expect(doc).not.toContain('<section class="notes"');
  });

  it('paints highlights with the innermost colour where they overlap', async () => {
    const doc = await html(zh, 'highlights');
    expect(doc).toContain('<mark class="hl-policy">推动</mark><mark class="hl-risk">数据中心</mark><mark class="hl-policy">绿色低碳发展</mark>');
    expect(doc).toContain('<mark class="hl-figure">300 EFLOPS</mark>');
    expect(doc).not.toContain('<sup class="note-ref"');
  });

  it('numbers the notes after their highlights and lists them at the end, inert', async () => {
    const doc = await html(zh, 'notes');
    expect(doc).toContain('绿色低碳发展</mark><sup class="note-ref">[1]</sup>');
    expect(doc).toContain('300 EFLOPS</mark><sup class="note-ref">[2]</sup>');
    expect(doc).toContain('<h2>批注</h2>');
    expect(doc).toContain('<strong>绿色</strong>是硬约束');
    expect(doc).not.toMatch(/<script/i);
    expect(doc).toContain('Content-Security-Policy');
    void inner;
    void outer;
  });

  it('keeps hostile article text as text', async () => {
    const doc = await html(en, 'highlights');
    expect(doc).toContain('Grid &lt;b&gt;operators&lt;/b&gt; expand storage');
    expect(doc).not.toMatch(/<img/i);
    expect(doc).toContain('<html lang="en">');
  });

  it("keeps the article text's bold, italics and http(s)/mailto links, around and inside highlights", async () => {
    for (const mode of ['none', 'highlights'] as const) {
      const doc = await html(formatted, mode);
      expect(doc).toMatch(/<strong>加快建设数字中国<\/strong>|<strong>加快建设<\/strong><strong><mark class="hl-key">数字中国<\/mark><\/strong>/);
      expect(doc).toMatch(/<em>(<mark class="hl-key">)?推进中国式现代化(<\/mark>)?<\/em>/);
      expect(doc).toMatch(
        /<a href="https:\/\/www\.gov\.cn\/zhengce\/2024\/content_6\.htm" rel="noopener noreferrer">(<mark class="hl-key">)?政策(<\/mark>)?原文<\/a>/,
      );
      expect(doc).toContain('<a href="mailto:policy@example.gov.cn" rel="noopener noreferrer">政策咨询邮箱</a>');
      expect(doc).toContain('<strong>digital economy output</strong>');
      expect(doc).toContain('<em>10 percent</em>');
      expect(doc).toContain('<a href="https://data.stats.gov.cn/easyquery.htm?cn=C01&amp;zb=A0201" rel="noopener noreferrer">the statistics</a>');
      expect(doc).not.toMatch(/javascript:/i);
      expect(doc).toContain('不要点击这个链接');
    }
    // Highlighted: the bold run is cut where the highlight starts, the colour inside the bold.
    expect(await html(formatted, 'highlights')).toContain('<strong>加快建设</strong><strong><mark class="hl-key">数字中国</mark></strong>');
  });

  it('writes a link whose target is not http(s) or mailto as plain text, and never lets a target out of its attribute', () => {
    const text = '点此查看附件一，或打开附件二，或附件三，或附件四。';
    const at = (s: string) => [text.indexOf(s), text.indexOf(s) + s.length] as const;
    const link = (s: string, href: string) => ({ kind: 'link' as const, start: at(s)[0], end: at(s)[1], href });
    const article: Article = {
      schemaVersion: 2,
      id: 'amarks000001',
      text,
      blocks: [{ kind: 'paragraph', start: 0, end: text.length }],
      marks: [
        link('附件一', 'javascript:alert(1)'),
        link('附件二', 'data:text/html,<script>alert(1)</script>'),
        link('附件三', '/etc/passwd'),
        link('附件四', 'https://example.org/a" onmouseover="alert(1)'),
      ],
      meta: { title: '附件', tags: [] },
      provenance: { format: 'html', importedAt: '2024-01-01T00:00:00.000Z' },
      revision: 1,
      modified: '2024-01-01T00:00:00.000Z',
    };
    const doc = articleToHtml(article, [], 'none');
    expect(doc).toContain('点此查看附件一，或打开附件二，或附件三，或');
    expect(doc).not.toMatch(/javascript:|data:text|\/etc\/passwd|onmouseover="/i);
    expect(doc).toMatch(/<a href="https:\/\/example\.org\/a%22%20onmouseover=%22alert\(1\)" rel="noopener noreferrer">附件四<\/a>/);
  });

  it('prints the formatting into the PDF: the text whole, the http(s) and mailto links as link annotations, no other', async () => {
    const file = (await core.call('exportArticle', { id: formatted, format: 'pdf', annotations: 'highlights' })) as ExportedFile;
    const path = join(dir, 'formatted.pdf');
    await writeFile(path, Buffer.from(file.dataBase64, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(text).toContain('加快建设数字中国，是推进中国式现代化的重要引擎');
    expect(text).toContain('不要点击这个链接');
    const raw = Buffer.from(file.dataBase64, 'base64').toString('latin1');
    expect(raw).toContain('https://www.gov.cn/zhengce/2024/content_6.htm');
    expect(raw).toContain('mailto:policy@example.gov.cn');
    expect(raw).not.toContain('javascript:');
  }, 60_000);

  it('keeps the same marks in the highlight exports: Markdown quote and a Word document read back', async () => {
    const [highlight] = (await core.call('listAnnotations', { articleId: formatted })) as { id: string }[];
    const keys = [{ articleId: formatted, annotationId: highlight.id }];
    const md = Buffer.from(((await core.call('exportHighlights', { highlights: keys, format: 'md' })) as ExportedFile).dataBase64, 'base64').toString('utf8');
    expect(md).toContain('> **数字中国**，是*推进中国式现代化*的重要引擎。详见[政策](<https://www.gov.cn/zhengce/2024/content_6.htm>)');
    const docx = Buffer.from(((await core.call('exportHighlights', { highlights: keys, format: 'docx' })) as ExportedFile).dataBase64, 'base64');
    const xml = zipPartText(docx, 'word/document.xml');
    expect(xml).toMatch(/<w:b\/>[\s\S]{0,400}数字中国/);
    expect(xml).toMatch(/<w:i\/>[\s\S]{0,400}推进中国式现代化/);
    expect(xml).toContain('<w:hyperlink');
    expect(zipPartText(docx, 'word/_rels/document.xml.rels')).toContain('https://www.gov.cn/zhengce/2024/content_6.htm');
  });

  it('refuses an unknown article or format, naming the field', async () => {
    await expect(core.call('exportArticle', { id: 'nosucharticle1', format: 'pdf' })).rejects.toMatchObject({ code: 'not-found' });
    await expect(core.call('exportArticle', { id: zh, format: 'docx' })).rejects.toMatchObject({ code: 'invalid-params', field: 'format' });
    await expect(core.call('exportArticle', { id: zh, annotations: 'all' })).rejects.toMatchObject({ field: 'annotations' });
  });

  it('prints a PDF through the print engine: text, notes and embedded fonts', async () => {
    const file = (await core.call('exportArticle', { id: zh, format: 'pdf', annotations: 'notes' })) as ExportedFile;
    expect(file.fileName).toBe('2023-10-08 关于推进算力基础设施高质量发展的实施意见.pdf');
    expect(file.mime).toBe('application/pdf');
    const path = join(dir, 'out.pdf');
    await writeFile(path, Buffer.from(file.dataBase64, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(text).toContain('关于推进算力基础设施高质量发展的实施意见');
    expect(text).toContain('推动数据中心绿色低碳发展');
    expect(text).toContain('绿色是硬约束');
    const fonts = execFileSync('pdffonts', [path], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) expect(line).toMatch(/ yes /);
  }, 60_000);

  it.each([
    [
      'an English article',
      'Supply chain review\nThe administration will work with partners to build secure supply chains for critical minerals, semiconductors and advanced batteries, and will report within one hundred days on the vulnerabilities found across each sector and the measures that could address them.\nAgencies shall coordinate their reviews and publish the findings where the law allows, so that industry and the public can plan investments with confidence over the coming decade.',
    ],
    [
      'English paragraphs of a Chinese article',
      '关于数字贸易规则的研究报告\nThe agreement sets common rules for electronic signatures, paperless trading and the protection of personal information across the participating economies, which member states review every year and report on.\n各方应加强数字贸易规则对接，推动跨境数据有序流动。',
    ],
  ])('justifies %s between words: no word is wider than set unjustified', async (_name, text) => {
    const id = ((await core.call('importText', { text })) as { id: string }).id;
    const page = await browser.newPage({ viewport: { width: 794, height: 1123 } });
    try {
      await page.setContent(await html(id, 'none'));
      // Each Latin word's width in the printed PDF, then printed again with the paragraphs set ragged (no justification).
      const widths = async () =>
        pdfBbox(await page.pdf({ preferCSSPageSize: true }))
          .words.filter((w) => /^[A-Za-z]{4,}$/.test(w.text))
          .map((w) => ({ text: w.text, width: w.xMax - w.xMin }));
      const justified = await widths();
      await page.addStyleTag({ content: 'p.para { text-align: left !important; }' });
      const ragged = await widths();
      expect(justified.length).toBeGreaterThan(15);
      expect(justified.map((w) => w.text)).toEqual(ragged.map((w) => w.text));
      // Inter-character justification spreads a word's letters; between words leaves each word as set (pt).
      expect(Math.max(...justified.map((w, i) => w.width - ragged[i].width))).toBeLessThan(0.3);
    } finally {
      await page.close();
      await core.call('deleteArticle', { id });
    }
  });
});
