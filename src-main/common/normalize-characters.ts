/**
 * One place where every importer's text gets its characters right: code
 * points that look like ideographs but are not the ones anybody searches
 * for become the unified ideographs they stand for.
 *
 * - Kangxi Radicals (U+2F00–U+2FDF): PDFs printed from Chinese documents
 *   (Chromium, Word and WPS with Noto CJK / Source Han fonts) map shared
 *   glyphs to these, so 改革 arrives as 改⾰ and 工作 as ⼯作. Their NFKC form
 *   is the unified ideograph.
 * - CJK Radicals Supplement (U+2E80–U+2EFF): the same fault with the
 *   simplified and variant radical forms (⻓, ⻔, ⻢). Only two of them have an
 *   NFKC decomposition; the mapping is the Unicode Character Database's
 *   Equivalent_Unified_Ideograph property (EquivalentUnifiedIdeograph.txt,
 *   UCD 14.0), kept below.
 * - CJK Compatibility Ideographs (U+F900–U+FAFF, U+2F800–U+2FA1F): their
 *   canonical decomposition (NFC) is the unified ideograph; the twelve
 *   unified ideographs inside the block (﨎, 﨏, …) have none and stay.
 *
 *
 * Invisible characters go (`removeInvisibles`, the policy in DESIGN.md,
 * "Characters"): default-ignorable code points (Unicode §5.21,
 * DerivedCoreProperties.txt Default_Ignorable_Code_Point) and the other
 * format and control characters that copy-and-paste, web editors and Word
 * leave between letters (zero-width space U+200B, word joiner U+2060, a BOM
 * U+FEFF inside the text, soft hyphen U+00AD, bidi controls, variation
 * selectors after ideographs, C0/C1 controls, the object replacement
 * character U+FFFC), because each one splits a word for search (全\u200b年
 * is not 全年), for Ctrl+F in an export and for copy-with-citation. They
 * stay where they carry meaning: ZWJ inside emoji sequences, ZWJ/ZWNJ
 * between letters of scripts that shape with them (Arabic, Uyghur, Indic,
 * Tibetan, Mongolian…), U+FE0E/U+FE0F after an emoji, tag characters in an
 * emoji flag, Mongolian variation selectors after Mongolian letters.
 * Spaces of other widths (NBSP, en/em/thin spaces, U+202F, U+205F) become
 * U+0020; the ideographic space U+3000 is left as written (it is part of
 * Chinese layout: `第一章　总则`).
 *
 * Nothing else changes: full-width punctuation, full-width digits and
 * letters, and every other character are left as written (plain NFKC would
 * fold （一） into (一) and ２０２４ into 2024).
 * Pure; no Node, no DOM.
 */

/** Pairs of hex code points, radical then ideograph, from UCD EquivalentUnifiedIdeograph.txt for U+2E80–U+2EFF. */
const RADICALS_SUPPLEMENT =
  '2E81 5382 2E82 4E5B 2E83 4E5A 2E84 4E59 2E85 4EBB 2E86 5182 2E87 20628 2E88 5200 2E89 5202 2E8A ' +
  '535C 2E8B 353E 2E8C 5C0F 2E8D 5C0F 2E8E 5140 2E8F 5C23 2E90 5C22 2E91 21BC2 2E92 5DF3 2E93 5E7A ' +
  '2E94 5F51 2E95 5F50 2E96 5FC4 2E97 5FC3 2E98 624C 2E99 6535 2E9B 65E1 2E9C 65E5 2E9D 6708 2E9E ' +
  '6B7A 2E9F 6BCD 2EA0 6C11 2EA1 6C35 2EA2 6C3A 2EA3 706C 2EA4 722B 2EA5 722B 2EA6 4E2C 2EA7 725B ' +
  '2EA8 72AD 2EA9 738B 2EAA 24D14 2EAB 76EE 2EAC 793A 2EAD 793B 2EAE 25AD7 2EAF 7CF9 2EB0 7E9F 2EB1 ' +
  '7F53 2EB2 7F52 2EB3 34C1 2EB4 5197 2EB5 2626B 2EB6 7F8A 2EB7 2634C 2EB8 2634B 2EB9 8002 2EBA ' +
  '8080 2EBB 807F 2EBC 8089 2EBD 26951 2EBE 8279 2EBF 8279 2EC0 8279 2EC1 864E 2EC2 8864 2EC3 8980 ' +
  '2EC4 897F 2EC5 89C1 2EC6 89D2 2EC7 278B2 2EC8 8BA0 2EC9 8D1D 2ECA 27FB7 2ECB 8F66 2ECC 8FB6 2ECD ' +
  '8FB6 2ECE 8FB6 2ECF 9091 2ED0 9485 2ED1 9577 2ED2 9578 2ED3 957F 2ED4 95E8 2ED5 28E0F 2ED6 961D ' +
  '2ED7 96E8 2ED8 9752 2ED9 97E6 2EDA 9875 2EDB 98CE 2EDC 98DE 2EDD 98DF 2EDE 2967F 2EDF 98E0 2EE0 ' +
  '9963 2EE1 29810 2EE2 9A6C 2EE3 9AA8 2EE4 9B3C 2EE5 9C7C 2EE6 9E1F 2EE7 5364 2EE8 9EA6 2EE9 9EC4 ' +
  '2EEA 9EFE 2EEB 6589 2EEC 9F50 2EED 6B6F 2EEE 9F7F 2EEF 7ADC 2EF0 9F99 2EF1 9F9C 2EF2 4E80 2EF3 ' +
  '9F9F';

let supplement: Map<number, string> | undefined;

function supplementMap(): Map<number, string> {
  if (!supplement) {
    supplement = new Map();
    const hex = RADICALS_SUPPLEMENT.split(' ');
    for (let k = 0; k + 1 < hex.length; k += 2) supplement.set(parseInt(hex[k], 16), String.fromCodePoint(parseInt(hex[k + 1], 16)));
  }
  return supplement;
}

/** Any code point `normalizeCharacters` may change (a cheap test before the work). */
const SUSPECT = /[\u2e80-\u2fdf\uf900-\ufaff]|\ud87e[\udc00-\ude1f]/;
const SUSPECT_ALL = /[\u2e80-\u2fdf\uf900-\ufaff]|\ud87e[\udc00-\ude1f]/g;

/**
 * The unified ideograph a radical or compatibility ideograph stands for, or
 * the character itself. `ch` is one code point (one or two UTF-16 units).
 */
export function unifiedIdeograph(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp >= 0x2e80 && cp <= 0x2eff) return supplementMap().get(cp) ?? ch;
  if (cp >= 0x2f00 && cp <= 0x2fdf) return ch.normalize('NFKC');
  if ((cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x2f800 && cp <= 0x2fa1f)) return ch.normalize('NFC');
  return ch;
}

/**
 * `text` with radicals and compatibility ideographs replaced by unified
 * ideographs. A few supplement radicals map to ideographs outside the BMP,
 * so the result can be longer than the input (in UTF-16 units); callers that
 * keep offsets normalise before they measure.
 */
export function normalizeCharacters(text: string): string {
  const unified = SUSPECT.test(text) ? text.replace(SUSPECT_ALL, unifiedIdeograph) : text;
  return removeInvisibles(unified);
}

// ---------------------------------------------------------------------------
// Invisible characters

/**
 * Candidates for removal or replacement: C0/C1 controls (tab, line feed,
 * vertical tab, form feed and carriage return aside), the default-ignorable
 * code points, U+FFF0–U+FFFC, and the spaces that are not U+0020 or U+3000.
 */
const INVISIBLE =
  // eslint-disable-next-line no-misleading-character-class -- code points listed one by one to be removed, never a letter with its combining mark
  /[\u0000-\u0008\u000e-\u001f\u007f-\u00a0\u00ad\u034f\u061c\u1680\u17b4\u17b5\u180b-\u180f\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffc]|\udb40[\udc00-\uddef]|\ud82f[\udca0-\udca3]|\ud834[\udd73-\udd7a]/;
// eslint-disable-next-line no-misleading-character-class -- the same list as INVISIBLE
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'g');

/** Spaces that become U+0020: NBSP, Ogham space, en/em/thin/hair spaces, line and paragraph separators, narrow NBSP, medium mathematical space. */
const OTHER_SPACE = /[\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f]/;
/** Scripts whose letters join or stop joining through ZWJ/ZWNJ (Unicode §23.2). */
const JOINING_SCRIPT =
  /[\p{sc=Arabic}\p{sc=Syriac}\p{sc=Nko}\p{sc=Mongolian}\p{sc=Devanagari}\p{sc=Bengali}\p{sc=Gurmukhi}\p{sc=Gujarati}\p{sc=Oriya}\p{sc=Tamil}\p{sc=Telugu}\p{sc=Kannada}\p{sc=Malayalam}\p{sc=Sinhala}\p{sc=Tibetan}\p{sc=Myanmar}\p{sc=Khmer}\p{sc=Thaana}\p{sc=Phags_Pa}]/u;
const PICTOGRAPHIC = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\u20e3\ufe0f]/u;
const MONGOLIAN = /\p{sc=Mongolian}/u;
/** Inline-mark signs of text-builder.ts: invisible to the neighbour tests. */
const MARK_SIGN = /[\ufdd0-\ufdef]/;

/** The code point before `at`, skipping mark signs. */
function before(text: string, at: number): string {
  let i = at;
  while (i > 0) {
    const low = text.charCodeAt(i - 1);
    const start = low >= 0xdc00 && low <= 0xdfff && i >= 2 ? i - 2 : i - 1;
    const ch = String.fromCodePoint(text.codePointAt(start) ?? 0);
    if (!MARK_SIGN.test(ch)) return ch;
    i = start;
  }
  return '';
}

/** The code point after the one at `at` (of `width` units), skipping mark signs. */
function after(text: string, at: number, width: number): string {
  let i = at + width;
  while (i < text.length) {
    const ch = String.fromCodePoint(text.codePointAt(i) ?? 0);
    if (!MARK_SIGN.test(ch)) return ch;
    i += ch.length;
  }
  return '';
}

/** What replaces one candidate code point at `at` in `text`: itself, a space, or nothing. */
function replacement(ch: string, text: string, at: number): string {
  if (OTHER_SPACE.test(ch)) return ' ';
  const cp = ch.codePointAt(0) ?? 0;
  // ZWJ and ZWNJ: emoji sequences and joining scripts need them.
  if (cp === 0x200c || cp === 0x200d) {
    const prev = before(text, at);
    const next = after(text, at, ch.length);
    if (cp === 0x200d && PICTOGRAPHIC.test(prev) && PICTOGRAPHIC.test(next)) return ch;
    return JOINING_SCRIPT.test(prev) && JOINING_SCRIPT.test(next) ? ch : '';
  }
  // Text and emoji presentation selectors after an emoji (and in keycaps: 1️⃣).
  if (cp === 0xfe0e || cp === 0xfe0f) {
    const prev = before(text, at);
    if (/\p{Extended_Pictographic}/u.test(prev)) return ch;
    return /^[0-9#*]$/.test(prev) && after(text, at, ch.length) === '\u20e3' ? ch : '';
  }
  // Mongolian free variation selectors and vowel separator, inside Mongolian words.
  if (cp >= 0x180b && cp <= 0x180f) return MONGOLIAN.test(before(text, at)) ? ch : '';
  // Tag characters in an emoji tag sequence (the flags of England, Scotland, Wales).
  if (cp >= 0xe0020 && cp <= 0xe007f) {
    const prev = before(text, at);
    return prev === '\u{1f3f4}' || (prev.codePointAt(0) ?? 0) >= 0xe0020 ? ch : '';
  }
  return '';
}

/**
 * `text` without invisible format and control characters, other spaces as
 * U+0020 (the policy in the module comment). The result is never longer
 * than the input; callers that keep offsets normalise before they measure.
 */
export function removeInvisibles(text: string): string {
  if (!INVISIBLE.test(text)) return text;
  return text.replace(INVISIBLE_ALL, (ch, at: number) => replacement(ch, text, at));
}
