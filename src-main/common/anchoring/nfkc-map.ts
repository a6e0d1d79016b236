/**
 * A text in Unicode NFKC (UAX #15 compatibility composition) with the map
 * back to the original: full-width Latin letters, digits and punctuation
 * (５０００, ＡＩ, ，), half-width katakana (ｶﾞ), compatibility ideographs,
 * the ideographic space and the like become their ordinary forms, so a quote
 * written one way is found in a text written the other, and the match is
 * reported in the original text's offsets.
 *
 * Normalised piecewise: each code point together with the combining marks
 * (and half-width sound marks U+FF9E/U+FF9F) after it is one piece, so every
 * normalised unit maps to one original piece. This equals NFKC of the whole
 * text except across pieces that compose without a mark (conjoining Hangul
 * jamo), which are then left as they are. All offsets are UTF-16 units.
 */

export interface NormalizedText {
  /** The NFKC text. */
  text: string;
  /** Original offset where normalised unit `i` comes from (`i` = length → the original length). */
  toOriginalStart(i: number): number;
  /** Original offset just after normalised unit `i - 1` (the end of a range ending at `i`). */
  toOriginalEnd(i: number): number;
  /** Normalised offset of original offset `i` (inside a piece: the piece's start). */
  fromOriginal(i: number): number;
}

const PIECE = /[\s\S](?:[\p{M}\uFF9E\uFF9F])*/gu;

let cache: { source: string; normalized: NormalizedText } | null = null;

/** True when NFKC leaves `s` as it is. */
export function isNfkc(s: string): boolean {
  return s.normalize('NFKC') === s;
}

/** `text` in NFKC with its offset maps (the last text is cached: anchoring many highlights in one text normalises it once). */
export function normalizeWithMap(source: string): NormalizedText {
  if (cache?.source === source) return cache.normalized;
  const parts: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const fromOrig = new Int32Array(source.length + 1);
  let length = 0;
  for (const m of source.matchAll(PIECE)) {
    const piece = m[0];
    const at = m.index;
    const n = piece.normalize('NFKC');
    for (let k = 0; k < piece.length; k++) fromOrig[at + k] = length;
    parts.push(n);
    for (let k = 0; k < n.length; k++) {
      starts.push(at);
      ends.push(at + piece.length);
    }
    length += n.length;
  }
  fromOrig[source.length] = length;
  const normalized: NormalizedText = {
    text: parts.join(''),
    toOriginalStart: (i) => (i >= starts.length ? source.length : starts[Math.max(0, i)]),
    toOriginalEnd: (i) => (i <= 0 ? 0 : ends[Math.min(ends.length, i) - 1]),
    fromOriginal: (i) => fromOrig[Math.max(0, Math.min(source.length, i))],
  };
  cache = { source, normalized };
  return normalized;
}
