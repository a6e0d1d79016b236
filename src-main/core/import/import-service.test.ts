/**
 * importPaths reads and parses files ahead of the one being added: the
 * outcomes must still be exactly those of importing one file after another
 * (order, duplicates within the batch pointing at the first copy, refusals in
 * place, nothing written for a refused file), on a real library folder.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LibraryStore } from '../library/store';
import { MAX_IMPORT_BYTES } from '../../common/limits';
import { importPaths, type FileOutcome } from './import-service';

let dir: string;
let library: string;
let inbox: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bd-import-service-'));
  library = join(dir, 'library');
  inbox = join(dir, 'inbox');
  mkdirSync(inbox);
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A short news text, different for each `n`. */
function news(n: number): string {
  return `第${n}号通报\n\n新华社北京3月${(n % 28) + 1}日电 记者从有关部门获悉，第${n}批试点工作进展顺利，涉及${n * 7}个地区。\n\n各地要抓好落实，确保第${n}项任务按期完成。\n`;
}

function write(name: string, content: string | Uint8Array): string {
  const path = join(inbox, name);
  writeFileSync(path, content);
  return path;
}

async function run(paths: string[]) {
  const store = await LibraryStore.open(library);
  const progress: [number, number][] = [];
  const outcomes = await importPaths(store, paths, (done, total) => progress.push([done, total]));
  const listed = store.list().map((e) => e.id);
  await store.close();
  return { outcomes, progress, listed };
}

/** The article id an outcome names (imported or duplicate), else undefined. */
function idOf(o: FileOutcome | undefined): string | undefined {
  return o && 'id' in o ? o.id : undefined;
}

function statuses(outcomes: FileOutcome[]) {
  return outcomes.map((o) => [o.file.split('/').pop(), o.status]);
}

describe('importPaths with files parsed ahead', () => {
  it('reports every file in order: duplicates of earlier files in the batch, junk and oversized files refused, nothing lost', async () => {
    write('00.txt', news(1));
    write('01.txt', news(1)); // the same text as 00
    write('02.txt', new Uint8Array([0, 1, 2, 3, 0xff, 0xfe, 0, 0, 7, 0x80, 0x81, 0, 0, 0, 9, 0]));
    const big = write('03.txt', '');
    truncateSync(big, MAX_IMPORT_BYTES + 1);
    write('04.txt', news(2));
    write('05.txt', news(3));
    write('06.txt', news(2)); // the same text as 04
    const missing = join(dir, 'not-there.txt');
    const { outcomes, progress, listed } = await run([inbox, missing]);

    expect(statuses(outcomes)).toEqual([
      ['00.txt', 'imported'],
      ['01.txt', 'duplicate'],
      ['02.txt', 'refused'],
      ['03.txt', 'refused'],
      ['04.txt', 'imported'],
      ['05.txt', 'imported'],
      ['06.txt', 'duplicate'],
      ['not-there.txt', 'refused'],
    ]);
    expect(idOf(outcomes[1])).toBe(idOf(outcomes[0]));
    expect(idOf(outcomes[6])).toBe(idOf(outcomes[4]));
    expect((outcomes[3] as { message: string }).message).toMatch(/03\.txt.*MB/);
    expect((outcomes[7] as { message: string }).message).toMatch(/not-there\.txt/);
    expect(progress).toEqual(outcomes.map((_, i) => [i + 1, outcomes.length]));
    const imported = outcomes.filter((o) => o.status === 'imported').map(idOf);
    expect([...listed].sort()).toEqual([...imported].sort());
    // Each imported article's folder holds its article.json and the original file, written together.
    for (const id of imported) expect(readdirSync(join(library, 'articles', id!)).sort()).toEqual(['article.json', 'original.txt']);
    // The refused files left nothing behind.
    expect(readdirSync(join(library, 'articles')).sort()).toEqual([...imported].sort());
  });

  it('keeps the order of many files with repeats spread through the batch (each repeat names the first copy)', async () => {
    const texts: number[] = [];
    for (let i = 0; i < 40; i++) texts.push(i % 3 === 2 ? Math.floor(i / 2) : 100 + i);
    texts.forEach((t, i) => write(`${String(i).padStart(2, '0')}.txt`, news(t)));
    const { outcomes, listed } = await run([inbox]);

    const firstIndex = new Map<number, number>();
    texts.forEach((t, i) => {
      if (!firstIndex.has(t)) firstIndex.set(t, i);
    });
    outcomes.forEach((o, i) => {
      const first = firstIndex.get(texts[i]!)!;
      expect(o.file.endsWith(`${String(i).padStart(2, '0')}.txt`)).toBe(true);
      expect(o.status).toBe(first === i ? 'imported' : 'duplicate');
      expect(idOf(o)).toBe(idOf(outcomes[first]));
    });
    expect(listed).toHaveLength(firstIndex.size);
    // Imported in file order: the catalog's added times never go backwards along the files.
    const store = await LibraryStore.open(library);
    const added = outcomes.filter((o) => o.status === 'imported').map((o) => store.list().find((e) => e.id === idOf(o))!.added);
    await store.close();
    expect([...added].sort()).toEqual(added);
  });

  it('leaves no article folder behind when the writes fail (the refused file does not come back at the next open)', async () => {
    write('00.txt', news(1));
    write('01.txt', news(2));
    const store = await LibraryStore.open(library);
    // Every durable write of the library goes through its tmp/ folder: a file in its place makes them fail.
    rmSync(join(library, 'tmp'), { recursive: true, force: true });
    writeFileSync(join(library, 'tmp'), 'not a folder');
    const outcomes = await importPaths(store, [inbox]);
    await store.close().catch(() => undefined);
    expect(statuses(outcomes)).toEqual([
      ['00.txt', 'refused'],
      ['01.txt', 'refused'],
    ]);
    expect(readdirSync(join(library, 'articles'))).toEqual([]);
    rmSync(join(library, 'tmp'));
    const again = await LibraryStore.open(library);
    expect(again.list()).toEqual([]);
    await again.close();
  });
});
