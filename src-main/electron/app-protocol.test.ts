/**
 * The `app://` protocol handler, installed on the electron test double's
 * protocol: it serves exactly the files under the renderer folder with the
 * right media types and the renderer CSP, and refuses traversal in every
 * spelling (plain, percent-encoded, double-encoded, backslashes, NUL, drive
 * letters, symbolic links), other hosts and other methods.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { RENDERER_CSP } from '../common/renderer-assets';
import { APP_ORIGIN, resolveAppPath, serveAppProtocol } from './app-protocol';
import { createElectronDouble } from './testing/electron-double';

const base = mkdtempSync(join(tmpdir(), 'bd-app-protocol-'));
const root = join(base, 'out', 'renderer');
let handler: (request: Request) => Promise<Response> | Response;

beforeAll(() => {
  mkdirSync(join(root, 'assets', '字体'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'export const x = 1;');
  writeFileSync(join(root, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(join(root, 'assets', '字体', 'NotoSerif SC.woff2'), 'wOF2');
  writeFileSync(join(root, 'assets', 'logo.SVG'), '<svg/>');
  writeFileSync(join(root, 'assets', 'blob.bin'), 'bytes');
  writeFileSync(join(base, 'out', 'secret.txt'), 'outside the renderer');
  writeFileSync(join(base, 'catalog.json'), '{"secret":true}');
  symlinkSync(join(base, 'catalog.json'), join(root, 'assets', 'link.json'));
  const double = createElectronDouble();
  serveAppProtocol(double.protocol, root);
  handler = double.session.defaultSession.protocolHandlers.get('app')!;
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

const get = (url: string, method = 'GET') => Promise.resolve(handler(new Request(url, { method })));

describe('app:// handler', () => {
  it.each([
    ['/', 'text/html; charset=utf-8', '<div id="root">'],
    ['/index.html', 'text/html; charset=utf-8', '<div id="root">'],
    ['/index.html?x=1#frag', 'text/html; charset=utf-8', '<div id="root">'],
    ['/assets/index-abc.js', 'text/javascript; charset=utf-8', 'export const x'],
    ['/assets/index-abc.css', 'text/css; charset=utf-8', 'body{}'],
    ['/assets/%E5%AD%97%E4%BD%93/NotoSerif%20SC.woff2', 'font/woff2', 'wOF2'],
    ['/assets/logo.SVG', 'image/svg+xml', '<svg/>'],
    ['/assets/blob.bin', 'application/octet-stream', 'bytes'],
  ])('serves %s as %s', async (path, type, body) => {
    const res = await get(APP_ORIGIN + path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain(body);
  });

  it('sends the same CSP as browser mode on HTML only', async () => {
    expect((await get(`${APP_ORIGIN}/index.html`)).headers.get('content-security-policy')).toBe(RENDERER_CSP);
    expect((await get(`${APP_ORIGIN}/assets/index-abc.js`)).headers.get('content-security-policy')).toBeNull();
  });

  it.each([
    // Plain and dot-segment traversal: the URL parser folds them, they stay inside and miss.
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/%2E%2E/catalog.json',
    '/.%2e/secret.txt',
    // Encoded separators and double encoding.
    '/..%2fsecret.txt',
    '/..%2Fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/..%5csecret.txt',
    '/%252e%252e/secret.txt',
    '/assets%2f..%2f..%2fsecret.txt',
    // Backslashes, NUL, drive letters, NTFS streams, empty segments, bad encoding.
    '/..\\secret.txt',
    '/assets\\..\\..\\secret.txt',
    '/index.html%00.js',
    '/C:/Windows/win.ini',
    '/c%3a/Windows/win.ini',
    '/index.html::$DATA',
    '//etc/passwd',
    '/assets//index-abc.js',
    '/%E5%AD%97%',
    // Directories and symbolic links are not files.
    '/assets',
    '/assets/',
    '/assets/link.json',
    '/nope.js',
  ])('refuses %s', async (path) => {
    const res = await get(APP_ORIGIN + path);
    expect(res.status).toBeGreaterThanOrEqual(400);
    const text = await res.text();
    expect(text).not.toContain('outside the renderer');
    expect(text).not.toContain('"secret"');
  });

  it.each([
    'app://evil/index.html',
    'app://briefing-desk.evil/index.html',
    'app://briefing-desk:8080/index.html',
    'file:///etc/passwd',
    'https://briefing-desk/index.html',
  ])('refuses the URL %s', async (url) => {
    expect((await get(url)).status).toBe(400);
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get(`${APP_ORIGIN}/assets/index-abc.js`, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String('export const x = 1;'.length));
    expect(await head.text()).toBe('');
    expect((await get(`${APP_ORIGIN}/index.html`, 'POST')).status).toBe(405);
    expect((await get(`${APP_ORIGIN}/index.html`, 'PUT')).status).toBe(405);
  });

  it('maps paths without touching the disk and keeps every result inside the root', () => {
    expect(resolveAppPath(`${APP_ORIGIN}/assets/a.js`, root)).toEqual({ ok: true, path: join(root, 'assets', 'a.js') });
    expect(resolveAppPath('app://BRIEFING-DESK/index.html', root)).toMatchObject({ ok: true });
    expect(resolveAppPath('not a url', root)).toMatchObject({ ok: false, status: 400 });
    expect(resolveAppPath('app://user:pw@briefing-desk/index.html', root)).toMatchObject({ ok: false, status: 400 });
    for (const path of ['/../../x', '/%2e%2e/%2e%2e/x', '/a/../../x']) {
      const r = resolveAppPath(APP_ORIGIN + path, root);
      if (r.ok) expect(relative(root, r.path).startsWith('..')).toBe(false);
    }
  });
});

describe('app:// serves the real build', () => {
  const built = join(__dirname, '../../out/renderer');
  const files = (() => {
    try {
      statSync(join(built, 'index.html'));
    } catch {
      return [] as string[];
    }
    const out: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else out.push(relative(built, p).split('\\').join('/'));
      }
    };
    walk(built);
    return out;
  })();

  it.skipIf(!files.length)('every file of out/renderer with a known, non-generic media type', async () => {
    const double = createElectronDouble();
    serveAppProtocol(double.protocol, built);
    const serve = double.session.defaultSession.protocolHandlers.get('app')!;
    for (const file of files) {
      const res = await serve(new Request(`${APP_ORIGIN}/${file.split('/').map(encodeURIComponent).join('/')}`));
      expect(res.status, file).toBe(200);
      expect(res.headers.get('content-type'), file).not.toBe('application/octet-stream');
    }
  });
});
