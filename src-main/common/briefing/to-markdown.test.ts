import { expectGolden } from '../../../tests/fixtures/texts';
import { describe, expect, it } from 'vitest';
import { Marked } from 'marked';
import { waicBriefing } from './fixtures/waic-briefing';
import { briefingToMarkdown, escapeMarkdown } from './to-markdown';
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
