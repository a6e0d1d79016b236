/**
 * The `diagnostics` contract method on a real library in a temp folder
 * (`briefing diagnostics`: tests/unit/cli-diagnostics.test.ts): versions, counts that follow what the library holds,
 * problems without titles, recent log errors — and not one word of an
 * article, a note or a title.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Core } from '../core';
import { log, startLog, stopLog } from './log';
import { withoutHome } from './diagnostics';
import { formatDiagnostics } from '../../common/diagnostics-text';
import type { DiagnosticsReport } from '../../common/contract/diagnostics';

const NOTE = '这条批注只属于用户，不能进入诊断信息';
const TITLE = '关于推进算力基础设施高质量发展的诊断测试文章';
const BODY = '各地要统筹布局智能算力中心，推动算力资源互联互通，形成全国一体化算力网络。';

let lib: string;
let logs: string;
let core: Core;

beforeAll(async () => {
  lib = mkdtempSync(join(tmpdir(), 'bd-diag-'));
  logs = mkdtempSync(join(tmpdir(), 'bd-diag-logs-'));
  await startLog({ host: 'cli', dir: logs });
  core = await Core.open({ dir: lib, host: 'cli', seedSample: false, searchIndex: 'lazy' });
  const a = await core.api.importText({ text: `${TITLE}\n\n　　${BODY}\n\n　　第二段落写的是数据要素市场。`, title: TITLE });
  const b = await core.api.importText({ text: 'A second article about grid storage.\n\nStorage capacity doubled in 2024.', title: 'Grid storage' });
  const article = await core.api.getArticle({ id: a.id });
  const start = article.text.indexOf('智能算力');
  await core.api.createAnnotation({ articleId: a.id, start, end: start + 4, note: NOTE });
  await core.api.createAnnotation({ articleId: a.id, start: start + 8, end: start + 12 });
  const other = await core.api.getArticle({ id: b.id });
  await core.api.createAnnotation({ articleId: b.id, start: 0, end: other.text.indexOf(' ') });
  await core.api.createBriefing({ title: '内部简报' });
  log.error('Export failed', { err: Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }) });
});

afterAll(async () => {
  await core.close();
  await stopLog();
  rmSync(lib, { recursive: true, force: true });
  rmSync(logs, { recursive: true, force: true });
});

describe('diagnostics', () => {
  it('reports versions, counts, index state and recent log errors', async () => {
    const report = (await core.call('diagnostics', {})) as DiagnosticsReport;
    expect(report.app).toEqual({ name: 'Briefing Desk', version: JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')).version });
    expect(report.host).toBe('cli');
    expect(report.runtime).toMatchObject({ node: process.versions.node, v8: process.versions.v8, platform: process.platform, arch: process.arch });
    expect(report.runtime.electron).toBeUndefined();
    expect(report.runtime.os.length).toBeGreaterThan(0);
    expect(report.library).toMatchObject({ articles: 2, annotations: 3, briefings: 1, problems: [] });
    expect(report.library.index).toMatchObject({ state: 'ready', documents: 2 });
    expect(report.log.file).toBe(withoutHome(join(logs, 'briefing-desk.log')));
    expect(report.log.problems[0]).toMatchObject({ level: 'error', msg: 'Export failed', code: 'EACCES', host: 'cli' });
    expect(((await core.call('diagnostics', { recent: 0 })) as DiagnosticsReport).log.problems).toEqual([]);
  });

  it('never holds article text, titles or notes, as JSON or as text', async () => {
    const report = (await core.call('diagnostics', {})) as DiagnosticsReport;
    for (const form of [JSON.stringify(report), formatDiagnostics(report)]) {
      for (const secret of [NOTE, TITLE, BODY.slice(0, 8), '数据要素', 'Grid storage', 'Storage capacity', '内部简报']) expect(form).not.toContain(secret);
    }
  });

  it('lists library problems by kind and file, without the titles their messages name', async () => {
    const [entry] = await core.api.listArticles({});
    // A damaged annotations file: the library moves it aside and lists the problem.
    writeFileSync(join(lib, 'articles', entry.id, 'annotations.json'), '{ not json');
    await core.api.listAnnotations({ articleId: entry.id }).catch(() => undefined);
    const report = (await core.call('diagnostics', {})) as DiagnosticsReport;
    expect(report.library.problems).toEqual([expect.objectContaining({ kind: 'quarantined', articleId: entry.id })]);
    expect(JSON.stringify(report.library.problems)).not.toContain(entry.title);
  });

  it('refuses a wrong parameter with the field named', async () => {
    await expect(core.call('diagnostics', { recent: -1 })).rejects.toMatchObject({ code: 'invalid-params', field: 'recent' });
    await expect(core.call('diagnostics', { text: true })).rejects.toMatchObject({ code: 'invalid-params' });
  });

  it('writes the home folder as ~', () => {
    expect(withoutHome(join(homedir(), 'data', 'library'))).toBe(join('~', 'data', 'library'));
    expect(withoutHome('/srv/library', '/home/ana')).toBe('/srv/library');
    expect(withoutHome('/home/anabel/library', '/home/ana')).toBe('/home/anabel/library');
  });
});

describe('diagnostics and the shared log folder', () => {
  it("shows this library's log lines only, and no title a logged message named", async () => {
    const logsDir = mkdtempSync(join(tmpdir(), 'bd-diag-shared-logs-'));
    const libA = mkdtempSync(join(tmpdir(), 'bd-diag-a-'));
    const libB = mkdtempSync(join(tmpdir(), 'bd-diag-b-'));
    const titleA = '关于加强汛期水库安全管理的通知';
    const titleB = 'Confidential: merger talks with Harbour Logistics';
    await stopLog();
    await startLog({ host: 'cli', dir: logsDir });
    const a = await Core.open({ dir: libA, host: 'cli', seedSample: false, searchIndex: 'lazy' });
    const b = await Core.open({ dir: libB, host: 'cli', seedSample: false, searchIndex: 'lazy' });
    try {
      /** An article whose annotations.json is from a newer version: counting its highlights logs a warning naming it. */
      const newerNotes = async (core: Core, dir: string, title: string, text: string) => {
        const { id } = await core.api.importText({ text, title });
        writeFileSync(join(dir, 'articles', id, 'annotations.json'), JSON.stringify({ schemaVersion: 99, articleId: id, annotations: [] }));
        return id;
      };
      const idA = await newerNotes(a, libA, titleA, `${titleA}\n\n各地要落实防汛责任，确保水库安全度汛。`);
      const idB = await newerNotes(b, libB, titleB, `${titleB}\n\nThe board met twice in March to discuss the terms.`);
      await b.call('diagnostics', {});
      await b.close();
      const report = (await a.call('diagnostics', {})) as DiagnosticsReport;
      // The warning was logged, for A, with the title's place kept but not the title.
      const counted = report.log.problems.filter((p) => p.msg === 'Could not count the annotations of an article');
      expect(counted).toHaveLength(1);
      expect(counted[0].error).toMatch(/“…”/);
      const text = JSON.stringify(report) + formatDiagnostics(report);
      for (const secret of [titleA, titleB, '汛期水库', 'Harbour Logistics', 'merger']) expect(text).not.toContain(secret);
      // The log file itself holds neither title, and B's line is there (tagged with B's key), just not in A's report.
      const logText = readFileSync(join(logsDir, 'briefing-desk.log'), 'utf8');
      expect(logText).not.toContain(titleA);
      expect(logText).not.toContain(titleB);
      expect(logText.split('\n').filter((l) => l.includes('Could not count the annotations'))).toHaveLength(2);
      expect(idA).not.toBe(idB);
    } finally {
      await a.close();
      await b.close();
      await stopLog();
      await startLog({ host: 'cli', dir: logs });
      for (const d of [logsDir, libA, libB]) rmSync(d, { recursive: true, force: true });
    }
  });
});
