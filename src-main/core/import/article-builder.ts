/**
 * The last step every importer (plain text, Markdown, HTML, DOCX, PDF)
 * shares: a list of raw blocks plus whatever metadata the file declared
 * becomes a `ParsedArticle`. Everything that depends on what a line says
 * rather than how a format marks it up happens here, once, so the same
 * document reads the same in every format:
 *
 *  1. page furniture (share bars, navigation, vote widgets, "related news"
 *     lists) is dropped (line-roles.ts);
 *  2. metadata lines near the start and the end (bylines, datelines, edition
 *     lines, 发文字号, credit lines) leave the body and fill the metadata;
 *  3. numbered section heads (一、 （一） 1. （1）) become headings at their
 *     level; other headings are ranked below them by their markup depth;
 *  4. captions become `figure-caption` blocks;
 *  5. the title: a `title` block, else the declared title, else the first
 *     heading when it opens the document, else the file name;
 *  6. the text is built with `TextBuilder` (characters normalised, inline
 *     marks kept), and source / author / date / 发文字号 are read from the
 *     metadata lines and the opening lines where the file declared none.
 */
import type { BlockKind, ParsedArticle } from '../../common/model';
import { MARK_CLOSE, MARK_OPEN, TextBuilder, cleanBlockText, stripMarkSigns, type InlineMark } from '../../common/text-builder';
import { bilingualError } from '../../common/errors';
import { MAX_ARTICLE_CHARS } from '../../common/limits';
import { detectMeta, isKnownSource } from '../../common/metadata-detect';
import {
  headingNumber,
  isCaptionLine,
  isIssuerLine,
  isAttachmentNoteLine,
  isFurnitureLine,
  isMetadataLine,
  isNoteLine,
  isRecordLine,
  splitRecordLines,
  isWrittenDateLine,
  signatureOnOneLine,
  isNavigationLine,
  isRelatedListHeading,
  numberedHeadingLevel,
  startsWithSectionNumber,
} from '../../common/line-roles';
import { normalizeCharacters } from '../../common/normalize-characters';

export interface RawBlock {
  kind: BlockKind;
  /** The block's text; may hold MARK_OPEN/MARK_CLOSE signs described by `marks`. */
  text: string;
  /**
   * Headings: the depth the format gave them (h1–h6 and Markdown `#`s as
   * 1–6, a bold-only paragraph 7, a PDF's type sizes ranked); finishArticle
   * turns depths into levels. Other kinds: unused.
   */
  level?: number;
  marks?: InlineMark[];
}

export type DeclaredMeta = Partial<ParsedArticle['meta']>;

export interface FinishOptions {
  /**
   * Where the metadata came from, for tie-breaks: `plain` text has no
   * markup, so a metadata line above its title is read there.
   */
  format?: 'text' | 'markdown' | 'html' | 'docx' | 'pdf';
  /**
   * Title of a text without a headline: the file name (default), or the
   * start of its first line (pasted text, whose "file name" says nothing).
   */
  titleFallback?: 'file-name' | 'first-line';
  /**
   * Metadata of the weakest kind (a Word file's document properties): used
   * only where neither the file's declarations nor its text say anything.
   */
  fallbackMeta?: DeclaredMeta;
}

/** Labels that introduce a newspaper lead (核心阅读) rather than a section. */
export const LEAD_LABELS: ReadonlySet<string> = new Set(['核心阅读', '阅读提示', '编者按', '导读']);

/** `第一条`, `第十二条`: an article of regulations (a paragraph that starts with its number). */
const ARTICLE_NUMBER = /^第[一二三四五六七八九十百零〇两\d]+条/;

/** Blocks at the start read for metadata lines. */
const HEAD_BLOCKS = 10;
/** Blocks at the end read for metadata lines (`《人民日报》（…01版）`, `（责编：…）`). */
const TAIL_BLOCKS = 4;
/** Length of a title made from the first line of pasted text. */
const DERIVED_TITLE = 40;
/** Depth of a heading that is a bold-only paragraph: below h6. */
export const BOLD_HEADING_DEPTH = 7;

/** Compares titles and headings as a reader would: case, spacing and trailing punctuation aside. */
export function sameText(a: string, b: string): boolean {
  const norm = (s: string) =>
    stripMarkSigns(s)
      .replace(/[\s\u00a0\u3000]+/g, '')
      .replace(/[。.!！?？:：]+$/, '')
      .toLowerCase();
  return norm(a) !== '' && norm(a) === norm(b);
}

/** A file name without folders and extension, for the last-resort title. */
export function titleFromFileName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return (
    base
      .replace(/\.[A-Za-z0-9]{1,8}$/, '')
      .replace(/[_]+/g, ' ')
      .trim() || base
  );
}

interface Working extends RawBlock {
  /** The text without mark signs, trimmed and normalised. */
  plain: string;
  /** Share of the text's characters (white space and separators aside) inside links, 0–1. */
  linkShare: number;
  /** A heading whose level comes from its section number. */
  numbered?: boolean;
  /** A line of the 落款 (发文机关署名, 成文日期): body text, never a heading. */
  signature?: boolean;
}

function work(b: RawBlock): Working {
  const text = normalizeCharacters(b.text);
  return { ...b, text, plain: cleanBlockText(b.text), linkShare: linkShare(text, b.marks) };
}

/** Share of the characters of raw block text (white space and navigation separators aside) that lie inside link marks. */
function linkShare(raw: string, marks: readonly InlineMark[] | undefined): number {
  if (!marks?.some((m) => m.kind === 'link')) return 0;
  const open: boolean[] = [];
  let opened = 0;
  let depth = 0;
  let inLink = 0;
  let all = 0;
  for (const ch of raw) {
    if (ch === MARK_OPEN) {
      const isLink = marks[opened++]?.kind === 'link';
      open.push(isLink);
      if (isLink) depth++;
    } else if (ch === MARK_CLOSE) {
      if (open.pop()) depth--;
    } else if (!/[\s|｜丨>＞»›/·•]/.test(ch)) {
      all++;
      if (depth > 0) inLink++;
    }
  }
  return all ? inLink / all : 0;
}

/** Blocks at the start and at the end where a navigation bar or breadcrumb is page chrome. */
const NAV_EDGE = 3;

/** Drops share bars, navigation and "related news" lists with what follows them. */
function dropFurniture(blocks: Working[]): Working[] {
  const out: Working[] = [];
  // Navigation bars and breadcrumbs stand above the title, in the first blocks or in the last ones.
  const titleAt = blocks.findIndex((b) => b.kind === 'title');
  const atEdge = (k: number) => k < titleAt || k < (titleAt >= 0 ? titleAt + 1 : 0) + NAV_EDGE || k >= blocks.length - NAV_EDGE;
  for (let k = 0; k < blocks.length; k++) {
    const b = blocks[k];
    if (b.kind !== 'title' && isFurnitureLine(b.plain)) continue;
    if (b.kind !== 'title' && b.kind !== 'heading' && atEdge(k) && isNavigationLine(b.plain, b.linkShare)) continue;
    if (b.kind !== 'title' && isRelatedListHeading(b.plain)) {
      // The list under it: items, links and short lines, up to the next real heading or long paragraph.
      while (
        k + 1 < blocks.length &&
        (blocks[k + 1].kind === 'list-item' ||
          blocks[k + 1].kind === 'figure-caption' ||
          (blocks[k + 1].kind === 'paragraph' && blocks[k + 1].plain.length <= 60 && !/[。！？]$/.test(blocks[k + 1].plain)))
      ) {
        k++;
      }
      continue;
    }
    out.push(b);
  }
  return out;
}

/** Blocks at the end read for the 版记 (抄送, 印发), which stands below the signature. */
const RECORD_BLOCKS = 6;

/**
 * Takes metadata-only lines out of the first and last blocks. Returns the
 * lines taken, in document order (they are read by `detectMeta`).
 *
 * The 落款 of an official document (GB/T 9704-2012 §7.3.5: the 发文机关署名
 * on the line(s) above the 成文日期) is read for the metadata too, but it is
 * part of the document and stays in the body as paragraphs, in every format
 * alike — whether it stands on two lines (plain text, HTML, Word) or on one
 * (a Markdown paragraph). The "end" is counted above the 版记 (抄送/印发
 * lines), which follow the signature.
 */
function takeMetadataLines(blocks: Working[]): { taken: string[]; written: string[] } {
  const taken: string[] = [];
  // The document's own date: the 落款's 成文日期 and a `成文日期：` field.
  const written: string[] = [];
  const n = blocks.length;
  let end = n;
  for (let k = Math.max(0, n - RECORD_BLOCKS); k < n; k++) {
    if (isRecordLine(blocks[k].plain)) {
      end = k;
      break;
    }
  }
  // The 附注 (`（此件公开发布）`) stands between the 落款 and the 版记.
  while (end > 0 && isNoteLine(blocks[end - 1].plain)) end--;
  // A 发文机关署名 right above the 附注 or the 版记, with no 成文日期 under it, is the 落款 still.
  if (end < n) {
    for (let k = end - 1; k > 0 && k >= end - 3 && blocks[k].kind !== 'title' && isIssuerLine(blocks[k].plain); k--) {
      blocks[k] = { ...blocks[k], kind: 'paragraph', level: undefined, signature: true };
    }
  }
  const keep: Working[] = [];
  let bodySeen = 0;
  blocks.forEach((b, k) => {
    const nearStart = bodySeen < HEAD_BLOCKS;
    const nearEnd = k >= Math.min(n, end) - TAIL_BLOCKS;
    const candidate = b.kind === 'paragraph' || b.kind === 'heading' || b.kind === 'subtitle' || b.kind === 'quote' || b.kind === 'list-item';
    const oneLine = candidate && nearEnd && k < end ? signatureOnOneLine(b.plain) : undefined;
    if (oneLine) {
      taken.push(...oneLine.issuers.map((issuer) => `发文机关：${issuer}`), oneLine.date);
      written.push(oneLine.date);
      keep.push({ ...b, kind: 'paragraph', level: undefined, signature: true });
      return;
    }
    if (candidate && (nearStart || nearEnd) && isMetadataLine(b.plain)) {
      // The 落款: the issuer's name (one or more, for a joint document) on the
      // line(s) above the closing date. Both stay in the body.
      let top = keep.length;
      while (top > 0 && keep[top - 1].kind !== 'title' && isIssuerLine(keep[top - 1].plain)) top--;
      // A 落款 stands at the end, or in the middle of a notice that transmits a
      // document (印发…的通知 with the 方案 after it): under body text either way.
      if ((nearEnd || bodySeen > 0) && top < keep.length && isWrittenDateLine(b.plain)) {
        for (let j = top; j < keep.length; j++) {
          taken.push(`发文机关：${keep[j].plain}`);
          keep[j] = { ...keep[j], kind: 'paragraph', level: undefined, signature: true };
        }
        taken.push(b.plain);
        written.push(b.plain);
        keep.push({ ...b, kind: 'paragraph', level: undefined, signature: true });
        return;
      }
      taken.push(b.plain);
      if (/成文日期\s*[：:]/.test(b.plain)) written.push(b.plain);
      return;
    }
    if (b.kind !== 'title' && b.kind !== 'subtitle') bodySeen++;
    keep.push(b);
  });
  blocks.splice(0, blocks.length, ...keep);
  return { taken, written };
}

/**
 * A block that holds several 版记 lines run together (a Markdown soft line
 * break, an HTML `<br>` or a Word line break inside one paragraph): one
 * paragraph per line, as plain text has them. Other blocks come back as they are.
 */
function splitRecordBlock(b: Working): Working[] {
  if (b.kind !== 'paragraph' && b.kind !== 'heading' && b.kind !== 'list-item' && b.kind !== 'quote') return [b];
  const lines = splitRecordLines(b.plain);
  return lines.length > 1 ? lines.map((line) => work({ kind: 'paragraph', text: line })) : [b];
}

/** An item line under a 附件说明: `2. 算力基础设施安全评估指引`; group 1 is its number. */
const ATTACHMENT_ITEM = /^(\d{1,2})\s*[.．、]/;

/**
 * The 附件说明 (GB/T 9704-2012 §7.3.4) is one element, however many
 * attachments it lists: `附件：1. 名单` and the `2. 指引` lines under it (each
 * a line or paragraph of its own in plain text, HTML and Word, one paragraph
 * in Markdown) become one paragraph, the items joined by a full-width space,
 * numbered in sequence. Items are never headings or list items.
 */
function joinAttachmentNotes(blocks: Working[]): Working[] {
  const out: Working[] = [];
  let note: Working | undefined;
  let next = 0;
  for (const b of blocks) {
    const item = ATTACHMENT_ITEM.exec(b.plain);
    if (note && item && Number(item[1]) === next && (b.kind === 'paragraph' || b.kind === 'heading' || b.kind === 'list-item')) {
      const text = `${note.text}\u3000${b.text}`;
      const marks = [...(note.marks ?? []), ...(b.marks ?? [])];
      Object.assign(note, work({ kind: 'paragraph', text, ...(marks.length ? { marks } : {}) }));
      next++;
      continue;
    }
    note = undefined;
    if ((b.kind === 'paragraph' || b.kind === 'heading') && isAttachmentNoteLine(b.plain)) {
      // Items already on the line (`附件：1. 名单　　2. 指引`, as Markdown joins them) are set apart alike.
      const text = spaceAttachmentItems(b.text);
      note = { ...b, ...work({ kind: 'paragraph', text, ...(b.marks ? { marks: b.marks } : {}) }), level: undefined };
      next = itemsOn(note.plain) + 1;
      out.push(note);
      continue;
    }
    out.push(b);
  }
  return out;
}

/** The number of the last item on a 附件说明 line (0 when none is numbered, 1 for `附件：1. 名单`). */
function itemsOn(line: string): number {
  const body = line.replace(/^附\s*件\s*[：:]\s*/, '');
  let n = 0;
  let at = 0;
  for (;;) {
    const re = new RegExp(`(?:^|(?<=[^\\d.．]))${n + 1}\\s*[.．、](?!\\d)`, 'g');
    re.lastIndex = at;
    const m = re.exec(body);
    if (!m) return n;
    n++;
    at = m.index + m[0].length;
  }
}

/** `附件：1. 名单　　　2. 指引` → `附件：1. 名单　2. 指引`: one full-width space before each item after the first. */
function spaceAttachmentItems(raw: string): string {
  let text = raw;
  let at = 0;
  for (let n = 2; ; n++) {
    const re = new RegExp(`[\\s\\u3000]*(?<![\\d.．])${n}(\\s*[.．、])(?!\\d)`, 'g');
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m || m.index === 0) return text;
    const replacement = `\u3000${n}${m[1]}`;
    text = text.slice(0, m.index) + replacement + text.slice(m.index + m[0].length);
    at = m.index + replacement.length;
  }
}

/**
 * Heading levels. A numbered head takes its number's level (一、 = 1,
 * （一） = 2, 1. = 3, （1） = 4). Un-numbered heads are ranked by the depth
 * their format gave them: a depth that numbered heads also use takes their
 * level, any other the level after the depth above it.
 */
function assignLevels(blocks: Working[]): void {
  const headings = blocks.filter((b) => b.kind === 'heading');
  if (!headings.length) return;
  const depths = [...new Set(headings.map((h) => h.level ?? 1))].sort((a, b) => a - b);
  const levelOfDepth = new Map<number, number>();
  let previous = 0;
  for (const depth of depths) {
    const numbered = headings.filter((h) => (h.level ?? 1) === depth && h.numbered);
    let level: number;
    if (numbered.length) {
      const counts = new Map<number, number>();
      for (const h of numbered) counts.set(h.level!, (counts.get(h.level!) ?? 0) + 1);
      level = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0][0];
    } else level = previous + 1;
    levelOfDepth.set(depth, Math.min(6, level));
    previous = Math.min(6, level);
  }
  for (const h of headings) {
    if (!h.numbered) h.level = levelOfDepth.get(h.level ?? 1) ?? 1;
  }
}

/** The year a dateline without one (`新华社北京6月3日电`) belongs to: the latest year the opening text names. */
function contextYear(lines: readonly string[]): number | undefined {
  const now = new Date().getUTCFullYear();
  let best: number | undefined;
  for (const line of lines) {
    for (const m of line.matchAll(/(?<!\d)((?:19|20)\d{2})\s*年(?!代)/g)) {
      const y = Number(m[1]);
      if (y <= now && (best === undefined || y > best)) best = y;
    }
  }
  return best;
}

/**
 * Refuses a document longer than MAX_ARTICLE_CHARS before its text is built
 * (a reader could not open it, and a briefing needs a passage, not a book).
 */
export function checkLength(raw: readonly { text: string }[] | string, fileName: string): void {
  const length = typeof raw === 'string' ? raw.length : raw.reduce((n, b) => n + b.text.length + 1, 0);
  if (length <= MAX_ARTICLE_CHARS) return;
  const chars = (n: number) => n.toLocaleString('en-US');
  throw bilingualError(
    'too-large',
    `${fileName} holds about ${chars(length)} characters of text; Briefing Desk imports articles of up to ${chars(MAX_ARTICLE_CHARS)} characters. Split the document into parts and import those.`,
    `${fileName} 约有 ${chars(length)} 个字符；简报台导入的单篇文章最多 ${chars(MAX_ARTICLE_CHARS)} 个字符。请把文档拆分成几部分后分别导入。`,
  );
}

/** The issuer in the title of an official document: `工业和信息化部办公厅关于开展……的通知`. */
const ISSUER_IN_TITLE =
  /^([\u4e00-\u9fff、（）]{2,40}?(?:部|厅|局|委|委员会|办公室|人民政府|政府|院|署|总局|行|会))关于.{2,}的(?:通知|意见|决定|通报|批复|函|公告|通告|办法|规定|方案|报告|请示|指导意见|实施意见)$/;

/** Role words of editors and photographers: never the article's author. */
const NOT_AN_AUTHOR = /编辑|责编|校对|审核|摄影|摄$|供图|出品|监制|策划|统筹/;

/**
 * Builds the article (see the module comment). `raw` is in document order;
 * `declared` is the metadata the file itself declared (front matter, meta
 * tags, document properties), which wins over what the text says.
 */
export function finishArticle(raw: RawBlock[], declared: DeclaredMeta, fileName: string, options: FinishOptions = {}): ParsedArticle {
  checkLength(raw, fileName);
  let blocks = raw.map(work).filter((b) => b.plain !== '');
  if (!blocks.length) throw bilingualError('refused', `${fileName} contains no text to import.`, `${fileName} 中没有可导入的文字。`);

  blocks = dropFurniture(blocks);
  // A line numbered as part of the body's structure (`一、…`, `（一）…`, `第一条`) is never a subtitle.
  for (const b of blocks) if (b.kind === 'subtitle' && startsWithSectionNumber(b.plain)) b.kind = 'paragraph';
  blocks = blocks.flatMap(splitRecordBlock);
  const { taken: metaLines, written } = takeMetadataLines(blocks);
  blocks = joinAttachmentNotes(blocks);

  for (const b of blocks) {
    if (isAttachmentNoteLine(b.plain)) {
      b.kind = 'paragraph';
      b.level = undefined;
      continue;
    }
    if (b.signature || isRecordLine(b.plain) || isNoteLine(b.plain)) {
      if (b.kind === 'heading') b.kind = 'paragraph';
      continue;
    }
    // Word numbers 第一条 and 一、 automatically, so they arrive as list items;
    // they are the document's articles and sections, not a list.
    if (b.kind === 'list-item' && (ARTICLE_NUMBER.test(b.plain) || (headingNumber(b.plain) && !/^\d/.test(b.plain)))) b.kind = 'paragraph';
    if (b.kind === 'paragraph' || b.kind === 'heading') {
      const level = numberedHeadingLevel(b.plain);
      if (level !== undefined) {
        b.kind = 'heading';
        b.level = level;
        b.numbered = true;
        continue;
      }
    }
    if (b.kind === 'paragraph' && isCaptionLine(b.plain)) b.kind = 'figure-caption';
  }
  if (!blocks.length) {
    throw bilingualError(
      'refused',
      `${fileName} contains only page furniture and metadata, no article text to import.`,
      `${fileName} 中只有页面附属内容和元数据，没有可导入的正文。`,
    );
  }

  const meta: ParsedArticle['meta'] = { ...declared, title: cleanBlockText(declared.title ?? '') };
  if (meta.subtitle && startsWithSectionNumber(meta.subtitle)) delete meta.subtitle;
  const titleBlock = blocks.find((b) => b.kind === 'title');
  if (titleBlock) {
    // The title the reader sees is the article's title.
    meta.title = titleBlock.plain;
  } else if (meta.title) {
    // Drop the document's own copy of the title near its start (perhaps
    // broken over two lines, as centred titles of official documents are).
    const dup = blocks.findIndex((b, k) => k < 3 && (b.kind === 'heading' || b.kind === 'paragraph') && sameText(b.plain, meta.title));
    const split = blocks.findIndex(
      (b, k) => k < 3 && k + 1 < blocks.length && (b.kind === 'heading' || b.kind === 'paragraph') && sameText(b.plain + blocks[k + 1].plain, meta.title),
    );
    if (dup >= 0) blocks.splice(dup, 1);
    else if (split >= 0) blocks.splice(split, 2);
    blocks.unshift(work({ kind: 'title', text: meta.title }));
  } else {
    // The first heading, when only photos and their captions stand before it.
    const first = blocks.findIndex((b) => b.kind !== 'figure-caption');
    if (first >= 0 && blocks[first].kind === 'heading' && !blocks[first].numbered) {
      blocks[first] = { ...blocks[first], kind: 'title', level: undefined };
      meta.title = blocks[first].plain;
    }
  }
  if (!meta.title) {
    // No headline anywhere: the file's name, never a cut first paragraph or a caption.
    const first = blocks.find((b) => b.kind === 'paragraph' || b.kind === 'heading')?.plain ?? blocks[0].plain;
    meta.title =
      options.titleFallback === 'first-line' ? (first.length > DERIVED_TITLE ? `${first.slice(0, DERIVED_TITLE)}…` : first) : titleFromFileName(fileName);
  }
  const subtitleBlock = blocks.find((b) => b.kind === 'subtitle');
  if (subtitleBlock && !meta.subtitle) meta.subtitle = subtitleBlock.plain;
  if (meta.subtitle && !subtitleBlock) {
    const at = blocks.findIndex((b) => b.kind === 'title');
    const dup = blocks.findIndex((b, k) => k > at && k <= at + 2 && b.kind !== 'title' && sameText(b.plain, meta.subtitle ?? ''));
    if (dup >= 0) blocks.splice(dup, 1);
    blocks.splice(at + 1, 0, work({ kind: 'subtitle', text: meta.subtitle }));
  }

  if (!blocks.some((b) => b.kind !== 'title' && b.kind !== 'subtitle')) {
    throw bilingualError('refused', `${fileName} contains only a title and no article text to import.`, `${fileName} 中只有标题，没有可导入的正文。`);
  }

  // `核心阅读` (often bold, so read as a heading) labels the lead paragraph after it.
  for (let k = 0; k < blocks.length; k++) {
    const b = blocks[k];
    if ((b.kind === 'heading' || b.kind === 'paragraph') && LEAD_LABELS.has(b.plain)) {
      blocks[k] = { ...b, kind: 'lead-label', level: undefined };
      const next = blocks[k + 1];
      if (next && (next.kind === 'paragraph' || next.kind === 'quote')) blocks[k + 1] = { ...next, kind: 'lead' };
    }
  }
  assignLevels(blocks);

  const builder = new TextBuilder();
  for (const b of blocks) builder.add(b.kind, b.text, b.kind === 'heading' ? (b.level ?? 1) : undefined, b.marks);

  // The 版记 and the 附注 say nothing of the article's date or source: the
  // 印发日期 is when copies were printed, never the 成文日期.
  const body = blocks.filter(
    (b) => b.kind !== 'title' && b.kind !== 'subtitle' && b.kind !== 'figure-caption' && !isRecordLine(b.plain) && !isNoteLine(b.plain),
  );
  const opening = body.slice(0, 8).map((b) => b.plain);
  const closing = body.slice(-2).map((b) => b.plain);
  const year = meta.published ? Number(meta.published.slice(0, 4)) : contextYear([...metaLines, ...opening.slice(0, 3)]);
  const detected = detectMeta([...metaLines, ...opening, ...closing], { year });
  // The date is the 成文日期 (the 落款's date or a 成文日期 field) whenever the
  // document states one: it beats a page's publication time (`firstpublishedtime`,
  // a 发布日期), a file's creation time and any declared date.
  const writtenDate = written.length ? detectMeta(written, { year }).published : undefined;
  if (writtenDate) meta.published = writtenDate;
  for (const [key, value] of Object.entries(detected) as [keyof typeof detected, string][]) {
    if (!meta[key]) meta[key] = value;
  }
  for (const [key, value] of Object.entries(options.fallbackMeta ?? {}) as [keyof DeclaredMeta, string][]) {
    if (key !== 'title' && key !== 'tags' && !meta[key]) (meta as Record<string, unknown>)[key] = value;
  }
  if (!meta.source) {
    const issuer = ISSUER_IN_TITLE.exec(meta.title);
    if (issuer) meta.source = issuer[1];
  }
  tidyPeople(meta);
  const marks = builder.marks;
  return marks.length ? { text: builder.text, blocks: builder.blocks, marks, meta } : { text: builder.text, blocks: builder.blocks, meta };
}

/** An agency in the author field is the source; an editor or photographer is neither. */
function tidyPeople(meta: ParsedArticle['meta']): void {
  // `人民网－人民日报`: the portal that carried a paper's article; the paper is the source.
  const carried = meta.source ? /^(.{2,20}?)\s*[－—–-]\s*(.{2,20})$/.exec(meta.source) : null;
  if (carried && isKnownSource(carried[2]) && (isKnownSource(carried[1]) || /网$/.test(carried[1]))) meta.source = carried[2];
  if (!meta.author) return;
  const author = meta.author.trim();
  const agency = isKnownSource(author);
  if (agency || (meta.source && author === meta.source)) {
    meta.source ||= author;
    delete meta.author;
  } else if (NOT_AN_AUTHOR.test(author)) {
    delete meta.author;
  }
}
