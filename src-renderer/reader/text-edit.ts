/**
 * Turns an edited block into the smallest text replacement: the common start
 * and end of the old and new text are kept, only the part between them is
 * sent to `editArticleText`. A small replacement keeps every highlight
 * outside it on the fast re-anchoring path (position unchanged or shifted),
 * and the highlights around a one-character typo fix stay put.
 */

export interface TextReplacement {
  /** Canonical offsets of the replaced text. */
  start: number;
  end: number;
  text: string;
}

/** Line breaks cannot be part of a block; they become spaces. Edge white space is dropped like the importers do. */
export function normaliseBlockText(text: string): string {
  return text.replace(/\r\n?|\n/g, ' ').replace(/^[\s\u00a0\u3000\ufeff]+|[\s\u00a0\u3000\ufeff]+$/g, '');
}

/**
 * The replacement that turns `oldText` (which starts at canonical `offset`)
 * into `newText`, or null when they are equal. Never splits a UTF-16
 * surrogate pair.
 */
export function minimalReplacement(oldText: string, newText: string, offset: number): TextReplacement | null {
  if (oldText === newText) return null;
  const shorter = Math.min(oldText.length, newText.length);
  let head = 0;
  while (head < shorter && oldText.charCodeAt(head) === newText.charCodeAt(head)) head++;
  // Do not end the common head on a high surrogate.
  if (head > 0 && isHigh(oldText.charCodeAt(head - 1))) head--;
  let tail = 0;
  while (tail < shorter - head && oldText.charCodeAt(oldText.length - 1 - tail) === newText.charCodeAt(newText.length - 1 - tail)) tail++;
  // Do not start the common tail on a low surrogate.
  if (tail > 0 && isLow(oldText.charCodeAt(oldText.length - tail))) tail--;
  return { start: offset + head, end: offset + oldText.length - tail, text: newText.slice(head, newText.length - tail) };
}

function isHigh(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLow(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
