import { describe, expect, it } from 'vitest';
import { EMPTY_EDGE_CELL, cellText, splitTableText, tableText } from './table-text';
import { TextBuilder } from './text-builder';

describe('table block text', () => {
  it.each([
    {
      name: 'cells by tab, rows by " | "',
      rows: [
        ['指标', '数值'],
        ['参会嘉宾', '1400余名'],
        ['项目投资总额', '288亿元'],
      ],
      text: '指标\t数值 | 参会嘉宾\t1400余名 | 项目投资总额\t288亿元',
    },
    {
      name: 'whitespace inside cells collapses, tabs included',
      rows: [['智能\t芯片', ' 开发\n框架 ']],
      text: '智能 芯片\t开发 框架',
    },
    {
      name: 'empty rows are dropped, empty inner cells kept',
      rows: [
        ['2022', '', '2023'],
        ['', ''],
        ['上海', '1', '2'],
      ],
      text: '2022\t\t2023 | 上海\t1\t2',
    },
    {
      name: 'an empty corner cell is marked so the builder cannot trim it away',
      rows: [
        ['', '2022', '2023'],
        ['上海', '1', ''],
      ],
      text: `${EMPTY_EDGE_CELL}\t2022\t2023 | 上海\t1\t${EMPTY_EDGE_CELL}`,
    },
  ])('$name', ({ rows, text }) => {
    expect(tableText(rows)).toBe(text);
    // The block survives the text builder unchanged and splits back into the grid.
    const builder = new TextBuilder();
    builder.add('table', text);
    expect(builder.text).toBe(text);
    expect(splitTableText(text).map((row) => row.length)).toEqual(splitTableText(text).map(() => splitTableText(text)[0].length));
  });

  it('cleans a cell', () => {
    expect(cellText('\u3000 人工智能\u00a0产业 \u3000')).toBe('人工智能 产业');
  });
});
