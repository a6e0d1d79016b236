/**
 * `backup` and `restore`: the whole library to one zip archive and back,
 * through the backup contract (core/backup). Progress (the core's
 * `backupProgress` events) goes to stderr, so `--json` output stays clean.
 */
import { resolve } from 'node:path';
import type { CliIo, Command } from '../command';
import { count, printJson } from '../command';
import { say, type CliLanguage } from '../cli-messages';
import { Core } from '../../core/core';
import type { ApiEventMessage } from '../../common/contract/events';
import { BdError } from '../../common/errors';

/** Prints "Backing up: 40% (200 of 500 files)" on stderr at most every 10%; `verb` in English and Chinese. */
function progressPrinter(io: CliIo, language: CliLanguage, verb: string, verbZh: string): (p: { done: number; total: number }) => void {
  let last = -1;
  return (p) => {
    const pct = p.total ? Math.floor((p.done / p.total) * 100) : 100;
    const step = Math.floor(pct / 10);
    if (step === last) return;
    last = step;
    io.err(say(language, `${verb}: ${pct}% (${p.done} of ${count(p.total, 'file')})`, `${verbZh}：${pct}%（${p.total} 个文件中的 ${p.done} 个）`));
  };
}

/** Why a merge kept an item as it was, in Chinese (the English `reason` comes with the report). */
const SKIPPED_ZH: Record<'unreadable' | 'newer-version' | 'same-text' | 'text-differs' | 'kept-newer', string> = {
  unreadable: '备份中的这个文件无法读取',
  'newer-version': '它由更新版本的简报台写入',
  'same-text': '文库中已有相同的正文',
  'text-differs': '文库中同一篇文章的正文不同，保留了文库中的版本',
  'kept-newer': '文库中的版本较新，予以保留',
};

/** Forwards the core's `backupProgress` events of `operationId` to `print` until the returned function is called. */
function followProgress(core: Core, operationId: string, print: (p: { done: number; total: number }) => void): () => void {
  return core.events.on((event: ApiEventMessage) => {
    if (event.name === 'backupProgress' && event.payload.operation === operationId) print(event.payload);
  });
}

export const backupCommand: Command = {
  name: 'backup',
  usage: 'briefing backup [FILE.zip] [--json]',
  usageZh: 'briefing backup [文件.zip] [--json]',
  summary:
    'Write the whole library (articles, originals, highlights, briefings, settings) to one zip archive; default: <library>-backups/ beside the library folder.',
  summaryZh: '把整个文库（文章、原始文件、划线、简报、设置）写入一个 zip 备份文件；默认放在文库文件夹旁的 <文库>-backups/ 中。',
  operands: { min: 0, max: 1 },
  async run({ args, io, json, core, language }) {
    const c = await core();
    const started = performance.now();
    const operationId = 'cli-backup';
    const off = followProgress(c, operationId, progressPrinter(io, language, 'Backing up', '正在备份'));
    const file = args.positionals[0];
    // Core refuses a target inside a library folder, writes through a temporary file, and waits for writes under way.
    const result = await (file ? c.api.backupLibraryToFile({ path: resolve(file), operationId }) : c.api.backupLibrary({ operationId })).finally(off);
    const report = { ...result, ms: Math.round(performance.now() - started) };
    if (json) printJson(io, report);
    else
      io.out(
        say(
          language,
          `Backed up ${count(result.articles, 'article')} and ${count(result.briefings, 'briefing')} (${count(result.files, 'file')}, ${count(result.bytes, 'byte')}) to ${result.path}`,
          `已把 ${result.articles} 篇文章和 ${result.briefings} 份简报（${result.files} 个文件，${result.bytes} 字节）备份到 ${result.path}`,
        ),
      );
    return 0;
  },
};

export const restoreCommand: Command = {
  name: 'restore',
  usage: 'briefing restore FILE.zip [--merge] [--json]',
  usageZh: 'briefing restore 文件.zip [--merge] [--json]',
  summary:
    'Restore a backup into an empty library folder, or with --merge into this library (adds what is missing, never overwrites newer data, lists what was skipped).',
  summaryZh: '把备份恢复到一个空的文库文件夹；用 --merge 时合并进本文库（补上缺少的内容，从不覆盖较新的数据，并列出跳过的内容）。',
  flags: { merge: { type: 'boolean' } },
  operands: { min: 1, max: 1, what: 'file' },
  async run({ args, io, json, core, libraryDir, language }) {
    const file = args.positionals[0];
    if (!file)
      throw new BdError('invalid-params', 'Give the backup archive to restore: briefing restore FILE.zip [--merge].', {
        field: 'file',
        detail: { messageZh: '请给出要恢复的备份文件：briefing restore 文件.zip [--merge]。' },
      });
    if (args.flags.merge) {
      const c = await core();
      const operationId = 'cli-restore';
      const off = followProgress(c, operationId, progressPrinter(io, language, 'Merging', '正在合并'));
      const report = await c.api.restoreLibraryFromFile({ path: resolve(file), operationId }).finally(off);
      if (json) printJson(io, { mode: 'merge', ...report });
      else {
        const { path } = await c.api.libraryInfo({});
        io.out(
          say(
            language,
            `Merged into ${path}: ${count(report.added.articles, 'article')}, ${count(report.added.annotations, 'highlight')} and ${count(report.added.briefings, 'briefing')} added; ` +
              `${count(report.updated.briefings, 'briefing')} and ${count(report.updated.annotations, 'highlight')} updated to the backup's newer copy; ${count(report.skipped.length, 'item')} kept as ${report.skipped.length === 1 ? 'it is' : 'they are'}.`,
            `已合并到 ${path}：新增 ${report.added.articles} 篇文章、${report.added.annotations} 条划线和 ${report.added.briefings} 份简报；` +
              `${report.updated.briefings} 份简报和 ${report.updated.annotations} 条划线更新为备份中较新的版本；${report.skipped.length} 项保持原样。`,
          ),
        );
        for (const s of report.skipped.slice(0, 50)) io.out(say(language, `  skipped ${s.path}: ${s.reason}`, `  跳过 ${s.path}：${SKIPPED_ZH[s.code]}`));
        if (report.skipped.length > 50)
          io.out(say(language, `  … and ${report.skipped.length - 50} more (see --json)`, `  ……还有 ${report.skipped.length - 50} 项（见 --json）`));
      }
      return 0;
    }
    const result = await Core.restoreInto(resolve(file), libraryDir, progressPrinter(io, language, 'Restoring', '正在恢复'));
    // Opening the restored library checks every file (migrations, the catalog rebuilt from the folders).
    const c = await core();
    const problems = (await c.api.libraryInfo({})).warnings;
    if (json) printJson(io, { mode: 'empty', ...result, problems: problems.map((w) => ({ kind: w.kind, message: w.message })) });
    else {
      io.out(
        say(
          language,
          `Restored ${count(result.articles, 'article')} and ${count(result.briefings, 'briefing')} (${count(result.files, 'file')}) into ${result.path}`,
          `已把 ${result.articles} 篇文章和 ${result.briefings} 份简报（${result.files} 个文件）恢复到 ${result.path}`,
        ),
      );
      for (const w of problems) io.out(say(language, `  note: ${w.message}`, `  注意：${w.messageZh || w.message}`));
    }
    return 0;
  },
};
