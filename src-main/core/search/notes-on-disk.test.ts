/**
 * The search index against annotation files changed while it was closed:
 * another copy of the app, a sync tool, a restore or a hand edit rewrites an
 * article's annotations.json, and the catalog knows nothing of it. Real
 * libraries in temporary folders, opened through Core (the annotation
 * service, the index and the wiring between them); the files are edited
 * with plain fs between two opens. The index keeps, per article, the state
 * of the annotations its notes were indexed from, checks it at open and
 * re-indexes only the articles whose notes differ (`status().notesCheck`).
 */
import { mkdtemp, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Core } from '../core';
import type { AnnotationsFile } from '../../common/annotation';
import type { SearchIndexStatus } from './search-index';
import { LibraryStore } from '../library/store';
import { AnnotationService } from '../annotations/annotation-service';
import { SearchIndex } from './search-index';
import { annotationNotesText } from './index-manifest';

let dir: string;
let core: Core | null = null;
const ids: Record<string, string> = {};

const ARTICLES = [
  { key: 'grain', text: '夏粮收购进度加快\n\n国家粮食和物资储备局数据显示，主产区夏粮收购进度加快，最低收购价政策启动执行。' },
  { key: 'power', text: '迎峰度夏电力保供有力\n\n国家能源局表示，今夏全国最高用电负荷创历史新高，电力供应总体平稳有序。' },
  {
    key: 'ports',
    text: 'Port throughput grows in the first half\n\nCargo throughput at coastal ports grew steadily in the first half, with container volumes up.',
  },
  { key: 'plain', text: '城市更新行动稳步推进\n\n各地稳步推进城市更新行动，老旧小区改造持续开展。' },
];

async function open(): Promise<Core> {
  core = await Core.open({ dir, host: 'cli', seedSample: false });
  return core;
}
async function close(): Promise<void> {
  await core?.close();
  core = null;
}
/** The index's status once it has loaded and checked the notes. */
async function settled(c: Core): Promise<SearchIndexStatus> {
  const index = await c.ctx.search();
  await index.ready;
  await index.idle();
  return index.status();
}
/** Keys of the articles a query finds. */
async function found(c: Core, query: string): Promise<string[]> {
  const result = await c.api.search({ query, limit: 20 });
  return result.hits.map((h) => Object.keys(ids).find((k) => ids[k] === h.id)!).sort();
}
async function highlight(c: Core, key: string, phrase: string, note: string, tags: string[] = []): Promise<void> {
  const { text } = (await c.call('getArticle', { id: ids[key] })) as { text: string };
  const start = text.indexOf(phrase);
  expect(start).toBeGreaterThanOrEqual(0);
  await c.call('createAnnotation', { articleId: ids[key], start, end: start + phrase.length, color: 'key', note, tags });
}
const annotationsPath = (key: string): string => join(dir, 'articles', ids[key], 'annotations.json');
async function readAnnotations(key: string): Promise<AnnotationsFile> {
  return JSON.parse(await readFile(annotationsPath(key), 'utf8')) as AnnotationsFile;
}
/** Rewrites an article's annotations.json in place with plain fs, as a hand edit or another program does. */
async function editAnnotations(key: string, change: (file: AnnotationsFile) => void): Promise<void> {
  const file = await readAnnotations(key);
  change(file);
  await writeFile(annotationsPath(key), JSON.stringify(file, null, 1));
}
/** Modification times of the saved index's files (search.bin and the segments list, if any). */
async function indexStamps(): Promise<string> {
  const times = await Promise.all(
    ['search.bin', 'segments.json', 'search-state.json'].map((f) =>
      stat(join(dir, 'index', f)).then(
        (s) => `${f}:${s.mtimeMs}:${s.size}`,
        () => `${f}:-`,
      ),
    ),
  );
  return times.join(' ');
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bd-notes-on-disk-'));
  const c = await open();
  for (const a of ARTICLES) ids[a.key] = ((await c.call('importText', { text: a.text })) as { id: string }).id;
  await highlight(c, 'grain', '最低收购价', '关注托市收购启动时间', ['粮食安全']);
  await highlight(c, 'grain', '夏粮收购', '对比去年同期进度');
  await highlight(c, 'power', '用电负荷', '负荷峰值数据待核实', ['能源']);
  await highlight(c, 'ports', 'container volumes', 'check the quarterly series');
  await settled(c);
  await close();
});

afterEach(async () => {
  await close();
  await rm(dir, { recursive: true, force: true });
});

describe('annotation files changed while the library was closed', () => {
  it('an unchanged library is opened without reading an annotations file or re-indexing anything, and leaves the index files as they were', async () => {
    // The first reopen may save what the first session left in memory; from then on nothing changes.
    await settled(await open());
    await close();
    const before = await indexStamps();
    for (let round = 0; round < 2; round++) {
      const c = await open();
      expect(await settled(c)).toMatchObject({ openedFrom: 'file', caughtUp: 0, notesCheck: { read: 0, reindexed: 0 } });
      expect(await found(c, '托市收购')).toEqual(['grain']);
      await close();
      expect(await indexStamps()).toBe(before);
    }
  });

  it('finds a note edited by hand and no longer the text it replaced; only that article is re-indexed', async () => {
    await editAnnotations('grain', (file) => {
      const a = file.annotations.find((x) => x.note === '关注托市收购启动时间')!;
      a.note = '跟踪临储拍卖成交率';
      a.tags = ['储备粮'];
    });
    const c = await open();
    expect(await settled(c)).toMatchObject({ notesCheck: { read: 1, reindexed: 1 } });
    expect(await found(c, '临储拍卖')).toEqual(['grain']);
    expect(await found(c, '储备粮')).toEqual(['grain']);
    // Removed text, as a phrase (confirmed against the notes as they are) and as single terms (the index's word alone).
    expect(await found(c, '托市收购')).toEqual([]);
    expect(await found(c, '托市')).toEqual([]);
    expect(await found(c, '粮食安全')).toEqual([]);
    expect(await found(c, '安全')).toEqual([]);
    // The untouched note of the same article and the other articles' notes are still found.
    expect(await found(c, '同期进度')).toEqual(['grain']);
    expect(await found(c, '待核实')).toEqual(['power']);
    await close();
    // Saved: the next open has nothing to catch up.
    const again = await open();
    expect(await settled(again)).toMatchObject({ notesCheck: { read: 0, reindexed: 0 } });
    expect(await found(again, '临储拍卖')).toEqual(['grain']);
    expect(await found(again, '托市')).toEqual([]);
  });

  it('follows files deleted, added and replaced by a restore of another copy', async () => {
    // Another copy of the library: the power article's notes as they were there, and notes on an article that had none here.
    const power = await readAnnotations('power');
    const ports = await readAnnotations('ports');
    await unlink(annotationsPath('power'));
    await writeFile(
      annotationsPath('plain'),
      JSON.stringify({
        ...ports,
        articleId: ids.plain,
        annotations: [],
      }),
    );
    // The plain article gets a note through a file written the way another copy of the app writes one.
    const other = await open();
    await highlight(other, 'plain', '老旧小区改造', '加装电梯覆盖率', ['民生']);
    const written = await readFile(annotationsPath('plain'), 'utf8');
    await close();
    // Back as it was before that session (the index saw the note above) …
    await unlink(annotationsPath('plain'));
    let c = await open();
    expect(await settled(c)).toMatchObject({ notesCheck: { read: 0, reindexed: 1 } });
    expect(await found(c, '电梯覆盖率')).toEqual([]);
    expect(await found(c, '电梯')).toEqual([]);
    expect(await found(c, '民生')).toEqual([]);
    expect(await found(c, '核实')).toEqual([]);
    await close();
    // … then restored from the other copy, and the power article's file put back.
    await writeFile(annotationsPath('plain'), written);
    await writeFile(annotationsPath('power'), JSON.stringify(power));
    c = await open();
    expect(await settled(c)).toMatchObject({ notesCheck: { read: 2, reindexed: 2 } });
    expect(await found(c, '电梯覆盖率')).toEqual(['plain']);
    expect(await found(c, '民生')).toEqual(['plain']);
    expect(await found(c, '待核实')).toEqual(['power']);
    expect(await found(c, 'quarterly')).toEqual(['ports']);
  });

  it('a file rewritten with the same notes (a touch, a highlight without a note) is read but nothing is re-indexed', async () => {
    const c0 = await open();
    // A plain highlight: the app writes annotations.json and leaves the index alone (no notes changed).
    const { text } = (await c0.call('getArticle', { id: ids.ports })) as { text: string };
    const start = text.indexOf('coastal ports');
    await c0.call('createAnnotation', { articleId: ids.ports, start, end: start + 'coastal ports'.length, color: 'figure' });
    await close();
    // And another file rewritten byte for byte the same (a sync tool copying it back).
    await writeFile(annotationsPath('power'), await readFile(annotationsPath('power')));
    const c = await open();
    expect(await settled(c)).toMatchObject({ notesCheck: { read: 2, reindexed: 0 } });
    expect(await found(c, 'quarterly')).toEqual(['ports']);
    expect(await found(c, '待核实')).toEqual(['power']);
  });

  it('a damaged file is reported by the store, and the index holds what the app then shows of that article', async () => {
    await writeFile(annotationsPath('power'), '{ "schemaVersion": 1, "annotations": [ broken');
    const c = await open();
    // Read by the index or, first, by the highlight index (which has the store move it to quarantine): either way the notes follow.
    expect((await settled(c)).notesCheck!.read).toBeLessThanOrEqual(1);
    const problems = (await c.call('listProblems', {})) as Array<{ articleId?: string }>;
    expect(problems.some((p) => p.articleId === ids.power)).toBe(true);
    const shown = (await c.call('listAnnotations', { articleId: ids.power })) as Array<{ note: string }>;
    expect(await found(c, '待核实')).toEqual(shown.some((a) => a.note.includes('待核实')) ? ['power'] : []);
    expect(await found(c, '托市收购')).toEqual(['grain']);
  });
});

describe('the annotation state an index built in the build worker records', () => {
  const source = join(__dirname, 'build-worker.ts');
  const worker = { eval: true, file: `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(source)}); });` };

  it('is checked like the main thread’s: only the article whose file changed is read and re-indexed', async () => {
    const openIndex = async (): Promise<{ store: LibraryStore; index: SearchIndex }> => {
      const store = await LibraryStore.open(dir);
      const annotations = new AnnotationService(store);
      const index = await SearchIndex.open(store, {
        buildWorker: worker,
        persistDelayMs: 50,
        notesText: async (id) => annotationNotesText(await annotations.list(id)),
      });
      await index.ready;
      await index.idle();
      return { store, index };
    };
    await rm(join(dir, 'index'), { recursive: true, force: true });
    let { store, index } = await openIndex();
    expect(index.status()).toMatchObject({ openedFrom: 'rebuilt', notesCheck: { read: 0, reindexed: 0 } });
    await index.close();
    await store.close();

    await editAnnotations('ports', (file) => {
      file.annotations[0].note = 'compare with inland waterway freight';
    });
    ({ store, index } = await openIndex());
    expect(index.status()).toMatchObject({ openedFrom: 'file', notesCheck: { read: 1, reindexed: 1 } });
    expect((await index.search('waterway')).hits.map((h) => h.id)).toEqual([ids.ports]);
    expect((await index.search('quarterly')).hits).toEqual([]);
    expect((await index.search('series')).hits).toEqual([]);
    expect((await index.search('托市收购')).hits.map((h) => h.id)).toEqual([ids.grain]);
    await index.close();
    await store.close();
  });
});

describe('the index a lazy open starts', () => {
  it('is one index however many calls ask for it at once', async () => {
    core = await Core.open({ dir, host: 'cli', seedSample: false, searchIndex: 'lazy' });
    const [a, b] = await Promise.all([core.ctx.search(), core.ctx.search()]);
    expect(a).toBe(b);
    expect(await core.ctx.search()).toBe(a);
    expect(await found(core, '托市')).toEqual(['grain']);
  });
});
