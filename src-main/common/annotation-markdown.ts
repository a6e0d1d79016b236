/**
 * An article's highlights as Markdown: for each, the quote as a blockquote,
 * the note (the user's Markdown, kept as Markdown with the shared link and
 * HTML rules applied: `neutraliseMarkdown`), the tags and a source line.
 * Used for the Markdown export and as the building block of briefing items.
 * Quotes and metadata are article text, so Markdown syntax in them is escaped
 * and renders literally; notes are the user's Markdown and are not escaped,
 * but a link or image that may not be one becomes its text, as in every export. The
 * article's inline marks inside a quote (bold, italics, links: `Article.marks`)
 * are kept as `**`, `*` and `[…](<…>)` — a link only with an http(s) or
 * mailto target — when the article's text is given and the highlight is
 * placed.
 */
import { positionSelector, quoteSelector, type Annotation } from './annotation';
import type { ArticleMeta, Mark } from './model';
import { markedMarkdown, marksWithin } from './marks';
import { isSafeLinkUrl } from './safe-url';
import { neutraliseMarkdown } from './sanitize-rules';
import { formatDate } from './briefing/outline';

/** What the Markdown needs of an article: its metadata, and (for the marks in quotes) its text and marks. */
export type MarkdownArticle = { meta: Pick<ArticleMeta, 'title' | 'source' | 'published' | 'url'>; text?: string; marks?: readonly Mark[] };

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
  /** After a label (`Source: `, `来源：`). */
  colon: string;
  /** Between the parts of the source line (title, 发文机关, date). */
  separator: string;
  /** Dates as `2024年3月18日` (zh) or as stored, `2024-03-18` (en). */
  language: 'zh' | 'en';
}

const DEFAULT_LABELS: MarkdownLabels = {
  tags: 'Tags',
  source: 'Source',
  orphan: '(This passage is no longer found in the article.)',
  colon: ': ',
  separator: ', ',
  language: 'en',
};

/** The labels of a Markdown export in each language it is written in. */
export const MARKDOWN_LABELS: Record<'zh' | 'en', MarkdownLabels> = {
  en: DEFAULT_LABELS,
  zh: { tags: '标签', source: '来源', orphan: '（原文中已找不到此段）', colon: '：', separator: '，', language: 'zh' },
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

/**
 * The highlight's quote as a blockquote, with the article's marks inside it
 * where the article's text at the highlight's position is the quote (a placed
 * highlight); links whose target is not http(s) or mailto are left out (their
 * text stays). Lines without marks are escaped as plain quotes are.
 */
function quoteMarkdown(article: MarkdownArticle, annotation: Annotation): string {
  const exact = quoteSelector(annotation).exact;
  if (annotation.orphan || !article.marks?.length || article.text === undefined) return blockquote(exact);
  const { start, end } = positionSelector(annotation);
  if (article.text.slice(start, end) !== exact) return blockquote(exact);
  const marks = marksWithin(article.marks, start, end).filter((m) => m.kind !== 'link' || (m.href !== undefined && isSafeLinkUrl(m.href)));
  if (!marks.length) return blockquote(exact);
  let at = start;
  return exact
    .split('\n')
    .map((line) => {
      const from = at;
      at += line.length + 1;
      if (line.trim() === '') return '>';
      const inLine = marksWithin(marks, from, from + line.length);
      return `> ${inLine.length ? markedMarkdown(line, from, inLine) : escapeMarkdown(line)}`;
    })
    .join('\n');
}

function sourceLine(article: MarkdownArticle, labels: MarkdownLabels): string {
  const { title, source, published, url } = article.meta;
  const titleText = escapeMarkdown(title);
  const parts = [url ? `[${titleText}](<${url.replace(/[<>\s]/g, encodeURIComponent)}>)` : titleText];
  if (source) parts.push(escapeMarkdown(source));
  if (published) parts.push(escapeMarkdown(labels.language === 'zh' ? formatDate(published, 'zh') : published));
  return `${labels.source}${labels.colon}${parts.join(labels.separator)}`;
}

/** One highlight as Markdown (no trailing newline). */
export function annotationToMarkdown(article: MarkdownArticle, annotation: Annotation, options: AnnotationsMarkdownOptions = {}): string {
  const labels = { ...DEFAULT_LABELS, ...options.labels };
  const parts = [quoteMarkdown(article, annotation)];
  if (annotation.orphan) parts.push(`*${escapeMarkdown(labels.orphan)}*`);
  const note = annotation.note.trim();
  if (note !== '') parts.push(neutraliseMarkdown(note));
  if (annotation.tags.length > 0) {
    parts.push(`${labels.tags}${labels.colon}${annotation.tags.map((t) => `\`${t.replace(/`/g, "'")}\``).join(' ')}`);
  }
  parts.push(sourceLine(article, labels));
  return parts.join('\n\n');
}

/**
 * All highlights of one article in reading order (by position; orphans last,
 * in the order given), separated by thematic breaks, under the article title.
 */
export function annotationsToMarkdown(article: MarkdownArticle, annotations: readonly Annotation[], options: AnnotationsMarkdownOptions = {}): string {
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
