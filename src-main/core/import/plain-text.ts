/**
 * Plain-text importer for the newspaper layout used by People's Daily, Xinhua
 * and ministry notices: a title line, an optional subtitle line, a 核心阅读 lead,
 * paragraphs indented with full-width spaces, and short unpunctuated lines as
 * section headings. Text without that layout still imports: every non-blank
 * line becomes a paragraph and the first line the title.
 */
import type { ParsedArticle } from '../../common/model';
import { TextBuilder, cleanBlockText } from '../../common/text-builder';
import { BdError } from '../../common/errors';
import { detectMeta, isBylineLine } from '../../common/metadata-detect';

const LEAD_LABELS = new Set(['核心阅读', '阅读提示', '编者按', '导读']);
/** Punctuation that marks a sentence; headings in this layout carry none. */
const SENTENCE_PUNCT = /[。，、；：！？,;:!?]|\.\s|\.$/;
const MAX_HEADING = 32;
const MAX_TITLE = 120;
/** Lines read for bylines, datelines and dates (see metadata-detect.ts). */
const META_LINES = 8;

function isBlank(line: string): boolean {
  return cleanBlockText(line) === '';
}

export function isHeadingLine(line: string): boolean {
  const text = cleanBlockText(line);
  return text.length > 0 && text.length <= MAX_HEADING && !SENTENCE_PUNCT.test(text) && !isBylineLine(text);
}

export function parsePlainText(text: string, fileName = 'text'): ParsedArticle {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let i = 0;
  while (i < lines.length && isBlank(lines[i])) i++;
  if (i >= lines.length) throw new BdError('refused', `${fileName} contains no text to import.`);

  const builder = new TextBuilder();
  const meta: ParsedArticle['meta'] = { title: '' };

  // Byline lines above the title (`《人民日报》（2023年07月10日 第01版）`) stay
  // where they are as paragraphs; they are never the title.
  let leadingBylines = 0;
  while (i < lines.length && (isBlank(lines[i]) || isBylineLine(lines[i]))) {
    if (!isBlank(lines[i]) && builder.add('paragraph', lines[i])) leadingBylines++;
    i++;
  }

  // Head: the lines before the first blank line. The first is the title; a
  // second short line is the subtitle. Long first lines are body text, and the
  // title is then taken from their start.
  const head: string[] = [];
  while (i < lines.length && !isBlank(lines[i]) && head.length < 3) head.push(lines[i++]);
  const firstIsTitle = head.length > 0 && cleanBlockText(head[0]).length <= MAX_TITLE;
  if (firstIsTitle) {
    meta.title = cleanBlockText(head[0]);
    builder.add('title', head[0]);
    if (
      head[1] !== undefined &&
      cleanBlockText(head[1]).length <= MAX_TITLE &&
      !/[。！？]$/.test(cleanBlockText(head[1])) &&
      !isBylineLine(head[1])
    ) {
      meta.subtitle = cleanBlockText(head[1]);
      builder.add('subtitle', head[1]);
      head.splice(0, 2);
    } else head.splice(0, 1);
  }
  // Whatever of the head was not title/subtitle is body.
  const body = [...head, ...lines.slice(i)];

  let inLead = false;
  for (const line of body) {
    if (isBlank(line)) {
      inLead = false;
      continue;
    }
    const clean = cleanBlockText(line);
    if (LEAD_LABELS.has(clean)) {
      builder.add('lead-label', clean);
      inLead = true;
      continue;
    }
    if (inLead) {
      builder.add('lead', clean);
      continue;
    }
    builder.add(isHeadingLine(clean) ? 'heading' : 'paragraph', clean, isHeadingLine(clean) ? 1 : undefined);
  }

  if (!firstIsTitle) {
    const first = builder.blocks[Math.min(leadingBylines, builder.blocks.length - 1)];
    const firstText = builder.text.slice(first.start, first.end);
    meta.title = firstText.slice(0, 40) + (firstText.length > 40 ? '…' : '');
  }
  if (builder.isEmpty) throw new BdError('refused', `${fileName} contains no text to import.`);
  const detected = detectMeta(lines.filter((line) => !isBlank(line)).slice(0, META_LINES));
  for (const [key, value] of Object.entries(detected) as [keyof typeof detected, string][]) {
    if (meta[key] === undefined) meta[key] = value;
  }
  return { text: builder.text, blocks: builder.blocks, meta };
}
