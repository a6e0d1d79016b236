/**
 * The facts a passage states that an approximate match must not change:
 * figures (Arabic numbers with their magnitude or percent sign — 128处,
 * 5,000, 2.5%, 300万元, 7月6日 — and Chinese numerals: 第一, 二〇二三年,
 * 三十二个, 三家) and names written in Latin script (capitalised words and
 * acronyms not at a sentence start: Xi, WAIC, Shanghai). Two passages that
 * differ by a few characters but state different figures are different facts
 * (`发现隐患128处` is not `发现隐患121处`), so fuzzy anchoring refuses a match
 * whose differences touch such a token and change its value.
 *
 * Compared after Unicode NFKC (full-width ５０００ is 5000), with thousands
 * separators removed (5,000 is 5000) and Chinese numerals read as numbers
 * (三十二 is 32, 二〇二三 is 2023, 两 is 2). An edit that does not touch a
 * figure or name (两大特征 → 两个特征) never counts, whatever the tokens.
 * Chinese personal and place names are not recognised (no dictionary); a
 * changed name there is judged by the edit-distance rules alone.
 */
import { diffChars } from 'diff';

/** Chinese numeral digits (ordinary and financial forms) and their values. */
const CN_DIGIT: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  壹: 1,
  二: 2,
  贰: 2,
  两: 2,
  三: 3,
  叁: 3,
  四: 4,
  肆: 4,
  五: 5,
  伍: 5,
  六: 6,
  陆: 6,
  七: 7,
  柒: 7,
  八: 8,
  捌: 8,
  九: 9,
  玖: 9,
};
const CN_UNIT: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };
const CN_ALL = Object.keys(CN_DIGIT).join('') + Object.keys(CN_UNIT).join('') + '万亿';
/** Counters and units after which a single Chinese numeral is a figure (三家, 五项, 二季度). */
const CN_COUNTERS = '个家项次年月日号处名人位元倍成届期批条款章节岁级座所栋台辆件种类季周天时分秒米吨户亩股只';

const ARABIC = /\d+(?:[.,]\d+)*(?:\s*[%‰万亿千百兆])*/gu;
const CHINESE = new RegExp(`[${CN_ALL}]+`, 'gu');
const CAPITALISED = /\p{Lu}[\p{L}\p{M}\p{N}]*/gu;

interface Token {
  start: number;
  end: number;
  /** The value compared: a number's digits (and magnitude), a name's letters. */
  value: string;
}

/** A run of Chinese numerals as a number (三十二 → 32, 二〇二三 → 2023, 三千二百万 → 3200万), or the run itself when irregular (十四五). */
function chineseValue(run: string): string {
  const magnitude = /[万亿]+$/.exec(run)?.[0] ?? '';
  const body = run.slice(0, run.length - magnitude.length);
  if (body === '') return run;
  if ([...body].every((c) => c in CN_DIGIT)) return [...body].map((c) => CN_DIGIT[c]).join('') + magnitude;
  let total = 0;
  let digit: number | null = null;
  for (const c of body) {
    if (c in CN_DIGIT) {
      if (digit !== null) return run; // two digits in a row inside a counted number: not a plain number
      digit = CN_DIGIT[c];
    } else if (c in CN_UNIT) {
      total += (digit ?? 1) * CN_UNIT[c];
      digit = null;
    } else {
      return run; // 万 or 亿 inside: kept as written
    }
  }
  return String(total + (digit ?? 0)) + magnitude;
}

function tokens(s: string): Token[] {
  const out: Token[] = [];
  for (const m of s.matchAll(ARABIC)) {
    const t = m[0].replace(/\s+/g, '');
    // 5,000 and 5000 are one figure; 2.5 keeps its point.
    const value = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?/.test(t) ? t.replace(/,/g, '') : t;
    out.push({ start: m.index, end: m.index + m[0].length, value });
  }
  for (const m of s.matchAll(CHINESE)) {
    const before = s[m.index - 1] ?? '';
    const after = s[m.index + m[0].length] ?? '';
    const figure = m[0].length >= 2 || before === '第' || (after !== '' && CN_COUNTERS.includes(after));
    if (figure && /[^万亿]/.test(m[0])) out.push({ start: m.index, end: m.index + m[0].length, value: chineseValue(m[0]) });
  }
  for (const m of s.matchAll(CAPITALISED)) {
    if (m[0].length < 2) continue;
    // At the start of the passage or of a sentence, a capital says nothing about a name.
    const before = s.slice(0, m.index).trimEnd();
    if (before === '' || /[.!?。！？:："“]$/u.test(before)) continue;
    out.push({ start: m.index, end: m.index + m[0].length, value: m[0] });
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * True when `a` and `b` state the same facts: either their figures and names
 * (compared by value after NFKC: 5,000 → 5000; 三十二 → 32) are equal, or none of the characters that differ between
 * them lies in or right next to one (an edit of other words).
 */
export function sameFacts(a: string, b: string): boolean {
  const x = a.normalize('NFKC');
  const y = b.normalize('NFKC');
  const tx = tokens(x);
  const ty = tokens(y);
  if (tx.length === ty.length && tx.every((t, i) => t.value === ty[i].value)) return true;
  // Where the two differ: ranges in x (removed) and in y (added); an insertion is a point.
  const inX: Array<[number, number]> = [];
  const inY: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  for (const part of diffChars(x, y)) {
    const n = part.value.length;
    if (part.added) {
      inY.push([j, j + n]);
      inX.push([i, i]);
      j += n;
    } else if (part.removed) {
      inX.push([i, i + n]);
      inY.push([j, j]);
      i += n;
    } else {
      i += n;
      j += n;
    }
  }
  // A change touches a token when it overlaps it, or is an insertion inside it (a digit added to 36 is inside 360 on the other side).
  const touches = (ts: Token[], ranges: Array<[number, number]>) =>
    ranges.some(([from, to]) => ts.some((t) => (from < t.end && to > t.start) || (from === to && t.start < from && from < t.end)));
  return !touches(tx, inX) && !touches(ty, inY);
}
