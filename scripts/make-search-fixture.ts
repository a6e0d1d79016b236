/**
 * Writes a search index fixture library (`tests/fixtures/search-index/…`):
 * official documents whose 发文字号 (docNumber) is in the catalog only, a
 * text longer than the 300,000 UTF-16 units the first indexing rules kept,
 * and an article neither touches; then builds and saves its index with the
 * code of the tree given (`--root`, default the current folder: run it from the repository), so a fixture of an
 * older version is made by pointing at a checkout of that version:
 *
 *     npx tsx scripts/make-search-fixture.ts --out tests/fixtures/search-index/v5-rules2-library
 *     npx tsx scripts/make-search-fixture.ts --root /path/to/old/checkout --out /tmp/v5-rules1-library
 *
 * The articles are `SEARCH_FIXTURE_ARTICLES` (tests read the same list).
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { SEARCH_FIXTURE_ARTICLES } from '../tests/fixtures/search-index/articles';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { root: { type: 'string' }, out: { type: 'string' } } });
  const root = resolve(values.root ?? '.');
  if (!values.out) throw new Error('--out DIR is required (a new or empty folder)');
  const out = resolve(values.out);
  if (existsSync(out) && readdirSync(out).length) throw new Error(`${out} is not empty`);
  mkdirSync(out, { recursive: true });
  const load = (path: string) => import(pathToFileURL(join(root, path)).href);
  const { LibraryStore } = await load('src-main/core/library/store.ts');
  const { parsePlainText } = await load('src-main/core/import/plain-text.ts');
  const { SearchIndex } = await load('src-main/core/search/search-index.ts');
  const store = await LibraryStore.open(out);
  for (const a of SEARCH_FIXTURE_ARTICLES) {
    const entry = await store.addArticle(parsePlainText(a.text(), a.file), { format: 'text', fileName: a.file });
    await store.updateArticle(entry.id, { meta: a.meta });
  }
  const index = await SearchIndex.open(store, { buildWorker: false });
  await index.ready;
  await index.flush();
  console.log(JSON.stringify(index.status()));
  await index.close();
  await store.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
