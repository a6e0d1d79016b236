/**
 * Browser-mode server: token, Host/Origin checks, API envelope and errors,
 * static files, on a real loopback socket with a real core on a temp library.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Core } from '../core/core';
import { METHOD_NAMES } from '../common/api';
import { startServer, type RunningServer } from './server';

let dir: string;
let core: Core;
let server: RunningServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bd-server-'));
  const renderer = join(dir, 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(dir, 'secret.txt'), 'outside');
  core = await Core.open({ dir: join(dir, 'lib'), host: 'browser' });
  server = await startServer({ target: core, rendererDir: renderer, events: core.events });
});
afterAll(async () => {
  await server.close();
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

function raw(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path, method: options.method ?? 'GET', headers: { host: `127.0.0.1:${server.port}`, ...options.headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

const api = (method: string, params: unknown, headers: Record<string, string> = {}) =>
  raw(`/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-briefing-token': server.token, ...headers },
    body: JSON.stringify(params),
  });

describe('browser-mode server', () => {
  it('prints a loopback URL carrying the token in its fragment, which browsers never send', () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/#token=[A-Za-z0-9_-]{20,}$`));
  });

  it.each(METHOD_NAMES)('answers 401 on /api/%s without the token, with a wrong one, or with it only in a cookie or the query', async (method) => {
    expect((await raw(`/api/${method}`, { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await api(method, {}, { 'x-briefing-token': 'nope' })).status).toBe(401);
    expect((await raw(`/api/${method}`, { method: 'POST', body: '{}', headers: { cookie: `bd_token=${server.token}` } })).status).toBe(401);
    expect((await raw(`/api/${method}?token=${server.token}`, { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await raw(`/api/${method}`, { method: 'GET' })).status).toBe(401);
  });

  it.each(
    METHOD_NAMES.flatMap(
      (m) =>
        [
          [m, 'Host', { host: 'evil.example:80' }],
          [m, 'Host with another port', { host: '127.0.0.1:1' }],
          [m, 'Origin', { origin: 'http://evil.example' }],
          [m, 'Origin on another local port', { origin: 'http://127.0.0.1:1' }],
        ] as const,
    ),
  )('answers 403 on /api/%s to a foreign %s header, even with the token', async (method, _what, headers) => {
    expect((await api(method, {}, { ...headers })).status).toBe(403);
  });

  it('answers 400 to malformed percent-encoding in API and file paths', async () => {
    const res = await raw('/api/list%E0%A4%A', { method: 'POST', headers: { 'x-briefing-token': server.token }, body: '{}' });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error.code).toBe('invalid-params');
    expect((await raw('/assets/%E0%A4%A.js')).status).toBe(400);
    expect((await raw('/%')).status).toBe(400);
  });

  it('accepts localhost as Host and Origin on its own port', async () => {
    const res = await api('listArticles', {}, { host: `localhost:${server.port}`, origin: `http://localhost:${server.port}` });
    expect(res.status).toBe(200);
  });

  it('answers API calls with the envelope; the sample is there on first run', async () => {
    const res = await api('listArticles', {});
    const body = JSON.parse(res.body);
    expect(body.ok).toBe(true);
    expect(body.result.map((e: { title: string }) => e.title)).toEqual(['推动32个重大产业项目签约，项目投资总额288亿元']);
  });

  it('rejects bad parameters with 400 naming the field, and writes nothing', async () => {
    const catalog = readFileSync(join(dir, 'lib', 'catalog.json'), 'utf8');
    const res = await api('importFile', { name: 'x.txt', dataBase64: 42 });
    expect(res.status).toBe(400);
    const body = JSON.parse(res.body);
    expect(body.error).toMatchObject({ code: 'invalid-params', field: 'dataBase64' });
    expect(body.error.message).toContain('dataBase64');
    const meta = await api('updateArticleMeta', { id: 'zz', meta: { published: '7 July' } });
    expect(JSON.parse(meta.body).error.field).toBe('id');
    expect(readFileSync(join(dir, 'lib', 'catalog.json'), 'utf8')).toBe(catalog);
  });

  it('answers unknown methods with 404 and invalid JSON with 400', async () => {
    expect((await api('dropEverything', {})).status).toBe(404);
    const res = await raw('/api/listArticles', { method: 'POST', headers: { 'x-briefing-token': server.token }, body: '{nope' });
    expect(res.status).toBe(400);
  });

  it('imports a file over HTTP and refuses it as a duplicate the second time', async () => {
    const data = Buffer.from('Grid operators expand storage\nChina added record battery storage capacity.').toString('base64');
    const first = JSON.parse((await api('importFile', { name: 'grid.txt', dataBase64: data })).body);
    expect(first.result.title).toBe('Grid operators expand storage');
    const second = await api('importFile', { name: 'grid-copy.txt', dataBase64: data });
    expect(second.status).toBe(409);
    expect(JSON.parse(second.body).error.message).toContain(first.result.id);
  });

  it('serves the renderer (no secret in it) with a CSP and no cookie, and refuses paths outside it', async () => {
    const page = await raw('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['set-cookie']).toBeUndefined();
    expect(page.body).not.toContain(server.token);
    expect((await raw('/index.html')).status).toBe(200);
    expect((await raw('/', { headers: { host: 'evil.example' } })).status).toBe(403);
    expect((await raw('/../secret.txt')).status).toBe(404);
    expect((await raw('/%2e%2e/secret.txt')).status).toBe(404);
  });
});

describe('server-sent events', () => {
  /** Opens `GET /events` and collects the parsed messages until `stop()`. */
  async function listen(headers: Record<string, string>) {
    const controller = new AbortController();
    const response = await fetch(`${server.origin}/events`, { headers, signal: controller.signal });
    const messages: { name: string; payload: Record<string, unknown> }[] = [];
    if (response.ok && response.body) {
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      void (async () => {
        try {
          for (;;) {
            const { value, done } = await reader.read();
            if (done) return;
            buffer += value;
            let end: number;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              const block = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              const name = /^event: (.*)$/m.exec(block)?.[1];
              const data = /^data: (.*)$/m.exec(block)?.[1];
              if (name && data) messages.push({ name, payload: JSON.parse(data) as Record<string, unknown> });
            }
          }
        } catch {
          // Aborted by stop().
        }
      })();
    }
    return { response, messages, stop: () => controller.abort() };
  }

  it('needs the token, and answers GET only', async () => {
    expect((await raw('/events')).status).toBe(401);
    expect((await raw('/events', { headers: { 'x-briefing-token': 'wrong' } })).status).toBe(401);
    expect((await raw('/events', { method: 'POST', headers: { 'x-briefing-token': server.token } })).status).toBe(405);
  });

  it('streams the library changes that calls of any client make', async () => {
    const stream = await listen({ 'x-briefing-token': server.token });
    try {
      expect(stream.response.status).toBe(200);
      expect(stream.response.headers.get('content-type')).toContain('text/event-stream');
      // Another client (the CLI's serve, a second tab) changes the library through the API.
      const res = await fetch(`${server.origin}/api/importText`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-briefing-token': server.token },
        body: JSON.stringify({ text: '国务院关于推进新型工业化的意见\n\n正文第一段。' }),
      });
      const { result } = (await res.json()) as { result: { id: string } };
      await expect.poll(() => stream.messages).toContainEqual({ name: 'libraryChanged', payload: { areas: ['articles'], ids: [result.id] } });
      // A deletion is another change; each event arrives once, in order.
      await fetch(`${server.origin}/api/deleteArticle`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-briefing-token': server.token },
        body: JSON.stringify({ id: result.id }),
      });
      await expect.poll(() => stream.messages.filter((m) => m.name === 'libraryChanged').length).toBe(2);
    } finally {
      stream.stop();
    }
    // The stream's listener is gone once the client leaves.
    await expect.poll(() => core.events.size).toBe(0);
  });

  it('refuses the methods that name files on this computer', async () => {
    for (const [method, params] of [
      ['importPaths', { paths: ['/etc/passwd'] }],
      ['exportBriefingToFile', { id: 'b1', format: 'md', path: '/tmp/x.md' }],
    ] as const) {
      const res = await fetch(`${server.origin}/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-briefing-token': server.token },
        body: JSON.stringify(params),
      });
      expect(res.status).toBe(422);
      expect(await res.json()).toMatchObject({ ok: false, error: { code: 'refused', field: 'method' } });
    }
  });
});
