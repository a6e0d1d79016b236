/**
 * The spellings of a 发文字号 (GB/T 9704 §7.2.4: 国办发〔2024〕12号) that
 * mean the same document number, shared by the search's phrase check
 * (`tokenize.ts`) and the library list's text filter. In a module of its
 * own, so the list has it without loading the tokenizer. Pure.
 */

/**
 * Brackets that write the same thing in a 发文字号 (GB/T 9704 §7.2.4 uses
 * the 六角括号 〔〕; people type [], ［］, （）, 【】 or 〖〗), after NFKC
 * (which already turns ［］（）﹝﹞ into []()〔〕): in a phrase any opener
 * matches any opener, any closer any closer.
 */
export const BRACKET_OPENERS = '〔[(【〖〘';
export const BRACKET_CLOSERS = '〕])】〗〙';
/** A regular-expression class of `BRACKET_OPENERS` (flags `u`). */
export const OPENER_CLASS = `[${BRACKET_OPENERS.replace(/[[\]()]/g, '\\$&')}]`;
/** A regular-expression class of `BRACKET_CLOSERS` (flags `u`). */
export const CLOSER_CLASS = `[${BRACKET_CLOSERS.replace(/[[\]()]/g, '\\$&')}]`;
const OPENERS_RE = new RegExp(OPENER_CLASS, 'gu');
const CLOSERS_RE = new RegExp(CLOSER_CLASS, 'gu');
/** A 第 between a closing bracket and a number (〔2025〕第3号): written or left out, the same 发文字号. */
export const ORDINAL_AFTER_BRACKET = new RegExp(`(${CLOSER_CLASS})第(?=\\p{Nd})`, 'gu');

/**
 * Folds the spellings of a 发文字号 to one, for comparisons that are not
 * regular expressions (the library list's text filter): every bracket of
 * `BRACKET_OPENERS` / `BRACKET_CLOSERS` becomes [ / ], and a 第 between a
 * closing bracket and a number is dropped. Same length or shorter; apply to
 * both sides (after NFKC). Pure.
 */
export function foldDocNumberForms(text: string): string {
  return text.replace(OPENERS_RE, '[').replace(CLOSERS_RE, ']').replace(ORDINAL_AFTER_BRACKET, '$1');
}
