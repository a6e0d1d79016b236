/**
 * The one place where a briefing becomes a document: an ordered outline of
 * blocks in which every generated string — heading numbers (一、/（一）), labels
 * (摘要, 报/送/发), citation lines, dates, the sources list — is decided once.
 * The Markdown writer (`to-markdown.ts`), the HTML writer
 * (`core/export/html.ts`, which PDF printing uses) and the DOCX writer
 * (`core/export/docx.ts`) all walk this outline, so every export format holds
 * the same text in the same order; only the markup differs.
 *
 * User Markdown (summary, notes, free items) stays Markdown here; each writer
 * renders it with the same parser (marked). Headings inside it are shifted
 * below the section headings and, for the GB/T 9704 template, numbered
 * （一）（二）… per section, by rewriting the Markdown source itself so all
 * writers agree.
 */
import { Lexer, type Token, type Tokens } from 'marked';
import { briefingLanguage, type Briefing, type TemplateName } from './model';

export type Language = 'zh' | 'en';

export interface MastheadBlock {
  kind: 'masthead';
  /** Series name printed large (gbt9704: red), e.g. 政策简报; may be empty. */
  publicationName: string;
  /** e.g. 第12期 / No. 12; empty when the briefing has no number. */
  issue: string;
  organisation: string;
  /** Localised, e.g. 2023年7月12日 / 12 July 2023. */
  date: string;
  classification: string;
  title: string;
}

export interface SummaryBlock {
  kind: 'summary';
  label: string;
  markdown: string;
}

export interface SectionHeadingBlock {
  kind: 'section-heading';
  /** Number prefix with its separator, e.g. `一、` or `1. `; empty when none. */
  number: string;
  text: string;
}

export interface HighlightBlock {
  kind: 'highlight';
  id: string;
  /** The quote split into paragraphs (blank lines / line breaks in the quote). */
  paragraphs: string[];
  /** The passage as Markdown (tables, list numbers, bold, links), drawn instead of `paragraphs` when present. */
  passage?: string;
  /** e.g. ——《世界人工智能大会磁场效应显现》，人民日报，2023年7月10日 */
  citation: string;
  note: string;
  color?: string;
  url?: string;
}

export interface MarkdownBlock {
  kind: 'markdown';
  id: string;
  markdown: string;
}

export interface SourcesBlock {
  kind: 'sources';
  label: string;
  entries: { text: string; url?: string }[];
}

export interface DistributionBlock {
  kind: 'distribution';
  lines: { label: string; text: string }[];
}

export type OutlineBlock =
  | MastheadBlock
  | SummaryBlock
  | SectionHeadingBlock
  | HighlightBlock
  | MarkdownBlock
  | SourcesBlock
  | DistributionBlock;

export interface Outline {
  template: TemplateName;
  language: Language;
  title: string;
  blocks: OutlineBlock[];
  /** Every quote and citation line, in order: what a reader must find in any export. */
  quotes: { text: string; citation: string }[];
}

const LABELS = {
  zh: { summary: { modern: '要点', gbt9704: '内容提要' }, sources: '参考来源', to: '报', cc: '送', issuedTo: '发' },
  en: { summary: { modern: 'Key points', gbt9704: 'Summary' }, sources: 'Sources', to: 'To', cc: 'Copy', issuedTo: 'Issued to' },
} as const;

const CN_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (enough for headings). */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0) return String(n);
  if (n < 10) return CN_DIGITS[n];
  if (n < 20) return '十' + (n % 10 ? CN_DIGITS[n % 10] : '');
  if (n < 100) return CN_DIGITS[Math.floor(n / 10)] + '十' + (n % 10 ? CN_DIGITS[n % 10] : '');
  if (n < 1000) {
    const rest = n % 100;
    return CN_DIGITS[Math.floor(n / 100)] + '百' + (rest === 0 ? '' : rest < 10 ? '零' + CN_DIGITS[rest] : rest < 20 ? '一' + chineseNumber(rest) : chineseNumber(rest));
  }
  return String(n);
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `2023-07-12` → `2023年7月12日` / `12 July 2023`; anything else is returned as is. */
export function formatDate(iso: string | undefined, lang: Language): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return lang === 'zh' ? `${y}年${mo}月${d}日` : `${d} ${MONTHS[mo - 1]} ${y}`;
}

export function formatIssue(issue: number | string | undefined, lang: Language): string {
  if (issue === undefined || issue === '') return '';
  const s = String(issue).trim();
  if (/^\d+$/.test(s)) return lang === 'zh' ? `第${s}期` : `No. ${s}`;
  return s;
}

/** `——《title》，source，date` (zh) or `— “Title”, Source, 12 July 2023` (en). */
export function citationLine(c: { title: string; source?: string; published?: string }, lang: Language): string {
  const date = formatDate(c.published, lang);
  if (lang === 'zh') {
    const title = c.title ? `《${c.title.replace(/^《|》$/g, '')}》` : '';
    return '——' + [title, c.source, date].filter(Boolean).join('，');
  }
  return '— ' + [c.title ? `“${c.title}”` : '', c.source, date].filter(Boolean).join(', ');
}

/** A heading the user already numbered (一、 / （一） / 1. / 1、) keeps its own number. */
const ALREADY_NUMBERED = /^\s*(?:[一二三四五六七八九十百零]+[、．.]|[（(][一二三四五六七八九十百零\d]+[）)]|\d+[.、．)）]\s*)/;

function sectionNumber(index: number, template: TemplateName, lang: Language, heading: string): string {
  if (ALREADY_NUMBERED.test(heading)) return '';
  if (template === 'gbt9704') return lang === 'zh' ? `${chineseNumber(index + 1)}、` : `${index + 1}. `;
  return '';
}

/**
 * Rewrites the ATX/setext headings of a Markdown fragment so the shallowest
 * becomes `baseLevel` and deeper ones follow, numbering the shallowest with
 * `number(n)` (counter shared across the fragments of one section via `state`).
 * Code blocks and everything else are left byte for byte.
 */
export function shiftHeadings(
  markdown: string,
  baseLevel: number,
  state: { count: number },
  number?: (n: number) => string,
): string {
  if (!/(^|\n)\s{0,3}(#{1,6}\s|[=-]{2,}\s*($|\n))/.test(markdown)) return markdown;
  const tokens = new Lexer().lex(markdown);
  const headings = tokens.filter((t): t is Tokens.Heading => t.type === 'heading');
  if (headings.length === 0) return markdown;
  const minDepth = Math.min(...headings.map((h) => h.depth));
  return tokens
    .map((t: Token) => {
      if (t.type !== 'heading') return t.raw;
      const h = t as Tokens.Heading;
      const level = Math.min(6, baseLevel + h.depth - minDepth);
      let text = h.text.replace(/\s*\n\s*/g, ' ').trim();
      if (h.depth === minDepth && number && !ALREADY_NUMBERED.test(text)) {
        state.count += 1;
        text = number(state.count) + text;
      }
      // Keep the heading's own line ending; blank lines after it are separate tokens.
      const trailing = /\n*$/.exec(h.raw)?.[0] ?? '';
      return `${'#'.repeat(level)} ${text}${trailing}`;
    })
    .join('');
}

function sourceKey(c: { title: string; source?: string; published?: string; url?: string }): string {
  return [c.title, c.source ?? '', c.published ?? '', c.url ?? ''].join('\u0000');
}

/** Builds the outline of a briefing for one template. */
export function buildOutline(b: Briefing, template: TemplateName = b.template ?? 'modern'): Outline {
  const lang = briefingLanguage(b);
  const L = LABELS[lang];
  const h = b.header;
  const blocks: OutlineBlock[] = [];
  const quotes: Outline['quotes'] = [];

  blocks.push({
    kind: 'masthead',
    // The GB/T 9704 masthead (版头) is the series name in red; a briefing that names none is a plain 简报.
    publicationName: (h.publicationName ?? '').trim() || (template === 'gbt9704' ? (lang === 'zh' ? '简报' : 'Briefing') : ''),
    issue: formatIssue(h.issueNumber, lang),
    organisation: h.organisation.trim(),
    date: formatDate(h.date, lang),
    classification: (h.classification ?? '').trim(),
    title: h.title.trim(),
  });

  if (b.summary.trim()) {
    blocks.push({ kind: 'summary', label: L.summary[template], markdown: shiftHeadings(b.summary.trim(), 3, { count: 0 }) });
  }

  const sources = new Map<string, { text: string; url?: string }>();
  const subNumber = template === 'gbt9704' && lang === 'zh' ? (n: number) => `（${chineseNumber(n)}）` : undefined;

  b.sections.forEach((section, index) => {
    blocks.push({
      kind: 'section-heading',
      number: sectionNumber(index, template, lang, section.heading),
      text: section.heading.trim(),
    });
    const state = { count: 0 };
    for (const item of section.items) {
      switch (item.kind) {
        case 'highlight': {
          const citation = citationLine(item.citation, lang);
          const paragraphs = item.quote
            .split(/\n+/)
            .map((p) => p.replace(/^[\s\u3000]+|[\s\u3000]+$/g, ''))
            .filter(Boolean);
          const block: HighlightBlock = { kind: 'highlight', id: item.id, paragraphs, citation, note: item.note.trim() };
          if (item.passage?.trim()) block.passage = item.passage.trim();
          if (item.color) block.color = item.color;
          if (item.citation.url) block.url = item.citation.url;
          blocks.push(block);
          quotes.push({ text: paragraphs.join('\n'), citation });
          const key = sourceKey(item.citation);
          if (!sources.has(key)) {
            const text = citationLine(item.citation, lang).replace(/^——|^— /, '');
            sources.set(key, item.citation.url ? { text, url: item.citation.url } : { text });
          }
          break;
        }
        case 'markdown': {
          const markdown = shiftHeadings(item.markdown.trim(), 3, state, subNumber);
          if (markdown) blocks.push({ kind: 'markdown', id: item.id, markdown });
          break;
        }
        default: {
          const never: never = item;
          throw new Error(`Unknown item kind ${(never as { kind: string }).kind}`);
        }
      }
    }
  });

  // The official layout carries each citation beside its quote; the modern one
  // also lists the sources at the end, as reports in English usually do.
  if (template === 'modern' && sources.size > 0) {
    blocks.push({ kind: 'sources', label: L.sources, entries: [...sources.values()] });
  }

  const d = h.distribution;
  const lines = d
    ? ([
        ['to', d.to],
        ['cc', d.cc],
        ['issuedTo', d.issuedTo],
      ] as const)
        .filter(([, text]) => text && text.trim())
        .map(([key, text]) => ({ label: L[key], text: text!.trim() }))
    : [];
  if (lines.length > 0) blocks.push({ kind: 'distribution', lines });

  return { template, language: lang, title: h.title.trim(), blocks, quotes };
}
