/**
 * Builds the canonical text of an article block by block, so every importer
 * produces the same shape: blocks separated by one newline, offsets exact.
 */
import type { Block, BlockKind } from './model';

/** Whitespace that should never start or end a block: ASCII, NBSP, ideographic space, BOM. */
const EDGE_SPACE = /^[\s\u00a0\u3000\ufeff]+|[\s\u00a0\u3000\ufeff]+$/g;

export function cleanBlockText(raw: string): string {
  return raw.replace(EDGE_SPACE, '');
}

export class TextBuilder {
  private parts: string[] = [];
  private length = 0;
  readonly blocks: Block[] = [];

  /** Appends a block; empty text (after trimming) is skipped. Returns the block or null. */
  add(kind: BlockKind, raw: string, level?: number): Block | null {
    const text = cleanBlockText(raw);
    if (!text) return null;
    if (this.parts.length > 0) {
      this.parts.push('\n');
      this.length += 1;
    }
    const block: Block = { kind, start: this.length, end: this.length + text.length };
    if (level !== undefined) block.level = level;
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
