/**
 * The sentences of library problems and notices (DESIGN.md, "Data on disk":
 * problems.json), in both interface languages. Core never writes such a
 * sentence itself: it records a message as a key and parameters
 * (`LibraryMessage`, kept as such in problems.json v2) and every host words
 * it from this table — English for the CLI, logs and the English interface,
 * Chinese for the zh-CN interface. Pure: no Node, no DOM.
 *
 * Parameters are plain JSON values (strings, numbers, booleans, lists of
 * strings) so a message survives a round trip through problems.json; each
 * key declares its parameters (`LIBRARY_MESSAGE_PARAMS`), which
 * `isLibraryMessage` checks on everything read back from disk.
 */

/** The kinds of a parameter; a trailing `?` marks one that may be absent. */
type ParamType = 'string' | 'number' | 'boolean' | 'strings' | 'string?' | 'number?';

/** What an item is, named in a message: the subject of a damaged or refused file. */
export type MessageThing = 'article' | 'annotations' | 'briefing' | 'drafts';

/**
 * Every key with its parameters. Subject parameters (`thing`, `title`, `id`)
 * name the item a file belongs to; `where` is the file's path relative to the
 * library; `reason` is the technical reason a file failed (JSON or schema
 * detail, kept as it is in both languages); `version` is the schemaVersion
 * of a file from a newer version, which the Chinese sentence words itself.
 */
export const LIBRARY_MESSAGE_PARAMS = {
  /** Some entries of catalog.json were unreadable: the catalog was listed again from the folders. */
  'catalog-salvaged': { count: 'number', examples: 'strings', copy: 'string' },
  /** catalog.json was of an older schemaVersion and was upgraded (a notice). */
  'catalog-migrated': { from: 'number' },
  /** catalog.json was missing (`reason` absent) or unreadable and moved to `moved`: rebuilt from the folders. */
  'catalog-rebuilt': { reason: 'string?', moved: 'string?', articles: 'number', briefings: 'number' },
  /** Articles or briefings missing from the catalog were found in the folders and listed again. */
  'catalog-recovered': { articles: 'number', briefings: 'number' },
  /** An article's folder was gone (moved or deleted outside the app). */
  'article-folder-gone': { title: 'string', id: 'string' },
  /** settings.json is of a newer version: left as it is. */
  'settings-newer': { reason: 'string', version: 'number?' },
  /** settings.json was missing (`reason` absent) or unreadable; restored from `backup` (its stamp) or defaults. */
  'settings-replaced': { reason: 'string?', moved: 'string?', backup: 'string?' },
  /** The app stopped while opening an item, which was therefore not opened again at start. */
  'opening-interrupted': { thing: 'string', title: 'string', id: 'string' },
  /** problems.json is of a newer version: left as it is (a notice). */
  'problems-newer': { reason: 'string', version: 'number?' },
  /** problems.json could not be read and was moved. */
  'problems-quarantined': { reason: 'string', moved: 'string' },
  /** Some items of a file could not be read and were set aside; the rest kept. */
  'file-salvaged': { thing: 'string', title: 'string?', id: 'string?', where: 'string', items: 'strings', copy: 'string' },
  /** A file from a newer version: refused and left in place. */
  'file-newer': { thing: 'string', title: 'string?', id: 'string?', where: 'string', reason: 'string', version: 'number?' },
  /** A file that could not be read, moved to quarantine/. */
  'file-quarantined': { thing: 'string', title: 'string?', id: 'string?', where: 'string', reason: 'string', moved: 'string' },
  /**
   * An article's text was missing (`reason` absent) or unreadable and was
   * rebuilt from its kept original `original`; `corrected` when corrections
   * made after the import were lost; highlight counts.
   */
  'article-rebuilt': {
    title: 'string',
    id: 'string',
    original: 'string',
    reason: 'string?',
    moved: 'string?',
    corrected: 'boolean',
    total: 'number',
    shifted: 'number',
    orphaned: 'number',
  },
  /** The text of a lost article was imported again (from `file`, absent for pasted text) and restored under its id. */
  'article-restored': { title: 'string', id: 'string', file: 'string?', total: 'number', orphaned: 'number' },
  /** The search index was damaged and is being rebuilt (a notice). */
  'index-rebuilt': { reason: 'string' },
  /** A problem recorded by a version before problems.json v2, which kept only an English sentence. */
  'recorded-v1': { message: 'string' },
} as const satisfies Record<string, Record<string, ParamType>>;

type Specs = typeof LIBRARY_MESSAGE_PARAMS;
export type LibraryMessageKey = keyof Specs;

type Value<T extends ParamType> = T extends 'string' | 'string?' ? string : T extends 'number' | 'number?' ? number : T extends 'boolean' ? boolean : string[];
type ParamsOf<S extends Record<string, ParamType>> = {
  -readonly [P in keyof S as S[P] extends `${string}?` ? never : P]: Value<S[P]>;
} & { -readonly [P in keyof S as S[P] extends `${string}?` ? P : never]?: Value<S[P]> };

/** The parameters of each key. */
export type LibraryMessageParams = { [K in LibraryMessageKey]: ParamsOf<Specs[K]> };

/** A library problem's or notice's sentence as a key and its parameters (what problems.json v2 keeps). */
export type LibraryMessage = { [K in LibraryMessageKey]: { key: K; params: LibraryMessageParams[K] } }[LibraryMessageKey];

/** The interface languages a message is worded in. */
export type MessageLanguage = 'en' | 'zh';

type Wording = { [K in LibraryMessageKey]: Record<MessageLanguage, (p: LibraryMessageParams[K]) => string> };

/** Why a file from a newer version is refused, in Chinese (the English `reason` as a fallback). */
const newerZh = (p: { reason: string; version?: number }) =>
  p.version === undefined ? p.reason : `它由更新版本的简报台写入（schemaVersion ${p.version}），此版本无法读取`;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * Where an article's highlights are after its text was rebuilt, as an English sentence: none to place, all in
 * place (with how many moved), some or none found again; a count of one takes the singular.
 */
function highlightsPlacedEn(p: { total: number; shifted: number; orphaned: number }): string {
  if (!p.total) return 'It had no highlights.';
  const placed = p.total - p.orphaned;
  const moved = p.shifted ? ` (${p.shifted} moved)` : '';
  const orphans = 'kept as orphans to re-attach';
  if (!p.orphaned) return `${p.total === 1 ? 'Its highlight is' : `All ${p.total} of its highlights are`} in place${moved}.`;
  if (!placed) return `${p.total === 1 ? 'Its highlight was not' : `None of its ${p.total} highlights were`} found again (${orphans}).`;
  return `Of its ${p.total} highlights, ${placed} ${placed === 1 ? 'is' : 'are'} in place${moved} and ${p.orphaned} ${p.orphaned === 1 ? 'was' : 'were'} no longer found (${orphans}).`;
}
const examples = (list: string[]) => list.slice(0, 3).join('; ') + (list.length > 3 ? '; …' : '');
const examplesZh = (list: string[]) => list.slice(0, 3).join('；') + (list.length > 3 ? '；……' : '');

/** The item a file belongs to, as the subject of a sentence. */
function thingEn(p: { thing: string; title?: string; id?: string }): string {
  const quoted = p.title ? `“${p.title}”` : (p.id ?? '');
  switch (p.thing as MessageThing) {
    case 'annotations':
      return `The highlights and notes of ${quoted}`;
    case 'briefing':
      return `The briefing ${quoted}`;
    case 'drafts':
      return 'The unsaved drafts';
    default:
      return `The article ${quoted}`;
  }
}

function thingZh(p: { thing: string; title?: string; id?: string }): string {
  const quoted = p.title ? `“${p.title}”` : (p.id ?? '');
  switch (p.thing as MessageThing) {
    case 'annotations':
      return `${quoted}的标注和笔记`;
    case 'briefing':
      return `简报${quoted}`;
    case 'drafts':
      return '未保存的草稿';
    default:
      return `文章${quoted}`;
  }
}

const WORDING: Wording = {
  'catalog-salvaged': {
    en: (p) =>
      `${p.count} entr${p.count > 1 ? 'ies' : 'y'} of the library catalog could not be read (${examples(p.examples)}); the articles and briefings are listed again from their folders. A copy of the old catalog is in ${p.copy}.`,
    zh: (p) => `文库目录中有 ${p.count} 项无法读取（${examplesZh(p.examples)}）；文章和简报已根据各自的文件夹重新列出。旧目录的副本在 ${p.copy}。`,
  },
  'catalog-migrated': {
    en: (p) => `The library catalog was upgraded from schemaVersion ${p.from}; a copy of the old one is in backups/.`,
    zh: (p) => `文库目录已从 schemaVersion ${p.from} 升级；旧目录的副本在 backups/。`,
  },
  'catalog-rebuilt': {
    en: (p) =>
      `${p.reason === undefined ? 'catalog.json was missing' : `catalog.json could not be read (${p.reason}) and was moved to ${p.moved ?? 'quarantine/'}`}; the catalog was rebuilt from the library folders: ${plural(p.articles, 'article')} and ${plural(p.briefings, 'briefing')}. Nothing else was changed.`,
    zh: (p) =>
      `${p.reason === undefined ? 'catalog.json 不见了' : `catalog.json 无法读取（${p.reason}），已移到 ${p.moved ?? 'quarantine/'}`}；已根据文库文件夹重建目录：${p.articles} 篇文章、${p.briefings} 份简报。其他内容均未改动。`,
  },
  'catalog-recovered': {
    en: (p) => {
      const parts = [p.articles ? plural(p.articles, 'article') : '', p.briefings ? plural(p.briefings, 'briefing') : ''].filter(Boolean);
      return `${parts.join(' and ')} missing from the catalog (an interrupted import or save) ${p.articles + p.briefings > 1 ? 'were' : 'was'} found in the library folders and listed again.`;
    },
    zh: (p) => {
      const parts = [p.articles ? `${p.articles} 篇文章` : '', p.briefings ? `${p.briefings} 份简报` : ''].filter(Boolean);
      return `在文库文件夹中找到了目录里缺少的${parts.join('和')}（导入或保存曾被中断），已重新列出。`;
    },
  },
  'article-folder-gone': {
    en: (p) =>
      `The folder of “${p.title}” (articles/${p.id}) is gone from the library folder (moved or deleted outside Briefing Desk); the article was taken off the list.`,
    zh: (p) => `“${p.title}”的文件夹（articles/${p.id}）已不在文库文件夹中（在简报台之外被移动或删除）；这篇文章已从列表中移除。`,
  },
  'settings-newer': {
    en: (p) =>
      `The library settings (settings.json) cannot be used: ${p.reason}. They were left as they are; this version uses the default colour labels and does not save settings.`,
    zh: (p) => `文库设置（settings.json）无法使用：${newerZh(p)}。文件保持原样；此版本使用默认的颜色标签，且不保存设置。`,
  },
  'settings-replaced': {
    en: (p) => {
      const why = p.reason === undefined ? 'was missing' : `could not be read (${p.reason}) and was moved to ${p.moved ?? 'quarantine/'}`;
      return p.backup
        ? `The library settings (colour labels, tag list) ${why}; the copy of ${p.backup} in backups/ was restored.`
        : `The library settings (colour labels, tag list) ${why}; no backup was readable, so the colour labels are the defaults and the tag list was gathered again from the articles and highlights.`;
    },
    zh: (p) => {
      const why = p.reason === undefined ? '不见了' : `无法读取（${p.reason}），已移到 ${p.moved ?? 'quarantine/'}`;
      return p.backup
        ? `文库设置（颜色标签、标签列表）${why}；已恢复 backups/ 中 ${p.backup} 的副本。`
        : `文库设置（颜色标签、标签列表）${why}；没有可读的备份，因此颜色标签恢复为默认，标签列表已从文章和标注中重新收集。`;
    },
  },
  'opening-interrupted': {
    en: (p) =>
      `Briefing Desk stopped while opening the ${p.thing === 'briefing' ? 'briefing' : 'article'} “${p.title}”, so it was not opened again at start. Open it from the list when you want to; if it stops the app again, delete it (\`briefing delete ${p.id}\`) and import it again.`,
    zh: (p) =>
      `简报台上次在打开${p.thing === 'briefing' ? '简报' : '文章'}“${p.title}”时停止运行，因此这次启动时没有自动打开它。需要时请从列表中打开；如果它再次导致程序停止，请删除它（\`briefing delete ${p.id}\`）后重新导入。`,
  },
  'problems-newer': {
    en: (p) => `problems.json was left as it is: ${p.reason}.`,
    zh: (p) => `problems.json 保持原样：${newerZh(p)}。`,
  },
  'problems-quarantined': {
    en: (p) => `The list of library problems could not be read (${p.reason}) and was moved to ${p.moved}.`,
    zh: (p) => `文库问题列表无法读取（${p.reason}），已移到 ${p.moved}。`,
  },
  'file-salvaged': {
    en: (p) =>
      `${thingEn(p)} (${p.where}): ${plural(p.items.length, 'item')} could not be read and ${p.items.length > 1 ? 'were' : 'was'} set aside — ${p.items.join('; ')}. Everything else was kept; the original file is in ${p.copy}.`,
    zh: (p) => `${thingZh(p)}（${p.where}）：有 ${p.items.length} 项无法读取，已搁置——${p.items.join('；')}。其余内容均已保留；原文件在 ${p.copy}。`,
  },
  'file-newer': {
    en: (p) => `${thingEn(p)} (${p.where}) cannot be opened: ${p.reason}. The file was left as it is; update Briefing Desk to use it.`,
    zh: (p) => `${thingZh(p)}（${p.where}）无法打开：${newerZh(p)}。文件保持原样；请更新简报台后再使用。`,
  },
  'file-quarantined': {
    en: (p) => `${thingEn(p)} (${p.where}) could not be read (${p.reason}) and was moved to ${p.moved}.`,
    zh: (p) => `${thingZh(p)}（${p.where}）无法读取（${p.reason}），已移到 ${p.moved}。`,
  },
  'article-rebuilt': {
    en: (p) => {
      const what = p.reason === undefined ? 'was missing' : `could not be read (${p.reason}; moved to ${p.moved ?? 'quarantine/'})`;
      const lost = p.corrected ? ' Corrections made to the text after it was imported are not in that file and were lost with the damaged one.' : '';
      return `The text of “${p.title}” (articles/${p.id}/article.json) ${what} and was rebuilt from the original file kept beside it (${p.original}), under the same id.${lost} ${highlightsPlacedEn(p)}`;
    },
    zh: (p) => {
      const what = p.reason === undefined ? '不见了' : `无法读取（${p.reason}；已移到 ${p.moved ?? 'quarantine/'}）`;
      const lost = p.corrected ? '导入后对正文所做的修改不在原始文件中，已随损坏的文件丢失。' : '';
      const counts = !p.total
        ? '没有标注'
        : `${p.total} 条标注：${p.total - p.orphaned} 条位置不变${p.shifted ? `（${p.shifted} 条已移动）` : ''}${p.orphaned ? `，${p.orphaned} 条无法定位（保留为待重新附着的孤立标注）` : ''}`;
      return `“${p.title}”的正文（articles/${p.id}/article.json）${what}，已根据其旁保存的原始文件（${p.original}）以同一 id 重建。${lost}${counts}。`;
    },
  },
  'article-restored': {
    en: (p) =>
      `The text of “${p.title}” was restored from ${p.file ?? 'this text'} under its id ${p.id}${
        !p.total
          ? '; it had no highlights.'
          : `; ${p.total === 1 ? 'its highlight was' : `its ${p.total} highlights were`} kept${p.orphaned ? ` (${p.orphaned === p.total ? (p.total === 1 ? 'no longer found' : 'none found again') : `${p.orphaned} no longer found`}, kept as orphans to re-attach)` : ''}.`
      }`,
    zh: (p) =>
      `“${p.title}”的正文已从${p.file ? ` ${p.file} ` : '这段文字'}恢复，id 仍为 ${p.id}；保留了 ${p.total} 条标注${p.orphaned ? `（其中 ${p.orphaned} 条无法定位，保留为待重新附着的孤立标注）` : ''}。`,
  },
  'index-rebuilt': {
    en: (p) =>
      `The search index was damaged (${p.reason}) and is being rebuilt from the library; nothing in the library was affected. Searches may miss articles until the rebuild is done.`,
    zh: (p) => `搜索索引已损坏（${p.reason}），正在根据文库重建；文库内容未受影响。重建完成前，搜索结果可能不全。`,
  },
  'recorded-v1': {
    en: (p) => p.message,
    zh: (p) => `（此问题由旧版简报台记录，只有英文说明）${p.message}`,
  },
};

/** An item as messages name it: `{ thing: 'annotations', title }`. */
export interface MessageSubject {
  thing: MessageThing;
  title?: string;
  id?: string;
}

/** The item a file belongs to, as the subject of a sentence in `language` (e.g. `The briefing “…”`, `简报“…”`). */
export function subjectText(subject: MessageSubject, language: MessageLanguage): string {
  return language === 'zh' ? thingZh(subject) : thingEn(subject);
}

/** Every key of the table, for tests and documentation. */
export const LIBRARY_MESSAGE_KEYS = Object.keys(LIBRARY_MESSAGE_PARAMS) as LibraryMessageKey[];

/** The wording functions of `key` (for the test that every key has both languages). */
export function libraryMessageWording(key: LibraryMessageKey): Partial<Record<MessageLanguage, unknown>> {
  return WORDING[key];
}

/** The sentence of `message` in `language`. Assumes a valid message (built by code, or checked by `isLibraryMessage`). */
export function libraryMessageText(message: LibraryMessage, language: MessageLanguage): string {
  const word = WORDING[message.key][language] as (p: LibraryMessage['params']) => string;
  return word(message.params);
}

/** The sentence in both languages: `{ message, messageZh }`, the shape every host shows. */
export function libraryMessageTexts(message: LibraryMessage): { message: string; messageZh: string } {
  return { message: libraryMessageText(message, 'en'), messageZh: libraryMessageText(message, 'zh') };
}

function hasType(value: unknown, type: ParamType): boolean {
  if (type.endsWith('?') && value === undefined) return true;
  switch (type) {
    case 'string':
    case 'string?':
      return typeof value === 'string';
    case 'number':
    case 'number?':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'strings':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
  }
}

/**
 * True when `value` is a message of a known key whose parameters are all of
 * the declared types, and no others: what problems.json v2 accepts for each
 * problem (a hand-edited or damaged entry is set aside, never shown broken).
 */
export function isLibraryMessage(value: unknown): value is LibraryMessage {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const { key, params } = value as { key?: unknown; params?: unknown };
  if (typeof key !== 'string' || !Object.prototype.hasOwnProperty.call(LIBRARY_MESSAGE_PARAMS, key)) return false;
  if (!params || typeof params !== 'object' || Array.isArray(params)) return false;
  const spec = LIBRARY_MESSAGE_PARAMS[key as LibraryMessageKey] as Record<string, ParamType>;
  const given = params as Record<string, unknown>;
  if (Object.keys(given).some((name) => !Object.prototype.hasOwnProperty.call(spec, name))) return false;
  return Object.entries(spec).every(([name, type]) => hasType(given[name], type));
}
