/**
 * The log on a real temp folder: lines are JSON with the host and the error's
 * code and stack (never a BdError's detail), files rotate at the size given
 * and only LOG_FILES_KEPT older ones stay (also those of earlier runs),
 * recentProblems reads warnings and errors back newest first across files,
 * and a folder that cannot be written leaves the app working without a log.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOG_FILES_KEPT, log, logState, logWritten, recentProblems, startLog, stopLog } from './log';
import { BdError } from '../../common/errors';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bd-log-'));
  dirs.push(dir);
  return dir;
}

afterEach(async () => {
  await stopLog();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const logFiles = (dir: string) => readdirSync(dir).filter((f) => /^briefing-desk\.log(\.\d+)?$/.test(f));
/** Lets the stream's asynchronous writes and rotations run between log lines, as in a running app. */
const tick = () => new Promise((r) => setImmediate(r));

describe('log', () => {
  it('writes JSON lines with the host, and errors with code, message and stack but no detail', async () => {
    const dir = tempDir();
    const state = await startLog({ host: 'cli', dir });
    expect(state.file).toBe(join(dir, 'briefing-desk.log'));
    log.info('Started', { articles: 3 });
    log.error('Import failed', { err: new BdError('refused', 'The file is not a PDF.', { detail: { quote: '一段原文' } }) });
    await stopLog();
    const lines = readFileSync(state.file!, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ level: 30, host: 'cli', msg: 'Started', articles: 3, pid: process.pid });
    expect(lines[1]).toMatchObject({ level: 50, msg: 'Import failed', err: { type: 'BdError', code: 'refused', message: 'The file is not a PDF.' } });
    expect(lines[1].err.stack).toMatch(/log\.test\.ts/);
    expect(JSON.stringify(lines[1])).not.toContain('一段原文');
    expect(new Date(lines[0].time).toISOString()).toBe(lines[0].time);
  });

  it('opens the file at the first line written, keeping every line written while it opens, in order', async () => {
    const dir = tempDir();
    const state = await startLog({ host: 'cli', dir });
    expect(state.file).toBe(join(dir, 'briefing-desk.log'));
    // A command that logs nothing opens nothing.
    await tick();
    expect(logFiles(dir)).toEqual([]);
    for (let i = 0; i < 5; i++) log.warn(`line ${i}`, { i });
    log.error('last', { err: new Error('disk') });
    await stopLog();
    const lines = readFileSync(state.file!, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.msg)).toEqual(['line 0', 'line 1', 'line 2', 'line 3', 'line 4', 'last']);
    expect(lines[5]).toMatchObject({ level: 50, host: 'cli', err: { message: 'disk' } });
    // Read back in the same process as soon as written (a diagnostics report right after a failure).
    await startLog({ host: 'cli', dir });
    log.error('right before the report', { err: new Error('EACCES') });
    await logWritten();
    expect((await recentProblems(1, dir))[0]).toMatchObject({ msg: 'right before the report', error: 'EACCES' });
    await stopLog();
    // Started again and nothing written: the file of before is left as it was.
    await startLog({ host: 'cli', dir });
    await stopLog();
    expect(readFileSync(state.file!, 'utf8').trim().split('\n')).toHaveLength(7);
  });

  it('starts a new file at the size given and keeps only the newest few, also across runs', async () => {
    const dir = tempDir();
    // Files of earlier runs, older than all that follows.
    writeFileSync(join(dir, 'briefing-desk.log'), '{"level":50,"time":"2020-01-01T00:00:00.000Z","msg":"old current"}\n');
    writeFileSync(join(dir, 'briefing-desk.log.1'), '{"level":50,"time":"2020-01-01T00:00:00.000Z","msg":"old rotated"}\n');
    await startLog({ host: 'cli', dir, size: '16K' });
    const filler = 'x'.repeat(400);
    for (let i = 0; i < 400; i++) {
      log.warn(`line ${i}`, { filler });
      await tick();
    }
    await stopLog();
    const files = logFiles(dir);
    expect(files.length).toBeLessThanOrEqual(LOG_FILES_KEPT + 1);
    expect(files.length).toBeGreaterThan(1);
    // ~190 KB were written: the old files are gone, and no file grew far past the limit.
    for (const f of files) expect(statSync(join(dir, f)).size).toBeLessThan(17 * 1024);
    const text = files.map((f) => readFileSync(join(dir, f), 'utf8')).join('');
    expect(text).not.toContain('old current');
    expect(text).not.toContain('old rotated');
    expect(text).toContain('line 399');
    expect(readFileSync(join(dir, 'briefing-desk.log'), 'utf8')).toContain('line 399');
  });

  it('reads back the last warnings and errors, newest first, across files, skipping lines cut short', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'briefing-desk.log.1'),
      [
        '{"level":50,"time":"2024-01-01T00:00:00.000Z","host":"electron","msg":"older error","err":{"type":"Error","message":"disk"}}',
        '{"level":30,"time":"2024-01-01T00:00:01.000Z","msg":"just info"}',
      ].join('\n') + '\n',
    );
    writeFileSync(
      join(dir, 'briefing-desk.log'),
      [
        '{"level":40,"time":"2024-01-02T00:00:00.000Z","host":"cli","msg":"a warning","err":{"code":"ENOSPC","message":"no space"}}',
        '{"level":60,"time":"2024-01-02T00:00:01.000Z","msg":"fatal one"}',
        '{"level":50,"time":"2024-01-02T00:0',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'other.log'), '{"level":50,"msg":"not ours"}\n');
    const problems = await recentProblems(10, dir);
    expect(problems.map((p) => p.msg)).toEqual(['fatal one', 'a warning', 'older error']);
    expect(problems[1]).toMatchObject({ level: 'warn', host: 'cli', code: 'ENOSPC', error: 'no space' });
    expect(problems[2]).toMatchObject({ level: 'error', host: 'electron', code: 'Error', error: 'disk' });
    expect(await recentProblems(2, dir)).toHaveLength(2);
    expect(await recentProblems(5, join(dir, 'missing'))).toEqual([]);
  });

  it('leaves the app working without a log when the folder cannot be written', async () => {
    const dir = tempDir();
    const blocker = join(dir, 'not-a-folder');
    writeFileSync(blocker, '');
    const state = await startLog({ host: 'cli', dir: join(blocker, 'logs') });
    expect(state.file).toBeNull();
    expect(state.reason).toBeTruthy();
    expect(logState()).toMatchObject({ file: null });
    expect(() => log.error('still fine', { err: new Error('x') })).not.toThrow();
  });
});
