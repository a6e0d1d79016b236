/**
 * Property (fast-check): the catalog's fast path (`catalogLooksValid`,
 * skipping zod on open) never accepts a catalog the schema would refuse or
 * change. Catalogs are built from valid entries with random damage mixed in
 * (wrong types, missing fields, bad ids, unsafe URLs, extra keys); whenever
 * the fast check says yes, `catalogFileSchema` must accept the same data and
 * return it unchanged. And a catalog the store writes takes the fast path.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalogFileSchema, catalogLooksValid } from './file-kinds';
import { LibraryStore } from './store';

const validEntry = (id: string) => ({
  id,
  title: '国务院关于推进算力基础设施建设的意见',
  added: '2024-03-01T08:00:00.000Z',
  modified: '2024-03-01T08:00:00.000Z',
  contentHash: 'ab12',
  chars: 1200,
  format: 'html',
  tags: ['算力'],
  source: '新华社',
  published: '2024-03-01',
  url: 'https://www.news.cn/a.html',
});

/** A value of any JSON type, to put where a field should be. */
const junk = fc.oneof(
  fc.oneof(fc.constant(null), fc.constant(''), fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant([]), fc.constant(['x', 1]), fc.constant({})),
  fc.constantFrom('javascript:alert(1)', 'ftp://host/x', 'https://', 'http://例子.中国/路径', 'mailto:a@b.c', '//host/x', 'https://ok.example/'),
  fc.constantFrom('text', 'markdown', 'html', 'docx', 'pdf', 'clipboard', 'rtf'),
  fc.constantFrom(-1, 1.5, 2 ** 60, 0, 7),
);
const fieldName = fc.constantFrom(
  'id',
  'title',
  'added',
  'modified',
  'contentHash',
  'chars',
  'format',
  'tags',
  'subtitle',
  'source',
  'author',
  'published',
  'url',
  'docNumber',
  'industry',
  'region',
  'note',
  'extra',
);
/** Values one check away from valid, field by field (some are valid: '' and an IDN URL, an extra key). */
const NEAR_MISSES: ReadonlyArray<[string, unknown]> = [
  ['chars', -1],
  ['chars', 1.5],
  ['chars', 2 ** 60],
  ['chars', '12'],
  ['url', 'javascript:alert(1)'],
  ['url', 'ftp://host/x'],
  ['url', 'https://'],
  ['url', '//host/x'],
  ['url', 'mailto:a@b.c'],
  ['url', ''],
  ['url', 'http://例子.中国/路径'],
  ['url', null],
  ['format', 'rtf'],
  ['tags', ['x', 1]],
  ['tags', 'x'],
  ['title', 5],
  ['published', null],
  ['note', 3],
  ['extra', { any: 'thing' }],
];
const entryDamage = fc.array(
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...NEAR_MISSES).map(([field, value]) => [field, value, false] as [string, unknown, boolean]) },
    { weight: 1, arbitrary: fc.tuple(fieldName, fc.oneof(junk, fc.constant(undefined)), fc.boolean()) },
  ),
  { minLength: 1, maxLength: 2 },
);
const idArb = fc.oneof(
  fc.constantFrom('a1b2c3d4e5f6', 'g00000001', 'constructor', 'toString', '__proto__', 'A1', 'ab', 'x y z', '-abc'),
  fc.stringMatching(/^[a-z0-9][a-z0-9_-]{2,10}$/),
);

/** Mostly clean rows: one damage at a time is what finds a check that is missing from the fast path. */
const rowArb = fc.tuple(
  idArb,
  fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 2, arbitrary: entryDamage }),
  fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
);
const catalogArb = fc
  .tuple(
    fc.array(rowArb, { maxLength: 4 }),
    fc.oneof(
      { weight: 4, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.record({ key: fc.constantFrom('tags', 'settings', 'extra'), value: junk }) },
    ),
    fc.oneof({ weight: 4, arbitrary: fc.constant(3) }, { weight: 1, arbitrary: junk }),
  )
  .map(([rows, extra, version]) => {
    const articles: Record<string, unknown> = {};
    for (const [id, damage, idMismatch] of rows) {
      const entry: Record<string, unknown> = validEntry(idMismatch ? `${id}x` : id);
      for (const [field, value, remove] of damage) {
        if (remove) delete entry[field];
        else entry[field] = value;
      }
      Object.defineProperty(articles, id, { value: entry, enumerable: true, configurable: true, writable: true });
    }
    const catalog: Record<string, unknown> = { schemaVersion: version, articles, briefings: {} };
    if (extra) catalog[extra.key] = extra.value;
    return catalog;
  });

describe('catalog fast path', () => {
  it('says yes only to catalogs the schema accepts unchanged', () => {
    let accepted = 0;
    fc.assert(
      fc.property(catalogArb, (catalog) => {
        // The fast path sees what JSON.parse gives, so the property does too.
        const data = JSON.parse(JSON.stringify(catalog)) as Record<string, unknown>;
        if (!catalogLooksValid(data)) return;
        accepted++;
        const parsed = catalogFileSchema.safeParse(data);
        expect(parsed.success).toBe(true);
        expect(parsed.data).toEqual(data);
      }),
      { numRuns: 3000 },
    );
    expect(accepted).toBeGreaterThan(50); // the generator reaches the yes side too
  });

  it('takes a catalog the store wrote', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bd-fast-catalog-'));
    try {
      const store = await LibraryStore.open(dir);
      await store.addArticle(
        {
          text: '标题\n\n　　正文第一段。',
          blocks: [{ kind: 'paragraph', start: 0, end: 2 }],
          meta: { title: '标题', url: 'https://example.cn/a', tags: ['要点'] },
        },
        { format: 'text' },
      );
      await store.close();
      expect(catalogLooksValid(JSON.parse(readFileSync(join(dir, 'catalog.json'), 'utf8')))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
