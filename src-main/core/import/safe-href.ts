/**
 * Which link targets an imported article keeps: web and mail addresses only.
 * `javascript:`, `data:`, `file:`, relative and malformed URLs are dropped
 * (their link text stays as plain text), so no article ever carries a link
 * that runs script or opens a local file in the reader or in an export.
 */

const ENTITY = /&(#x[0-9a-f]+|#\d+|amp|quot|apos|lt|gt);/gi;
const NAMED: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>' };

/** The URL as an absolute http(s) or mailto URL, or undefined. */
export function safeHref(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const href = raw.trim().replace(ENTITY, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref.toLowerCase()] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
  if (href.length > 2048) return undefined;
  try {
    const url = new URL(href);
    if (url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'mailto:') return url.href;
  } catch {
    // relative or malformed: not a link a reader can follow from the library
  }
  return undefined;
}
