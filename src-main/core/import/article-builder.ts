/**
 * The last step every structured importer (Markdown, HTML, DOCX, PDF) shares:
 * a list of raw blocks plus whatever metadata the file declared becomes a
 * `ParsedArticle`: a title block first, the text built with `TextBuilder`, and
 * source / author / date read from the first lines where the file said nothing.
 */
import type { BlockKind, ParsedArticle } from '../../common/model';
import { TextBuilder, cleanBlockText } from '../../common/text-builder';
import { BdError } from '../../common/errors';
import { detectMeta } from '../../common/metadata-detect';

export interface RawBlock {
  kind: BlockKind;
  text: string;
  level?: number;
}

export type DeclaredMeta = Partial<ParsedArticle['meta']>;

/** Labels that introduce a newspaper lead (核心阅读) rather than a section. */
export const LEAD_LABELS: ReadonlySet<string> = new Set(['核心阅读', '阅读提示', '编者按', '导读']);

/** Lines read for bylines and dates when the file declared none. */
const META_LINES = 8;
/** Length of a title made from the first line when the document has none. */
const DERIVED_TITLE = 40;

/** Compares titles and headings as a reader would: case, spacing and trailing punctuation aside. */
export function sameText(a: string, b: string): boolean {
  const norm = (s: string) => s.replace(/[\s\u00a0\u3000]+/g, '').replace(/[。.!！?？:：]+$/, '').toLowerCase();
  return norm(a) !== '' && norm(a) === norm(b);
}

/** A file name without folders and extension, for the last-resort title. */
export function titleFromFileName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return base.replace(/\.[A-Za-z0-9]{1,8}$/, '').replace(/[_]+/g, ' ').trim() || base;
}

/**
 * Builds the article. The title is, in order: a `title` block in `raw`, the
 * declared title (added as the first block), the first heading when it opens
 * the document, or the start of the first block. A heading or paragraph that
 * repeats a declared title right at the start is dropped, because the title
 * block already shows it.
 */
export function finishArticle(raw: RawBlock[], declared: DeclaredMeta, fileName: string): ParsedArticle {
  const blocks = raw
    .map((b) => ({ ...b, text: cleanBlockText(b.text) }))
    .filter((b) => b.text !== '');
  if (!blocks.length) throw new BdError('refused', `${fileName} contains no text to import.`);

  const meta: ParsedArticle['meta'] = { ...declared, title: cleanBlockText(declared.title ?? '') };
  const titleBlock = blocks.find((b) => b.kind === 'title');
  if (titleBlock) {
    // The title the reader sees is the article's title.
    meta.title = titleBlock.text;
  } else if (meta.title) {
    // Drop the document's own copy of the title near its start.
    const dup = blocks.findIndex((b, k) => k < 3 && (b.kind === 'heading' || b.kind === 'paragraph') && sameText(b.text, meta.title));
    if (dup >= 0) blocks.splice(dup, 1);
    blocks.unshift({ kind: 'title', text: meta.title });
  } else if (blocks[0].kind === 'heading') {
    blocks[0] = { kind: 'title', text: blocks[0].text };
    meta.title = blocks[0].text;
  }
  if (!meta.title) {
    const first = blocks[0].text;
    meta.title = first.length > DERIVED_TITLE ? `${first.slice(0, DERIVED_TITLE)}…` : first;
  }
  const subtitleBlock = blocks.find((b) => b.kind === 'subtitle');
  if (subtitleBlock && !meta.subtitle) meta.subtitle = subtitleBlock.text;
  if (meta.subtitle && !subtitleBlock) {
    const at = blocks.findIndex((b) => b.kind === 'title');
    const dup = blocks.findIndex((b, k) => k > at && k <= at + 2 && b.kind !== 'title' && sameText(b.text, meta.subtitle ?? ''));
    if (dup >= 0) blocks.splice(dup, 1);
    blocks.splice(at + 1, 0, { kind: 'subtitle', text: meta.subtitle });
  }

  if (!blocks.some((b) => b.kind !== 'title' && b.kind !== 'subtitle')) {
    throw new BdError('refused', `${fileName} contains only a title and no article text to import.`);
  }

  // `核心阅读` (often bold, so read as a heading) labels the lead paragraph after it.
  for (let k = 0; k < blocks.length; k++) {
    const b = blocks[k];
    if ((b.kind === 'heading' || b.kind === 'paragraph') && LEAD_LABELS.has(b.text)) {
      blocks[k] = { kind: 'lead-label', text: b.text };
      const next = blocks[k + 1];
      if (next && (next.kind === 'paragraph' || next.kind === 'quote')) blocks[k + 1] = { kind: 'lead', text: next.text };
    }
  }

  const builder = new TextBuilder();
  for (const b of blocks) builder.add(b.kind, b.text, b.kind === 'heading' ? (b.level ?? 1) : undefined);

  const lines = blocks.filter((b) => b.kind !== 'title' && b.kind !== 'subtitle').slice(0, META_LINES).map((b) => b.text);
  const year = meta.published ? Number(meta.published.slice(0, 4)) : undefined;
  const detected = detectMeta(lines, { year });
  for (const [key, value] of Object.entries(detected) as [keyof typeof detected, string][]) {
    if (!meta[key]) meta[key] = value;
  }
  return { text: builder.text, blocks: builder.blocks, meta };
}
