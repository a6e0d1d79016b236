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
import { safeLinkUrl } from '../safe-url';

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
  /**
   * The citation as printed: `——《title》，source，date` in full, or `——同上` /
   * `— Ibid.` when the excerpt before it in the same section has the same source.
   */
  citation: string;
  /**
   * `citation` in pieces; a piece marked `keep` must not be broken across
   * lines (the source with its date), so a date never wraps alone. HTML sets
   * each kept piece in a no-wrap span; DOCX breaks the line before a kept
   * piece that would not fit.
   */
  citationParts: { text: string; keep: boolean }[];
  /** True when `citation` is the short form (the source is the previous excerpt's). */
  repeated: boolean;
  /** The full citation, also when `citation` is the short form. */
  fullCitation: string;
  note: string;
  /** Label printed before the note (按 / 点评 / 编者按 / Note…), without its colon; empty for none or when there is no note. */
  noteLabel: string;
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

/**
 * The 版记 (GB/T 9704-2012 §7.4) / 报尾 of a 简报, printed at the foot of the
 * last page between rules: the 报/送/发 lines, then the copies line (共印N份),
 * then (gbt9704) the 印发机关 and 印发日期 line.
 */
export interface DistributionBlock {
  kind: 'distribution';
  lines: { label: string; text: string }[];
  /** e.g. 共印60份 / 60 copies printed. */
  copies?: string;
  /** 印发机关: the organisation; gbt9704 only. */
  issuer?: string;
  /** 印发日期 with its word, e.g. 2023年7月14日印发; gbt9704 only. */
  issued?: string;
}

export type OutlineBlock = MastheadBlock | SummaryBlock | SectionHeadingBlock | HighlightBlock | MarkdownBlock | SourcesBlock | DistributionBlock;

export interface Outline {
  template: TemplateName;
  language: Language;
  title: string;
  blocks: OutlineBlock[];
  /** Every quote and its citation line as printed, in order: what a reader must find in any export. */
  quotes: { text: string; citation: string }[];
}

const LABELS = {
  zh: {
    summary: { modern: '要点', gbt9704: '内容提要' },
    sources: '参考来源',
    to: '报',
    cc: '送',
    issuedTo: '发',
    ibid: '——同上',
    note: { note: '按', comment: '点评', editor: '编者按', none: '' },
  },
  en: {
    summary: { modern: 'Key points', gbt9704: 'Summary' },
    sources: 'Sources',
    to: 'To',
    cc: 'Copy',
    issuedTo: 'Issued to',
    ibid: '— Ibid.',
    note: { note: 'Note', comment: 'Comment', editor: 'Editor’s note', none: '' },
  },
} as const;

/** The colon after a note label: full-width in Chinese, `: ` in English. */
/**
 * A comment without the label its writer typed in front of it when the
 * export prints that label anyway (`按：…`, `**按**：`, `按:`, `Note: …`,
 * any spaces), so no format prints 按：按：. Another label typed on purpose
 * (点评： under 按) stays. An empty label changes nothing.
 */
export function withoutTypedLabel(note: string, label: string): string {
  if (!label) return note;
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const typed = new RegExp(`^(?:\\*\\*|__)?${escaped}(?:\\*\\*|__)?[\\s\u3000]*[:：][\\s\u3000]*`, 'i');
  const rest = note.replace(typed, '');
  return rest === note || rest.trim() === '' ? note : rest;
}

export function labelColon(lang: Language): string {
  return lang === 'zh' ? '：' : ': ';
}

/** 共印60份 / 60 copies printed. */
export function copiesLine(copies: number, lang: Language): string {
  return lang === 'zh' ? `共印${copies}份` : `${copies} ${copies === 1 ? 'copy' : 'copies'} printed`;
}

const CN_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (enough for headings). */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0) return String(n);
  if (n < 10) return CN_DIGITS[n];
  if (n < 20) return '十' + (n % 10 ? CN_DIGITS[n % 10] : '');
  if (n < 100) return CN_DIGITS[Math.floor(n / 10)] + '十' + (n % 10 ? CN_DIGITS[n % 10] : '');
  if (n < 1000) {
    const rest = n % 100;
    return (
      CN_DIGITS[Math.floor(n / 100)] +
      '百' +
      (rest === 0 ? '' : rest < 10 ? '零' + CN_DIGITS[rest] : rest < 20 ? '一' + chineseNumber(rest) : chineseNumber(rest))
    );
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

/**
 * A title wrapped in book-title marks per GB/T 15834-2011 §4.15: marks inside
 * the outer 《》 alternate by depth (〈〉 at the first level, 《》 again at the
 * second), so `关于印发《行动计划》的通知` → `《关于印发〈行动计划〉的通知》`
 * and an inner `〈〉` stays. A title already wholly inside one pair of 《》 is
 * not wrapped twice. Unbalanced marks are all turned into the inner kind.
 */
export function wrapBookTitle(title: string): string {
  let t = title.trim();
  if (/^《/.test(t) && /》$/.test(t) && closingOf(t, 0) === t.length - 1) t = t.slice(1, -1);
  let depth = 0;
  let balanced = true;
  let out = '';
  for (const ch of t) {
    if (ch === '《' || ch === '〈') {
      depth++;
      out += depth % 2 === 1 ? '〈' : '《';
    } else if (ch === '》' || ch === '〉') {
      if (depth === 0) {
        balanced = false;
        out += '〉';
        continue;
      }
      out += depth % 2 === 1 ? '〉' : '》';
      depth--;
    } else out += ch;
  }
  if (!balanced || depth !== 0) out = t.replace(/《/g, '〈').replace(/》/g, '〉');
  return `《${out}》`;
}

/**
 * Book-title marks in running text (a briefing's title, a section heading) nested per GB/T
 * 15834-2011 §4.15: a book title inside another takes 〈〉, one inside that 《》 again, and so
 * on by depth, so `关于印发《行动计划《实施细则》》的通知` prints `关于印发《行动计划〈实施细则〉》的通知`.
 * Marks that do not pair up are left as written.
 */
export function nestBookTitles(text: string): string {
  if (!/[《〈]/.test(text)) return text;
  let depth = 0;
  let out = '';
  for (const ch of text) {
    if (ch === '《' || ch === '〈') {
      depth++;
      out += depth % 2 === 1 ? '《' : '〈';
    } else if (ch === '》' || ch === '〉') {
      if (depth === 0) return text;
      out += depth % 2 === 1 ? '》' : '〉';
      depth--;
    } else out += ch;
  }
  return depth === 0 ? out : text;
}

/** Index of the book-title mark closing the one opened at `open`, or -1. */
function closingOf(t: string, open: number): number {
  let depth = 0;
  for (let i = open; i < t.length; i++) {
    if (t[i] === '《' || t[i] === '〈') depth++;
    else if (t[i] === '》' || t[i] === '〉') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** `——《title》，source，date` (zh) or `— “Title”, Source, 12 July 2023` (en). */
export function citationLine(c: { title: string; source?: string; published?: string }, lang: Language): string {
  return citationParts(c, lang)
    .map((p) => p.text)
    .join('');
}

/**
 * The citation in pieces: the dash and title, then the source with its date
 * as one piece that must stay on one line (so the date never wraps alone).
 */
export function citationParts(c: { title: string; source?: string; published?: string }, lang: Language): { text: string; keep: boolean }[] {
  const date = formatDate(c.published, lang);
  const tail = [c.source?.trim(), date].filter(Boolean).join(lang === 'zh' ? '，' : ', ');
  const title = c.title ? (lang === 'zh' ? wrapBookTitle(c.title) : `“${c.title}”`) : '';
  const dash = lang === 'zh' ? '——' : '— ';
  if (!title)
    return tail
      ? [
          { text: dash, keep: false },
          { text: tail, keep: true },
        ]
      : [{ text: dash, keep: false }];
  if (!tail) return [{ text: dash + title, keep: false }];
  return [
    { text: dash + title + (lang === 'zh' ? '，' : ', '), keep: false },
    { text: tail, keep: true },
  ];
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
export function shiftHeadings(markdown: string, baseLevel: number, state: { count: number }, number?: (n: number) => string): string {
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
    title: nestBookTitles(h.title.trim()),
  });

  if (b.summary.trim()) {
    blocks.push({ kind: 'summary', label: L.summary[template], markdown: shiftHeadings(b.summary.trim(), 3, { count: 0 }) });
  }

  const sources = new Map<string, { text: string; url?: string }>();
  const subNumber = template === 'gbt9704' && lang === 'zh' ? (n: number) => `（${chineseNumber(n)}）` : undefined;
  const noteLabel = L.note[h.noteLabel ?? 'note'];

  b.sections.forEach((section, index) => {
    blocks.push({
      kind: 'section-heading',
      number: sectionNumber(index, template, lang, section.heading),
      text: nestBookTitles(section.heading.trim()),
    });
    const state = { count: 0 };
    // Citations are grouped per section: an excerpt from the same source as the excerpt before it says 同上.
    let previousSource: string | undefined;
    for (const item of section.items) {
      switch (item.kind) {
        case 'highlight': {
          const key = sourceKey(item.citation);
          const repeated = key === previousSource;
          previousSource = key;
          const fullParts = citationParts(item.citation, lang);
          const citationPartsShown = repeated ? [{ text: L.ibid, keep: true }] : fullParts;
          const citation = citationPartsShown.map((p) => p.text).join('');
          const paragraphs = item.quote
            .split(/\n+/)
            .map((p) => p.replace(/^[\s\u3000]+|[\s\u3000]+$/g, ''))
            .filter(Boolean);
          const note = withoutTypedLabel(item.note.trim(), noteLabel);
          const block: HighlightBlock = {
            kind: 'highlight',
            id: item.id,
            paragraphs,
            citation,
            citationParts: citationPartsShown,
            repeated,
            fullCitation: fullParts.map((p) => p.text).join(''),
            note,
            noteLabel: note ? noteLabel : '',
          };
          // Only http, https and mailto become links, in every writer (common/safe-url.ts); anything else stays plain text.
          const url = safeLinkUrl(item.citation.url);
          if (item.passage?.trim()) block.passage = item.passage.trim();
          if (item.color) block.color = item.color;
          if (url) block.url = url;
          blocks.push(block);
          quotes.push({ text: paragraphs.join('\n'), citation });
          if (!sources.has(key)) {
            const text = citationLine(item.citation, lang).replace(/^——|^— /, '');
            sources.set(key, url ? { text, url } : { text });
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
  // also lists the sources at the end, as reports in English usually do. Either
  // can be switched in the briefing's settings.
  if ((h.sourcesList ?? template === 'modern') && sources.size > 0) {
    blocks.push({ kind: 'sources', label: L.sources, entries: [...sources.values()] });
  }

  const d = h.distribution;
  const lines = d
    ? (
        [
          ['to', d.to],
          ['cc', d.cc],
          ['issuedTo', d.issuedTo],
        ] as const
      )
        .filter(([, text]) => text && text.trim())
        .map(([key, text]) => ({ label: L[key], text: text!.trim() }))
    : [];
  if (lines.length > 0 || h.copies) {
    const block: DistributionBlock = { kind: 'distribution', lines };
    if (h.copies) block.copies = copiesLine(h.copies, lang);
    // GB/T 9704 §7.4.3: 印发机关 one character in from the left, 印发日期 + 印发 from the right.
    if (template === 'gbt9704' && h.organisation.trim()) {
      block.issuer = h.organisation.trim();
      block.issued = formatDate(h.date, lang) + (lang === 'zh' ? '印发' : '');
    }
    blocks.push(block);
  }

  return { template, language: lang, title: nestBookTitles(h.title.trim()), blocks, quotes };
}
