/**
 * Browser mode: the API over HTTP on 127.0.0.1, plus the built renderer.
 *
 * Access (DESIGN.md, "Browser-mode access"): the printed link carries the
 * per-launch token in its fragment (`/#token=…`), which browsers never send to
 * any server; the page keeps it in sessionStorage and sends it in the
 * `x-briefing-token` header of every API call. Every `/api/` route answers 401
 * without it. There is no cookie — cookies ignore ports, so one would reach
 * every other server on 127.0.0.1, and an old cookie would beat a newer link.
 * The static files of the renderer carry nothing secret and need no token.
 * Host and Origin must name this loopback port on every request (403
 * otherwise), which keeps other web pages and DNS-rebinding tricks away.
 *
 * Routes: `POST /api/<method>` (the library contract; methods that name
 * files on disk — LOCAL_PATH_METHODS — are refused: a web page never names
 * paths), `POST /host/<method>` (the host contract's methods browser mode
 * answers: focusWindow), `GET /events` (server-sent events: core's typed
 * events, one `event: <name>` / `data: <json>` message each), and the
 * renderer's static files.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { toEnvelope, type Envelope } from '../common/envelope';
import { BdError, type ErrorCode } from '../common/errors';
import { hostContract, LOCAL_PATH_METHODS, type HostHandlers } from '../common/api';
import { validateParams } from '../core/dispatch';
import { contentTypeFor, RENDERER_CSP, withSavedTheme, type ThemeChoice } from '../common/renderer-assets';
import { log } from '../core/diagnostics/log';

export interface CallTarget {
  call(method: string, params: unknown): Promise<unknown>;
  /** The library's problems revision, stamped on every answer (see `Envelope.problems`). */
  problemsRevision?(): number;
}

export interface ServerOptions {
  target: CallTarget;
  rendererDir: string;
  port?: number;
  token?: string;
  /**
   * The host methods browser mode answers on `POST /host/<method>` (token
   * required), e.g. `focusWindow`: a second start of the app on the same
   * library asks the running one to bring its window to the front.
   */
  host?: HostHandlers;
  /** Core's events, sent to every `GET /events` stream. */
  events?: { on(listener: (message: { name: string; payload: unknown }) => void): () => void };
  /** How often an idle event stream gets a keep-alive comment (ms; default 25 000). */
  keepAliveMs?: number;
}

export interface RunningServer {
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_BODY = 90 * 1024 * 1024;
/** The header that carries the launch token on every API call. */
export const TOKEN_HEADER = 'x-briefing-token';

const STATUS: Record<ErrorCode, number> = {
  'invalid-params': 400,
  'unknown-method': 404,
  'not-found': 404,
  duplicate: 409,
  refused: 422,
  'too-large': 413,
  locked: 423,
  conflict: 409,
  unavailable: 503,
  internal: 500,
};

/** The interface's CSP (shared with the desktop app's `app://` protocol). */
export const CSP = RENDERER_CSP;

function sameToken(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** `decodeURIComponent` that answers null for malformed percent-encoding instead of throwing. */
function decodePath(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    // Malformed percent-encoding: the request is answered 400 by the caller.
    return null;
  }
}

function send(res: ServerResponse, status: number, body: string | Buffer, type = 'text/plain; charset=utf-8', extra: Record<string, string> = {}) {
  res.writeHead(status, {
    'content-type': type,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
    ...extra,
  });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown) {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw Object.assign(new Error('too large'), { tooLarge: true });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Answers `GET /events`: a text/event-stream of core's events until the
 * client goes away (or the server closes). A comment line every
 * `keepAliveMs` keeps proxies and idle timers from closing a quiet stream.
 */
function streamEvents(req: IncomingMessage, res: ServerResponse, options: ServerOptions): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    connection: 'keep-alive',
  });
  res.write(': connected\n\n');
  const off = options.events?.on((message) => {
    res.write(`event: ${message.name}\ndata: ${JSON.stringify(message.payload)}\n\n`);
  });
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), options.keepAliveMs ?? 25_000);
  keepAlive.unref();
  const stop = () => {
    clearInterval(keepAlive);
    off?.();
  };
  req.on('close', stop);
  res.on('close', stop);
}

/** The theme saved in the library's UI preferences; undefined when the target cannot say (never an error: the page still loads). */
async function savedTheme(target: CallTarget): Promise<ThemeChoice | undefined> {
  try {
    const preferences = (await target.call('getPreferences', {})) as { theme?: ThemeChoice } | null;
    return preferences?.theme;
  } catch (err) {
    log.warn('Could not read the saved theme for the first paint', { err });
    return undefined;
  }
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  /** Without a window to bring forward, focusWindow answers no (409). */
  const hostHandlers: HostHandlers = { focusWindow: async () => ({ focused: false }), ...options.host };
  let port = 0;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  const server = createServer(async (req, res) => {
    try {
      const host = req.headers.host ?? '';
      if (!allowedHosts().has(host)) return send(res, 403, 'Forbidden: unexpected Host header.');
      const origin = req.headers.origin;
      if (origin !== undefined && !allowedOrigins().has(origin)) return send(res, 403, 'Forbidden: unexpected Origin.');

      const url = new URL(req.url ?? '/', `http://${host}`);

      if (url.pathname === '/events') {
        const headerToken = req.headers[TOKEN_HEADER];
        if (!sameToken(typeof headerToken === 'string' ? headerToken : undefined, token)) return send(res, 401, 'Unauthorized.');
        if (req.method !== 'GET') return send(res, 405, 'Use GET.', undefined, { allow: 'GET' });
        return streamEvents(req, res, options);
      }

      if (url.pathname.startsWith('/host/')) {
        const headerToken = req.headers[TOKEN_HEADER];
        if (!sameToken(typeof headerToken === 'string' ? headerToken : undefined, token)) return send(res, 401, 'Unauthorized.');
        if (req.method !== 'POST') return send(res, 405, 'Use POST.', undefined, { allow: 'POST' });
        // `/host/focus`: the name earlier versions used for focusWindow.
        const name = url.pathname === '/host/focus' ? 'focusWindow' : (decodePath(url.pathname.slice(6)) ?? '');
        const envelope = await toEnvelope(async () => {
          const valid = validateParams(name, {}, hostContract);
          const handler = hostHandlers[name as keyof HostHandlers] as ((p: unknown) => unknown) | undefined;
          if (!handler) throw new BdError('unknown-method', `Browser mode does not answer ${name}.`, { field: 'method' });
          return handler(valid);
        });
        if (!envelope.ok) return sendJson(res, STATUS[envelope.error.code] ?? 500, envelope);
        const focused = (envelope.result as { focused?: unknown } | undefined)?.focused;
        return sendJson(res, focused === false ? 409 : 200, envelope);
      }

      if (url.pathname.startsWith('/api/')) {
        const headerToken = req.headers[TOKEN_HEADER];
        if (!sameToken(typeof headerToken === 'string' ? headerToken : undefined, token)) {
          return sendJson(res, 401, {
            ok: false,
            error: { code: 'refused', message: 'Unauthorized: open Briefing Desk with the newest link printed when it started (it carries the access token).' },
          });
        }
        if (req.method !== 'POST') return send(res, 405, 'Use POST for API calls.', undefined, { allow: 'POST' });
        const method = decodePath(url.pathname.slice(5));
        if (method === null) {
          return sendJson(res, 400, {
            ok: false,
            error: { code: 'invalid-params', message: 'The method name in the request path is not valid percent-encoding.', field: 'method' },
          });
        }
        if ((LOCAL_PATH_METHODS as readonly string[]).includes(method)) {
          return sendJson(res, 422, {
            ok: false,
            error: { code: 'refused', message: `${method} names files on this computer and is not answered in browser mode.`, field: 'method' },
          });
        }
        let params: unknown;
        try {
          const body = await readBody(req);
          params = body ? JSON.parse(body) : {};
        } catch (err) {
          if ((err as { tooLarge?: boolean }).tooLarge) {
            return sendJson(res, 413, { ok: false, error: { code: 'too-large', message: 'The request is larger than 90 MB.' } });
          }
          return sendJson(res, 400, { ok: false, error: { code: 'invalid-params', message: 'The request body is not valid JSON.' } });
        }
        const envelope: Envelope = await toEnvelope(() => options.target.call(method, params));
        if (options.target.problemsRevision) envelope.problems = options.target.problemsRevision();
        return sendJson(res, envelope.ok ? 200 : (STATUS[envelope.error.code] ?? 500), envelope);
      }

      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed.');
      const rel = url.pathname === '/' ? 'index.html' : decodePath(url.pathname.slice(1));
      if (rel === null) return send(res, 400, 'Bad request: the path is not valid percent-encoding.');
      const path = normalize(join(options.rendererDir, rel));
      if (!path.startsWith(normalize(options.rendererDir) + sep)) return send(res, 404, 'Not found.');
      let body: Buffer;
      try {
        body = await fs.readFile(path);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        // A missing file is the visitor's mistake; anything else (permissions, I/O) is worth the log.
        if (code !== 'ENOENT' && code !== 'EISDIR') log.warn('Could not read a file of the interface', { file: rel, err });
        return send(res, 404, 'Not found.');
      }
      const extra: Record<string, string> = {};
      if (extname(path) === '.html') {
        extra['content-security-policy'] = CSP;
        extra['x-frame-options'] = 'DENY';
        // The saved theme is on <html> before the first paint (no light flash before a dark window).
        if (rel === 'index.html') body = Buffer.from(withSavedTheme(body.toString('utf8'), await savedTheme(options.target)));
      }
      return send(res, 200, body, contentTypeFor(path), extra);
    } catch (err) {
      if (!res.headersSent) send(res, 500, `Internal error: ${(err as Error).message}`);
      else res.destroy();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/#token=${token}`,
    origin,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
