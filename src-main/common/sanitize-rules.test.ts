/**
 * The Markdown dialect itself (before any sanitiser) writes no element,
 * attribute or URL of a hostile note: raw HTML is the user's text, shown
 * literally, and unsafe links and images are their text — so no DOM parses
 * a user's `<img onerror>` anywhere (tests/fixtures/hostile.ts's table).
 */
import { describe, expect, it } from 'vitest';
import { JSDOM } from 'jsdom';
import { assertHarmlessHtml, HOSTILE_MARKDOWN } from '../../tests/fixtures/hostile';
import { markdownDialect } from './sanitize-rules';

const marked = markdownDialect();

describe('markdownDialect on hostile notes', () => {
  it.each(HOSTILE_MARKDOWN)('writes nothing live for $name', ({ markdown, marker }) => {
    const html = marked.parse(markdown) as string;
    const doc = new JSDOM(`<body>${html}</body>`).window.document;
    assertHarmlessHtml(doc.body, markdown); // links left are http(s)/mailto (GFM autolinks a URL in the text)
    expect([...doc.body.querySelectorAll('*')].map((el) => el.tagName.toLowerCase()).filter((t) => !['p', 'br', 'a'].includes(t))).toEqual([]);
    if (marker) expect(doc.body.textContent).toContain(marker);
  });

  it('shows raw HTML as the text typed, entity tricks included', () => {
    for (const typed of [
      '<img src=x onerror=alert(1)>',
      '<a href="&#106;avascript:alert(1)">x</a>',
      '<svg onload=alert(1)>',
      '<iframe src="data:text/html,<script>alert(1)</script>">',
    ]) {
      const doc = new JSDOM(`<body>${marked.parse(`注 ${typed}`) as string}</body>`).window.document;
      expect(doc.body.textContent!.trim()).toBe(`注 ${typed}`);
    }
  });

  it('keeps ordinary formatting, safe links and embedded images', () => {
    const html = marked.parse('**重点** [来源](https://www.people.com.cn/) ![图](data:image/png;base64,AAAA)') as string;
    expect(html).toContain('<strong>重点</strong>');
    expect(html).toContain('<a href="https://www.people.com.cn/">来源</a>');
    expect(html).toContain('src="data:image/png;base64,AAAA"');
  });
});
