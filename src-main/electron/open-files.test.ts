/**
 * Command lines the operating system starts the app with ("Open with",
 * double-click, second instance): which entries are files to import.
 */
import { describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { filesFromArgv, OpenFileQueue, toOpenedOutcome } from './open-files';

const cwd = resolve('/home/分析员/文档');
const existing = new Set([join(cwd, 'notes.rtf'), resolve('/srv/报告/会议纪要.docx')]);
const isFile = (p: string) => existing.has(p);

describe('filesFromArgv', () => {
  it('takes files after the program, skipping options and their values (packaged: skip 1)', () => {
    expect(
      filesFromArgv(['C:\\Program Files\\Briefing Desk\\briefing-desk.exe', '--library', 'D:\\lib', '报告.pdf', '--inspect=9229', 'b.md'], {
        cwd,
        skip: 1,
        isFile,
      }),
    ).toEqual([join(cwd, '报告.pdf'), join(cwd, 'b.md')]);
  });

  it('skips the app folder in development (`electron <app> <file>`: skip 2)', () => {
    expect(filesFromArgv(['/usr/bin/electron', '/work/briefing-desk', 'a.txt'], { cwd, skip: 2, isFile })).toEqual([join(cwd, 'a.txt')]);
  });

  it('accepts file: URLs (Linux desktop entries pass %U), absolute paths and existing files of any extension', () => {
    const url = pathToFileURL(resolve('/srv/报告/会议纪要.docx')).href;
    expect(filesFromArgv(['app', url, 'notes.rtf', '/tmp/x.HTML'], { cwd, skip: 1, isFile })).toEqual([
      resolve('/srv/报告/会议纪要.docx'),
      join(cwd, 'notes.rtf'),
      resolve('/tmp/x.HTML'),
    ]);
  });

  it('ignores what is not a file to import: Chromium switches, folders and names without an importable extension, duplicates', () => {
    expect(
      filesFromArgv(['app', '--allow-file-access-from-files', '--original-process-start-time=1', '.', 'somefolder', 'a.md', 'a.md', 'file://%zz'], {
        cwd,
        skip: 1,
        isFile,
      }),
    ).toEqual([join(cwd, 'a.md')]);
  });
});

describe('OpenFileQueue', () => {
  it('holds files until the library is open, imports them in order, and hands each outcome out once', async () => {
    let delivered = 0;
    const queue = new OpenFileQueue(() => delivered++);
    await queue.add(['/a.txt', '/b.md']);
    expect(queue.take()).toEqual([]);
    const batches: string[][] = [];
    await queue.start(async (paths) => {
      batches.push(paths);
      return paths.map((p) => toOpenedOutcome({ file: p, status: 'imported', id: `id-${p.length}`, title: p }));
    });
    await queue.add(['/c.pdf']);
    expect(batches).toEqual([['/a.txt', '/b.md'], ['/c.pdf']]);
    expect(queue.take().map((o) => o.file)).toEqual(['a.txt', 'b.md', 'c.pdf']);
    expect(queue.take()).toEqual([]);
    expect(delivered).toBe(2);
  });

  it('reports every file of a batch as refused when the importer fails as a whole', async () => {
    const queue = new OpenFileQueue();
    await queue.start(async () => {
      throw new Error('The library is locked.');
    });
    await queue.add(['/x/年报.docx']);
    expect(queue.take()).toEqual([{ file: '年报.docx', status: 'refused', message: 'The library is locked.' }]);
  });
});
