/**
 * The composer's live Markdown preview: the same dialect as every export
 * (marked with GFM and hard line breaks — see core/export/sanitize.ts) and the
 * same sanitising rules, here with DOMPurify on the window's own DOM. Nothing
 * typed into a note can run script, load a remote resource or restyle the
 * app: no <script>, event handlers, javascript: URLs, <style>, style
 * attributes, frames or forms; images only from data: URLs.
 */
import { createMarked } from '../../src-main/common/markdown-options';
import createDOMPurify, { type DOMPurify } from 'dompurify';

const markdown = createMarked({ breaks: true, async: false });

const PURIFY_CONFIG = {
  USE_PROFILES: { html: true },
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'frame', 'object', 'embed', 'link', 'meta', 'base', 'svg', 'math', 'template'],
  FORBID_ATTR: ['style', 'class', 'id', 'srcset', 'target'],
  ALLOW_DATA_ATTR: false,
};

let purifier: DOMPurify | undefined;

function getPurifier(): DOMPurify {
  if (purifier) return purifier;
  const p = createDOMPurify(window);
  p.addHook('afterSanitizeAttributes', (node) => {
    const el = node as Element;
    if (el.tagName === 'A' && el.hasAttribute('href')) el.setAttribute('rel', 'noopener noreferrer');
    if (el.tagName === 'IMG') {
      const src = el.getAttribute('src') ?? '';
      if (!/^data:image\/(png|jpeg|gif|webp);/i.test(src)) el.removeAttribute('src');
    }
  });
  purifier = p;
  return p;
}

/** User Markdown → sanitised HTML for the preview. */
export function renderMarkdown(source: string): string {
  if (!source.trim()) return '';
  return getPurifier().sanitize(markdown.parse(source) as string, PURIFY_CONFIG) as string;
}
