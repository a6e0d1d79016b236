/**
 * `import`, `list` and `show`.
 */
import type { Command } from '../command';
import { printJson } from '../command';
import { messageSentence, say } from '../cli-messages';

export const importCommand: Command = {
  name: 'import',
  usage: 'briefing import <files|folders...> [--json]',
  usageZh: 'briefing import <文件|文件夹...> [--json]',
  summary: 'Import articles (.txt .md .html .docx .pdf); folders are imported recursively.',
  summaryZh: '导入文章（.txt .md .html .docx .pdf）；文件夹连同其子文件夹一并导入。',
  operands: { min: 1, max: Infinity, what: 'paths' },
  async run({ args, io, json, core, language }) {
    const c = await core();
    const interactive = !json && process.stderr.isTTY;
    // Progress from the core's importProgress events of this import.
    const off = c.events.on((event) => {
      if (interactive && event.name === 'importProgress' && event.payload.operation === 'cli-import') {
        process.stderr.write(`\r${say(language, 'Importing', '正在导入')} ${event.payload.done}/${event.payload.total}…`);
      }
    });
    const outcomes = await c.api.importPaths({ paths: args.positionals, operation: 'cli-import' }).finally(off);
    if (interactive) process.stderr.write('\n');
    const imported = outcomes.flatMap((o) => (o.status === 'imported' ? [{ id: o.id, title: o.title }] : []));
    for (const o of outcomes) {
      if (o.status === 'imported') continue;
      // The existing article's id too (the shared Chinese sentence names only its title).
      const zhId = language === 'zh' && o.status === 'duplicate' ? `（id ${o.id}）。` : '。';
      const message = (await messageSentence(o, language)).replace(/。$/, zhId);
      io.err(
        o.status === 'duplicate' ? say(language, `Duplicate: ${message}`, `重复：${message}`) : say(language, `Refused: ${message}`, `未导入：${message}`),
      );
    }
    if (json) printJson(io, imported);
    else {
      for (const a of imported) io.out(`${a.id}  ${a.title}`);
      const dup = outcomes.filter((o) => o.status === 'duplicate').length;
      const bad = outcomes.filter((o) => o.status === 'refused').length;
      io.err(
        say(
          language,
          `${imported.length} imported, ${dup} duplicate${dup === 1 ? '' : 's'}, ${bad} refused.`,
          `导入 ${imported.length} 篇，重复 ${dup} 篇，未导入 ${bad} 个。`,
        ),
      );
    }
    return imported.length === outcomes.length ? 0 : 1;
  },
};

export const listCommand: Command = {
  name: 'list',
  usage: 'briefing list [--tag T ...] [--source S] [--json]',
  usageZh: 'briefing list [--tag 标签 ...] [--source 来源] [--json]',
  summary: 'List the articles in the library, newest first; with several --tag, those that carry every one.',
  summaryZh: '列出文库中的文章，最新的在前；给出多个 --tag 时，只列出带有全部这些标签的文章。',
  flags: { tag: { type: 'string', multiple: true }, source: { type: 'string' } },
  operands: { min: 0, max: 0 },
  async run({ args, io, json, core, language }) {
    const c = await core();
    const entries = await c.api.listArticles({
      ...(args.flags.tag ? { tags: args.flags.tag as string[] } : {}),
      ...(args.flags.source ? { source: String(args.flags.source) } : {}),
    });
    if (json) {
      printJson(
        io,
        entries.map((e) => ({ id: e.id, title: e.title, source: e.source ?? null, date: e.published ?? null, tags: e.tags })),
      );
    } else {
      for (const e of entries) io.out([e.id, e.published ?? '----------', e.source ?? '-', e.title].join('  '));
      if (!entries.length) io.err(say(language, 'No articles.', '没有文章。'));
    }
    return 0;
  },
};

export const showCommand: Command = {
  name: 'show',
  usage: 'briefing show <id> [--json]',
  usageZh: 'briefing show <id> [--json]',
  summary: 'Print one article: its text, or with --json its text, blocks and metadata.',
  summaryZh: '打印一篇文章的正文；用 --json 时打印正文、分块和元数据。',
  operands: { min: 1, max: 1, what: 'article' },
  async run({ args, io, json, core }) {
    const id = args.positionals[0];
    const c = await core();
    const article = await c.api.getArticle({ id });
    if (json) {
      printJson(io, {
        id: article.id,
        title: article.meta.title,
        text: article.text,
        blocks: article.blocks.map((b) => ({ kind: b.kind, start: b.start, end: b.end, ...(b.level ? { level: b.level } : {}) })),
        meta: article.meta,
        ...(article.marks?.length ? { marks: article.marks } : {}),
      });
    } else {
      for (const b of article.blocks) {
        const text = article.text.slice(b.start, b.end);
        io.out(b.kind === 'heading' ? `\n## ${text}\n` : b.kind === 'title' ? `# ${text}\n` : text);
      }
    }
    return 0;
  },
};

export const deleteCommand: Command = {
  name: 'delete',
  usage: 'briefing delete <id> [--json]',
  usageZh: 'briefing delete <id> [--json]',
  summary: 'Delete an article with its original file, highlights and notes.',
  summaryZh: '删除一篇文章，连同它的原始文件、划线和批注。',
  operands: { min: 1, max: 1, what: 'article' },
  async run({ args, io, json, core, language }) {
    const id = args.positionals[0];
    const c = await core();
    const deleted = await c.api.deleteArticle({ id });
    if (json) printJson(io, { id: deleted.id, title: deleted.title, ...(deleted.annotationsKept ? { annotationsKept: deleted.annotationsKept } : {}) });
    else io.err(say(language, `Deleted ${deleted.id}  ${deleted.title}`, `已删除 ${deleted.id}  ${deleted.title}`));
    if (deleted.annotationsKept) {
      const { file, count } = deleted.annotationsKept;
      io.err(
        say(
          language,
          `Its ${count === null ? '' : `${count} `}highlight${count === 1 ? '' : 's'} and notes were kept in ${file} (the library's backups folder).`,
          `它的${count === null ? '' : ` ${count} 条`}划线和批注已保存在 ${file}（文库的备份文件夹）。`,
        ),
      );
    }
    return 0;
  },
};

export const problemsCommand: Command = {
  name: 'problems',
  usage: 'briefing problems [--ack ID ...] [--ack-all] [--json]',
  usageZh: 'briefing problems [--ack 问题ID ...] [--ack-all] [--json]',
  summary: 'List library problems (damaged files moved to quarantine/, files from a newer version…); --ack / --ack-all once dealt with.',
  summaryZh: '列出文库问题（移到 quarantine/ 的损坏文件、更新版本写入的文件等）；处理后用 --ack / --ack-all 确认。',
  flags: { ack: { type: 'string', multiple: true }, 'ack-all': { type: 'boolean' } },
  operands: { min: 0, max: 0 },
  async run({ args, io, json, core, language }) {
    const c = await core();
    const ack = args.flags.ack as string[] | undefined;
    if (ack || args.flags['ack-all']) {
      const result = await c.api.acknowledgeProblems(args.flags['ack-all'] ? { all: true } : { ids: ack! });
      if (json) printJson(io, result);
      else
        io.err(say(language, `${result.acknowledged} problem${result.acknowledged === 1 ? '' : 's'} acknowledged.`, `已确认 ${result.acknowledged} 个问题。`));
      return 0;
    }
    const list = await c.api.listProblems({});
    if (json) {
      printJson(
        io,
        list.map((p) => ({
          id: p.id,
          kind: p.kind,
          message: p.message,
          file: p.file ?? null,
          messageZh: p.messageZh ?? null,
          text: p.text ?? null,
          articleId: p.articleId ?? null,
          briefingId: p.briefingId ?? null,
        })),
      );
    } else {
      for (const p of list) {
        const message = language === 'zh' && p.messageZh ? p.messageZh : p.message;
        io.out(`${p.id}  ${p.kind}\n    ${message}${p.file ? `\n    ${say(language, 'file', '文件')}: ${p.file}` : ''}`);
      }
      if (!list.length) io.err(say(language, 'No library problems.', '文库没有问题。'));
    }
    return 0;
  },
};
