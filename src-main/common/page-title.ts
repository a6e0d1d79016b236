/**
 * The headline of a page or clipped article, reconciled from what the file
 * offers: the `<title>` (which carries the site's name and channel:
 * `标题_教育频道_中国青年网`, `Title | Site`, `:: Blog :: Title`), `og:title`,
 * the page's own `<h1>`s and the first heading of the article. The page's
 * own headline wins over a title that only repeats it; a headline is never
 * cut at a dash inside it (`——写在…之际`). Linear in the input: a page with
 * a 200 KB `<title>` costs no more than reading it.
 *
 * Pure: no Node, no DOM.
 */

/** Site names that trail page titles (`…_新闻_人民网`, `…-新华网`, `… | Reuters`). */
export const SITE_NAMES: readonly string[] = [
  '人民网',
  '人民日报',
  '新华网',
  '新华社',
  '中国政府网',
  '中华人民共和国中央人民政府',
  '光明网',
  '央视网',
  '中国新闻网',
  '中新网',
  '中国日报网',
  '求是网',
  '国务院新闻办公室',
  '中国经济网',
  '澎湃新闻',
  '新浪网',
  '新浪新闻',
  '腾讯新闻',
  '网易新闻',
  '搜狐',
  '凤凰网',
  '中国青年网',
  '中青在线',
  '环球网',
  '国际在线',
  '中国网',
  '央广网',
  '经济日报',
  '光明日报',
  '21世纪经济报道',
  '第一财经',
  '财新网',
  'Reuters',
  'Bloomberg',
  'AP News',
  'BBC News',
  'BBC',
  'Financial Times',
  'The Economist',
  'The New York Times',
  'The Guardian',
  'Xinhua',
  'China Daily',
  "The State Council of the People's Republic of China",
  'english.gov.cn',
  'CGTN',
  'Global Times',
  'South China Morning Post',
  'Nikkei Asia',
  'The Wall Street Journal',
  'CNN',
];

/** Longest title read: no headline is longer, and a bound keeps hostile titles cheap. */
export const MAX_TITLE_INPUT = 1000;

/**
 * Separators between a headline and the site's name or channel. Never `——`
 * (the Chinese dash inside headlines) nor an unspaced `-` or `—`.
 */
const SEPARATOR = /\s*(?:_{1,2}|\|{1,2}|｜|::|»|\s[-–—]\s|-{2}|-(?=\s*(?:人民网|新华网|中国政府网|新华社|央视网|光明网)\s*$))\s*/g;
/** A trailing segment that names a site by its form: `中国青年网`, `科技频道`, `xinhuanet.com`. */
const SITE_FORM = /(网|在线|频道|报|台|社|网站|官网|客户端|Online|News|Blog|Times|Post|Daily)$|\.(com|cn|org|net|gov|edu)(\.cn)?$/i;
/** A trailing channel name (`新闻`, `经济·科技`, `国务院文件`) is short. */
const MAX_SECTION = 10;

function squash(s: string): string {
  return s.replace(/[\s\u00a0\u3000]+/g, ' ').trim();
}

function key(s: string): string {
  return s
    .replace(/[\s\u00a0\u3000]+/g, '')
    .replace(/[。.!！?？:：]+$/, '')
    .toLowerCase();
}

/** Keys of the known site names plus `extra`. */
function siteKeys(extra: readonly string[]): Set<string> {
  return new Set([...SITE_NAMES, ...extra].map((s) => key(s)).filter(Boolean));
}

/**
 * True when `segment` names a site: a known name, a name the page declares,
 * a known name with its domain or English name beside it (`央视网(cctv.com)`,
 * `澎湃新闻-The Paper`), or a short name of a site's form (`中国青年网`,
 * `科技频道`, `xinhuanet.com`).
 */
function isSiteName(segment: string, sites: ReadonlySet<string>): boolean {
  const s = segment.trim();
  return isKnownSite(s, sites) || (s.length <= 16 && SITE_FORM.test(s));
}

/** A known or declared site name, perhaps with its domain or English name beside it. */
function isKnownSite(text: string, sites: ReadonlySet<string>): boolean {
  const k = key(text);
  if (!k) return false;
  if (sites.has(k)) return true;
  for (const site of sites) {
    if (k.length > site.length && k.startsWith(site) && /^[\s\-–—_|（(:：·]*[a-z0-9.\s()（）'-]*$/i.test(k.slice(site.length))) return true;
  }
  return false;
}

/** Words of a site's home or channel page title: `首页`, `新闻中心`, `Home`. */
const CHANNEL_WORDS = /^(首页|主页|新闻|新闻中心|资讯|要闻|频道|滚动|正文|详情|文章|Home|Homepage|News|Latest|Article)$/i;
/** Longest slogan beside a site name in a home-page title (`让新闻离你更近`, `网上的人民日报`). */
const MAX_SLOGAN = 12;

/**
 * True when a page title names only the site, perhaps with its slogan or a
 * channel, and no headline: `新华网_让新闻离你更近`, `人民网`, `央视网(cctv.com)`,
 * `澎湃新闻 - 专注时政与思想`, `首页_中国政府网`, `BBC News - Home`. Such a
 * title (many sites put it on every article page) is never the headline.
 */
export function isSiteOnlyTitle(title: string, siteNames: readonly string[] = []): boolean {
  const sites = siteKeys(siteNames);
  const text = squash(title.slice(0, MAX_TITLE_INPUT));
  if (!text) return false;
  if (isKnownSite(text, sites)) return true;
  // Site-name titles are also joined by unspaced dashes (`澎湃新闻-专注时政与思想`); never by `——`.
  const parts = text
    .split(/\s*(?:_{1,2}|\|{1,2}|｜|::|»|·|(?<![—-])[-–—](?![—-]))\s*/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length < 2) return false;
  const siteParts = parts.filter((p) => isSiteName(p, sites));
  if (!siteParts.length) return false;
  const others = parts.filter((p) => !isSiteName(p, sites));
  if (others.every((p) => CHANNEL_WORDS.test(p))) return true;
  // `新华网_让新闻离你更近`: the site first, then a short slogan without figures.
  return isSiteName(parts[0], sites) && others.every((p) => p.length <= MAX_SLOGAN && !/\d/.test(p));
}

/**
 * The page title without its site name and channel: `标题_教育频道_中国青年网`
 * → `标题`, `标题 | Reuters` → `标题`, `:: Blog :: 标题 ::` → `标题`.
 * `siteNames` adds the names the page declares (og:site_name).
 */
export function stripSiteSuffix(title: string, siteNames: readonly string[] = []): string {
  const sites = siteKeys(siteNames);
  let text = squash(title.slice(0, MAX_TITLE_INPUT))
    .replace(/^(?:::\s*)+|(?:\s*::)+$/g, '')
    .trim();
  // Segments and the separators between them, in order.
  const parts: string[] = [];
  const separators: string[] = [];
  let at = 0;
  for (const m of text.matchAll(SEPARATOR)) {
    parts.push(text.slice(at, m.index));
    separators.push(m[0].trim());
    at = m.index! + m[0].length;
  }
  parts.push(text.slice(at));
  const isSite = (s: string) => isSiteName(s, sites);

  // From the end: drop site names, then channel names that stood before them.
  let end = parts.length;
  let strippedSite = false;
  while (end > 1) {
    const last = parts[end - 1].trim();
    const headLength = parts.slice(0, end - 1).join('').length;
    if (!last) {
      end--;
      continue;
    }
    const site = isSite(last);
    const section = strippedSite && last.length <= MAX_SECTION && headLength > last.length;
    // `_` and `|` at the end of a title almost always introduce the site: a short unknown name goes too.
    const sep = separators[end - 2];
    const shortTail = !strippedSite && (sep === '_' || sep === '|' || sep === '｜') && last.length <= (sep === '_' ? 12 : 25) && headLength >= 2 * last.length;
    if (!site && !section && !shortTail) break;
    strippedSite = true;
    end--;
  }
  // `:: Blog :: 标题`: a leading site name before the headline.
  let begin = 0;
  while (begin < end - 1 && isSite(parts[begin].trim()) && separators[begin] === '::') begin++;
  text = '';
  for (let k = begin; k < end; k++) text += (k > begin ? ` ${separators[k - 1]} ` : '') + parts[k].trim();
  return squash(text) || squash(title.slice(0, MAX_TITLE_INPUT));
}

/** Prefixes that applications put before a document's name: `Microsoft Word - 通知.docx`. */
const APP_PREFIX =
  /^(Microsoft\s+(Office\s+)?(Word|PowerPoint|Excel)|WPS(\s*Office|\s*文字|\s*演示|\s*表格)?|Adobe\s+Acrobat|Foxit\s+\w+|LibreOffice\s+\w+|OpenOffice\s+\w+)\s*[-–—:：]\s*/i;
/** Names of files: `forpdf.html`, `附件1.docx`, `C:\文件\通知.doc`. */
const FILE_NAME = /\.(docx?|dotx?|wps|wpt|et|dps|pdf|ofd|ceb|html?|xhtml|mht(ml)?|txt|rtf|odt|pptx?|xlsx?|csv|md|tmp|jpe?g|png|tiff?)$/i;
const PATH = /^([a-z]:\\|\\\\|\/|~\/)|[\\/][^\s\\/]+[\\/]/i;
const URL_LIKE = /^([a-z][a-z0-9+.-]*:\/\/|www\.|about:|file:|data:|blob:)/i;
/** Titles that applications fill in when nobody typed one. */
const PLACEHOLDER =
  /^(untitled(\s+document)?|no\s+title|title|document\s*\d*|doc\s*\d*|book\s*\d*|presentation\s*\d*|powerpoint\s+presentation|slide\s*\d*|page\s*\d*|print|pdf|new\s+document|无标题(文档)?|未命名(文档)?|标题|文档\s*\d*|新建\s*(microsoft\s*word\s*)?文档(\s*\(\d+\))?|新建文本文档|幻灯片\s*\d*|打印|页面\s*\d*)$/i;

/**
 * A title a file declares about itself (PDF Info `Title`, DOCX
 * `docProps/core.xml` `dc:title`, an HTML `<title>` or `og:title` read as a
 * plain string) when it plausibly is the document's headline, else
 * undefined: never a file name (`forpdf.html`, `C:\…\通知.doc`), an
 * application-prefixed name (`Microsoft Word - 关于….docx`, `WPS文字 - …`),
 * a URL, a placeholder (`untitled`, `无标题`, `文档1`, `Slide 1`), a bare
 * token without spaces (`forpdf`, `ndrc_2024_v2`) or a string without
 * letters. Returns the title with its white space collapsed.
 */
export function plausibleDeclaredTitle(raw: string | undefined | null): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const t = squash(raw.slice(0, MAX_TITLE_INPUT));
  if (t.length < 2 || !/\p{L}/u.test(t)) return undefined;
  if (APP_PREFIX.test(t) || FILE_NAME.test(t) || URL_LIKE.test(t) || PATH.test(t) || PLACEHOLDER.test(t)) return undefined;
  // One Latin token in lower case, or joined by underscores: a file or template name, not a headline.
  if (/^[a-z0-9_.-]+$/.test(t) || (/^[\w.-]+$/.test(t) && /_/.test(t))) return undefined;
  return t;
}

/** Character bigrams, for comparing two versions of a headline. */
function bigrams(s: string): Set<string> {
  const k = key(s);
  const out = new Set<string>();
  for (let i = 0; i + 1 < k.length; i++) out.add(k.slice(i, i + 2));
  return out;
}

/** True when two headlines are the same headline (one a trimmed or lightly edited copy of the other). */
export function sameHeadline(a: string, b: string): boolean {
  const ka = key(a);
  const kb = key(b);
  if (!ka || !kb) return false;
  if (ka === kb) return true;
  const shorter = ka.length <= kb.length ? ka : kb;
  const longer = ka.length <= kb.length ? kb : ka;
  if (shorter.length >= 6 && longer.includes(shorter) && shorter.length >= longer.length * 0.5) return true;
  const x = bigrams(a);
  const y = bigrams(b);
  let common = 0;
  for (const g of x) if (y.has(g)) common++;
  return x.size + y.size > 0 && (2 * common) / (x.size + y.size) >= 0.75;
}

/** Width in half-width columns: CJK and other wide characters count 2. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

export interface TitleCandidates {
  /** `<title>` text, as written. */
  pageTitle?: string;
  /** `og:title`, `twitter:title` or another declared title. */
  declaredTitle?: string;
  /** Visible `<h1>` texts, in document order. */
  h1s?: readonly string[];
  /** The first heading of the article text, if the article opens with one. */
  firstHeading?: string;
  /**
   * Elements the page marks as its headline (`itemprop=headline`, JSON-LD
   * `headline`, `.h-title`, `.article-title`…), in document order.
   */
  headlines?: readonly string[];
  /** Site names the page declares (og:site_name, the source). */
  siteNames?: readonly string[];
}

/**
 * The headline: a page heading (an h1, an element the page marks as its
 * headline, or the article's first heading) that the `<title>` or
 * `og:title` confirms, with its own wording; else `og:title`; else the
 * element the page marks as its headline (including the h1 of `<article>` /
 * `<main>`); else a lone h1 wider than the `<title>` that does not mention it
 * (the `<title>` then names the site or section); else the `<title>` without
 * its site suffix; else a lone h1. A `<title>` or `og:title` that names only the
 * site (`新华网_让新闻离你更近`) or is no headline at all (a file name, a
 * URL, `untitled`) counts for nothing, and a heading that is the site's name
 * (the logo in an h1) is never the headline. Undefined when the file offers
 * none (the caller then falls back to the file name).
 */
export function reconcileTitle(c: TitleCandidates): string | undefined {
  const sites = c.siteNames ?? [];
  const siteSet = siteKeys(sites);
  const usable = (t: string | undefined) => (t && plausibleDeclaredTitle(t) && !isSiteOnlyTitle(t, sites) ? stripSiteSuffix(t, sites) : '');
  const page = usable(c.pageTitle);
  const declared = usable(c.declaredTitle);
  const rawPage = page && c.pageTitle ? key(c.pageTitle.slice(0, MAX_TITLE_INPUT)) : '';
  const fit = (h: string) => h.length >= 2 && h.length <= 200 && !isKnownSite(h, siteSet) && !isSiteOnlyTitle(h, sites);
  const marked = (c.headlines ?? []).map(squash).filter(fit);
  const headings = [...(c.h1s ?? []), ...marked, ...(c.firstHeading ? [c.firstHeading] : [])].map((h) => squash(h)).filter(fit);
  for (const h of headings) {
    if ((page && sameHeadline(h, page)) || (declared && sameHeadline(h, declared)) || (h.length >= 4 && rawPage.startsWith(key(h)))) return h;
  }
  if (declared) return declared;
  const markedHeadline = marked.find((h) => h.length >= 4);
  if (markedHeadline) return markedHeadline;
  const h1s = (c.h1s ?? []).map(squash).filter((h) => h.length >= 4 && fit(h));
  // A lone h1 the `<title>` does not mention, longer than what the title
  // holds once its suffix is gone, is the headline and the `<title>` a
  // site or section name (`Site Name - 新闻中心`).
  if (page && h1s.length === 1 && h1s[0].length >= 6 && !rawPage.includes(key(h1s[0])) && displayWidth(h1s[0]) > displayWidth(page)) return h1s[0];
  if (page) return page;
  return h1s.length === 1 ? h1s[0] : undefined;
}
