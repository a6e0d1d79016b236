/**
 * An English story that opens with a dateline gets its date and place at
 * import, in plain text, Markdown and HTML alike, and the dateline stays in
 * its first paragraph (it is part of the sentence); an English story that
 * opens with an ordinary sentence holding a date gets neither.
 */
import { describe, expect, it } from 'vitest';
import { parsePlainText } from './plain-text';
import { parseMarkdown } from './markdown';
import { parseHtml } from './html';

const TITLE = 'Commission proposes to simplify sustainability reporting';
const LEAD = 'Brussels, 4 March 2025 — The European Commission today proposed a package of measures to simplify sustainability reporting for companies.';
const MORE = 'The package would cut the number of companies covered by about 80 per cent.';

const FORMATS = [
  ['plain text', () => parsePlainText(`${TITLE}\n\n${LEAD}\n\n${MORE}\n`, 'eu.txt')],
  ['Markdown', () => parseMarkdown(`# ${TITLE}\n\n${LEAD}\n\n${MORE}\n`, 'eu.md')],
  [
    'HTML',
    () =>
      parseHtml(`<html><head><title>${TITLE}</title></head><body><article><h1>${TITLE}</h1><p>${LEAD}</p><p>${MORE}</p></article></body></html>`, 'eu.html'),
  ],
] as const;

describe('an English dateline at import', () => {
  it.each(FORMATS)('%s: the date and the place are read, the sentence kept', (_name, parse) => {
    const article = parse();
    expect({ published: article.meta.published, region: article.meta.region }).toEqual({ published: '2025-03-04', region: 'Brussels' });
    expect(article.text).toContain('The European Commission today proposed');
  });

  it('a wire dateline: place and wire', () => {
    const article = parsePlainText(
      'UK factory output falls for a third month\n\nLONDON, March 4 (Reuters) - British factory output fell for a third month, official data showed on Tuesday.\n',
      'uk.txt',
    );
    expect({ source: article.meta.source, region: article.meta.region }).toEqual({ source: 'Reuters', region: 'London' });
  });

  it('an ordinary first sentence with a date gives no date and no place', () => {
    const article = parsePlainText(`${TITLE}\n\nOn 4 March 2025 the European Commission proposed a package of measures — its largest this year.\n`, 'eu.txt');
    expect({ published: article.meta.published, region: article.meta.region }).toEqual({ published: undefined, region: undefined });
  });
});
