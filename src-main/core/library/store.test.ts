/**
 * LibraryStore on real temporary folders: layout, lock, durable writes,
 * duplicates, quarantine, backups, crash recovery and migrations.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { LibraryStore } from './store';
import { parsePlainText } from '../import/plain-text';
import { BdError } from '../../common/errors';

const sample = readFileSync(join(__dirname, '../../../resources/rmrb-2023-waic-ai-conference.txt'), 'utf8');
const english =
  'Grid operators expand storage\nChina added record battery storage capacity in the first half, the energy regulator said on Monday, as provinces race to balance wind and solar output.';

let dir: string;
const open: LibraryStore[] = [];

async function openStore(path = dir): Promise<LibraryStore> {
  const store = await LibraryStore.open(path);
  open.push(store);
  return store;
}

async function closeAll() {
  while (open.length) await open.pop()!.close();
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bd-store-'));
});
afterEach(async () => {
  await closeAll();
  rmSync(dir, { recursive: true, force: true });
});

function add(store: LibraryStore, text = sample, fileName = 'sample.txt') {
  return store.addArticle(parsePlainText(text), { format: 'text', fileName }, { name: fileName, bytes: new TextEncoder().encode(text) });
}

describe('LibraryStore', () => {
  it('creates the folder layout of DESIGN.md with a versioned catalog', async () => {
    const store = await openStore();
    expect(store.created).toBe(true);
    for (const d of ['articles', 'briefings', 'index', 'backups', 'quarantine']) expect(existsSync(join(dir, d))).toBe(true);
    const catalog = JSON.parse(readFileSync(join(dir, 'catalog.json'), 'utf8'));
    expect(catalog.schemaVersion).toBe(3);
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toEqual({ schemaVersion: 1, tags: [], settings: {} });
  });

  it('stores an article in its own folder with the original file, and lists it after reopening', async () => {
    const store = await openStore();
    const entry = await add(store);
    const articleDir = join(dir, 'articles', entry.id);
    expect(readdirSync(articleDir).sort()).toEqual(['article.json', 'original.txt']);
    const onDisk = JSON.parse(readFileSync(join(articleDir, 'article.json'), 'utf8'));
    expect(onDisk.schemaVersion).toBe(2);
    expect(onDisk.meta.title).toBe('推动32个重大产业项目签约，项目投资总额288亿元');
    expect(readFileSync(join(articleDir, 'original.txt'), 'utf8')).toBe(sample);
    await closeAll();

    const again = await openStore();
    expect(again.created).toBe(false);
    expect(again.list().map((e) => e.id)).toEqual([entry.id]);
    expect((await again.getArticle(entry.id)).text).toContain('算力底座');
  });

  it('lists every article with its own entry after reopening, in catalog order (the entries the catalog check handed over)', async () => {
    const store = await openStore();
    const added = [];
    for (const [i, title] of ['夏粮再获丰收', 'Central bank cuts reserve ratio', '交通固定资产投资增长', '紧密型县域医共体建设'].entries())
      added.push(await add(store, `${title}\n\n第${i}篇的正文，内容各不相同：${title}。`, `a${i}.txt`));
    await closeAll();

    const again = await openStore();
    const ids = Object.keys(again.catalog.articles);
    expect([...ids].sort()).toEqual(added.map((e) => e.id).sort());
    expect(again.entries().map((e) => e.id)).toEqual(ids);
    for (const entry of again.entries()) expect(entry).toBe(again.catalog.articles[entry.id]);
    expect(
      again
        .entries()
        .map((e) => e.title)
        .sort(),
    ).toEqual(added.map((e) => e.title).sort());
  });

  it('leaves no temporary files behind after writes', async () => {
    const store = await openStore();
    const entry = await add(store);
    await store.updateArticle(entry.id, { meta: { tags: ['人工智能'] } });
    const leftovers = [dir, join(dir, 'articles', entry.id)].flatMap((d) => readdirSync(d).filter((n) => n.endsWith('.tmp')));
    expect(leftovers).toEqual([]);
  });

  it('refuses the same text twice, naming the existing article, and writes nothing', async () => {
    const store = await openStore();
    const first = await add(store);
    const before = readFileSync(join(dir, 'catalog.json'), 'utf8');
    // Same text with different indentation and line ends is still a duplicate.
    const variant = sample.replace(/\n/g, '\r\n').replace(/　　/g, '  ');
    const err = await add(store, variant, 'again.txt').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BdError);
    expect((err as BdError).code).toBe('duplicate');
    expect((err as BdError).message).toContain(first.id);
    expect((err as BdError).message).toContain('推动32个重大产业项目签约');
    expect(readFileSync(join(dir, 'catalog.json'), 'utf8')).toBe(before);
    expect(readdirSync(join(dir, 'articles'))).toHaveLength(1);
  });

  it('lets one process write a library at a time', async () => {
    await openStore();
    const err = await LibraryStore.open(dir).catch((e: unknown) => e);
    expect((err as BdError).code).toBe('locked');
    await closeAll();
    await expect(openStore()).resolves.toBeInstanceOf(LibraryStore);
  });

  it('takes over the lock of a process that no longer exists', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    writeFileSync(join(dir, 'library.lock'), JSON.stringify({ pid: Number(dead) }));
    await expect(openStore()).resolves.toBeInstanceOf(LibraryStore);
  });

  it('quarantines an unreadable catalog, rebuilds it from the article folders and tells the user', async () => {
    const store = await openStore();
    const entry = await add(store);
    await closeAll();
    writeFileSync(join(dir, 'catalog.json'), '{"schemaVersion": 3, "articles": {');
    const reopened = await openStore();
    expect(reopened.list().map((e) => e.id)).toEqual([entry.id]);
    expect(reopened.warnings[0].kind).toBe('rebuilt-catalog');
    expect(reopened.warnings[0].message).toMatch(/quarantine/);
    const quarantined = readdirSync(join(dir, 'quarantine'));
    expect(quarantined).toHaveLength(1);
    expect(readFileSync(join(dir, 'quarantine', quarantined[0]), 'utf8')).toBe('{"schemaVersion": 3, "articles": {');
  });

  it('rebuilds the catalog from article folders when no backup exists', async () => {
    const store = await openStore();
    const a = await add(store);
    const b = await add(store, english, 'grid.txt');
    await closeAll();
    rmSync(join(dir, 'backups'), { recursive: true });
    writeFileSync(join(dir, 'catalog.json'), Buffer.from([0, 1, 2, 3]));
    const reopened = await openStore();
    expect(
      reopened
        .list()
        .map((e) => e.id)
        .sort(),
    ).toEqual([a.id, b.id].sort());
    expect(reopened.warnings.map((w) => w.kind)).toEqual(['rebuilt-catalog']);
  });

  it('recovers an article whose import crashed before the catalog was written', async () => {
    const store = await openStore();
    const a = await add(store);
    await closeAll();
    const catalog = JSON.parse(readFileSync(join(dir, 'catalog.json'), 'utf8'));
    delete catalog.articles[a.id];
    writeFileSync(join(dir, 'catalog.json'), JSON.stringify(catalog));
    const reopened = await openStore();
    expect(reopened.list().map((e) => e.id)).toEqual([a.id]);
    expect(reopened.warnings[0].kind).toBe('recovered');
  });

  it('quarantines a damaged article file; the rest of the library opens and the error names the article', async () => {
    const store = await openStore();
    const bad = await add(store);
    const good = await add(store, english, 'grid.txt');
    writeFileSync(join(dir, 'articles', bad.id, 'article.json'), '{"text": "trunc');
    const err = await store.getArticle(bad.id).catch((e: unknown) => e);
    expect((err as BdError).message).toContain('推动32个重大产业项目签约');
    expect((err as BdError).message).toContain(bad.id);
    expect(store.warnings.some((w) => w.kind === 'quarantined' && w.articleId === bad.id)).toBe(true);
    expect(readdirSync(join(dir, 'quarantine')).some((n) => n.includes(bad.id))).toBe(true);
    expect((await store.getArticle(good.id)).meta.title).toBe('Grid operators expand storage');
  });

  it('migrates a schemaVersion 1 catalog (committed fixture), keeping a backup of the old file', async () => {
    cpSync(join(__dirname, '../../../tests/fixtures/catalog-v1'), dir, { recursive: true });
    const store = await openStore();
    expect(store.catalog.schemaVersion).toBe(3);
    expect(store.list().map((e) => e.title)).toEqual(['示例旧版文章']);
    expect(store.tags).toEqual(['迁移']);
    expect(store.setting('locale')).toBe('zh-CN');
    expect(readdirSync(join(dir, 'backups')).some((n) => n.endsWith('-v1.json'))).toBe(true);
    const onDisk = JSON.parse(readFileSync(join(dir, 'catalog.json'), 'utf8'));
    expect(onDisk.schemaVersion).toBe(3);
    expect(onDisk.tags).toBeUndefined();
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toEqual({ schemaVersion: 1, tags: ['迁移'], settings: { locale: 'zh-CN' } });
    expect(Object.keys(onDisk.articles)).toEqual(['a0000000000v1']);
    expect((await store.getArticle('a0000000000v1')).text).toContain('迁移');
  });

  it('refuses a catalog written by a newer version and leaves it untouched', async () => {
    const future = JSON.stringify({ schemaVersion: 99, articles: {} });
    writeFileSync(join(dir, 'catalog.json'), future);
    const err = await LibraryStore.open(dir).catch((e: unknown) => e);
    expect((err as BdError).message).toMatch(/newer Briefing Desk/);
    expect(readFileSync(join(dir, 'catalog.json'), 'utf8')).toBe(future);
    expect(existsSync(join(dir, 'library.lock'))).toBe(false);
  });

  it('writes the catalog once for a batch of imports', async () => {
    const store = await openStore();
    const before = readFileSync(join(dir, 'catalog.json'), 'utf8');
    await store.batch(async () => {
      await add(store);
      expect(readFileSync(join(dir, 'catalog.json'), 'utf8')).toBe(before);
      await add(store, english, 'grid.txt');
    });
    expect(Object.keys(JSON.parse(readFileSync(join(dir, 'catalog.json'), 'utf8')).articles)).toHaveLength(2);
  });

  it('deletes an article with its folder', async () => {
    const store = await openStore();
    const a = await add(store);
    await store.deleteArticle(a.id);
    expect(existsSync(join(dir, 'articles', a.id))).toBe(false);
    expect(store.list()).toEqual([]);
    // the text can be imported again afterwards
    await expect(add(store)).resolves.toMatchObject({ title: a.title });
  });
});

describe('LibraryStore: every way an article is written files it the same way', () => {
  /** What the catalog says of an article, set beside what its folder holds. */
  function agrees(store: LibraryStore, id: string) {
    const listed = store.list().find((e) => e.id === id);
    const onDisk = JSON.parse(readFileSync(join(dir, 'articles', id, 'article.json'), 'utf8'));
    expect(listed, `${id} listed`).toBeDefined();
    expect(listed!.chars).toBe(onDisk.text.length);
    expect(listed!.title).toBe(onDisk.meta.title);
    expect(store.findByHash(listed!.contentHash)?.id).toBe(id);
  }

  it('lists an article adopted from another library at once, with its tags remembered', async () => {
    const other = await openStore(mkdtempSync(join(tmpdir(), 'bd-store-other-')));
    const source = await add(other, english, 'english.txt');
    const article = await other.getArticle(source.id);
    const store = await openStore();
    await add(store);
    expect(store.list()).toHaveLength(1); // the list is read (and kept) before the adoption
    const { status } = await store.adoptArticle({ ...article, meta: { ...article.meta, tags: ['储能'] } });
    expect(status).toBe('added');
    expect(store.list().map((e) => e.id)).toContain(source.id);
    agrees(store, source.id);
    expect(store.tags).toContain('储能');
    rmSync(other.dir, { recursive: true, force: true });
  });

  it('lists a rebuilt article as rebuilt: text length and hash of the text now on disk', async () => {
    const parseOriginal = async (_name: string, bytes: Uint8Array) => ({ article: parsePlainText(new TextDecoder().decode(bytes)), format: 'text' as const });
    const store = await LibraryStore.open(dir, { parseOriginal });
    open.push(store);
    const a = await add(store, english, 'english.txt');
    // A correction made after import: the catalog follows it.
    const corrected = (await store.getArticle(a.id)).text.replace('record', 'a record amount of');
    await store.updateArticle(a.id, { text: corrected });
    agrees(store, a.id);
    expect(store.list()).toHaveLength(1);
    // article.json lost: rebuilt from original.txt, and the list says so (not the corrected length).
    rmSync(join(dir, 'articles', a.id, 'article.json'));
    const rebuilt = await store.getArticle(a.id);
    expect(rebuilt.text).not.toBe(corrected);
    agrees(store, a.id);
    // The corrected text's hash no longer names the article: importing it again is not refused as a duplicate.
    await expect(add(store, corrected, 'corrected.txt')).resolves.toMatchObject({ chars: corrected.length });
  });
});

describe('LibraryStore.size', () => {
  it('follows every way the catalog changes: add, delete, a folder gone or found at open, a rebuilt catalog', async () => {
    let store = await openStore();
    expect(store.size).toBe(0);
    const a = await add(store);
    expect(store.size).toBe(1);
    const b = await add(store, english, 'english.txt');
    await add(store, '第三篇\n\n　　又一篇不同的文章。', 'third.txt');
    expect(store.size).toBe(3);
    await store.deleteArticle(b.id);
    expect(store.size).toBe(2);
    await closeAll();
    // Gone outside the app: dropped at the next open; a copy of a folder the catalog does not list: found.
    cpSync(join(dir, 'articles', a.id), join(dir, 'articles', 'aextra000001'), { recursive: true });
    const copied = JSON.parse(readFileSync(join(dir, 'articles', 'aextra000001', 'article.json'), 'utf8'));
    writeFileSync(join(dir, 'articles', 'aextra000001', 'article.json'), JSON.stringify({ ...copied, id: 'aextra000001' }));
    rmSync(join(dir, 'articles', a.id), { recursive: true });
    store = await openStore();
    expect(store.size).toBe(2);
    expect(store.has('aextra000001')).toBe(true);
    expect(store.size).toBe(store.list().length);
    await closeAll();
    rmSync(join(dir, 'catalog.json'));
    store = await openStore();
    expect(store.size).toBe(2);
  });
});

describe('LibraryStore.entries', () => {
  it('follows every change of the catalog: add, adopt (a restored article), metadata edit, delete', async () => {
    const store = await openStore();
    const ids = () =>
      store
        .entries()
        .map((e) => e.id)
        .sort();
    const a = await add(store);
    expect(ids()).toEqual([a.id]);
    // An article taken whole from elsewhere (a backup being merged) under its own id.
    const other = await LibraryStore.open(mkdtempSync(join(tmpdir(), 'bd-store-other-')));
    const b = await add(other, english, 'english.txt');
    const article = await other.getArticle(b.id);
    await other.close();
    expect((await store.adoptArticle(article)).status).toBe('added');
    expect(ids()).toEqual([a.id, b.id].sort());
    await store.updateArticle(b.id, { meta: { title: 'Storage record' } });
    expect(store.entries().find((e) => e.id === b.id)?.title).toBe('Storage record');
    await store.deleteArticle(a.id);
    expect(ids()).toEqual([b.id]);
    expect(store.entries()).toHaveLength(store.size);
  });
});
