/**
 * `backup` and `restore`: the whole library to one zip archive and back
 * (core/backup). Progress goes to stderr, so `--json` output stays clean.
 */
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { backupFolder } from '../../core/handlers/backup';
import type { CliIo, Command } from '../command';
import { printJson } from '../command';
import { reserveBackupPath, restoreBackup, writeBackup, type BackupProgress } from '../../core/backup/backup';
import { mergeBackup } from '../../core/backup/merge';
import { BdError } from '../../common/errors';

/** Prints "Backing up: 40% (200 of 500 files)" on stderr at most every 10%. */
function progressPrinter(io: CliIo, verb: string): (p: BackupProgress) => void {
  let last = -1;
  return (p) => {
    const pct = p.total ? Math.floor((p.done / p.total) * 100) : 100;
    const step = Math.floor(pct / 10);
    if (step === last) return;
    last = step;
    io.err(`${verb}: ${pct}% (${p.done} of ${p.total} files)`);
  };
}


export const backupCommand: Command = {
  name: 'backup',
  usage: 'briefing backup [FILE.zip] [--json]',
  summary: 'Write the whole library (articles, originals, highlights, briefings, settings) to one zip archive; default: <library>-backups/ beside the library folder.',
  async run({ args, io, json, core, libraryDir }) {
    const c = await core();
    const out = args.positionals[0] ? resolve(args.positionals[0]) : await reserveBackupPath(backupFolder(libraryDir));
    const started = performance.now();
    // Writes under way finish first, so the archive holds every acknowledged change.
    await c.store.serial.idle();
    const result = await writeBackup(c.store.dir, out, { onProgress: progressPrinter(io, 'Backing up') }).catch(async (err) => {
      // The name reserved for it is freed again.
      if (!args.positionals[0]) await rm(out, { force: true });
      throw err;
    });
    const report = { ...result, ms: Math.round(performance.now() - started) };
    if (json) printJson(io, report);
    else io.out(`Backed up ${result.articles} articles and ${result.briefings} briefings (${result.files} files, ${result.bytes} bytes) to ${result.path}`);
    return 0;
  },
};

export const restoreCommand: Command = {
  name: 'restore',
  usage: 'briefing restore FILE.zip [--merge] [--json]',
  summary: 'Restore a backup into an empty library folder, or with --merge into this library (adds what is missing, never overwrites newer data, lists what was skipped).',
  flags: { merge: { type: 'boolean' } },
  async run({ args, io, json, core, libraryDir }) {
    const file = args.positionals[0];
    if (!file) throw new BdError('invalid-params', 'Give the backup archive to restore: briefing restore FILE.zip [--merge].', { field: 'file' });
    if (args.flags.merge) {
      const c = await core();
      const report = await mergeBackup(c.ctx, resolve(file), { onProgress: progressPrinter(io, 'Merging') });
      if (json) printJson(io, { mode: 'merge', ...report });
      else {
        io.out(
          `Merged into ${c.store.dir}: ${report.added.articles} articles, ${report.added.annotations} highlights and ${report.added.briefings} briefings added; ` +
            `${report.updated.briefings} briefings and ${report.updated.annotations} highlights updated to the backup's newer copy; ${report.skipped.length} items kept as they are.`,
        );
        for (const s of report.skipped.slice(0, 50)) io.out(`  skipped ${s.path}: ${s.reason}`);
        if (report.skipped.length > 50) io.out(`  … and ${report.skipped.length - 50} more (see --json)`);
      }
      return 0;
    }
    const result = await restoreBackup(resolve(file), libraryDir, { onProgress: progressPrinter(io, 'Restoring') });
    // Opening the restored library checks every file (migrations, the catalog rebuilt from the folders).
    const c = await core();
    const problems = c.store.warnings;
    if (json) printJson(io, { mode: 'empty', ...result, problems: problems.map((w) => ({ kind: w.kind, message: w.message })) });
    else {
      io.out(`Restored ${result.articles} articles and ${result.briefings} briefings (${result.files} files) into ${result.path}`);
      for (const w of problems) io.out(`  note: ${w.message}`);
    }
    return 0;
  },
};
