/**
 * What one line of an article is, read the same way by every importer
 * (plain text, Markdown, web pages, Word, PDF): a numbered section heading
 * and its level, a metadata line (byline, dateline, edition line, 发文字号,
 * credit line), a caption, or page furniture (share bars, navigation, vote
 * widgets, "related news" lists). The importers differ in what their format
 * marks up; what a line *says* is decided here, once.
 *
 * Heading levels follow the structure numbers of Chinese official documents
 * (GB/T 9704-2012 §7.3.3): 一、 is level 1, （一） level 2, 1. level 3,
 * （1） level 4; 第一章/第一编 are level 1 and 第一节 level 2.
 *
 * Pure: no Node, no DOM.
 */
import { DOC_NUMBER, isBylineLine } from './metadata-detect';
import { trimEdges } from './text-builder';
import { arabicDates } from './chinese-date';

const CN_NUM = '[一二三四五六七八九十百零〇两]+';
function clean(text: string): string {
  return trimEdges(text);
}

/** Numbering patterns of section heads, in the order they are tried, with their level. */
const NUMBERINGS: { re: RegExp; level: number }[] = [
  { re: new RegExp(`^第${CN_NUM}[编章](?=[\\s\\u3000]|$)`), level: 1 },
  { re: new RegExp(`^第${CN_NUM}节(?=[\\s\\u3000]|$)`), level: 2 },
  { re: new RegExp(`^${CN_NUM}[、．]`), level: 1 },
  { re: new RegExp(`^[（(]${CN_NUM}[）)]`), level: 2 },
  { re: /^\d{1,2}(?:[.．](?!\d)|、)/, level: 3 },
  { re: /^[（(]\d{1,2}[）)]/, level: 4 },
];

export interface HeadingNumber {
  /** 1 = top. */
  level: number;
  /** The number as written: `一、`, `（二）`, `3.`, `第一章`. */
  label: string;
}

/** The section number a line starts with, if any. */
export function headingNumber(line: string): HeadingNumber | undefined {
  const text = clean(line);
  for (const { re, level } of NUMBERINGS) {
    const m = re.exec(text);
    if (m) return { level, label: m[0] };
  }
  return undefined;
}

/**
 * Numbers of clauses and items that are not heading levels but still mark a
 * line as part of the body's numbered structure: `第一条`, `第二款`,
 * `第三部分`, circled and parenthesised digits (①, ⑴, ⒈), `1）`.
 */
const OTHER_ENUMERATORS: RegExp[] = [
  new RegExp(`^第(?:${CN_NUM}|\\d{1,3})(?:条|款|项|部分|篇)`),
  /^[\u2460-\u2473\u2474-\u2487\u2488-\u249b\u3251-\u325f\u32b1-\u32bf]/,
  /^\d{1,2}[)）]/,
];

/**
 * True when a line starts with a number of the document's section or
 * clause structure (`一、`, `（一）`, `1.`, `（1）`, `第一章`, `第一条`, `①`):
 * such a line belongs to the body and is never a subtitle (副题), a kicker
 * (引题) or a plain-text title.
 */
export function startsWithSectionNumber(line: string): boolean {
  const text = clean(line);
  return !!headingNumber(text) || OTHER_ENUMERATORS.some((re) => re.test(text));
}

/** Longest numbered line that is still a heading (numbers included). */
const MAX_NUMBERED_HEADING = 40;
/** Longest text (number and final full stop aside) of a 一、/（一） head that closes with a full stop. */
const MAX_STOPPED_HEADING = 15;
/** Longest un-numbered line that reads as a heading in plain text. */
export const MAX_PLAIN_HEADING = 32;
/** Punctuation that ends or joins sentences; a heading carries none inside it. */
const SENTENCE_PUNCT = /[。，、；：！？,;:!?]|\.\s|\.$/;
const SENTENCE_END = /[。；！？!?;]/;

/**
 * The heading level of a numbered section head (`一、总体要求`,
 * `（二）加快数字化转型`, `1. 加强政策引导`, `第一章　总则`), or undefined for a
 * line that is not one. A head may end in a question or exclamation mark
 * (`一、统一大市场建设取得哪些进展？`). A numbered line that is a sentence (`1. 各单位要高度
 * 重视，认真组织实施。`, `第一条　为了规范……`) is a paragraph, not a heading.
 */
export function numberedHeadingLevel(line: string): number | undefined {
  const text = clean(line);
  const number = headingNumber(text);
  if (!number) return undefined;
  const rest = clean(text.slice(number.label.length));
  if (!rest || text.length > MAX_NUMBERED_HEADING) return undefined;
  // A head of the top two levels standing alone on its line may close with a
  // full stop (`（一）优化算力布局。`) when it is a short phrase: no other
  // punctuation inside. A longer line ending so is a one-sentence paragraph.
  const phrase = rest.replace(/[。.]$/, '');
  if (number.level <= 2 && phrase !== rest && phrase.length <= MAX_STOPPED_HEADING && !SENTENCE_PUNCT.test(phrase)) {
    return isMetadataLine(text) ? undefined : number.level;
  }
  // A question or exclamation may end a head (`一、统一大市场建设取得哪些进展？`); a full stop or a second sentence may not.
  if (SENTENCE_END.test(rest.replace(/[？?！!]$/, ''))) return undefined;
  if (isMetadataLine(text)) return undefined;
  return number.level;
}

/**
 * A short line without sentence punctuation that is not metadata: how plain
 * text and PDFs set a section head (`人工智能应用场景加速拓展`).
 */
export function looksLikeHeading(line: string): boolean {
  const text = clean(line);
  if (!text || text.length > MAX_PLAIN_HEADING) return false;
  if (numberedHeadingLevel(text) !== undefined) return true;
  if (headingNumber(text)) return false;
  return (
    !SENTENCE_PUNCT.test(text) &&
    !BRACKETED.test(text) &&
    !isMetadataLine(text) &&
    !isCaptionLine(text) &&
    !isFurnitureLine(text) &&
    !isRecordLine(text) &&
    !isNoteLine(text)
  );
}

/** A line wholly inside one pair of round brackets (`（此件公开发布）`, `（完）`, `(Reuters)`): a remark, never a section head. */
const BRACKETED = /^[（(][^（()）]*[）)]$/;

// ---------------------------------------------------------------------------
// The closing parts of an official document (GB/T 9704-2012 §7.3.5, §7.4)

/** A date alone on a line, as the 成文日期 of an official document is set: `2024年3月1日`, `2024-03-01`. */
const WRITTEN_DATE = /^(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})$/;

/** The 成文日期 alone on a line (GB/T 9704-2012 §7.3.5.1): `2024年3月1日`, or in Chinese numerals `二〇二四年三月一日`. */
export function isWrittenDateLine(line: string): boolean {
  return WRITTEN_DATE.test(arabicDates(clean(line)).replace(/[\s\u3000]/g, ''));
}

/**
 * The 发文机关署名 and 成文日期 on one line (a Markdown paragraph joins the
 * two lines with a space): `国家发展改革委 2024年3月1日` (or `二〇二四年三月一日`).
 * Returns the issuer(s) (one or more, for a joint document) and the date in
 * Arabic numerals, or undefined.
 */
export function signatureOnOneLine(line: string): { issuers: string[]; date: string } | undefined {
  const m = /^(.{2,80}?)[\s\u3000]+(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)$/.exec(arabicDates(clean(line)));
  if (!m) return undefined;
  const issuers = m[1].split(/[\s\u3000]+/);
  return issuers.every(isIssuerLine) ? { issuers, date: m[2] } : undefined;
}

/**
 * A line of the 版记 (GB/T 9704-2012 §7.4): `抄送：国务院办公厅。`,
 * `国家发展改革委办公厅　　2024年3月1日印发` (印发机关和印发日期, the date also in
 * Chinese numerals). Such a line is never a heading.
 */
export function isRecordLine(line: string): boolean {
  const text = arabicDates(clean(line));
  return /^(抄送|抄报|分送|报送)[：:]/.test(text) || (text.length <= 80 && /\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发$/.test(text));
}

/**
 * The 版记 lines of one block, line by line. A format that joins the lines
 * of a paragraph (a Markdown soft line break, an HTML `<br>`, a Word line
 * break) can hand over `抄送：各省级网信办。工业和信息化部办公厅　　2025年3月12日印发`
 * as one block; the 版记 is set line by line (GB/T 9704-2012 §7.4), so it
 * is split after each full stop that a new 版记 line follows (`抄报：`,
 * `抄送：`, the 印发机关和印发日期). Text that is not a 版记 line comes back whole.
 */
export function splitRecordLines(line: string): string[] {
  const text = clean(line);
  if (!isRecordLine(text)) return [text];
  const out: string[] = [];
  let rest = text;
  for (;;) {
    let cut = -1;
    for (let at = rest.indexOf('。'); at >= 0 && at < rest.length - 1; at = rest.indexOf('。', at + 1)) {
      const after = clean(rest.slice(at + 1));
      if (after && (/^(抄送|抄报|分送|报送)[：:]/.test(after) || isRecordLine(after))) {
        cut = at + 1;
        break;
      }
    }
    if (cut < 0) break;
    out.push(clean(rest.slice(0, cut)));
    rest = clean(rest.slice(cut));
  }
  out.push(rest);
  return out;
}

/**
 * The 附注 of an official document (GB/T 9704-2012 §7.3.6), set in
 * brackets on the line under the 成文日期: `（此件公开发布）`, `（此件不公开）`,
 * `（此件发至县级）`, `（联系人：张三，电话：010-12345678）`. Body text, never a
 * heading.
 */
export function isNoteLine(line: string): boolean {
  const text = clean(line);
  return text.length <= 100 && /^[（(]\s*(此件|本件|此文|本文件|联系人|联系电话|联系方式|请示人|签发人)[^（()）]*[）)]$/.test(text);
}

/**
 * The 附件说明 (GB/T 9704-2012 §7.3.4): `附件：1. 试点城市名单`, the items
 * under it numbered `2. …`. Items under this line are not section heads.
 */
export function isAttachmentNoteLine(line: string): boolean {
  return /^附\s*件\s*[：:]/.test(clean(line));
}

// ---------------------------------------------------------------------------
// Metadata lines

/** A line that holds a 发文字号 and nothing else of note (a signer may stand beside it). */
export function isDocNumberLine(line: string): boolean {
  const text = clean(line);
  if (!text.includes('号')) return false;
  const number = DOC_NUMBER.exec(text);
  if (!number) return false;
  const rest = text
    .replace(number[1], '')
    .replace(/签发人[：:]\s*[\u4e00-\u9fff·　\s]{2,12}/, '')
    .replace(/[\s\u3000]/g, '');
  return rest.length <= 2;
}

/** An issuing body's name alone on a line (the 落款 of an official document): `工业和信息化部办公厅`. */
const ISSUER =
  /^[\u4e00-\u9fff（）()、]{2,30}(部|厅|局|委|委员会|办公室|办公厅|人民政府|政府|法院|检察院|院|中心|公司|集团|协会|联合会|领导小组|小组|司|署|总局|银行|学会|研究所|研究院)$/;

export function isIssuerLine(line: string): boolean {
  return ISSUER.test(clean(line).replace(/[\s\u3000]/g, ''));
}

/** The issuer's mark over an official document: `工业和信息化部办公厅文件`. */
const ISSUER_MASTHEAD = /^[\u4e00-\u9fff（）()]{4,30}文件$/;

export function isIssuerMasthead(line: string): boolean {
  return ISSUER_MASTHEAD.test(clean(line).replace(/[\s\u3000]/g, ''));
}

/**
 * Credit lines of Chinese web features: `出品︱人民网`, `作者︱张三`,
 * `责任编辑：李四`, `策划：王五  统筹：赵六`, `（责编：王五）`, `校对 | 钱七`.
 */
const CREDIT =
  /^[(（【[]?\s*(出品|出品人|作者|策划|统筹|监制|制片|总监制|主编|执行主编|编辑|责任编辑|责编|编审|校对|审核|审校|终审|美编|设计|制作|视觉|视频|摄影|摄像|图片|文字|文|图|记者|通讯员|撰文|撰稿|翻译|编译|来源|稿源)\s*[︱｜|丨/:：]/;

/** English production credits: `Editing by Susan Park`, `Reporting by …; Writing by …`. */
const CREDIT_EN = /^(\(?(Editing|Edited|Reporting|Additional reporting|Writing|Written|Compiled|Produced|Photos?|Graphics?) by\b)/i;

export function isCreditLine(line: string): boolean {
  const text = clean(line);
  if (text.length > 120) return false;
  if (CREDIT_EN.test(text)) return true;
  // `记者：这次调研的重点是什么？` is an interview question, not a credit.
  return text.length <= 80 && CREDIT.test(text) && !/[。！？?!；;]/.test(text);
}

/**
 * A line that is only metadata: an edition line, a dateline with nothing
 * after it, a reporter line, labelled fields, a bare date, an English
 * byline, a 发文字号, an issuer masthead or a credit line. Such lines are
 * read into the article's metadata and are not article text.
 */
export function isMetadataLine(line: string): boolean {
  const text = clean(line);
  if (!text) return false;
  return isBylineLine(text) || isDocNumberLine(text) || isIssuerMasthead(text) || isCreditLine(text);
}

// ---------------------------------------------------------------------------
// Captions and page furniture

/**
 * Photo captions: `图为……`, `图注：……`, `图：……`, `图1 ……`, `上图：……`,
 * a line ending in a photo credit `（新华社记者 张三 摄）`, `Photo: …`.
 */
const CAPTION_START = /^(图为|图注[：:]?|[上下左右]?图[：:]|图\s*\d+[\s:：.．、]|资料图[：:]?|Photo\s*:|Image\s*:|Figure\s+\d+[.:])/i;
const PHOTO_CREDIT_END = /[（(][^（()）]{0,30}(摄|摄影|供图|图|Photo)[)）]$|\b(Photo|Image)\s*(by|:)\s*[^.]{2,60}$/;

export function isCaptionLine(line: string): boolean {
  const text = clean(line);
  if (!text || text.length > 200) return false;
  return CAPTION_START.test(text) || PHOTO_CREDIT_END.test(text);
}

/** Lines that are page furniture wherever they appear: share bars, font-size widgets, print/close links, votes. */
const FURNITURE: RegExp[] = [
  /^(分享|分享到|转发到|分享至)[：:\s]?/,
  /^(微信|微博|QQ空间|QQ|朋友圈|豆瓣|人人网|腾讯微博|新浪微博)([\s、|｜·]+(微信|微博|QQ空间|QQ|朋友圈|豆瓣|人人网|复制链接))+$/,
  /^(扫一扫|微信扫一扫|扫码|用微信扫码)/,
  /^[【[]?\s*(字号|字体)\s*[：:]?\s*(大|默认)\s*中\s*小\s*[】\]]?(\s*[【[]?\s*(打印本页|打印|关闭窗口|关闭|收藏|纠错|我要纠错)\s*[】\]]?)*$/,
  /^[【[]?\s*(打印本页|打印|关闭窗口|关闭|收藏|返回顶部|我要纠错|纠错|放大|缩小)\s*[】\]]?(\s*[【[]?\s*(打印本页|打印|关闭窗口|关闭|收藏|返回顶部|我要纠错|纠错)\s*[】\]]?)*$/,
  /^(点赞|赞|收藏|评论|举报|顶|踩)(\s*[\d,]+)?(\s+(点赞|赞|收藏|评论|举报|顶|踩|分享)(\s*[\d,]+)?)*$/,
  /^(您对本文的评价|你觉得这篇文章|这篇文章对你有帮助吗|本文是否对您有帮助|投票|我要投票|参与投票)/,
  /^(有用|没用|有帮助|没帮助)(\s*[\d,]+)?\s+(有用|没用|有帮助|没帮助)/,
  /^(Share|Share this|Share on|Share this article|Tweet|Email|Print|Copy link)(\s*[|:·•]\s*(Facebook|Twitter|X|LinkedIn|Email|WhatsApp|Print|Copy link))*$/i,
  /^(Facebook|Twitter|LinkedIn|WhatsApp|Email)(\s*[|·•,]?\s*(Facebook|Twitter|X|LinkedIn|WhatsApp|Email|Print|Copy link))+$/i,
  /^(Sign up for|Subscribe to) (our|the) [\w\s]{0,30}newsletter/i,
  /^(Advertisement|广告|赞助)$/i,
  /^(上一篇|下一篇|上一条|下一条)[：:]/,
];

/** A navigation trail: `首页 > 新闻 > 正文`, `当前位置：首页 » 要闻`. */
const BREADCRUMB =
  /^(当前位置|您的位置|你的位置|您现在的位置|所在位置)[：:]|^(首页|Home)\s*[>＞»›/]|^[^。，！？.!?]{1,20}(\s*[>＞»›]\s*[^。，！？.!?>＞»›]{1,20}){2,}$/i;

/** Items of a site's navigation, account and page-tool bars: `首页`, `登录`, `注册`, `English`, `打印本页`. */
const NAV_WORD =
  /^(首页|主页|网站首页|返回首页|回到首页|登录|登陆|注册|免费注册|退出|用户登录|会员登录|会员中心|个人中心|我的|帮助|帮助中心|设为首页|加入收藏|收藏本站|网站地图|联系我们|关于我们|无障碍|无障碍浏览|长者模式|关怀版|繁体|繁體|简体|English|EN|手机版|移动版|客户端|APP|订阅|RSS|搜索|返回顶部|回到顶部|打印本页|打印|关闭窗口|关闭|收藏|分享|纠错|我要纠错|Home|Sign in|Log in|Login|Sign up|Register|Subscribe|Menu|Search)$/i;
/** What separates the items of a navigation bar or breadcrumb. */
const NAV_SEPARATOR = /\s*[|｜丨>＞»›/·•]\s*|\s{2,}|\u3000+/;
/** Longest item of a navigation bar. */
const MAX_NAV_ITEM = 12;
/** Share of a line's characters inside links above which a line of short items is navigation. */
const NAV_LINK_SHARE = 0.6;

/**
 * A site's navigation or account bar, or a breadcrumb: short items joined
 * by separators (`|`, `>`, `›`, `/`, `·`, wide spaces), no sentence, and
 * either mostly links (`linkShare`, the share of the line's characters that
 * are link text, 0–1: `[首页](…) | [科技](…) | 登录`) or only navigation
 * words (`登录 | 注册`). A lone link that is a navigation word (`返回首页`)
 * is one too. The same rule serves clipped Markdown and saved web pages.
 */
export function isNavigationLine(line: string, linkShare = 0): boolean {
  const text = clean(line);
  if (!text || text.length > 150 || SENTENCE_END.test(text)) return false;
  const items = text
    .split(NAV_SEPARATOR)
    .map((t) => t.trim())
    .filter(Boolean);
  if (items.length === 1) return linkShare >= 0.9 && NAV_WORD.test(items[0]);
  if (!items.every((t) => t.length <= MAX_NAV_ITEM && !/[，。；：,;]/.test(t))) return false;
  return linkShare >= NAV_LINK_SHARE || items.every((t) => NAV_WORD.test(t));
}

export function isFurnitureLine(line: string): boolean {
  const text = clean(line);
  if (!text || text.length > 120) return false;
  return BREADCRUMB.test(text) || FURNITURE.some((re) => re.test(text));
}

/**
 * Headings of "more to read" lists that follow an article: 相关新闻,
 * 推荐阅读, 推荐视频, 热点推荐, Related stories, Read more…
 */
const RELATED =
  /^[【[]?\s*(相关新闻|相关阅读|相关报道|相关链接|相关文章|相关稿件|相关推荐|推荐阅读|推荐视频|推荐新闻|延伸阅读|热点推荐|热点新闻|热门推荐|热门文章|精彩推荐|精彩图集|猜你喜欢|更多精彩|更多阅读|往期回顾|往期推荐|今日推荐|专题推荐|Related( stories| articles| news| coverage| content)?|Read more|More from [\w\s]{1,30}|More stories|Most read|Recommended|You may also like)\s*[】\]]?\s*[：:]?$/i;

export function isRelatedListHeading(line: string): boolean {
  return RELATED.test(clean(line));
}
