/**
 * Briefing → canonical Markdown (CommonMark + GFM), the "md" export and the
 * plain-text reference every other export is checked against.
 *
 * Layout:
 *   # Title
 *   classification, publication / issue, organisation · date (hard line breaks)
 *   ## 要点 / Key points            summary Markdown
 *   ## 一、Section heading          (numbers per template)
 *   > quote paragraph(s)
 *   >
 *   > ——《title》，source，date      citation inside the quote block: they travel together
 *                                  (——同上 when the excerpt before it has the same source)
 *   **按：**note Markdown            label per the briefing's setting (按 / 点评 / 编者按 / none)
 *   ## 参考来源 / Sources            (modern template, or when the briefing asks for it)
 *   ---
 *   报：… / 送：… / 发：…             the 版记, with 共印N份 and the 印发 line
 */
import { Lexer } from 'marked';
import type { Briefing, TemplateName } from './model';
import { buildOutline, labelColon, type Language, type Outline, type OutlineBlock } from './outline';
import { neutraliseMarkdown } from '../sanitize-rules';
import { isSafeLinkUrl } from '../safe-url';

/**
 * Escapes plain text so Markdown shows it literally. Only characters that can
 * start markup are escaped, so Chinese prose stays readable in the file.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]<>|~]/g, (c) => '\\' + c)
    .replace(/&(?=[#a-zA-Z0-9]+;)/g, '&amp;')
    .replace(/^(\s*)([#+=-])(?=\s|$)/gm, '$1\\$2')
    .replace(/^(\s*)([=-]{2,}\s*)$/gm, '$1\\$2')
    .replace(/^(\s*)(\d+)([.)])(?=\s|$)/gm, '$1$2\\$3');
}

function escapeUrl(url: string): string {
  return url.replace(/[<>\s]/g, encodeURIComponent);
}

/**
 * A note with its label in bold at the start of its first paragraph
 * (`**按**：正文` — the colon outside the emphasis, since CommonMark does not
 * close `**` between a punctuation mark and a Chinese character), or on a
 * line of its own when the note starts with a list, heading or other block,
 * so the note's own Markdown keeps its meaning.
 */
export function labelledNoteMarkdown(note: string, label: string, lang: Language): string {
  if (!label) return note;
  const head = `**${escapeMarkdown(label)}**${labelColon(lang)}`;
  const first = new Lexer().lex(note).find((t) => t.type !== 'space');
  return first?.type === 'paragraph' ? head + note : `${head.trimEnd()}\n\n${note}`;
}

function blockToMarkdown(block: OutlineBlock, lang: Language): string {
  switch (block.kind) {
    case 'masthead': {
      const lines: string[] = [];
      if (block.classification) lines.push(`**${escapeMarkdown(block.classification)}**`);
      const series = [block.publicationName, block.issue].filter(Boolean).join(' ');
      if (series) lines.push(escapeMarkdown(series));
      const byline = [block.organisation, block.date].filter(Boolean).join(' · ');
      if (byline) lines.push(escapeMarkdown(byline));
      const head = `# ${escapeMarkdown(block.title)}`;
      return lines.length ? `${head}\n\n${lines.join('\\\n')}` : head;
    }
    case 'summary':
      // User Markdown keeps its formatting, with the rule set's links, images and no raw HTML (common/sanitize-rules.ts).
      return `## ${escapeMarkdown(block.label)}\n\n${neutraliseMarkdown(block.markdown)}`;
    case 'section-heading':
      return `## ${escapeMarkdown(block.number + block.text)}`;
    case 'highlight': {
      const quote = block.passage
        ? neutraliseMarkdown(block.passage)
            .split('\n')
            .map((line) => (line ? `> ${line}` : '>'))
            .join('\n')
        : block.paragraphs.map((p) => `> ${escapeMarkdown(p)}`).join('\n>\n');
      const parts = [`${quote}\n>\n> ${escapeMarkdown(block.citation)}`];
      if (block.note) parts.push(labelledNoteMarkdown(neutraliseMarkdown(block.note), block.noteLabel, lang));
      return parts.join('\n\n');
    }
    case 'markdown':
      return neutraliseMarkdown(block.markdown);
    case 'sources':
      return (
        `## ${escapeMarkdown(block.label)}\n\n` +
        block.entries.map((e, i) => `${i + 1}. ${escapeMarkdown(e.text)}${e.url && isSafeLinkUrl(e.url) ? ` <${escapeUrl(e.url)}>` : ''}`).join('\n')
      );
    case 'distribution': {
      const lines = block.lines.map((l) => `${escapeMarkdown(l.label)}${labelColon(lang)}${escapeMarkdown(l.text)}`);
      if (block.copies) lines.push(escapeMarkdown(block.copies));
      const issued = [block.issuer, block.issued].filter(Boolean).join('　　');
      return '---\n\n' + lines.join('\\\n') + (issued ? `\n\n---\n\n${escapeMarkdown(issued)}` : '');
    }
    default: {
      const never: never = block;
      throw new Error(`Unknown block ${(never as { kind: string }).kind}`);
    }
  }
}

export function outlineToMarkdown(outline: Outline): string {
  return outline.blocks.map((b) => blockToMarkdown(b, outline.language)).join('\n\n') + '\n';
}

/** The canonical Markdown of a briefing for a template (numbering and lists differ per template). */
export function briefingToMarkdown(b: Briefing, template?: TemplateName): string {
  return outlineToMarkdown(buildOutline(b, template));
}
