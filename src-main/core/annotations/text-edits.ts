/**
 * Corrections and revisions of an article's text. The new text is written
 * and every annotation re-anchored while the article's folder is held
 * (`withArticle`), so no highlight added meanwhile is missed and no other
 * change slips in between. Offsets are UTF-16 code units into the text as it
 * is when the change runs.
 */
import type { ReanchorReport } from '../../common/contract/annotations';
import type { Article, Block, Mark } from '../../common/model';
import { BdError } from '../../common/errors';
import { shiftMarks } from '../../common/marks';
import { normalizeCharacters } from '../../common/normalize-characters';
import type { Lease } from '../library/serial';
import type { LibraryStore } from '../library/store';
import type { AnnotationService } from './annotation-service';

/** An edited article and what became of its annotations. */
export interface TextChange {
  article: Article;
  report: ReanchorReport;
}

/**
 * Moves block boundaries across one replaced range [`start`, `end`) that is
 * now `insertedLength` units long; blocks emptied by the edit disappear.
 */
export function shiftBlocks(blocks: Block[], start: number, end: number, insertedLength: number): Block[] {
  const delta = insertedLength - (end - start);
  const map = (offset: number, isEnd: boolean) => {
    if (offset < start || (offset === start && !isEnd)) return offset;
    if (offset >= end) return offset + delta;
    return isEnd ? start + insertedLength : start;
  };
  return blocks.map((b) => ({ ...b, start: map(b.start, false), end: map(b.end, true) })).filter((b) => b.end > b.start);
}

export class TextEdits {
  constructor(
    private readonly store: LibraryStore,
    private readonly annotations: AnnotationService,
  ) {}

  /**
   * Replaces [`start`, `end`) of the article's text by `text` (one line,
   * NFKC-style character fixes as imports get). Errors: `invalid-params`
   * naming `end` (range outside the text) or `text` (a line break);
   * `refused` when the text would be left empty; `not-found` for an unknown id.
   */
  async correct(p: { id: string; start: number; end: number; text: string }): Promise<TextChange> {
    // Offsets are into the text as it is when the edit runs: it holds the article, so no other change slips in between.
    return this.store.withArticle(p.id, async (article, lease) => {
      if (p.end > article.text.length || p.start > p.end) {
        throw new BdError('invalid-params', `Invalid parameter end: the range ${p.start}–${p.end} is outside the text (length ${article.text.length}).`, {
          field: 'end',
          key: 'text.rangeOutside',
          params: { start: p.start, end: p.end, length: article.text.length },
        });
      }
      if (/[\r\n]/.test(p.text)) {
        throw new BdError('invalid-params', 'Invalid parameter text: a correction cannot contain line breaks; edit one block at a time.', {
          field: 'text',
          key: 'text.lineBreak',
        });
      }
      // A correction gets its characters right as imported text does (no zero-width spaces, no radicals).
      const inserted = normalizeCharacters(p.text);
      const text = article.text.slice(0, p.start) + inserted + article.text.slice(p.end);
      if (!text.trim()) throw new BdError('refused', 'The edit would leave the article empty.', { key: 'text.empty' });
      return this.replace(
        article,
        text,
        shiftBlocks(article.blocks, p.start, p.end, inserted.length),
        shiftMarks(article.marks, p.start, p.end, inserted.length),
        lease,
      );
    });
  }

  /**
   * Puts a revised version of the article's file (`name` tells its format)
   * in place of its text, keeping the new file as the original, and
   * re-anchors the annotations. The file is parsed first (slow, holding
   * nothing). Errors: the importer's for a file it cannot read; `not-found`.
   */
  async revise(p: { id: string; name: string; bytes: Uint8Array }): Promise<TextChange> {
    this.store.entry(p.id);
    // The import pipeline loads when a new version of a text is read, not whenever a library opens.
    const { parseFile } = await import('../import/parse-off-thread');
    const parsed = await parseFile(p.name, p.bytes);
    return this.store.withArticle(p.id, (article, lease) =>
      this.replace(article, parsed.text, parsed.blocks, parsed.marks ?? [], lease, { name: p.name, bytes: p.bytes }),
    );
  }

  /** Replaces the text and re-anchors every annotation, holding the article's folder throughout (call inside `withArticle`). */
  private async replace(
    article: Article,
    text: string,
    blocks: Block[],
    marks: Mark[],
    lease: Lease,
    original?: { name: string; bytes: Uint8Array },
  ): Promise<TextChange> {
    const oldText = article.text;
    const { article: updated } = await this.store.updateArticle(article.id, { text, blocks, marks, ...(original ? { original } : {}) }, lease);
    const report = await this.annotations.reanchor(article.id, oldText, text, lease);
    return { article: updated, report };
  }
}
