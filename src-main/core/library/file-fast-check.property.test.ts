/**
 * Property (fast-check): the fast paths of article.json and
 * annotations.json (`articleLooksValid`, `annotationsLooksValid`: plain
 * checks instead of zod, which an index build ran on every file) never
 * accept a file the schema would refuse or change. Files are built valid
 * and then damaged at one or two places anywhere in their tree (wrong
 * types, missing fields, values one check away from valid, extra keys,
 * ranges outside the text); whenever the fast check says yes, the schema
 * must accept the same data and return it unchanged. Files the app writes
 * (the fixtures of the current versions, an article the store saved) take
 * the fast path, and a damaged file is still refused by `decodeFile` with
 * the field named, as before.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { annotationsFileSchema } from '../../common/annotation';
import { annotationsKind, annotationsLooksValid, articleFileSchema, articleKind, articleLooksValid, decodeFile } from './file-kinds';
import { LibraryStore } from './store';

const TEXT = '标题\n\n　　正文第一段，算力基础设施。Second paragraph.';

const validArticle = (): Record<string, unknown> => ({
  schemaVersion: 2,
  id: 'a1b2c3d4e5f6',
  text: TEXT,
  blocks: [
    { kind: 'title', start: 0, end: 2 },
    { kind: 'heading', start: 4, end: 10, level: 2 },
    { kind: 'paragraph', start: 10, end: TEXT.length, extra: 'kept' },
  ],
  marks: [
    { kind: 'strong', start: 4, end: 6 },
    { kind: 'link', start: 20, end: 26, href: 'https://example.cn/a' },
  ],
  meta: { title: '标题', source: '新华社', url: 'https://www.news.cn/a.html', tags: ['算力'], custom: 1 },
  provenance: { format: 'html', fileName: 'a.html', original: 'original.html', importedAt: '2024-03-01T08:00:00.000Z', encoding: 'utf-8' },
  revision: 3,
  modified: '2024-03-01T08:00:00.000Z',
});

const validAnnotations = (): Record<string, unknown> => ({
  schemaVersion: 1,
  articleId: 'a1b2c3d4e5f6',
  annotations: [
    {
      id: 'h1b2c3d4e5f60',
      articleId: 'a1b2c3d4e5f6',
      target: {
        selector: [
          { type: 'TextQuoteSelector', exact: '算力', prefix: '正文第一段，', suffix: '基础设施' },
          { type: 'TextPositionSelector', start: 14, end: 16 },
        ],
      },
      color: 'key',
      note: '**口径**：与上年相比',
      tags: ['数据', '要点'],
      created: '2024-03-01T08:00:00.000Z',
      modified: '2024-03-01T09:00:00.000Z',
      orphan: false,
      orphanReason: 'not-found',
    },
    {
      id: 'h1b2c3d4e5f61',
      articleId: 'a1b2c3d4e5f6',
      target: {
        selector: [
          { type: 'TextQuoteSelector', exact: 'Second', prefix: '', suffix: '' },
          { type: 'TextPositionSelector', start: 30, end: 36 },
        ],
      },
      color: 'verify',
      note: '',
      tags: [],
      created: '2024-03-01T08:00:00Z',
      modified: 'Fri, 01 Mar 2024 09:00:00 GMT',
    },
  ],
});

/** A value of any JSON type, or one of the strings and numbers the schemas single out. */
const junk = fc.oneof(
  fc.oneof(
    fc.constant(null),
    fc.constant(''),
    fc.string(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant([]),
    fc.constant({}),
  ),
  fc.constantFrom('javascript:alert(1)', 'ftp://host/x', 'https://', 'mailto:a@b.c', '//host/x', 'https://ok.example/', 'http://例子.中国/路径'),
  fc.constantFrom('title', 'paragraph', 'strong', 'link', 'key', 'rtf', 'html', 'TextQuoteSelector', 'TextPositionSelector', 'not-found', 'maybe'),
  fc.constantFrom('2024-03-01T08:00:00.000Z', 'yesterday', ' 数据', '数据 ', 'a'.repeat(61), 'a'.repeat(60), 'x'.repeat(100_001)),
  fc.constantFrom('a1b2c3d4e5f6', 'A1', 'ab', '-abc', 'x y'),
  fc.constantFrom(-1, 0, 1, 1.5, 6, 7, 2 ** 53, 2 ** 60, TEXT.length, TEXT.length + 1),
  fc.constantFrom([1], ['x', 1], [{}], [{ type: 'TextQuoteSelector', exact: 'a', prefix: '', suffix: '' }]),
);

/** Where a damage goes: a path from the top of the file (numbers index arrays). */
const ARTICLE_PATHS: ReadonlyArray<ReadonlyArray<string | number>> = [
  ...['schemaVersion', 'id', 'text', 'blocks', 'marks', 'meta', 'provenance', 'revision', 'modified', 'extra'].map((k) => [k]),
  ...['title', 'subtitle', 'source', 'author', 'published', 'url', 'docNumber', 'tags', 'industry', 'region', 'note'].map((k) => ['meta', k]),
  ['meta', 'tags', 0],
  ...['format', 'fileName', 'original', 'importedAt', 'encoding'].map((k) => ['provenance', k]),
  ...['kind', 'start', 'end', 'level'].flatMap((k) => [
    ['blocks', 0, k],
    ['blocks', 1, k],
  ]),
  ['blocks', 0],
  ...['kind', 'start', 'end', 'href', 'extra'].flatMap((k) => [
    ['marks', 0, k],
    ['marks', 1, k],
  ]),
  ['marks', 1],
];

const ANNOTATION_PATHS: ReadonlyArray<ReadonlyArray<string | number>> = [
  ...['schemaVersion', 'articleId', 'annotations', 'extra'].map((k) => [k]),
  ...[0, 1].flatMap((i) => [
    ['annotations', i],
    ...['id', 'articleId', 'target', 'color', 'note', 'tags', 'created', 'modified', 'orphan', 'orphanReason', 'extra'].map((k) => ['annotations', i, k]),
    ['annotations', i, 'tags', 0],
    ['annotations', i, 'target', 'selector'],
    ['annotations', i, 'target', 'extra'],
    ['annotations', i, 'target', 'selector', 2],
    ...['type', 'exact', 'prefix', 'suffix', 'extra'].map((k) => ['annotations', i, 'target', 'selector', 0, k]),
    ...['type', 'start', 'end', 'extra'].map((k) => ['annotations', i, 'target', 'selector', 1, k]),
  ]),
];

/** Sets (or with `remove`, deletes) the value at `path`; a path through something that is not an object or array is left alone. */
function damage(root: Record<string, unknown>, path: ReadonlyArray<string | number>, value: unknown, remove: boolean): void {
  let at: unknown = root;
  for (let i = 0; i < path.length - 1; i++) {
    if (typeof at !== 'object' || at === null) return;
    at = (at as Record<string | number, unknown>)[path[i]];
  }
  if (typeof at !== 'object' || at === null) return;
  const key = path[path.length - 1];
  if (remove) {
    if (Array.isArray(at) && typeof key === 'number') at.splice(key, 1);
    else delete (at as Record<string | number, unknown>)[key];
  } else (at as Record<string | number, unknown>)[key] = value;
}

function damaged(valid: () => Record<string, unknown>, paths: ReadonlyArray<ReadonlyArray<string | number>>): fc.Arbitrary<Record<string, unknown>> {
  const one = fc.tuple(
    fc.constantFrom(...paths),
    junk,
    fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  );
  return fc.oneof({ weight: 1, arbitrary: fc.constant([]) }, { weight: 6, arbitrary: fc.array(one, { minLength: 1, maxLength: 2 }) }).map((list) => {
    const data = valid();
    for (const [path, value, remove] of list) damage(data, path, value, remove);
    // The fast path sees what JSON.parse gives, so the property does too.
    return JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
  });
}

describe('article.json and annotations.json fast paths', () => {
  it('say yes only to an article the schema accepts unchanged', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(damaged(validArticle, ARTICLE_PATHS), (data) => {
        if (!articleLooksValid(data)) {
          refused++;
          return;
        }
        accepted++;
        const parsed = articleFileSchema.safeParse(data);
        expect(parsed.success).toBe(true);
        expect(parsed.data).toEqual(data);
      }),
      { numRuns: 4000 },
    );
    // The generator reaches both sides.
    expect(accepted).toBeGreaterThan(200);
    expect(refused).toBeGreaterThan(1000);
  });

  it('say yes only to annotations the schema accepts unchanged', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(damaged(validAnnotations, ANNOTATION_PATHS), (data) => {
        if (!annotationsLooksValid(data)) {
          refused++;
          return;
        }
        accepted++;
        const parsed = annotationsFileSchema.safeParse(data);
        expect(parsed.success).toBe(true);
        expect(parsed.data).toEqual(data);
      }),
      { numRuns: 4000 },
    );
    expect(accepted).toBeGreaterThan(200);
    expect(refused).toBeGreaterThan(1000);
  });

  it('take the files the app writes, and still refuse a damaged one with the field named', async () => {
    expect(articleLooksValid(validArticle())).toBe(true);
    expect(annotationsLooksValid(validAnnotations())).toBe(true);
    const fixtures = join(__dirname, '../../../tests/fixtures/file-kinds');
    const current = (dir: string): Record<string, unknown> => {
      const last = readdirSync(join(fixtures, dir)).sort().pop()!;
      return JSON.parse(readFileSync(join(fixtures, dir, last), 'utf8')) as Record<string, unknown>;
    };
    expect(articleLooksValid(current('article'))).toBe(true);
    expect(annotationsLooksValid(current('annotations'))).toBe(true);

    const dir = mkdtempSync(join(tmpdir(), 'bd-fast-article-'));
    try {
      const store = await LibraryStore.open(dir);
      const entry = await store.addArticle(
        {
          text: '标题\n\n　　正文第一段。',
          blocks: [{ kind: 'paragraph', start: 0, end: 2 }],
          meta: { title: '标题', url: 'https://example.cn/a', tags: ['要点'] },
        },
        { format: 'text' },
      );
      await store.close();
      const written = JSON.parse(readFileSync(join(dir, 'articles', entry.id, 'article.json'), 'utf8')) as Record<string, unknown>;
      expect(articleLooksValid(written)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    // A block past the end of the text: the schema's message, naming the field.
    const bad = validArticle();
    (bad.blocks as Array<Record<string, unknown>>)[2].end = TEXT.length + 1;
    const decoded = decodeFile(articleKind, JSON.stringify(bad));
    expect(decoded).toMatchObject({ ok: false, problem: 'wrong-shape' });
    expect(!decoded.ok && decoded.reason).toMatch(/^blocks: a block lies outside the text/);
    // An annotation with a wrong color: salvaged (the other kept, the bad one named), as before.
    const notes = validAnnotations();
    (notes.annotations as Array<Record<string, unknown>>)[0].color = 'purple';
    const salvaged = decodeFile(annotationsKind, JSON.stringify(notes));
    expect(salvaged.ok && salvaged.data.annotations.map((a) => a.id)).toEqual(['h1b2c3d4e5f61']);
    expect(salvaged.ok && salvaged.dropped?.[0]).toMatch(/^annotation 1 h1b2c3d4e5f60 \(color:/);
  });
});
