/**
 * The search tokenizer shared by the index (core) and the query side, built for
 * Chinese and mixed Chinese/English text.
 *
 * Text is NFKC-normalised and lowercased (full-width ＷＡＩＣ → waic, ２８８ → 288),
 * then split into runs:
 *  - CJK runs (Han, kana, Hangul) become overlapping character bigrams, so a
 *    word is found wherever it occurs, including inside longer words
 *    (`算力` in `算力底座`). Word segmentation cannot promise that: ICU splits
 *    `算力底座` into 算|力|底座 and `徐晓兰` into 徐|晓|兰, and the split of a
 *    string depends on its neighbours, so segmenting the query and the text
 *    separately would miss matches. The index also emits the last character of
 *    each run as a one-character token; with it every character of a text is the
 *    first character of exactly one token, so a one-character query is a
 *    prefix search that finds every occurrence.
 *  - Latin, Cyrillic, digits etc. become whole lowercase words. Numbers keep
 *    their decimal point (`17.7`, `4.4`); thousands separators are dropped
 *    (`1,400` → `1400`) so both spellings find each other.
 *
 * A query is split on whitespace (or kept together inside "quotes") into parts;
 * the parts are ANDed. A part that yields more than one token (`徐晓兰` → 徐晓 晓兰,
 * `288亿元` → 288 亿元) must also occur as written in the article: the index
 * finds candidates, and `QueryPart.pattern` confirms the phrase in the text. So
 * a query never matches a different word that merely shares characters (`默想`
 * is the bigram 默想, which a text with only `默认` does not contain).
 *
 * Intl.Segmenter is used where word boundaries help and a miss costs nothing:
 * choosing the best occurrence for a snippet and snapping snippet edges (see
 * `snippet.ts`). It is not used for indexing: it is ~1 µs per character
 * (10 s per thousand 10k-character articles) and, as above, not stable enough
 * to match on.
 *
 * Pure: no Node, no DOM.
 */

import { BRACKET_CLOSERS, BRACKET_OPENERS, CLOSER_CLASS, OPENER_CLASS, ORDINAL_AFTER_BRACKET } from './doc-number';

/** Bump when the tokens for a given text change; persisted indexes of another version are rebuilt. */
export const TOKENIZER_VERSION = 1;

/** Scripts written without spaces between words, indexed as character bigrams. */
const CJK_CLASS = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}\\u3005\\u3007\\u30fc';
/** Letters, digits and marks that are not CJK: the characters of a space-separated word. */
const WORD_CLASS = `[[\\p{L}\\p{N}\\p{M}]--[${CJK_CLASS}]]`;

// Alternatives, tried in order: a CJK run; a number with thousands separators;
// a number with a decimal part (or a dotted date); any other word.
const TOKEN_RE_SOURCE =
  `([${CJK_CLASS}]+)` +
  `|(\\p{Nd}{1,3}(?:,\\p{Nd}{3})+(?:\\.\\p{Nd}+)?(?!${WORD_CLASS}))` +
  `|(\\p{Nd}+(?:\\.\\p{Nd}+)+(?!${WORD_CLASS}))` +
  `|(${WORD_CLASS}+)`;
// The `v` flag (set subtraction) is ES2024; Node 20 and Chromium support it.
const TOKEN_RE = new RegExp(TOKEN_RE_SOURCE, 'gv');
const CJK_CHAR_RE = new RegExp(`[${CJK_CLASS}]`, 'v');
const WORD_CHAR_RE = new RegExp(WORD_CLASS, 'v');
const SURROGATE_RE = /[\uD800-\uDFFF]/;

/** Longer words (URLs, hashes, base64) are cut: nobody types them as queries. */
const MAX_WORD = 40;

export function isCjkChar(ch: string): boolean {
  return CJK_CHAR_RE.test(ch);
}

export function isWordChar(ch: string): boolean {
  return WORD_CHAR_RE.test(ch);
}

/** NFKC + lowercase: the form in which text is tokenised and matched. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** Normalised text plus, when normalisation changed the length, where each of its characters came from. */
export interface NormalizedText {
  text: string;
  /**
   * `map[i]` is the offset in the original text of normalised character `i`
   * (length `text.length + 1`). Absent when the normalised text has the same
   * length as the original, in which case offsets are taken as equal — true
   * unless one expansion (㎡ → m2) and one composition (e + ◌́ → é) happen to
   * cancel out in the same text, where a highlight may be off by a character.
   */
  map?: Uint32Array;
}

const CLUSTER_RE = /\P{M}\p{M}*|\p{M}+/gu;

export function normalizeWithMap(original: string): NormalizedText {
  const fast = normalizeText(original);
  if (fast.length === original.length) return { text: fast };
  // Slow path: normalise base character + combining marks one cluster at a
  // time (composition never crosses a base character in practice), recording
  // where each output character came from.
  const parts: string[] = [];
  const offsets: number[] = [];
  for (const m of original.matchAll(CLUSTER_RE)) {
    const out = normalizeText(m[0]);
    parts.push(out);
    for (let k = 0; k < out.length; k++) offsets.push(m.index);
  }
  const text = parts.join('');
  const map = new Uint32Array(text.length + 1);
  map.set(offsets);
  map[text.length] = original.length;
  return { text, map };
}

/** Maps an offset in `normalizeWithMap(original).text` back into `original`. */
export function toOriginalOffset(norm: NormalizedText, offset: number): number {
  return norm.map ? norm.map[Math.min(offset, norm.map.length - 1)] : offset;
}

function cjkBigrams(run: string, out: string[], withTail: boolean): void {
  const chars = SURROGATE_RE.test(run) ? Array.from(run) : null;
  const n = chars ? chars.length : run.length;
  if (n === 1) {
    out.push(run);
    return;
  }
  for (let i = 0; i + 1 < n; i++) out.push(chars ? chars[i] + chars[i + 1] : run.slice(i, i + 2));
  if (withTail) out.push(chars ? chars[n - 1] : run[n - 1]);
}

function wordToken(m: RegExpExecArray): string {
  if (m[2]) return m[2].replace(/,/g, '');
  const w = m[3] ?? m[4];
  return w.length > MAX_WORD ? w.slice(0, MAX_WORD) : w;
}

/** Tokens of already-normalised text. `withTail`: index side (see the module comment). */
function tokensOfNormalized(norm: string, withTail: boolean): string[] {
  const out: string[] = [];
  TOKEN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN_RE.exec(norm))) {
    if (m[1]) cjkBigrams(m[1], out, withTail);
    else out.push(wordToken(m));
  }
  return out;
}

/** Tokens under which a field's text is indexed (duplicates kept: they are term frequencies). */
export function indexTokens(text: string): string[] {
  return tokensOfNormalized(normalizeText(text), true);
}

/** Receives the tokens of `scanIndexTokens`. */
export interface IndexTokenSink {
  /**
   * A CJK token as code points: a bigram (`second` > 0), or a run's last or
   * only character (`second` = 0).
   */
  cjk(first: number, second: number): void;
  /** Any other token (a Latin word, a number), as `indexTokens` spells it. */
  word(word: string): void;
}

/** Class of each UTF-16 unit outside the surrogates: 1 CJK, 2 word character, 0 neither (built on first use, 64 KB). */
let unitClass: Uint8Array | null = null;

function unitClasses(): Uint8Array {
  if (unitClass) return unitClass;
  const table = new Uint8Array(65536);
  for (let c = 0; c < 65536; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const ch = String.fromCharCode(c);
    table[c] = CJK_CHAR_RE.test(ch) ? 1 : WORD_CHAR_RE.test(ch) ? 2 : 0;
  }
  unitClass = table;
  return table;
}

/**
 * The tokens of `indexTokens`, in the same order, streamed to `sink` without
 * making a string per CJK bigram: the index packs two BMP characters into one
 * 32-bit number, and at ten thousand articles the strings alone would be a
 * hundred million short-lived allocations per rebuild.
 *
 * CJK runs are found with a table of UTF-16 unit classes rather than the
 * token expression (whose Unicode-property alternatives cost more than the
 * rest of indexing a Chinese text); at a word character the expression
 * takes over for that one token (numbers with separators, decimals, the
 * word-length cut), so tokens are exactly those of `indexTokens`. Text with
 * surrogates (CJK Extension B and beyond, emoji) takes the expression's path
 * throughout.
 */
export function scanIndexTokens(text: string, sink: IndexTokenSink): void {
  const norm = normalizeText(text);
  if (SURROGATE_RE.test(norm)) {
    scanWithExpression(norm, sink);
    return;
  }
  const cls = unitClasses();
  const n = norm.length;
  let i = 0;
  while (i < n) {
    const k = cls[norm.charCodeAt(i)];
    if (k === 0) {
      i++;
    } else if (k === 1) {
      let prev = norm.charCodeAt(i++);
      while (i < n) {
        const c = norm.charCodeAt(i);
        if (cls[c] !== 1) break;
        sink.cjk(prev, c);
        prev = c;
        i++;
      }
      sink.cjk(prev, 0);
    } else {
      TOKEN_RE.lastIndex = i;
      const m = TOKEN_RE.exec(norm)!;
      sink.word(wordToken(m));
      i = m.index + m[0].length;
    }
  }
}

/** `scanIndexTokens` by the token expression alone (text with surrogate pairs). */
function scanWithExpression(norm: string, sink: IndexTokenSink): void {
  TOKEN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN_RE.exec(norm))) {
    const run = m[1];
    if (!run) {
      sink.word(wordToken(m));
      continue;
    }
    const points = Array.from(run, (c) => c.codePointAt(0)!);
    for (let i = 0; i + 1 < points.length; i++) sink.cjk(points[i], points[i + 1]);
    sink.cjk(points[points.length - 1], 0);
  }
}

// ------------------------------------------------------------------ queries

/** One term to look up in the index; `prefix` for a lone CJK character. */
export interface QueryTerm {
  term: string;
  prefix: boolean;
}

export interface QueryPart {
  /** The part as typed (without quotes). */
  raw: string;
  /** Normalised, with leading/trailing punctuation removed. */
  text: string;
  /** Index terms that every matching article contains (enough to find candidates); they are scored. */
  terms: QueryTerm[];
  /**
   * The other bigrams of the part's CJK runs (力底 in 算力底座): every article
   * with the phrase has them too. Not scored — rankings are the terms' — but
   * requiring them keeps articles that merely have the scored bigrams apart
   * (川藏 … 唁冈 for 川藏唁冈) from reaching the phrase check, which would read
   * each of them; a short posting list costs far less than a file.
   */
  filterTerms: QueryTerm[];
  /**
   * True when the terms alone do not prove the part occurs as written (more
   * than one token, or punctuation inside), so candidates must be checked
   * against their text with `pattern`.
   */
  needsPhraseCheck: boolean;
  /**
   * Source of a regular expression (flags `gu`) that finds the part in
   * normalised text: whitespace matches any whitespace, and a part that begins
   * or ends with a Latin letter or digit must begin or end on a word boundary
   * (`ai` does not match inside `said`; CJK has no such boundary, so `算力`
   * matches inside `算力底座`).
   */
  pattern: string;
}

export interface ParsedQuery {
  parts: QueryPart[];
  /** All terms of all parts, deduplicated, in order. Empty when the query has nothing to search for. */
  terms: QueryTerm[];
  /** All filter terms of all parts that are not also `terms`, deduplicated (see `QueryPart.filterTerms`). */
  filterTerms: QueryTerm[];
  /** True for a blank query (a listing); false when there is text, even if it has no searchable characters. */
  blank: boolean;
  /** True when any part needs its phrase confirmed against the text. */
  needsPhraseCheck: boolean;
}

const QUOTED_OR_WORD = /"([^"]*)"|“([^”]*)”|「([^」]*)」|(\S+)/gu;
const EDGE_PUNCT = new RegExp(`^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$`, 'gu');

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

const WORD_BOUNDARY_BEFORE = `(?<!(?![${CJK_CLASS}])[\\p{L}\\p{N}\\p{M}])`;
const WORD_BOUNDARY_AFTER = `(?!(?![${CJK_CLASS}])[\\p{L}\\p{N}\\p{M}])`;

/**
 * The phrase expression's body for normalised `text`: white space matches
 * any run of white space; a bracket matches any bracket of its side, and
 * after a closing bracket a 第 before a number is optional (`foldDocNumberForms`:
 * 国办发[2024]12号 finds 国办发〔2024〕12号, 工信部联规〔2025〕3号 finds
 * 工信部联规〔2025〕第3号, and the other way round). Everything else must
 * be as written (默想 never matches 默认).
 */
function phraseBody(text: string): string {
  let out = '';
  const chars = Array.from(text);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (/\s/u.test(ch)) {
      while (i + 1 < chars.length && /\s/u.test(chars[i + 1])) i++;
      out += '\\s+';
    } else if (BRACKET_OPENERS.includes(ch)) out += OPENER_CLASS;
    else if (BRACKET_CLOSERS.includes(ch)) {
      out += CLOSER_CLASS;
      if (chars[i + 1] === '第' && /\p{Nd}/u.test(chars[i + 2] ?? '')) i++;
      if (/\p{Nd}/u.test(chars[i + 1] ?? '')) out += '第?';
    } else out += escapeRegExp(ch);
  }
  return out;
}

function patternFor(text: string): string {
  const body = phraseBody(text);
  const first = String.fromCodePoint(text.codePointAt(0)!);
  const last = Array.from(text.slice(-2)).pop()!;
  return (isWordChar(first) ? WORD_BOUNDARY_BEFORE : '') + body + (isWordChar(last) ? WORD_BOUNDARY_AFTER : '');
}

/**
 * Candidate terms for a part: for a CJK run only enough bigrams to cover it
 * are scored (算力底座 → 算力 底座, 智能网联汽车 → 智能 网联 汽车); the bigrams between
 * them (力底; 能网 联汽) are filter terms, and the phrase check proves the order.
 */
function candidateTerms(norm: string): { terms: QueryTerm[]; filterTerms: QueryTerm[]; tokenCount: number; covered: number } {
  const terms: QueryTerm[] = [];
  const filterTerms: QueryTerm[] = [];
  let tokenCount = 0;
  let covered = 0;
  TOKEN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN_RE.exec(norm))) {
    covered += m[0].length;
    if (!m[1]) {
      terms.push({ term: wordToken(m), prefix: false });
      tokenCount++;
      continue;
    }
    const chars = Array.from(m[1]);
    if (chars.length === 1) {
      terms.push({ term: chars[0], prefix: true });
      tokenCount++;
      continue;
    }
    tokenCount += chars.length - 1;
    for (let i = 0; i + 1 < chars.length; i += 2) terms.push({ term: chars[i] + chars[i + 1], prefix: false });
    if (chars.length % 2 === 1) terms.push({ term: chars[chars.length - 2] + chars[chars.length - 1], prefix: false });
    // Odd positions, except the last bigram when the run is odd (already a term above).
    for (let i = 1; i + 1 < chars.length; i += 2) if (i !== chars.length - 2) filterTerms.push({ term: chars[i] + chars[i + 1], prefix: false });
  }
  return { terms, filterTerms, tokenCount, covered };
}

export function parseQuery(query: string): ParsedQuery {
  const parts: QueryPart[] = [];
  for (const m of query.matchAll(QUOTED_OR_WORD)) {
    const raw = m[1] ?? m[2] ?? m[3] ?? m[4] ?? '';
    const text = normalizeText(raw).replace(EDGE_PUNCT, '').replace(/\s+/g, ' ');
    if (!text) continue;
    // An optional 第 (see `phraseBody`) is no term: an article without it must stay a candidate.
    const { terms, filterTerms, tokenCount, covered } = candidateTerms(text.replace(ORDINAL_AFTER_BRACKET, '$1'));
    if (terms.length === 0) continue;
    // A part that is one token and nothing else (算力, waic, 288, 1,400) is proven by the index.
    const single = tokenCount === 1 && covered === text.length;
    parts.push({ raw, text, terms, filterTerms, needsPhraseCheck: !single, pattern: patternFor(text) });
  }
  const seen = new Set<string>();
  const dedupe = (list: QueryTerm[]): QueryTerm[] =>
    list.filter((t) => {
      const key = (t.prefix ? '*' : '=') + t.term;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  const terms = dedupe(parts.flatMap((p) => p.terms));
  const filterTerms = dedupe(parts.flatMap((p) => p.filterTerms));
  return {
    parts,
    terms,
    filterTerms,
    blank: query.trim() === '',
    needsPhraseCheck: parts.some((p) => p.needsPhraseCheck),
  };
}

/** Compiles a part's pattern (global, so use `lastIndex`/`matchAll`). */
export function partRegExp(part: QueryPart): RegExp {
  return new RegExp(part.pattern, 'gu');
}

/** True when every part occurs in at least one of the given normalised texts. */
export function partsOccurIn(parts: QueryPart[], normalizedTexts: string[], compiled?: RegExp[]): boolean {
  return parts.every((part, i) => {
    const re = compiled?.[i] ?? partRegExp(part);
    return normalizedTexts.some((t) => {
      re.lastIndex = 0;
      return re.test(t);
    });
  });
}
