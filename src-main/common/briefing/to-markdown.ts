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
 *   note Markdown
 *   ## 参考来源 / Sources            (modern template)
 *   ---
 *   报：… / 送：… / 发：…
 */
import type { Briefing, TemplateName } from './model';
import { buildOutline, type Outline, type OutlineBlock } from './outline';

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

function blockToMarkdown(block: OutlineBlock): string {
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
      return `## ${escapeMarkdown(block.label)}\n\n${block.markdown}`;
    case 'section-heading':
      return `## ${escapeMarkdown(block.number + block.text)}`;
    case 'highlight': {
      const quote = block.passage
        ? block.passage.split('\n').map((line) => (line ? `> ${line}` : '>')).join('\n')
        : block.paragraphs.map((p) => `> ${escapeMarkdown(p)}`).join('\n>\n');
      const parts = [`${quote}\n>\n> ${escapeMarkdown(block.citation)}`];
      if (block.note) parts.push(block.note);
      return parts.join('\n\n');
    }
    case 'markdown':
      return block.markdown;
    case 'sources':
      return (
        `## ${escapeMarkdown(block.label)}\n\n` +
        block.entries.map((e, i) => `${i + 1}. ${escapeMarkdown(e.text)}${e.url ? ` <${escapeUrl(e.url)}>` : ''}`).join('\n')
      );
    case 'distribution':
      return '---\n\n' + block.lines.map((l) => `${escapeMarkdown(l.label)}：${escapeMarkdown(l.text)}`).join('\\\n');
    default: {
      const never: never = block;
      throw new Error(`Unknown block ${(never as { kind: string }).kind}`);
    }
  }
}

export function outlineToMarkdown(outline: Outline): string {
  return outline.blocks.map(blockToMarkdown).join('\n\n') + '\n';
}

/** The canonical Markdown of a briefing for a template (numbering and lists differ per template). */
export function briefingToMarkdown(b: Briefing, template?: TemplateName): string {
  return outlineToMarkdown(buildOutline(b, template));
}
