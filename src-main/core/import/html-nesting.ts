/**
 * Bounds the element nesting of a page before a DOM is built from it.
 * Browsers cap the depth of the tree they build (Chromium at 512); jsdom and
 * Readability do not, and a page of 100,000 nested `<div>`s costs them a
 * minute and then overflows the stack. Real pages never nest that deep, but
 * broken markup of old government pages (thousands of unclosed `<font>`
 * tags) can: so instead of refusing, tags deeper than the limit are dropped
 * and their text kept, as a browser would show it.
 *
 * A linear scan over the tags (comments, scripts and styles skipped); the
 * page is rewritten only when it is too deep.
 */

/**
 * Deepest element nesting kept. Article pages nest 20–60 deep; Readability's
 * work grows with the square of the depth (10 s at 400 levels, under 1 s at 100).
 */
export const MAX_HTML_NESTING = 100;

/** Elements that never contain others, and those whose end tag browsers imply (not counted). */
const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
  'p',
  'li',
  'dt',
  'dd',
  'tr',
  'td',
  'th',
  'option',
  'tbody',
  'thead',
  'tfoot',
  'colgroup',
  'rb',
  'rt',
  'rp',
]);
/** Elements whose content is raw text: their "tags" are not tags. */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'noscript', 'template', 'plaintext', 'iframe', 'noembed', 'noframes']);

const TAG = /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<(\/?)([a-zA-Z][\w:-]*)\b[^>]*?(\/?)>/g;

interface Scan {
  deepest: number;
  /** The page with over-deep tags removed; undefined when nothing needed removing. */
  html?: string;
}

function scan(html: string, limit: number, rewrite: boolean): Scan {
  const stack: { name: string; kept: boolean }[] = [];
  let depth = 0;
  let deepest = 0;
  const out: string[] = [];
  let last = 0;
  let raw: string | undefined;
  TAG.lastIndex = 0;
  for (let m = TAG.exec(html); m; m = TAG.exec(html)) {
    if (!m[2]) continue; // comment or CDATA
    const closing = m[1] === '/';
    const name = m[2].toLowerCase();
    if (raw) {
      if (closing && name === raw) raw = undefined;
      continue;
    }
    if (VOID.has(name) || m[3] === '/') continue;
    if (!closing) {
      if (RAW_TEXT.has(name)) {
        raw = name;
        continue;
      }
      const kept = depth < limit;
      stack.push({ name, kept });
      depth++;
      if (depth > deepest) deepest = depth;
      if (!kept && rewrite) {
        out.push(html.slice(last, m.index));
        last = m.index + m[0].length;
      }
      continue;
    }
    // A closing tag closes the nearest open element of its name (and any left open inside it).
    let at = stack.length - 1;
    while (at >= 0 && stack[at].name !== name) at--;
    if (at < 0) continue;
    const closed = stack.splice(at);
    depth = stack.length;
    if (!closed[0].kept && rewrite) {
      out.push(html.slice(last, m.index));
      last = m.index + m[0].length;
    }
  }
  if (!rewrite) return { deepest };
  out.push(html.slice(last));
  return { deepest, html: out.join('') };
}

/** The page, with elements nested deeper than MAX_HTML_NESTING unwrapped (their text kept). */
export function boundNesting(html: string, limit = MAX_HTML_NESTING): { html: string; deepest: number; flattened: boolean } {
  const first = scan(html, limit, false);
  if (first.deepest <= limit) return { html, deepest: first.deepest, flattened: false };
  const second = scan(html, limit, true);
  return { html: second.html ?? html, deepest: first.deepest, flattened: true };
}
