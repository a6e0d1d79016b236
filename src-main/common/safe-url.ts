/**
 * Which URLs may become a live link anywhere Briefing Desk writes one: the
 * reader, the annotation panel, the composer, the print preview and every
 * export (HTML, PDF link annotations, DOCX hyperlinks, Markdown). Only
 * `http:`, `https:` and `mailto:` survive; everything else — `javascript:`,
 * `data:`, `file:`, `vbscript:`, relative and protocol-relative URLs, and
 * anything the WHATWG URL parser does not accept — is shown as plain text.
 *
 * The test is made on the URL as a browser would parse it (the WHATWG URL
 * Standard: https://url.spec.whatwg.org/), so the usual obfuscations (mixed
 * case, tabs and newlines inside the scheme, leading control characters or
 * spaces) are judged by what they turn into, not by how they look.
 */

/** Schemes an article's own URL (its web address) may have. */
export const WEB_SCHEMES = ['http:', 'https:'] as const;
/** Schemes any link in any output may have. */
const LINK_SCHEMES: readonly string[] = ['http:', 'https:', 'mailto:'];

/** Longest URL kept, in UTF-16 code units (browsers and Office accept ~2,000 reliably). */
export const MAX_URL_CHARS = 2000;

function parse(url: string): URL | null {
  if (typeof url !== 'string' || url.length === 0 || url.length > MAX_URL_CHARS) return null;
  try {
    // No base URL: a relative or protocol-relative address is not a link we make.
    return new URL(url);
  } catch {
    return null;
  }
}

/** True when `url` is an absolute http(s) URL with a host: the web address of an article. */
export function isWebUrl(url: string): boolean {
  const u = parse(url);
  return !!u && (WEB_SCHEMES as readonly string[]).includes(u.protocol) && u.hostname.length > 0;
}

/** True when `url` may be the target of a live link in any output (http, https, mailto). */
export function isSafeLinkUrl(url: string): boolean {
  const u = parse(url);
  if (!u || !LINK_SCHEMES.includes(u.protocol)) return false;
  if (u.protocol === 'mailto:') return u.pathname.length > 0;
  return isWebUrl(url);
}

/** `url` when it may be a live link, else undefined (the caller shows plain text instead). */
export function safeLinkUrl(url: string | undefined | null): string | undefined {
  return url && isSafeLinkUrl(url) ? url : undefined;
}
