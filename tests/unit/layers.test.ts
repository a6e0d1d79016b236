/**
 * The layer rules of DESIGN.md, enforced: every import of every source file
 * is checked against what its folder may import. Test files may use Node and
 * test doubles, so they are held only to the "no React/electron in core" rules.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const root = resolve(__dirname, '../..');

type Layer = 'common' | 'core' | 'electron' | 'preload' | 'server' | 'cli' | 'renderer';

function layerOf(path: string): Layer | null {
  const rel = relative(root, path).replace(/\\/g, '/');
  if (rel.startsWith('src-renderer/')) return 'renderer';
  const m = /^src-main\/(common|core|electron|preload|server|cli)\//.exec(rel);
  return m ? (m[1] as Layer) : null;
}

/** Returns a reason when `spec` (as imported from `file`) breaks the rules, else null. */
export function violation(file: string, spec: string, typeOnly: boolean): string | null {
  const layer = layerOf(file);
  if (!layer) return null;
  const isNode = spec.startsWith('node:') || ['fs', 'path', 'os', 'child_process', 'crypto', 'http', 'url', 'util', 'stream'].includes(spec);
  const isElectron = spec === 'electron' || spec.startsWith('electron/');
  const isReact = spec === 'react' || spec.startsWith('react/') || spec === 'react-dom' || spec.startsWith('react-dom/');
  const target = spec.startsWith('.') ? layerOf(resolve(dirname(file), spec)) : null;
  switch (layer) {
    case 'common':
      if (isNode || isElectron || isReact) return `common must stay pure: ${spec}`;
      if (target && target !== 'common') return `common may import only common: ${spec}`;
      return null;
    case 'core':
      if (isElectron || isReact) return `core must not import ${spec}`;
      if (target && target !== 'common' && target !== 'core') return `core may import only common and core: ${spec}`;
      return null;
    case 'electron':
    case 'preload':
      if (isReact) return `${layer} must not import React`;
      if (target && !['common', 'core', 'electron', 'preload'].includes(target)) return `${layer} must not import ${spec}`;
      return null;
    case 'server':
    case 'cli':
      if (isElectron || isReact) return `${layer} must not import ${spec}`;
      if (target && !['common', 'core', 'server', 'cli'].includes(target)) return `${layer} must not import ${spec}`;
      return null;
    case 'renderer':
      if (isNode || isElectron) return `the renderer must not import ${spec}`;
      if (target === 'core' || target === 'electron' || target === 'preload' || target === 'server' || target === 'cli') {
        if (typeOnly && target !== 'core') return null;
        return `the renderer may import only common (and types of the contract): ${spec}`;
      }
      return null;
    default: {
      const never: never = layer;
      return never;
    }
  }
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === '__fixtures__' ? [] : sources(path);
    return /\.(ts|tsx|mts)$/.test(name) ? [path] : [];
  });
}

const IMPORT = /^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;

function importsOf(file: string): { spec: string; typeOnly: boolean }[] {
  const text = readFileSync(file, 'utf8');
  const out: { spec: string; typeOnly: boolean }[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[3] ?? m[4] ?? m[5];
    if (spec) out.push({ spec, typeOnly: !!m[2] });
  }
  return out;
}

describe('layer rules (DESIGN.md)', () => {
  it('the checker catches violations', () => {
    expect(violation(join(root, 'src-main/common/x.ts'), 'node:fs', false)).toMatch(/pure/);
    expect(violation(join(root, 'src-main/common/x.ts'), '../core/core', false)).toMatch(/only common/);
    expect(violation(join(root, 'src-main/core/x.ts'), 'electron', false)).toMatch(/electron/);
    expect(violation(join(root, 'src-main/server/x.ts'), 'react', false)).toMatch(/react/);
    expect(violation(join(root, 'src-renderer/x.tsx'), 'node:path', false)).toMatch(/renderer/);
    expect(violation(join(root, 'src-renderer/x.tsx'), '../src-main/core/core', false)).toMatch(/renderer/);
    expect(violation(join(root, 'src-renderer/x.tsx'), '../src-main/common/api', true)).toBeNull();
  });

  it('every source file respects them', () => {
    const problems: string[] = [];
    for (const file of [...sources(join(root, 'src-main')), ...sources(join(root, 'src-renderer'))]) {
      const isTest = /\.test\.tsx?$/.test(file);
      for (const { spec, typeOnly } of importsOf(file)) {
        const reason = violation(file, spec, typeOnly);
        // Tests may read fixtures with Node, and the electron shell's tests use a double of 'electron'.
        if (reason && !(isTest && !/React/i.test(reason) && !/core must not import electron/.test(reason))) {
          problems.push(`${relative(root, file)}: ${reason}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
