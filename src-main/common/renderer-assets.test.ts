/**
 * The interface's CSP and media types, shared by browser mode and the
 * desktop app's app:// protocol.
 */
import { describe, expect, it } from 'vitest';
import { contentTypeFor, RENDERER_CSP, THEME_BACKGROUND, withSavedTheme } from './renderer-assets';
import { readFixture } from '../../tests/fixtures/texts';

describe('renderer assets', () => {
  it('index.html carries the same CSP as the header, less frame-ancestors (headers only)', () => {
    const html = readFixture(new URL('../../src-renderer/index.html', import.meta.url));
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    const withoutFrameAncestors = RENDERER_CSP.split('; ')
      .filter((d) => !d.startsWith('frame-ancestors'))
      .join('; ');
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

describe('withSavedTheme (the first paint in the saved theme)', () => {
  const index = readFixture(new URL('../../src-renderer/index.html', import.meta.url));

  it.each(['dark', 'light'] as const)('puts data-theme="%s" on the real index.html and nothing else changes', (theme) => {
    const out = withSavedTheme(index, theme);
    expect(out).toContain(`<html lang="zh-CN" data-theme="${theme}">`);
    expect(out.replace(` data-theme="${theme}"`, '')).toBe(index);
  });

  it.each([
    ['system', '<!doctype html><html lang="en"><body></body></html>', '<!doctype html><html lang="en"><body></body></html>'],
    [undefined, '<html><body></body></html>', '<html><body></body></html>'],
    ['dark', '<HTML LANG="en" data-theme="light"><body data-theme="x">', '<HTML LANG="en" data-theme="dark"><body data-theme="x">'],
    ['light', '<html\n  lang="zh"\n>', '<html\n  lang="zh"\n data-theme="light">'],
    ['dark', '<p>no root element</p>', '<p>no root element</p>'],
    ['<script>', '<html>', '<html>'],
  ] as const)('%s on %j gives %j', (theme, html, expected) => {
    expect(withSavedTheme(html.replace(/\\n/g, '\n'), theme as never)).toBe(expected.replace(/\\n/g, '\n'));
  });

  it("names backgrounds that are the stylesheets' --bg", () => {
    const light = readFixture(new URL('../../src-renderer/styles.css', import.meta.url));
    const dark = readFixture(new URL('../../src-renderer/reading.css', import.meta.url));
    expect(light).toContain(`--bg: ${THEME_BACKGROUND.light};`);
    expect(dark).toContain(`--bg: ${THEME_BACKGROUND.dark};`);
  });
});
