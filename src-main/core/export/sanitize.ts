/**
 * User Markdown → safe HTML fragment for the print preview and the exports,
 * with the one rule set of every place that shows user Markdown
 * (`common/sanitize-rules.ts`): marked, then DOMPurify on one shared jsdom
 * window. Scripts never run there and nothing is fetched.
 *
 * jsdom costs about a second to load, which a CLI export paid every time.
 * Most Markdown of a briefing (quotes, notes: paragraphs, emphasis, lists,
 * web links) holds nothing the rule set would change: marked writes only
 * tags and attributes DOMPurify keeps, and the links' targets are http(s) or
 * mailto. Such Markdown (`needsNoSanitizer`, a check of marked's tokens) is
 * rendered by marked alone, with the `rel` the rule set gives links; anything
 * else — raw HTML, images, a link that is not safe, task lists, fenced code
 * with a language, a list numbered from other than 1, aligned table
 * columns — goes through DOMPurify as before, and only then is jsdom
 * loaded. `sanitize.test.ts` checks both paths give the same DOM.
 */
import createDOMPurify from 'dompurify';
import type { JSDOM as JSDOMType } from 'jsdom';
import type { Marked, Token, Tokens } from 'marked';
import { createRequire } from 'node:module';
import { createSafeHtml, markdownDialect, type PurifierLike, type SafeHtml } from '../../common/sanitize-rules';
import { isSafeLinkUrl } from '../../common/safe-url';

/** The one Markdown dialect of every export (the DOCX writer uses the same lexer). */
export const markdown: Marked = markdownDialect();

let safe: SafeHtml | undefined;

function rules(): SafeHtml {
  if (safe) return safe;
  // Loaded on first use only (see the module comment); bundled main keeps jsdom external.
  const { JSDOM } = createRequire(import.meta.url)('jsdom') as { JSDOM: typeof JSDOMType };
  const { window } = new JSDOM('');
  safe = createSafeHtml(createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]) as unknown as PurifierLike);
  return safe;
}

export function sanitizeHtml(html: string): string {
  return rules().sanitizeHtml(html);
}

/** Renders a user Markdown fragment to sanitised HTML ('' for blank input). */
export function renderMarkdown(source: string): string {
  if (!source.trim()) return '';
  const tokens = plain.lexer(source);
  if (needsNoSanitizer(tokens)) return plain.parser(tokens);
  return rules().renderMarkdown(source);
}

/** The link target as marked writes it into `href` (its `cleanUrl`), or null when marked writes no link. */
function hrefAsWritten(href: string): string | null {
  try {
    return encodeURI(href).replace(/%25/g, '%');
  } catch {
    return null;
  }
}

/** marked's HTML attribute escaping. */
function escapeAttribute(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** An `<a>` as the rule set leaves it (`rel="noopener noreferrer"`, no target) around HTML already safe. */
function anchor(written: string, title: string | null | undefined, innerHtml: string): string {
  return `<a href="${escapeAttribute(written)}"${title ? ` title="${escapeAttribute(title)}"` : ''} rel="noopener noreferrer">${innerHtml}</a>`;
}

/** The same dialect, writing links as the rule set leaves them (`rel="noopener noreferrer"`, no target). */
const plain: Marked = markdownDialect().use({
  renderer: {
    link({ href, title, tokens }: Tokens.Link): string {
      const inner = this.parser.parseInline(tokens);
      const written = hrefAsWritten(href);
      if (written === null) return inner;
      return anchor(written, title, inner);
    },
  },
});

/**
 * A link of article text (an inline `Mark` of kind link) as the rule set
 * writes it: `<a href="…" rel="noopener noreferrer">` around `innerHtml`
 * (already escaped) when the target is an http(s) or mailto URL
 * (`isSafeLinkUrl`, the sanitiser's own test), else `innerHtml` alone — a
 * `javascript:`, `data:`, `file:` or relative target becomes plain text, as
 * in notes.
 */
export function safeLinkHtml(href: string | undefined, innerHtml: string): string {
  const written = href ? hrefAsWritten(href.trim()) : null;
  if (written === null || !isSafeLinkUrl(written)) return innerHtml;
  return anchor(written, null, innerHtml);
}

/** Token types whose HTML, as marked writes it, DOMPurify with the rule set keeps as it is. */
const KEPT_AS_WRITTEN: ReadonlySet<string> = new Set([
  'space',
  'paragraph',
  'text',
  'strong',
  'em',
  'del',
  'codespan',
  'br',
  'escape',
  'heading',
  'blockquote',
  'hr',
  'list',
  'list_item',
  'def',
  'link',
  'code',
  'table',
]);

/**
 * True when the rule set would change nothing in marked's HTML for these
 * tokens (recursively): only the types above, no raw HTML, no image, no
 * task-list checkbox, no code block with a language (its class would go),
 * no `start` on a list or `align` on a table cell (both dropped), and every
 * link's target, as written, an http(s) or mailto URL.
 */
export function needsNoSanitizer(tokens: readonly Token[]): boolean {
  for (const t of tokens) {
    if (!KEPT_AS_WRITTEN.has(t.type)) return false;
    switch (t.type) {
      case 'link': {
        const written = hrefAsWritten((t as Tokens.Link).href);
        if (written === null || !isSafeLinkUrl(written.trim())) return false;
        break;
      }
      case 'def': {
        // Renders nothing; its links are link tokens and checked there.
        continue;
      }
      case 'code':
        if ((t as Tokens.Code).lang) return false;
        continue;
      case 'text':
        if ((t as Tokens.Text).escaped) return false;
        break;
      case 'list': {
        // DOMPurify drops `start`: a list numbered from another number than 1 is left to it.
        const list = t as Tokens.List;
        if (list.ordered && list.start !== 1 && list.start !== '') return false;
        break;
      }
      case 'table':
        // … and `align` on cells.
        if ((t as Tokens.Table).align.some(Boolean)) return false;
        break;
      case 'list_item':
        if ((t as Tokens.ListItem).task) return false;
        break;
      default:
        break;
    }
    const nested = t as {
      tokens?: Token[];
      items?: Array<{ tokens?: Token[] }>;
      header?: Array<{ tokens?: Token[] }>;
      rows?: Array<Array<{ tokens?: Token[] }>>;
    };
    if (nested.tokens && !needsNoSanitizer(nested.tokens)) return false;
    if (nested.items && !nested.items.every((item) => needsNoSanitizer((item.tokens ?? []) as Token[]))) return false;
    if (nested.header && !nested.header.every((cell) => needsNoSanitizer((cell.tokens ?? []) as Token[]))) return false;
    if (nested.rows && !nested.rows.every((row) => row.every((cell) => needsNoSanitizer((cell.tokens ?? []) as Token[])))) return false;
  }
  return true;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}
