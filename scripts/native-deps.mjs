#!/usr/bin/env node
/**
 * Native packages for the installers, per target OS and architecture.
 * pdfjs-dist (PDF import) loads @napi-rs/canvas at run time for DOMMatrix in
 * Node, and that package's binary is per platform: the copy in node_modules
 * is the build machine's own, wrong for an arm64 package built on x64 (or the
 * other way round). `npm run dist` runs this first: it installs the right
 * binary package for each target into build/native/<os>-<arch>/node_modules
 * (npm's own --os/--cpu/--libc selection of optional dependencies, from the
 * npm registry, at the version the project has installed), and
 * electron-builder.yml copies `build/native/${os}-${arch}` into each package
 * instead of the host's copy.
 *
 * Usage: node scripts/native-deps.mjs [os-arch ...]   (default: this OS's x64 and arm64;
 * os is electron-builder's name: linux, mac or win)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
/** electron-builder's OS key → npm's `os` value and the binary package's name suffix. */
const OS = {
  linux: { npm: 'linux', suffix: (arch) => `linux-${arch}-gnu`, libc: 'glibc' },
  mac: { npm: 'darwin', suffix: (arch) => `darwin-${arch}` },
  win: { npm: 'win32', suffix: (arch) => `win32-${arch}-msvc` },
};
const HOST = { linux: 'linux', darwin: 'mac', win32: 'win' }[process.platform];
const PACKAGES = ['@napi-rs/canvas'];

const targets = process.argv.slice(2).length ? process.argv.slice(2) : [`${HOST}-x64`, `${HOST}-arm64`];
for (const target of targets) {
  const [os, arch] = target.split('-');
  const spec = OS[os];
  if (!spec || !['x64', 'arm64'].includes(arch)) {
    console.error(`Unknown target "${target}": use linux|mac|win followed by -x64 or -arm64.`);
    process.exit(2);
  }
  const dir = join(root, 'build', 'native', target);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const name of PACKAGES) {
    const version = JSON.parse(
      readFileSync(require.resolve(`${name}/package.json`, { paths: [dirname(require.resolve('pdfjs-dist/package.json'))] }), 'utf8'),
    ).version;
    const args = ['install', '--prefix', dir, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `--os=${spec.npm}`, `--cpu=${arch}`];
    if (spec.libc) args.push(`--libc=${spec.libc}`);
    args.push(`${name}@${version}`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const result = spawnSync(npm, args, { stdio: 'inherit', shell: process.platform === 'win32' });
    const binary = join(dir, 'node_modules', `${name}-${spec.suffix(arch)}`);
    if (result.status !== 0 || !existsSync(binary)) {
      console.error(`Could not install ${name}@${version} for ${target} (expected ${binary}).`);
      process.exit(1);
    }
    console.log(`${target}: ${name}@${version} with ${name}-${spec.suffix(arch)}`);
  }
}
