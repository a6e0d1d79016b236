/**
 * `npm run bench:compare`: the search engine comparison (see compare.ts).
 *
 *     npm run bench:compare                          # 2,000 articles, all engines
 *     npm run bench:compare -- --size=100000         # sizes as for npm run bench (100k, 100_000)
 *     npm run bench:compare -- --engines=ours,fts5 --rounds=5 --segment=5000
 *
 * Prints the table for the README and writes bench/results/compare-<size>.json.
 * Never part of `npm test`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { comparisonTable, runComparison } from './compare';
import { ENGINE_NAMES, type EngineName } from './engines';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function option(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function count(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const m = /^(\d+)(k?)$/i.exec(value.trim().replace(/[_,\s]/g, ''));
  const n = m ? Number(m[1]) * (m[2] ? 1000 : 1) : NaN;
  if (!Number.isInteger(n) || n < min || n > 1_000_000) fail(`--${name}: "${value}" is not a whole number from ${min} to 1,000,000`);
  return n;
}

async function main(): Promise<void> {
  const articles = count('size', option('size'), 2000, 10);
  const rounds = count('rounds', option('rounds'), 3, 1);
  const segmentArticles = count('segment', option('segment'), 1000, 1);
  const engines = (option('engines') ?? ENGINE_NAMES.join(',')).split(',').map((e) => e.trim()) as EngineName[];
  for (const e of engines) if (!ENGINE_NAMES.includes(e)) fail(`--engines: "${e}" is not one of ${ENGINE_NAMES.join(', ')}`);
  const result = await runComparison({ articles, engines, rounds, segmentArticles, log: (line) => process.stderr.write(`${line}\n`) });
  console.log(`\n${comparisonTable(result)}\n`);
  for (const e of result.engines)
    for (const d of e.agreement?.differences ?? [])
      console.log(`${e.engine} differs from the scan on "${d.query}": ${d.engine} vs ${d.scan} (missing ${d.missing}, extra ${d.extra})`);
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  const file = join(root, 'bench', 'results', `compare-${articles}.json`);
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), node: process.version, ...result }, null, 2));
  process.stderr.write(`wrote ${file}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
