/**
 * How every part of the app reads Markdown (notes, summaries, the live
 * preview, exports, the Markdown importer): GitHub-flavoured, with
 * CJK-friendly emphasis. CommonMark's flanking rule leaves
 * `**历经10年发展，**全市…` unbolded — the closing `**` stands between
 * full-width punctuation and an ideograph (commonmark-spec issue 650);
 * marked-cjk-friendly follows the proposed revision of the rule that fixes
 * it and changes nothing for other scripts. Pure.
 */
import { Marked, type MarkedExtension } from 'marked';
import markedCjkFriendly from 'marked-cjk-friendly';

/** A marked instance with GFM and CJK-friendly emphasis; `options` are added (e.g. `breaks`). */
export function createMarked(options: Omit<MarkedExtension, 'extensions'> = {}): Marked {
  return new Marked({ gfm: true, ...options }, markedCjkFriendly());
}
