/**
 * Notes are the user's Markdown, rendered with the one rule set of every
 * place that shows or exports it (`src-main/common/sanitize-rules.ts`): a
 * pasted note can never run script, load anything or restyle the app. Links
 * (http, https, mailto only) open outside the app.
 */
import createDOMPurify from 'dompurify';
import { createSafeHtml, type SafeHtml } from '../../src-main/common/sanitize-rules';

let safe: SafeHtml | undefined;

/** Sanitised HTML for a Markdown note; empty string for an empty note. */
export function renderNoteHtml(markdown: string): string {
  // A private DOMPurify instance, so the rule set's hooks stay on it.
  safe ??= createSafeHtml(createDOMPurify(window), { linkTarget: '_blank' });
  return safe.renderMarkdown(markdown);
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
