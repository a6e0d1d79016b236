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
 * Nothing else changes: full-width punctuation, full-width digits and
 * letters, ideographic space, and every other character are left as
 * written (plain NFKC would fold （一） into (一) and ２０２４ into 2024).
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
  if (!SUSPECT.test(text)) return text;
  return text.replace(SUSPECT_ALL, unifiedIdeograph);
}
