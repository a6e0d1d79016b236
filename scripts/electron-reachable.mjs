#!/usr/bin/env node
/**
 * Exit 0 when the Electron runtime that `npm run dist` packages can be had on
 * this machine — already in the download cache, or downloadable now through
 * the Electron package's own downloader (@electron/get, which honours
 * ELECTRON_MIRROR and the proxy settings, and fills the cache electron-builder
 * reads) — and exit 1 with one sentence otherwise. `.ci/run` builds the
 * installers only when this passes. `--timeout SECONDS` (default 120).
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const i = process.argv.indexOf('--timeout');
const seconds = i > 0 ? Number(process.argv[i + 1]) : 120;

function fail(reason) {
  console.log(`Electron runtime not reachable: ${reason}`);
  process.exit(1);
}

let version;
let getModule;
try {
  const pkgPath = require.resolve('electron/package.json');
  version = require(pkgPath).version;
  getModule = createRequire(pkgPath).resolve('@electron/get');
} catch (err) {
  fail(`the electron package is not installed (${err.message}).`);
}
const { downloadArtifact } = await import(pathToFileURL(getModule).href);
const timer = setTimeout(() => fail(`no answer within ${seconds} s.`), seconds * 1000);
try {
  const zip = await downloadArtifact({ version, artifactName: 'electron', platform: process.platform, arch: process.arch });
  clearTimeout(timer);
  console.log(`Electron ${version} for ${process.platform}-${process.arch} is available (${dirname(zip)}).`);
  process.exit(0);
} catch (err) {
  fail(err.message.split('\n')[0]);
}
