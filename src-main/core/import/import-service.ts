/**
 * Turning files and pasted text into library articles: choose the importer,
 * parse, and add through the store. Nothing is written unless parsing
 * succeeded, so a refused file leaves the library untouched.
 */
import { promises as fs } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { CatalogEntry, ImportFormat, ParsedArticle } from '../../common/model';
import type { FileImportOutcome } from '../../common/contract/library';
import { BdError, bilingualError } from '../../common/errors';
import { MAX_IMPORT_BYTES, SUPPORTED_EXTENSIONS } from './index';
import { parseFile } from './parse-off-thread';
import { parsePlainText } from './plain-text';
import type { LibraryStore } from '../library/store';

export async function importFileBytes(store: LibraryStore, name: string, bytes: Uint8Array): Promise<CatalogEntry> {
  const fileName = basename(name);
  return addParsed(store, fileName, await parseFile(fileName, bytes), bytes);
}

/** Adds a parsed file through the store, its bytes kept as the original (`duplicate` and the store's refusals raised as they are). */
function addParsed(store: LibraryStore, fileName: string, parsed: ParsedFile, bytes: Uint8Array): Promise<CatalogEntry> {
  const { format, encoding, ...article } = parsed;
  return store.addArticle(article, { format, fileName, ...(encoding ? { encoding } : {}) }, { name: fileName, bytes });
}

/** A kept original file parsed again (`original.<ext>`, for rebuilding a damaged article.json): the store's `OriginalParser`. */
export async function parseOriginalFile(name: string, bytes: Uint8Array): Promise<{ article: ParsedArticle; format: ImportFormat; encoding?: string }> {
  const { format, encoding, ...article } = await parseFile(name, bytes);
  return { article, format, ...(encoding ? { encoding } : {}) };
}

export async function importPastedText(store: LibraryStore, text: string, title?: string): Promise<CatalogEntry> {
  if (!text.trim())
    throw bilingualError('refused', 'The clipboard text is empty; there is nothing to import.', '剪贴板中的文字为空，没有可导入的内容。', { field: 'text' });
  const parsed = parsePlainText(text, 'Pasted text', { titleFallback: 'first-line' });
  if (title?.trim()) parsed.meta.title = title.trim();
  return store.addArticle(parsed, { format: 'clipboard' }, { name: 'pasted.txt', bytes: new TextEncoder().encode(text) });
}

/** One file's outcome (the contract's FileImportOutcome). */
export type FileOutcome = FileImportOutcome;

/** Every supported file under `paths` (files or folders, recursively), in a stable order. */
export async function collectFiles(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  async function walk(path: string, explicit: boolean): Promise<void> {
    // A path that cannot be read is refused by name in the outcome below (not-found), not dropped.
    const stat = await fs.stat(path).catch(() => null);
    if (!stat) {
      if (explicit) out.push(path); // reported as refused with a clear message
      return;
    }
    if (stat.isDirectory()) {
      const names = (await fs.readdir(path)).filter((n) => !n.startsWith('.')).sort();
      for (const name of names) await walk(join(path, name), false);
    } else if (explicit || SUPPORTED_EXTENSIONS.includes(extname(path).toLowerCase())) {
      out.push(path);
    }
  }
  for (const p of paths) await walk(p, true);
  return out;
}

/** Files read and parsed ahead of the one being added: with it, at most three files' bytes held (each ≤ MAX_IMPORT_BYTES, so ≤ 150 MB). */
const PARSE_AHEAD = 2;

/** A file read and parsed, ready to be added; or the error that refused it. */
type Prepared = { ok: true; parsed: ParsedFile; bytes: Uint8Array } | { ok: false; err: unknown };
type ParsedFile = Awaited<ReturnType<typeof parseFile>>;

/** Reads and parses one file (nothing is written): `not-found`, `too-large` or the importer's refusal as `err`. */
async function prepareFile(file: string): Promise<Prepared> {
  try {
    // Missing or unreadable: reported in this file's outcome as not-found.
    const stat = await fs.stat(file).catch(() => null);
    if (!stat) throw bilingualError('not-found', `${file} does not exist.`, `${file} 不存在。`, { key: 'import.missing', params: { file: basename(file) } });
    if (stat.size > MAX_IMPORT_BYTES) {
      throw bilingualError(
        'too-large',
        `${basename(file)} is ${(stat.size / 1048576).toFixed(0)} MB; Briefing Desk imports files up to ${MAX_IMPORT_BYTES / 1048576} MB.`,
        `${basename(file)} 大小为 ${(stat.size / 1048576).toFixed(0)} MB；简报台只导入不超过 ${MAX_IMPORT_BYTES / 1048576} MB 的文件。`,
        { key: 'import.tooLarge', params: { file: basename(file), sizeMb: Math.round(stat.size / 1048576), limitMb: MAX_IMPORT_BYTES / 1048576 } },
      );
    }
    const bytes = await fs.readFile(file);
    return { ok: true, parsed: await parseFile(basename(file), bytes), bytes };
  } catch (err) {
    return { ok: false, err };
  }
}

/**
 * Imports files in order; one bad file never stops the rest. Catalog written
 * once at the end. Files are read and parsed up to PARSE_AHEAD ahead of the
 * one being added (parsing in the import worker, or in this thread while the
 * store waits on its durable writes), but added strictly in order, so
 * outcomes, ids' order and duplicates within the batch are as if one by one.
 * `onProgress(done, total, outcome)` after each file.
 */
export async function importPaths(
  store: LibraryStore,
  paths: string[],
  onProgress?: (done: number, total: number, outcome: FileOutcome) => void,
): Promise<FileOutcome[]> {
  const files = await collectFiles(paths);
  const outcomes: FileOutcome[] = [];
  const ahead: (Promise<Prepared> | undefined)[] = [];
  const prepareUpTo = (index: number) => {
    for (let i = ahead.length; i <= Math.min(index, files.length - 1); i++) ahead.push(prepareFile(files[i]!));
  };
  await store.batch(async () => {
    for (const [index, file] of files.entries()) {
      prepareUpTo(index + PARSE_AHEAD);
      let outcome: FileOutcome;
      try {
        const prepared = (await ahead[index])!;
        ahead[index] = undefined; // its bytes and text are released once added
        if (!prepared.ok) throw prepared.err;
        const entry = await addParsed(store, basename(file), prepared.parsed, prepared.bytes);
        outcome = { file, status: 'imported', id: entry.id, title: entry.title };
      } catch (err) {
        if (err instanceof BdError && err.code === 'duplicate') {
          outcome = {
            file,
            status: 'duplicate',
            id: String(err.detail?.existingId ?? ''),
            title: String(err.detail?.title ?? ''),
            message: err.message,
            ...(err.key ? { key: err.key, params: { ...err.params, file: basename(file) } } : {}),
          };
        } else {
          const message = err instanceof Error ? err.message : String(err);
          const zh = err instanceof BdError && typeof err.detail?.messageZh === 'string' ? err.detail.messageZh : undefined;
          outcome = { file, status: 'refused', message: message.includes(basename(file)) ? message : `${basename(file)}: ${message}` };
          if (zh) outcome.messageZh = zh.includes(basename(file)) ? zh : `${basename(file)}：${zh}`;
          if (err instanceof BdError && err.key) Object.assign(outcome, { key: err.key, params: { ...err.params, file: basename(file) } });
        }
      }
      outcomes.push(outcome);
      onProgress?.(outcomes.length, files.length, outcome);
    }
  });
  return outcomes;
}
