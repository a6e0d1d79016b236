/**
 * `npx tsx bench/search/profile-queries.ts <library> [rounds]`: where a
 * search's time goes, per query of the bench's fixed set, on a library whose
 * search index is already built (bench/.work/library-N after `npm run bench`):
 * the index lookup and scoring (`InvertedIndex.search`) apart from the whole
 * `search` call (phrase confirmation, snippets, catalog entries). Prints the
 * slowest queries first; never part of `npm test`.
 */
import { Core } from '../../src-main/core/core';
import { parseQuery } from '../../src-main/common/search/tokenize';
import type { InvertedIndex } from '../../src-main/core/search/inverted-index';
import { benchQueries } from './bench-corpus';
import { readFileSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const library = process.argv[2];
const rounds = Number(process.argv[3] ?? 3);
if (!library) {
  process.stderr.write('usage: tsx bench/search/profile-queries.ts <library folder> [rounds]\n');
  process.exit(2);
}
const sample = readFileSync(join(root, 'resources', 'rmrb-2023-waic-ai-conference.txt'), 'utf8');
const queries = benchQueries({ articles: 1000, seed: 20231127, sources: [sample] }, 50);

async function main(): Promise<void> {
  const core = await Core.open({ dir: library, host: 'cli', seedSample: false, searchIndex: 'lazy' });
  const index = await core.ctx.search();
  const t0 = performance.now();
  await index.ready;
  console.log(`index ready in ${(performance.now() - t0).toFixed(0)} ms`);
  const engine = (index as unknown as { engine: InvertedIndex }).engine;
  // Articles read per search (phrase confirmation and snippets past the read cache).
  let reads = 0;
  const getArticle = core.store.getArticle.bind(core.store);
  core.store.getArticle = (id, lease) => {
    reads++;
    return getArticle(id, lease);
  };
  // The first search of each query (texts not cached yet), then `rounds` more.
  const first = new Map<string, number>();
  for (const q of queries) {
    const a = performance.now();
    await core.api.search({ query: q, limit: 20 });
    first.set(q, performance.now() - a);
  }
  const rows: Array<{ q: string; first: number; engine: number; total: number; hits: number; phrase: boolean; reads: number }> = [];
  const all: number[] = [];
  for (const q of queries) {
    const parsed = parseQuery(q);
    let e = Infinity;
    let t = Infinity;
    let hits = 0;
    const readsBefore = reads;
    for (let r = 0; r < rounds; r++) {
      const a = performance.now();
      const h = engine.search(parsed.terms, parsed.filterTerms);
      e = Math.min(e, performance.now() - a);
      hits = h.count;
      const b = performance.now();
      await core.api.search({ query: q, limit: 20 });
      const took = performance.now() - b;
      all.push(took);
      t = Math.min(t, took);
    }
    rows.push({ q, first: first.get(q)!, engine: e, total: t, hits, phrase: parsed.needsPhraseCheck, reads: (reads - readsBefore) / rounds });
  }
  rows.sort((a, b) => b.total - a.total);
  for (const r of rows)
    console.log(
      `${r.q.padEnd(14)} first ${r.first.toFixed(1).padStart(7)} ms  best ${r.total.toFixed(1).padStart(7)} ms  engine ${r.engine.toFixed(1).padStart(7)} ms  candidates ${String(r.hits).padStart(6)}  reads/search ${r.reads.toFixed(0).padStart(5)}${r.phrase ? '  phrase' : ''}`,
    );
  const firsts = [...first.values()].sort((a, b) => a - b);
  console.log(`first searches: p50 ${firsts[Math.floor(firsts.length / 2)].toFixed(1)} ms, p95 ${firsts[Math.floor(firsts.length * 0.95)].toFixed(1)} ms`);
  all.sort((a, b) => a - b);
  const pct = (p: number): number => all[Math.min(all.length - 1, Math.floor((p / 100) * all.length))];
  console.log(`p50 ${pct(50).toFixed(1)} ms, p95 ${pct(95).toFixed(1)} ms over ${all.length} searches`);
  await core.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
