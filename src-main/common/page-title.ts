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
  '人民网', '人民日报', '新华网', '新华社', '中国政府网', '中华人民共和国中央人民政府', '光明网', '央视网',
  '中国新闻网', '中新网', '中国日报网', '求是网', '国务院新闻办公室', '中国经济网', '澎湃新闻', '新浪网',
  '新浪新闻', '腾讯新闻', '网易新闻', '搜狐', '凤凰网', '中国青年网', '中青在线', '环球网', '国际在线',
  '中国网', '央广网', '经济日报', '光明日报', '21世纪经济报道', '第一财经', '财新网',
  'Reuters', 'Bloomberg', 'AP News', 'BBC News', 'BBC', 'Financial Times', 'The Economist', 'The New York Times',
  'The Guardian', 'Xinhua', 'China Daily', "The State Council of the People's Republic of China", 'english.gov.cn',
  'CGTN', 'Global Times', 'South China Morning Post', 'Nikkei Asia', 'The Wall Street Journal', 'CNN',
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
  return s.replace(/[\s\u00a0\u3000]+/g, '').replace(/[。.!！?？:：]+$/, '').toLowerCase();
}

/**
 * The page title without its site name and channel: `标题_教育频道_中国青年网`
 * → `标题`, `标题 | Reuters` → `标题`, `:: Blog :: 标题 ::` → `标题`.
 * `siteNames` adds the names the page declares (og:site_name).
 */
export function stripSiteSuffix(title: string, siteNames: readonly string[] = []): string {
  const sites = new Set([...SITE_NAMES, ...siteNames].map((s) => key(s)).filter(Boolean));
  let text = squash(title.slice(0, MAX_TITLE_INPUT)).replace(/^(?:::\s*)+|(?:\s*::)+$/g, '').trim();
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
  const isSite = (s: string) => sites.has(key(s)) || (s.length <= 16 && SITE_FORM.test(s.trim()));

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

export interface TitleCandidates {
  /** `<title>` text, as written. */
  pageTitle?: string;
  /** `og:title`, `twitter:title` or another declared title. */
  declaredTitle?: string;
  /** Visible `<h1>` texts, in document order. */
  h1s?: readonly string[];
  /** The first heading of the article text, if the article opens with one. */
  firstHeading?: string;
  /** Site names the page declares (og:site_name, the source). */
  siteNames?: readonly string[];
}

/**
 * The headline: a page heading (h1 or the article's first heading) that the
 * `<title>` or `og:title` confirms, with its own wording; else `og:title`;
 * else the `<title>` without its site suffix; else a lone h1. Undefined when
 * the file offers none (the caller then falls back to the file name).
 */
export function reconcileTitle(c: TitleCandidates): string | undefined {
  const sites = c.siteNames ?? [];
  const page = c.pageTitle ? stripSiteSuffix(c.pageTitle, sites) : '';
  const declared = c.declaredTitle ? stripSiteSuffix(c.declaredTitle, sites) : '';
  const rawPage = c.pageTitle ? key(c.pageTitle.slice(0, MAX_TITLE_INPUT)) : '';
  const headings = [...(c.h1s ?? []), ...(c.firstHeading ? [c.firstHeading] : [])]
    .map((h) => squash(h))
    .filter((h) => h.length >= 2 && h.length <= 200);
  for (const h of headings) {
    if ((page && sameHeadline(h, page)) || (declared && sameHeadline(h, declared)) || (h.length >= 4 && rawPage.startsWith(key(h)))) return h;
  }
  if (declared) return declared;
  if (page) return page;
  const h1s = (c.h1s ?? []).map(squash).filter((h) => h.length >= 4 && h.length <= 200);
  return h1s.length === 1 ? h1s[0] : undefined;
}
