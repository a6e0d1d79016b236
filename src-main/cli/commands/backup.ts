/**
 * `backup` and `restore`: the whole library to one zip archive and back,
 * through the backup contract (core/backup). Progress (the core's
 * `backupProgress` events) goes to stderr, so `--json` output stays clean.
 */
import { resolve } from 'node:path';
import type { CliIo, Command } from '../command';
import { count, printJson } from '../command';
import { Core } from '../../core/core';
import type { ApiEventMessage } from '../../common/contract/events';
import { BdError } from '../../common/errors';

/** Prints "Backing up: 40% (200 of 500 files)" on stderr at most every 10%. */
function progressPrinter(io: CliIo, verb: string): (p: { done: number; total: number }) => void {
  let last = -1;
  return (p) => {
    const pct = p.total ? Math.floor((p.done / p.total) * 100) : 100;
    const step = Math.floor(pct / 10);
    if (step === last) return;
    last = step;
    io.err(`${verb}: ${pct}% (${p.done} of ${count(p.total, 'file')})`);
  };
}

/** Forwards the core's `backupProgress` events of `operationId` to `print` until the returned function is called. */
function followProgress(core: Core, operationId: string, print: (p: { done: number; total: number }) => void): () => void {
  return core.events.on((event: ApiEventMessage) => {
    if (event.name === 'backupProgress' && event.payload.operation === operationId) print(event.payload);
  });
}

export const backupCommand: Command = {
  name: 'backup',
  usage: 'briefing backup [FILE.zip] [--json]',
  summary:
    'Write the whole library (articles, originals, highlights, briefings, settings) to one zip archive; default: <library>-backups/ beside the library folder.',
  operands: { min: 0, max: 1 },
  async run({ args, io, json, core }) {
    const c = await core();
    const started = performance.now();
    const operationId = 'cli-backup';
    const off = followProgress(c, operationId, progressPrinter(io, 'Backing up'));
    const file = args.positionals[0];
    // Core refuses a target inside a library folder, writes through a temporary file, and waits for writes under way.
    const result = await (file ? c.api.backupLibraryToFile({ path: resolve(file), operationId }) : c.api.backupLibrary({ operationId })).finally(off);
    const report = { ...result, ms: Math.round(performance.now() - started) };
    if (json) printJson(io, report);
    else
      io.out(
        `Backed up ${count(result.articles, 'article')} and ${count(result.briefings, 'briefing')} (${count(result.files, 'file')}, ${count(result.bytes, 'byte')}) to ${result.path}`,
      );
    return 0;
  },
};

export const restoreCommand: Command = {
  name: 'restore',
  usage: 'briefing restore FILE.zip [--merge] [--json]',
  summary:
    'Restore a backup into an empty library folder, or with --merge into this library (adds what is missing, never overwrites newer data, lists what was skipped).',
  flags: { merge: { type: 'boolean' } },
  operands: { min: 1, max: 1, what: 'file' },
  async run({ args, io, json, core, libraryDir }) {
    const file = args.positionals[0];
    if (!file) throw new BdError('invalid-params', 'Give the backup archive to restore: briefing restore FILE.zip [--merge].', { field: 'file' });
    if (args.flags.merge) {
      const c = await core();
      const operationId = 'cli-restore';
      const off = followProgress(c, operationId, progressPrinter(io, 'Merging'));
      const report = await c.api.restoreLibraryFromFile({ path: resolve(file), operationId }).finally(off);
      if (json) printJson(io, { mode: 'merge', ...report });
      else {
        const { path } = await c.api.libraryInfo({});
        io.out(
          `Merged into ${path}: ${count(report.added.articles, 'article')}, ${count(report.added.annotations, 'highlight')} and ${count(report.added.briefings, 'briefing')} added; ` +
            `${count(report.updated.briefings, 'briefing')} and ${count(report.updated.annotations, 'highlight')} updated to the backup's newer copy; ${count(report.skipped.length, 'item')} kept as ${report.skipped.length === 1 ? 'it is' : 'they are'}.`,
        );
        for (const s of report.skipped.slice(0, 50)) io.out(`  skipped ${s.path}: ${s.reason}`);
        if (report.skipped.length > 50) io.out(`  … and ${report.skipped.length - 50} more (see --json)`);
      }
      return 0;
    }
    const result = await Core.restoreInto(resolve(file), libraryDir, progressPrinter(io, 'Restoring'));
    // Opening the restored library checks every file (migrations, the catalog rebuilt from the folders).
    const c = await core();
    const problems = (await c.api.libraryInfo({})).warnings;
    if (json) printJson(io, { mode: 'empty', ...result, problems: problems.map((w) => ({ kind: w.kind, message: w.message })) });
    else {
      io.out(`Restored ${count(result.articles, 'article')} and ${count(result.briefings, 'briefing')} (${count(result.files, 'file')}) into ${result.path}`);
      for (const w of problems) io.out(`  note: ${w.message}`);
    }
    return 0;
  },
};
