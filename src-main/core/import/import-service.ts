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
  const parsed = await parseFile(fileName, bytes);
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

/** Imports files one by one; one bad file never stops the rest. Catalog written once at the end. */
export async function importPaths(
  store: LibraryStore,
  paths: string[],
  onProgress?: (done: number, total: number, outcome: FileOutcome) => void,
): Promise<FileOutcome[]> {
  const files = await collectFiles(paths);
  const outcomes: FileOutcome[] = [];
  await store.batch(async () => {
    for (const file of files) {
      let outcome: FileOutcome;
      try {
        // Missing or unreadable: reported in this file's outcome as not-found.
        const stat = await fs.stat(file).catch(() => null);
        if (!stat)
          throw bilingualError('not-found', `${file} does not exist.`, `${file} 不存在。`, { key: 'import.missing', params: { file: basename(file) } });
        if (stat.size > MAX_IMPORT_BYTES) {
          throw bilingualError(
            'too-large',
            `${basename(file)} is ${(stat.size / 1048576).toFixed(0)} MB; Briefing Desk imports files up to ${MAX_IMPORT_BYTES / 1048576} MB.`,
            `${basename(file)} 大小为 ${(stat.size / 1048576).toFixed(0)} MB；简报台只导入不超过 ${MAX_IMPORT_BYTES / 1048576} MB 的文件。`,
            { key: 'import.tooLarge', params: { file: basename(file), sizeMb: Math.round(stat.size / 1048576), limitMb: MAX_IMPORT_BYTES / 1048576 } },
          );
        }
        const entry = await importFileBytes(store, file, await fs.readFile(file));
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
