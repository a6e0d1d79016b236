/**
 * How a table becomes the text of one `table` block. Blocks are single lines
 * of the canonical text (the text builder separates blocks with '\n'), so a
 * table keeps its grid with two other separators:
 *
 *   cells of a row are joined with a TAB, rows with ' | '.
 *
 * Cell text never contains a tab (whitespace inside cells is collapsed to one
 * space), so splitting a row on '\t' is exact; splitting rows on ' | ' is
 * exact unless a cell itself contains ' | ', which news and policy tables
 * practically never do. A renderer draws the grid with `splitTableText`.
 *
 * The builder trims whitespace at block edges, which would eat the tab of an
 * empty first cell (the corner of a header row) or last cell; such an edge
 * cell is written as EMPTY_EDGE_CELL ('—', the usual mark in Chinese tables)
 * so every row keeps its column count.
 */

export const TABLE_CELL_SEPARATOR = '\t';
export const TABLE_ROW_SEPARATOR = ' | ';
export const EMPTY_EDGE_CELL = '—';

/** One cell's text: whitespace (tabs and newlines included) collapsed, edges trimmed. */
export function cellText(raw: string): string {
  return raw.replace(/[\s\u00a0]+/g, ' ').replace(/^[ \u3000]+|[ \u3000]+$/g, '');
}

/** Rows of cells → the table block's text; empty rows are dropped. */
export function tableText(rows: readonly (readonly string[])[]): string {
  const kept = rows.map((row) => row.map(cellText)).filter((row) => row.some((cell) => cell !== ''));
  if (!kept.length) return '';
  const first = kept[0];
  const last = kept[kept.length - 1];
  if (first[0] === '') first[0] = EMPTY_EDGE_CELL;
  if (last[last.length - 1] === '') last[last.length - 1] = EMPTY_EDGE_CELL;
  return kept.map((row) => row.join(TABLE_CELL_SEPARATOR)).join(TABLE_ROW_SEPARATOR);
}

/** The inverse of `tableText`, for renderers and exporters. */
export function splitTableText(text: string): string[][] {
  return text.split(TABLE_ROW_SEPARATOR).map((row) => row.split(TABLE_CELL_SEPARATOR));
}

/** Canonical ranges of a table block's cells, row by row (`offset` is the block's start). */
export function tableCellRanges(text: string, offset: number): { start: number; end: number }[][] {
  const rows: { start: number; end: number }[][] = [];
  let at = offset;
  for (const [r, row] of splitTableText(text).entries()) {
    if (r > 0) at += TABLE_ROW_SEPARATOR.length;
    const cells: { start: number; end: number }[] = [];
    row.forEach((cell, c) => {
      if (c > 0) at += TABLE_CELL_SEPARATOR.length;
      cells.push({ start: at, end: at + cell.length });
      at += cell.length;
    });
    rows.push(cells);
  }
  return rows;
}
