/**
 * The one table of hostile input (tests/fixtures/hostile.ts) against what the
 * app draws from user Markdown: notes in the annotation panel and reader
 * (`renderNoteHtml`) and the composer's live preview (`renderMarkdown`). The
 * exports and the print preview run the same table in
 * tests/unit/hostile-outputs.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { assertHarmlessHtml, HOSTILE_MARKDOWN, HOSTILE_URLS, SAFE_URL } from '../tests/fixtures/hostile';
import { renderNoteHtml } from './annotations/note-markdown';
import { renderMarkdown } from './briefing/render-markdown';

const OUTPUTS = [
  ['annotation panel and reader notes', renderNoteHtml],
  ['composer preview', renderMarkdown],
] as const;

function fragment(html: string): HTMLElement {
  const div = document.createElement('div');
  div.innerHTML = html;
  return div;
}

describe.each(OUTPUTS)('%s', (where, render) => {
  it.each(HOSTILE_MARKDOWN.map((c) => [c.name, c] as const))('%s: nothing runs, loads or leaves the page; the text stays', (_name, hostile) => {
    const root = fragment(render(hostile.markdown));
    assertHarmlessHtml(root, where);
    if (hostile.marker) expect(root.textContent).toContain(hostile.marker);
  });

  it.each(HOSTILE_URLS)('a link to %j becomes plain text', (url) => {
    const root = fragment(render(`见[原文](${url.replace(/[()\s]/g, encodeURIComponent)})与<a href="${url.replace(/"/g, '&quot;')}">来源</a>`));
    assertHarmlessHtml(root, where);
    expect(root.querySelectorAll('a[href]')).toHaveLength(0);
    expect(root.textContent).toContain('原文');
    expect(root.textContent).toContain('来源');
  });

  it('keeps an ordinary https link and an embedded image', () => {
    const root = fragment(render(`[人民网](${SAFE_URL}) ![图](data:image/png;base64,iVBORw0KGgo=) [写信](mailto:editor@example.com)`));
    expect([...root.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual([SAFE_URL, 'mailto:editor@example.com']);
    expect(root.querySelector('img')?.getAttribute('src')).toBe('data:image/png;base64,iVBORw0KGgo=');
  });
});
