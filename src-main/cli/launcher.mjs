#!/usr/bin/env node
/**
 * The `briefing` bin and the `npm start` / `npm run serve` entry (a
 * developer's and command-line user's tool; packaged installs run Electron
 * directly and never include this file). Builds the app once if out/ is
 * missing, then either runs the CLI, or (for `start`) launches Electron where
 * its binary is present or can be fetched, and otherwise runs browser mode in
 * an app window of an installed Chromium, Chrome or Edge (`serve
 * --app-window`), with one sentence saying why.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cliEntry = join(root, 'out', 'main', 'cli.js');
const mainEntry = join(root, 'out', 'main', 'index.js');
const rendererEntry = join(root, 'out', 'renderer', 'index.html');

function ensureBuilt() {
  if (existsSync(cliEntry) && existsSync(mainEntry) && existsSync(rendererEntry)) return;
  process.stderr.write('Building Briefing Desk (first run)…\n');
  const viteBin = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const result = spawnSync(process.execPath, [viteBin, 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) {
    process.stderr.write('The build failed; see the messages above.\n');
    process.exit(1);
  }
}

/** Path of the Electron binary if installed, else null. Never downloads. */
function installedElectron() {
  try {
    const pkgDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const pathFile = join(pkgDir, 'path.txt');
    if (!existsSync(pathFile)) return { pkgDir, binary: null };
    const binary = join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return { pkgDir, binary: existsSync(binary) ? binary : null };
  } catch {
    return { pkgDir: null, binary: null };
  }
}

/**
 * Tries the Electron package's own download once a day at most; returns the
 * binary or null. Never where downloads are turned off
 * (ELECTRON_SKIP_BINARY_DOWNLOAD) or from inside a packaged app.
 */
function fetchElectron(pkgDir) {
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD || /app\.asar/.test(root)) return null;
  const marker = join(root, 'node_modules', '.cache', 'briefing-desk', 'electron-unavailable');
  try {
    if (existsSync(marker) && Date.now() - statSync(marker).mtimeMs < 24 * 3600 * 1000) return null;
  } catch {
    // An unreadable marker counts as absent: at worst the download is tried once more.
  }
  process.stderr.write('Fetching the Electron runtime (first run)…\n');
  const result = spawnSync(process.execPath, [join(pkgDir, 'install.js')], { cwd: pkgDir, stdio: 'ignore', timeout: 120_000 });
  const after = installedElectron().binary;
  if (result.status === 0 && after) return after;
  try {
    mkdirSync(dirname(marker), { recursive: true });
    writeFileSync(marker, new Date().toISOString());
  } catch {
    // A read-only install cannot keep the marker: the next start tries the download again, nothing else.
  }
  return null;
}

/** out/main/cli.js runs the command line in process.argv when imported. */
async function runCli(args) {
  process.argv = [process.argv[0], cliEntry, ...args];
  await import(pathToFileURL(cliEntry).href);
}

const argv = process.argv.slice(2);
ensureBuilt();

if (argv[0] === 'start') {
  const { pkgDir, binary: installed } = installedElectron();
  const binary = installed ?? (pkgDir ? fetchElectron(pkgDir) : null);
  const passThrough = argv.slice(1);
  if (binary && !process.env.BRIEFING_DESK_BROWSER) {
    const child = spawn(binary, [root, ...passThrough], { stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 0));
  } else {
    const reason = process.env.BRIEFING_DESK_BROWSER
      ? 'BRIEFING_DESK_BROWSER is set, so Briefing Desk runs in browser mode on 127.0.0.1.'
      : 'The Electron runtime is not installed here and could not be downloaded, so Briefing Desk runs in browser mode on 127.0.0.1.';
    await runCli(['serve', '--app-window', ...passThrough, '--reason', reason]);
  }
} else {
  await runCli(argv);
}
