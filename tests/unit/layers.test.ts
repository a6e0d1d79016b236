/**
 * The layer rules of DESIGN.md are enforced by dependency-cruiser
 * (.dependency-cruiser.cjs, run by `npm run lint`). This test runs that very
 * rule set against tests/fixtures/layers, a tree of deliberately bad files
 * (one kind of import per file: static, type-only, dynamic `import()`,
 * `require`, `export … from`, side-effect; built-ins with and without `node:`;
 * Node-only packages), and expects each violation to be reported under the
 * right rule — and nothing in the files that keep the rules.
 */
import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { cruise, type ICruiseOptions, type IConfiguration } from 'dependency-cruiser';

const root = resolve(__dirname, '../..');
const require = createRequire(import.meta.url);
const config = require(resolve(root, '.dependency-cruiser.cjs')) as IConfiguration;

const F = 'tests/fixtures/layers/';

/** [importing file, rule, what it imports (resolved path or built-in name)] */
const EXPECTED: [string, string, string][] = [
  ['src-main/common/builtin-static.ts', 'common-no-node', 'fs/promises'],
  ['src-main/common/builtin-type-only.ts', 'common-no-node', 'events'],
  ['src-main/common/builtin-dynamic.ts', 'common-no-node', 'zlib'],
  ['src-main/common/builtin-require.ts', 'common-no-node', 'path'],
  ['src-main/common/package-reexport.ts', 'common-only-pure-packages', 'node_modules/jsdom/'],
  ['src-main/common/package-side-effect.ts', 'common-only-pure-packages', 'node_modules/lowdb/'],
  ['src-main/common/react.ts', 'common-only-pure-packages', 'node_modules/react/'],
  ['src-main/common/react.ts', 'no-react-outside-renderer', 'node_modules/react/'],
  ['src-main/common/reaches-core.ts', 'common-only-common', `${F}src-main/core/service.ts`],
  ['src-main/core/service.ts', 'core-no-electron-or-react', 'node_modules/electron/'],
  ['src-main/core/reaches-server.ts', 'core-only-common-and-core', `${F}src-main/server/server.ts`],
  ['src-main/core/test-library.ts', 'no-dev-dependencies-in-production', 'node_modules/vitest/'],
  ['src-main/electron/ui.ts', 'no-react-outside-renderer', 'node_modules/react/'],
  ['src-main/electron/reaches-cli.ts', 'desktop-shell-not-other-hosts', `${F}src-main/cli/main.ts`],
  ['src-main/server/server.ts', 'server-cli-no-electron', 'node_modules/electron/'],
  ['src-main/cli/main.ts', 'server-cli-no-electron', `${F}src-main/electron/ui.ts`],
  ['src-renderer/types-of-core.ts', 'renderer-only-common-from-main', `${F}src-main/core/reaches-server.ts`],
  ['src-renderer/types-of-electron.ts', 'renderer-only-common-from-main', `${F}src-main/electron/testing/double.ts`],
  // A renderer test is held to the renderer's rules (a test that needs a real core lives in tests/renderer).
  ['src-renderer/view.test.ts', 'renderer-only-common-from-main', `${F}src-main/core/service.ts`],
  ['src-renderer/view.test.ts', 'renderer-only-common-from-main', `${F}src-main/server/server.ts`],
  ['src-renderer/node-in-test.test.ts', 'renderer-no-node', 'fs'],
  ['tests/renderer/view.test.ts', 'renderer-tests-only-core', `${F}src-main/server/server.ts`],
  ['src-renderer/node-builtin.ts', 'renderer-no-node', 'fs'],
  ['src-renderer/node-package.ts', 'renderer-no-electron-or-node-packages', 'node_modules/jsdom/'],
  ['src-renderer/electron-types.ts', 'renderer-no-electron-or-node-packages', 'node_modules/electron/'],
];

describe('layer rules (DESIGN.md) as dependency-cruiser checks them', () => {
  it('report every deliberately bad import in the fixture tree, and nothing else', async () => {
    const options: ICruiseOptions = { ...config.options, ruleSet: config, validate: true, baseDir: root, outputType: 'json' };
    const result = await cruise([`${F}src-main`, `${F}src-renderer`, `${F}tests`], options);
    const output = JSON.parse(result.output as string) as {
      summary: { violations: { from: string; to: string; rule: { name: string } }[] };
    };
    const found = output.summary.violations.map((v) => `${v.from.slice(F.length)} ${v.rule.name} ${v.to}`).sort();

    for (const [from, rule, to] of EXPECTED) {
      // A package resolves to node_modules wherever it is installed (a parent folder, a linked install).
      const target = to.startsWith('node_modules/') ? `(\\S*/)?${esc(to)}` : esc(to);
      expect(found, `${from} → ${to} under ${rule}`).toContainEqual(expect.stringMatching(new RegExp(`^${esc(from)} ${rule} ${target}`)));
    }
    // Every violation is one the fixtures meant; the `ok` files (common, core, electron, preload, renderer) raise none.
    expect(found).toHaveLength(EXPECTED.length);
    expect(found.filter((line) => /\/ok(-too)?\.tsx?\s/.test(line) || line.startsWith('src-main/preload/'))).toEqual([]);
  });
});

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
