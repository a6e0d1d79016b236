/**
 * Notes render as Markdown and are sanitised: no script, no event handlers,
 * no javascript: links; links open outside the app.
 */
import { describe, expect, it } from 'vitest';
import { notePlainText, renderNoteHtml } from './note-markdown';

describe('renderNoteHtml', () => {
  it('renders Markdown', () => {
    const html = renderNoteHtml('**口径**：与上年相比\n\n- 来源：大会发布\n- 待核：统计局');
    expect(html).toContain('<strong>口径</strong>');
    expect(html).toContain('<li>来源：大会发布</li>');
  });

  it.each([
    ['<script>alert(1)</script>文字', '<script>alert(1)</script>文字'],
    ['<img src=x onerror="alert(1)">', '<img src=x onerror="alert(1)">'],
    ['[点我](javascript:alert(1))', '点我'],
    ['<iframe src="https://example.com"></iframe>', '<iframe src="https://example.com"></iframe>'],
    ['<p style="position:fixed">盖住</p>', '<p style="position:fixed">盖住</p>'],
  ])('shows %j as text, with no element or attribute of it', (md, shown) => {
    const host = document.createElement('div');
    host.innerHTML = renderNoteHtml(md);
    expect(host.textContent!.trim()).toBe(shown);
    expect([...host.querySelectorAll('*')].map((el) => el.tagName)).toEqual(['P']);
    expect(host.querySelector('p')!.attributes).toHaveLength(0);
  });

  it('opens links outside the app', () => {
    const html = renderNoteHtml('[国家统计局](https://www.stats.gov.cn/)');
    expect(html).toContain('target="_blank"');
    expect(html).toContain('rel="noopener noreferrer"');
  });

  it('renders nothing for an empty note', () => {
    expect(renderNoteHtml('  \n ')).toBe('');
  });
});

describe('notePlainText', () => {
  it('flattens Markdown to a short line and keeps hyphenated words', () => {
    expect(notePlainText('## 口径\n- **year-on-year** 增长 [链接](https://x.cn)')).toBe('口径 year-on-year 增长 链接');
    expect(notePlainText('很长'.repeat(50), 10)).toBe('很长很长很长很长很…');
  });
});
