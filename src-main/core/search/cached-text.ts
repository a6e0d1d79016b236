/**
 * An article text held in the search's read cache the way searching uses it:
 * normalised (NFKC + lowercase, what the phrase check and the match finder
 * read), plus the few code units normalisation changed, so the original can be
 * rebuilt in the short windows a snippet shows (`SnippetSource`).
 *
 * Why not keep the original and normalise on use: normalising a 10,000-
 * character article takes ~40 µs, a third of a warm search's time for a page
 * of 20 hits. Why not keep both: twice the memory, so half as many articles in
 * the same cache. In Chinese news text normalisation changes ~5% of the units
 * (full-width punctuation, the ideographic space, Latin capitals), so the
 * patches cost ~0.3 bytes per character beside the 2 of the normalised text.
 * When normalisation changed the length (rare: ㎡ → m2, combining marks) or
 * most of the text (English in capitals), the original is kept whole.
 */
import { normalizeWithMap, type NormalizedText } from '../../common/search/tokenize';
import type { SnippetSource } from '../../common/search/snippet';

export class CachedText implements SnippetSource {
  private constructor(
    readonly norm: NormalizedText,
    /** The original, when it is kept whole. */
    private readonly original: string | null,
    /** Offsets where the original differs from `norm.text`, ascending… */
    private readonly at: Uint32Array,
    /** …and the original's code units there. */
    private readonly was: Uint16Array,
  ) {}

  static of(text: string): CachedText {
    const norm = normalizeWithMap(text);
    const empty = new Uint32Array(0);
    if (norm.map) return new CachedText(norm, text, empty, new Uint16Array(0));
    const n = norm.text;
    let count = 0;
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) !== n.charCodeAt(i)) count++;
    // A patch costs 3 units (u32 + u16); past a third of the text, the original itself is cheaper.
    if (count * 3 > text.length) return new CachedText(norm, text, empty, new Uint16Array(0));
    const at = new Uint32Array(count);
    const was = new Uint16Array(count);
    for (let i = 0, k = 0; k < count; i++) {
      const c = text.charCodeAt(i);
      if (c === n.charCodeAt(i)) continue;
      at[k] = i;
      was[k++] = c;
    }
    return new CachedText(norm, null, at, was);
  }

  get length(): number {
    return this.original?.length ?? this.norm.text.length;
  }

  /** Memory held, in UTF-16 units (2 bytes). */
  get units(): number {
    return this.norm.text.length + (this.original?.length ?? 0) + (this.norm.map?.length ?? 0) * 2 + this.at.length * 3;
  }

  /** Offsets and lengths clamped like `String.prototype.slice` for non-negative arguments. */
  slice(start: number, end: number = this.length): string {
    if (this.original !== null) return this.original.slice(start, end);
    const text = this.norm.text;
    const from = Math.max(0, Math.min(start, text.length));
    const to = Math.max(from, Math.min(end, text.length));
    // First patch at or after `from`.
    let lo = 0;
    let hi = this.at.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.at[mid] < from) lo = mid + 1;
      else hi = mid;
    }
    if (lo === this.at.length || this.at[lo] >= to) return text.slice(from, to);
    let out = '';
    let p = from;
    for (let k = lo; k < this.at.length && this.at[k] < to; k++) {
      out += text.slice(p, this.at[k]) + String.fromCharCode(this.was[k]);
      p = this.at[k] + 1;
    }
    return out + text.slice(p, to);
  }

  charAt(index: number): string {
    return index < 0 || index >= this.length ? '' : this.slice(index, index + 1);
  }

  /** The whole original text. */
  toString(): string {
    return this.slice(0, this.length);
  }
}
