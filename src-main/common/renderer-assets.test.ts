/**
 * The interface's CSP and media types, shared by browser mode and the
 * desktop app's app:// protocol.
 */
import { describe, expect, it } from 'vitest';
import { contentTypeFor, RENDERER_CSP } from './renderer-assets';
import { readFixture } from '../../tests/fixtures/texts';

describe('renderer assets', () => {
  it('index.html carries the same CSP as the header, less frame-ancestors (headers only)', () => {
    const html = readFixture(new URL('../../src-renderer/index.html', import.meta.url));
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    const withoutFrameAncestors = RENDERER_CSP.split('; ').filter((d) => !d.startsWith('frame-ancestors')).join('; ');
    expect(meta).toBe(withoutFrameAncestors);
  });

  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['assets/index-K9pS_uzD.js', 'text/javascript; charset=utf-8'],
    ['C:\\app\\out\\renderer\\assets\\x.CSS', 'text/css; charset=utf-8'],
    ['fonts/思源宋体.woff2', 'font/woff2'],
    ['icon.png', 'image/png'],
    ['.hidden', 'application/octet-stream'],
    ['archive.tar.gz', 'application/octet-stream'],
    ['noextension', 'application/octet-stream'],
    ['dir.js/file', 'application/octet-stream'],
  ])('%s is %s', (path, type) => {
    expect(contentTypeFor(path)).toBe(type);
  });
});
