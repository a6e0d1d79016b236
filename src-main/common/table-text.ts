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

/**
 * Rows of cells → the table block's text; empty rows are dropped and short
 * rows padded with empty cells to the widest row, so every row has as many
 * cells as the table has columns.
 */
export function tableText(rows: readonly (readonly string[])[]): string {
  const kept = rows.map((row) => row.map(cellText)).filter((row) => row.some((cell) => cell !== ''));
  if (!kept.length) return '';
  const width = Math.max(...kept.map((row) => row.length));
  for (const row of kept) while (row.length < width) row.push('');
  const first = kept[0];
  const last = kept[kept.length - 1];
  if (first[0] === '') first[0] = EMPTY_EDGE_CELL;
  if (last[last.length - 1] === '') last[last.length - 1] = EMPTY_EDGE_CELL;
  return kept.map((row) => row.join(TABLE_CELL_SEPARATOR)).join(TABLE_ROW_SEPARATOR);
}

/** One cell of a table as a document marks it up: its text and how many slots it spans. */
export interface SpannedCell {
  text: string;
  /** Rows the cell spans, ≥ 1; 0 (HTML) means to the last row. Default 1. */
  rowSpan?: number;
  /** Columns the cell spans, ≥ 1. Default 1. */
  colSpan?: number;
}

/** Widest span honoured (HTML caps colspan at 1000 and rowspan at 65534). */
const MAX_SPAN = 1000;

/**
 * Lays cells with rowspan/colspan out on the table's grid, as the HTML
 * table processing model does (WHATWG HTML §4.9.12 "forming a table"): a
 * cell fills the slots it spans; the next cell of a row takes the first
 * free slot. A spanned slot holds '' (the text stands once, in its first
 * slot), so every row of the result has as many cells as the table has
 * columns and cells of one column line up.
 */
export function gridOfSpannedRows(rows: readonly (readonly SpannedCell[])[]): string[][] {
  const grid: (string | undefined)[][] = rows.map(() => []);
  rows.forEach((row, r) => {
    let c = 0;
    for (const cell of row) {
      while (grid[r][c] !== undefined) c++;
      const colSpan = Math.min(MAX_SPAN, Math.max(1, Math.floor(cell.colSpan ?? 1) || 1));
      const rawRows = Math.floor(cell.rowSpan ?? 1);
      const rowSpan = Math.min(rows.length - r, rawRows === 0 ? rows.length : Math.max(1, rawRows || 1));
      for (let dr = 0; dr < rowSpan; dr++) {
        for (let dc = 0; dc < colSpan; dc++) grid[r + dr][c + dc] = dr === 0 && dc === 0 ? cell.text : '';
      }
      c += colSpan;
    }
  });
  return grid.map((row) => Array.from(row, (cell) => cell ?? ''));
}

// ---------------------------------------------------------------------------
// Tables typed or pasted as text

/** A GFM delimiter row: `| --- | :---: |`, `---|---`. */
const DELIMITER_ROW = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)+\|?\s*$|^\s*\|\s*:?-+:?\s*\|\s*$/;
/** A row fenced by pipes, ASCII or full-width: `| 指标 | 2024 |`, `｜地区｜数值｜`. */
const FENCED_ROW = /^\s*[|｜].*[|｜]\s*$/;

/** True for a Markdown (GFM) delimiter row, the `| --- |` line under a table's header. */
export function isDelimiterRow(line: string): boolean {
  return DELIMITER_ROW.test(line);
}

/** The cells of a pipe-table row (GFM §4.10): edge pipes dropped, `\|` kept as a pipe. */
export function pipeRowCells(line: string): string[] {
  const cells = line
    .trim()
    .replace(/^[|｜]|(?<!\\)[|｜]$/g, '')
    .split(/(?<!\\)[|｜]/)
    .map((cell) => cell.replace(/\\\|/g, '|'));
  return cells;
}

/** Cells of a tab-separated row (as spreadsheets and Word copy a table); leading indentation of the line is not a cell. */
function tabRowCells(line: string): string[] | undefined {
  const text = line.replace(/[ \r\u3000]+$/, ''); // a trailing tab is an empty last cell
  if (!text.includes('\t')) return undefined;
  const cells = text.split('\t');
  return cells.filter((cell) => cell.trim() !== '').length >= 2 ? cells : undefined;
}

/**
 * A table typed or pasted as plain text that starts at `lines[at]`:
 *
 *  - a pipe table: two or more rows fenced by pipes (`| 指标 | 2024 |`), or a
 *    header row with pipes over a GFM delimiter row (`--- | ---`) and the
 *    rows under it; the delimiter row is not a row of the table;
 *  - tab-separated rows (copied from a spreadsheet or a Word table): two or
 *    more consecutive lines with the same number of tab-separated cells, at
 *    least two of them not empty.
 *
 * Returns the rows of cells and the index of the first line after the
 * table, or undefined when no table starts there. Lines are as split on
 * line feeds; a blank line ends a table.
 */
export function readTextTable(lines: readonly string[], at: number): { rows: string[][]; next: number } | undefined {
  const first = lines[at];
  if (first === undefined) return undefined;
  const second = lines[at + 1];
  // Pipe table with a delimiter row (edge pipes optional, as in GFM).
  if (/[|｜]/.test(first) && !isDelimiterRow(first) && second !== undefined && isDelimiterRow(second)) {
    const rows = [pipeRowCells(first)];
    let k = at + 2;
    while (k < lines.length && /[|｜]/.test(lines[k]) && lines[k].trim() !== '') {
      if (!isDelimiterRow(lines[k])) rows.push(pipeRowCells(lines[k]));
      k++;
    }
    return { rows, next: k };
  }
  // Rows fenced by pipes, with or without a delimiter row.
  if (FENCED_ROW.test(first) && pipeRowCells(first).length >= 2) {
    const rows: string[][] = [];
    let k = at;
    while (k < lines.length && FENCED_ROW.test(lines[k])) {
      if (!isDelimiterRow(lines[k])) rows.push(pipeRowCells(lines[k]));
      k++;
    }
    if (rows.length >= 2 || (rows.length === 1 && k - at >= 2)) return { rows, next: k };
    return undefined;
  }
  // Tab-separated rows of one width.
  const head = tabRowCells(first);
  if (head) {
    const rows = [head];
    let k = at + 1;
    for (; k < lines.length; k++) {
      const cells = tabRowCells(lines[k]);
      if (!cells || cells.length !== head.length) break;
      rows.push(cells);
    }
    if (rows.length >= 2) return { rows, next: k };
  }
  return undefined;
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
