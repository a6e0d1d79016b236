/**
 * HTML importer for pages saved from news and government sites (人民网,
 * 新华网, 中国政府网 and English outlets). jsdom parses the page inertly —
 * scripts never run and no resource is ever fetched — then Mozilla's
 * Readability picks the article out of the navigation, share bars, ads and
 * footers, and `dom-blocks.ts` walks it into blocks. Title, source, author,
 * date and URL come from the page's meta tags, then from the byline under
 * the headline, then from the article's first lines (`metadata-detect.ts`).
 */
import { JSDOM, VirtualConsole } from 'jsdom';
import { Readability } from '@mozilla/readability';
import type { ParsedArticle } from '../../common/model';
import { detectMeta, isKnownSource, normalizeDate } from '../../common/metadata-detect';
import { MAX_TITLE_INPUT, SITE_NAMES, reconcileTitle, stripSiteSuffix } from '../../common/page-title';
import { bilingualError } from '../../common/errors';
import { headingNumber } from '../../common/line-roles';
import { finishArticle, sameText, type DeclaredMeta, type RawBlock } from './article-builder';
import { domBlocks, isHidden, textOf } from './dom-blocks';
import { decodeText, implausibility } from './decode';
import { boundNesting } from './html-nesting';
import { stripMarkSigns } from '../../common/text-builder';

// ---------------------------------------------------------------------------
// Bytes → text

/** WHATWG labels that all mean "decode as GB18030" (its superset). */
const GB_LABELS = new Set(['gb2312', 'gbk', 'gb18030', 'x-gbk', 'cp936', 'csgb2312', 'chinese', 'iso-ir-58']);

/** The charset a page declares in its first bytes: `<meta charset>`, http-equiv, or an XML declaration. */
export function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head) ?? /<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)/i.exec(head);
  return m?.[1].toLowerCase();
}

function strictUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Not UTF-8: the question asked, not a failure.
    return null;
  }
}

/**
 * Decodes a saved page: a BOM wins, then valid UTF-8, then the declared
 * charset (GBK/GB2312 pages are common; read as GB18030, their superset),
 * then GB18030. A page whose declaration is wrong (declared GB2312, saved
 * as UTF-8 — it happens) is read as what decodes cleanly.
 */
export function decodeHtmlBytes(bytes: Uint8Array, fileName: string): { text: string; encoding: string } {
  const hasBom =
    (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) || (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  const declared = declaredCharset(bytes);
  // Bytes that are valid UTF-8 are UTF-8 whatever the page claims: GBK text is
  // practically never valid UTF-8, while pages re-saved as UTF-8 often keep
  // their old `charset=gb2312` declaration.
  const utf8 = hasBom ? null : strictUtf8(bytes);
  if (utf8 !== null && !bytes.subarray(0, 8192).includes(0)) return decodeText(bytes, fileName);
  if (!hasBom && declared && declared !== 'utf-8' && declared !== 'utf8') {
    const label = GB_LABELS.has(declared) ? 'gb18030' : declared;
    let decoder: TextDecoder | undefined;
    try {
      decoder = new TextDecoder(label, { fatal: true });
    } catch {
      decoder = undefined; // a label the runtime does not know: fall through to sniffing
    }
    if (decoder) {
      try {
        const text = decoder.decode(bytes);
        // A page saved as Big5 but declared GB2312 decodes "cleanly" into garbage: check it reads.
        if (implausibility(text) <= 0.01) return { text, encoding: decoder.encoding };
      } catch {
        // Mislabelled page: let the sniffing decoder decide.
      }
    }
  }
  return decodeText(bytes, fileName);
}

// ---------------------------------------------------------------------------
// Page metadata

export { stripSiteSuffix };

interface PageMeta extends DeclaredMeta {
  /** The 成文日期 field of the page (`YYYY-MM-DD`), which beats `published` (a page meta time). */
  written?: string;
  siteName?: string;
  siteNames: string[];
  h1s: string[];
  /** Elements and declarations that mark the headline (`.h-title`, `itemprop=headline`, JSON-LD `headline`). */
  headlines: string[];
  pageTitle: string;
  declaredTitle?: string;
}

function metaMap(doc: Document): Map<string, string> {
  const map = new Map<string, string>();
  for (const el of Array.from(doc.querySelectorAll('meta'))) {
    const key = (el.getAttribute('property') ?? el.getAttribute('name') ?? el.getAttribute('itemprop') ?? '').toLowerCase().trim();
    const content = (el.getAttribute('content') ?? '').replace(/\s+/g, ' ').trim();
    if (key && content && !map.has(key)) map.set(key, content);
  }
  return map;
}

function first(map: Map<string, string>, keys: readonly string[]): string | undefined {
  for (const k of keys) {
    const v = map.get(k);
    if (v) return v;
  }
  return undefined;
}

function httpUrl(raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    const url = new URL(raw.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    // Not an absolute URL: the page declares no usable address.
    return undefined;
  }
}

/** Chinese portals put their own name in `author`; that is a source, not a person. */
function looksLikeSite(value: string): boolean {
  return SITE_NAMES.some((s) => s.toLowerCase() === value.toLowerCase()) || /网$|报社?$|新闻$|出版社$|^https?:/.test(value);
}

function readPageMeta(doc: Document, html: string): PageMeta {
  const map = metaMap(doc);
  const meta: PageMeta = { siteNames: [], h1s: [], headlines: [], pageTitle: '' };
  meta.siteName = first(map, ['og:site_name', 'sitename', 'application-name']);

  meta.source = first(map, ['source', 'contentsource', 'citation_publisher', 'dc.publisher', 'dc.source', 'mediaid']);
  if (meta.source) meta.source = meta.source.replace(/^来源[：:]\s*/, '');

  const authors = Array.from(doc.querySelectorAll('meta[name="citation_author"]'))
    .map((el) => el.getAttribute('content')?.trim())
    .filter((a): a is string => !!a);
  const author = authors.length ? authors.join(', ') : first(map, ['author', 'article:author', 'dc.creator', 'byl', 'sailthru.author']);
  if (author && !/^https?:/.test(author)) {
    if (looksLikeSite(author)) meta.source ??= author;
    else meta.author = author.replace(/^(作者|By)[：:\s]\s*/i, '');
  }

  const dateRaw =
    first(map, [
      'article:published_time',
      'og:article:published_time',
      'og:published_time',
      'publishdate',
      'pubdate',
      'publish_date',
      'publishtime',
      'firstpublishedtime',
      'citation_publication_date',
      'citation_date',
      'citation_online_date',
      'dc.date',
      'dc.date.issued',
      'dcterms.created',
      'date',
      'datepublished',
      'sailthru.date',
      'parsely-pub-date',
      'maketime',
    ]) ??
    doc.querySelector('time[datetime]')?.getAttribute('datetime') ??
    undefined;
  const published = dateRaw ? normalizeDate(dateRaw) : undefined;
  if (published) meta.published = published;
  // A 成文日期 field (gov.cn's metadata table: `成文日期：` in one cell, the date in
  // the next) is the document's own date: it beats the page's publication time.
  const written = /成文日期\s*[：:]\s*([^\s|｜丨]{6,24})/.exec(doc.body?.textContent ?? '');
  if (written) meta.written = detectMeta([`成文日期：${written[1]}`]).published;

  const canonical = Array.from(doc.querySelectorAll('link[rel]')).find((l) => (l.getAttribute('rel') ?? '').toLowerCase().split(/\s+/).includes('canonical'));
  // `<!-- saved from url=(0063)https://… -->` is what some browsers' "Save as" leave.
  const savedFrom = /<!--\s*saved from url=\(\d+\)(\S+?)\s*-->/i.exec(html.slice(0, 2000))?.[1];
  meta.url =
    httpUrl(canonical?.getAttribute('href')) ??
    httpUrl(first(map, ['og:url', 'citation_public_url', 'citation_abstract_html_url', 'url', 'twitter:url'])) ??
    httpUrl(savedFrom);

  meta.siteNames = [meta.siteName, meta.source].filter((s): s is string => !!s);
  meta.h1s = Array.from(doc.querySelectorAll('h1'))
    .filter((h) => !isHidden(h))
    .map(textOf)
    .filter((t) => t.length > 0);
  meta.headlines = headlineTexts(doc, map);
  meta.pageTitle = (doc.querySelector('title')?.textContent ?? '').slice(0, MAX_TITLE_INPUT).replace(/\s+/g, ' ').trim();
  meta.declaredTitle = first(map, ['og:title', 'twitter:title', 'articletitle', 'citation_title', 'dc.title', 'title']);

  const subtitle = first(map, ['subtitle', 'articlesubtitle']);
  if (subtitle) meta.subtitle = subtitle;
  return meta;
}

/**
 * Where news and government templates put the headline when it is not an
 * h1: schema.org `itemprop=headline`, Xinhua's `.h-title`, and the class
 * and id names of People's Daily, gov.cn, CCTV, The Paper and CMS templates,
 * and the h1 of the page's `<article>` or `<main>` (HTML Living Standard §4.3).
 */
const HEADLINE_SELECTOR = [
  '[itemprop="headline"]',
  '.h-title',
  '.article-title',
  '.articleTitle',
  '.article_title',
  '.art_title',
  '.arttitle',
  '.news-title',
  '.news_title',
  '.newsTitle',
  '.detail-title',
  '.detail_title',
  '.content-title',
  '.content_title',
  '.main-title',
  '.main_title',
  '.pages-title',
  '.pages_title',
  '.headline',
  '#headline',
  '.post-title',
  '.entry-title',
  '.title_area h1',
  '.rm_txt h1',
  '.tit h1',
  '#title',
  'article h1',
  'main h1',
  '[role="main"] h1',
].join(', ');
/** JSON-LD read for a headline: bounded, so a hostile page costs little. */
const MAX_JSON_LD = 200_000;

/** Headline texts the page marks, in document order, then from meta and JSON-LD. */
function headlineTexts(doc: Document, map: Map<string, string>): string[] {
  const out: string[] = [];
  for (const el of Array.from(doc.querySelectorAll(HEADLINE_SELECTOR)).slice(0, 20)) {
    if (isHidden(el) || el.closest('nav, header nav, footer, aside, [class*="nav"], [class*="related"], [class*="recommend"]')) continue;
    // A container of the whole article is not its headline.
    if (el.querySelector('p, div p, article, section')) continue;
    const text = el.localName === 'meta' ? (el.getAttribute('content') ?? '').trim() : textOf(el);
    if (text && text.length <= 200) out.push(text);
  }
  const fromMeta = map.get('headline');
  if (fromMeta) out.push(fromMeta);
  for (const script of Array.from(doc.querySelectorAll('script[type="application/ld+json"]'))) {
    const json = script.textContent ?? '';
    if (json.length > MAX_JSON_LD) continue;
    try {
      const data: unknown = JSON.parse(json);
      const nodes = (Array.isArray(data) ? data : [data, ...(((data as { '@graph'?: unknown[] })?.['@graph'] ?? []) as unknown[])]) as unknown[];
      for (const node of nodes) {
        const headline = (node as { headline?: unknown } | null)?.headline;
        if (typeof headline === 'string' && headline.trim() && headline.length <= 200) out.push(headline.replace(/\s+/g, ' ').trim());
      }
    } catch {
      // Broken JSON-LD is common and says nothing: the page's other headline marks remain.
    }
  }
  return out;
}

interface NearHeadline {
  subtitle?: string;
  /** Lines printed under the headline, nearest first. */
  after: string[];
  /** Lines printed above it (Xinhua puts date and source there), nearest first. */
  before: string[];
}

/** Class names of the standfirst / deck printed under a headline. */
const SUBTITLE_CLASS = /sub|standfirst|dek\b|deck|summary|intro/i;
const INLINE_ONLY = /^(a|span|em|i|b|strong|font|time|label|small|br)$/i;

/** Up to `max` lines of inline content walking from `from` (excluded) in one direction. */
function lineElements(doc: Document, from: Element, forward: boolean, max: number): string[] {
  const walker = doc.createTreeWalker(doc.body ?? doc.documentElement, 1 /* SHOW_ELEMENT */);
  walker.currentNode = from;
  const lines: string[] = [];
  let taken: Element | null = null;
  const step = () => (forward ? walker.nextNode() : walker.previousNode()) as Element | null;
  for (let node = step(); node && lines.length < max; node = step()) {
    if (from.contains(node) || node.contains(from) || taken?.contains(node)) continue;
    // Only elements holding a line of inline content; their containers are skipped.
    if (Array.from(node.children).some((c) => !INLINE_ONLY.test(c.localName))) continue;
    // Walking backwards meets the innermost pieces first (`<em>07</em>`): read
    // the whole line they belong to.
    let line: Element = node;
    while (
      line.parentElement &&
      line.parentElement !== doc.body &&
      !line.parentElement.contains(from) &&
      Array.from(line.parentElement.querySelectorAll('*')).every((c) => INLINE_ONLY.test(c.localName))
    ) {
      line = line.parentElement;
    }
    const text = textOf(line);
    if (text) {
      lines.push(text);
      taken = line;
    }
  }
  return lines;
}

/**
 * The headline element in the original page and what the page prints around
 * it: the subtitle (a short h2–h4 or `.sub`/`.standfirst` after the h1) and
 * the byline lines (`2023年07月10日05:52 | 来源：人民网－人民日报`).
 */
function nearHeadline(doc: Document, title: string | undefined): NearHeadline {
  const none: NearHeadline = { after: [], before: [] };
  if (!title) return none;
  const h1 = Array.from(doc.querySelectorAll('h1, h2, .title, #title, [class*="title"], [id*="title"]')).find((h) => sameText(textOf(h), title));
  if (!h1) return none;
  const result: NearHeadline = { after: lineElements(doc, h1, true, 6), before: lineElements(doc, h1, false, 4) };
  const next = h1.nextElementSibling;
  if (next && (/^h[2-6]$/i.test(next.localName) || SUBTITLE_CLASS.test(next.className))) {
    const text = textOf(next);
    if (text && text.length <= 120 && !/来源|发布|作者|^By\s/.test(text) && !headingNumber(text)) result.subtitle = text;
  }
  return result;
}

// ---------------------------------------------------------------------------
// Article body

/** Class and id words of page chrome, for the fallback when Readability finds nothing. */
const CHROME =
  /(^|[-_\s])(nav|navbar|menu|header|footer|foot|share|sharebar|social|ad|ads|advert|banner|breadcrumb|crumb|sidebar|side|comment|comments|related|recommend|copyright|toolbar|login|search|hot|rank)([-_\s]|$)/i;

function removeChrome(root: Element): void {
  for (const el of Array.from(
    root.querySelectorAll('nav, header, footer, aside, [role="navigation"], [role="banner"], [role="contentinfo"], [role="complementary"]'),
  )) {
    el.remove();
  }
  for (const el of Array.from(root.querySelectorAll('[class], [id]'))) {
    if (CHROME.test(el.getAttribute('class') ?? '') || CHROME.test(el.getAttribute('id') ?? '')) el.remove();
  }
}

/** Elements removed before anything reads the page: code, styles, frames, embedded objects. */
const INERT = 'script, style, noscript, template, iframe, frame, frameset, object, embed, applet, link, base';

interface Found {
  blocks: RawBlock[];
  byline?: string;
  siteName?: string;
  published?: string;
}

function findArticle(doc: Document): Found {
  let readable: ReturnType<Readability['parse']> = null;
  try {
    readable = new Readability(doc.cloneNode(true) as Document, { charThreshold: 200, keepClasses: false, maxElemsToParse: MAX_READABILITY_ELEMENTS }).parse();
  } catch {
    readable = null; // too large for Readability: the body walk below reads it
  }
  let blocks: RawBlock[] = [];
  if (readable?.content) {
    const template = doc.createElement('template');
    template.innerHTML = readable.content;
    blocks = domBlocks(template.content);
  }
  const chars = (bs: RawBlock[]) => bs.reduce((n, b) => n + b.text.length, 0);
  // Readability gives up on short pages; then the body minus its chrome is the article.
  if (chars(blocks) < 80 && doc.body) {
    const body = doc.body.cloneNode(true) as Element;
    removeChrome(body);
    const fallback = domBlocks(body);
    if (chars(fallback) > chars(blocks)) blocks = fallback;
  }
  return {
    blocks,
    byline: readable?.byline?.trim() || undefined,
    siteName: readable?.siteName?.trim() || undefined,
    published: readable?.publishedTime ? normalizeDate(readable.publishedTime) : undefined,
  };
}

/** `(责编：王五)`, `【责任编辑:王五】`, `【纠错】`: page furniture inside the article container. */
const EDITOR_LINE = /^[(（【[]?\s*(【?纠错】?\s*|我要纠错】?\s*)?(责任编辑|责编|编辑|校对|纠错)\s*[:：】]/;

/** Elements Readability reads at most; a larger page is read by the plain body walk. */
const MAX_READABILITY_ELEMENTS = 60_000;

/** Parses a saved web page into an article. */
export function parseHtml(source: string, fileName: string): ParsedArticle {
  if (!source.trim()) {
    throw bilingualError('refused', `${fileName} is empty; there is nothing to import.`, `${fileName} 是空文件，没有可导入的内容。`);
  }
  const { html } = boundNesting(source);
  // No `runScripts` and no `resources`: jsdom neither executes nor fetches
  // anything. The virtual console swallows CSS and parse noise.
  const dom = new JSDOM(html, { virtualConsole: new VirtualConsole() });
  try {
    const doc = dom.window.document;
    // Metadata first: <link rel="canonical"> and <meta> are read before the
    // inert elements (links among them) are removed.
    const page = readPageMeta(doc, html);
    for (const el of Array.from(doc.querySelectorAll(INERT))) el.remove();

    const found = findArticle(doc);
    const blocks = found.blocks.filter((b) => !EDITOR_LINE.test(stripMarkSigns(b.text)));
    if (!blocks.length) {
      throw bilingualError(
        'refused',
        `${fileName} has no readable article text (the page may be empty or only load its text with scripts, which Briefing Desk never runs); save the page again after it has loaded, or copy its text.`,
        `${fileName} 中没有可读的正文（页面可能是空的，或正文要靠脚本加载，而简报台从不运行脚本）。请等页面加载完成后重新保存，或直接复制正文导入。`,
      );
    }
    const firstHeading = blocks.slice(0, 3).find((b) => b.kind === 'heading');
    const title = reconcileTitle({
      pageTitle: page.pageTitle,
      declaredTitle: page.declaredTitle,
      h1s: page.h1s,
      headlines: page.headlines,
      firstHeading: firstHeading ? stripMarkSigns(firstHeading.text) : undefined,
      siteNames: page.siteNames,
    });
    const near = nearHeadline(doc, title);

    const declared: DeclaredMeta = {};
    if (title) declared.title = title;
    const subtitle = page.subtitle ?? near.subtitle;
    if (subtitle && !sameText(subtitle, title ?? '')) declared.subtitle = subtitle;
    // Meta tags first, then the byline under the headline, then the
    // article's opening lines (`新华社北京7月6日电（记者 张三）`), then what
    // Readability found (JSON-LD, `.byline`); the site's name is the source
    // of last resort, since a 新华网 page usually carries a 新华社 story.
    const published = page.written ?? page.published ?? found.published;
    const year = published ? Number(published.slice(0, 4)) : undefined;
    const after = detectMeta(near.after, { year });
    const before = detectMeta(near.before, { year });
    const byline = { ...before, ...after };
    const opening = detectMeta(
      blocks.slice(0, 8).map((b) => stripMarkSigns(b.text)),
      { year },
    );
    const readability = found.byline ? detectMeta([found.byline]) : {};
    const plainByline =
      found.byline && found.byline.length <= 40 && !/[:：|]/.test(found.byline) && !isKnownSource(found.byline) && !looksLikeSite(found.byline)
        ? found.byline
        : undefined;
    declared.source = page.source ?? byline.source ?? opening.source ?? readability.source ?? page.siteName ?? found.siteName;
    declared.author = page.author ?? byline.author ?? opening.author ?? readability.author ?? plainByline;
    declared.published = published ?? byline.published ?? opening.published ?? readability.published;
    declared.region = byline.region ?? opening.region;
    declared.docNumber = page.docNumber ?? byline.docNumber ?? opening.docNumber;
    declared.url = page.url;
    for (const key of Object.keys(declared) as (keyof DeclaredMeta)[]) {
      if (declared[key] === undefined) delete declared[key];
    }
    return finishArticle(blocks, declared, fileName, { format: 'html' });
  } finally {
    dom.window.close();
  }
}
