import { describe, expect, it } from 'vitest';
import type { Block, Mark } from './model';
import { marksByBlock, markedMarkdown, passageMarkdown, shiftMarks } from './marks';

const text = '标题\n历经10年发展，全市产值突破5000亿元。\n设备更新';
const blocks: Block[] = [
  { kind: 'title', start: 0, end: 2 },
  { kind: 'paragraph', start: 3, end: 24 },
  { kind: 'list-item', start: 25, end: 29 },
];
const marks: Mark[] = [
  { kind: 'strong', start: 3, end: 11 },
  { kind: 'link', start: 17, end: 24, href: 'https://www.stats.gov.cn/' },
];

describe('marks beside the text', () => {
  it('groups marks by block in one pass', () => {
    expect(marksByBlock(blocks, marks).map((m) => m.length)).toEqual([0, 2, 0]);
  });

  it('moves with an edit before, around and inside them', () => {
    // Insert two characters in the title, before the bold run.
    expect(shiftMarks(marks, 1, 1, 2)[0]).toEqual({ kind: 'strong', start: 5, end: 13 });
    // Replace text inside the link: it stretches.
    expect(shiftMarks(marks, 18, 20, 5)[1]).toEqual({ kind: 'link', start: 17, end: 27, href: 'https://www.stats.gov.cn/' });
    // Delete the whole bold run: it disappears.
    expect(shiftMarks(marks, 3, 11, 0).map((m) => m.kind)).toEqual(['link']);
  });

  it('writes marked text as Markdown, escaping markup characters of the text itself', () => {
    expect(markedMarkdown('a*b 粗体', 0, [{ kind: 'strong', start: 4, end: 6 }])).toBe('a\\*b **粗体**');
  });

  it('leaves plain passages plain and writes structured ones as Markdown', () => {
    expect(passageMarkdown({ text, blocks }, 3, 24)).toBeUndefined();
    expect(passageMarkdown({ text, blocks, marks }, 3, 29)).toBe('**历经10年发展，**全市产值突破[5000亿元。](<https://www.stats.gov.cn/>)\n\n- 设备更新');
  });
});
