/**
 * The engine comparison runs end to end on a tiny generated library (every
 * engine built, loaded and queried in this process), and the engines answer
 * like a scan of every article: phrase parts as written (默想 never matches
 * 默认), a lone character as a prefix, Latin words on word boundaries.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseQuery } from '../../src-main/common/search/tokenize';
import { LibraryStore } from '../../src-main/core/library/store';
import { parsePlainText } from '../../src-main/core/import/plain-text';
import { comparisonTable, runComparison, type CompareResult } from './compare';
import { ENGINES, ftsQuery, phraseTokens, scanMatches, type EngineName } from './engines';

describe('FTS5 queries from the shared query parser', () => {
  it('drops the run-end character the index adds, keeps phrases and prefixes', () => {
    const q = (s: string) => ftsQuery(parseQuery(s));
    expect(q('徐晓兰')).toBe('"徐晓 晓兰"');
    expect(q('算')).toBe('"算"*');
    expect(q('288亿元')).toBe('"288 亿元"');
    expect(q('人工智能 上海')).toBe('"人工 工智 智能" AND "上海"');
    expect(q('WAIC')).toBe('"waic"');
    expect(phraseTokens(parseQuery('"算力 力"').parts[0])).toEqual(['算力', '力']);
  });
});

describe('the engine comparison on a tiny library', () => {
  let work: string;
  let result: CompareResult;
  const queries = ['算力', '默想', '默认', '徐晓兰', '算', '人工智能 上海', 'WAIC', '288亿元', '数据', '高质量发展'];

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'bd-compare-'));
    result = await runComparison({ articles: 30, minChars: 300, maxChars: 1500, rounds: 1, segmentArticles: 8, queries, workDir: work, inProcess: true });
  }, 120_000);
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('measures every engine and finds what a scan of every article finds', () => {
    expect(result.engines.map((e) => e.engine).sort()).toEqual(['fts5', 'minisearch', 'ours']);
    for (const e of result.engines) {
      expect(e.error, e.engine).toBeUndefined();
      expect(e.build!.buildMs).toBeGreaterThan(0);
      expect(e.build!.diskBytes, e.engine).toBeGreaterThan(1000);
      expect(e.query!.p95Ms).toBeGreaterThanOrEqual(e.query!.p50Ms);
      expect(e.agreement!.differences, e.engine).toEqual([]);
      expect(e.agreement!.sameAsScan).toBe(queries.length);
      expect(e.agreement!.sameAsOurs).toBe(queries.length);
    }
    expect(comparisonTable(result)).toMatch(/\| SQLite FTS5.*\| 10\/10 \|/);
  });

  it('an own library: phrase precision and prefixes agree across engines', async () => {
    // Articles of our own, unlike the generated ones: 默认 without 默想, 算 only as a run's last character, Latin inside words.
    const dir = join(work, 'own');
    const store = await LibraryStore.open(join(dir, 'library'));
    const texts = [
      '系统默认设置\n\n　　系统采用默认参数，用户可以修改。said the officer.',
      '静坐默想\n\n　　他在窗前默想良久，然后说：这笔账要细算。',
      '人工智能大会在上海举行\n\n　　人工智能产业规模持续扩大，上海发布新政策。AI is here.',
      '算力网络\n\n　　全国一体化算力网络加快建设，算力规模位居世界前列。',
      // Every bigram of 算力网络 and the tokens of 288亿元, but neither as written: only the phrase check rejects them.
      '电网与通信\n\n　　算力强大，电力网建设提速，网络通畅。全年收入288，亿元级项目增多。',
      '投资情况\n\n　　全年完成投资288亿元。',
    ];
    for (const [i, text] of texts.entries()) await store.addArticle(parsePlainText(text, `own-${i}.txt`), { format: 'text', fileName: `own-${i}.txt` });
    const own = ['默想', '默认', '算', '细算', 'ai', '人工智能 上海', '算力网络', '默', '288亿元'];
    const scan = await scanMatches(store, own);
    expect(scan.get('默想')).toHaveLength(1);
    expect(scan.get('默认')).toHaveLength(1);
    expect(scan.get('ai')).toHaveLength(1); // not inside "said"
    expect(scan.get('算')).toHaveLength(3);
    expect(scan.get('算力网络')).toHaveLength(1);
    expect(scan.get('288亿元')).toHaveLength(1);
    for (const name of ['ours', 'fts5', 'minisearch'] as EngineName[]) {
      const engine = ENGINES[name];
      const ctx = { store, dir: join(dir, name), segmentArticles: 2 };
      await engine.build(ctx);
      const loaded = await engine.load(ctx);
      try {
        for (const q of own) expect((await loaded.matchAll(q)).sort(), `${name}: ${q}`).toEqual([...scan.get(q)!].sort());
        const page = await loaded.search('默想', 20);
        expect(page.ids, name).toEqual(scan.get('默想'));
      } finally {
        await loaded.close();
      }
    }
    await store.close();
  }, 60_000);
});
