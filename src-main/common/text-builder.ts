/**
 * Builds the canonical text of an article block by block, so every importer
 * produces the same shape: blocks separated by one newline, offsets exact,
 * characters normalised (normalize-characters.ts), and inline marks (bold,
 * emphasis, links) as ranges beside the text.
 *
 * Importers write a mark into a block's raw text as a pair of Unicode
 * noncharacters, MARK_OPEN … MARK_CLOSE, and list what each opening stands
 * for in `InlineMark`s (in the order the openings occur). Because the pair
 * travels inside the string, every whitespace rule an importer applies
 * afterwards (collapsing, trimming, joining lines) keeps the mark where it
 * was; `add` takes the pairs out and records their offsets. Noncharacters
 * never occur in interchanged text (Unicode §23.7), and any that arrive are
 * removed.
 */
import type { Block, BlockKind, Mark, MarkKind } from './model';
import { normalizeCharacters } from './normalize-characters';

/** Opens an inline mark in raw block text. */
export const MARK_OPEN = '\ufdd0';
/** Closes the innermost open inline mark. */
export const MARK_CLOSE = '\ufdd1';
const MARK_CHARS = /[\ufdd0-\ufdef]/g;

/** What one MARK_OPEN stands for. */
export interface InlineMark {
  kind: MarkKind;
  href?: string;
}

/** White space that should never start or end a block (`\s` covers NBSP, the ideographic space and the BOM). */
const SPACE = /\s/;

/** Length of the white space at the start of `s` (a loop: an anchored `\s+$` regex is quadratic on long lines). */
function leadingSpace(s: string): number {
  let i = 0;
  while (i < s.length && SPACE.test(s[i])) i++;
  return i;
}

function trailingSpace(s: string): number {
  let i = s.length;
  while (i > 0 && SPACE.test(s[i - 1])) i--;
  return s.length - i;
}

/** `s` without white space at either end. */
export function trimEdges(s: string): string {
  const lead = leadingSpace(s);
  if (lead === s.length) return '';
  const trail = trailingSpace(s);
  return lead === 0 && trail === 0 ? s : s.slice(lead, s.length - trail);
}

/** One block's text: characters normalised, mark signs removed, edge white space trimmed. */
export function cleanBlockText(raw: string): string {
  const text = normalizeCharacters(raw);
  return trimEdges(hasMarkSigns(text) ? text.replace(MARK_CHARS, '') : text);
}

function hasMarkSigns(s: string): boolean {
  return s.indexOf(MARK_OPEN) >= 0 || s.indexOf(MARK_CLOSE) >= 0 || /[\ufdd2-\ufdef]/.test(s);
}

/** Removes mark signs from raw text (for texts read as plain strings, such as titles). */
export function stripMarkSigns(raw: string): string {
  return hasMarkSigns(raw) ? raw.replace(MARK_CHARS, '') : raw;
}

/** Block kinds whose text is set bold or large anyway: bold and italics add nothing there. */
const DISPLAY_KINDS: ReadonlySet<BlockKind> = new Set(['title', 'subtitle', 'heading', 'lead-label']);

/**
 * A block's text without its mark signs, and its marks as offsets into that
 * text (UTF-16 units). Unbalanced signs are dropped; empty marks are dropped;
 * neighbouring marks of the same kind (and link target) are merged.
 */
export function extractMarks(raw: string, inline: readonly InlineMark[] = []): { text: string; marks: Mark[] } {
  if (!hasMarkSigns(raw)) return { text: trimEdges(raw), marks: [] };
  let text = '';
  const marks: Mark[] = [];
  const open: { at: number; mark?: InlineMark }[] = [];
  let opened = 0;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch === MARK_OPEN) {
      open.push({ at: text.length, mark: inline[opened++] });
    } else if (ch === MARK_CLOSE) {
      const o = open.pop();
      if (o?.mark && text.length > o.at) {
        const m: Mark = { kind: o.mark.kind, start: o.at, end: text.length };
        if (o.mark.href) m.href = o.mark.href;
        marks.push(m);
      }
    } else if (ch >= '\ufdd0' && ch <= '\ufdef') {
      // another noncharacter: never text
    } else text += ch;
  }
  // Trim edge white space and move the marks with the text.
  const lead = leadingSpace(text);
  const body = trimEdges(text);
  const kept: Mark[] = [];
  for (const m of marks.sort((a, b) => a.start - b.start || b.end - a.end)) {
    const start = Math.max(0, m.start - lead);
    const end = Math.min(body.length, m.end - lead);
    if (end <= start) continue;
    // Marks hold no edge white space of their own either.
    const inner = body.slice(start, end);
    const s = start + leadingSpace(inner);
    const e = end - trailingSpace(inner);
    if (e <= s) continue;
    const prev = kept.findLast((k) => k.kind === m.kind && k.href === m.href && k.end >= s && k.start <= s);
    if (prev) prev.end = Math.max(prev.end, e);
    else kept.push(m.href ? { kind: m.kind, start: s, end: e, href: m.href } : { kind: m.kind, start: s, end: e });
  }
  return { text: body, marks: kept };
}

export class TextBuilder {
  private parts: string[] = [];
  private length = 0;
  readonly blocks: Block[] = [];
  readonly marks: Mark[] = [];

  /**
   * Appends a block; empty text (after trimming) is skipped. `inline`
   * describes the MARK_OPEN signs in `raw`, in order. Returns the block or null.
   */
  add(kind: BlockKind, raw: string, level?: number, inline?: readonly InlineMark[]): Block | null {
    const { text, marks } = extractMarks(normalizeCharacters(raw), inline);
    if (!text) return null;
    if (this.parts.length > 0) {
      this.parts.push('\n');
      this.length += 1;
    }
    const block: Block = { kind, start: this.length, end: this.length + text.length };
    if (level !== undefined) block.level = level;
    for (const m of marks) {
      if (DISPLAY_KINDS.has(kind) && m.kind !== 'link') continue;
      this.marks.push({ ...m, start: m.start + block.start, end: m.end + block.start });
    }
    this.parts.push(text);
    this.length += text.length;
    this.blocks.push(block);
    return block;
  }

  get text(): string {
    return this.parts.join('');
  }

  get isEmpty(): boolean {
    return this.blocks.length === 0;
  }
}
