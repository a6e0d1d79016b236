/**
 * The `app://` protocol that serves the built renderer (out/renderer) to the
 * desktop window instead of file://. The scheme is registered as standard and
 * secure before the app is ready, so the page gets a real origin
 * (`app://briefing-desk`), ES modules, fetch and the same Content-Security-
 * Policy as browser mode; the handler answers only GET/HEAD for files inside
 * the renderer folder and refuses every path trick (`..`, encoded `..` or
 * separators, backslashes, NUL, drive letters, symbolic links).
 */
import type { Protocol } from 'electron';
import { lstat, readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { contentTypeFor, RENDERER_CSP, withSavedTheme, type ThemeChoice } from '../common/renderer-assets';

export const APP_SCHEME = 'app';
/** The host of the interface; together with the scheme, the app's one trusted origin. */
export const APP_HOST = 'briefing-desk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/**
 * Privileges of the scheme (Electron `CustomScheme.privileges`): a standard
 * URL with an origin, treated as secure like https, fetch and streaming
 * allowed; no CSP bypass, no service workers, no CORS for other origins.
 */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  stream: true,
  codeCache: true,
  corsEnabled: false,
  bypassCSP: false,
  allowServiceWorkers: false,
} as const;

/**
 * Registers `app:` as a privileged scheme. Electron requires this before the
 * `ready` event; calling it later throws, so main.ts calls it at module load.
 */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);
}

/** Where an `app://` URL leads: a file path inside the root, or a refusal with its HTTP status and reason. */
export type AppPathResolution = { ok: true; path: string } | { ok: false; status: 400 | 404; reason: string };

/** Percent-encodings that would smuggle a dot segment, a separator or NUL past the URL parser. */
const ENCODED_TRICKS = /%(2e|2f|5c|00)/i;

/**
 * Maps an `app://briefing-desk/<path>` URL to a file under `root` (absolute).
 * `/` means `/index.html`; query and fragment are ignored. Refused (400):
 * another scheme or host, credentials or a port, backslashes, encoded dots,
 * slashes, backslashes or NUL, `.`/`..`/empty segments, segments with a
 * colon (drive letters, NTFS streams), bad percent-encoding. Refused (404):
 * anything that would still resolve outside `root`. No file system access.
 */
export function resolveAppPath(url: string, root: string, host = APP_HOST): AppPathResolution {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Refused with its reason (the caller answers 400), not hidden.
    return { ok: false, status: 400, reason: 'not a URL' };
  }
  if (parsed.protocol !== `${APP_SCHEME}:`) return { ok: false, status: 400, reason: `scheme ${parsed.protocol} is not ${APP_SCHEME}:` };
  if (parsed.hostname.toLowerCase() !== host) return { ok: false, status: 400, reason: `host "${parsed.hostname}" is not ${host}` };
  if (parsed.username || parsed.password || parsed.port) return { ok: false, status: 400, reason: 'credentials or a port in the URL' };
  const rawPath = parsed.pathname === '/' || parsed.pathname === '' ? '/index.html' : parsed.pathname;
  // The raw URL is checked too: some parsers fold `\` into `/` before we see the path.
  const rawUrlPath = url.replace(/[?#].*$/s, '');
  if (rawPath.includes('\\') || rawUrlPath.slice(`${APP_SCHEME}://`.length).includes('\\')) return { ok: false, status: 400, reason: 'backslash in path' };
  if (ENCODED_TRICKS.test(rawPath)) return { ok: false, status: 400, reason: 'encoded dot, separator or NUL in path' };
  const segments = rawPath.slice(1).split('/');
  const decoded: string[] = [];
  for (const segment of segments) {
    let name: string;
    try {
      name = decodeURIComponent(segment);
    } catch {
      // Refused with its reason (400).
      return { ok: false, status: 400, reason: 'malformed percent-encoding' };
    }
    if (name === '' || name === '.' || name === '..') return { ok: false, status: 400, reason: 'empty or dot segment in path' };
    if (name.includes('\0') || name.includes(':') || name.includes('/') || name.includes('\\')) {
      return { ok: false, status: 400, reason: 'forbidden character in path' };
    }
    decoded.push(name);
  }
  const base = resolve(root);
  const path = join(base, ...decoded);
  const rel = relative(base, path);
  if (!rel || rel.startsWith('..') || isAbsolute(rel)) return { ok: false, status: 404, reason: 'outside the app folder' };
  return { ok: true, path };
}

function refusal(status: number, reason: string): Response {
  return new Response(`${status === 404 ? 'Not found' : status === 405 ? 'Method not allowed' : 'Bad request'}: ${reason}`, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' },
  });
}

/** File access of the handler; tests may pass their own, the app uses node:fs (asar-aware in Electron). */
export interface AppFileSystem {
  lstat(path: string): Promise<{ isFile(): boolean; isSymbolicLink(): boolean }>;
  readFile(path: string): Promise<Uint8Array>;
}

const nodeFs: AppFileSystem = { lstat, readFile };

/**
 * The `protocol.handle` handler for `app:`: GET and HEAD of regular files
 * under `root` (see resolveAppPath), with the media type from the shared
 * table, `nosniff`, and on HTML the renderer CSP; 400/404/405 otherwise.
 * `theme` gives the saved theme, put on index.html's root element
 * (`withSavedTheme`) so the window's first paint is already in it.
 */
export function createAppHandler(
  root: string,
  fs: AppFileSystem = nodeFs,
  theme?: () => Promise<ThemeChoice | undefined>,
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refusal(405, request.method);
    const target = resolveAppPath(request.url, root);
    if (!target.ok) return refusal(target.status, target.reason);
    let body: Uint8Array;
    try {
      const info = await fs.lstat(target.path);
      if (info.isSymbolicLink() || !info.isFile()) return refusal(404, 'not a file');
      body = await fs.readFile(target.path);
    } catch {
      // Answered 404 with the reason; the interface is built, so a miss is a wrong URL.
      return refusal(404, 'no such file');
    }
    const type = contentTypeFor(target.path);
    // The saved theme is on <html> before the first paint (no light flash before a dark window).
    if (theme && target.path === join(resolve(root), 'index.html')) {
      body = new TextEncoder().encode(withSavedTheme(new TextDecoder().decode(body), await theme().catch(() => undefined)));
    }
    const headers: Record<string, string> = {
      'content-type': type,
      'content-length': String(body.byteLength),
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
    };
    if (type.startsWith('text/html')) headers['content-security-policy'] = RENDERER_CSP;
    return new Response(request.method === 'HEAD' ? null : (body as BodyInit), { status: 200, headers });
  };
}

/** Installs the handler on a session's protocol (the default session's for the main window). */
export function serveAppProtocol(protocol: Pick<Protocol, 'handle'>, root: string, fs?: AppFileSystem, theme?: () => Promise<ThemeChoice | undefined>): void {
  protocol.handle(APP_SCHEME, createAppHandler(root, fs, theme));
}
