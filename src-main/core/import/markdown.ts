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
import { marked, type Token, type Tokens } from 'marked';
import type { ParsedArticle } from '../../common/model';
import { normalizeDate } from '../../common/metadata-detect';
import { finishArticle, type DeclaredMeta, type RawBlock } from './article-builder';
import { tableText } from './table-text';

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
      out[key] = value
        .slice(1, -1)
        .split(',')
        .map(unquote)
        .filter(Boolean);
    } else out[key] = unquote(value);
  }
  return out;
}

function frontMatterMeta(fields: Record<string, string | string[]>): DeclaredMeta {
  const str = (...keys: string[]): string | undefined => {
    for (const k of keys) {
      const v = fields[k];
      if (typeof v === 'string' && v) return v;
      if (Array.isArray(v) && v.length) return v.join(', ');
    }
    return undefined;
  };
  const meta: DeclaredMeta = {};
  const title = str('title');
  if (title) meta.title = title;
  const subtitle = str('subtitle');
  if (subtitle) meta.subtitle = subtitle;
  const source = str('source', 'publisher', 'site');
  if (source) meta.source = source;
  const author = str('author', 'authors', 'byline');
  if (author) meta.author = author;
  const date = str('date', 'published', 'publishdate', 'pubdate');
  const published = date ? normalizeDate(date) : undefined;
  if (published) meta.published = published;
  const url = str('url', 'source_url', 'link', 'canonical');
  if (url && /^https?:\/\//i.test(url)) meta.url = url;
  const tags = fields.tags ?? fields.keywords;
  const tagList = Array.isArray(tags) ? tags : typeof tags === 'string' ? tags.split(/[,，、]\s*/) : [];
  if (tagList.length) meta.tags = tagList.map((t) => t.trim()).filter(Boolean);
  const region = str('region');
  if (region) meta.region = region;
  return meta;
}

// ---------------------------------------------------------------------------
// Inline text

const ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', mdash: '—', ndash: '–', hellip: '…',
  ldquo: '“', rdquo: '”', lsquo: '‘', rsquo: '’', middot: '·', copy: '©', reg: '®', times: '×',
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

function inlineText(tokens: readonly Token[] | undefined): string {
  if (!tokens) return '';
  let out = '';
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
        out += 'tokens' in t && t.tokens ? inlineText(t.tokens) : decodeEntities(t.text);
        break;
      case 'codespan':
        out += decodeEntities(t.text);
        break;
      case 'br':
        out += ' ';
        break;
      case 'image':
        break; // an image is not article text
      case 'html':
        out += htmlText(t.text, '');
        break;
      default:
        // strong, em, del, link and extensions: their children carry the text.
        out += 'tokens' in t && t.tokens ? inlineText(t.tokens) : 'text' in t ? decodeEntities(String(t.text)) : '';
    }
  }
  return out;
}

/** One line: a soft line break inside a paragraph is a space (none between Chinese characters). */
function oneLine(text: string): string {
  return text.replace(/(?<=[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f])[ \t]*\n[ \t]*(?=[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f])/g, '').replace(/\s*\n\s*/g, ' ');
}

// ---------------------------------------------------------------------------
// Blocks

function collect(tokens: readonly Token[], out: RawBlock[], ctx: 'paragraph' | 'quote' | 'list-item'): void {
  for (const t of tokens) {
    switch (t.type) {
      case 'heading':
        out.push({ kind: 'heading', text: oneLine(inlineText(t.tokens)), level: (t as Tokens.Heading).depth });
        break;
      case 'paragraph':
        out.push({ kind: ctx, text: oneLine(inlineText(t.tokens)) });
        break;
      case 'text':
        // Tight list items hold `text` tokens rather than paragraphs.
        out.push({ kind: ctx, text: oneLine('tokens' in t && t.tokens ? inlineText(t.tokens) : decodeEntities(t.text)) });
        break;
      case 'blockquote':
        collect((t as Tokens.Blockquote).tokens, out, 'quote');
        break;
      case 'list':
        for (const item of (t as Tokens.List).items) collect(item.tokens, out, 'list-item');
        break;
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
  const fm = FRONT_MATTER.exec(body);
  if (fm) {
    declared = frontMatterMeta(parseFrontMatter(fm[1]));
    body = body.slice(fm[0].length);
  }
  const raw: RawBlock[] = [];
  collect(marked.lexer(body, { gfm: true }), raw, 'paragraph');
  // The first level-1 heading is the title (unless front matter named one
  // and the heading says something else, in which case it stays a heading).
  const h1 = raw.findIndex((b) => b.kind === 'heading' && b.level === 1);
  if (h1 >= 0 && (!declared.title || raw[h1].text.replace(/\s+/g, '') === declared.title.replace(/\s+/g, ''))) {
    raw[h1] = { kind: 'title', text: raw[h1].text };
  }
  return finishArticle(raw, declared, fileName);
}
