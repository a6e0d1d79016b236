/**
 * Finds where a parsed query occurs in an article's text, picks the best
 * occurrence, and cuts a short snippet around it with the matches marked.
 *
 * Snippet format (`Snippet`): a plain excerpt of the article text plus mark
 * ranges relative to it — no markup inside the text, so the renderer can wrap
 * marks in <mark> without escaping games and a CLI can print it with
 * `snippetToMarkedString` (`…目前我国超算、智算、云算协同发力，[算力]规模位居全球第二…`).
 * `start`/`end` place the excerpt in the article text, so every mark maps to
 * an exact range the reader can scroll to.
 *
 * "Best" occurrence: one that lines up with word boundaries (Intl.Segmenter:
 * `算力` in 算力规模 rather than in 打算力求), has the other query parts nearby,
 * and is in the body rather than the title line. Snippet edges snap to sentence
 * breaks, else to word boundaries, so a snippet never starts mid-word.
 *
 * Pure: no Node, no DOM.
 */
import { normalizeWithMap, partRegExp, toOriginalOffset, type NormalizedText, type QueryPart } from './tokenize';

export interface Snippet {
  /** Excerpt of the article text; line breaks and tabs shown as spaces (same length, so offsets hold). */
  text: string;
  /** Offsets of the excerpt in the article text (UTF-16 code units). */
  start: number;
  end: number;
  /** Matched ranges `[start, end)` relative to `text`, sorted, not overlapping. */
  marks: Array<[number, number]>;
  /** Text was left out before `start` / after `end`: show an ellipsis. */
  truncatedStart: boolean;
  truncatedEnd: boolean;
}

/**
 * The article text as the snippet functions read it: a string, or anything
 * that hands out pieces of one. They only look at short windows around the
 * matches, so a cache may keep the text in another form (the search index
 * keeps the normalised text plus the characters that differ) and rebuild
 * just those windows.
 */
export interface SnippetSource {
  readonly length: number;
  slice(start: number, end: number): string;
  charAt(index: number): string;
}

/** One occurrence of query part `part`, in article-text offsets. */
export interface Occurrence {
  start: number;
  end: number;
  part: number;
}

export interface SnippetOptions {
  /** Target length in characters (default 100; sensible 60–200). */
  length?: number;
  /** Ranges to use only when nothing else matches (the title and subtitle lines, which the UI shows anyway). */
  avoid?: Array<[number, number]>;
}

export const DEFAULT_SNIPPET_LENGTH = 100;
/** Occurrences collected per query part; enough to choose a good one in long texts. */
const MAX_OCCURRENCES_PER_PART = 200;
/**
 * Occurrences whose word alignment is checked with Intl.Segmenter (front
 * runners first). Each check segments a ~30-character window (~4 µs); when
 * the query is not a word at all (a fragment like 藏铁 cut across two words)
 * no occurrence is aligned and every check is spent, so this bounds the
 * snippet's cost per hit (a page of 20 hits × 24 checks was ~2 ms). Measured
 * on the benchmark library (1,020 hits of 60 queries): 4 checks pick the same
 * occurrence as 24 (the earlier setting) for every word query, and differ
 * only for fragments, where no choice is aligned anyway.
 */
const MAX_ALIGNMENT_CHECKS = 4;
const SENTENCE_END = /[。！？!?；;…]/;
const CLOSERS = /[”’」』）)》"']/;

let segmenter: Intl.Segmenter | undefined;
function wordSegmenter(): Intl.Segmenter {
  segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
  return segmenter;
}

/** True when `start` and `end` fall on word boundaries of `text` (Intl.Segmenter, zh). */
export function isWordAligned(text: SnippetSource, start: number, end: number): boolean {
  const from = Math.max(0, start - 12);
  const to = Math.min(text.length, end + 12);
  const segments = wordSegmenter().segment(text.slice(from, to));
  const atBoundary = (p: number): boolean => p === from || p === to || segments.containing(p - from)?.index === p - from;
  return atBoundary(start) && atBoundary(end);
}

/** Every occurrence of every part in `text` (sorted by position). */
export function findOccurrences(text: string, parts: QueryPart[], norm: NormalizedText = normalizeWithMap(text)): Occurrence[] {
  const out: Occurrence[] = [];
  parts.forEach((part, i) => {
    const re = partRegExp(part);
    let count = 0;
    for (const m of norm.text.matchAll(re)) {
      if (m[0].length === 0) continue;
      out.push({ start: toOriginalOffset(norm, m.index), end: toOriginalOffset(norm, m.index + m[0].length), part: i });
      if (++count >= MAX_OCCURRENCES_PER_PART) break;
    }
  });
  return out.sort((a, b) => a.start - b.start || b.end - a.end);
}

function bitCount(n: number): number {
  let c = 0;
  for (let x = n >>> 0; x; x &= x - 1) c++;
  return c;
}

function inRanges(o: Occurrence, ranges: Array<[number, number]> | undefined): boolean {
  return !!ranges?.some(([s, e]) => o.start >= s && o.end <= e);
}

/** The occurrence to centre the snippet on (and to scroll to), or null when there is none. */
export function chooseBestOccurrence(text: SnippetSource, occurrences: Occurrence[], options: SnippetOptions = {}): Occurrence | null {
  if (!occurrences.length) return null;
  const reach = options.length ?? DEFAULT_SNIPPET_LENGTH;
  // Cheap score first: other parts nearby, not in the title line, earlier is better.
  // "Nearby" is within a third of the snippet length, so the neighbours land in the snippet too.
  const near = reach / 3;
  const multiPart = occurrences.some((o) => o.part !== occurrences[0].part);
  const scored = occurrences.map((o, i) => {
    // Other parts within reach, as a bit set (a query has a handful of parts); none with one part.
    let nearby = 0;
    if (multiPart) {
      for (let j = i - 1; j >= 0 && o.start - occurrences[j].end <= near; j--) nearby |= 1 << (occurrences[j].part & 31);
      for (let j = i + 1; j < occurrences.length && occurrences[j].start - o.end <= near; j++) nearby |= 1 << (occurrences[j].part & 31);
      nearby &= ~(1 << (o.part & 31));
    }
    const body = inRanges(o, options.avoid) ? 0 : 3;
    return { o, score: body + bitCount(nearby) };
  });
  const ranked = scored.sort((a, b) => b.score - a.score || a.o.start - b.o.start);
  // Word alignment (+2) outweighs position but costs a segmenter call: check
  // the front runners, until no later one could still overtake the best.
  let best = ranked[0];
  let bestScore = -Infinity;
  for (const s of ranked.slice(0, MAX_ALIGNMENT_CHECKS)) {
    if (s.score + 2 <= bestScore) break;
    const score = s.score + (isWordAligned(text, s.o.start, s.o.end) ? 2 : 0);
    if (score > bestScore || (score === bestScore && s.o.start < best.o.start)) {
      best = s;
      bestScore = score;
    }
  }
  return best.o;
}

function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && /[\s\u00a0\u3000]/.test(ch);
}

/** Nearest word boundary to `p` within [lo, hi] (Intl.Segmenter), else `p`. */
function snapToWord(text: SnippetSource, p: number, lo: number, hi: number): number {
  const from = Math.max(0, lo - 1);
  const to = Math.min(text.length, hi + 1);
  if (to <= from) return p;
  const segments = wordSegmenter().segment(text.slice(from, to));
  // The nearest boundaries are the ends of the word containing p (one
  // `containing` call, where walking every segment of the window costs twice
  // as much); word starts are the boundaries, the window's own edges are not.
  const word = p < to ? segments.containing(p - from) : undefined;
  if (word) {
    const before = from + word.index;
    const after = before + word.segment.length;
    const okBefore = before >= lo && before <= hi && before !== from;
    const okAfter = after >= lo && after <= hi && after < to;
    if (okBefore && okAfter) return p - before <= after - p ? before : after;
    return okBefore ? before : okAfter ? after : p;
  }
  let best = p;
  let bestDistance = Infinity;
  for (const s of segments) {
    const b = from + s.index;
    if (b < lo || b > hi || b === from) continue;
    const d = Math.abs(b - p);
    if (d < bestDistance) {
      best = b;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * Cuts a snippet of about `length` characters around `best` and marks every
 * occurrence inside it. With no `best`, the snippet is the start of the body.
 */
export function makeSnippet(text: SnippetSource, occurrences: Occurrence[], best: Occurrence | null, options: SnippetOptions = {}): Snippet {
  const length = Math.max(20, options.length ?? DEFAULT_SNIPPET_LENGTH);
  let start: number;
  let end: number;
  if (!best) {
    start = Math.max(0, ...(options.avoid ?? []).map(([, e]) => e));
    end = Math.min(text.length, start + length);
  } else if (best.end - best.start >= length) {
    start = best.start;
    end = best.end;
  } else {
    const room = length - (best.end - best.start);
    // A third of the room before the match, the rest after it.
    start = Math.max(0, best.start - Math.floor(room / 3));
    const sentence = lastSentenceBreak(text, best.start, Math.max(0, start - 20));
    if (sentence >= 0) start = sentence;
    else if (start > 0) start = snapToWord(text, start, Math.max(0, start - 6), Math.min(best.start, start + 6));
    end = Math.min(text.length, start + length);
    if (end < best.end) end = best.end;
  }
  while (start < (best?.start ?? text.length) && isSpace(text.charAt(start))) start++;
  if (end < text.length) {
    const stop = best ? best.end : start;
    const sentenceEnd = nextSentenceEnd(text, Math.max(stop, end - 25), Math.min(text.length, end + 8));
    if (sentenceEnd > 0) end = sentenceEnd;
    else end = snapToWord(text, end, Math.max(stop, end - 6), Math.min(text.length, end + 6));
  }
  while (end > start && isSpace(text.charAt(end - 1))) end--;

  const marks: Array<[number, number]> = [];
  for (const o of occurrences) {
    if (o.end <= start || o.start >= end) continue;
    const s = Math.max(o.start, start) - start;
    const e = Math.min(o.end, end) - start;
    const last = marks[marks.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else marks.push([s, e]);
  }
  return {
    text: text.slice(start, end).replace(/[\n\r\t]/g, ' '),
    start,
    end,
    marks,
    truncatedStart: start > 0,
    truncatedEnd: end < text.length,
  };
}

/** Start of the sentence or line containing `p`, if it begins at or after `limit`; else -1. */
function lastSentenceBreak(text: SnippetSource, p: number, limit: number): number {
  for (let i = p - 1; i >= limit; i--) {
    if (text.charAt(i) === '\n' || SENTENCE_END.test(text.charAt(i))) return i + 1;
  }
  return limit === 0 ? 0 : -1;
}

/** End (exclusive) of the first sentence or line ending in [from, to), else -1. */
function nextSentenceEnd(text: SnippetSource, from: number, to: number): number {
  let found = -1;
  for (let i = from; i < to; i++) {
    if (text.charAt(i) === '\n') return found > 0 ? found : i;
    if (!SENTENCE_END.test(text.charAt(i))) continue;
    // Keep closing quotes and brackets with their sentence: 。”
    let j = i + 1;
    while (j < text.length && CLOSERS.test(text.charAt(j))) j++;
    found = j;
  }
  return found;
}

/** Occurrences, best occurrence and snippet in one call. */
export function buildSnippet(
  text: SnippetSource,
  parts: QueryPart[],
  options: SnippetOptions & { norm?: NormalizedText } = {},
): { snippet: Snippet; best: Occurrence | null } {
  const norm = options.norm ?? normalizeWithMap(typeof text === 'string' ? text : text.slice(0, text.length));
  const occurrences = parts.length ? findOccurrences(norm.text, parts, norm) : [];
  const best = chooseBestOccurrence(text, occurrences, options);
  return { snippet: makeSnippet(text, occurrences, best, options), best };
}

/**
 * The snippet as one string with marks wrapped in `open`/`close` and an
 * ellipsis where text was left out — for the CLI and logs.
 */
export function snippetToMarkedString(snippet: Snippet, open = '[', close = ']', ellipsis = '…'): string {
  let out = snippet.truncatedStart ? ellipsis : '';
  let at = 0;
  for (const [s, e] of snippet.marks) {
    out += snippet.text.slice(at, s) + open + snippet.text.slice(s, e) + close;
    at = e;
  }
  out += snippet.text.slice(at);
  return out + (snippet.truncatedEnd ? ellipsis : '');
}
