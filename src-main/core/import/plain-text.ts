/**
 * Plain-text importer for the newspaper and official-document layouts used
 * by People's Daily, Xinhua and ministry notices: metadata lines (文号, an
 * issuer's masthead, an edition line) perhaps above the title, a title line,
 * an optional subtitle line, a 核心阅读 lead, paragraphs indented with
 * full-width spaces, numbered section heads (一、 （一） 1. （1）) and short
 * unpunctuated lines as section headings. Text without that layout still
 * imports: every non-blank line becomes a paragraph and the first line the
 * title. Tables typed or pasted as text (pipe tables as in Markdown, rows of
 * tab-separated cells from a spreadsheet) become one table block each, as
 * the same table does in Markdown (`readTextTable` in table-text.ts); lines
 * opened by a bullet (`•`, `●`, `- `) are list items.
 *
 * This module only reads the layout; what each line says (a heading's
 * level, a byline, furniture) is decided by `finishArticle` as for every
 * other format.
 */
import type { ParsedArticle } from '../../common/model';
import { cleanBlockText } from '../../common/text-builder';
import { bilingualError } from '../../common/errors';
import { isMetadataLine, looksLikeHeading, numberedHeadingLevel, startsWithSectionNumber } from '../../common/line-roles';
import { readTextTable, tableText } from '../../common/table-text';
import { finishArticle, LEAD_LABELS, type RawBlock } from './article-builder';

/** A bullet that opens a list item in plain text: `• 项目`, `● 项目`, `- item`, `* item`, `▪ 项目`. */
const BULLET = /^[\s\u3000]*(?:[•●▪■◦‣]|[-*+](?=[\s\u3000]))[\s\u3000]*/;

const MAX_TITLE = 120;

function isBlank(line: string): boolean {
  return cleanBlockText(line) === '';
}

/** A short line without sentence punctuation: a section heading in this layout. */
export function isHeadingLine(line: string): boolean {
  return looksLikeHeading(cleanBlockText(line));
}

/** Parses plain text (already decoded) into an article. */
export function parsePlainText(text: string, fileName = 'text', options: { titleFallback?: 'file-name' | 'first-line' } = {}): ParsedArticle {
  // Unicode's line and paragraph separators (and NEL) end lines as a line feed does.
  const lines = text.replace(/\r\n?|[\u0085\u2028\u2029]/g, '\n').split('\n');
  let i = 0;
  while (i < lines.length && isBlank(lines[i])) i++;
  if (i >= lines.length) throw bilingualError('refused', `${fileName} contains no text to import.`, `${fileName} 中没有可导入的文字。`);

  const raw: RawBlock[] = [];
  // Metadata lines above the title (`工信部企业函〔2024〕118号`, `XX文件`,
  // `《人民日报》（2023年07月10日 第01版）`) are never the title; finishArticle reads them.
  while (i < lines.length && (isBlank(lines[i]) || isMetadataLine(lines[i]))) {
    if (!isBlank(lines[i])) raw.push({ kind: 'paragraph', text: lines[i] });
    i++;
  }

  // Head: the lines before the first blank line. The first is the title; a
  // second short line is the subtitle. Long first lines are body text.
  const head: string[] = [];
  while (i < lines.length && !isBlank(lines[i]) && head.length < 3) head.push(lines[i++]);
  // A numbered section head (`一、总体要求`) is never the title, nor the subtitle under it.
  if (
    head.length > 0 &&
    cleanBlockText(head[0]).length <= MAX_TITLE &&
    !/^[\u3000]|^\s{2,}/.test(head[0].replace(/^\ufeff/, '')) &&
    numberedHeadingLevel(head[0]) === undefined
  ) {
    raw.push({ kind: 'title', text: head[0] });
    const second = head[1];
    if (
      second !== undefined &&
      cleanBlockText(second).length <= MAX_TITLE &&
      !/[。！？.!?]$/.test(cleanBlockText(second)) &&
      !isMetadataLine(second) &&
      !startsWithSectionNumber(second) &&
      !/^[\u3000]|^\s{2,}/.test(second)
    ) {
      raw.push({ kind: 'subtitle', text: second });
      head.splice(0, 2);
    } else head.splice(0, 1);
  }
  // Whatever of the head was not title/subtitle is body.
  const body = [...head, ...lines.slice(i)];

  let inLead = false;
  for (let k = 0; k < body.length; k++) {
    const line = body[k];
    const table = readTextTable(body, k);
    if (table) {
      raw.push({ kind: 'table', text: tableText(table.rows) });
      inLead = false;
      k = table.next - 1;
      continue;
    }
    if (isBlank(line)) {
      inLead = false;
      continue;
    }
    const clean = cleanBlockText(line);
    if (LEAD_LABELS.has(clean)) {
      raw.push({ kind: 'lead-label', text: clean });
      inLead = true;
      continue;
    }
    if (inLead) {
      raw.push({ kind: 'lead', text: clean });
      continue;
    }
    const bullet = BULLET.exec(line);
    if (bullet && !isBlank(line.slice(bullet[0].length))) {
      raw.push({ kind: 'list-item', text: cleanBlockText(line.slice(bullet[0].length)), level: 1 });
      continue;
    }
    raw.push(isHeadingLine(clean) ? { kind: 'heading', text: clean, level: 1 } : { kind: 'paragraph', text: clean });
  }
  return finishArticle(raw, {}, fileName, { format: 'text', ...options });
}
