/**
 * Reads an article's source, author, place and date from the first lines of
 * its text, the way a reader does: People's Daily edition lines
 * (`《人民日报》（2023年07月10日 第01版）`), wire datelines
 * (`新华社北京7月6日电（记者 张三）`, `本报北京7月6日电 记者 李四`), labelled
 * fields on portal pages (`来源：人民网`, `作者：`, `发布时间：2023-07-06`),
 * bare dates, and English bylines (`By Jane Doe`, `WASHINGTON, July 6 (Reuters) -`).
 *
 * Pure: no Node, no DOM. Every importer uses it as the fallback after the
 * file's own metadata (front matter, meta tags, document properties).
 */
import type { ArticleMeta } from './model';
import { arabicDates } from './chinese-date';

export type DetectedMeta = Partial<Pick<ArticleMeta, 'source' | 'author' | 'published' | 'region' | 'url' | 'docNumber'>>;

export interface DetectContext {
  /** Year to complete month-day datelines (`7月6日电`) when the text gives none. */
  year?: number;
}

/** How many non-blank lines `detectMeta` reads when given a whole text. */
export const DETECT_LINES = 12;

const EN_MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] as const;
const EN_MONTH =
  '(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?';

const ZH_DATE = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/;
const NUM_DATE = /(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)/;
/** Xinhua's page header prints `2023 07/06 20:30:12`. */
const SPLIT_DATE = /(?<!\d)(\d{4})\s+(\d{1,2})\/(\d{1,2})(?![\d/])/;
const EN_DATE_MDY = new RegExp(`\\b${EN_MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'i');
const EN_DATE_DMY = new RegExp(`\\b(\\d{1,2})\\s+${EN_MONTH}\\.?,?\\s+(\\d{4})\\b`, 'i');

/** Newspapers and agencies named by bylines; a line holding only one of them names the source. */
const KNOWN_SOURCES = [
  '人民日报海外版',
  '人民日报',
  '新华社',
  '新华网',
  '人民网',
  '中国政府网',
  '光明日报',
  '经济日报',
  '求是',
  '中国日报',
  '中国新闻网',
  '中新社',
  '中新网',
  '央视新闻',
  '央视网',
  '央广网',
  '光明网',
  '科技日报',
  '法治日报',
  '解放日报',
  '文汇报',
  '学习时报',
  '工人日报',
  '农民日报',
  'Reuters',
  'Associated Press',
  'AP',
  'AFP',
  'Agence France-Presse',
  'Bloomberg',
  'Xinhua',
  'China Daily',
  'Global Times',
  'Financial Times',
  'The Economist',
  'BBC News',
  'CGTN',
] as const;
const EN_WIRES = /^(Reuters|AP|Associated Press|AFP|Bloomberg|Xinhua)$/i;

/** Agencies and papers that open a dateline: `新华社北京7月6日电`, `本报北京7月6日电`. */
const DATELINE = new RegExp(
  '^(新华社|中新社|中新网|人民网|新华网|央视网|央广网|光明网|中国日报网|本报)[\\s\\u3000]*' +
    '(?:记者)?([\\u4e00-\\u9fff·]{0,12}?)(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*日\\s*(?:专|讯|电讯|电)',
);
/** 发文字号: `国办发〔2024〕12号` (the same pattern as line-roles.ts reads). */
export const DOC_NUMBER = /([\u4e00-\u9fff]{1,16}[〔[［(（]\s*(?:19|20)\d{2}\s*[〕\]］)）]\s*第?\s*\d{1,5}\s*号)/;
/**
 * The 发文字号 in a line, written with 〔〕 as GB/T 9704 §7.2.4 prints it
 * (`京政发[2023]5号` → `京政发〔2023〕5号`), or undefined.
 */
export function docNumberOf(line: string): string | undefined {
  if (!line.includes('号')) return undefined;
  const m = DOC_NUMBER.exec(line);
  return m
    ? m[1]
        .replace(/\s+/g, '')
        .replace(/[[［(（]/, '〔')
        .replace(/[\]］)）]/, '〕')
    : undefined;
}

/** `《人民日报》（2023年07月10日 第01版）` and other papers' edition lines. */
const EDITION = /《([^》]{2,16})》\s*[（(]\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:第?\s*([0-9０-９]+)\s*版)?\s*[)）]/;
/** `本报记者 王五`, `新华社记者 张三 李四`, `记者 李四`. */
/** `本报评论员`, `人民日报评论员`, `新华社特约评论员`: the byline of a commentary. */
const COMMENTATOR_LINE = /^(本报|人民日报|新华社|光明日报|经济日报|求是)?(特约)?评论员$/;
const REPORTER_LINE = /^(本报|新华社|人民日报|人民网|光明日报|经济日报)?(?:特约|见习|实习)?记者\s*([\u4e00-\u9fff·\s、，,]{2,40})(?<!摄|摄影)$/;
/** Portal field labels, Chinese and English, with their meaning. */
const LABELS: Record<string, 'source' | 'author' | 'published' | 'docNumber' | 'ignore'> = {
  图片来源: 'ignore',
  图源: 'ignore',
  视频来源: 'ignore',
  发文机关: 'source',
  发布机构: 'source',
  发文字号: 'docNumber',
  文号: 'docNumber',
  来源: 'source',
  稿源: 'source',
  出处: 'source',
  作者: 'author',
  记者: 'author',
  撰文: 'author',
  撰稿: 'author',
  出品: 'source',
  摄影: 'ignore',
  策划: 'ignore',
  统筹: 'ignore',
  监制: 'ignore',
  校对: 'ignore',
  审核: 'ignore',
  发布时间: 'published',
  发布日期: 'published',
  发表时间: 'published',
  发文日期: 'published',
  成文日期: 'published',
  日期: 'published',
  时间: 'published',
  责任编辑: 'ignore',
  编辑: 'ignore',
  字号: 'ignore',
  浏览次数: 'ignore',
  点击: 'ignore',
  Source: 'source',
  Author: 'author',
  Published: 'published',
  Date: 'published',
  Updated: 'ignore',
  Editor: 'ignore',
};
const LABEL_RE = new RegExp(`(${Object.keys(LABELS).join('|')})\\s*[：:︱｜丨]\\s*`, 'gi');
/** Role words in a byline that are not names. */
const ROLE_WORDS = /(本报|新华社|特约|见习|实习|通讯员|记者|摄影|摄|报道|编辑)/g;

function clean(line: string): string {
  let a = 0;
  let b = line.length;
  while (a < b && /\s/.test(line[a])) a++;
  while (b > a && /\s/.test(line[b - 1])) b--;
  return a === 0 && b === line.length ? line : line.slice(a, b);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * `YYYY-MM-DD` when year/month/day name a real day of the proleptic Gregorian
 * calendar with the year in [minYear, maxYear], else undefined.
 */
export function calendarIsoDate(year: number, month: number, day: number, minYear: number, maxYear: number): string | undefined {
  if (!(year >= minYear && year <= maxYear && month >= 1 && month <= 12 && day >= 1)) return undefined;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return undefined;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** `YYYY-MM-DD` for a valid calendar date in an article's plausible years (1900–2200), else undefined. */
function isoDate(year: number, month: number, day: number): string | undefined {
  return calendarIsoDate(year, month, day, 1900, 2200);
}

function monthIndex(name: string): number {
  return EN_MONTHS.indexOf(name.slice(0, 3).toLowerCase() as (typeof EN_MONTHS)[number]) + 1;
}

/**
 * The first date in `raw` as `YYYY-MM-DD`: `2023年7月6日`, `2023-07-06`,
 * `2023/7/6`, `2023.07.06`, ISO timestamps, `July 6, 2023`, `6 July 2023`,
 * and Chinese numerals (`二〇二三年七月六日`, `chinese-date.ts`).
 */
export function normalizeDate(raw: string): string | undefined {
  const text = arabicDates(raw.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)));
  const found: { index: number; iso: string }[] = [];
  const zh = ZH_DATE.exec(text);
  if (zh) {
    const iso = isoDate(+zh[1], +zh[2], +zh[3]);
    if (iso) found.push({ index: zh.index, iso });
  }
  const num = NUM_DATE.exec(text);
  if (num) {
    const iso = isoDate(+num[1], +num[2], +num[3]);
    if (iso) found.push({ index: num.index, iso });
  }
  const split = SPLIT_DATE.exec(text);
  if (split) {
    const iso = isoDate(+split[1], +split[2], +split[3]);
    if (iso) found.push({ index: split.index, iso });
  }
  const mdy = EN_DATE_MDY.exec(text);
  if (mdy) {
    const iso = isoDate(+mdy[3], monthIndex(mdy[1]), +mdy[2]);
    if (iso) found.push({ index: mdy.index, iso });
  }
  const dmy = EN_DATE_DMY.exec(text);
  if (dmy) {
    const iso = isoDate(+dmy[3], monthIndex(dmy[2]), +dmy[1]);
    if (iso) found.push({ index: dmy.index, iso });
  }
  found.sort((a, b) => a.index - b.index);
  return found[0]?.iso;
}

/** Names in a Chinese byline fragment: `记者 张三、李四` → `张三、李四`. */
function chineseNames(fragment: string): string | undefined {
  const pieces = fragment
    .replace(ROLE_WORDS, ' ')
    .split(/[\s\u3000、，,；;]+/)
    .filter(Boolean);
  if (!pieces.length) return undefined;
  // Two-character names are often spaced for alignment (`王　斌`, `李晓红 王 鹏`):
  // neighbouring single characters make one name.
  const merged: string[] = [];
  let single = '';
  for (const p of pieces) {
    if (p.length === 1) single += p;
    else {
      if (single) merged.push(single);
      single = '';
      merged.push(p);
    }
  }
  if (single) merged.push(single);
  const names = merged.filter((p) => /^[\u4e00-\u9fff·]{2,6}$/.test(p));
  if (names.length !== merged.length) return undefined;
  return names.join('、');
}

function titleCase(word: string): string {
  return word.toLowerCase().replace(/(^|[\s-])(\p{L})/gu, (_, pre: string, ch: string) => pre + ch.toUpperCase());
}

/** The agency or paper a text names when it is only that name (`新华社`, `Reuters`), else undefined. */
export function isKnownSource(text: string): string | undefined {
  return knownSource(text);
}

function knownSource(text: string): string | undefined {
  const t = clean(text);
  return KNOWN_SOURCES.find((s) => s.toLowerCase() === t.toLowerCase());
}

/** A line that is only a date, perhaps with a time and weekday: `2023年07月10日 05:52 星期一`. */
function isDateOnlyLine(text: string): boolean {
  const date = normalizeDate(text);
  if (!date) return false;
  const rest = arabicDates(text)
    .replace(ZH_DATE, '')
    .replace(NUM_DATE, '')
    .replace(SPLIT_DATE, '')
    .replace(EN_DATE_MDY, '')
    .replace(EN_DATE_DMY, '')
    .replace(/\d{1,2}:\d{2}(:\d{2})?/g, '')
    .replace(/(星期|周)[一二三四五六日天]|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday/gi, '')
    .replace(/[\s|｜丨,，()（）]/g, '');
  return rest === '';
}

const EN_BYLINE =
  /^By\s+(\p{Lu}[\p{L}.'’-]*(?:\s+(?:\p{Lu}[\p{L}.'’-]*|van|de|von|da|and|&))*(?:\s*,\s*\p{Lu}[\p{L}.'’-]*(?:\s+(?:\p{Lu}[\p{L}.'’-]*|van|de|von|da|and|&))*)*)(.*)$/u;
/** Cities of more than one word that end an English byline (`By Jane Doe, New York`); a one-word last part is a place anyway. */
const EN_CITIES =
  /^(New York|Hong Kong|San Francisco|Los Angeles|Washington(?:,?\s*D\.?C\.?)?|New Delhi|Kuala Lumpur|Buenos Aires|Rio de Janeiro|Mexico City|Tel Aviv|Cape Town|Abu Dhabi|Sao Paulo|São Paulo|Ho Chi Minh City|The Hague|Addis Ababa|Hong Kong SAR)$/i;

/**
 * The place at the end of an English byline (`By Jane Doe, Brussels`,
 * `By A and B, New York`): a last comma-separated part that is one word, or
 * a city of several words. A person's name has two words or more.
 */
function bylinePlace(parts: readonly string[]): string | undefined {
  if (parts.length < 2) return undefined;
  const last = parts[parts.length - 1];
  return (/^\p{Lu}[\p{L}.'’-]+$/u.test(last) && !/\b(and|&)\b/.test(last)) || EN_CITIES.test(last) ? last : undefined;
}
/** A wire dateline without a year: `WASHINGTON, July 6 (Reuters) -`, `LONDON (AP) —`; groups: place, month, day, wire. */
const EN_DATELINE = /^([A-Z][A-Z .'-]{1,30}?)(?:,\s*([A-Z][a-z]+)\.?\s+(\d{1,2}))?\s*\((Reuters|AP|AFP|Xinhua|Bloomberg)\)\s*[-—–]/;
/** A place as an English dateline names it: `Brussels`, `NEW YORK`, `Frankfurt am Main`, `D.C.`. */
const EN_PLACE = "\\p{Lu}[\\p{L}.'’-]*(?:\\s+(?:\\p{Lu}[\\p{L}.'’-]*|am|de|da|del|upon|on|sur)){0,3}";
/**
 * A dated English dateline opening a story: a place (perhaps with its
 * country or state), a comma, a full date either way round, perhaps the
 * wire, then a dash — `Brussels, 4 March 2025 — The European Commission…`,
 * `WASHINGTON, March 4, 2025 – …`, `Geneva, Switzerland, 4 March 2025 - …`,
 * `NEW YORK, March 4, 2025 (AP) — …` — or the end of the line.
 */
const EN_PLACE_DATELINE = new RegExp(
  `^(?<place>${EN_PLACE})(?:,\\s*(?<state>${EN_PLACE}))?,\\s+(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\\s+)?` +
    `(?<date>${EN_MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}|\\d{1,2}\\s+${EN_MONTH},?\\s+\\d{4})` +
    `(?:\\s*\\((?<wire>Reuters|AP|AFP|Xinhua|Bloomberg)\\))?\\s*(?:[—–]|-{1,2}|$)`,
  'u',
);
/**
 * First words of an ordinary sentence that the dated-dateline shape would
 * otherwise take for a place (`Yesterday, 4 March 2025 — …`,
 * `However, March 4, 2025 – …`).
 */
const NOT_A_PLACE =
  /^(?:yesterday|today|tomorrow|tonight|on|in|at|by|as|since|from|until|till|before|after|during|last|this|next|earlier|later|meanwhile|however|also|then|now|so|but|and|or|the|a|an|it|we|they|he|she|monday|tuesday|wednesday|thursday|friday|saturday|sunday|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)$/i;

/**
 * True when the whole line is metadata (edition line, dateline, reporter line,
 * labelled fields, a bare date, an English byline or a wire name), so layout
 * heuristics should not read it as a title or a heading.
 */
export function isBylineLine(line: string): boolean {
  const text = clean(line);
  // Metadata lines are short; a paragraph is not one (and is not worth the regexes).
  if (!text || text.length > 120) return false;
  if (EDITION.test(text) && text.replace(EDITION, '').replace(/[\s|｜丨]/g, '').length <= 4) return true;
  const dl = DATELINE.exec(text);
  if (dl) {
    const rest = text.slice(dl[0].length).replace(/[（(][^）)]*[)）]/, '');
    if (!/[。！？]/.test(rest) && rest.length <= 20) return true;
  }
  if (REPORTER_LINE.test(text) || COMMENTATOR_LINE.test(text)) return true;
  LABEL_RE.lastIndex = 0;
  const label = LABEL_RE.exec(text);
  // `记者：这次调研的重点是什么？` is an interview question, not a field; and
  // `第一段内容，来源：人民网` is body text ending in a credit: a clause (ending in
  // a comma) before the label is text, and the line is never taken whole.
  if (label && label.index <= 20 && text.length <= 80 && !/[。！？?!]/.test(text) && !/[，,；;]/.test(text.slice(0, label.index))) return true;
  if (isDateOnlyLine(text)) return true;
  if (EN_BYLINE.test(text) && text.length <= 100 && !/[.!?]$/.test(text.replace(/\b[A-Z]\.$/, ''))) return true;
  if (knownSource(text)) return true;
  return false;
}

interface Found {
  source?: string;
  /** The agency of a dateline (`新华社北京6月3日电`): the story's origin. */
  agency?: string;
  author?: string;
  docNumber?: string;
  region?: string;
  /** Publication dates by strength: 成文日期 field > edition > other label > bare-date line > anything short. */
  published: { iso: string; rank: number }[];
  dateline?: { month: number; day: number };
}

/** Dates and clock times inside a field value (`2024年5月6日`, `2024-05-06 10:30`, `10:30:12`, `May 6, 2024`). */
const DATE_OR_TIME = new RegExp(
  [
    ZH_DATE.source + '(?:\\s*\\d{1,2}[:：]\\d{2}(?:[:：]\\d{2})?)?',
    NUM_DATE.source + '(?:[T\\s]+\\d{1,2}[:：]\\d{2}(?:[:：]\\d{2})?)?',
    '(?<![\\d:])\\d{1,2}[:：]\\d{2}(?:[:：]\\d{2})?(?![\\d:])',
    EN_DATE_MDY.source,
    EN_DATE_DMY.source,
  ].join('|'),
  'gi',
);

/**
 * Splits the dates and times out of a source or author value:
 * `新华社 2024年5月6日` → `{ rest: '新华社', iso: '2024-05-06' }`. `rest` is
 * the value with every date/time removed and whitespace tidied; `iso` the
 * first date found (YYYY-MM-DD), if any.
 */
export function splitDateOut(value: string): { rest: string; iso?: string } {
  const text = value.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  let iso: string | undefined;
  let hit = false;
  const rest = text.replace(DATE_OR_TIME, (m) => {
    hit = true;
    iso ??= normalizeDate(m);
    return ' ';
  });
  if (!hit) return { rest: value };
  return { rest: clean(rest.replace(/[\s\u3000]+/g, ' ').replace(/^[\s,，、|｜丨]+|[\s,，、|｜丨]+$/g, '')), iso };
}

/** Role words that open the people part of a byline: `记者`, `作者`, `责任编辑`, `通讯员`. */
const PEOPLE_ROLE = '(?:本报|特约|见习|实习)?(?:记者|作者|编辑|责任编辑|责编|通讯员|撰文|撰稿|摄影|摄像|编译|校对|审核|实习生|主编|出品人)';
/** Where the people part of a source value starts: a space (or a bracket) before a role word, or a 【…】 tag. */
const PEOPLE_START = new RegExp(`[\\s\\u3000]+(?=${PEOPLE_ROLE})|[\\s\\u3000]*[（(](?=\\s*${PEOPLE_ROLE})|[\\s\\u3000]*[【[]`);
/** A portal or paper run on into a role word without a space: `新华网记者李明`. */
const OUTLET_THEN_ROLE = new RegExp(`^(.{2,16}?(?:网|社|报|台|杂志|客户端|新闻|中心))(?=${PEOPLE_ROLE})`);
/** The people part: `记者 李明 王芳`, `（记者：李明）`; group 1 the names. */
const PEOPLE_PART = new RegExp(`^[（(]?\\s*(?:本报|特约|见习|实习)?(?:记者|作者|通讯员|撰文|撰稿)[\\s：:︱｜|]*([^）)]+)[）)]?$`);

/**
 * Splits the people out of a source value: `新华网 记者 李明 王芳` →
 * `{ rest: '新华网', names: '李明、王芳' }`. The source ends where a role
 * word (记者, 作者, 编辑, 责任编辑, 通讯员 …) or a `【…】` tag begins; the
 * names of reporters and authors after it are returned (editors are not authors).
 */
export function splitPeopleOut(value: string): { rest: string; names?: string } {
  const at = PEOPLE_START.exec(value)?.index ?? OUTLET_THEN_ROLE.exec(value)?.[1].length;
  if (at === undefined) return { rest: value };
  const tail = clean(value.slice(at));
  const people = PEOPLE_PART.exec(tail);
  const names = people ? chineseNames(people[1]) : undefined;
  return names ? { rest: clean(value.slice(0, at)), names } : { rest: clean(value.slice(0, at)) };
}

function readLabels(text: string, out: Found): void {
  LABEL_RE.lastIndex = 0;
  const hits: { label: string; start: number; valueStart: number }[] = [];
  for (let m = LABEL_RE.exec(text); m; m = LABEL_RE.exec(text)) {
    hits.push({ label: m[1], start: m.index, valueStart: m.index + m[0].length });
  }
  hits.forEach((hit, k) => {
    const end = k + 1 < hits.length ? hits[k + 1].start : text.length;
    // Values end at a field separator: ` | `, `丨`, two spaces, a full-width space.
    let value = clean(text.slice(hit.valueStart, end).split(/\s*[|｜丨]\s*|\s{2,}|\u3000/)[0] ?? '');
    if (!value) return;
    const key = Object.keys(LABELS).find((l) => l.toLowerCase() === hit.label.toLowerCase());
    const kind = key ? LABELS[key] : 'ignore';
    if (/[。！？?!]$/.test(value)) return; // a sentence (an interview question), not a field value
    // Fields separated by a single space (`来源：新华社 2024年5月6日`): a date or
    // time never belongs to a source or author; it is the publication date.
    if (kind === 'source' || kind === 'author') {
      const split = splitDateOut(value);
      if (split.iso) out.published.push({ iso: split.iso, rank: 3 });
      if (split.rest !== value) {
        value = split.rest;
        if (!value) return;
      }
    }
    // `Source: Policy Monitor By Li Wen`: an English byline run on after the source.
    const byline = kind === 'source' ? /\s+By\s+([A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3})$/.exec(value) : null;
    if (byline) {
      out.author ??= byline[1];
      value = clean(value.slice(0, byline.index));
    }
    if (kind === 'source') {
      const people = splitPeopleOut(value);
      if (people.names && !out.author) out.author = people.names;
      value = people.rest;
      if (!value) return;
    }
    if (kind === 'source' && !out.source) out.source = value.replace(/[：:]$/, '');
    else if (kind === 'author' && !out.author) {
      const agency = knownSource(value);
      if (agency) out.source ??= agency;
      else {
        const names = chineseNames(value);
        if (names) out.author = names;
        else if (value.length <= 40 && !/[，,。；;]/.test(value)) out.author = value;
      }
    } else if (kind === 'docNumber' && !out.docNumber) out.docNumber = value;
    else if (kind === 'published') {
      const iso = normalizeDate(value);
      // The 成文日期 field is the document's own date: it beats a 发布日期 beside it.
      if (iso) out.published.push({ iso, rank: key === '成文日期' ? 5 : 3 });
    }
  });
}

function readLine(text: string, out: Found): void {
  const edition = EDITION.exec(text);
  if (edition) {
    if (!out.source) out.source = clean(edition[1]);
    const iso = isoDate(+edition[2], +edition[3], +edition[4]);
    if (iso) out.published.push({ iso, rank: 4 });
  }

  const dl = DATELINE.exec(text);
  if (dl) {
    if (dl[1] !== '本报' && !out.source) out.source = dl[1];
    if (dl[1] !== '本报' && !out.agency) out.agency = dl[1];
    if (dl[2] && !out.region) out.region = dl[2];
    if (!out.dateline) out.dateline = { month: +dl[3], day: +dl[4] };
    const after = text.slice(dl[0].length);
    const paren = /^\s*[（(]([^）)]{2,40})[)）]/.exec(after);
    const plain = /^\s+((?:特约|见习|实习)?记者\s*[\u4e00-\u9fff·]{1,4}(?:[\s、，,]+[\u4e00-\u9fff·]{1,4})*)\s*$/.exec(after);
    const names = paren && /记者|通讯员/.test(paren[1]) ? chineseNames(paren[1]) : plain ? chineseNames(plain[1]) : undefined;
    if (names && !out.author) out.author = names;
  }

  if (COMMENTATOR_LINE.test(text) && !out.author) out.author = text;
  const reporter = REPORTER_LINE.exec(text);
  if (reporter) {
    if (reporter[1] && reporter[1] !== '本报' && !out.source) out.source = reporter[1];
    const names = chineseNames(reporter[2]);
    if (names && !out.author) out.author = names;
  }

  readLabels(text, out);

  const docNumber = docNumberOf(text);
  if (docNumber && !out.docNumber && text.length <= 60) out.docNumber = docNumber;
  const masthead = /^([\u4e00-\u9fff（）()]{4,30})文件$/.exec(text.replace(/[\s\u3000]/g, ''));
  if (masthead && !out.source) out.source = masthead[1];

  const by = EN_BYLINE.exec(text);
  if (by && text.length <= 100) {
    const authors = by[1].replace(/\s*,\s*$/, '');
    // `By Jane Doe, Reuters` / `By Jane Doe | Reuters`: the last name may be the wire.
    const parts = authors.split(/\s*,\s*/).filter((p) => !new RegExp(`^${EN_MONTH}$`, 'i').test(p));
    const wire = parts.length > 1 ? knownSource(parts[parts.length - 1]) : undefined;
    if (wire) {
      parts.pop();
      if (!out.source) out.source = wire;
    }
    // `By Jane Doe, Brussels, 14 May 2025` / `By Jane Doe in Brussels`: the place is the region, not an author.
    const place = bylinePlace(parts) ?? /^\s+in\s+(\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,2})/u.exec(by[2])?.[1];
    if (place && parts[parts.length - 1] === place) parts.pop();
    if (place && !out.region) out.region = place === place.toUpperCase() ? titleCase(place) : place;
    if (!out.author) out.author = parts.join(', ');
    for (const piece of by[2].split(/\s*[|｜•·,—–-]\s*/)) {
      const src = knownSource(piece);
      if (src && !out.source) out.source = src;
    }
  }

  const en = EN_DATELINE.exec(text);
  if (en) {
    if (!out.source) out.source = knownSource(en[4]) ?? en[4];
    if (!out.region) out.region = titleCase(clean(en[1]));
    const month = en[2] ? EN_MONTHS.indexOf(en[2].slice(0, 3).toLowerCase() as (typeof EN_MONTHS)[number]) + 1 : 0;
    if (month && !out.dateline) out.dateline = { month, day: +en[3] };
  }
  // `Brussels, 4 March 2025 — The European Commission…`: the place and the full date open the story.
  const dated = en ? null : EN_PLACE_DATELINE.exec(text);
  if (dated?.groups && !NOT_A_PLACE.test(dated.groups.place.split(/\s+/)[0])) {
    const iso = normalizeDate(dated.groups.date);
    if (iso) out.published.push({ iso, rank: 3 });
    const place = clean(dated.groups.place);
    if (!out.region) out.region = place === place.toUpperCase() ? titleCase(place) : place;
    const wire = dated.groups.wire;
    if (wire && !out.source) out.source = knownSource(wire) ?? wire;
  }

  // A running head or masthead line: `人民日报　2023年7月10日　星期一　要闻`.
  if (!out.source && text.length <= 40 && normalizeDate(text) && !/[。！？，]/.test(text)) {
    const head = KNOWN_SOURCES.find((s) => text.startsWith(s) && /^[\s\u3000|｜·]/.test(text.slice(s.length)));
    if (head) out.source = head;
  }

  const alone = knownSource(text);
  if (alone && !out.source) out.source = alone;
  if (!alone && EN_WIRES.test(text) && !out.source) out.source = text;

  // Dates outside labels and edition lines: only from lines that are not
  // sentences, so `截至2023年6月30日，……` in a lead is not taken for the date.
  const iso = normalizeDate(text);
  if (iso) {
    if (isDateOnlyLine(text)) out.published.push({ iso, rank: 2 });
    else if (text.length <= 60 && !/[。！？；]/.test(text) && !/[.!?]$/.test(text)) out.published.push({ iso, rank: 1 });
  }
}

/**
 * Metadata found in the first lines of an article. Given a string, reads its
 * first `DETECT_LINES` non-blank lines; given lines, reads all of them.
 * Only fields that were found are set.
 */
export function detectMeta(input: string | readonly string[], context: DetectContext = {}): DetectedMeta {
  const lines = (typeof input === 'string' ? input.replace(/\r\n?/g, '\n').split('\n') : [...input]).map(clean).filter(Boolean);
  const take = typeof input === 'string' ? lines.slice(0, DETECT_LINES) : lines;
  const found: Found = { published: [] };
  // Bylines, datelines and labels stand at the start of a line: a long paragraph is read by its opening.
  for (const line of take) readLine(line.length > 160 ? line.slice(0, 160) : line, found);

  const meta: DetectedMeta = {};
  // A wire story carried by a portal (`来源：新华网` over `新华社…电`) is the agency's.
  if (found.agency && !/网$/.test(found.agency) && (!found.source || /网$/.test(found.source))) found.source = found.agency;
  if (found.source) meta.source = found.source;
  if (found.author) meta.author = found.author;
  if (found.region) meta.region = found.region;
  if (found.docNumber) meta.docNumber = found.docNumber;

  // The strongest full date wins; among equals, the first (sort is stable).
  // A dateline gives only month and day: it needs the context's year.
  const best = [...found.published].sort((a, b) => b.rank - a.rank)[0];
  if (best) meta.published = best.iso;
  else if (found.dateline && context.year) {
    const iso = isoDate(context.year, found.dateline.month, found.dateline.day);
    if (iso) meta.published = iso;
  }
  return meta;
}
