/**
 * Inline marks (bold, emphasis, links) beside the canonical text — see
 * `Mark` in model.ts: grouping them by block for the reader, moving them
 * with an edit, and writing a passage with its marks as Markdown for
 * exports. Pure; offsets are UTF-16 code units.
 */
import type { Article, Block, Mark } from './model';
import { splitTableText } from './table-text';

/** The marks of each block (same order as `blocks`), in one pass over both sorted lists. */
export function marksByBlock(blocks: readonly Block[], marks: readonly Mark[] | undefined): Mark[][] {
  const out: Mark[][] = blocks.map(() => []);
  if (!marks?.length) return out;
  let b = 0;
  for (const m of marks) {
    while (b < blocks.length && blocks[b].end <= m.start) b++;
    if (b >= blocks.length) break;
    if (m.start >= blocks[b].start && m.end <= blocks[b].end) out[b].push(m);
  }
  return out;
}

/** The marks overlapping [start, end), clipped to it. */
export function marksWithin(marks: readonly Mark[], start: number, end: number): Mark[] {
  const out: Mark[] = [];
  for (const m of marks) {
    if (m.end <= start || m.start >= end) continue;
    out.push({ ...m, start: Math.max(start, m.start), end: Math.min(end, m.end) });
  }
  return out;
}

/**
 * Moves marks across one replaced range [start, end) that became
 * `insertedLength` units long: marks after it shift, marks around it stretch
 * or shrink, marks wholly inside it disappear.
 */
export function shiftMarks(marks: readonly Mark[] | undefined, start: number, end: number, insertedLength: number): Mark[] {
  const delta = insertedLength - (end - start);
  const map = (offset: number, isEnd: boolean) => {
    if (offset < start || (offset === start && !isEnd)) return offset;
    if (offset >= end) return offset + delta;
    return isEnd ? start + insertedLength : start;
  };
  return (marks ?? []).map((m) => ({ ...m, start: map(m.start, false), end: map(m.end, true) })).filter((m) => m.end > m.start);
}

/** Backslash-escapes what Markdown would read as markup. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/([\\`*_[\]<>#|~])/g, '\\$1')
    .replace(/^(\s*)(\d+)([.)])(\s)/, '$1$2\\$3$4')
    .replace(/^(\s*)([-+])(\s)/, '$1\\$2$3');
}

/** `text` (starting at canonical `offset`) with its marks written as Markdown. */
export function markedMarkdown(text: string, offset: number, marks: readonly Mark[]): string {
  if (!marks.length) return escapeMarkdown(text);
  const cuts = new Set<number>([0, text.length]);
  for (const m of marks) {
    cuts.add(Math.max(0, m.start - offset));
    cuts.add(Math.min(text.length, m.end - offset));
  }
  const points = [...cuts].sort((a, b) => a - b);
  let out = '';
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    let piece = escapeMarkdown(text.slice(a, b));
    if (!piece.trim()) {
      out += piece;
      continue;
    }
    const active = marks.filter((m) => m.start - offset <= a && m.end - offset >= b);
    if (active.some((m) => m.kind === 'emphasis')) piece = `*${piece}*`;
    if (active.some((m) => m.kind === 'strong')) piece = `**${piece}**`;
    const link = active.find((m) => m.kind === 'link' && m.href);
    // The target in angle brackets: what could end or break it (<, >, white space) is percent-encoded.
    if (link) piece = `[${piece}](<${link.href!.replace(/[<>\s]/g, encodeURIComponent)}>)`;
    out += piece;
  }
  return out;
}

/**
 * A passage of an article — canonical range [start, end) — as Markdown with
 * its structure: a table the passage covers as a GFM table, list items as
 * list lines (their numbers kept as text), headings as bold lines, marks as
 * `**`, `*` and links. Returns undefined when the passage has no structure
 * beyond paragraphs, so plain quotes stay plain.
 */
export function passageMarkdown(article: Pick<Article, 'text' | 'blocks' | 'marks'>, start: number, end: number): string | undefined {
  const blocks = article.blocks.filter((b) => b.end > start && b.start < end);
  const marks = marksWithin(article.marks ?? [], start, end);
  const structured = marks.length > 0 || blocks.some((b) => b.kind === 'table' || b.kind === 'list-item');
  if (!structured) return undefined;
  const parts: string[] = [];
  for (const b of blocks) {
    const from = Math.max(start, b.start);
    const to = Math.min(end, b.end);
    const text = article.text.slice(from, to);
    const inline = markedMarkdown(text, from, marksWithin(marks, from, to));
    switch (b.kind) {
      case 'table': {
        if (from !== b.start || to !== b.end) {
          parts.push(escapeMarkdown(text.replace(/\t/g, ' ').replace(/ \| /g, '；')));
          break;
        }
        const rows = splitTableText(text);
        const width = Math.max(...rows.map((r) => r.length));
        const line = (cells: string[]) => `| ${Array.from({ length: width }, (_, k) => escapeMarkdown(cells[k] ?? '')).join(' | ')} |`;
        parts.push([line(rows[0]), `| ${Array.from({ length: width }, () => '---').join(' | ')} |`, ...rows.slice(1).map(line)].join('\n'));
        break;
      }
      case 'list-item':
        parts.push(`- ${inline}`);
        break;
      case 'heading':
      case 'title':
      case 'subtitle':
      case 'lead-label':
        parts.push(`**${inline}**`);
        break;
      default:
        parts.push(inline);
    }
  }
  // Consecutive list items form one list; everything else is separated by blank lines.
  let out = '';
  parts.forEach((p, k) => {
    if (k > 0) out += p.startsWith('- ') && parts[k - 1].startsWith('- ') ? '\n' : '\n\n';
    out += p;
  });
  return out;
}
