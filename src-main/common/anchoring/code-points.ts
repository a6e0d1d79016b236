/**
 * Offsets in code points (what the W3C Web Annotation Data Model counts in a
 * TextPositionSelector: "the position of the character", i.e. Unicode code
 * points) and in UTF-16 code units (JavaScript string indices, what the app
 * uses inside). They differ after every character outside the Basic
 * Multilingual Plane — rare CJK characters such as 𠮷, emoji such as 😀 —
 * each of which is one code point and two UTF-16 units.
 *
 * Every public boundary (exports, imports, the CLI's W3C selectors) speaks
 * code points; everything inside speaks UTF-16. Convert with `OffsetConverter`.
 */

/** Converts offsets of one text between UTF-16 code units and code points. */
export class OffsetConverter {
  /** UTF-16 offsets of the high surrogate of every astral character, ascending. */
  private readonly astral: number[] = [];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          this.astral.push(i);
          i++;
        }
      }
    }
  }

  /** Length of the text in code points. */
  get codePointLength(): number {
    return this.text.length - this.astral.length;
  }

  /** Astral characters that start before UTF-16 offset `utf16`. */
  private pairsBefore(utf16: number): number {
    let lo = 0;
    let hi = this.astral.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.astral[mid] < utf16) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * The code-point offset of UTF-16 offset `utf16` (0 ≤ utf16 ≤ text.length).
   * An offset inside a surrogate pair counts as the start of that character.
   */
  toCodePoints(utf16: number): number {
    const full = this.pairsBefore(utf16 - 1); // pairs ending at or before utf16
    const inside = this.pairsBefore(utf16) > full; // a pair starts at utf16 - 1
    return (inside ? utf16 - 1 : utf16) - full;
  }

  /** The UTF-16 offset of code-point offset `cp`, or null when it lies beyond the text. */
  toUtf16(cp: number): number | null {
    if (!Number.isInteger(cp) || cp < 0 || cp > this.codePointLength) return null;
    // Every astral character before the target adds one unit: find how many by bisection on the result.
    let lo = 0;
    let hi = this.astral.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      // Code-point offset of the mid-th astral character.
      if (this.astral[mid] - mid < cp) lo = mid + 1;
      else hi = mid;
    }
    return cp + lo;
  }
}
