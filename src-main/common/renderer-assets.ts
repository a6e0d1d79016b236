/**
 * How the built renderer (out/renderer) is served, shared by every host that
 * serves it: the browser-mode HTTP server and the desktop app's `app://`
 * protocol. One Content-Security-Policy and one table of media types, so the
 * interface loads under the same rules wherever it runs.
 */

/**
 * The Content-Security-Policy of the interface's HTML (also in
 * src-renderer/index.html as a meta tag, which a test keeps equal apart from
 * `frame-ancestors`, a directive only a header can carry). Scripts, styles
 * and fonts come from the app's own origin only; nothing may frame it.
 */
export const RENDERER_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

/** Media types (RFC 6838 names, with charset for text) of the file kinds a renderer build contains. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/**
 * The media type for a file name or path by its extension (case-insensitive);
 * `application/octet-stream` for anything unknown, which with `nosniff` is
 * never run as script or styled as CSS.
 */
export function contentTypeFor(path: string): string {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  const name = path.slice(slash + 1);
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return 'application/octet-stream';
  return CONTENT_TYPES[name.slice(dot).toLowerCase()] ?? 'application/octet-stream';
}

/** The colour theme a user can choose (the `theme` UI preference). */
export type ThemeChoice = 'system' | 'light' | 'dark';

/** The window background of each theme before anything is drawn (`--bg` of styles.css and of reading.css's dark palette). */
export const THEME_BACKGROUND = { light: '#f6f5f1', dark: '#15171b' } as const;

/**
 * The interface's index.html with the saved theme already on its root
 * element (`data-theme="light|dark"`), so the first paint — before any script
 * has run or the preferences have been read — is in that theme, not light
 * then dark. "system" (or no saved choice) leaves the element as it is: the
 * stylesheet then follows `prefers-color-scheme` until the renderer settles
 * it. Only the `<html …>` start tag is touched (an existing `data-theme` is
 * replaced); a document without one is returned unchanged.
 */
export function withSavedTheme(html: string, theme: ThemeChoice | null | undefined): string {
  if (theme !== 'light' && theme !== 'dark') return html;
  return html.replace(
    /<(html)\b([^>]*)>/i,
    (_tag, name: string, attributes: string) => `<${name}${attributes.replace(/\s+data-theme="[^"]*"/gi, '')} data-theme="${theme}">`,
  );
}
