/**
 * Drafts of the app's editors (contract/drafts.ts), kept in the library's
 * `drafts.json` (file kind `drafts`): read once, then every change is a
 * read-modify-write of that file under the `drafts` key of the library's
 * keyed serialisation, written atomically and durably before the call
 * returns. A damaged file goes through the store's usual reading (bad items
 * set aside, the rest kept, the user told). Drafts of an article go with it
 * when it is deleted.
 */
import { join } from 'node:path';
import { draftKey, MAX_DRAFTS, type Draft, type DraftInput } from '../../common/contract/drafts';
import { draftsKind, type DraftsFile } from '../library/file-kinds';
import type { Lease } from '../library/serial';
import type { LibraryStore } from '../library/store';

const WHAT = 'The unsaved drafts';

export class DraftService {
  /** The drafts as on disk, once read. */
  private cache: Draft[] | null = null;

  constructor(private readonly store: LibraryStore) {
    store.onChange((event) => {
      if (event.type === 'article-removed') void this.forgetArticle(event.id).catch(() => undefined);
    });
  }

  private get path(): string {
    return join(this.store.dir, 'drafts.json');
  }

  /** Every draft, newest first (a copy). */
  async list(articleId?: string): Promise<Draft[]> {
    const all = await this.read();
    return all.filter((d) => !articleId || d.articleId === articleId).map((d) => ({ ...d }));
  }

  /** Keeps `input` as the draft of its editor (replacing the one before); returns its key and time. */
  save(input: DraftInput): Promise<{ key: string; saved: string }> {
    const key = draftKey(input);
    return this.change((drafts) => {
      const saved = new Date().toISOString();
      const next = [{ ...input, saved } as Draft, ...drafts.filter((d) => draftKey(d) !== key)].slice(0, MAX_DRAFTS);
      return { drafts: next, result: { key, saved } };
    });
  }

  /** Forgets the draft with `key`; false when there was none. */
  discard(key: string): Promise<boolean> {
    return this.change((drafts) => {
      const next = drafts.filter((d) => draftKey(d) !== key);
      return { drafts: next, result: next.length !== drafts.length, unchanged: next.length === drafts.length };
    });
  }

  private forgetArticle(articleId: string): Promise<boolean> {
    return this.change((drafts) => {
      const next = drafts.filter((d) => d.articleId !== articleId);
      return { drafts: next, result: next.length !== drafts.length, unchanged: next.length === drafts.length };
    });
  }

  private async read(): Promise<Draft[]> {
    if (this.cache) return this.cache;
    return this.store.serial.run('drafts', (lease) => this.readHeld(lease));
  }

  private async readHeld(lease: Lease): Promise<Draft[]> {
    if (this.cache) return this.cache;
    const file = await this.store.readFile(draftsKind, this.path, { key: 'drafts', subject: { thing: 'drafts' } }, lease);
    this.cache = file?.drafts ?? [];
    return this.cache;
  }

  /** Read, change and write drafts.json holding `drafts`. */
  private change<T>(apply: (drafts: Draft[]) => { drafts: Draft[]; result: T; unchanged?: boolean }): Promise<T> {
    return this.store.serial.run('drafts', async (lease) => {
      const current = await this.readHeld(lease);
      const { drafts, result, unchanged } = apply(current);
      if (unchanged) return result;
      const file: DraftsFile = { schemaVersion: 1, drafts };
      await this.store.writeFile(draftsKind, this.path, file, WHAT);
      this.cache = drafts;
      return result;
    });
  }
}
