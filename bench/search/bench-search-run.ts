/**
 * Runs the search benchmark from the command line and prints its figures as JSON:
 *
 *     node --expose-gc --import tsx bench/search/bench-search-run.ts 10000 [library-dir] [--no-rebuild] [--no-scan]
 *
 * With a library folder, a second run reuses the imported library (see `benchSearch`).
 * Never part of `npm test`.
 */
import { benchSearch } from './bench-search';

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const flags = new Set(process.argv.slice(2).filter((a) => a.startsWith('--')));
  const articles = Number(args[0] ?? 1000);
  const result = await benchSearch({ articles, dir: args[1], rebuild: !flags.has('--no-rebuild'), scanFloor: !flags.has('--no-scan') });
  const { queries, ...figures } = result;
  const slowest = [...queries].sort((a, b) => b.p95Ms - a.p95Ms).slice(0, 5);
  console.log(JSON.stringify({ ...figures, slowest }, null, 1));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
