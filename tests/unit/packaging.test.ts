/**
 * The packaging configuration (electron-builder.yml, build/), checked without
 * the Electron binary: loaded by electron-builder's own loader and validated
 * against its JSON schema (app-builder-lib/scheme.json); the installer
 * choices the README promises; file associations in step with the
 * importers on every OS; the icon set; nothing that downloads at run time in
 * the package; and the afterPack hook flipping the fuses of a binary that
 * carries Electron's fuse wire.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv';
import { SUPPORTED_EXTENSIONS } from '../../src-main/core/import/index';

const root = resolve(__dirname, '../..');
const require = createRequire(import.meta.url);
// electron-builder's own copy of app-builder-lib (its loader, schema and hook resolver).
const builderLib = dirname(require.resolve('app-builder-lib/package.json', { paths: [dirname(require.resolve('electron-builder/package.json'))] }));

type Config = Record<string, any>;

async function loadConfig(): Promise<Config> {
  const { getConfig } = require(join(builderLib, 'out/util/config/config.js')) as { getConfig(dir: string, path: string | null, opts: null): Promise<Config> };
  return getConfig(root, null, null);
}

function schemaValidator() {
  const schema = JSON.parse(readFileSync(join(builderLib, 'scheme.json'), 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
  return ajv.compile(schema);
}

const REQUIRED_TYPES = ['txt', 'md', 'html', 'docx', 'pdf'];
const extsOf = (associations: { ext: string | string[] }[]) => associations.flatMap((a) => (Array.isArray(a.ext) ? a.ext : [a.ext])).sort();

describe('electron-builder configuration', () => {
  it('is valid against electron-builder’s JSON schema, and a broken copy is not', async () => {
    const config = await loadConfig();
    const validate = schemaValidator();
    const ok = validate(config);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 1)).toEqual([]);
    expect(ok).toBe(true);
    for (const broken of [
      { ...config, nsis: { ...config.nsis, oneClick: 'no' } },
      { ...config, linux: { ...config.linux, target: [{ target: 'AppImage', arch: ['sparc'] }] } },
      { ...config, notAnOption: true },
    ]) {
      expect(validate(broken)).toBe(false);
    }
    // electron-builder's own pre-build validation (the one `npm run dist` runs) passes too.
    const { validateConfiguration } = require(join(builderLib, 'out/util/config/config.js')) as {
      validateConfiguration(c: Config, l: { isEnabled: boolean; add(): void }): Promise<void>;
    };
    await expect(validateConfiguration(structuredClone(config), { isEnabled: false, add: () => undefined })).resolves.toBeUndefined();
  });

  it('builds NSIS for Windows, dmg for macOS, AppImage and deb for Linux, each for x64 and arm64', async () => {
    const config = await loadConfig();
    const targets = (platform: string) => config[platform].target.map((t: { target: string; arch: string[] }) => `${t.target}:${[...t.arch].sort().join('+')}`);
    expect(targets('win')).toEqual(['nsis:arm64+x64']);
    expect(targets('mac')).toEqual(['dmg:arm64+x64']);
    expect(targets('linux')).toEqual(['AppImage:arm64+x64', 'deb:arm64+x64']);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(pkg.scripts.dist).toMatch(/^electron-vite build && node scripts\/native-deps\.mjs && electron-builder$/);
    expect(pkg.devDependencies).toHaveProperty('electron-builder');
    expect(pkg.devDependencies).toHaveProperty('electron');
  });

  it('installs per user by default with a per-machine option, without admin rights per user, and keeps the library on uninstall', async () => {
    const { nsis, win } = await loadConfig();
    expect(nsis).toMatchObject({ oneClick: false, perMachine: false, allowElevation: true, deleteAppDataOnUninstall: false });
    expect(nsis.selectPerMachineByDefault ?? false).toBe(false);
    expect(win.requestedExecutionLevel ?? 'asInvoker').toBe('asInvoker');
  });

  it('names the app 简报台 / Briefing Desk with ASCII file names', async () => {
    const config = await loadConfig();
    expect(config.productName).toMatch(/^[\x20-\x7e]+$/);
    expect(config.linux.executableName).toMatch(/^[a-z0-9-]+$/);
    expect(config.artifactName).toMatch(/^[\x20-\x7e]+$/);
    expect(config.appId).toMatch(/^[a-z0-9]+(\.[a-z0-9-]+)+$/);
    expect(config.nsis.shortcutName).toContain('简报台');
    expect(config.nsis.shortcutName).toContain('Briefing Desk');
    expect(config.linux.desktop.entry['Name[zh_CN]']).toBe('简报台');
  });

  it('offers "Open with" for the imported types on every OS, never taking over the default program', async () => {
    const config = await loadConfig();
    expect(config.fileAssociations).toBeUndefined(); // top-level ones would be the NSIS takeover
    expect(config.win.fileAssociations).toBeUndefined();
    const mac = extsOf(config.mac.fileAssociations);
    const linux = extsOf(config.linux.fileAssociations);
    expect(linux).toEqual(mac);
    for (const a of config.mac.fileAssociations) expect(a.rank).toBe('Alternate');
    for (const a of config.linux.fileAssociations) expect(a.mimeType).toMatch(/^[a-z]+\/[\w.+-]+$/);
    const nsh = readFileSync(join(root, 'build', 'installer.nsh'));
    expect([...nsh.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM: makensis reads 简报台 right
    const text = nsh.toString('utf8');
    const installed = [...text.matchAll(/insertmacro bdOpenWithType "\.(\w+)"/g)].map((m) => m[1]).sort();
    const removed = [...text.matchAll(/insertmacro bdNoOpenWithType "\.(\w+)"/g)].map((m) => m[1]).sort();
    expect(installed).toEqual(mac);
    expect(removed).toEqual(mac);
    expect(text).not.toMatch(/WriteRegStr SHELL_CONTEXT "Software\\Classes\\\.\w+" ""/); // never the type's default value
    expect(config.nsis.include).toBe('build/installer.nsh');
    for (const ext of REQUIRED_TYPES) expect(mac).toContain(ext);
    for (const ext of mac) expect(SUPPORTED_EXTENSIONS).toContain(`.${ext}`);
  });

  it('packages only the build output and never the launcher, which can download Electron', async () => {
    const config = await loadConfig();
    // electron-builder's loader normalises `files` to [{ filter: [...] }].
    const patterns: string[] = config.files.flatMap((f: string | { from?: string; filter: string[] }) =>
      typeof f === 'string' ? [f] : f.from ? [] : f.filter,
    );
    const positive = patterns.filter((p) => !p.startsWith('!'));
    expect(positive.sort()).toEqual(['out/**/*', 'package.json']);
    // Plus each target's own native binaries (scripts/native-deps.mjs), never the build machine's.
    expect(patterns).toContain('!node_modules/@napi-rs/**');
    expect(config.files.filter((f: { from?: string }) => f.from)).toEqual([
      expect.objectContaining({ from: 'build/native/${os}-${arch}/node_modules', to: 'node_modules' }),
    ]);
    expect(config.asar).toBe(true);
    expect(config.disableAsarIntegrity).toBe(false);
    expect(config.extraResources).toEqual([{ from: 'resources', to: 'resources', filter: ['**/*'] }]);
    expect(config.publish).toBeNull();
    // What the package runs: the built main process, which never fetches Electron nor updates.
    const outMain = join(root, 'out', 'main');
    if (existsSync(outMain)) {
      const files = [join(outMain, 'index.js'), ...readdirSync(join(outMain, 'chunks')).map((n) => join(outMain, 'chunks', n))];
      for (const file of files) {
        const code = readFileSync(file, 'utf8');
        expect(code, file).not.toMatch(/launcher\.mjs|@electron\/get|electron-updater|install\.js|electron-unavailable/);
      }
    }
  });

  it('has the icon set: SVG source, PNGs of every size, .ico and .icns', async () => {
    const config = await loadConfig();
    expect(readFileSync(join(root, 'resources', 'icon.svg'), 'utf8')).toMatch(/^<svg[^>]+viewBox="0 0 1024 1024"/);
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
      const png = readFileSync(join(root, config.linux.icon, `${size}x${size}.png`));
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
      expect(png[25]).toBe(6); // RGBA: the rounded corners are transparent
    }
    const ico = readFileSync(join(root, config.win.icon));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const sizes = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ico[6 + i * 16] || 256).sort((a, b) => a - b);
    expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256]);
    const icns = readFileSync(join(root, config.mac.icon));
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
  });
});

describe('afterPack hook: Electron fuses', () => {
  const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
  const work = mkdtempSync(join(tmpdir(), 'bd-fuses-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  /** A file laid out like an Electron binary around its fuse wire: version 1, nine fuses, Electron's defaults. */
  function fakeElectron(path: string): void {
    mkdirSync(dirname(path), { recursive: true });
    const defaults = '101100011'; // RunAsNode on, cookie encryption off, NODE_OPTIONS on, inspect on, integrity off, asar-only off, ...
    writeFileSync(
      path,
      Buffer.concat([Buffer.alloc(4096, 0xcc), Buffer.from(SENTINEL), Buffer.from([1, defaults.length]), Buffer.from(defaults), Buffer.alloc(512, 0xcc)]),
    );
  }

  async function hook(): Promise<(context: unknown) => Promise<void>> {
    const config = await loadConfig();
    const { resolveFunction } = require(join(builderLib, 'out/util/resolve.js')) as {
      resolveFunction(t: string | undefined, e: string, n: string, r: string): Promise<(c: unknown) => Promise<void>>;
    };
    const cwd = process.cwd();
    process.chdir(root); // electron-builder resolves "./build/..." against the project folder it runs in
    try {
      return await resolveFunction('module', config.afterPack, 'afterPack', root);
    } finally {
      process.chdir(cwd);
    }
  }

  it.each([
    ['linux', 'x64', (dir: string) => join(dir, 'briefing-desk')],
    ['win32', 'arm64', (dir: string) => join(dir, 'Briefing Desk.exe')],
    ['darwin', 'x64', (dir: string) => join(dir, 'Briefing Desk.app', 'Contents', 'Frameworks', 'Electron Framework.framework', 'Electron Framework')],
  ])('flips every fuse on the %s %s package, as electron-builder calls it', async (platform, arch, binaryIn) => {
    const appOutDir = join(work, `${platform}-${arch}`);
    const binary = binaryIn(appOutDir);
    fakeElectron(binary);
    const afterPack = await hook();
    await afterPack({
      appOutDir,
      electronPlatformName: platform,
      arch: arch === 'x64' ? 1 : 3,
      packager: { appInfo: { productFilename: 'Briefing Desk' }, executableName: 'briefing-desk' },
    });
    const { getCurrentFuseWire, FuseV1Options, FuseState } = await import(pathToFileURL(require.resolve('@electron/fuses')).href);
    const wire = await getCurrentFuseWire(binaryIn(appOutDir).includes('.app') ? join(appOutDir, 'Briefing Desk.app') : binary);
    const on = (o: number) => wire[o] === FuseState.ENABLE;
    expect(on(FuseV1Options.RunAsNode)).toBe(false);
    expect(on(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe(false);
    expect(on(FuseV1Options.EnableNodeCliInspectArguments)).toBe(false);
    expect(on(FuseV1Options.GrantFileProtocolExtraPrivileges)).toBe(false);
    expect(on(FuseV1Options.EnableCookieEncryption)).toBe(true);
    expect(on(FuseV1Options.OnlyLoadAppFromAsar)).toBe(true);
    expect(on(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe(true);
    // Fuses the hook does not set keep Electron's value.
    expect(wire[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.WasmTrapHandlers]).toBe(FuseState.ENABLE);
  });

  it('fails the build when the binary has no fuse wire', async () => {
    const appOutDir = join(work, 'broken');
    mkdirSync(appOutDir, { recursive: true });
    writeFileSync(join(appOutDir, 'briefing-desk'), Buffer.alloc(1024, 0xcc));
    const afterPack = await hook();
    await expect(
      afterPack({
        appOutDir,
        electronPlatformName: 'linux',
        arch: 1,
        packager: { appInfo: { productFilename: 'Briefing Desk' }, executableName: 'briefing-desk' },
      }),
    ).rejects.toThrow(/sentinel/);
  });
});

describe('a Linux x64 package built by electron-builder around a stand-in Electron', () => {
  // electron-builder runs for real (config, file filters, asar, extra resources, afterPack); only
  // the Electron runtime is a stand-in: a file carrying Electron's fuse wire, given as electronDist.
  const hostOk = process.platform === 'linux' && process.arch === 'x64';
  const built = existsSync(join(root, 'out', 'main', 'index.js'));
  const skip = !hostOk ? 'runs on a linux-x64 build machine' : !built ? 'out/ is not built (npm test builds it)' : null;
  if (skip) console.log(`SKIPPED: packaging run (${skip})`);
  const work = mkdtempSync(join(tmpdir(), 'bd-pack-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it.skipIf(!!skip)(
    'packs only the build output, the right native binaries and the resources, and flips the fuses',
    async () => {
      const { spawnSync } = await import('node:child_process');
      const { cpSync } = await import('node:fs');
      const fakeDist = join(work, 'electron-dist');
      mkdirSync(join(fakeDist, 'locales'), { recursive: true });
      writeFileSync(
        join(fakeDist, 'electron'),
        Buffer.concat([
          Buffer.alloc(2048, 0xcc),
          Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'),
          Buffer.from([1, 9]),
          Buffer.from('101100011'),
          Buffer.alloc(256, 0xcc),
        ]),
        { mode: 0o755 },
      );
      for (const name of ['LICENSE', 'LICENSES.chromium.html', 'locales/en-US.pak', 'locales/zh-CN.pak', 'locales/fr.pak'])
        writeFileSync(join(fakeDist, name), '');
      writeFileSync(join(fakeDist, 'version'), '45.5.0');
      // This machine's own native set stands in for `node scripts/native-deps.mjs linux-x64` (which needs the registry).
      const nativeDir = join(root, 'build', 'native', 'linux-x64', 'node_modules', '@napi-rs');
      if (!existsSync(join(nativeDir, 'canvas-linux-x64-gnu'))) cpSync(join(root, 'node_modules', '@napi-rs'), nativeDir, { recursive: true });
      const output = join(work, 'dist');
      const cli = require.resolve('electron-builder/cli.js');
      const run = spawnSync(process.execPath, [cli, '--linux', 'dir', '--x64', `-c.electronDist=${fakeDist}`, `-c.directories.output=${output}`], {
        cwd: root,
        encoding: 'utf8',
        timeout: 240_000,
        env: { ...process.env, CI: 'true' },
      });
      expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
      const app = join(output, 'linux-unpacked');
      const asarPath = join(app, 'resources', 'app.asar');
      const asar = require(require.resolve('@electron/asar', { paths: [builderLib] })) as {
        listPackage(p: string): string[];
        extractFile(p: string, f: string): Buffer;
      };
      const files = asar.listPackage(asarPath).map((f) => f.replace(/\\/g, '/'));
      for (const f of [
        '/package.json',
        '/out/main/index.js',
        '/out/main/cli.js',
        '/out/preload/index.cjs',
        '/out/renderer/index.html',
        '/out/renderer/256x256.png',
      ])
        expect(files).toContain(f);
      expect(files.filter((f) => /^\/(src-main|src-renderer|tests|bench|scripts|build|resources)(\/|$)/.test(f))).toEqual([]);
      expect(files.filter((f) => /launcher\.mjs$|\.map$|\/node_modules\/(playwright-core|zod|lowdb|react|react-dom)\//.test(f))).toEqual([]);
      expect(files).toContain('/node_modules/pdfjs-dist/legacy/build/pdf.mjs');
      expect(files).toContain('/node_modules/@napi-rs/canvas-linux-x64-gnu/package.json');
      // The native binary is outside the archive, where it can be loaded.
      expect(
        readdirSync(join(app, 'resources', 'app.asar.unpacked', 'node_modules', '@napi-rs', 'canvas-linux-x64-gnu')).some((n) => n.endsWith('.node')),
      ).toBe(true);
      expect(JSON.parse(asar.extractFile(asarPath, 'package.json').toString()).main).toBe('out/main/index.js');
      // Resources beside the archive, where src-main/core/resources.ts looks in a packaged app.
      for (const f of ['rmrb-2023-waic-ai-conference.txt', 'templates', join('icons', '512x512.png')])
        expect(existsSync(join(app, 'resources', 'resources', f)), f).toBe(true);
      expect(readdirSync(join(app, 'locales')).sort()).toEqual(['en-US.pak', 'zh-CN.pak']);
      // The afterPack hook ran inside electron-builder on the packaged binary.
      const { getCurrentFuseWire, FuseV1Options, FuseState } = await import(pathToFileURL(require.resolve('@electron/fuses')).href);
      const wire = await getCurrentFuseWire(join(app, 'briefing-desk'));
      expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
      expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE);
      expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FuseState.ENABLE);
    },
    300_000,
  );
});

describe('Windows installer additions (build/installer.nsh)', () => {
  const makensis = ['/usr/bin/makensis', '/usr/local/bin/makensis'].find((p) => existsSync(p));
  if (!makensis) console.log('SKIPPED: NSIS compile check (makensis not installed; Debian: apt-get install nsis)');
  const work = mkdtempSync(join(tmpdir(), 'bd-nsis-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it.skipIf(!makensis)('compile with makensis in a Unicode installer, keeping 简报台 intact', async () => {
    const { spawnSync } = await import('node:child_process');
    const stub = join(work, 'stub.nsi');
    // What electron-builder's installer provides around the include: Unicode, $appExe and APP_EXECUTABLE_FILENAME.
    writeFileSync(
      stub,
      [
        'Unicode true',
        'SetCompress off',
        'Name "stub"',
        `OutFile "${join(work, 'stub.exe')}"`,
        'RequestExecutionLevel user',
        'InstallDir "$LOCALAPPDATA\\Programs\\Briefing Desk"',
        '!define APP_EXECUTABLE_FILENAME "Briefing Desk.exe"',
        'Var appExe',
        `!include "${join(root, 'build', 'installer.nsh')}"`,
        'Section',
        '  StrCpy $appExe "$INSTDIR\\${APP_EXECUTABLE_FILENAME}"',
        '  !insertmacro customInstall',
        '  WriteUninstaller "$INSTDIR\\uninstall.exe"',
        'SectionEnd',
        'Section "Uninstall"',
        '  !insertmacro customUnInstall',
        'SectionEnd',
        '',
      ].join('\n'),
    );
    // Files without a BOM are read in the machine's ANSI code page: GBK (CP936) on a Chinese Windows build machine.
    const run = spawnSync(makensis!, ['-V2', '-WX', '-INPUTCHARSET', 'CP936', stub], { encoding: 'utf8' });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    const exe = readFileSync(join(work, 'stub.exe'));
    expect(exe.includes(Buffer.from('简报台 Briefing Desk', 'utf16le'))).toBe(true);
    for (const ext of ['.txt', '.md', '.html', '.docx', '.pdf']) {
      expect(exe.includes(Buffer.from(`Software\\Classes\\${ext}\\OpenWithProgids`, 'utf16le')), ext).toBe(true);
    }
  });
});
