import { describe, expect, it } from 'vitest';
import { JSDOM } from 'jsdom';
import mammoth from 'mammoth';
import { waicBriefing } from '../../common/briefing/fixtures/waic-briefing';
import { buildOutline } from '../../common/briefing/outline';
import type { TemplateName } from '../../common/briefing/model';
import { briefingToDocx } from './docx';
import { briefingToHtml } from './html';
import { squash } from '../../../tests/support/poppler';
import { zipPartText } from '../../../tests/support/zip-part';

const STYLE_MAP = [
  "p[style-name='Title'] => h1.title:fresh",
  "p[style-name='Quote'] => blockquote > p:fresh",
  "p[style-name='Citation'] => p.citation:fresh",
  "p[style-name='Distribution'] => p.distribution:fresh",
];

async function readBack(template: TemplateName) {
  const bytes = await briefingToDocx(waicBriefing(), { template });
  const buffer = Buffer.from(bytes);
  const html = await mammoth.convertToHtml({ buffer }, { styleMap: STYLE_MAP });
  const raw = await mammoth.extractRawText({ buffer });
  return { bytes, doc: new JSDOM(html.value).window.document, raw: raw.value, messages: html.messages };
}

describe.each(['gbt9704', 'modern'] as const)('DOCX (%s) read back with mammoth', (template) => {
  it('has real Word headings: Title, Heading 1 per section, Heading 2 for sub-headings', async () => {
    const { doc, messages } = await readBack(template);
    expect(messages.filter((m) => m.type === 'warning')).toEqual([]);
    expect(doc.querySelector('h1.title')!.textContent).toBe('2023世界人工智能大会成果与人工智能产业发展动向');
    const h1 = [...doc.querySelectorAll('h1:not(.title)')].map((h) => h.textContent);
    const gb = template === 'gbt9704';
    expect(h1).toEqual([
      gb ? '内容提要' : '要点',
      `${gb ? '一、' : ''}大会成果创历史新高`,
      `${gb ? '二、' : ''}人工智能应用场景加速拓展`,
      `${gb ? '三、' : ''}构建人工智能时代算力底座`,
      `${gb ? '四、' : ''}几点建议`,
      ...(gb ? [] : ['参考来源']),
    ]);
    expect([...doc.querySelectorAll('h2')].map((h) => h.textContent)).toEqual([
      `${gb ? '（一）' : ''}自动驾驶进入无人化测试阶段`,
      `${gb ? '（二）' : ''}制造业智能化转型提速`,
    ]);
  });

  it('sets every quote in the Quote style with its citation after it, and lists as Word lists', async () => {
    const { doc } = await readBack(template);
    const quotes = buildOutline(waicBriefing(), template).quotes;
    const blockquotes = [...doc.querySelectorAll('blockquote')];
    expect(blockquotes.map((q) => q.textContent)).toEqual(quotes.map((q) => q.text));
    for (const [i, q] of blockquotes.entries()) expect(q.nextElementSibling!.textContent).toBe(quotes[i].citation);
    expect([...doc.querySelectorAll('ol')[0].querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      '跟踪32个重大产业项目的签约落地情况；',
      '研究算力基础设施布局与能耗约束；',
      '关注无驾驶人智能网联汽车测试政策的推广条件。',
    ]);
  });

  it('holds the same text as the HTML (and so the PDF) export', async () => {
    const { raw } = await readBack(template);
    const docxText = squash(raw);
    const html = new JSDOM(briefingToHtml(waicBriefing(), { template })).window.document;
    const blocks = [...html.querySelectorAll('h1, h2, h3, p, li, figcaption')]
      .filter((el) => !el.querySelector('p, li'))
      .map((el) => squash(el.textContent ?? ''))
      .filter(Boolean);
    expect(blocks.length).toBeGreaterThan(30);
    let at = 0;
    for (const block of blocks) {
      const found = docxText.indexOf(block, at);
      expect(found, `DOCX lacks or reorders: ${block}`).toBeGreaterThanOrEqual(0);
      at = found + block.length;
    }
  });

  it('is an A4 page with the template margins', async () => {
    const { bytes } = await readBack(template);
    const xml = zipPartText(bytes, 'word/document.xml');
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    if (template === 'gbt9704') {
      expect(xml).toMatch(/w:top="2098"/); // 37 mm
      expect(xml).toMatch(/w:left="1587"/); // 28 mm
      expect(xml).toMatch(/<w:docGrid w:type="lines" w:linePitch="579"/);
      expect(xml).not.toMatch(/w:charSpace/);
      const fonts = zipPartText(bytes, 'word/styles.xml');
      for (const face of ['仿宋', '黑体', '楷体', '方正小标宋简体']) expect(fonts).toContain(`w:eastAsia="${face}"`);
    }
  });
});
