/**
 * The layer rules of DESIGN.md ("One core, three hosts, one contract"), checked
 * by dependency-cruiser on every import form: static and dynamic `import()`,
 * `require`, `export … from`, `import type` (tsPreCompilationDeps) and
 * side-effect imports; Node built-ins with and without the `node:` prefix
 * (`fs/promises`, `events`, `zlib` are all dependency type "core").
 *
 * The table it mirrors:
 *
 * | folder                          | may import                                   | must not import                  |
 * | src-main/common                 | common, pure npm libraries (PURE_PACKAGES)  | Node, electron, DOM, React, Node-only packages |
 * | src-main/core                   | common, Node, npm libraries                  | electron, React, hosts, renderer |
 * | src-main/electron, src-main/preload | common, core, electron                   | React, server, cli, renderer     |
 * | src-main/server, src-main/cli   | common, core, Node                           | electron, React, electron/preload folders, renderer |
 * | src-renderer                    | common (incl. the contract), React, DOM      | Node, electron, core, hosts — not even their types |
 *
 * Test files (`*.test.ts(x)`) and test helpers (`testing/` folders,
 * `test-api.ts`) under src-main may also use Node, test libraries and the
 * electron test double; they are still held to the other folder rules between
 * layers and to "no React outside the renderer". Under src-renderer there is no
 * exception: a renderer test is browser code too. A test that drives renderer
 * modules with a real core in-process lives in tests/renderer/, which may
 * import core but never a host. `npm run lint` runs this; tests/unit/layers.test.ts
 * runs the same rules against deliberately bad files and expects each to be caught.
 *
 * Paths are matched with `(^|/)` in front so that the test's fixture tree
 * (tests/fixtures/layers/src-main/…) is judged by the same rules.
 */

/** npm packages that run anywhere (no Node, no DOM needed): the only ones common may import. */
const PURE_PACKAGES = ['zod', 'approx-string-match', 'diff', 'marked', 'marked-cjk-friendly'];
/** Test-only code: exempt from "no Node" and "no dev dependency" rules, never from the layer folders. */
const TEST = '(\\.test\\.tsx?$|/testing/|/test-api\\.ts$)';
const NPM = ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-bundled', 'npm-no-pkg', 'npm-unknown'];
const NODE_MODULES = '(^|/)node_modules/';
const REACT = `${NODE_MODULES}(react|react-dom|@testing-library/react)/`;
const ELECTRON = `${NODE_MODULES}electron/`;
const layer = (name) => `(^|/)src-main/${name}/`;
const RENDERER = '(^|/)src-renderer/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    // --- common: pure TypeScript, used by every layer including the renderer.
    {
      name: 'common-no-node',
      comment: 'common must stay pure: no Node built-ins (with or without node:) — DESIGN.md layer rules',
      severity: 'error',
      from: { path: layer('common'), pathNot: TEST },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'common-only-pure-packages',
      comment: `common may import only pure npm packages (${PURE_PACKAGES.join(', ')}): not electron, React, jsdom, lowdb or anything needing Node or a DOM`,
      severity: 'error',
      from: { path: layer('common'), pathNot: TEST },
      to: { dependencyTypes: NPM, pathNot: `${NODE_MODULES}(${PURE_PACKAGES.join('|')})/` },
    },
    {
      name: 'common-only-common',
      comment: 'common may import only common',
      severity: 'error',
      from: { path: layer('common') },
      to: { path: `(${layer('(core|electron|preload|server|cli)')}|${RENDERER})` },
    },
    // --- core: Node services, no electron, no React, no host or renderer code.
    {
      name: 'core-no-electron-or-react',
      comment: 'core is plain Node: no electron, no React',
      severity: 'error',
      from: { path: layer('core') },
      to: { path: `(${ELECTRON}|${REACT})` },
    },
    {
      name: 'core-only-common-and-core',
      comment: 'core may import only common and core (never a host or the renderer)',
      severity: 'error',
      from: { path: layer('core') },
      to: { path: `(${layer('(electron|preload|server|cli)')}|${RENDERER})` },
    },
    // --- hosts.
    {
      name: 'no-react-outside-renderer',
      comment: 'React belongs to the renderer only',
      severity: 'error',
      from: { path: '(^|/)src-main/' },
      to: { path: REACT },
    },
    {
      name: 'desktop-shell-not-other-hosts',
      comment: 'electron and preload may import common, core, electron and each other — not server, cli or the renderer',
      severity: 'error',
      from: { path: layer('(electron|preload)') },
      to: { path: `(${layer('(server|cli)')}|${RENDERER})` },
    },
    {
      name: 'server-cli-no-electron',
      comment: 'server and cli run in plain Node: no electron (a test may use the electron double only in src-main/electron)',
      severity: 'error',
      from: { path: layer('(server|cli)') },
      to: { path: `(${ELECTRON}|${layer('(electron|preload)')}|${RENDERER})` },
    },
    // --- renderer: browser code.
    {
      name: 'renderer-no-node',
      comment: 'the renderer (its tests included) runs in a browser: no Node built-ins — a test that needs Node lives in tests/renderer/',
      severity: 'error',
      from: { path: RENDERER },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'renderer-no-electron-or-node-packages',
      comment: 'the renderer must not import electron or packages that need Node (jsdom, lowdb, mammoth, pdfjs for Node, playwright)',
      severity: 'error',
      from: { path: RENDERER },
      to: {
        path: `(${ELECTRON}|${NODE_MODULES}(jsdom|lowdb|steno|mammoth|playwright-core|pdfjs-dist|jschardet|docx|@mozilla/readability|pino|rotating-file-stream)/)`,
      },
    },
    {
      name: 'renderer-only-common-from-main',
      comment: 'the renderer (its tests included) may import from src-main only common (the contract and pure modules), not even types of core or the hosts',
      severity: 'error',
      from: { path: RENDERER },
      to: { path: layer('(core|electron|preload|server|cli)') },
    },
    {
      name: 'renderer-tests-only-core',
      comment: 'a renderer test under tests/renderer may run a real core in-process (no stand-in where the real thing runs), never a host',
      severity: 'error',
      from: { path: '(^|/)tests/renderer/' },
      to: { path: layer('(electron|preload|server|cli)') },
    },
    // --- every layer.
    {
      name: 'no-dev-dependencies-in-production',
      comment: 'shipped code must not import a devDependency (electron is one only for packaging; type-only imports vanish in the build)',
      severity: 'error',
      from: { path: '(^|/)(src-main|src-renderer)/', pathNot: TEST },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'], pathNot: ELECTRON },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'an import that resolves to nothing',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-undeclared-packages',
      comment: "every npm package a file imports is declared in package.json (not borrowed from another package's dependencies)",
      severity: 'error',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(out|dist|bench/\\.work)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    moduleSystems: ['es6', 'cjs'],
  },
};
