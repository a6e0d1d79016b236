import { expectGolden } from '../../../tests/fixtures/texts';
import { describe, expect, it } from 'vitest';
import { Marked } from 'marked';
import { waicBriefing } from './fixtures/waic-briefing';
import { officeBriefing } from './fixtures/office-briefing';
import { briefingToMarkdown, escapeMarkdown, labelledNoteMarkdown } from './to-markdown';
import { BRIEFING_SCHEMA_VERSION, type Briefing } from './model';

// Golden files: set UPDATE_GOLDEN=1 to rewrite them after an intended change, then review the diff.
function golden(name: string, actual: string) {
  const url = new URL(`./__golden__/${name}`, import.meta.url);
  expectGolden(url, actual);
}

describe('briefing → Markdown', () => {
  it('matches the golden file for the GB/T 9704 template', () => {
    golden('waic-gbt9704.md', briefingToMarkdown(waicBriefing(), 'gbt9704'));
  });

  it('matches the golden file for the modern template', () => {
    golden('waic-modern.md', briefingToMarkdown(waicBriefing(), 'modern'));
  });

  it('writes an English briefing with English labels, a URL in the sources and escaped quote text', () => {
    const b: Briefing = {
      schemaVersion: BRIEFING_SCHEMA_VERSION,
      id: 'b-en-001',
      header: { title: 'AI policy watch', organisation: 'Research Office', date: '2024-03-14', issueNumber: 3 },
      summary: '- EU rules adopted',
      sections: [
        {
          id: 's-en-1',
          heading: 'Europe',
          items: [
            {
              kind: 'highlight',
              id: 'i-en-1',
              annotationId: 'a-en-1',
              articleId: 'art-en-1',
              quote: '# The *AI Act* <b>passed</b>\n1. with 523 votes',
              note: 'Check the _final_ text.',
              citation: { title: 'AI Act passes', source: 'Reuters', published: '2024-03-13', url: 'https://example.org/ai-act' },
            },
          ],
        },
      ],
      created: 'T',
      modified: 'T',
    };
    const md = briefingToMarkdown(b);
    expect(md).toContain('## Key points');
    expect(md).toContain('> \\# The \\*AI Act\\* \\<b\\>passed\\</b\\>\n>\n> 1\\. with 523 votes\n>\n> — “AI Act passes”, Reuters, 13 March 2024');
    expect(md).toContain('## Sources\n\n1. “AI Act passes”, Reuters, 13 March 2024 <https://example.org/ai-act>');
    const html = new Marked().parse(md) as string;
    expect(html).not.toContain('<b>');
    expect(html).toContain('<h2>Europe</h2>');
  });

  it('labels comments as the briefing asks and keeps a note’s list a list', () => {
    const b = officeBriefing();
    const md = briefingToMarkdown(b, 'gbt9704');
    expect(md).toContain('**按**：参会、参展和论坛数量均为历届之最');
    // The note that opens with a sentence and goes on with a list: label inline, bullets kept.
    expect(md).toContain('**按**：“四大功能”是上海今后一个时期的主攻方向，建议对照梳理本市相关产业政策的衔接点：\n\n- 资源配置：重大项目引进与落地；');
    const html = new Marked().parse(md) as string;
    expect(html).toContain('<p><strong>按</strong>：参会');
    expect(html).toMatch(/<ul>\s*<li>资源配置：重大项目引进与落地；<\/li>/);
    b.header.noteLabel = 'none';
    expect(briefingToMarkdown(b, 'gbt9704')).not.toContain('**按**');
    b.header.noteLabel = 'editor';
    expect(briefingToMarkdown(b, 'gbt9704')).toContain('**编者按**：参会');
  });

  it('puts the label on a line of its own before a note that starts with a list or heading', () => {
    expect(labelledNoteMarkdown('- 第一\n- 第二', '点评', 'zh')).toBe('**点评**：\n\n- 第一\n- 第二');
    expect(labelledNoteMarkdown('## 小结\n\n正文', 'Note', 'en')).toBe('**Note**:\n\n## 小结\n\n正文');
    expect(labelledNoteMarkdown('Check the text.', 'Comment', 'en')).toBe('**Comment**: Check the text.');
    expect(labelledNoteMarkdown('正文', '', 'zh')).toBe('正文');
    const html = new Marked().parse(labelledNoteMarkdown('- 第一\n- 第二', '点评', 'zh')) as string;
    expect(html).toContain('<li>第一</li>');
  });

  it('writes the 版记 with copies and the 印发 line', () => {
    const md = briefingToMarkdown(officeBriefing(), 'gbt9704');
    expect(
      md.endsWith(
        '报：市委、市政府领导同志\\\n送：市发展改革委、市经济信息化委、市科委、市统计局\\\n发：各区发展改革部门，中心各处室\\\n共印60份\n\n---\n\n市发展研究中心产业研究所　　2023年7月14日印发\n',
      ),
    ).toBe(true);
  });

  it.each([
    ['*bold*', '\\*bold\\*'],
    ['a_b', 'a\\_b'],
    ['# 标题', '\\# 标题'],
    ['1. 条', '1\\. 条'],
    ['- 项', '\\- 项'],
    ['---', '\\---'],
    ['&amp;', '&amp;amp;'],
    ['“四大功能”——上海', '“四大功能”——上海'],
  ])('escapeMarkdown(%j) = %j', (input, out) => expect(escapeMarkdown(input)).toBe(out));
});
