/**
 * The build's read-ahead thread (`ArticleReader`) gives, article for
 * article and in order, what reading the files in the build's own thread
 * gives (`readArticleFilesSync`, the reads the build made before): the
 * same texts (also of a file that is not valid UTF-8 and of one larger
 * than a batch's usual size), the same stamp of annotations.json, and the
 * same answer for files that are missing (no notes) or there but
 * unreadable (a folder where the file should be), on real files. Its
 * UTF-8 decoding (`decodeUtf8`, through ICU) gives what `toString('utf8')`
 * gives, for valid text of every kind and for any bytes that are not.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seededRandom, syntheticCorpus } from '../../../bench/search/bench-corpus';
import { ArticleReader, decodeUtf8, readArticleFilesSync, type ArticleFiles } from './article-reader';
import { annotationsStamp } from './notes-text';

const root = mkdtempSync(join(tmpdir(), 'bd-article-reader-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** An article folder with the given files (a string: its text; a Buffer: its bytes; 'dir': a folder in its place). */
function folder(id: string, files: Record<string, string | Buffer>): string {
  const dir = join(root, id);
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    if (content === 'dir') mkdirSync(join(dir, name));
    else writeFileSync(join(dir, name), content);
  }
  return id;
}

async function readAll(ids: string[], batch: number): Promise<ArticleFiles[]> {
  const reader = new ArticleReader(root, ids, batch);
  const out: ArticleFiles[] = [];
  try {
    for (let got = await reader.next(); got.length; got = await reader.next()) {
      expect(got.length).toBe(Math.min(batch, ids.length - out.length));
      out.push(...got);
    }
  } finally {
    reader.close();
  }
  return out;
}

describe('ArticleReader', () => {
  const article = (text: string): string => JSON.stringify({ schemaVersion: 2, id: 'x', text });
  const notes = JSON.stringify({ schemaVersion: 1, articleId: 'x', annotations: [] });
  const ids = [
    folder('a-both', { 'article.json': article('算力基础设施'), 'annotations.json': notes }),
    folder('a-no-notes', { 'article.json': article('English text only') }),
    folder('a-notes-dir', { 'article.json': article('注释文件是文件夹'), 'annotations.json': 'dir' }),
    folder('a-no-article', { 'annotations.json': notes }),
    'a-no-folder',
    folder('a-bad-utf8', { 'article.json': Buffer.from([0x7b, 0xe7, 0xae, 0x97, 0xe5, 0x8a, 0xff, 0xfe, 0x7d]), 'annotations.json': Buffer.from([0xc3]) }),
    folder('a-large', { 'article.json': article('长文'.repeat(300_000)), 'annotations.json': notes }),
    folder('a-empty', { 'article.json': '', 'annotations.json': '' }),
  ];
  utimesSync(join(root, 'a-both', 'annotations.json'), 1_700_000_000.123, 1_700_000_000.123);

  it('gives, in order, what reads in the build thread give', async () => {
    const expected = ids.map((id) => readArticleFilesSync(root, id));
    for (const batch of [1, 3, 8, 100]) expect(await readAll(ids, batch)).toEqual(expected);
    // The cases the build tells apart, spelled out.
    const byId = Object.fromEntries(ids.map((id, i) => [id, expected[i]]));
    expect(byId['a-both']).toMatchObject({ article: article('算力基础设施'), annotations: notes, annotationsMissing: false });
    expect(byId['a-both'].stamp).toBe(annotationsStamp(join(root, 'a-both')));
    expect(byId['a-both'].stamp).toMatch(/^1700000000\d{3}(\.\d+)?:\d+:\d+$/);
    expect(byId['a-no-notes']).toMatchObject({ annotations: null, annotationsMissing: true, stamp: 'none' });
    expect(byId['a-notes-dir']).toMatchObject({ annotations: null, annotationsMissing: false });
    expect(byId['a-no-article']).toMatchObject({ article: null, annotations: notes });
    expect(byId['a-no-folder']).toEqual({ article: null, annotations: null, annotationsMissing: true, stamp: 'none' });
    expect(byId['a-bad-utf8'].article).toBe('{算\ufffd\ufffd\ufffd}');
    expect(byId['a-empty']).toMatchObject({ article: '', annotations: '', annotationsMissing: false });
  });

  it('answers nothing for no articles, and can be closed before the end', async () => {
    expect(await readAll([], 8)).toEqual([]);
    const many = Array.from({ length: 400 }, (_, i) => ids[i % ids.length]);
    const reader = new ArticleReader(root, many, 8);
    const first = await reader.next();
    expect(first).toEqual(many.slice(0, 8).map((id) => readArticleFilesSync(root, id)));
    reader.close();
  });
});

describe('decodeUtf8', () => {
  it('gives the text toString gives for valid UTF-8 of every kind', () => {
    const texts = [
      '',
      'ascii only {"text":"plain"}',
      '\ufeff{"text":"算力"} with a byte-order mark',
      '𠀀𠀁𪚥 outside the BMP, 😀, \u0000 a NUL, \uffff \ufffe noncharacters, \u{10ffff} the last code point',
      'café ㎡ ＷＡＩＣ ２８８亿元 Ελληνικά Русский 한국어 にほんご',
      ...[...syntheticCorpus({ articles: 20, seed: 5, minChars: 100, maxChars: 5000 })].map((a) => JSON.stringify({ text: a.text })),
    ];
    for (const text of texts) {
      const bytes = Buffer.from(text, 'utf8');
      expect(decodeUtf8(bytes)).toBe(text);
      expect(decodeUtf8(bytes)).toBe(bytes.toString('utf8'));
    }
  });

  it('gives the text toString gives (U+FFFD for each invalid sequence) for bytes that are not valid UTF-8', () => {
    const fixed = [
      [0xed, 0xa0, 0x80], // a surrogate encoded (CESU-8)
      [0xc0, 0xaf], // overlong
      [0xe7, 0xae], // cut short at the end
      [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
      [0x80], // a lone continuation byte
      [0xf5, 0x80, 0x80, 0x80],
      [0x7b, 0xe7, 0xae, 0x97, 0xe5, 0x8a, 0xff, 0xfe, 0x7d],
    ];
    for (const bytes of fixed) expect(decodeUtf8(Buffer.from(bytes))).toBe(Buffer.from(bytes).toString('utf8'));
    // Generated: valid text with bytes changed, cut or inserted, and byte soup weighted to lead and continuation bytes.
    const random = seededRandom(20261201);
    const valid = Buffer.from('算力基础设施 AI 𠀀 café '.repeat(4), 'utf8');
    let invalid = 0;
    for (let i = 0; i < 3000; i++) {
      let bytes: Buffer;
      if (i % 2) {
        bytes = Buffer.from(valid.subarray(0, 1 + Math.floor(random() * valid.length)));
        for (let k = 0; k < 1 + Math.floor(random() * 3); k++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      } else {
        bytes = Buffer.alloc(1 + Math.floor(random() * 16));
        for (let k = 0; k < bytes.length; k++) {
          const r = random();
          bytes[k] = r < 0.3 ? Math.floor(random() * 128) : r < 0.65 ? 0x80 + Math.floor(random() * 64) : 0xc0 + Math.floor(random() * 64);
        }
      }
      const expected = bytes.toString('utf8');
      if (expected.includes('\ufffd')) invalid++;
      expect([i, decodeUtf8(bytes)]).toEqual([i, expected]);
    }
    // Most were not valid UTF-8 (the case ICU refuses).
    expect(invalid).toBeGreaterThan(1500);
  });
});
