/**
 * Exports never land inside a library folder: the open one, another open or
 * closed library, through links, in folders not made yet, by relative paths.
 * Real folders, real symbolic links, the real store's writer.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { LibraryStore } from './store';
import { assertOutsideLibrary } from './output-guard';

let dir: string;
let store: LibraryStore;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bd-guard-'));
  store = await LibraryStore.open(join(dir, 'lib'));
  await store.addArticle(
    { text: '标题\n正文第一段，发现隐患128处。', blocks: [{ kind: 'title', start: 0, end: 2 }], meta: { title: '标题', tags: [] } },
    { format: 'text' },
  );
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const refusal = { code: 'refused', detail: expect.objectContaining({ messageZh: expect.stringContaining('资料库') }) };

describe('assertOutsideLibrary / writeExport', () => {
  it('refuses every file of the open library and keeps it intact', async () => {
    const id = store.list()[0].id;
    const articleJson = join(store.dir, 'articles', id, 'article.json');
    const before = readFileSync(articleJson, 'utf8');
    for (const target of [
      articleJson,
      join(store.dir, 'articles', id, 'annotations.json'),
      join(store.dir, 'catalog.json'),
      join(store.dir, 'settings.json'),
      join(store.dir, 'export.md'),
      join(store.dir, 'briefings', 'not-yet', 'deeper', 'x.pdf'), // folders that do not exist yet
    ]) {
      await expect(store.writeExport(target, '[]'), target).rejects.toMatchObject(refusal);
    }
    expect(readFileSync(articleJson, 'utf8')).toBe(before);
    expect(existsSync(join(store.dir, 'annotations.json'))).toBe(false);
    expect(existsSync(join(store.dir, 'briefings', 'not-yet'))).toBe(false);
  });

  it('refuses relative paths and paths with .. that reach into the library', async () => {
    const cwd = process.cwd();
    process.chdir(join(dir, 'lib', 'articles'));
    try {
      await expect(store.writeExport('../catalog.json', 'x')).rejects.toMatchObject(refusal);
      await expect(store.writeExport('x.md', 'x')).rejects.toMatchObject(refusal);
      await expect(store.writeExport(join(dir, 'elsewhere', '..', 'lib', 'catalog.json'), 'x')).rejects.toMatchObject(refusal);
    } finally {
      process.chdir(cwd);
    }
  });

  it('follows symbolic links: a linked folder or a linked file that leads into a library', async () => {
    const id = store.list()[0].id;
    symlinkSync(join(store.dir, 'articles', id), join(dir, 'shortcut'), 'dir');
    await expect(store.writeExport(join(dir, 'shortcut', 'annotations.json'), '[]')).rejects.toMatchObject(refusal);
    symlinkSync(join(store.dir, 'settings.json'), join(dir, 'settings-link.json'));
    await expect(store.writeExport(join(dir, 'settings-link.json'), '{}')).rejects.toMatchObject(refusal);
    expect(JSON.parse(readFileSync(join(store.dir, 'settings.json'), 'utf8'))).toMatchObject({ schemaVersion: 1 });
  });

  it('refuses another library, open (library.lock) or closed (catalog.json beside articles/)', async () => {
    const other = await LibraryStore.open(join(dir, 'other'));
    await expect(store.writeExport(join(dir, 'other', 'catalog.json'), 'x')).rejects.toMatchObject(refusal);
    await other.close();
    await expect(store.writeExport(join(dir, 'other', 'articles', 'y.json'), 'x')).rejects.toMatchObject(refusal);
    await expect(assertOutsideLibrary(join(dir, 'other', 'index', 'z.bin'))).rejects.toMatchObject({
      detail: expect.objectContaining({ library: join(dir, 'other') }),
    });
  });

  it('writes where no library is: beside the library, in a look-alike name, in a folder that only has a catalog.json', async () => {
    mkdirSync(join(dir, 'project'));
    writeFileSync(join(dir, 'project', 'catalog.json'), '{}'); // someone else's catalog.json, no articles/ beside it
    for (const target of [join(dir, 'brief.md'), join(dir, 'lib-exports', 'brief.md'), join(dir, 'libx.md'), join(dir, 'project', 'brief.md')]) {
      mkdirSync(join(target, '..'), { recursive: true });
      await store.writeExport(target, '# ok');
      expect(readFileSync(target, 'utf8')).toBe('# ok');
    }
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      await store.writeExport(relative(dir, join(dir, 'rel.md')), '# rel');
      expect(readFileSync(join(dir, 'rel.md'), 'utf8')).toBe('# rel');
    } finally {
      process.chdir(cwd);
    }
  });
});
