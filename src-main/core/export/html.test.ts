import { describe, expect, it } from 'vitest';
import { JSDOM } from 'jsdom';
import { waicBriefing } from '../../common/briefing/fixtures/waic-briefing';
import { buildOutline } from '../../common/briefing/outline';
import { officeBriefing } from '../../common/briefing/fixtures/office-briefing';
import type { Briefing, HighlightItem } from '../../common/briefing/model';
import { briefingToHtml, CONTENT_SECURITY_POLICY, templateCss } from './html';
import { TEMPLATE_PAGES, TITLE_SIZE_PT } from './page-geometry';
import { renderMarkdown, sanitizeHtml } from './sanitize';

const ATTACKS = [
  '<script>alert(1)</script>',
  '<img src=x onerror="alert(2)">',
  '<a href="javascript:alert(3)">link</a>',
  '[md link](javascript:alert(4))',
  '<iframe src="https://evil.example"></iframe>',
  '<svg onload=alert(5)><circle/></svg>',
  '<div style="background:url(https://evil.example/t.png)" onclick="alert(6)">styled</div>',
  '<style>body{display:none}</style>',
  '<form action="https://evil.example"><input name=x></form>',
  '<img src="https://tracker.example/pixel.gif" alt="pixel">',
];

function hostile(): Briefing {
  const b = waicBriefing();
  const note = ATTACKS.join('\n\n');
  b.summary = note;
  b.header.title = '<script>alert("title")</script>简报';
  const first = b.sections[0].items[0];
  if (first.kind === 'highlight') {
    first.note = note;
    first.quote = '<img src=x onerror=alert(7)>“四大功能”';
    first.citation.title = '"><script>alert(8)</script>';
  }
  b.sections[3].items.push({ kind: 'markdown', id: 'i-evil', markdown: note });
  return b;
}

describe('sanitised HTML', () => {
  it.each(['gbt9704', 'modern'] as const)('never lets script, handlers, javascript: URLs or remote loads through (%s)', (template) => {
    const html = briefingToHtml(hostile(), { template, purpose: 'standalone' });
    const lower = html.toLowerCase();
    expect(lower).not.toMatch(/<script/);
    expect(lower).not.toMatch(/<(iframe|svg|form|input)\b/);
    // The user's text survives as text.
    const dom = new JSDOM(html);
    const doc = dom.window.document;
    for (const el of doc.querySelectorAll('*')) {
      for (const attr of el.attributes) {
        expect(attr.name, `${el.tagName} ${attr.name}`).not.toMatch(/^on/);
        // Raw HTML and unsafe link targets the user typed are text: no attribute holds a script URL.
        expect(attr.value, `${el.tagName} ${attr.name}`).not.toMatch(/javascript:|evil\.example|tracker\.example/i);
      }
    }
    expect(doc.querySelectorAll('script, iframe, svg, form, input')).toHaveLength(0);
    expect(doc.querySelector('h1.bd-title')!.textContent).toBe('<script>alert("title")</script>简报');
    expect(doc.querySelector('.bd-quote blockquote')!.textContent).toBe('<img src=x onerror=alert(7)>“四大功能”');
    expect(doc.body.textContent).toContain('styled');
    expect(doc.querySelectorAll('style')).toHaveLength(1); // the template's own
    expect(doc.querySelector('meta[http-equiv="Content-Security-Policy"]')!.getAttribute('content')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('keeps ordinary Markdown formatting and safe links', () => {
    const link = new JSDOM(renderMarkdown('**重点** and [source](https://www.people.com.cn/)')).window.document;
    expect(link.querySelector('strong')!.textContent).toBe('重点');
    expect(link.querySelector('a')!.getAttribute('href')).toBe('https://www.people.com.cn/');
    expect(link.querySelector('a')!.getAttribute('rel')).toBe('noopener noreferrer');
    expect(renderMarkdown('第一行\n第二行')).toBe('<p>第一行<br>第二行</p>\n');
    expect(sanitizeHtml('<img src="data:image/png;base64,AAAA" alt="a">')).toContain('src="data:image/png;base64,AAAA"');
  });
});

describe('briefing → HTML document', () => {
  it('marks up the masthead, sections, quote + citation units and distribution', () => {
    const html = briefingToHtml(waicBriefing(), { template: 'gbt9704' });
    const doc = new JSDOM(html).window.document;
    expect(doc.documentElement.lang).toBe('zh-CN');
    expect(doc.body.className).toBe('bd-template-gbt9704 bd-lang-zh bd-print');
    expect(doc.querySelector('.bd-publication')!.textContent).toBe('政策简报');
    expect(doc.querySelector('.bd-issue')!.textContent).toBe('第12期');
    expect(doc.querySelector('.bd-date')!.textContent).toBe('2023年7月12日');
    expect([...doc.querySelectorAll('h2.bd-heading')].map((h) => h.textContent)).toEqual([
      '一、大会成果创历史新高',
      '二、人工智能应用场景加速拓展',
      '三、构建人工智能时代算力底座',
      '四、几点建议',
    ]);
    expect([...doc.querySelectorAll('h3')].map((h) => h.textContent)).toEqual(['（一）自动驾驶进入无人化测试阶段', '（二）制造业智能化转型提速']);
    const figures = [...doc.querySelectorAll('figure.bd-quote')];
    const quotes = buildOutline(waicBriefing(), 'gbt9704').quotes;
    expect(figures.map((f) => [f.querySelector('blockquote')!.textContent, f.querySelector('figcaption')!.textContent])).toEqual(
      quotes.map((q) => [q.text, q.citation]),
    );
    expect([...doc.querySelectorAll('.bd-distribution p')].map((p) => p.textContent)).toEqual([
      '报：市委、市政府领导同志',
      '送：市发展改革委、市经济信息化委、市科委',
      '发：各区发展改革部门，中心各处室',
      '市发展研究中心产业研究所2023年7月12日印发',
    ]);
    // The 版记 is the last thing in the document, after a spacer the printer sizes.
    expect(doc.querySelector('.bd-briefing')!.lastElementChild!.className).toBe('bd-colophon');
    expect(doc.querySelector('.bd-colophon')!.firstElementChild!.className).toBe('bd-colophon-spacer');
    // Each section's content sits inside its <section>.
    expect(doc.querySelectorAll('section.bd-section')).toHaveLength(4);
    expect(doc.querySelectorAll('section.bd-section')[0].querySelectorAll('figure')).toHaveLength(2);
  });

  it('labels comments, shortens repeated citations and keeps a source with its date', () => {
    const doc = new JSDOM(briefingToHtml(officeBriefing(), { template: 'gbt9704' })).window.document;
    const notes = [...doc.querySelectorAll('.bd-note')];
    expect(notes[0].innerHTML).toMatch(/^<p><span class="bd-note-label">按：<\/span>参会/);
    // A note with a list keeps its bullets.
    expect(notes[1].querySelectorAll('ul > li')).toHaveLength(3);
    const captions = [...doc.querySelectorAll('figcaption.bd-citation')];
    expect(captions[0].textContent).toBe('——《世界人工智能大会磁场效应显现》，人民日报，2023年7月10日');
    // The book title wraps only between its words; the source stays with its date.
    expect(captions[0].innerHTML).toMatch(
      /^——<span class="bd-book">《世界<wbr>人工<wbr>智能(?:<wbr>[^<]+)+》<\/span>，<span class="bd-keep">人民日报，2023年7月10日<\/span>$/,
    );
    expect(captions[1].textContent).toBe('——同上');
    expect(captions[1].classList.contains('bd-ibid')).toBe(true);
    expect(captions[1].getAttribute('title')).toBe('——《世界人工智能大会磁场效应显现》，人民日报，2023年7月10日');
    // A linked source keeps its link around the whole citation.
    const linked = captions.find((c) => c.textContent!.includes('中国政府网'))!;
    expect(linked.querySelector('a')!.getAttribute('href')).toBe('https://www.gov.cn/xinwen/2023-07/10/content_5690875.htm');
    expect(doc.querySelector('.bd-copies')!.textContent).toBe('共印60份');
    expect(doc.querySelector('.bd-issuer')!.textContent).toBe('市发展研究中心产业研究所');
    expect(doc.querySelector('.bd-issued-date')!.textContent).toBe('2023年7月14日印发');

    const b = officeBriefing();
    b.header.noteLabel = 'none';
    const plain = new JSDOM(briefingToHtml(b, { template: 'modern' })).window.document;
    expect(plain.querySelector('.bd-note-label')).toBeNull();
    b.header.noteLabel = 'comment';
    b.sections[0].items[0] = { ...(b.sections[0].items[0] as HighlightItem), note: '- 一\n- 二' };
    const listFirst = new JSDOM(briefingToHtml(b, { template: 'modern' })).window.document.querySelector('.bd-note')!;
    expect(listFirst.innerHTML).toMatch(/^<p class="bd-note-label-line"><span class="bd-note-label">点评：<\/span><\/p><ul>/);
  });

  it('prints no separator where the masthead has no organisation (modern)', () => {
    const b = officeBriefing();
    b.header.organisation = '';
    const doc = new JSDOM(briefingToHtml(b, { template: 'modern' })).window.document;
    const byline = doc.querySelector('.bd-byline')!;
    expect([...byline.children].map((c) => c.className)).toEqual(['bd-date']);
    // The stylesheet prints its dot only between two parts.
    expect(briefingToHtml(b, { template: 'modern' })).toContain('.bd-byline span + span::before');
  });

  it.each(['gbt9704', 'modern'] as const)('prints %s on the page the PDF printer and the layout check assume', (template) => {
    const { margin } = TEMPLATE_PAGES[template];
    expect(templateCss(template)).toMatch(
      new RegExp(`@page \\{\\s*size: A4;\\s*margin: ${margin.top}mm ${margin.right}mm ${margin.bottom}mm ${margin.left}mm;`),
    );
  });

  it.each(['gbt9704', 'modern'] as const)('sets the %s title in the size its line breaks are measured in (and the Word file uses)', (template) => {
    const css = templateCss(template);
    const rule = (selector: string) => new RegExp(`(?:^|\\n)${selector.replace(/\./g, '\\.')} \\{[^}]*?font-size: ([\\d.]+)pt`).exec(css)?.[1];
    expect(Number(rule('.bd-title')), 'base size').toBe(template === 'gbt9704' ? TITLE_SIZE_PT.gbt9704.zh : TITLE_SIZE_PT.modern.en);
    if (template === 'modern') expect(Number(rule('.bd-lang-zh .bd-title')), 'Chinese').toBe(TITLE_SIZE_PT.modern.zh);
  });

  it('inlines the template stylesheet with the GB/T 9704 page geometry', () => {
    const html = briefingToHtml(waicBriefing(), { template: 'gbt9704' });
    expect(html).toContain('margin: 37mm 26mm 35mm 28mm;');
    expect(html).toContain('@bottom-right');
    expect(briefingToHtml(waicBriefing(), { template: 'modern' })).toContain("counter(page) ' / ' counter(pages)");
  });
});
