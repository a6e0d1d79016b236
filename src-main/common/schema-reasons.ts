/**
 * The reasons the contract's schemas give for refusing a value (the English
 * text after the field name: `limit: must be from 1 to 500`), in Chinese,
 * so a refusal reads whole in either language wherever it is shown: core's
 * refusal of a call (`detail.messageZh`, core/dispatch.ts) and the CLI's
 * refusal of a flag (cli/command.ts `flagRefusal`). Pure: no Node, no DOM.
 */

/**
 * The Chinese of the reasons the contract's schemas give (the English text
 * after the field name: `limit: must be from 1 to 500`), so a refused flag
 * reads whole in Chinese. A reason not listed here is worded from the
 * schema issue's kind and bounds (`reasonZh`).
 */
const CONTRACT_REASONS_ZH: Record<string, string> = {
  'give either highlights or filter': '请给出划线或筛选条件，二者取一',
  'give either ids or all: true': '请给出 id，或 all: true',
  'give either name or dataBase64': '请给出 name 或 dataBase64，二者取一',
  'give either series or nextOf, not both': '系列名和要续编的简报只能给出一个',
  'give one of articleId, articleIds or all: true': '请给出 articleId、articleIds 或 all: true 之一',
  'give tags to add or remove': '请给出要添加或移除的标签',
  'is empty': '是空的',
  'is larger than 50 MB': '超过 50 MB',
  'is larger than 60 MB; put the archive in the backups folder, or use `briefing restore --merge`':
    '超过 60 MB；请把备份文件放进备份文件夹，或用 `briefing restore --merge`',
  'is larger than the import limit': '超过了导入大小上限',
  'is longer than 500 characters': '超过 500 个字符',
  'is not a calendar date': '不是日历上的日期',
  'keeps at most 300 articles': '最多只能有 300 篇文章',
  'must be 1–100 letters, digits, or _ . : -': '必须是 1–100 个字母、数字或 _ . : -',
  'must be 6–40 lowercase letters, digits or dashes': '必须是 6–40 个小写字母、数字或连字符',
  'must be a date written YYYY-MM-DD': '必须是 YYYY-MM-DD 格式的日期',
  'must be a draft key such as note:<articleId>:<annotationId>': '必须是草稿键，例如 note:<articleId>:<annotationId>',
  'must be a link starting with http://, https:// or mailto:': '必须是以 http://、https:// 或 mailto: 开头的链接',
  'must be a single line': '只能是一行',
  'must be a web address starting with http:// or https://': '必须是以 http:// 或 https:// 开头的网址',
  'must be a whole number from 1 to 500': '必须是 1 到 500 之间的整数',
  'must be a whole number': '必须是整数',
  'must be an id such as a1b2c3d4e5f6': '必须是 id，例如 a1b2c3d4e5f6',
  'must be from 1 to 500': '必须在 1 到 500 之间',
  'must be the file name of a .zip in the backups folder': '必须是备份文件夹中某个 .zip 文件的文件名',
  'must name at least one article': '至少要给出一篇文章',
  'must name at least one file or folder': '至少要给出一个文件或文件夹',
  'must name at least one highlight': '至少要给出一条划线',
  'must name the file': '必须给出文件名',
  'must not be after "to"': '不能晚于结束日期',
  'must not be empty': '不能为空',
  'must not be negative': '不能是负数',
};

/** What a schema issue carries that a reason can be worded from (zod's issue, or core's `detail.issue`). */
export interface IssueFacts {
  code?: string;
  message?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  /** What was measured: `number`, `string` (its length), `array` (its items)… */
  origin?: string;
}

/**
 * A schema issue's reason in Chinese: the contract's own reason translated
 * (CONTRACT_REASONS_ZH), else worded from the issue's kind and bounds
 * (`必须在 1 到 500 之间`), never the English text.
 */
export function reasonZh(issue: IssueFacts | undefined): string {
  const known = issue?.message === undefined ? undefined : CONTRACT_REASONS_ZH[issue.message];
  if (known) return known;
  const min = issue?.minimum === undefined ? undefined : Number(issue.minimum);
  const max = issue?.maximum === undefined ? undefined : Number(issue.maximum);
  const unit = issue?.origin === 'string' ? ' 个字符' : issue?.origin === 'array' || issue?.origin === 'set' ? ' 项' : '';
  if (min !== undefined && max !== undefined) return unit ? `必须是 ${min} 到 ${max}${unit}` : `必须在 ${min} 到 ${max} 之间`;
  if (issue?.code === 'too_small' && min !== undefined) return unit ? `至少要 ${min}${unit}` : `不能小于 ${min}`;
  if (issue?.code === 'too_big' && max !== undefined) return unit ? `最多 ${max}${unit}` : `不能大于 ${max}`;
  if (issue?.code === 'invalid_type') return '类型不对';
  if (issue?.code === 'invalid_format') return '格式不对';
  return '不符合要求';
}
