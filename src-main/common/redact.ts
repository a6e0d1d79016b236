/**
 * Library content kept out of free text that leaves the library: log lines
 * and diagnostics reports. Messages name an article, briefing or file the way
 * the app writes them — in quotation marks (`“标题”`, `"Title"`, `《标题》`,
 * `'/path/2024-06-01 标题.pdf'` in a system error) — so every quoted span
 * is replaced by its marks around `…`; ids, codes and counts stay. A span
 * left open (a message cut short) is cut to the end.
 */

/** Opening and closing marks of the quotations replaced (nested ones included: `“关于“十四五”规划”`). */
const PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['“', '”'],
  ['‘', '’'],
  ['「', '」'],
  ['『', '』'],
  ['《', '》'],
  ['〈', '〉'],
  ['«', '»'],
];

/** ASCII double quotes: open and close are the same mark, so no nesting. */
const DOUBLE = /"[^"]*("|$)/g;
/**
 * ASCII single quotes only where they open and close at word edges (`open '/x/y.pdf'`), never an apostrophe
 * (`article's`); a name of code in them (`reading 'blocks'`, a JavaScript identifier) is kept.
 */
const SINGLE = /(^|[\s([{:=,])'[^'\n]*('(?=$|[\s)\]}.,:;!?])|$)/g;

/** Replaces each outermost `open … close` span (nesting counted) by `open…close`; one left open runs to the end. */
function replaceNested(text: string, open: string, close: string): string {
  if (!text.includes(open)) return text;
  let out = '';
  let depth = 0;
  for (const ch of text) {
    if (ch === open) {
      if (depth++ === 0) out += open + '…';
    } else if (ch === close && depth > 0) {
      if (--depth === 0) out += close;
    } else if (depth === 0) out += ch;
  }
  return out;
}

/**
 * `text` with every quoted span replaced by `“…”` (its own marks kept):
 * what a log line or a diagnostics report may carry of a message.
 */
export function withoutQuotedText(text: string): string {
  let out = text;
  for (const [open, close] of PAIRS) out = replaceNested(out, open, close);
  out = out.replace(DOUBLE, (_m, end: string) => `"…${end}`);
  return out.replace(SINGLE, (m: string, before: string, end: string) => (/^'[A-Za-z_$][\w$]*'$/.test(m.slice(before.length)) ? m : `${before}'…${end}`));
}
