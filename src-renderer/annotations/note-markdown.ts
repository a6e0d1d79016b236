/**
 * Notes are the user's Markdown. They are rendered with marked and then
 * sanitised with DOMPurify before they reach the DOM, so a pasted note can
 * never run script or load remote frames. Links open outside the app.
 */
import { createMarked } from '../../src-main/common/markdown-options';
import createDOMPurify from 'dompurify';

const marked = createMarked({ breaks: true });

let purifier: ReturnType<typeof createDOMPurify> | null = null;

function getPurifier(): ReturnType<typeof createDOMPurify> {
  if (purifier) return purifier;
  // A private instance, so our hook does not change sanitising elsewhere in the renderer.
  purifier = createDOMPurify(window);
  purifier.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A' && node.getAttribute('href')) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
  });
  return purifier;
}

/** Sanitised HTML for a Markdown note; empty string for an empty note. */
export function renderNoteHtml(markdown: string): string {
  if (!markdown.trim()) return '';
  const html = marked.parse(markdown, { async: false });
  return getPurifier().sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe'],
    FORBID_ATTR: ['style'],
  });
}

/** A one-line plain-text version of a note, for titles and labels. */
export function notePlainText(markdown: string, max = 80): string {
  const plain = markdown
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s*(?:[#>]+|[-*+]|\d+[.)])\s+/gm, '')
    .replace(/[*_`~]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > max ? `${plain.slice(0, max - 1)}…` : plain;
}
