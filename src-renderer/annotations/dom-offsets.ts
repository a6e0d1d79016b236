/**
 * DOM selection ↔ canonical text offsets. Every block element of the reader
 * carries its range of `article.text` in `data-start`/`data-end`, and holds
 * exactly that text (split into several text nodes by highlight marks). So a
 * DOM point maps to `block.start + the lengths of the block's text nodes
 * before it + the offset inside its own text node`. Blocks are separated by a
 * single "\n" in the canonical text that is never drawn; a point between
 * blocks snaps to the nearer block edge in the direction of the range.
 *
 * Elements marked `data-offset-skip` (none today) are not article text and
 * are left out of the count.
 */

export interface TextRange {
  start: number;
  end: number;
}

const BLOCK_SELECTOR = '[data-start][data-end]';

function blockOf(node: Node, root: Element): HTMLElement | null {
  const el = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
  const block = el?.closest<HTMLElement>(BLOCK_SELECTOR) ?? null;
  return block && root.contains(block) ? block : null;
}

function blockRange(block: Element): TextRange {
  return { start: Number(block.getAttribute('data-start')), end: Number(block.getAttribute('data-end')) };
}

/** The article text nodes of a block, in document order. */
export function textNodesOf(block: Element): Text[] {
  const doc = block.ownerDocument;
  const walker = doc.createTreeWalker(block, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => {
      const skip = node.parentElement?.closest('[data-offset-skip]');
      return skip && block.contains(skip) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
    },
  });
  const out: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) out.push(n as Text);
  return out;
}

/** The offset inside `block`'s own text (0…length) of a DOM point inside it. */
function offsetInBlock(block: Element, node: Node, offset: number): number {
  const { start, end } = blockRange(block);
  const length = end - start;
  const probe = block.ownerDocument.createRange();
  let sum = 0;
  for (const text of textNodesOf(block)) {
    if (text === node) return Math.min(length, sum + Math.min(offset, text.length));
    // Any other point lies wholly before or wholly after each text node.
    probe.setStart(text, text.length);
    probe.collapse(true);
    if (probe.comparePoint(node, offset) < 0) break;
    sum += text.length;
  }
  return Math.min(length, sum);
}

/**
 * The canonical offset of a DOM point within `root` (the article element).
 * `edge` says which way a point between blocks snaps: 'start' to the next
 * block's start, 'end' to the previous block's end. Null if the point is not
 * inside `root`.
 */
export function pointToOffset(root: Element, node: Node, offset: number, edge: 'start' | 'end'): number | null {
  const block = blockOf(node, root);
  if (block) return blockRange(block).start + offsetInBlock(block, node, offset);
  if (node !== root && !root.contains(node)) return null;
  // Between blocks (e.g. in the lead box or the article element itself).
  const blocks = [...root.querySelectorAll<HTMLElement>(BLOCK_SELECTOR)];
  if (blocks.length === 0) return null;
  const doc = root.ownerDocument;
  // The first block that starts at or after the point.
  const probe = doc.createRange();
  const after = blocks.findIndex((b) => {
    probe.setStartBefore(b);
    probe.collapse(true);
    return probe.comparePoint(node, offset) <= 0;
  });
  if (edge === 'start') return after === -1 ? blockRange(blocks[blocks.length - 1]).end : blockRange(blocks[after]).start;
  const before = after === -1 ? blocks.length - 1 : after - 1;
  return before < 0 ? blockRange(blocks[0]).start : blockRange(blocks[before]).end;
}

/**
 * Maps a DOM range to canonical offsets, clipped to `root`. A range that
 * starts before the article (e.g. in the metadata line) starts at the first
 * block; one that ends after it ends at the last block. Null when the range
 * does not reach into the article or covers no text.
 */
export function rangeToOffsets(root: Element, range: Range): TextRange | null {
  if (range.collapsed) return null;
  const doc = root.ownerDocument;
  const whole = doc.createRange();
  whole.selectNodeContents(root);
  // START_TO_END compares this range's end with the other's start; END_TO_START this start with the other's end.
  if (range.compareBoundaryPoints(Range.START_TO_END, whole) <= 0 || range.compareBoundaryPoints(Range.END_TO_START, whole) >= 0) {
    return null;
  }
  const startsBefore = range.compareBoundaryPoints(Range.START_TO_START, whole) < 0;
  const endsAfter = range.compareBoundaryPoints(Range.END_TO_END, whole) > 0;
  const start = startsBefore ? pointToOffset(root, root, 0, 'start') : pointToOffset(root, range.startContainer, range.startOffset, 'start');
  const end = endsAfter ? pointToOffset(root, root, root.childNodes.length, 'end') : pointToOffset(root, range.endContainer, range.endOffset, 'end');
  if (start === null || end === null || end <= start) return null;
  return { start, end };
}

/** Narrows a range so it neither starts nor ends with white space (incl. ideographic space and the "\n" between blocks). */
export function trimRange(text: string, range: TextRange): TextRange | null {
  let { start, end } = range;
  while (start < end && /[\s\u3000\u00a0\ufeff]/.test(text[start])) start++;
  while (end > start && /[\s\u3000\u00a0\ufeff]/.test(text[end - 1])) end--;
  return end > start ? { start, end } : null;
}

/** The current selection of `win` as canonical offsets inside `root`, trimmed; null if none. */
export function selectionOffsets(root: Element, text: string, win: Window = window): TextRange | null {
  const selection = win.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const raw = rangeToOffsets(root, selection.getRangeAt(0));
  return raw ? trimRange(text, raw) : null;
}
