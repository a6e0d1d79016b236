/**
 * Writes a library of many articles straight into the on-disk format, for
 * the benchmark at 100,000 articles and the end-to-end test at scale:
 * importing 100,000 articles through the importer and the store (one fsync
 * per file, one worker round trip per file) takes many minutes; writing the
 * same files here takes a fraction of that.
 *
 * The files are what the store itself would write: each article is the
 * plain-text importer's own result (`parsePlainText`) for a synthetic
 * article of `bench/search/bench-corpus.ts`, encoded and validated by the
 * file-kind registry (`encodeFile` with `articleKind`, `annotationsKind`,
 * `settingsKind`; the catalog's entries validated one by one with
 * `catalogEntrySchema`, as the store does). Nothing is fsynced: a generated
 * library is a fixture, not user data. The library is opened once at the
 * end (`LibraryStore.open`) and must open without rebuilding or recovering
 * anything, or the generator throws.
 *
 * Same options → the same texts, ids and highlights; `GENERATOR_VERSION`
 * changes whenever the output would, so callers may cache a library under a
 * folder named by it.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { Annotation, AnnotationsFile } from '../src-main/common/annotation';
import { describeRange } from '../src-main/common/anchoring/describe';
import { COLOR_KEYS, type Article, type CatalogEntry } from '../src-main/common/model';
import { parsePlainText } from '../src-main/core/import/plain-text';
import { annotationsKind, articleKind, catalogEntrySchema, catalogKind, encodeFile, settingsKind, type CatalogFile } from '../src-main/core/library/file-kinds';
import { contentHash, LibraryStore } from '../src-main/core/library/store';
import { seededRandom, syntheticCorpus, type CorpusOptions } from './search/bench-corpus';

/** Bumped whenever the generated files would differ (cache key for callers). */
export const GENERATOR_VERSION = 1;

export interface GenerateLibraryOptions extends CorpusOptions {
  /** Highlights written per article (default 0). */
  highlightsPerArticle?: number;
  /** Files written at the same time (default 16). */
  parallel?: number;
  /** Called every 1,000 articles with the count written so far. */
  onProgress?: (done: number, total: number) => void;
}

export interface GeneratedLibrary {
  /** Article ids in the order generated (the first is the oldest `added`). */
  ids: string[];
  /** Wall time of the generation in ms. */
  ms: number;
}

/** The id of the n-th generated article (n from 0): `g` + 8 digits, stable across runs. */
export function generatedId(n: number): string {
  return `g${String(n).padStart(8, '0')}`;
}

const SOURCES = ['人民日报', '新华社', '经济日报', '光明日报', 'Reuters'];

/**
 * Writes `options.articles` synthetic articles (and their highlights) into
 * `dir`, which must not hold a library yet, then opens it once to check that
 * the store reads it as written. Throws when `dir` already holds a library or
 * the store had to repair anything.
 */
export async function generateLibrary(dir: string, options: GenerateLibraryOptions): Promise<GeneratedLibrary> {
  const started = performance.now();
  if (
    await fs.stat(join(dir, 'catalog.json')).then(
      () => true,
      () => false,
    )
  )
    throw new Error(`${dir} already holds a library`);
  await fs.mkdir(join(dir, 'articles'), { recursive: true });
  const parallel = options.parallel ?? 16;
  const perArticle = options.highlightsPerArticle ?? 0;
  const random = seededRandom((options.seed ?? 1) ^ 0x5eed);
  const entries: Record<string, CatalogEntry> = {};
  const ids: string[] = [];
  const base = Date.UTC(2021, 0, 1);
  const now = new Date().toISOString();
  let pending: Promise<void>[] = [];
  let n = 0;
  for (const synthetic of syntheticCorpus(options)) {
    const id = generatedId(n);
    const added = new Date(base + n * 60_000).toISOString();
    const parsed = parsePlainText(synthetic.text, synthetic.fileName);
    const published = `${2021 + (n % 5)}-${String((n % 12) + 1).padStart(2, '0')}-${String((n % 28) + 1).padStart(2, '0')}`;
    const article: Article = {
      schemaVersion: articleKind.current,
      id,
      text: parsed.text,
      blocks: parsed.blocks,
      ...(parsed.marks?.length ? { marks: parsed.marks } : {}),
      meta: {
        source: SOURCES[n % SOURCES.length],
        published,
        ...parsed.meta,
        tags: n % 50 === 0 ? ['重点'] : [],
        title: parsed.meta.title || synthetic.fileName,
      },
      provenance: { format: 'text', fileName: synthetic.fileName, importedAt: added },
      revision: 1,
      modified: added,
    };
    const entry: CatalogEntry = {
      ...article.meta,
      id,
      added,
      modified: added,
      contentHash: contentHash(article.text),
      chars: article.text.length,
      format: 'text',
    };
    const checked = catalogEntrySchema.safeParse(entry);
    if (!checked.success) throw new Error(`generated catalog entry ${id} is not valid: ${checked.error.message}`);
    entries[id] = entry;
    ids.push(id);
    const annotations: Annotation[] = [];
    for (let k = 0; k < perArticle; k++) {
      const start = Math.floor(random() * Math.max(1, article.text.length - 60));
      const end = Math.min(article.text.length, start + 8 + Math.floor(random() * 50));
      if (!article.text.slice(start, end).trim()) continue;
      annotations.push({
        id: `h${id.slice(1)}${k}`,
        articleId: id,
        target: { selector: describeRange(article.text, start, end) },
        color: COLOR_KEYS[k % COLOR_KEYS.length],
        note: k % 3 === 0 ? `批注${k}：需关注相关政策落地情况` : '',
        tags: k % 4 === 0 ? ['要点'] : [],
        created: now,
        modified: now,
      });
    }
    const folder = join(dir, 'articles', id);
    const articleText = encodeFile(articleKind, article, `generated article ${id}`);
    const annotationsText = annotations.length
      ? encodeFile(annotationsKind, { schemaVersion: annotationsKind.current, articleId: id, annotations } as AnnotationsFile, `highlights of ${id}`)
      : null;
    pending.push(
      (async () => {
        await fs.mkdir(folder);
        await fs.writeFile(join(folder, 'article.json'), articleText);
        if (annotationsText) await fs.writeFile(join(folder, 'annotations.json'), annotationsText);
      })(),
    );
    if (pending.length >= parallel) {
      await Promise.all(pending);
      pending = [];
    }
    n++;
    if (n % 1000 === 0) options.onProgress?.(n, options.articles);
  }
  await Promise.all(pending);
  const tags = perArticle >= 1 ? ['要点', '重点'] : ['重点'];
  await fs.writeFile(join(dir, 'settings.json'), encodeFile(settingsKind, { schemaVersion: 1, tags, settings: {} }, 'generated settings'));
  const catalog: CatalogFile = { schemaVersion: catalogKind.current as 3, articles: entries, briefings: {} };
  await fs.writeFile(join(dir, 'catalog.json'), JSON.stringify(catalog, null, 1));

  const store = await LibraryStore.open(dir);
  try {
    const repaired = store.warnings;
    if (repaired.length) throw new Error(`the generated library needed repairs: ${repaired.map((p) => p.message).join('; ')}`);
    if (store.size !== ids.length) throw new Error(`the generated library lists ${store.size} articles, not ${ids.length}`);
  } finally {
    await store.close();
  }
  return { ids, ms: performance.now() - started };
}
