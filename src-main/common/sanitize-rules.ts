/**
 * The one rule set for turning user Markdown (notes, summaries, free items)
 * into HTML, used by every place that shows or writes it: the annotation
 * panel, the reader, the composer's preview, the print preview and every
 * export. Markdown is parsed by marked (GFM, line breaks kept: analysts type
 * notes in a text box and Chinese prose must not gain spaces at soft breaks),
 * then sanitised by DOMPurify with the configuration and hooks below. Each
 * host brings its own DOMPurify instance (the window's in the renderer, a
 * jsdom window in core), so this module stays pure.
 *
 * What survives: ordinary formatting, tables, lists, code, links whose
 * target is http, https or mailto (`safe-url.ts`), images from `data:image/…`
 * URLs. What never does: script, event handlers, `javascript:`/`data:`/
 * `file:` and relative links (the link becomes plain text), styles and style
 * attributes, class and id (no hooking into the app's own CSS), frames,
 * `srcdoc`, forms and form actions, `<base>`, `<meta>` (refresh), `<link>`,
 * SVG and MathML (the usual mutation-XSS carriers), templates, and any
 * remote image.
 *
 * `neutraliseMarkdown` applies the same link and image rules to Markdown
 * kept as Markdown (the .md export), and turns raw HTML into text, so a
 * Markdown viewer that renders HTML runs nothing either.
 */
import type { Marked, Token, Tokens } from 'marked';
import { isSafeLinkUrl } from './safe-url';
import { createMarked } from './markdown-options';

/** HTML text escaping (element content and attribute values). */
function escapeHtmlText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

/**
 * The Markdown dialect of notes, summaries and every export: GFM,
 * CJK-friendly emphasis, line breaks kept. Raw HTML in the Markdown is
 * written as text (what the user typed, shown literally), an image whose
 * source is not an embedded `data:image/…` becomes its alt text, and a link
 * whose target may not be a link (`isSafeLinkUrl`) becomes its text — so
 * marked's own output holds no element or URL a sanitiser would have to
 * remove, and no DOM ever parses a user's `<img onerror>` (in Chromium even
 * an inert DOMParser document compiles the handler, which the Content
 * Security Policy then reports). DOMPurify still runs after it, as a second
 * line.
 */
export function markdownDialect(): Marked {
  return createMarked({
    breaks: true,
    async: false,
    renderer: {
      html(token: Tokens.HTML | Tokens.Tag): string {
        const text = escapeHtmlText(token.text);
        return (token as Tokens.HTML).block ? `<p>${text.replace(/\n+$/, '').replace(/\n/g, '<br>')}</p>\n` : text;
      },
      image(token: Tokens.Image): string | false {
        return SAFE_IMAGE_SRC.test(token.href) ? false : escapeHtmlText(token.text);
      },
      link(token: Tokens.Link): string | false {
        return isSafeLinkUrl(token.href.trim()) ? false : this.parser.parseInline(token.tokens);
      },
    },
  });
}

/** Images may only be embedded, never fetched. */
export const SAFE_IMAGE_SRC = /^data:image\/(?:png|jpeg|gif|webp);/i;

/** DOMPurify configuration (https://github.com/cure53/DOMPurify#can-i-configure-dompurify). */
export const SANITIZE_CONFIG = {
  USE_PROFILES: { html: true },
  FORBID_TAGS: [
    'style',
    'link',
    'meta',
    'base',
    'title',
    'form',
    'input',
    'button',
    'textarea',
    'select',
    'option',
    'fieldset',
    'iframe',
    'frame',
    'frameset',
    'object',
    'embed',
    'applet',
    'portal',
    'svg',
    'math',
    'template',
    'noscript',
    'audio',
    'video',
    'source',
    'track',
    'picture',
    'map',
    'area',
  ],
  FORBID_ATTR: [
    'style',
    'class',
    'id',
    'name',
    'srcset',
    'target',
    'srcdoc',
    'action',
    'formaction',
    'xlink:href',
    'background',
    'poster',
    'ping',
    'lowsrc',
    'dynsrc',
    'usemap',
    'form',
  ],
  ALLOWED_URI_REGEXP: /^(?:https?|mailto):/i,
  ALLOW_DATA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  SAFE_FOR_TEMPLATES: false,
  WHOLE_DOCUMENT: false,
};

/** What the rules need of an element (a DOM Element in any DOM). */
interface ElementLike {
  tagName?: string;
  hasAttribute?(name: string): boolean;
  getAttribute?(name: string): string | null;
  setAttribute?(name: string, value: string): void;
  removeAttribute?(name: string): void;
}

/** What the rules need of a DOMPurify instance. */
export interface PurifierLike {
  sanitize(dirty: string, config: never): unknown;
  // DOMPurify's overloads type the node per hook; any DOM's Element fits ElementLike.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  addHook(entryPoint: string, hook: (node: any) => void): void;
}

export interface SafeHtmlOptions {
  /** `_blank` in the app, so a link opens outside it; exports keep links plain. */
  linkTarget?: '_blank';
}

export interface SafeHtml {
  /** Sanitises an HTML fragment with the rule set. */
  sanitizeHtml(html: string): string;
  /** Renders user Markdown to a sanitised HTML fragment ('' for blank input). */
  renderMarkdown(markdown: string): string;
}

/**
 * Installs the rule set on `purify` (use an instance of its own: the hooks
 * stay on it) and returns the two operations every host uses.
 */
export function createSafeHtml(purify: PurifierLike, options: SafeHtmlOptions = {}): SafeHtml {
  purify.addHook('afterSanitizeAttributes', (node: unknown) => {
    const el = node as ElementLike;
    if (!el.getAttribute || !el.removeAttribute || !el.setAttribute) return;
    const tag = (el.tagName ?? '').toUpperCase();
    const href = el.getAttribute('href');
    if (href !== null) {
      if (!isSafeLinkUrl(href.trim())) el.removeAttribute('href');
      else if (tag === 'A') {
        el.setAttribute('rel', 'noopener noreferrer');
        if (options.linkTarget) el.setAttribute('target', options.linkTarget);
      }
    }
    const src = el.getAttribute('src');
    if (src !== null && !(tag === 'IMG' && SAFE_IMAGE_SRC.test(src))) el.removeAttribute('src');
  });
  const marked = markdownDialect();
  const sanitizeHtml = (html: string) => String(purify.sanitize(html, SANITIZE_CONFIG as never));
  return {
    sanitizeHtml,
    renderMarkdown: (markdown) => (markdown.trim() ? sanitizeHtml(marked.parse(markdown) as string) : ''),
  };
}

// ---------------------------------------------------------------- Markdown kept as Markdown

type Fix = { raw: string; replacement: string };

function linkIsSafe(t: Tokens.Link): boolean {
  return isSafeLinkUrl(t.href.trim());
}

/** The pieces of `tokens` (recursively) that must change, in document order. */
function unsafePieces(tokens: Token[], out: Fix[]): void {
  for (const t of tokens) {
    switch (t.type) {
      case 'link': {
        const link = t as Tokens.Link;
        if (!linkIsSafe(link)) out.push({ raw: link.raw, replacement: escapeText(link.text) });
        else if (link.tokens) unsafePieces(link.tokens, out);
        continue;
      }
      case 'image': {
        const image = t as Tokens.Image;
        if (!SAFE_IMAGE_SRC.test(image.href)) out.push({ raw: image.raw, replacement: escapeText(image.text) });
        continue;
      }
      case 'html': {
        const html = t as Tokens.HTML | Tokens.Tag;
        out.push({ raw: html.raw, replacement: html.raw.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') });
        continue;
      }
      case 'def': {
        const def = t as Tokens.Def;
        if (!isSafeLinkUrl(def.href.trim())) out.push({ raw: def.raw, replacement: '' });
        continue;
      }
      default:
        break;
    }
    const nested = t as {
      tokens?: Token[];
      items?: Array<{ tokens?: Token[] }>;
      header?: Array<{ tokens?: Token[] }>;
      rows?: Array<Array<{ tokens?: Token[] }>>;
    };
    if (nested.tokens) unsafePieces(nested.tokens, out);
    if (nested.items) for (const item of nested.items) if (item.tokens) unsafePieces(item.tokens, out);
    if (nested.header) for (const cell of nested.header) if (cell.tokens) unsafePieces(cell.tokens, out);
    if (nested.rows) for (const row of nested.rows) for (const cell of row) if (cell.tokens) unsafePieces(cell.tokens, out);
  }
}

/** Plain text as Markdown that shows it literally. */
function escapeText(text: string): string {
  return text.replace(/[\\`*_[\]<>()!#|~&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : '\\' + c));
}

const lexer = markdownDialect();

function lex(markdown: string): Token[] {
  return lexer.lexer(markdown) as Token[];
}

/**
 * User Markdown with the rule set applied, kept as Markdown: links whose
 * target may not be a link become their text, images that are not embedded
 * become their alt text, raw HTML becomes text, and link definitions with an
 * unsafe target are dropped. Markdown that needs none of this is returned
 * unchanged, byte for byte. Should a rewrite ever leave something unsafe
 * (a construct the rewrite cannot place), the whole fragment is returned as
 * escaped plain text instead — never as live Markdown.
 */
export function neutraliseMarkdown(markdown: string): string {
  let source = markdown;
  for (let pass = 0; pass < 3; pass++) {
    const fixes: Fix[] = [];
    unsafePieces(lex(source), fixes);
    if (fixes.length === 0) return source;
    let cursor = 0;
    let out = '';
    let placed = true;
    for (const fix of fixes) {
      const at = source.indexOf(fix.raw, cursor);
      if (at < 0) {
        placed = false;
        break;
      }
      out += source.slice(cursor, at) + fix.replacement;
      cursor = at + fix.raw.length;
    }
    if (!placed) break;
    source = out + source.slice(cursor);
  }
  const check: Fix[] = [];
  unsafePieces(lex(source), check);
  if (check.length === 0) return source;
  return markdown
    .split('\n')
    .map((line) => escapeText(line))
    .join('\n');
}
