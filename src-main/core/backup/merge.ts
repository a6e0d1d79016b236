/**
 * Merging a backup archive into an open library (`briefing restore FILE
 * --merge`, Restore in the app): what the library lacks is added, what both
 * hold is kept unless the backup's copy is newer, and nothing newer is ever
 * overwritten. Every file is read from the checked archive (backup.ts),
 * decoded through its file kind (migrated and validated), and written through
 * the library's own services, so each write holds its keys in the keyed
 * serialisation and every index (highlights, search, citations) follows.
 *
 * Per kind:
 * - an article the library lacks (by id, and by text) is added with its id,
 *   original file and highlights; one whose text is already here under
 *   another id is skipped (its highlights join that article, duplicates left
 *   out); one held by both keeps the library's text, and takes the backup's
 *   metadata only when that copy is newer and the texts agree;
 * - highlights are merged by id: missing ones added, a saved one replaced only
 *   by a later-modified copy; when the library's text differs from the
 *   backup's, incoming highlights are re-anchored onto the library's text
 *   first (unplaceable ones become orphans, never moved to a look-alike);
 * - briefings likewise by id and modified time;
 * - tags of settings.json join the library's list; other settings stay.
 *
 * Whatever is not taken is listed in `skipped` with the reason.
 */
import { reanchorAll } from '../../common/anchoring/anchor';
import type { Annotation } from '../../common/annotation';
import type { Article } from '../../common/model';
import { BdError } from '../../common/errors';
import { annotationsKind, articleKind, briefingKind, catalogKind, decodeFile, settingsKind, type FileKind } from '../library/file-kinds';
import { contentHash } from '../library/store';
import type { CoreContext } from '../context';
import { openBackup, type BackupArchive, type BackupProgress } from './backup';

/**
 * Why something of the backup was not taken: `unreadable` (the file cannot be
 * decoded), `newer-version` (written by a newer app), `same-text` (the text is
 * here under another id), `text-differs` (the library's text was edited),
 * `kept-newer` (the library's copy is as new or newer).
 */
export type SkipCode = 'unreadable' | 'newer-version' | 'same-text' | 'text-differs' | 'kept-newer';

export interface MergeReport {
  added: { articles: number; annotations: number; briefings: number };
  updated: { articles: number; annotations: number; briefings: number };
  /** What was not taken from the backup, and why (`count`: highlights concerned, for `kept-newer` on annotations). */
  skipped: { path: string; code: SkipCode; reason: string; count?: number }[];
}

type Decode<T> = { ok: true; data: T } | { ok: false; code: SkipCode; reason: string };

async function decode<T>(archive: BackupArchive, kind: FileKind<T>, path: string): Promise<Decode<T>> {
  const decoded = decodeFile(kind, (await archive.read(path)).toString('utf8'));
  if (decoded.ok) return { ok: true, data: decoded.data };
  return decoded.problem === 'newer'
    ? { ok: false, code: 'newer-version', reason: `written by a newer Briefing Desk (${decoded.reason})` }
    : { ok: false, code: 'unreadable', reason: `unreadable (${decoded.reason})` };
}

/**
 * Merges the archive at `archivePath` into the library of `ctx`. The archive
 * is checked whole before anything is written (a refused archive changes
 * nothing); a file of it that cannot be decoded is skipped and named.
 */
export async function mergeBackup(ctx: CoreContext, archivePath: string, options: { onProgress?(p: BackupProgress): void } = {}): Promise<MergeReport> {
  const { store, annotations, briefings } = ctx;
  const archive = await openBackup(archivePath);
  const report: MergeReport = { added: { articles: 0, annotations: 0, briefings: 0 }, updated: { articles: 0, annotations: 0, briefings: 0 }, skipped: [] };
  const skip = (path: string, code: SkipCode, reason: string, count?: number) =>
    report.skipped.push({ path, code, reason, ...(count !== undefined ? { count } : {}) });
  try {
    const paths = archive.manifest.files.map((f) => f.path);
    const articleIds = [...new Set(paths.filter((p) => p.endsWith('/article.json')).map((p) => p.split('/')[1]))];
    const briefingPaths = paths.filter((p) => p.startsWith('briefings/'));
    const total = articleIds.length + briefingPaths.length + 1;
    let done = 0;
    const step = () => options.onProgress?.({ phase: 'merging', done: ++done, total });

    // When each article was added to the backed-up library (its catalog), to keep the list's order.
    const addedAt = new Map<string, string>();
    if (paths.includes('catalog.json')) {
      const catalog = await decode(archive, catalogKind, 'catalog.json');
      if (catalog.ok) for (const [id, entry] of Object.entries(catalog.data.articles)) addedAt.set(id, entry.added);
    }

    for (const id of articleIds) {
      const base = `articles/${id}`;
      const decoded = await decode(archive, articleKind, `${base}/article.json`);
      if (!decoded.ok) {
        skip(`${base}/article.json`, decoded.code, decoded.reason);
        step();
        continue;
      }
      const article: Article = decoded.data;
      let incoming: Annotation[] = [];
      if (paths.includes(`${base}/annotations.json`)) {
        const file = await decode(archive, annotationsKind, `${base}/annotations.json`);
        if (file.ok) incoming = file.data.annotations;
        else skip(`${base}/annotations.json`, file.code, file.reason);
      }
      const originalPath = paths.find((p) => p.startsWith(`${base}/original.`));
      const hash = contentHash(article.text);
      const sameText = store.findByHash(hash);
      let target: { id: string; text: string } | null = null;
      if (!store.has(id) && !sameText) {
        const original = originalPath ? { name: originalPath.slice(base.length + 1), bytes: await archive.read(originalPath) } : undefined;
        const { status } = await store.adoptArticle(article, { ...(addedAt.has(id) ? { added: addedAt.get(id)! } : {}), ...(original ? { original } : {}) });
        if (status === 'added') report.added.articles++;
        target = { id, text: article.text };
      } else if (!store.has(id) && sameText) {
        skip(base, 'same-text', `the same text is already in the library as “${sameText.title}” (${sameText.id}); its highlights were merged there`);
        target = { id: sameText.id, text: article.text };
        // Other ids: added as imports are (duplicates by passage and note left out).
        if (incoming.length) {
          const { added } = await annotations.addImported(
            sameText.id,
            incoming.map((a) => ({ ...a, articleId: sameText.id })),
          );
          report.added.annotations += added.length;
          incoming = [];
        }
      } else {
        const mine = await store.getArticle(id);
        target = { id, text: mine.text };
        if (mine.text !== article.text) {
          skip(`${base}/article.json`, 'text-differs', 'the library holds this article with a different text (edited or revised); the library’s text was kept');
        } else if (article.modified > mine.modified) {
          await store.updateArticle(id, { meta: article.meta });
          report.updated.articles++;
        } else if (article.modified < mine.modified) {
          skip(`${base}/article.json`, 'kept-newer', 'the library’s copy is newer; kept');
        }
      }
      if (target && incoming.length) {
        // Highlights of another text are placed on the library's text first.
        const placed = target.text === article.text ? incoming : reanchorAll(article.text, target.text, incoming).annotations;
        const outcome = await annotations.mergeCopies(target.id, placed);
        report.added.annotations += outcome.added.length;
        report.updated.annotations += outcome.updated.length;
        if (outcome.kept.length) {
          const n = outcome.kept.length;
          skip(`${base}/annotations.json`, 'kept-newer', `${n} highlight${n > 1 ? 's were' : ' was'} already here, as new or newer; kept`, n);
        }
      }
      step();
    }

    for (const path of briefingPaths) {
      const decoded = await decode(archive, briefingKind, path);
      if (!decoded.ok) skip(path, decoded.code, decoded.reason);
      else {
        const outcome = await briefings.restoreCopy(decoded.data);
        if (outcome === 'added') report.added.briefings++;
        else if (outcome === 'updated') report.updated.briefings++;
        else skip(path, 'kept-newer', `the library’s “${decoded.data.header.title}” is as new or newer; kept`);
      }
      step();
    }

    if (paths.includes('settings.json')) {
      const settings = await decode(archive, settingsKind, 'settings.json');
      if (settings.ok) await store.rememberTags(settings.data.tags);
      else skip('settings.json', settings.code, settings.reason);
    }
    step();
    return report;
  } catch (err) {
    if (err instanceof BdError) throw err;
    throw new BdError(
      'internal',
      `Merging ${archivePath} stopped: ${(err as Error).message}. What was merged before this point stays; nothing else was changed.`,
    );
  } finally {
    archive.close();
  }
}
