/**
 * Where a title may break (`titleBreaks`) and the lines it is set in (`titleLines`), on titles of
 * the kinds briefings carry: compounds the word segmenter splits, book titles that fit a line and
 * ones that do not, numbers with their units, nested book titles, Latin words.
 */
import { describe, expect, it } from 'vitest';
import { titleBreaks, titleLines, widthEm } from './title-lines';

/** The title split at its legal breaks, with `|`. */
const marked = (title: string, maxEm = 20) => {
  const breaks = titleBreaks(title, maxEm);
  return [0, ...breaks].map((from, i) => title.slice(from, breaks[i] ?? title.length)).join('|');
};

describe('title breaks', () => {
  it('never inside a compound the segmenter splits, nor between a number and its unit', () => {
    for (const [title, words] of [
      ['关于推动新能源汽车产业高质量发展的若干意见', ['新能源', '高质量', '发展的']],
      ['2024年我国数字经济规模突破55万亿元', ['2024年', '55万亿元']],
      ['推动32个重大产业项目签约，项目投资总额288亿元', ['32个', '288亿元', '签约，']],
    ] as const) {
      const breaks = titleBreaks(title, 6);
      expect(breaks.length, title).toBeGreaterThan(2);
      for (const w of words) {
        const at = title.indexOf(w);
        expect(
          breaks.filter((b) => b > at && b < at + w.length),
          `${marked(title, 6)}: inside ${w}`,
        ).toEqual([]);
      }
    }
  });

  it('never inside a book title that fits a line; a longer one between its words', () => {
    const fits = '学习贯彻《中华人民共和国数据安全法》推动数据要素市场化配置改革';
    expect(marked(fits)).toContain('《中华人民共和国数据安全法》');
    const long = '关于印发《促进人工智能产业高质量发展行动计划（2025—2027年）》的通知';
    const inside = marked(long).slice(marked(long).indexOf('《'), marked(long).indexOf('》') + 1);
    expect(inside).toContain('|');
    expect(inside).not.toMatch(/人\|工|智\|能|《\||\|》/);
  });

  it('no line starts with a closing mark or ends with an opening one', () => {
    for (const title of ['关于印发《行动计划》的通知', '“十四五”数字经济发展规划（2021—2025年）解读', '转发《关于〈若干措施〉的说明》的函'])
      for (const part of marked(title, 6).split('|')) {
        expect(part, title).not.toMatch(/^[，。、；：？！”’》〉）]/);
        expect(part, title).not.toMatch(/[《〈（“‘]$/);
      }
  });
});

describe('title lines', () => {
  it('fits a short title on one line and sets a long one in even lines no wider than the measure', () => {
    expect(titleLines('人工智能产业发展动态', 20)).toEqual(['人工智能产业发展动态']);
    const title = '2025年全国新能源汽车下乡活动实施方案暨充换电基础设施建设三年行动计划';
    const lines = titleLines(title, 20);
    expect(lines.join('')).toBe(title);
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(widthEm(l)).toBeLessThanOrEqual(20);
    expect(Math.abs(widthEm(lines[0]) - widthEm(lines[1]))).toBeLessThanOrEqual(6);
  });

  it('breaks an English title only after its spaces', () => {
    const lines = titleLines('EU Adopts AI Act Implementation Guidelines for General-Purpose Models', 20);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(l).toMatch(/^\S.*\S$/);
    expect(lines.join(' ')).toBe('EU Adopts AI Act Implementation Guidelines for General-Purpose Models');
  });
});
