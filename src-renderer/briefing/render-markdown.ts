/**
 * The composer's live Markdown preview: the same dialect and the same
 * sanitising rules as every export and the annotation panel
 * (`src-main/common/sanitize-rules.ts`), with DOMPurify on the window's own DOM.
 */
import createDOMPurify from 'dompurify';
import { createSafeHtml, type SafeHtml } from '../../src-main/common/sanitize-rules';

let safe: SafeHtml | undefined;

/** User Markdown → sanitised HTML for the preview. */
export function renderMarkdown(source: string): string {
  // A private DOMPurify instance, so the rule set's hooks stay on it.
  safe ??= createSafeHtml(createDOMPurify(window));
  return safe.renderMarkdown(source);
}
