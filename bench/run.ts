/**
 * `npm run bench`: speed and memory at 1,000 and 10,000 articles, each figure
 * printed beside a floor measured in the same run on the same data.
 * `npm run bench -- --size=100000` (or `--size=1000,100000`: library sizes,
 * comma-separated) picks the sizes; `--quick` runs the 1,000 size only;
 * `--only=build,incremental,catchup` measures only the index build from
 * scratch, an import of a tenth of the library's size with the index open,
 * and the same imported with the CLI and caught up at the next open;
 * `--only=long` only indexes the longest article the store accepts (no library).
 * Results go to bench/results/latest.json with a description of the machine.
 *
 * Libraries up to 10,000 articles are imported whole through the importer
 * (the import figure). Larger ones are written straight into the on-disk
 * format by `library-generator.ts` (minutes instead of most of an hour),
 * then the last 1,000 articles are imported through the importer
 * into that library, which gives the import figure at that size.
 *
 * Never part of `npm test`: tests check behaviour, this checks timings.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { promises as fs } from 'node:fs';
import { cpus, totalmem, platform, release, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import type { BrowserType } from 'playwright-core';
import { LibraryStore } from '../src-main/core/library/store';
import { importPaths } from '../src-main/core/import/import-service';
import { writeFileDurable } from '../src-main/core/library/durable-file';
import { describeRange } from '../src-main/common/anchoring/describe';
import { Core } from '../src-main/core/core';
import { CHROMIUM_ARGS, findChromium } from '../src-main/core/export/pdf';
import { locateChromium } from '../src-main/core/chromium-locations';
import { COLOR_KEYS } from '../src-main/common/model';
import type { Annotation, AnnotationsFile } from '../src-main/common/annotation';
import { benchCorpusOptions, benchQueries, seededRandom, syntheticCorpus, type CorpusOptions } from './search/bench-corpus';
import { generateLibrary, GENERATOR_VERSION } from './library-generator';
import { InvertedIndex } from '../src-main/core/search/inverted-index';
import { articleFields, indexFileFor, type DocRecord } from '../src-main/core/search/index-manifest';
import { MAX_ARTICLE_CHARS } from '../src-main/common/limits';
import { normalizeText } from '../src-main/common/search/tokenize';
import { concatChunks } from '../src-main/core/search/index-file';
import { concatMany } from '../src-main/core/search/segment-concat';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const work = join(root, 'bench', '.work');
const cli = join(root, 'out', 'main', 'cli.js');
const quick = process.argv.includes('--quick');
/**
 * `--only=search,export`: re-measure some figures on the libraries a previous run left in bench/.work.
 * `search` builds the index from scratch first (at 100,000 articles that is the long part);
 * `search-query` measures search, loading and memory on the index saved there, built by an earlier run.
 */
const only = new Set((process.argv.find((a) => a.startsWith('--only='))?.slice(7) ?? '').split(',').filter(Boolean));
const want = (figure: string) => only.size === 0 || only.has(figure);
const sizes = parseSizes(process.argv.find((a) => a.startsWith('--size='))?.slice(7)) ?? (quick ? [1000] : [1000, 10000]);
/** Above this size a library is generated on disk and only its last IMPORT_TAIL articles are imported. */
const IMPORT_ALL_UP_TO = 10_000;
const IMPORT_TAIL = 1000;
const sample = readFileSync(join(root, 'resources', 'rmrb-2023-waic-ai-conference.txt'), 'utf8');
const corpusOptions = (articles: number): CorpusOptions => benchCorpusOptions(articles, sample);
/** The fixed query set: the core queries plus words and phrases cut from the corpus (same for both sizes). */
const BENCH_QUERIES = benchQueries(corpusOptions(1000), 50);
const mulberry32 = seededRandom;

/** `--size=1000,100000` → [1000, 100000]; thousands separators and `k` allowed (`100k`, `100_000`). Exits on a bad value. */
function parseSizes(value: string | undefined): number[] | null {
  if (value === undefined) return null;
  const sizes = value.split(',').map((part) => {
    const m = /^(\d+)(k?)$/i.exec(part.trim().replace(/[_\s]/g, ''));
    const n = m ? Number(m[1]) * (m[2] ? 1000 : 1) : NaN;
    if (!Number.isInteger(n) || n < 100 || n > 1_000_000) {
      process.stderr.write(`--size: "${part}" is not a library size (a whole number of articles from 100 to 1,000,000, e.g. --size=1000,100000)\n`);
      process.exit(2);
    }
    return n;
  });
  return [...new Set(sizes)].sort((a, b) => a - b);
}

interface Row {
  size: number;
  figure: string;
  value: string;
  floor: string;
  ratio: string;
  target: string;
  ok: boolean | null;
}
const rows: Row[] = [];
const json: Record<string, unknown> = {};

function pct(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
const median = (v: number[]) => pct(v, 50);
const mb = (n: number) => `${n < 1e6 ? (n / 1e6).toFixed(3) : (n / 1e6).toFixed(0)} MB`;
const ms = (n: number) => `${n < 10 ? n.toFixed(2) : n.toFixed(0)} ms`;
const log = (s: string) => process.stderr.write(s + '\n');

function row(r: Row) {
  rows.push(r);
  log(`  ${r.figure}: ${r.value} (floor ${r.floor}, ${r.ratio})${r.ok === false ? '  MISSES ' + r.target : ''}`);
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ ms: number; stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolveRun) => {
    const started = performance.now();
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('exit', (code) => resolveRun({ ms: performance.now() - started, stdout, stderr, code }));
  });
}

/** Text files of `size` synthetic articles to import (`seed` other than the corpus's: articles a generated library does not hold). */
async function ensureCorpus(size: number, seed?: number): Promise<string> {
  const dir = join(work, seed === undefined ? `corpus-${size}` : `corpus-${size}-seed${seed}`);
  if (existsSync(join(dir, '.complete'))) return dir;
  log(`generating ${size} synthetic articles…`);
  await fs.rm(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let i = 0;
  for (const article of syntheticCorpus({ ...corpusOptions(size), ...(seed === undefined ? {} : { seed }) })) {
    await fs.writeFile(join(dir, `${String(i++).padStart(5, '0')}.txt`), article.text);
  }
  writeFileSync(join(dir, '.complete'), String(size));
  return dir;
}

/** Import rate through the real importer and store, beside copying the same files. */
async function benchImport(size: number, corpus: string, library: string, options: { keep?: boolean } = {}) {
  if (!options.keep) await fs.rm(library, { recursive: true, force: true });
  const files = (await fs.readdir(corpus)).filter((n) => n.endsWith('.txt'));
  const copyDir = join(tmpdir(), `bd-bench-copy-${size}`);
  await fs.rm(copyDir, { recursive: true, force: true });
  mkdirSync(copyDir);
  let started = performance.now();
  for (const f of files) await fs.copyFile(join(corpus, f), join(copyDir, f));
  const copyMs = performance.now() - started;
  await fs.rm(copyDir, { recursive: true, force: true });

  const store = await LibraryStore.open(library);
  started = performance.now();
  const outcomes = await importPaths(store, [corpus]);
  const importMs = performance.now() - started;
  await store.close();
  const imported = outcomes.filter((o) => o.status === 'imported').length;
  if (imported !== files.length)
    throw new Error(`only ${imported} of ${files.length} imported: ${JSON.stringify(outcomes.find((o) => o.status !== 'imported'))}`);
  const rate = (files.length / importMs) * 1000;
  const floorRate = (files.length / copyMs) * 1000;
  row({
    size,
    figure: options.keep ? `import (${files.length} more articles)` : 'import',
    value: `${rate.toFixed(0)} articles/s`,
    floor: `${floorRate.toFixed(0)} files/s copied`,
    ratio: `${(floorRate / rate).toFixed(1)}× slower`,
    target: '≥ 200 articles/s',
    ok: rate >= 200,
  });
  json[`import.${size}`] = { articlesPerSecond: rate, copyFilesPerSecond: floorRate };
}

/** About ten highlights per article, written as fixture data (not timed). */
async function addHighlights(library: string) {
  const store = await LibraryStore.open(library);
  const random = mulberry32(7);
  const now = new Date().toISOString();
  for (const entry of store.list()) {
    const article = await store.getArticle(entry.id);
    const annotations: Annotation[] = [];
    for (let k = 0; k < 10; k++) {
      const start = Math.floor(random() * Math.max(1, article.text.length - 60));
      const end = Math.min(article.text.length, start + 8 + Math.floor(random() * 50));
      if (!article.text.slice(start, end).trim()) continue;
      annotations.push({
        id: `h${entry.id.slice(1)}${k}`,
        articleId: entry.id,
        target: { selector: describeRange(article.text, start, end) },
        color: COLOR_KEYS[k % COLOR_KEYS.length],
        note: k % 3 === 0 ? `批注${k}：需关注相关政策落地情况` : '',
        tags: k % 4 === 0 ? ['要点'] : [],
        created: now,
        modified: now,
      });
    }
    const file: AnnotationsFile = { schemaVersion: 1, articleId: entry.id, annotations };
    await fs.writeFile(join(store.articleDir(entry.id), 'annotations.json'), JSON.stringify(file));
  }
  await store.close();
}

/** New process until the article list is ready, beside a process that only reads and parses the catalog. */
async function benchOpen(size: number, library: string) {
  const floorScript = `const t=JSON.parse(require('fs').readFileSync(${JSON.stringify(join(library, 'catalog.json'))},'utf8'));process.stdout.write(String(process.uptime()*1000))`;
  const opens: number[] = [];
  const wholeLists: number[] = [];
  const floors: number[] = [];
  let rss = 0;
  for (let i = 0; i < 5; i++) {
    const r = await run(process.execPath, [cli, 'stats', '--json', '--library', library], { BRIEFING_DESK_LIBRARY: '' });
    if (r.code !== 0) throw new Error(`stats failed: ${r.stderr}`);
    const stats = JSON.parse(r.stdout) as { firstPageReadyMs: number; listReadyMs: number; rssAfterOpenMb: number };
    // Until the list the app shows is ready: its first page, sorted and counted in core.
    opens.push(stats.firstPageReadyMs);
    wholeLists.push(stats.listReadyMs);
    rss = Math.max(rss, stats.rssAfterOpenMb);
    const f = await run(process.execPath, ['-e', floorScript]);
    floors.push(Number(f.stdout));
  }
  const open = median(opens);
  const floor = median(floors);
  row({
    size,
    figure: 'open library (first page of the list)',
    value: `${ms(open)} (whole list ${ms(median(wholeLists))})`,
    floor: ms(floor),
    ratio: `${(open / floor).toFixed(2)}×`,
    target: '≤ 1.0 s and ≤ 1.5× floor',
    ok: size < 10000 ? null : open <= 1000 && open <= 1.5 * floor,
  });
  row({ size, figure: 'memory after opening', value: `${rss} MB`, floor: '—', ratio: '—', target: '≤ 400 MB', ok: size < 10000 ? null : rss <= 400 });
  json[`open.${size}`] = { firstPageReadyMs: open, listReadyMs: median(wholeLists), floorMs: floor, rssAfterOpenMb: rss };
}

/**
 * The search index built from scratch in a new CLI process (in the build
 * worker, as the app builds it), beside a floor measured in this run:
 * reading and parsing every article file once, which any build must do.
 */
async function benchSearchBuild(size: number, library: string) {
  await fs.rm(join(library, 'index'), { recursive: true, force: true });
  const built = await run(process.execPath, [cli, 'stats', '--json', '--with-index', '--library', library]);
  if (built.code !== 0) throw new Error(`stats --with-index failed: ${built.stderr}`);
  const b = JSON.parse(built.stdout) as { indexReadyMs: number; indexDocuments: number };
  const articles = join(library, 'articles');
  const t0 = performance.now();
  let chars = 0;
  for (const id of readdirSync(articles)) {
    try {
      chars += (JSON.parse(readFileSync(join(articles, id, 'article.json'), 'utf8')) as { text: string }).text.length;
    } catch {
      // A damaged file is the build's business, not the floor's.
    }
  }
  const floor = performance.now() - t0;
  const bytes = statSync(join(library, 'index', 'search.bin')).size;
  row({
    size,
    figure: 'search index build from scratch (worker)',
    value: `${(b.indexReadyMs / 1000).toFixed(1)} s (${b.indexDocuments} articles, ${(chars / 1e6).toFixed(0)} M chars, file ${(bytes / 1e6).toFixed(0)} MB)`,
    floor: `read every article ${(floor / 1000).toFixed(1)} s`,
    ratio: `${(b.indexReadyMs / floor).toFixed(1)}×`,
    target: '≤ 60 s',
    ok: size < 10000 ? null : b.indexReadyMs <= 60_000,
  });
  json[`searchBuild.${size}`] = { buildMs: b.indexReadyMs, readFloorMs: floor, chars, indexFileBytes: bytes };
}

/** Index files (path inside index/ → inode and size) as they are now. */
function indexFiles(library: string): Map<string, { ino: number; size: number; mtimeMs: number }> {
  const out = new Map<string, { ino: number; size: number; mtimeMs: number }>();
  const walk = (dir: string, prefix: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      try {
        const st = statSync(join(dir, name));
        if (st.isDirectory()) walk(join(dir, name), `${prefix}${name}/`);
        else out.set(`${prefix}${name}`, { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs });
      } catch {
        // gone between the listing and the stat
      }
    }
  };
  walk(join(library, 'index'), '');
  return out;
}

/**
 * Importing `count` new articles into the library with its search index
 * open (as the app does): how long after each article is added a search
 * finds it (sampled every 100 articles, and the last one after the import),
 * and how many bytes the index writes to index/ until it is idle (every new
 * or replaced file, polled every 20 ms), beside a floor measured in the
 * same run: the index of those articles alone, built in this process (its
 * time and its file's size). Runs on a copy of the library (hard links; the
 * store and the index replace files by rename), removed afterwards.
 */
async function benchIncrementalImport(size: number, library: string, count: number) {
  const corpus = await ensureCorpus(count, 20231201);
  const copy = `${library}-plus-${count}`;
  await fs.rm(copy, { recursive: true, force: true });
  if (spawnSync('cp', ['-al', library, copy]).status !== 0) throw new Error(`could not copy ${library}`);
  const core = await Core.open({ dir: copy, host: 'cli', seedSample: false });
  try {
    const index = await core.ctx.search();
    await index.ready;
    await index.idle();
    const before = indexFiles(copy);
    const written = new Map<string, number>();
    const poll = setInterval(() => {
      for (const [name, f] of indexFiles(copy)) {
        const old = before.get(name);
        if (!old || old.ino !== f.ino || old.mtimeMs !== f.mtimeMs) written.set(`${name}@${f.ino}`, f.size);
      }
    }, 20);
    const lags: number[] = [];
    const searchFor = async (id: string): Promise<number> => {
      const entry = core.store.catalog.articles[id];
      const query = `"${entry.title}"`;
      const t0 = performance.now();
      const { hits } = await core.api.search({ query, limit: 20 });
      const lag = performance.now() - t0;
      // Titles can repeat: then it is looked for among every match (not timed).
      if (!hits.some((h) => h.id === id) && !(await core.api.search({ query, limit: 100_000 })).hits.some((h) => h.id === id))
        throw new Error(`article ${id} (${entry.title}) is not found right after its import`);
      return lag;
    };
    const known = new Set(Object.keys(core.store.catalog.articles));
    let added = 0;
    let lastId = '';
    const pending: Promise<void>[] = [];
    const off = core.store.onChange((event) => {
      if (event.type !== 'article-added' || known.has(event.id)) return;
      lastId = event.id;
      // A search right after the article is added: it waits for the index to take it (searches wait for updates).
      if (++added % 100 === 0) pending.push(searchFor(event.id).then((ms) => void lags.push(ms)));
    });
    const t0 = performance.now();
    const outcomes = await core.api.importPaths({ paths: [corpus], operation: 'bench' });
    const importMs = performance.now() - t0;
    off();
    const imported = outcomes.filter((o) => o.status === 'imported').length;
    if (imported !== count) throw new Error(`only ${imported} of ${count} imported`);
    const t1 = performance.now();
    lags.push(await searchFor(lastId));
    const lastSearchableMs = performance.now() - t1;
    await Promise.all(pending);
    await index.idle();
    const idleMs = performance.now() - t1;
    clearInterval(poll);
    for (const [name, f] of indexFiles(copy)) {
      const old = before.get(name);
      if (!old || old.ino !== f.ino || old.mtimeMs !== f.mtimeMs) written.set(`${name}@${f.ino}`, f.size);
    }
    const bytes = [...written.values()].reduce((a, b) => a + b, 0);
    const baseBytes = before.get('search.bin')?.size ?? 0;
    const baseRewritten = [...written.keys()].some((k) => k.startsWith('search.bin@'));
    log(
      `  imported ${count} in ${(importMs / 1000).toFixed(1)} s; searchable after p95 ${ms(pct(lags, 95))}, max ${ms(Math.max(...lags))}, last ${ms(lastSearchableMs)}; idle after ${(idleMs / 1000).toFixed(1)} s; ${mb(bytes)} written to index/ (${[...written.keys()].join(', ')})`,
    );

    // The floor: the same articles indexed alone in this process, and the size of their index file.
    const ids = [...core.store.list()].filter((e) => !known.has(e.id)).map((e) => e.id);
    const engine = new InvertedIndex();
    const docs: Record<string, DocRecord> = {};
    const texts: Array<[string, [string, string, string, string, string]]> = [];
    for (const id of ids) {
      const entry = core.store.catalog.articles[id];
      texts.push([id, articleFields(entry, '', (await core.store.getArticle(id)).text)]);
      docs[id] = { modified: entry.modified, contentHash: entry.contentHash };
    }
    const f0 = performance.now();
    for (const [id, fields] of texts) {
      engine.add(id, fields);
      if (engine.needsMerge) await engine.merge();
    }
    await engine.merge();
    const floorMs = performance.now() - f0;
    // Their segments as one file.
    const layout = engine.layout();
    const alone = new InvertedIndex(await concatMany(layout.segments), layout.ids, undefined, layout.parts);
    const floorBytes = concatChunks(indexFileFor(alone, docs).chunks).length;
    engine.close();

    const p95 = pct(lags, 95);
    row({
      size,
      figure: `import ${count.toLocaleString('en')} articles with the index open: searchable after (p95 / max / last)`,
      value: `${ms(p95)} / ${ms(Math.max(...lags))} / ${ms(lastSearchableMs)} (import ${(importMs / 1000).toFixed(1)} s, index idle ${(idleMs / 1000).toFixed(1)} s after it)`,
      floor: `indexing them alone ${(floorMs / 1000).toFixed(1)} s`,
      ratio: '—',
      target: 'within seconds, no rebuild',
      ok: Math.max(...lags) <= 5000 && !baseRewritten,
    });
    row({
      size,
      figure: `bytes written to index/ by that import`,
      value: `${mb(bytes)}${baseRewritten ? ' (search.bin rewritten)' : ''}`,
      floor: `their index alone ${mb(floorBytes)}; search.bin ${mb(baseBytes)}`,
      ratio: `${(bytes / floorBytes).toFixed(1)}×`,
      target: 'not a rewrite of search.bin',
      ok: !baseRewritten,
    });
    json[`incrementalImport.${size}`] = {
      count,
      importMs,
      lagP95Ms: p95,
      lagMaxMs: Math.max(...lags),
      lastSearchableMs,
      idleMs,
      bytes,
      floorMs,
      floorBytes,
      baseBytes,
      baseRewritten,
    };
  } finally {
    await core.close();
    await fs.rm(copy, { recursive: true, force: true });
  }
}

/**
 * Importing `count` new articles with the CLI (no index open), then opening
 * the library with its index in a new process (the next start of the app):
 * until the index is ready with them (caught up in the build worker) and the
 * bytes written to index/ meanwhile, beside the same open of the library
 * before the import (loading the saved index alone). On a copy (hard links)
 * of the library, removed afterwards.
 */
async function benchCatchUp(size: number, library: string, count: number) {
  const corpus = await ensureCorpus(count, 20231201);
  const copy = `${library}-cli-plus-${count}`;
  await fs.rm(copy, { recursive: true, force: true });
  if (spawnSync('cp', ['-al', library, copy]).status !== 0) throw new Error(`could not copy ${library}`);
  try {
    const open = async (): Promise<{ indexReadyMs: number; indexDocuments: number }> => {
      const r = await run(process.execPath, [cli, 'stats', '--json', '--with-index', '--library', copy], { BRIEFING_DESK_LIBRARY: '' });
      if (r.code !== 0) throw new Error(`stats --with-index failed: ${r.stderr}`);
      return JSON.parse(r.stdout) as { indexReadyMs: number; indexDocuments: number };
    };
    // The first open builds the index if the library has none (then the floor is a load).
    await open();
    const floor = await open();
    const imported = await run(process.execPath, [cli, 'import', corpus, '--json', '--library', copy], { BRIEFING_DESK_LIBRARY: '' });
    if (imported.code !== 0) throw new Error(`import failed: ${imported.stderr.slice(-500)}`);
    const before = indexFiles(copy);
    const caught = await open();
    const after = indexFiles(copy);
    let bytes = 0;
    const names: string[] = [];
    for (const [name, f] of after) {
      const old = before.get(name);
      if (!old || old.ino !== f.ino || old.mtimeMs !== f.mtimeMs) {
        bytes += f.size;
        names.push(name);
      }
    }
    const baseBytes = before.get('search.bin')?.size ?? 0;
    const baseRewritten = names.includes('search.bin');
    log(
      `  CLI import of ${count} in ${(imported.ms / 1000).toFixed(1)} s; next open ready in ${ms(caught.indexReadyMs)} with ${caught.indexDocuments}; wrote ${names.join(', ')}`,
    );
    row({
      size,
      figure: `CLI import of ${count.toLocaleString('en')} articles (index closed), then open: index ready with them`,
      value: `${(caught.indexReadyMs / 1000).toFixed(1)} s (${caught.indexDocuments} articles)`,
      floor: `open with the saved index before the import ${(floor.indexReadyMs / 1000).toFixed(1)} s`,
      ratio: `${(caught.indexReadyMs / floor.indexReadyMs).toFixed(1)}×`,
      target: 'no rebuild',
      ok: caught.indexDocuments === floor.indexDocuments + count && !baseRewritten,
    });
    row({
      size,
      figure: `bytes written to index/ by that catch-up`,
      value: `${mb(bytes)}${baseRewritten ? ' (search.bin rewritten)' : ''}`,
      floor: `search.bin ${mb(baseBytes)}`,
      ratio: `${(bytes / baseBytes).toFixed(2)}×`,
      target: 'not a rewrite of search.bin',
      ok: !baseRewritten,
    });
    json[`catchUp.${size}`] = {
      count,
      importMs: imported.ms,
      readyMs: caught.indexReadyMs,
      floorReadyMs: floor.indexReadyMs,
      bytes,
      baseBytes,
      baseRewritten,
      written: names,
    };
  } finally {
    await fs.rm(copy, { recursive: true, force: true });
  }
}

/** A new process that opens the library and loads its saved search index (run after the search figures, which build it), beside reading search.bin whole. */
async function benchIndexMemory(size: number, library: string) {
  const withIndex = await run(process.execPath, [cli, 'stats', '--json', '--with-index', '--library', library]);
  const idx = JSON.parse(withIndex.stdout) as { indexReadyMs: number; rssWithIndexMb: number; rssAfterOpenMb: number };
  const t0 = performance.now();
  const bytes = readFileSync(join(library, 'index', 'search.bin')).length;
  const floor = performance.now() - t0;
  row({
    size,
    figure: 'loading the saved search index',
    value: ms(idx.indexReadyMs),
    floor: `read search.bin whole (${(bytes / 1e6).toFixed(0)} MB) ${ms(floor)}`,
    ratio: `${(idx.indexReadyMs / floor).toFixed(2)}×`,
    target: '≤ 0.5 s',
    ok: size < 10000 ? null : idx.indexReadyMs <= 500,
  });
  row({
    size,
    figure: 'memory with the search index loaded',
    value: `${idx.rssWithIndexMb} MB`,
    floor: `${idx.rssAfterOpenMb} MB before loading it`,
    ratio: '—',
    target: '≤ 600 MB',
    ok: size < 10000 ? null : idx.rssWithIndexMb <= 600,
  });
  json[`index.${size}`] = { ...idx, readWholeFileMs: floor, indexFileBytes: bytes };
}

/**
 * The longest article the store accepts (`MAX_ARTICLE_CHARS` UTF-16 units of
 * generated Chinese news text), indexed whole as every article is since the
 * indexing rules stopped cutting texts at 300,000 units: the time to index
 * it (`articleFields` + `InvertedIndex.add` + merge) and the bytes it adds to
 * the index, beside normalising the same text once (the tokenizer's first
 * pass: a floor no indexing can beat) and beside the first 300,000 units
 * (what the first rules indexed). Heap growth is taken with the index held.
 */
async function benchLongArticle() {
  const parts: string[] = [];
  let length = 0;
  for (const a of syntheticCorpus({ ...benchCorpusOptions(100_000, sample), minChars: 15_000, maxChars: 20_000 })) {
    parts.push(a.text);
    length += a.text.length + 1;
    if (length >= MAX_ARTICLE_CHARS) break;
  }
  const text = parts.join('\n').slice(0, MAX_ARTICLE_CHARS);
  const entry = { id: 'long', title: '超长文章', tags: [], added: '', modified: '', contentHash: '', chars: text.length, format: 'text' as const };
  const measure = async (body: string) => {
    (globalThis as { gc?: () => void }).gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    const engine = new InvertedIndex();
    engine.add('long', articleFields(entry, '', body));
    await engine.merge();
    const took = performance.now() - t0;
    const bytes = concatChunks(indexFileFor(engine, { long: { modified: '', contentHash: '' } }).chunks).length;
    const heap = process.memoryUsage().heapUsed - heap0;
    engine.close();
    return { took, bytes, heap };
  };
  const floorStart = performance.now();
  normalizeText(text);
  const floor = performance.now() - floorStart;
  const whole = await measure(text);
  const cut = await measure(text.slice(0, 300_000));
  row({
    size: 1,
    figure: `index the longest article whole (${text.length.toLocaleString('en')} UTF-16 units)`,
    value: `${ms(whole.took)}; index ${mb(whole.bytes)}, heap +${mb(whole.heap)} (first 300,000 units: ${ms(cut.took)}, ${mb(cut.bytes)})`,
    floor: `NFKC of the text ${ms(floor)}`,
    ratio: `${(whole.took / floor).toFixed(1)}×`,
    target: 'every character searchable; ≤ 5 s',
    ok: whole.took <= 5000,
  });
  json.longArticle = { units: text.length, indexMs: whole.took, indexBytes: whole.bytes, heapBytes: whole.heap, cut300k: cut, normalizeMs: floor };
}

/** Search p50/p95 over the fixed queries, beside a String.includes scan of every text. */
async function benchSearch(size: number, library: string) {
  const core = await Core.open({ dir: library, host: 'cli', seedSample: false, searchIndex: 'lazy' });
  try {
    const index = await core.ctx.search();
    const started = performance.now();
    await index.ready;
    const readyMs = performance.now() - started;
    log(`  search index ready in ${ms(readyMs)} (${index.status().openedFrom})`);
    json[`searchIndex.${size}`] = { readyMs, openedFrom: index.status().openedFrom };
    const texts: string[] = [];
    for (const entry of core.store.list()) texts.push((await core.store.getArticle(entry.id)).text.toLowerCase());
    // The first search of each query (its texts not yet read), reported apart; then the measured rounds.
    const firsts: number[] = [];
    for (const q of BENCH_QUERIES) {
      const t0 = performance.now();
      await core.api.search({ query: q, limit: 20 });
      firsts.push(performance.now() - t0);
    }
    const times: number[] = [];
    for (let round = 0; round < 3; round++) {
      for (const q of BENCH_QUERIES) {
        const t0 = performance.now();
        await core.api.search({ query: q, limit: 20 });
        times.push(performance.now() - t0);
      }
    }
    const scans: number[] = [];
    for (const q of BENCH_QUERIES) {
      const needle = q.toLowerCase();
      const t0 = performance.now();
      let hits = 0;
      for (const t of texts) if (t.includes(needle)) hits++;
      scans.push(performance.now() - t0 + (hits < 0 ? 1 : 0));
    }
    const p50 = pct(times, 50);
    const p95 = pct(times, 95);
    const scan50 = pct(scans, 50);
    const scan95 = pct(scans, 95);
    row({
      size,
      figure: 'search p50 / p95',
      value: `${ms(p50)} / ${ms(p95)} (first search of each query ${ms(pct(firsts, 50))} / ${ms(pct(firsts, 95))})`,
      floor: `scan ${ms(scan50)} / ${ms(scan95)}`,
      ratio: `${(scan95 / p95).toFixed(0)}× faster (p95)`,
      target: 'p95 ≤ 30 ms and ≥ 20× faster than the scan',
      ok: size < 10000 ? null : p95 <= 30 && scan95 / p95 >= 20,
    });
    json[`search.${size}`] = {
      p50,
      p95,
      firstP50: pct(firsts, 50),
      firstP95: pct(firsts, 95),
      scanP50: scan50,
      scanP95: scan95,
      queries: BENCH_QUERIES.length,
    };
  } finally {
    await core.close();
  }
}

/** Until a new highlight is durable on disk, beside one atomic write of the same file. */
async function benchHighlight(size: number, library: string): Promise<number> {
  const core = await Core.open({ dir: library, host: 'cli', seedSample: false, searchIndex: 'lazy' });
  try {
    const random = mulberry32(size);
    const entries = core.store.list();
    const times: number[] = [];
    const floors: number[] = [];
    for (let i = 0; i < 300; i++) {
      const entry = entries[Math.floor(random() * entries.length)];
      const start = Math.floor(random() * (entry.chars - 40));
      const t0 = performance.now();
      await core.api.createAnnotation({ articleId: entry.id, start, end: start + 20, color: 'key' });
      times.push(performance.now() - t0);
      const path = join(core.store.articleDir(entry.id), 'annotations.json');
      const content = await fs.readFile(path, 'utf8');
      const t1 = performance.now();
      await writeFileDurable(path, content);
      floors.push(performance.now() - t1);
    }
    const p50 = pct(times, 50);
    const p95 = pct(times, 95);
    row({
      size,
      figure: 'add highlight p50 / p95',
      value: `${ms(p50)} / ${ms(p95)}`,
      floor: `write ${ms(pct(floors, 50))} / ${ms(pct(floors, 95))}`,
      ratio: `${(p95 / pct(floors, 95)).toFixed(2)}× (p95)`,
      target: 'p95 ≤ 20 ms',
      ok: p95 <= 20,
    });
    json[`highlight.${size}`] = { p50, p95, floorP50: pct(floors, 50), floorP95: pct(floors, 95) };
    return p95;
  } finally {
    await core.close();
  }
}

/**
 * The highlight index's cost when the app opens a library: every article's highlight tags known
 * (the tag model), from index/highlights.json checked against the files by stat, beside a floor
 * that only parses that file and stats the same files at the same concurrency; and, where the
 * summary is not there yet (first open after an upgrade; only up to 10,000 articles unless
 * missing), learnt from every annotations.json. Background work: the reader's requests never
 * wait for it (`click an article` is measured with it running).
 */
async function benchHighlightTags(size: number, library: string) {
  const summaryPath = join(library, 'index', 'highlights.json');
  const openCore = () => Core.open({ dir: library, host: 'cli', seedSample: false, searchIndex: 'lazy' });
  if (size <= IMPORT_ALL_UP_TO || !existsSync(summaryPath)) {
    await fs.rm(summaryPath, { force: true });
    const core = await openCore();
    const t0 = performance.now();
    await core.ctx.highlights.loadTags();
    const fromFiles = performance.now() - t0;
    await core.close(); // writes the summary
    const n = core.store.size;
    row({
      size,
      figure: 'highlight tags learnt from every annotations.json (first open, background)',
      value: ms(fromFiles),
      floor: '—',
      ratio: `${((n / fromFiles) * 1000).toFixed(0)} files/s`,
      target: '—',
      ok: null,
    });
    json[`highlightTagsFromFiles.${size}`] = { ms: fromFiles, articles: n };
  }
  const times: number[] = [];
  const floors: number[] = [];
  let rss = 0;
  for (let i = 0; i < 3; i++) {
    const core = await openCore();
    const t0 = performance.now();
    await core.ctx.highlights.loadTags();
    times.push(performance.now() - t0);
    rss = Math.max(rss, process.memoryUsage().rss / 1048576);
    const ids = core.store.entries().map((e) => e.id);
    const dirs = ids.map((id) => core.store.articleDir(id));
    await core.close();
    const t1 = performance.now();
    JSON.parse(await fs.readFile(summaryPath, 'utf8'));
    let next = 0;
    const worker = async () => {
      while (next < dirs.length) await fs.stat(join(dirs[next++], 'annotations.json')).catch(() => null);
    };
    await Promise.all([worker(), worker()]);
    floors.push(performance.now() - t1);
  }
  const value = median(times);
  const floor = median(floors);
  row({
    size,
    figure: 'highlight tags known from index/highlights.json (background)',
    value: ms(value),
    floor: `${ms(floor)} parse + stat`,
    ratio: `${(value / floor).toFixed(2)}×`,
    target: '≤ 2× floor',
    ok: value <= 2 * floor,
  });
  json[`highlightTags.${size}`] = { ms: value, floorMs: floor, rssMb: Math.round(rss) };
}

/** Click in the list until a 30,000-character article is painted in Chromium (browser mode), with 500 highlights and without, beside the same text put into a page and painted. */
async function benchOpenArticle(size: number, library: string) {
  const core = await Core.open({ dir: library, host: 'cli', seedSample: false, searchIndex: 'lazy' });
  const [long] = syntheticCorpus({ articles: 1, minChars: 30_000, maxChars: 30_000, seed: 99, sources: [sample] });
  const existing = (title: string) => core.store.list().find((e) => e.title === title);
  const withHl = existing('长文（500条批注）') ?? (await core.api.importText({ text: long.text, title: '长文（500条批注）' }));
  const without = existing('长文（无批注对照）') ?? (await core.api.importText({ text: long.text + '\n（无批注对照）', title: '长文（无批注对照）' }));
  const random = mulberry32(5);
  const now = new Date().toISOString();
  const article = await core.api.getArticle({ id: withHl.id });
  const paragraphs = article.blocks.map((b) => article.text.slice(b.start, b.end));
  const annotations: Annotation[] = [];
  for (let k = 0; k < 500; k++) {
    const start = Math.floor(random() * (article.text.length - 80));
    const end = start + 5 + Math.floor(random() * 70);
    annotations.push({
      id: `hbench${k}`,
      articleId: withHl.id,
      target: { selector: describeRange(article.text, start, end) },
      color: COLOR_KEYS[k % 5],
      note: k % 5 === 0 ? '注' : '',
      tags: [],
      created: now,
      modified: now,
    });
  }
  await fs.writeFile(join(core.store.articleDir(withHl.id), 'annotations.json'), JSON.stringify({ schemaVersion: 1, articleId: withHl.id, annotations }));
  await core.close();

  const { chromium } = await import('playwright-core');
  const server = spawn(process.execPath, [cli, 'serve', '--no-open', '--library', library], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise<string>((res, rej) => {
      let out = '';
      server.stdout.on('data', (c) => {
        out += c;
        const m = /running at (\S+)/.exec(out);
        if (m) res(m[1]);
      });
      server.on('exit', () => rej(new Error(out)));
    });
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url);
    await page.getByTestId('article-row').first().waitFor();
    // The list is virtualised: a row near the top (the two long articles are the newest) stays in the DOM.
    const neutral = (await page.getByTestId('article-row').nth(2).getAttribute('id'))!.replace('article-', '');
    /** Opens an article and returns the time from the click until it has painted with its highlights. */
    async function show(id: string): Promise<number> {
      await page.evaluate(() => performance.clearMarks('bd:article-painted'));
      const t0 = await page.evaluate(() => performance.now());
      await page.locator(`#article-${id}`).click();
      await page.waitForFunction(
        (wanted) => performance.getEntriesByName('bd:article-painted').some((m) => (m as PerformanceMark).detail?.articleId === wanted),
        id,
        { timeout: 30_000 },
      );
      return page.evaluate(
        ({ start, wanted }) =>
          performance.getEntriesByName('bd:article-painted').find((m) => (m as PerformanceMark).detail?.articleId === wanted)!.startTime - start,
        { start: t0, wanted: id },
      );
    }
    /** Floor: the same text as plain paragraphs put into the page and painted (rAF + task, as the reader's mark). */
    async function floorPaint(): Promise<number> {
      return page.evaluate(
        (paras) =>
          new Promise<number>((done) => {
            const t0 = performance.now();
            const div = document.createElement('div');
            div.style.cssText = 'position:fixed;inset:0;overflow:auto;background:#fff;z-index:99999;font-size:18px;line-height:1.9;padding:40px 25%';
            for (const text of paras) div.appendChild(document.createElement('p')).textContent = text;
            document.body.append(div);
            requestAnimationFrame(() =>
              setTimeout(() => {
                const took = performance.now() - t0;
                div.remove();
                done(took);
              }, 0),
            );
          }),
        paragraphs,
      );
    }
    async function paint(id: string): Promise<number> {
      await show(neutral); // start from another, small article every time
      return show(id);
    }
    const withTimes: number[] = [];
    const withoutTimes: number[] = [];
    const floorTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      withoutTimes.push(await paint(without.id));
      withTimes.push(await paint(withHl.id));
      floorTimes.push(await floorPaint());
    }
    await browser.close();
    const value = median(withTimes);
    const plain = median(withoutTimes);
    const floor = median(floorTimes);
    const floorText = `${ms(floor)} static paint`;
    row({
      size,
      figure: 'click an article until painted (30k chars)',
      value: ms(plain),
      floor: floorText,
      ratio: `${(plain / floor).toFixed(2)}×`,
      target: '≤ 300 ms',
      ok: plain <= 300,
    });
    row({
      size,
      figure: 'click an article until painted (30k chars, 500 highlights)',
      value: ms(value),
      floor: floorText,
      ratio: `${(value / floor).toFixed(2)}×`,
      target: '≤ 300 ms',
      ok: value <= 300,
    });
    json[`openArticle.${size}`] = { ms: value, withoutHighlightsMs: plain, floorMs: floor };
  } finally {
    if (server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await exited; // it holds the library's lock until it has closed
    }
  }
}

/** A 20-page briefing through the CLI, beside Chromium printing the same HTML directly. */
async function benchExport(size: number, library: string) {
  const core = await Core.open({ dir: library, host: 'cli', seedSample: false, searchIndex: 'lazy' });

  const ids = core.store
    .list()
    .reverse()
    .slice(0, 12)
    .map((e) => e.id); // corpus articles, not the long test article
  const created = await core.api.createBriefing({
    title: '人工智能产业动态（基准测试）',
    organisation: '政策研究室',
    issueNumber: 20,
    articleIds: ids,
    template: 'gbt9704',
  });
  // With its 版记, as an office sends it: the export then also places it at the foot of the last page.
  const briefing = await core.api.saveBriefing({
    briefing: {
      ...created,
      header: { ...created.header, distribution: { to: '市委、市政府领导同志', cc: '市发展改革委、市经济信息化委', issuedTo: '各区发展改革部门' }, copies: 60 },
    },
  });
  const { html } = await core.api.previewBriefing({ id: briefing.id });
  await core.close();
  const htmlPath = join(tmpdir(), 'bd-bench-briefing.html');
  writeFileSync(htmlPath, html);
  const out = join(tmpdir(), 'bd-bench-briefing.pdf');
  const cliTimes: number[] = [];
  const floorTimes: number[] = [];
  const bareTimes: number[] = [];
  const browserBareTimes: number[] = [];
  // The engine the export prints with (a packaged headless shell where there is one) and, for comparison when
  // that is the shell, the full browser.
  const engine = findChromium();
  const browser = locateChromium();
  const compareBrowser = browser !== null && browser !== engine ? browser : null;
  // The engine alone printing the same HTML file (its own --print-to-pdf, bookmarks on; headless print is tagged):
  // the least any export must do — start the engine, lay out and print — with no Node and no automation library.
  const bareArgs = [...CHROMIUM_ARGS, '--headless', '--no-pdf-header-footer', '--generate-pdf-document-outline', `--print-to-pdf=${out}.bare.pdf`];
  const bare = async (executable: string, times: number[]) => {
    const r = await run(executable, [...bareArgs, pathToFileURL(htmlPath).href]);
    if (r.code !== 0) throw new Error(`${executable}'s own print failed: ${r.stderr}`);
    times.push(r.ms);
  };
  for (let i = 0; i < 5; i++) {
    const r = await run(process.execPath, [cli, 'export', briefing.id, '--format', 'pdf', '--out', out, '--library', library]);
    if (r.code !== 0) throw new Error(`export failed: ${r.stderr}`);
    cliTimes.push(r.ms);
    const f = await run(process.execPath, [join(root, 'bench', 'print-floor.mjs'), htmlPath, out + '.floor.pdf', engine]);
    if (f.code !== 0) throw new Error(`floor print failed: ${f.stderr}`);
    floorTimes.push(f.ms);
    await bare(engine, bareTimes);
    if (compareBrowser) await bare(compareBrowser, browserBareTimes);
  }
  const pages = Number(/Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', [out]).stdout?.toString() ?? '')?.[1] ?? 0);
  const value = median(cliTimes);
  const floor = median(floorTimes);
  const bareFloor = median(bareTimes);
  const browserFloor = compareBrowser ? median(browserBareTimes) : undefined;
  const engineName = basename(engine);
  row({
    size,
    figure: `export PDF (${pages} pages, gbt9704, CLI, printed by ${engineName})`,
    value: ms(value),
    floor:
      `${engineName} alone ${ms(bareFloor)}; through playwright-core ${ms(floor)}` +
      (browserFloor !== undefined ? `; the full browser alone (${basename(compareBrowser!)}) ${ms(browserFloor)}` : ''),
    ratio: `${(value / bareFloor).toFixed(2)}× (${(value / floor).toFixed(2)}×)`,
    target: '≤ 2.5 s and ≤ 1.3× floor',
    ok: value <= 2500 && value <= 1.3 * bareFloor,
  });
  json[`exportPdf.${size}`] = {
    ms: value,
    floorMs: floor,
    chromiumAloneMs: bareFloor,
    pages,
    engine,
    ...(browserFloor !== undefined ? { browserAloneMs: browserFloor } : {}),
  };

  // The path a user of the app takes: the library is open and the print engine keeps running after the
  // first export. Beside it the floor of that path: the same HTML printed in a new page of a running browser.
  const app = await Core.open({ dir: library, host: 'cli', seedSample: false, searchIndex: 'lazy' });
  const appTimes: number[] = [];
  try {
    await app.api.exportBriefingToFile({ id: briefing.id, format: 'pdf', path: out }); // starts the print engine
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      await app.api.exportBriefingToFile({ id: briefing.id, format: 'pdf', path: out });
      appTimes.push(performance.now() - t0);
    }
  } finally {
    await app.close();
  }
  const { chromium } = createRequire(import.meta.url)('playwright-core') as { chromium: BrowserType };
  const warm = await chromium.launch({ executablePath: engine, args: CHROMIUM_ARGS });
  const warmFloorTimes: number[] = [];
  try {
    for (let i = 0; i < 4; i++) {
      const t0 = performance.now();
      const page = await warm.newPage({ javaScriptEnabled: false });
      await page.setContent(html, { waitUntil: 'load' });
      await page.pdf({ preferCSSPageSize: true, printBackground: true, outline: true, tagged: true });
      await page.close();
      if (i > 0) warmFloorTimes.push(performance.now() - t0);
    }
  } finally {
    await warm.close();
  }
  const appValue = median(appTimes);
  const warmFloor = median(warmFloorTimes);
  row({
    size,
    figure: `export PDF (${pages} pages, gbt9704, in the app: library open, print engine running)`,
    value: ms(appValue),
    floor: `${ms(warmFloor)} print in a running browser`,
    ratio: `${(appValue / warmFloor).toFixed(2)}×`,
    target: '≤ 2.5 s and ≤ 1.3× floor',
    ok: appValue <= 2500 && appValue <= 1.3 * warmFloor,
  });
  json[`exportPdfInApp.${size}`] = { ms: appValue, floorMs: warmFloor, pages };
}

async function main() {
  if (!existsSync(cli)) {
    log('building first (npm run build)…');
    const b = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', cwd: root });
    if (b.status !== 0) process.exit(1);
  }
  mkdirSync(work, { recursive: true });
  const highlightP95: Record<number, number> = {};
  // `--only=long` alone needs no library.
  for (const size of only.size === 1 && only.has('long') ? [] : sizes) {
    log(`\n== ${size} articles ==`);
    const library = join(work, `library-${size}`);
    if (size <= IMPORT_ALL_UP_TO && (want('import') || !existsSync(join(library, 'catalog.json')))) {
      const corpus = await ensureCorpus(size);
      await benchImport(size, corpus, library);
      await addHighlights(library);
    } else if (size > IMPORT_ALL_UP_TO) {
      const generated = `${library}-generated-v${GENERATOR_VERSION}`;
      if (!existsSync(join(generated, '.complete'))) {
        log(`writing a library of ${size - IMPORT_TAIL} generated articles (library-generator.ts)…`);
        await fs.rm(generated, { recursive: true, force: true });
        const done = await generateLibrary(generated, {
          ...corpusOptions(size - IMPORT_TAIL),
          highlightsPerArticle: 10,
          onProgress: (n, total) => n % 10_000 === 0 && log(`  ${n} of ${total}`),
        });
        writeFileSync(join(generated, '.complete'), String(size - IMPORT_TAIL));
        log(`  written in ${(done.ms / 1000).toFixed(0)} s`);
      }
      if (want('import') || !existsSync(join(library, '.complete'))) {
        // A copy of the generated library (kept for the next run), then the last articles through the importer.
        await fs.rm(library, { recursive: true, force: true });
        // Hard links where the system can (the store replaces files by rename, never in place, so the
        // generated library stays as it was); a full copy otherwise.
        if (spawnSync('cp', ['-al', generated, library]).status !== 0) {
          await fs.rm(library, { recursive: true, force: true });
          await fs.cp(generated, library, { recursive: true });
        }
        await fs.rm(join(library, '.complete'));
        await benchImport(size, await ensureCorpus(IMPORT_TAIL, 20231128), library, { keep: true });
        writeFileSync(join(library, '.complete'), String(size));
      }
    }
    if (want('open')) await benchOpen(size, library);
    // Built from scratch first (search.bin is then the one the other figures load); `--only=build` measures only that.
    if (want('search') || want('build')) await benchSearchBuild(size, library);
    if (want('search')) {
      await benchSearch(size, library);
      await benchIndexMemory(size, library);
    } else if (only.has('search-query')) {
      if (!existsSync(join(library, 'index', 'search.bin'))) throw new Error(`--only=search-query needs a search index built by an earlier run in ${library}`);
      await benchSearch(size, library);
      await benchIndexMemory(size, library);
    }
    if (want('incremental')) await benchIncrementalImport(size, library, Math.max(100, size / 10));
    if (want('catchup')) await benchCatchUp(size, library, Math.max(100, size / 10));
    if (want('highlight')) highlightP95[size] = await benchHighlight(size, library);
    if (want('tags')) await benchHighlightTags(size, library);
    if (want('article')) await benchOpenArticle(size, library);
    if (want('export')) await benchExport(size, library);
  }
  if (want('long')) await benchLongArticle();
  const smallest = sizes.find((s) => highlightP95[s] !== undefined);
  for (const size of sizes) {
    if (smallest === undefined || size === smallest || highlightP95[size] === undefined) continue;
    const ratio = highlightP95[size] / highlightP95[smallest];
    const limit = size / smallest >= 100 ? 1.5 : 1.3;
    row({
      size,
      figure: `add highlight p95, ${size.toLocaleString('en')} vs ${smallest.toLocaleString('en')}`,
      value: `${ratio.toFixed(2)}×`,
      floor: '—',
      ratio: '—',
      target: `≤ ${limit}×`,
      ok: ratio <= limit,
    });
  }

  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.version,
  };
  const header = '| articles | figure | value | floor (same run) | ratio | target | meets |';
  const lines = [header, '| --- | --- | --- | --- | --- | --- | --- |'];
  for (const r of rows)
    lines.push(`| ${r.size} | ${r.figure} | ${r.value} | ${r.floor} | ${r.ratio} | ${r.target} | ${r.ok === null ? '—' : r.ok ? 'yes' : '**no**'} |`);
  console.log(`\nBriefing Desk benchmark — ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, ${machine.os}, Node ${machine.node}\n`);
  console.log(lines.join('\n'));
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  const file = join(root, 'bench', 'results', only.size ? 'partial.json' : 'latest.json');
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), quick, only: [...only], machine, rows, figures: json }, null, 2));
  log(`\nwrote ${file}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
