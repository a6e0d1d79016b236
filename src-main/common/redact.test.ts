/**
 * withoutQuotedText: every quoted span (the way messages name an article,
 * a briefing, a quote or a file) becomes its marks around `…`; the rest of
 * the message, ids and codes stay, and apostrophes are not quotes.
 */
import { describe, expect, it } from 'vitest';
import { withoutQuotedText } from './redact';

describe('withoutQuotedText', () => {
  it.each([
    ['The text of “关于加快发展新质生产力的若干意见” (a1b2c3d4e5f6) is missing', 'The text of “…” (a1b2c3d4e5f6) is missing'],
    [
      'The highlights and notes of "Grid storage in 2024": annotations.json is from a newer version',
      'The highlights and notes of "…": annotations.json is from a newer version',
    ],
    ["EACCES: permission denied, open '/home/ana/简报/2024-06-01 粮食周报.pdf'", "EACCES: permission denied, open '…'"],
    ['《人民日报》刊文「坚持稳中求进」，引用『原话』与〈附件〉', '《…》刊文「…」，引用『…』与〈…〉'],
    ['The quote ‘量子计算’ does not occur in «Le Monde»', 'The quote ‘…’ does not occur in «…»'],
    ['A title cut short: “这是一个被截断的很长的标题', 'A title cut short: “…'],
    ["The article's text doesn't match; it's fine", "The article's text doesn't match; it's fine"],
    ["TypeError: Cannot read properties of undefined (reading 'blocks')", "TypeError: Cannot read properties of undefined (reading 'blocks')"],
    ["Unknown source 'People Daily' in 'x y'", "Unknown source '…' in '…'"],
    ['ENOENT (code ENOENT), 3 files, id b0123456789a', 'ENOENT (code ENOENT), 3 files, id b0123456789a'],
  ])('%s', (input, expected) => {
    expect(withoutQuotedText(input)).toBe(expected);
  });

  it('leaves nothing of several titles in one message', () => {
    const titles = ['储能装机创新高', 'Container throughput rises', '关于“十四五”规划的说明'];
    const out = withoutQuotedText(`Merged “${titles[0]}” and "${titles[1]}" into “${titles[2]}”.`);
    for (const t of ['储能', 'Container', '规划']) expect(out).not.toContain(t);
  });
});
