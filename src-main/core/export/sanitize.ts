/**
 * User Markdown → safe HTML fragment for the print preview and the exports,
 * with the one rule set of every place that shows user Markdown
 * (`common/sanitize-rules.ts`): marked, then DOMPurify on one shared jsdom
 * window. Scripts never run there and nothing is fetched.
 */
import createDOMPurify from 'dompurify';
import { JSDOM } from 'jsdom';
import type { Marked } from 'marked';
import { createSafeHtml, markdownDialect, type PurifierLike, type SafeHtml } from '../../common/sanitize-rules';

/** The one Markdown dialect of every export (the DOCX writer uses the same lexer). */
export const markdown: Marked = markdownDialect();

let safe: SafeHtml | undefined;

function rules(): SafeHtml {
  if (safe) return safe;
  const { window } = new JSDOM('');
  safe = createSafeHtml(createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]) as unknown as PurifierLike);
  return safe;
}

export function sanitizeHtml(html: string): string {
  return rules().sanitizeHtml(html);
}

/** Renders a user Markdown fragment to sanitised HTML. */
export function renderMarkdown(source: string): string {
  return rules().renderMarkdown(source);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}
