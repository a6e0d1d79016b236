/**
 * Every library problem and notice is built from the message table
 * (common/library-messages.ts), never as a sentence of its own:
 * - the source of every host is scanned for calls that record a problem or
 *   notice (`report`, `notice`, `note`) and for warnings worded by hand
 *   (`messageZh:` beside a library warning kind); each must pass `text`;
 * - a real library on disk, damaged in several ways at once (a catalog
 *   deleted, unreadable and salvageable annotations, a briefing from a newer
 *   version, an article folder gone, a crash while opening, settings
 *   damaged, and a problems.json of version 1), lists every problem with a
 *   Chinese sentence naming the file concerned, across a restart.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Core } from '../../src-main/core/core';
import { SAMPLE_EN, SAMPLE_ZH } from '../fixtures/texts';
import type { LibraryWarningInfo } from '../../src-main/common/contract/library';

const root = join(__dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** The argument text of each call `name(` in `source` (parentheses balanced; strings are not parsed, which the sources here never need). */
function callArguments(source: string, name: RegExp): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(name)) {
    let depth = 0;
    let i = match.index! + match[0].length - 1;
    const start = i;
    for (; i < source.length; i++) {
      if (source[i] === '(') depth++;
      else if (source[i] === ')' && --depth === 0) break;
    }
    found.push(source.slice(start + 1, i));
  }
  return found;
}

describe('library problems and notices come from the message table', () => {
  // The hosts and core (the renderer only shows what they send).
  const files = sources(join(root, 'src-main'));

  it('every call that records a problem or notice passes a table message (`text`), never a sentence', () => {
    let calls = 0;
    const offenders: string[] = [];
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      for (const args of callArguments(source, /\b(?:this|store|this\.store|core\.store)\.(?:report|notice|note)\(/g)) {
        calls++;
        // A bare identifier forwards a message already built (notice → note), typed as one.
        if (/^\s*\w+\s*$/.test(args)) continue;
        if (!/\btext:/.test(args) || /\bmessage(?:Zh)?:/.test(args)) offenders.push(`${relative(root, file)}: ${args.slice(0, 120)}`);
      }
    }
    expect(offenders).toEqual([]);
    // The scan finds the sites it guards (store.ts alone records more than fifteen).
    expect(calls).toBeGreaterThanOrEqual(15);
  });

  it('no library warning is worded outside the table', () => {
    const kinds = /kind: '(?:quarantined|salvaged|newer-version|rebuilt-catalog|recovered|missing|interrupted|migrated|index-rebuilt)'/;
    const offenders = files
      .filter((file) => !file.endsWith('library-messages.ts'))
      .filter((file) => {
        const source = readFileSync(file, 'utf8');
        // An object literal with a warning kind and a hand-written sentence in either language.
        return source.split(/\n\s*\n/).some((chunk) => kinds.test(chunk) && /\bmessage(?:Zh)?: [`'"]/.test(chunk));
      })
      .map((file) => relative(root, file));
    expect(offenders).toEqual([]);
  });
});

describe('a damaged library, listed in Chinese', () => {
  let dir: string;
  let core: Core | null = null;
  const open = async () => {
    await core?.close();
    core = await Core.open({ dir, host: 'cli', seedSample: false, searchIndex: 'lazy' });
    return core;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bd-messages-'));
  });
  afterEach(async () => {
    await core?.close();
    core = null;
    rmSync(dir, { recursive: true, force: true });
  });

  it('words every problem in Chinese, naming the file, and keeps an old problems.json readable', async () => {
    let c = await open();
    const zh = await c.api.importText({ text: SAMPLE_ZH });
    const en = await c.api.importText({ text: SAMPLE_EN });
    const third = await c.api.importText({ text: '关于开展2025年度安全生产检查的通知\n各单位：为切实做好安全生产工作，现将有关事项通知如下。' });
    const text = (await c.api.getArticle({ id: zh.id })).text;
    const start = text.indexOf('算力底座');
    await c.api.createAnnotation({ articleId: zh.id, start, end: start + 4, note: '重点' });
    await c.api.createAnnotation({ articleId: zh.id, start: start + 5, end: start + 8, note: '再看' });
    const briefing = await c.api.createBriefing({ title: '每周要情', articleIds: [zh.id] });
    await core!.close();
    core = null;

    // A v1 problems.json from before the table: its English sentence kept, with a Chinese note.
    writeFileSync(
      join(dir, 'problems.json'),
      JSON.stringify({ schemaVersion: 1, problems: [{ id: 'p0ld000000001', kind: 'missing', message: 'An old problem.', at: '2024-01-01T00:00:00.000Z' }] }),
    );
    // One annotation of two unreadable: salvaged.
    const annotationsPath = join(dir, 'articles', zh.id, 'annotations.json');
    const annotations = JSON.parse(readFileSync(annotationsPath, 'utf8'));
    annotations.annotations[1].target = 42;
    writeFileSync(annotationsPath, JSON.stringify(annotations));
    // The English article's annotations: not JSON at all.
    writeFileSync(join(dir, 'articles', en.id, 'annotations.json'), '{"schemaVersion":1,"annot');
    // A briefing from a newer version.
    const briefingPath = join(dir, 'briefings', `${briefing.id}.json`);
    writeFileSync(briefingPath, JSON.stringify({ ...JSON.parse(readFileSync(briefingPath, 'utf8')), schemaVersion: 99 }));
    // An article folder deleted outside the app; a crash while opening the English article; damaged settings.
    rmSync(join(dir, 'articles', third.id), { recursive: true });
    writeFileSync(join(dir, 'session.json'), JSON.stringify({ schemaVersion: 1, opening: { kind: 'article', id: en.id, at: new Date().toISOString() } }));
    writeFileSync(join(dir, 'settings.json'), '{"schemaVersion":1,"tags":[');

    c = await open();
    await c.api.listAnnotations({ articleId: zh.id });
    await c.api.listAnnotations({ articleId: en.id });
    await c.api.getBriefing({ id: briefing.id }).catch(() => null);

    const check = (warnings: LibraryWarningInfo[]) => {
      const byKey = new Map(warnings.map((w) => [w.text?.key, w]));
      expect([...byKey.keys()].sort()).toEqual(
        ['article-folder-gone', 'file-newer', 'file-quarantined', 'file-salvaged', 'opening-interrupted', 'recorded-v1', 'settings-replaced'].sort(),
      );
      for (const w of warnings) {
        expect(w.messageZh, w.message).toMatch(/[\u4e00-\u9fff]{2}/u);
        expect(w.messageZh).not.toBe(w.message);
      }
      expect(byKey.get('file-salvaged')!.messageZh).toMatch(/^“推动32个重大产业项目签约.*”的标注和笔记（articles\/a\w+\/annotations\.json）：有 1 项无法读取/);
      expect(byKey.get('file-quarantined')!.messageZh).toContain(`已移到 ${byKey.get('file-quarantined')!.file}`);
      expect(byKey.get('file-newer')!.messageZh).toMatch(/^简报“每周要情”（briefings\/.*\.json）无法打开：它由更新版本的简报台写入（schemaVersion 99）/);
      expect(byKey.get('article-folder-gone')!.messageZh).toMatch(/^“关于开展2025年度安全生产检查的通知”的文件夹（articles\/\w+）已不在文库文件夹中/);
      expect(byKey.get('opening-interrupted')!.messageZh).toMatch(/^简报台上次在打开文章“/);
      expect(byKey.get('settings-replaced')!.messageZh).toMatch(/^文库设置（颜色标签、标签列表）无法读取/);
      expect(byKey.get('recorded-v1')).toMatchObject({ message: 'An old problem.', messageZh: '（此问题由旧版简报台记录，只有英文说明）An old problem.' });
    };
    check(await c.api.listProblems({}));
    // problems.json is now version 2, and reads back the same after a restart.
    expect(JSON.parse(readFileSync(join(dir, 'problems.json'), 'utf8')).schemaVersion).toBe(2);
    c = await open();
    check(await c.api.listProblems({}));
    // The catalog rebuilt from the folders is a problem too, counted in both languages (the newer briefing stays unlisted).
    await core!.close();
    core = null;
    rmSync(join(dir, 'catalog.json'));
    c = await open();
    const rebuilt = (await c.api.listProblems({})).find((w) => w.kind === 'rebuilt-catalog');
    expect(rebuilt?.messageZh).toBe('catalog.json 不见了；已根据文库文件夹重建目录：2 篇文章、0 份简报。其他内容均未改动。');
  });
});
