/**
 * Markdown importer. marked's lexer gives the block structure; inline markup
 * is reduced to its text (links keep their text, images their alt text is
 * dropped, raw HTML keeps only its text). YAML front matter — the flat
 * `key: value` kind that notes apps and static-site tools write — supplies
 * title, source, author, date, URL and tags.
 *
 * Mapping: the first `#` heading → title; other headings → heading with their
 * level; paragraphs and code → paragraph (one per code line); blockquotes →
 * quote; list items → list-item (nested lists flattened, in order); tables →
 * one table block (see table-text.ts).
 */
import type { Marked, Token, Tokens } from 'marked';
import { createMarked } from '../../common/markdown-options';
import type { ParsedArticle } from '../../common/model';
import { bilingualError } from '../../common/errors';
import { isKnownSource, normalizeDate } from '../../common/metadata-detect';
import { isSiteOnlyTitle, plausibleDeclaredTitle, stripSiteSuffix } from '../../common/page-title';
import { MARK_CLOSE, MARK_OPEN, stripMarkSigns, type InlineMark } from '../../common/text-builder';
import { BOLD_HEADING_DEPTH, finishArticle, sameText, type DeclaredMeta, type RawBlock } from './article-builder';
import { safeHref } from './safe-href';
import { readTextTable, tableText } from '../../common/table-text';
import { isIssuerLine, isNoteLine, isRecordLine, isWrittenDateLine } from '../../common/line-roles';

/** Longest bold-only line that is a section head. */
const MAX_BOLD_HEADING = 40;

let markdownLexer: Marked | undefined;

/** marked as the whole app reads Markdown: GFM and CJK-friendly emphasis (common/markdown-options.ts). */
function lexer(): { lex(src: string): Token[] } {
  markdownLexer ??= createMarked();
  const m = markdownLexer;
  return { lex: (src) => m.lexer(src) };
}

/** Deepest block nesting (quotes inside lists inside quotes…) an article plausibly has. */
export const MAX_MARKDOWN_NESTING = 32;

/**
 * Refuses Markdown nested deeper than any article is (thousands of `>` or
 * list levels), before the recursive lexer meets it: such input takes
 * marked minutes and then overflows the stack. Linear in the input.
 */
function checkNesting(body: string, fileName: string): void {
  let deepest = 0;
  for (const line of body.split('\n', 200_000)) {
    const m = /^(?:[ \t]*(?:>|[-*+]|\d{1,9}[.)])(?=[ \t>]|$))+/.exec(line);
    if (!m) continue;
    const depth = (m[0].match(/>|[-*+]|\d{1,9}[.)]/g) ?? []).length + Math.floor((/^[ \t]*/.exec(line)?.[0].length ?? 0) / 2);
    if (depth > deepest) deepest = depth;
    if (deepest > MAX_MARKDOWN_NESTING) break;
  }
  // Leading indentation alone (nested lists written with spaces) also nests.
  if (deepest > MAX_MARKDOWN_NESTING) {
    throw bilingualError(
      'refused',
      `${fileName} nests quotations or lists more than ${MAX_MARKDOWN_NESTING} levels deep, which no article does; Briefing Desk does not import it. If it is a real document, flatten the nesting and import it again.`,
      `${fileName} 的引用或列表嵌套超过 ${MAX_MARKDOWN_NESTING} 层，正常文章不会如此，因此未导入。如确为正常文档，请减少嵌套层级后重新导入。`,
    );
  }
}

// ---------------------------------------------------------------------------
// Front matter

const FRONT_MATTER = /^(?:\ufeff)?---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

function unquote(value: string): string {
  const v = value.trim();
  if ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))) {
    return v.slice(1, -1).replace(/\\"/g, '"').replace(/''/g, "'");
  }
  return v.replace(/\s+#.*$/, ''); // trailing YAML comment
}

/**
 * Reads the flat subset of YAML front matter uses: `key: value`, quoted
 * strings, inline lists `[a, b]` and block lists (`- a`). Anything deeper is
 * ignored rather than guessed at; no YAML library is a dependency for this.
 */
export function parseFrontMatter(yaml: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  let listKey: string | undefined;
  for (const line of yaml.split(/\r?\n/)) {
    const item = /^\s+-\s+(.*)$|^-\s+(.*)$/.exec(line);
    if (item && listKey) {
      const list = out[listKey];
      const value = unquote(item[1] ?? item[2]);
      if (Array.isArray(list) && value) list.push(value);
      continue;
    }
    const kv = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(line);
    if (!kv) continue;
    const key = kv[1].toLowerCase();
    const value = kv[2].trim();
    listKey = undefined;
    if (value === '') {
      out[key] = [];
      listKey = key;
    } else if (value.startsWith('[') && value.endsWith(']')) {
      out[key] = value.slice(1, -1).split(',').map(unquote).filter(Boolean);
    } else out[key] = unquote(value);
  }
  return out;
}

/** `[[新华网]]` (a wiki link, as clippers write names) → `新华网`. */
function unwiki(value: string): string {
  return value.replace(/^\[\[([^\]|]*)(?:\|([^\]]*))?\]\]$/, (_, target: string, label?: string) => (label ?? target).trim());
}

/**
 * Front matter → metadata, as notes apps and web clippers write it. Clippers
 * put the page's <title> (with the site's name) in `title`, the page URL in
 * `source`, the site in `author`, and the capture date in `created` or
 * `clipped`: a capture date is never the publication date, and a site named
 * as author is only the source of last resort (`fallback`).
 */
function frontMatterMeta(fields: Record<string, string | string[]>): { declared: DeclaredMeta; fallback: DeclaredMeta } {
  const str = (...keys: string[]): string | undefined => {
    for (const k of keys) {
      const v = fields[k];
      if (typeof v === 'string' && v) return unwiki(v);
      if (Array.isArray(v) && v.length) return v.map(unwiki).join(', ');
    }
    return undefined;
  };
  const meta: DeclaredMeta = {};
  const fallback: DeclaredMeta = {};
  const title = str('title');
  // A page title that names only the site, or a file name, is no headline: the document's own `#` heading is.
  if (title && plausibleDeclaredTitle(title) && !isSiteOnlyTitle(title)) meta.title = stripSiteSuffix(title);
  const subtitle = str('subtitle');
  if (subtitle) meta.subtitle = subtitle;
  const sourceField = str('source', 'publisher', 'site');
  if (sourceField && /^https?:\/\//i.test(sourceField)) meta.url = safeHref(sourceField);
  else if (sourceField) meta.source = sourceField;
  const author = str('author', 'authors', 'byline');
  if (author) {
    if (isKnownSource(author) || /网$|报$|新闻$|^https?:/.test(author)) fallback.source = author.replace(/^https?:.*$/, '') || undefined;
    else meta.author = author;
  }
  const captured = [str('created'), str('clipped'), str('saved'), str('captured')].map((d) => (d ? normalizeDate(d) : undefined));
  const dateRaw = str('published', 'pubdate', 'publishdate', 'date_published', 'publish_date') ?? str('date');
  const published = dateRaw ? normalizeDate(dateRaw) : undefined;
  // A `date` that is the capture date says nothing about the article.
  if (published && !(str('date') === dateRaw && captured.includes(published))) meta.published = published;
  const url = str('url', 'source_url', 'link', 'canonical');
  if (url) meta.url = safeHref(url) ?? meta.url;
  if (!meta.url) delete meta.url;
  const tags = fields.tags ?? fields.keywords;
  const tagList = Array.isArray(tags) ? tags : typeof tags === 'string' ? tags.split(/[,，、]\s*/) : [];
  if (tagList.length) meta.tags = tagList.map((t) => unwiki(t.trim())).filter(Boolean);
  const region = str('region');
  if (region) meta.region = region;
  for (const key of Object.keys(fallback) as (keyof DeclaredMeta)[]) if (!fallback[key]) delete fallback[key];
  return { declared: meta, fallback };
}

// ---------------------------------------------------------------------------
// Inline text

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  mdash: '—',
  ndash: '–',
  hellip: '…',
  ldquo: '“',
  rdquo: '”',
  lsquo: '‘',
  rsquo: '’',
  middot: '·',
  copy: '©',
  reg: '®',
  times: '×',
};

/** marked leaves character references in token text; the article wants the characters. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

/** A line of an official document's closing parts: 发文机关署名, 成文日期, 附注 or 版记 (GB/T 9704-2012 §7.3.5–7.4). */
function isClosingLine(line: string): boolean {
  return isIssuerLine(line) || isWrittenDateLine(line) || isNoteLine(line) || isRecordLine(line);
}

/** Raw HTML elements whose content is code, never text. */
const CODE_ELEMENTS = 'script|style|noscript|template|iframe|object|embed|svg|math';
const OPEN_CODE = new RegExp(`^<(${CODE_ELEMENTS})\\b[^>]*>`, 'i');

/** Text of raw HTML: comments and code elements removed, tags replaced by `tagGap`. */
export function htmlText(html: string, tagGap = ' '): string {
  return decodeEntities(
    html
      .replace(/<!--[\s\S]*?(?:-->|$)/g, '')
      .replace(new RegExp(`<(${CODE_ELEMENTS})\\b[\\s\\S]*?(?:<\\/\\1\\s*>|$)`, 'gi'), '')
      .replace(/<[^>]*>?/g, tagGap),
  );
}

const CJK_CLASS = '[\\u2e80-\\u9fff\\uf900-\\ufaff\\uff00-\\uffef\\u3000-\\u303f]';
/** A soft line break between Chinese characters (mark signs may stand beside them). */
const CJK_SOFT_BREAK = new RegExp(`(?<=${CJK_CLASS}[\\ufdd0\\ufdd1]*)[ \\t]*\\n[ \\t]*(?=[\\ufdd0\\ufdd1]*${CJK_CLASS})`, 'g');

/** One line: a soft line break inside a paragraph is a space (none between Chinese characters). */
function oneLine(text: string): string {
  return text.replace(CJK_SOFT_BREAK, '').replace(/\s*\n\s*/g, ' ');
}

/** Collects the inline text of tokens, with mark signs around strong, emphasis and link text. */
class Inline {
  text = '';
  marks: InlineMark[] = [];

  wrap(mark: InlineMark, inner: () => void): void {
    this.text += MARK_OPEN;
    this.marks.push(mark);
    inner();
    this.text += MARK_CLOSE;
  }

  add(tokens: readonly Token[] | undefined): void {
    if (!tokens) return;
    // Inline raw HTML arrives as separate tag tokens: `<script>`, text, `</script>`.
    let insideCode: string | undefined;
    for (const t of tokens) {
      if (insideCode) {
        if (t.type === 'html' && new RegExp(`^</${insideCode}\\s*>`, 'i').test(t.text)) insideCode = undefined;
        continue;
      }
      if (t.type === 'html') {
        const open = OPEN_CODE.exec(t.text);
        if (open && !new RegExp(`</${open[1]}\\s*>`, 'i').test(t.text)) {
          insideCode = open[1];
          continue;
        }
      }
      switch (t.type) {
        case 'text':
        case 'escape':
          if ('tokens' in t && t.tokens) this.add(t.tokens);
          else this.text += decodeEntities(t.text);
          break;
        case 'codespan':
          this.text += decodeEntities(t.text);
          break;
        case 'br':
          this.text += ' ';
          break;
        case 'image':
          break; // an image is not article text
        case 'html':
          this.text += htmlText(t.text, '');
          break;
        case 'strong':
          this.wrap({ kind: 'strong' }, () => this.add((t as Tokens.Strong).tokens));
          break;
        case 'em':
          this.wrap({ kind: 'emphasis' }, () => this.add((t as Tokens.Em).tokens));
          break;
        case 'link': {
          const href = safeHref((t as Tokens.Link).href);
          if (href) this.wrap({ kind: 'link', href }, () => this.add((t as Tokens.Link).tokens));
          else this.add((t as Tokens.Link).tokens);
          break;
        }
        default:
          // del and extensions: their children carry the text.
          if ('tokens' in t && t.tokens) this.add(t.tokens);
          else if ('text' in t) this.text += decodeEntities(String(t.text));
      }
    }
  }
}

function inline(tokens: readonly Token[] | undefined): { text: string; marks: InlineMark[] } {
  const out = new Inline();
  out.add(tokens);
  return { text: oneLine(out.text), marks: out.marks };
}

/** The plain text of tokens (table cells, headings): no marks. */
function inlineText(tokens: readonly Token[] | undefined): string {
  return stripMarkSigns(inline(tokens).text);
}

/** True when a paragraph is only strong text: `**宏观新闻**`, a section head. */
function boldOnly(tokens: readonly Token[] | undefined): boolean {
  const meaningful = (tokens ?? []).filter((t) => !(t.type === 'text' && !t.text.trim()) && t.type !== 'br');
  return meaningful.length === 1 && meaningful[0].type === 'strong';
}

/** True when a paragraph is only images (perhaps linked). */
function imagesOnly(tokens: readonly Token[] | undefined): boolean {
  const meaningful = (tokens ?? []).filter((t) => !(t.type === 'text' && !t.text.trim()) && t.type !== 'br');
  return meaningful.length > 0 && meaningful.every((t) => t.type === 'image' || (t.type === 'link' && imagesOnly((t as Tokens.Link).tokens)));
}

// ---------------------------------------------------------------------------
// Blocks

/** Longest paragraph under an image that is taken for its caption. */
const MAX_CAPTION = 80;

interface CollectState {
  /** The previous block was an image (so a short line after it is its caption). */
  afterImage: boolean;
}

function collect(tokens: readonly Token[], out: RawBlock[], ctx: 'paragraph' | 'quote' | 'list-item', depth: number, state: CollectState): void {
  for (const t of tokens) {
    const afterImage = state.afterImage;
    state.afterImage = false;
    switch (t.type) {
      case 'heading':
        out.push({ kind: 'heading', text: oneLine(inlineText(t.tokens)), level: (t as Tokens.Heading).depth });
        break;
      case 'paragraph': {
        const p = t as Tokens.Paragraph;
        if (imagesOnly(p.tokens)) {
          state.afterImage = true;
          break;
        }
        // Tables GFM does not see (pipe rows without a delimiter row, tab-separated
        // rows pasted from a spreadsheet) are tables here as in plain text.
        const lines = p.raw.replace(/\n+$/, '').split('\n');
        const pasted = lines.length >= 2 ? readTextTable(lines, 0) : undefined;
        if (pasted && pasted.next === lines.length) {
          out.push({ kind: 'table', text: tableText(pasted.rows.map((row) => row.map((cell) => oneLine(htmlText(cell))))) });
          break;
        }
        // The closing parts typed line by line — the 落款 (issuers over the 成文日期),
        // the 附注 under it, the 版记 — are kept line by line, as plain text keeps them.
        if (ctx === 'paragraph' && lines.length >= 2 && lines.every(isClosingLine) && !lines.every(isIssuerLine)) {
          for (const line of lines) out.push({ kind: 'paragraph', text: line.trim() });
          break;
        }
        if (ctx === 'paragraph' && boldOnly(p.tokens)) {
          const text = oneLine(inlineText(p.tokens));
          if (text.length <= MAX_BOLD_HEADING && !/[。！？；]$/.test(text)) {
            out.push({ kind: 'heading', text, level: BOLD_HEADING_DEPTH });
            break;
          }
        }
        const { text, marks } = inline(p.tokens);
        const caption = afterImage && stripMarkSigns(text).trim().length <= MAX_CAPTION;
        out.push({ kind: caption ? 'figure-caption' : ctx, text, marks, ...(ctx === 'list-item' ? { level: depth } : {}) });
        break;
      }
      case 'text': {
        // Tight list items hold `text` tokens rather than paragraphs.
        const { text, marks } = 'tokens' in t && t.tokens ? inline(t.tokens) : { text: oneLine(decodeEntities(t.text)), marks: [] };
        out.push({ kind: ctx, text, marks, ...(ctx === 'list-item' ? { level: depth } : {}) });
        break;
      }
      case 'blockquote':
        collect((t as Tokens.Blockquote).tokens, out, 'quote', depth, state);
        break;
      case 'list': {
        const list = t as Tokens.List;
        const first = typeof list.start === 'number' ? list.start : 1;
        list.items.forEach((item, k) => {
          const before = out.length;
          collect(item.tokens, out, 'list-item', depth + 1, state);
          // An ordered list keeps its numbers in the text, as the author numbered it.
          const head = out[before];
          if (list.ordered && head) out[before] = { ...head, text: `${first + k}. ${head.text}`, marks: head.marks };
        });
        break;
      }
      case 'table': {
        const table = t as Tokens.Table;
        const rows = [table.header, ...table.rows].map((row) => row.map((cell) => oneLine(inlineText(cell.tokens))));
        out.push({ kind: 'table', text: tableText(rows) });
        break;
      }
      case 'code':
        for (const line of (t as Tokens.Code).text.split('\n')) out.push({ kind: ctx, text: line });
        break;
      case 'html': {
        const text = htmlText((t as Tokens.HTML).text);
        for (const line of text.split('\n')) out.push({ kind: ctx, text: line.replace(/\s+/g, ' ') });
        break;
      }
      default:
        break; // space, hr, def
    }
  }
}

/** Parses Markdown text into an article. */
export function parseMarkdown(text: string, fileName: string): ParsedArticle {
  let body = text.replace(/\r\n?/g, '\n');
  let declared: DeclaredMeta = {};
  let fallback: DeclaredMeta = {};
  const fm = FRONT_MATTER.exec(body);
  if (fm) {
    ({ declared, fallback } = frontMatterMeta(parseFrontMatter(fm[1])));
    body = body.slice(fm[0].length);
  }
  checkNesting(body, fileName);
  const raw: RawBlock[] = [];
  collect(lexer().lex(body), raw, 'paragraph', 0, { afterImage: false });
  // The first level-1 heading is the title (unless front matter named one
  // and the heading says something else, in which case it stays a heading).
  const h1 = raw.findIndex((b) => b.kind === 'heading' && b.level === 1);
  if (h1 >= 0 && (!declared.title || sameText(raw[h1].text, declared.title))) {
    raw[h1] = { kind: 'title', text: raw[h1].text };
  }
  return finishArticle(raw, declared, fileName, { format: 'markdown', fallbackMeta: fallback });
}
