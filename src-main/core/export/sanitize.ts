/**
 * User Markdown → safe HTML fragment: marked (GFM, line breaks kept, since
 * analysts type notes in a text box and Chinese prose must not gain spaces at
 * soft breaks) then DOMPurify on one shared jsdom window. Nothing that can run
 * script, load a remote resource or restyle the page survives: no <script>,
 * event handlers, javascript: URLs, <style>, style attributes, frames, forms,
 * or images that are not data: URLs.
 */
import { createMarked } from '../../common/markdown-options';
import createDOMPurify, { type DOMPurify } from 'dompurify';
import { JSDOM } from 'jsdom';

/** The one Markdown dialect of every export (the DOCX writer uses the same lexer). */
export const markdown = createMarked({ breaks: true, async: false });

let purifier: DOMPurify | undefined;

function getPurifier(): DOMPurify {
  if (purifier) return purifier;
  const { window } = new JSDOM('');
  const p = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]);
  p.addHook('afterSanitizeAttributes', (node) => {
    const el = node as Element;
    if (el.tagName === 'A' && el.hasAttribute('href')) {
      el.setAttribute('rel', 'noopener noreferrer');
    }
    if (el.tagName === 'IMG') {
      const src = el.getAttribute('src') ?? '';
      if (!/^data:image\/(png|jpeg|gif|webp);/i.test(src)) el.removeAttribute('src');
    }
  });
  purifier = p;
  return p;
}

const PURIFY_CONFIG = {
  USE_PROFILES: { html: true },
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'frame', 'object', 'embed', 'link', 'meta', 'base', 'svg', 'math', 'template'],
  FORBID_ATTR: ['style', 'class', 'id', 'srcset', 'target'],
  ALLOW_DATA_ATTR: false,
};

export function sanitizeHtml(html: string): string {
  return getPurifier().sanitize(html, PURIFY_CONFIG) as string;
}

/** Renders a user Markdown fragment to sanitised HTML. */
export function renderMarkdown(source: string): string {
  if (!source.trim()) return '';
  return sanitizeHtml(markdown.parse(source) as string);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}
