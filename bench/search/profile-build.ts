/**
 * Where an index build's time goes, phase by phase, on the first N articles
 * of a library (read-only): reading + decoding the files, tokenising alone,
 * tokenising + inserting into memory segments, merging runs. Wall and CPU
 * time (process.cpuUsage) per phase, and characters per second.
 *
 *   npx tsx bench/search/profile-build.ts <library> [articles]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { articleKind, annotationsKind, decodeFile } from '../../src-main/core/library/file-kinds';
import { scanIndexTokens } from '../../src-main/common/search/tokenize';
import { InvertedIndex } from '../../src-main/core/search/inverted-index';
import { annotationNotesText, articleFields } from '../../src-main/core/search/index-manifest';
import type { CatalogEntry } from '../../src-main/common/model';

const library = process.argv[2];
const count = Number(process.argv[3] ?? 3000);

function phase<T>(name: string, chars: number, f: () => T): T {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const out = f();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1000;
  console.log(
    `${name.padEnd(28)} wall ${wall.toFixed(0).padStart(6)} ms  cpu ${cpu.toFixed(0).padStart(6)} ms  ${chars ? (((chars / cpu) * 1000) / 1e6).toFixed(2) + ' M chars/cpu-s' : ''}`,
  );
  return out;
}

async function main() {
  const catalog = JSON.parse(readFileSync(join(library, 'catalog.json'), 'utf8')) as { articles: Record<string, CatalogEntry> };
  const entries = Object.values(catalog.articles).slice(0, count);
  const dir = join(library, 'articles');
  const docs = phase('read + decode files', 0, () =>
    entries.map((e) => {
      const a = decodeFile(articleKind, readFileSync(join(dir, e.id, 'article.json'), 'utf8'));
      let notes = '';
      try {
        const n = decodeFile(annotationsKind, readFileSync(join(dir, e.id, 'annotations.json'), 'utf8'));
        if (n.ok) notes = annotationNotesText(n.data.annotations);
      } catch {
        /* none */
      }
      return articleFields(e, notes, a.ok ? a.data.text : '');
    }),
  );
  const chars = docs.reduce((s, f) => s + f.reduce((t, x) => t + x.length, 0), 0);
  console.log(`${entries.length} articles, ${(chars / 1e6).toFixed(1)} M chars`);
  let tokens = 0;
  const sink = { cjk: () => void tokens++, word: () => void tokens++ };
  phase('tokenise only', chars, () => docs.forEach((f) => f.forEach((t) => scanIndexTokens(t, sink))));
  phase('normalize only', chars, () => docs.forEach((f) => f.forEach((t) => t.normalize('NFKC').toLowerCase())));
  let engine = new InvertedIndex();
  const runs: InvertedIndex[] = [];
  let merges = 0;
  const pending: Promise<void>[] = [];
  phase('tokenise + insert', chars, () => {
    docs.forEach((f, i) => {
      engine.add(entries[i].id, f);
      if (engine.needsMerge) {
        console.log(`  run: ${engine.stats().memoryEntries} entries`);
        runs.push(engine);
        engine = new InvertedIndex();
      }
    });
    runs.push(engine);
  });
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (const r of runs) pending.push(r.merge().then(() => void merges++));
  await Promise.all(pending);
  const c = process.cpuUsage(c0);
  console.log(
    `merge ${runs.length} runs`.padEnd(28) +
      ` wall ${(performance.now() - t0).toFixed(0).padStart(6)} ms  cpu ${((c.user + c.system) / 1000).toFixed(0).padStart(6)} ms`,
  );
  console.log(`tokens ${tokens}`);
}
void main();
