/**
 * An article's identity across libraries: what lets another library that
 * holds the same article (under another id, perhaps a slightly revised text)
 * recognise it when annotations are imported.
 *
 * - Fingerprint: SHA-256 (computed in core) of the identity normalisation of
 *   the canonical text — Unicode NFKC (so full-width ＡＢＣ１２３ and ASCII
 *   ABC123, compatibility ideographs and ligatures compare equal), then every
 *   character with the Unicode White_Space property removed (spaces, line
 *   breaks, NBSP, the ideographic space U+3000 used to indent Chinese
 *   paragraphs: layout differs between copies of one article, the words do
 *   not). Written `sha256:<64 hex digits>`.
 * - Sketch: a one-permutation MinHash of the normalised text's 5-code-point
 *   shingles (64 bins, 16 bits each, 256 hex digits), from which the share of
 *   shared shingles of two texts can be estimated without either text: how
 *   "near-identical text" is recognised.
 * - URL: compared after `normaliseUrl`.
 *
 * Pure: no Node, no DOM.
 */

/** Identity normalisation: NFKC, then every White_Space character removed. */
export function normaliseForIdentity(text: string): string {
  return text.normalize('NFKC').replace(/\p{White_Space}+/gu, '');
}

const SHINGLE = 5;
const BINS = 64;
const EMPTY = 0xffff_ffff;

/**
 * The MinHash sketch of a text (see the module comment): each 5-code-point
 * shingle of the normalised text is hashed (FNV-1a over its code points, then
 * the murmur3 finaliser); the low 6 bits choose one of 64 bins, which keeps
 * the smallest high 16 bits. Written as 64 × 4 lowercase hex digits; an empty
 * bin is `ffff`. Linear in the text, no per-shingle allocation.
 */
export function textSketch(text: string): string {
  const norm = normaliseForIdentity(text);
  const cps = new Uint32Array(norm.length);
  let n = 0;
  for (let i = 0; i < norm.length; i++) {
    const c = norm.codePointAt(i)!;
    cps[n++] = c;
    if (c > 0xffff) i++;
  }
  const mins = new Array<number>(BINS).fill(EMPTY);
  const shingles = Math.max(1, n - SHINGLE + 1);
  for (let i = 0; i < shingles; i++) {
    let h = 0x811c9dc5;
    for (let j = i; j < Math.min(n, i + SHINGLE); j++) {
      h ^= cps[j];
      h = Math.imul(h, 0x01000193);
    }
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    h >>>= 0;
    const bin = h & (BINS - 1);
    const value = h >>> 16;
    if (value < mins[bin]) mins[bin] = value;
  }
  return mins.map((m) => (m === EMPTY ? 0xffff : Math.min(m, 0xfffe)).toString(16).padStart(4, '0')).join('');
}

/**
 * Estimated share (0–1) of 5-code-point shingles two texts have in common,
 * from their sketches; null when a sketch is malformed or both are empty.
 */
export function sketchSimilarity(a: string, b: string): number | null {
  if (!/^[0-9a-f]{256}$/.test(a) || !/^[0-9a-f]{256}$/.test(b)) return null;
  let both = 0;
  let same = 0;
  for (let i = 0; i < BINS; i++) {
    const x = a.slice(i * 4, i * 4 + 4);
    const y = b.slice(i * 4, i * 4 + 4);
    if (x === 'ffff' && y === 'ffff') continue;
    both++;
    if (x === y) same++;
  }
  return both === 0 ? null : same / both;
}

/**
 * A URL reduced to what identifies the page, for comparing: http(s) only (the
 * scheme itself ignored, so http and https copies agree), host lower-cased
 * without a leading `www.`, default port, fragment, `utm_*` tracking
 * parameters and a trailing slash dropped, remaining query parameters sorted.
 * Null for anything that is not an http(s) URL.
 */
export function normaliseUrl(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    // Not an absolute URL: no identity by address.
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  const params = [...u.searchParams.entries()].filter(([k]) => !/^utm_/i.test(k)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = params.length ? '?' + params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&') : '';
  const host = u.hostname.toLowerCase().replace(/^www\./, '');
  const port = u.port ? `:${u.port}` : '';
  const path = u.pathname.length > 1 ? u.pathname.replace(/\/+$/, '') : '';
  return `${host}${port}${path}${query}`;
}
