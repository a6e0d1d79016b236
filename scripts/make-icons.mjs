#!/usr/bin/env node
/**
 * Renders resources/icon.svg into the icon set the packages need:
 * resources/icons/<n>x<n>.png (Linux and the window icon), resources/icon.ico
 * (Windows: 16–256 px) and resources/icon.icns (macOS: 16–1024 px).
 * The PNGs are drawn by the system Chromium (CHROMIUM_PATH or the usual
 * paths) through playwright-core; the .ico and .icns are packed by Debian's
 * icoutils (`icotool`) and icnsutils (`png2icns`) when installed, and left
 * as they are otherwise. The outputs are committed; run this after editing
 * the SVG: `node scripts/make-icons.mjs`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const svg = readFileSync(join(root, 'resources', 'icon.svg'), 'utf8');
const outDir = join(root, 'resources', 'icons');
export const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => p && existsSync(p));
if (!executablePath) {
  console.error('No Chromium found: install Debian package chromium or set CHROMIUM_PATH.');
  process.exit(1);
}
mkdirSync(outDir, { recursive: true });
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
  for (const size of SIZES) {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(
      `<html><body style="margin:0;background:transparent"><img src="${src}" width="${size}" height="${size}" style="display:block"></body></html>`,
    );
    await page.locator('img').evaluate((img) => img.decode());
    await page.screenshot({ path: join(outDir, `${size}x${size}.png`), omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
  }
} finally {
  await browser.close();
}
const png = (n) => join(outDir, `${n}x${n}.png`);
function pack(tool, args, what) {
  const result = spawnSync(tool, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  if (result.error) console.error(`${tool} is not installed; ${what} left as it was (Debian: apt-get install icoutils icnsutils).`);
  else if (result.status !== 0) throw new Error(`${tool} failed: ${result.stderr}`);
  else console.log(`wrote ${what}`);
}
pack('icotool', ['-c', '-o', join(root, 'resources', 'icon.ico'), ...[16, 24, 32, 48, 64, 128, 256].map(png)], 'resources/icon.ico');
pack('png2icns', [join(root, 'resources', 'icon.icns'), ...[16, 32, 48, 128, 256, 512, 1024].map(png)], 'resources/icon.icns');
console.log(`wrote ${SIZES.length} PNGs to resources/icons/`);
