/**
 * The search engine comparison (issue 16): our index, SQLite FTS5 and
 * MiniSearch measured on the same generated library (`npm run bench`'s corpus:
 * `bench-corpus.ts` with the bench's seed, written by `library-generator.ts`)
 * with the bench's query set (`benchQueries`, 50 queries).
 *
 * Per engine: build time (every article read from the library, indexed and
 * saved), bytes on disk, load time of the saved index in a fresh process,
 * RSS after loading (and above the same process with only the library open),
 * query p50/p95 over rounds of all queries (a page of 20 with snippets; the
 * first round apart, as the cold figures), and agreement: each engine's full
 * match set per query against a scan of every article (recall, precision) and
 * against ours (identical sets, overlap of the first 20).
 *
 * Each phase runs in its own child process (`child.ts`) so RSS and load are a
 * fresh process's; `inProcess` runs them here (the test, tiny corpora).
 * A floor is measured in the same run: reading every article of the library
 * once (what every build must do at least).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LibraryStore } from '../../src-main/core/library/store';
import { generateLibrary, GENERATOR_VERSION } from '../library-generator';
import { benchCorpusOptions, benchQueries } from '../search/bench-corpus';
import { ENGINE_NAMES, ENGINES, scanMatches, type EngineContext, type EngineName } from './engines';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface CompareOptions {
  /** Library size in articles. */
  articles: number;
  /** Engines to measure (default all three). */
  engines?: EngineName[];
  /** Timed rounds over all queries after the cold round (default 3). */
  rounds?: number;
  /** Where libraries and engine files go (default bench/.work). */
  workDir?: string;
  /** Queries (default the bench's 50). */
  queries?: string[];
  /** MiniSearch articles per segment file (default 1,000). */
  segmentArticles?: number;
  /** Run every phase in this process instead of a child each (tests). */
  inProcess?: boolean;
  /** Article length range (default the corpus's 1,000–20,000 characters). */
  minChars?: number;
  maxChars?: number;
  /** Progress lines (default none). */
  log?: (line: string) => void;
}

export interface BuildFigures {
  buildMs: number;
  diskBytes: number;
  peakRssMB: number;
}

export interface QueryFigures {
  loadMs: number;
  /** RSS after GC with only the library open, and with the engine loaded too. */
  baselineRssMB: number;
  rssMB: number;
  coldP50Ms: number;
  coldP95Ms: number;
  p50Ms: number;
  p95Ms: number;
  /** Per query: the first page's ids and every match (for the agreement check), and the query's own p95. */
  perQuery: Array<{ query: string; top: string[]; all: string[]; p95Ms: number }>;
}

export interface EngineResult {
  engine: EngineName;
  label: string;
  error?: string;
  build?: BuildFigures;
  query?: Omit<QueryFigures, 'perQuery'>;
  agreement?: {
    /** Queries whose match set equals the scan's, of all queries. */
    sameAsScan: number;
    /** Over all queries: matches found that the scan also found / all the scan found, and / all the engine found. */
    recall: number;
    precision: number;
    /** Queries whose match set equals ours; mean overlap of the first 20 with ours (1 = same articles). */
    sameAsOurs?: number;
    top20OverlapWithOurs?: number;
    /** Queries where the engine differs from the scan, with the counts. */
    differences: Array<{ query: string; engine: number; scan: number; missing: number; extra: number }>;
  };
}

export interface CompareResult {
  articles: number;
  queries: number;
  rounds: number;
  library: string;
  /** Load average (1, 5, 15 min) at the start and the end. */
  loadBefore: number[];
  loadAfter: number[];
  /** Floor: reading every article of the library once, in ms. */
  readAllMs: number;
  engines: EngineResult[];
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

function rssMB(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return Math.round(process.memoryUsage().rss / 1e6);
}

/** The library for a size: generated once into `<workDir>/compare-library-<n>-v<GENERATOR_VERSION>` and reused. */
export async function ensureLibrary(workDir: string, articles: number, range: { minChars?: number; maxChars?: number } = {}): Promise<string> {
  const suffix = range.minChars || range.maxChars ? `-${range.minChars ?? ''}-${range.maxChars ?? ''}` : '';
  const dir = join(workDir, `compare-library-${articles}${suffix}-v${GENERATOR_VERSION}`);
  if (existsSync(join(dir, '.complete'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const sample = readFileSync(join(root, 'resources', 'rmrb-2023-waic-ai-conference.txt'), 'utf8');
  await generateLibrary(dir, { ...benchCorpusOptions(articles, sample), ...range });
  writeFileSync(join(dir, '.complete'), String(articles));
  return dir;
}

/** The bench's query set (`npm run bench`'s BENCH_QUERIES). */
export function compareQueries(): string[] {
  const sample = readFileSync(join(root, 'resources', 'rmrb-2023-waic-ai-conference.txt'), 'utf8');
  return benchQueries(benchCorpusOptions(1000, sample), 50);
}

/** One phase of one engine, run in the current process. */
export type PhaseRequest =
  | { phase: 'build'; engine: EngineName; library: string; dir: string; segmentArticles: number }
  | { phase: 'query'; engine: EngineName; library: string; dir: string; segmentArticles: number; queries: string[]; rounds: number }
  | { phase: 'scan'; library: string; queries: string[] }
  | { phase: 'read'; library: string };

export async function runPhase(request: PhaseRequest): Promise<unknown> {
  const store = await LibraryStore.open(request.library);
  try {
    if (request.phase === 'read') {
      const t0 = performance.now();
      let chars = 0;
      for (const entry of store.list()) chars += (await store.getArticle(entry.id)).text.length;
      return { readAllMs: performance.now() - t0, chars };
    }
    if (request.phase === 'scan') return Object.fromEntries(await scanMatches(store, request.queries));
    const engine = ENGINES[request.engine];
    const ctx: EngineContext = { store, dir: request.dir, segmentArticles: request.segmentArticles };
    if (request.phase === 'build') {
      let peak = 0;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
      const t0 = performance.now();
      try {
        await engine.build(ctx);
      } finally {
        clearInterval(sampler);
      }
      const buildMs = performance.now() - t0;
      peak = Math.max(peak, process.memoryUsage().rss);
      return { buildMs, diskBytes: engine.diskBytes(ctx), peakRssMB: Math.round(peak / 1e6) } satisfies BuildFigures;
    }
    const baselineRssMB = rssMB();
    const t0 = performance.now();
    const loaded = await engine.load(ctx);
    const loadMs = performance.now() - t0;
    const rss = rssMB();
    const cold: number[] = [];
    const warm: number[] = [];
    const perQuery = new Map(request.queries.map((q) => [q, { top: [] as string[], times: [] as number[] }]));
    for (let round = 0; round <= request.rounds; round++) {
      for (const query of request.queries) {
        const t = performance.now();
        const page = await loaded.search(query, 20);
        const took = performance.now() - t;
        const q = perQuery.get(query)!;
        if (round === 0) {
          cold.push(took);
          q.top = page.ids;
        } else {
          warm.push(took);
          q.times.push(took);
        }
      }
    }
    const out: QueryFigures = {
      loadMs,
      baselineRssMB,
      rssMB: rss,
      coldP50Ms: percentile(cold, 0.5),
      coldP95Ms: percentile(cold, 0.95),
      p50Ms: percentile(warm, 0.5),
      p95Ms: percentile(warm, 0.95),
      perQuery: [],
    };
    for (const [query, q] of perQuery) out.perQuery.push({ query, top: q.top, all: await loaded.matchAll(query), p95Ms: percentile(q.times, 0.95) });
    await loaded.close();
    return out;
  } finally {
    await store.close();
  }
}

/** Runs a phase in a child Node process (fresh heap and RSS) and returns what it printed. */
function runChild(request: PhaseRequest): Promise<unknown> {
  return new Promise((resolveChild, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--max-old-space-size=6144', '--import', 'tsx', join(root, 'bench', 'search-compare', 'child.ts')], {
      cwd: root,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) {
        try {
          resolveChild(JSON.parse(stdout));
          return;
        } catch (err) {
          reject(new Error(`the ${request.phase} phase printed no result: ${(err as Error).message}`));
          return;
        }
      }
      const last = stderr.trim().split('\n').slice(-3).join(' | ');
      reject(new Error(`the ${request.phase} phase ${signal ? `was killed (${signal})` : `exited with ${code}`}: ${last}`));
    });
    child.stdin.end(JSON.stringify(request));
  });
}

/** Runs the comparison. Engines that fail (not installed, out of memory) are reported with their error; the rest go on. */
export async function runComparison(options: CompareOptions): Promise<CompareResult> {
  const log = options.log ?? (() => {});
  const workDir = options.workDir ?? join(root, 'bench', '.work');
  const engines = options.engines ?? [...ENGINE_NAMES];
  const rounds = options.rounds ?? 3;
  const segmentArticles = options.segmentArticles ?? 1000;
  const queries = options.queries ?? compareQueries();
  const phase = (request: PhaseRequest) => (options.inProcess ? runPhase(request) : runChild(request));
  const loadBefore = loadavg().map((l) => Math.round(l * 100) / 100);

  log(`library of ${options.articles} articles…`);
  const library = await ensureLibrary(workDir, options.articles, { minChars: options.minChars, maxChars: options.maxChars });
  const { readAllMs } = (await phase({ phase: 'read', library })) as { readAllMs: number };
  log(`  floor: reading every article ${Math.round(readAllMs)} ms`);
  log('scanning every article for the reference matches…');
  const scan = (await phase({ phase: 'scan', library, queries })) as Record<string, string[]>;

  const results: EngineResult[] = [];
  let ours: Map<string, { top: string[]; all: string[] }> | undefined;
  // Ours first: the others are compared with it.
  for (const name of [...engines].sort((a, b) => Number(b === 'ours') - Number(a === 'ours'))) {
    const result: EngineResult = { engine: name, label: ENGINES[name].label };
    results.push(result);
    const dir = join(workDir, `compare-engines-${options.articles}`, name);
    try {
      log(`${name}: building…`);
      result.build = (await phase({ phase: 'build', engine: name, library, dir, segmentArticles })) as BuildFigures;
      log(`${name}: built in ${Math.round(result.build.buildMs)} ms, ${(result.build.diskBytes / 1e6).toFixed(1)} MB; loading and querying…`);
      const { perQuery, ...figures } = (await phase({ phase: 'query', engine: name, library, dir, segmentArticles, queries, rounds })) as QueryFigures;
      result.query = figures;
      log(`${name}: load ${Math.round(figures.loadMs)} ms, RSS ${figures.rssMB} MB, p50 ${figures.p50Ms.toFixed(1)} / p95 ${figures.p95Ms.toFixed(1)} ms`);
      const byQuery = new Map(perQuery.map((q) => [q.query, q]));
      if (name === 'ours') ours = byQuery;
      let found = 0;
      let truth = 0;
      let both = 0;
      let same = 0;
      let sameAsOurs = 0;
      let overlap = 0;
      const differences: NonNullable<EngineResult['agreement']>['differences'] = [];
      for (const query of queries) {
        const mine = new Set(byQuery.get(query)?.all ?? []);
        const expected = new Set(scan[query] ?? []);
        const hits = [...mine].filter((id) => expected.has(id)).length;
        found += mine.size;
        truth += expected.size;
        both += hits;
        if (hits === expected.size && mine.size === expected.size) same++;
        else differences.push({ query, engine: mine.size, scan: expected.size, missing: expected.size - hits, extra: mine.size - hits });
        const theirs = ours?.get(query);
        if (theirs) {
          const oursAll = new Set(theirs.all);
          if (oursAll.size === mine.size && [...mine].every((id) => oursAll.has(id))) sameAsOurs++;
          const top = byQuery.get(query)?.top ?? [];
          const union = new Set([...top, ...theirs.top]);
          overlap += union.size === 0 ? 1 : top.filter((id) => theirs.top.includes(id)).length / union.size;
        }
      }
      result.agreement = {
        sameAsScan: same,
        recall: truth ? both / truth : 1,
        precision: found ? both / found : 1,
        ...(ours ? { sameAsOurs, top20OverlapWithOurs: overlap / queries.length } : {}),
        differences,
      };
    } catch (err) {
      result.error = (err as Error).message;
      log(`${name}: FAILED ${result.error}`);
    }
  }
  return {
    articles: options.articles,
    queries: queries.length,
    rounds,
    library,
    loadBefore,
    loadAfter: loadavg().map((l) => Math.round(l * 100) / 100),
    readAllMs,
    engines: results,
  };
}

/** The comparison as a Markdown table (README's "Search engines compared"). */
export function comparisonTable(result: CompareResult): string {
  const lines = [
    `${result.articles.toLocaleString('en')} articles, ${result.queries} queries × ${result.rounds} rounds; load average ${result.loadBefore.join(' / ')} → ${result.loadAfter.join(' / ')}; floor: reading every article ${Math.round(result.readAllMs)} ms`,
    '',
    '| engine | build | peak RSS in build | on disk | load | RSS after load (Δ over library) | p50 / p95 | cold p50 / p95 | same set as scan | recall / precision | same set as ours | top-20 overlap with ours |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const e of result.engines) {
    if (e.error || !e.build || !e.query || !e.agreement) {
      lines.push(`| ${e.label} | failed: ${(e.error ?? 'no figures').replace(/\|/g, '/')} | | | | | | | | | | |`);
      continue;
    }
    const a = e.agreement;
    const q = e.query;
    lines.push(
      `| ${e.label} | ${(e.build.buildMs / 1000).toFixed(1)} s (${(e.build.buildMs / result.readAllMs).toFixed(1)}× floor) | ${e.build.peakRssMB} MB | ${(e.build.diskBytes / 1e6).toFixed(1)} MB | ${q.loadMs.toFixed(0)} ms | ${q.rssMB} MB (+${q.rssMB - q.baselineRssMB}) | ${q.p50Ms.toFixed(1)} / ${q.p95Ms.toFixed(1)} ms | ${q.coldP50Ms.toFixed(1)} / ${q.coldP95Ms.toFixed(1)} ms | ${a.sameAsScan}/${result.queries} | ${(a.recall * 100).toFixed(2)}% / ${(a.precision * 100).toFixed(2)}% | ${a.sameAsOurs === undefined ? '—' : `${a.sameAsOurs}/${result.queries}`} | ${a.top20OverlapWithOurs === undefined ? '—' : a.top20OverlapWithOurs.toFixed(2)} |`,
    );
  }
  return lines.join('\n');
}
