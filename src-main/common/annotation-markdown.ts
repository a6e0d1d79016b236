/**
 * An article's highlights as Markdown: for each, the quote as a blockquote,
 * the note (already Markdown, passed through), the tags and a source line.
 * Used for the Markdown export and as the building block of briefing items.
 * Quotes and metadata are article text, so Markdown syntax in them is escaped
 * and renders literally; notes are the user's Markdown and are not.
 */
import { positionSelector, quoteSelector, type Annotation } from './annotation';
import type { ArticleMeta } from './model';

export type MarkdownArticle = { meta: Pick<ArticleMeta, 'title' | 'source' | 'published' | 'url'> };

export interface AnnotationsMarkdownOptions {
  /** Heading level of the article title (default 2: `## Title`); 0 leaves the heading out. */
  headingLevel?: number;
  /** Labels, for a Chinese export `MARKDOWN_LABELS.zh`. */
  labels?: Partial<MarkdownLabels>;
}

export interface MarkdownLabels {
  tags: string;
  source: string;
  orphan: string;
}

const DEFAULT_LABELS: MarkdownLabels = {
  tags: 'Tags',
  source: 'Source',
  orphan: '(This passage is no longer found in the article.)',
};

/** The labels of a Markdown export in each language it is written in. */
export const MARKDOWN_LABELS: Record<'zh' | 'en', MarkdownLabels> = {
  en: DEFAULT_LABELS,
  zh: { tags: '标签', source: '来源', orphan: '（原文中已找不到此段）' },
};

/**
 * The language an export of these articles is written in: Chinese when most
 * of their titles hold CJK characters (People's Daily, ministry notices),
 * else English — the same rule as a briefing's labels (briefingLanguage).
 */
export function exportLanguage(articles: readonly MarkdownArticle[]): 'zh' | 'en' {
  const cjk = articles.filter((a) => /[\u3400-\u9fff\uf900-\ufaff]/.test(a.meta.title)).length;
  return articles.length > 0 && cjk * 2 >= articles.length ? 'zh' : 'en';
}

/** Backslash-escapes what CommonMark could read as syntax inside a line of plain text. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]<>|~]/g, (c) => `\\${c}`)
    .replace(/^(\s*)([#+=-])/gm, '$1\\$2') // headings, list items, setext underlines
    .replace(/^(\s*)(\d+)([.)])(?=\s|$)/gm, '$1$2\\$3'); // ordered list items
}

function blockquote(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => (line.trim() === '' ? '>' : `> ${escapeMarkdown(line)}`))
    .join('\n');
}

function sourceLine(article: MarkdownArticle, label: string): string {
  const { title, source, published, url } = article.meta;
  const titleText = escapeMarkdown(title);
  const parts = [url ? `[${titleText}](<${url.replace(/[<>\s]/g, encodeURIComponent)}>)` : titleText];
  if (source) parts.push(escapeMarkdown(source));
  if (published) parts.push(escapeMarkdown(published));
  return `${label}: ${parts.join(', ')}`;
}

/** One highlight as Markdown (no trailing newline). */
export function annotationToMarkdown(
  article: MarkdownArticle,
  annotation: Annotation,
  options: AnnotationsMarkdownOptions = {},
): string {
  const labels = { ...DEFAULT_LABELS, ...options.labels };
  const parts = [blockquote(quoteSelector(annotation).exact)];
  if (annotation.orphan) parts.push(`*${escapeMarkdown(labels.orphan)}*`);
  const note = annotation.note.trim();
  if (note !== '') parts.push(note);
  if (annotation.tags.length > 0) {
    parts.push(`${labels.tags}: ${annotation.tags.map((t) => `\`${t.replace(/`/g, "'")}\``).join(' ')}`);
  }
  parts.push(sourceLine(article, labels.source));
  return parts.join('\n\n');
}

/**
 * All highlights of one article in reading order (by position; orphans last,
 * in the order given), separated by thematic breaks, under the article title.
 */
export function annotationsToMarkdown(
  article: MarkdownArticle,
  annotations: readonly Annotation[],
  options: AnnotationsMarkdownOptions = {},
): string {
  const level = options.headingLevel ?? 2;
  const ordered = annotations
    .map((a, i) => ({ a, i }))
    .sort((x, y) => {
      const ox = x.a.orphan ? 1 : 0;
      const oy = y.a.orphan ? 1 : 0;
      if (ox !== oy) return ox - oy;
      if (!x.a.orphan) {
        const d = positionSelector(x.a).start - positionSelector(y.a).start;
        if (d !== 0) return d;
      }
      return x.i - y.i;
    })
    .map(({ a }) => a);
  const sections: string[] = [];
  if (level > 0) sections.push(`${'#'.repeat(Math.min(6, level))} ${escapeMarkdown(article.meta.title)}`);
  sections.push(ordered.map((a) => annotationToMarkdown(article, a, options)).join('\n\n---\n\n'));
  return `${sections.filter((s) => s !== '').join('\n\n')}\n`;
}
