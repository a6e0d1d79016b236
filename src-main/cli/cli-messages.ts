/**
 * The `briefing` command line's own sentences (refusals of its arguments,
 * the banner of library problems), in both interface languages, and which
 * of the two a run speaks. As with library problems (common/library-messages.ts)
 * a refusal is made as a key and parameters (`BdError.key` `cli.<key>`,
 * `params`) with the English sentence as its message (logs, `--json`
 * callers); the CLI words it for the terminal in the language of the
 * user's locale. Errors from core are worded the same way where the CLI
 * knows their key, else by the sentence every host shares for it
 * (common/error-messages.ts), else by their Chinese `detail.messageZh`
 * (`localizedMessage`), else in English. A command's own report lines are
 * written in both languages where they are printed (`say`).
 */
import { BdError, localizedMessage } from '../common/errors';
import * as errorMessages from '../common/error-messages';
import { lockedLibrarySentence } from '../common/locked-library';

/** A language the CLI speaks. */
export type CliLanguage = 'en' | 'zh';

/**
 * The language of the user's locale, read as POSIX programs read it: the
 * first set of LC_ALL, LC_MESSAGES, LANG; a GNU LANGUAGE priority list
 * comes first unless the locale is C/POSIX. `BRIEFING_DESK_LANG` (`zh`,
 * `zh-CN`, `en`…) overrides them all. With none of them set (Windows, apps
 * started from a macOS Finder), the system's locale as ICU reports it
 * (`systemLocale`, default Intl's). Any `zh…` locale (zh_CN.UTF-8, zh-TW,
 * zh_HK.Big5) is Chinese; anything else English.
 */
export function cliLanguage(env: Readonly<Record<string, string | undefined>> = process.env, systemLocale?: string): CliLanguage {
  const set = (name: string) => (env[name] ?? '').trim() || undefined;
  const isZh = (locale: string) => /^zh([_\-.@:]|$)/i.test(locale);
  const override = set('BRIEFING_DESK_LANG');
  if (override) return isZh(override) ? 'zh' : 'en';
  const locale = set('LC_ALL') ?? set('LC_MESSAGES') ?? set('LANG');
  const plain = !locale || /^(C|POSIX)([.@]|$)/i.test(locale);
  const language = set('LANGUAGE');
  if (language && !(locale && plain)) return isZh(language.split(':')[0]) ? 'zh' : 'en';
  if (locale) return isZh(locale) ? 'zh' : 'en';
  return isZh(systemLocale ?? Intl.DateTimeFormat().resolvedOptions().locale) ? 'zh' : 'en';
}

type Params = Record<string, string | number>;
type Words = Record<CliLanguage, (p: Params) => string>;

const list = (values: string | number, language: CliLanguage) =>
  String(values)
    .split('|')
    .join(language === 'zh' ? '、' : ', ');

/** Every sentence by key (BdError key `cli.<key>`, or a core error's key the CLI words itself). */
const WORDS = {
  'cli.unknown-option': {
    en: (p) => `Unknown option --${p.option}. See \`briefing ${p.command || ''}${p.command ? ' ' : ''}--help\`.`,
    zh: (p) => `未知选项 --${p.option}。用法见 \`briefing ${p.command || ''}${p.command ? ' ' : ''}--help\`。`,
  },
  'cli.option-before-command': {
    en: (p) => `Unknown option --${p.option} before the command; only --library, --json and --help may come before it. See --help.`,
    zh: (p) => `命令之前不能有选项 --${p.option}；命令前只能用 --library、--json 和 --help。用法见 --help。`,
  },
  'cli.option-needs-value': { en: (p) => `--${p.option} needs a value.`, zh: (p) => `--${p.option} 需要一个值。` },
  'cli.option-takes-no-value': { en: (p) => `--${p.option} takes no value.`, zh: (p) => `--${p.option} 不带值。` },
  'cli.unknown-command': {
    en: (p) => `Unknown command "${p.name}". Run \`briefing --help\` for the list.`,
    zh: (p) => `没有“${p.name}”这个命令。运行 \`briefing --help\` 查看全部命令。`,
  },
  'cli.extra-arguments': {
    en: (p) =>
      `Too many arguments: \`briefing ${p.command}\` takes ${p.max === 0 ? 'none' : `at most ${p.max}`}, so ${String(p.extra)
        .split('|')
        .map((a) => `"${a}"`)
        .join(', ')} ${Number(p.count) === 1 ? 'is' : 'are'} not understood. Usage: ${p.usage}`,
    zh: (p) =>
      `参数过多：\`briefing ${p.command}\` ${p.max === 0 ? '不带参数' : `最多带 ${p.max} 个参数`}，无法理解${String(p.extra)
        .split('|')
        .map((a) => `“${a}”`)
        .join('、')}。用法：${p.usageZh ?? p.usage}`,
  },
  'cli.missing-argument': {
    en: (p) =>
      `${p.what === 'article' ? 'Which article? Give its id (see `briefing list`).' : p.what === 'briefing' ? 'Which briefing? Give its id (see `briefing brief list`).' : p.what === 'file' ? 'Which file? Name it.' : p.what === 'paths' ? 'Nothing to import: name one or more files or folders.' : p.what === 'query' ? 'What should be searched for? Give the words.' : p.what === 'article-or-all' ? 'Which article? Give its id, or --all.' : p.what === 'subcommand' ? 'Which subcommand?' : 'An argument is missing.'} Usage: ${p.usage}`,
    zh: (p) =>
      `${p.what === 'article' ? '要哪篇文章？请给出它的 id（见 `briefing list`）。' : p.what === 'briefing' ? '要哪份简报？请给出它的 id（见 `briefing brief list`）。' : p.what === 'file' ? '要哪个文件？请给出文件名。' : p.what === 'paths' ? '没有要导入的内容：请给出一个或多个文件或文件夹。' : p.what === 'query' ? '要搜索什么？请给出检索词。' : p.what === 'article-or-all' ? '要哪篇文章？请给出它的 id，或用 --all。' : p.what === 'subcommand' ? '要做什么？请给出子命令。' : '缺少参数。'}用法：${p.usageZh ?? p.usage}`,
  },
  'cli.unknown-subcommand': {
    en: (p) => `\`briefing ${p.command}\` has no subcommand "${p.name}"; it takes ${list(p.choices, 'en')}. Usage: ${p.usage}`,
    zh: (p) => `\`briefing ${p.command}\` 没有子命令“${p.name}”，可用的是 ${list(p.choices, 'zh')}。用法：${p.usageZh ?? p.usage}`,
  },
  'cli.flag-choice': {
    en: (p) => `--${p.flag}: expected one of ${list(p.choices, 'en')} (got "${p.got}").`,
    zh: (p) => `--${p.flag} 只能是 ${list(p.choices, 'zh')} 之一（收到的是“${p.got}”）。`,
  },
  'cli.flag-invalid': {
    en: (p) => `--${p.flag}: ${p.reason} (got "${p.got}").`,
    zh: (p) => `--${p.flag} 的值无效：${p.reasonZh ?? p.reason}（收到的是“${p.got}”）。`,
  },
  'cli.flag-integer': {
    en: (p) => `--${p.flag}: expected a whole number in decimal digits (got "${p.got}").`,
    zh: (p) => `--${p.flag} 需要一个用十进制数字写的整数（收到的是“${p.got}”）。`,
  },
  'cli.flag-port': {
    en: (p) => `--port must be a port number between 1 and 65535, not "${p.got}".`,
    zh: (p) => `--port 必须是 1 到 65535 之间的端口号，收到的是“${p.got}”。`,
  },
  'cli.briefing-needs-title': {
    en: () => 'A briefing needs a title: --title T (or --series NAME / --next-of ID for the next issue of a series).',
    zh: () => '简报需要标题：--title 标题（或用 --series 刊名 / --next-of ID 续编系列的下一期）。',
  },
  'cli.assign-pair': {
    en: (p) => `--assign takes KEY=ARTICLE_ID (the key from the report of unmatched annotations), not "${p.got}".`,
    zh: (p) => `--assign 的写法是 KEY=文章ID（KEY 见未匹配批注的报告），收到的是“${p.got}”。`,
  },
  'article.notFound': { en: (p) => `No article with id ${p.id} in this library.`, zh: (p) => `文库中没有 id 为 ${p.id} 的文章。` },
  'article.deleted': {
    en: (p) => `“${p.title}” (id ${p.id}) is no longer in this library; it was deleted.`,
    zh: (p) => `《${p.title}》（id ${p.id}）已不在文库中，它已被删除。`,
  },
  'briefing.notFound': { en: (p) => `No briefing with id ${p.id}.`, zh: (p) => `没有 id 为 ${p.id} 的简报。` },
  'serve.focused': {
    en: (p) => `Briefing Desk is already running for ${p.library} (process ${p.pid}) at ${p.url}; its window was brought to the front.`,
    zh: (p) => `简报台已在为 ${p.library} 运行（进程 ${p.pid}），地址 ${p.url}；已把它的窗口调到最前。`,
  },
  'serve.opened': {
    en: (p) => `Briefing Desk is already running for ${p.library} (process ${p.pid}), without a window of its own; it opens in your default browser: ${p.url}`,
    zh: (p) => `简报台已在为 ${p.library} 运行（进程 ${p.pid}），它没有自己的窗口，现在用默认浏览器打开：${p.url}`,
  },
  'serve.link': {
    en: (p) => `Briefing Desk is already running for ${p.library} (process ${p.pid}); open it at ${p.url}`,
    zh: (p) => `简报台已在为 ${p.library} 运行（进程 ${p.pid}），请打开 ${p.url}`,
  },
  'library.locked': {
    en: (p) => lockedLibrarySentence({ dir: String(p.dir), pid: Number(p.pid), ...(p.url ? { url: String(p.url) } : {}) }, 'en'),
    zh: (p) => lockedLibrarySentence({ dir: String(p.dir), pid: Number(p.pid), ...(p.url ? { url: String(p.url) } : {}) }, 'zh'),
  },
  'cli.error': { en: (p) => `Error: ${p.message}`, zh: (p) => `错误：${p.message}` },
  'cli.library-problem': { en: (p) => `Library problem: ${p.message}`, zh: (p) => `文库问题：${p.message}` },
  'cli.problems-hint': {
    en: () => 'Run `briefing problems` to list them and `briefing problems --ack-all` once dealt with.',
    zh: () => '运行 `briefing problems` 查看这些问题，处理后运行 `briefing problems --ack-all` 确认。',
  },
} satisfies Record<string, Words>;

/** A sentence's key. */
export type CliMessageKey = keyof typeof WORDS;

/** The sentence of `key` in `language`. */
export function cliText(key: CliMessageKey, params: Params, language: CliLanguage): string {
  return WORDS[key][language](params);
}

/** Whether `key` (an error's) is one the CLI words itself. */
function isCliKey(key: string | undefined): key is CliMessageKey {
  return key !== undefined && Object.prototype.hasOwnProperty.call(WORDS, key);
}

/**
 * A refusal of the command line (BdError `invalid-params`: exit code 2)
 * keyed `key` with `params`; its message is the English sentence. A list in
 * a parameter is joined with `|`.
 */
export function refusal(key: CliMessageKey, params: Params = {}, field?: string): BdError {
  return new BdError('invalid-params', cliText(key, params, 'en'), { key, params, ...(field ? { field } : {}) });
}

/** What a sentence can be made from: an error, an import outcome (English message, maybe a key and params, maybe Chinese). */
export interface Worded {
  message: string;
  key?: string;
  params?: Record<string, string | number>;
  messageZh?: string;
  detail?: Record<string, unknown>;
}

/**
 * A message's sentence in `language`: the CLI's own wording of its key;
 * else in English core's own message (it names ids and paths a terminal
 * user needs); in Chinese the hosts' shared sentence of the key
 * (common/error-messages.ts, ICU-formatted with its params), else the
 * Chinese `messageZh` (or `detail.messageZh`), else the English message.
 */
export async function messageSentence(info: Worded, language: CliLanguage): Promise<string> {
  if (isCliKey(info.key) && info.params) return cliText(info.key, info.params, language);
  if (language === 'en') return info.message;
  const shared = info.key ? `error.${info.key}` : '';
  if (shared && Object.prototype.hasOwnProperty.call(errorMessages.en, shared)) {
    const pattern = errorMessages.zh[shared as keyof typeof errorMessages.en];
    // Loaded only when a message is worded: no command pays for the formatter on its way to success.
    const { IntlMessageFormat } = await import('intl-messageformat');
    return String(new IntlMessageFormat(pattern, 'zh-CN').format(info.params ?? {}));
  }
  const detail = info.messageZh ? { ...info.detail, messageZh: info.messageZh } : info.detail;
  return localizedMessage({ message: info.message, detail }, language);
}

/** An error's sentence for the terminal in `language` (without the "Error:" prefix), as `messageSentence` words it. */
export async function errorSentence(err: unknown, language: CliLanguage): Promise<string> {
  if (err instanceof BdError) return messageSentence(err, language);
  return err instanceof Error ? err.message : String(err);
}

/**
 * A command's own line (a report, a count, a note on stderr) in `language`,
 * written as the English and the Chinese sentence side by side where it is
 * printed. Refusals and errors go through keys instead (`refusal`).
 */
export function say(language: CliLanguage, en: string, zh: string): string {
  return language === 'zh' ? zh : en;
}
