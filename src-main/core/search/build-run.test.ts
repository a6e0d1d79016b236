/**
 * A build run (`build-run.ts`: tokens counted per field, entries sorted into
 * a compact segment) gives byte for byte the segment the searchable path
 * gives — `InvertedIndex.add` of the same articles, then `merge` — on
 * texts of several kinds: generated Chinese and English articles with
 * notes, the real sample, characters outside the BMP, repeated tokens
 * (term frequencies past 127), empty fields, words only, and a field with
 * more distinct terms than its table was first sized for.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { syntheticCorpus } from '../../../bench/search/bench-corpus';
import { SEARCH_FIELDS } from '../../common/search/types';
import { BuildRun } from './build-run';
import type { CompactSegment } from './compact-segment';
import { InvertedIndex } from './inverted-index';

const SAMPLE = readFileSync('/work/shared/samples/rmrb-2023-waic-ai-conference.txt', 'utf8');
const NOTES = SEARCH_FIELDS.indexOf('notes');

type Article = [id: string, fields: string[]];

function fieldsOf(title: string, text: string, notes = '', tags = '', meta = ''): string[] {
  const f = new Array<string>(SEARCH_FIELDS.length).fill('');
  f[SEARCH_FIELDS.indexOf('title')] = title;
  f[SEARCH_FIELDS.indexOf('text')] = text;
  f[SEARCH_FIELDS.indexOf('tags')] = tags;
  f[SEARCH_FIELDS.indexOf('meta')] = meta;
  f[NOTES] = notes;
  return f;
}

function content(seg: CompactSegment): Record<string, unknown> {
  const hex = (a: ArrayBufferView): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');
  return {
    docCount: seg.docCount,
    keys: hex(seg.cjkKeys),
    wordOffsets: hex(seg.words.offsets),
    wordChars: hex(seg.words.chars),
    ptrs: hex(seg.termPtr),
    lengths: hex(seg.fieldLengths),
    postings: hex(seg.postings.read(0, seg.postings.length)),
  };
}

/** Both ways, as runs of at most `perRun` entries (the build worker's rule: a run ends once it reaches them). */
async function bothWays(articles: Article[], perRun = Infinity): Promise<void> {
  const run = new BuildRun();
  let engine = new InvertedIndex();
  let runs = 0;
  const compare = async (): Promise<void> => {
    await engine.merge();
    const reference = engine.snapshot();
    const built = run.finish();
    expect(content(built.segment)).toEqual(content(reference.segment));
    expect(built.ids).toEqual(reference.ids);
    expect([...built.parts]).toEqual([...reference.parts]);
    expect(built.segment.validate()).toBeNull();
    engine = new InvertedIndex();
    runs++;
  };
  for (const [id, fields] of articles) {
    run.add(id, fields);
    engine.add(id, fields);
    expect(run.entries).toBe(engine.stats().memoryEntries);
    if (run.entries >= perRun) await compare();
  }
  if (run.documents) await compare();
  expect(runs).toBeGreaterThan(0);
}

describe('build run', () => {
  it('gives the segment of add + merge for generated Chinese and English articles with notes, in one run and in several', async () => {
    const articles: Article[] = [...syntheticCorpus({ articles: 60, seed: 11, minChars: 200, maxChars: 3000 })].map((a, i) => [
      `g${i}`,
      fieldsOf(
        a.text.slice(0, 20),
        a.text,
        i % 3 === 0 ? `批注：${a.text.slice(0, 40)} note ${i}` : '',
        i % 4 === 0 ? '政策 AI' : '',
        `人民日报 2024-0${(i % 9) + 1}-1${i % 10}`,
      ),
    ]);
    await bothWays(articles);
    await bothWays(articles, 5_000);
  });

  it('gives the segment of add + merge for the real sample, characters outside the BMP, repeated tokens, empty fields and words only', async () => {
    const articles: Article[] = [
      ['sample', fieldsOf('世界人工智能大会', SAMPLE, '要点：算力 底座', 'AI 上海', '人民日报')],
      ['astral', fieldsOf('𠀀𠀁 古字', '𠀀𠀁𠀂 与 𪚥 并存，再加 算力 和 𠀀𠀁', '𠀀 注')],
      ['repeat', fieldsOf('重复', '算力'.repeat(300) + ' model '.repeat(200) + '数据'.repeat(40), 'grid '.repeat(150))],
      ['empty', fieldsOf('', '')],
      ['english', fieldsOf('Grid storage 2024', 'The grid storage model grew 17.7% to 1,400 units in 2024; storage, storage, grid.', 'Check the 4.4 figure')],
      ['notes-only', fieldsOf('', '', '只有批注的文章 notes only')],
      ['fullwidth', fieldsOf('ＷＡＩＣ ２８８亿元', 'ＷＡＩＣ大会 ２８８亿元 ㎡ café')],
    ];
    await bothWays(articles);
    await bothWays(articles, 50);
  });

  it('gives the same segment when a field has more distinct terms than its counting table first holds', async () => {
    // ~70,000 distinct bigrams in one field: the field-local table grows past its first size while counting.
    let text = '';
    for (let i = 0; text.length < 140_000; i++)
      text += String.fromCharCode(0x4e00 + ((i * 7919) % 20000), 0x4e00 + ((i * 104729) % 20000)) + (i % 50 === 0 ? ' ' : '');
    await bothWays([
      ['big', fieldsOf('大', text)],
      ['small', fieldsOf('小', text.slice(0, 500))],
    ]);
  });
});
