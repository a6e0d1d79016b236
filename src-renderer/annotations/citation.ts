/**
 * "Copy with citation": the quoted passage followed by where it comes from,
 * in the form Chinese briefings use — `——《题目》，来源，日期` — or, for an
 * English article, `— “Title”, Source, date`. Missing parts are left out
 * rather than printed empty.
 */
import type { ArticleMeta } from '../../src-main/common/model';

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

export function citationLine(meta: Pick<ArticleMeta, 'title' | 'source' | 'published'>): string {
  const title = meta.title.trim();
  const rest = [meta.source?.trim(), meta.published?.trim()].filter((x): x is string => !!x);
  if (CJK.test(title)) return `——${[`《${title}》`, ...rest].join('，')}`;
  return `— ${[`“${title}”`, ...rest].join(', ')}`;
}

/** The quote and its citation line, ready for the clipboard. */
export function quoteWithCitation(quote: string, meta: Pick<ArticleMeta, 'title' | 'source' | 'published'>): string {
  return `${quote.trim()}\n${citationLine(meta)}`;
}

/**
 * Copies text: the async clipboard API where the page may use it, otherwise
 * a hidden textarea and `execCommand('copy')` (older hosts, denied permission).
 * Resolves to whether the text reached the clipboard.
 */
export async function copyText(text: string, doc: Document = document): Promise<boolean> {
  try {
    if (typeof navigator !== 'undefined' && navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the textarea
  }
  const area = doc.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  area.style.pointerEvents = 'none';
  doc.body.append(area);
  const previous = doc.activeElement as HTMLElement | null;
  const selection = doc.getSelection();
  const ranges = selection ? Array.from({ length: selection.rangeCount }, (_, i) => selection.getRangeAt(i)) : [];
  area.select();
  let ok = false;
  try {
    ok = typeof doc.execCommand === 'function' && doc.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  previous?.focus?.();
  if (selection) {
    selection.removeAllRanges();
    for (const r of ranges) selection.addRange(r);
  }
  return ok;
}
