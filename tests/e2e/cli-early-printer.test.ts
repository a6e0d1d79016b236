/**
 * The CLI starts the print engine (Chromium) before the program loads when
 * the command is a PDF export (src-main/cli/early-printer.ts). Against the
 * built CLI and the real Chromium: a PDF export that fails before printing
 * (no such briefing, no such article) or is refused before it runs (no id,
 * an unknown option) exits with its usual error and leaves no browser
 * process behind — each process the CLI started carries a marker in its
 * environment, looked for in /proc after the CLI has exited. One that
 * succeeds writes its PDF without loading an automation library
 * (playwright-core: the printer speaks the DevTools protocol itself) and
 * leaves neither a browser nor its profile folder behind.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './harness';

/** Processes whose environment holds `marker` (Linux /proc; none elsewhere). */
function processesMarked(marker: string): number[] {
  if (!existsSync('/proc')) return [];
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/environ`, 'latin1').includes(marker)) found.push(Number(name));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

/** Runs the built CLI with `args` and a marker in its environment; the result, and the processes still carrying the marker after it ended. */
function runMarked(
  args: string[],
  nodeArgs: string[] = [],
  env: NodeJS.ProcessEnv = {},
): { status: number | null; stdout: string; stderr: string; error?: Error; left: number[] } {
  const marker = `BD_EARLY_PRINTER_TEST=${randomBytes(8).toString('hex')}`;
  const [key, value] = marker.split('=');
  const r = spawnSync(process.execPath, [...nodeArgs, join(root, 'out', 'main', 'cli.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, BRIEFING_DESK_LIBRARY: '', ...env, [key]: value },
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, ...(r.error ? { error: r.error } : {}), left: processesMarked(marker) };
}

describe('CLI PDF export: the print engine started early', () => {
  for (const command of ['export', 'export-article'] as const) {
    it(`${command} of an id that does not exist: the usual error, and no browser left running`, () => {
      const library = mkdtempSync(join(tmpdir(), 'bd-e2e-early-printer-'));
      try {
        const missing = command === 'export' ? 'b000000000000' : 'a000000000000';
        const r = runMarked([command, missing, '--format', 'pdf', '--out', join(library, '..', 'x.pdf'), '--library', library]);
        expect(r.error).toBeUndefined(); // it ended by itself, within the time
        expect(r.status).toBe(1);
        expect(r.stderr).toMatch(/not found|No (briefing|article)/i);
        expect(r.left).toEqual([]);
      } finally {
        rmSync(library, { recursive: true, force: true });
      }
    }, 90_000);

    it(`${command} refused before it runs (no id; an unknown option): exit 2, and the browser started early is closed`, () => {
      const library = mkdtempSync(join(tmpdir(), 'bd-e2e-early-printer-'));
      try {
        for (const args of [
          [command, '--format', 'pdf'],
          [command, 'x123', '--no-such-option', '--library', library],
        ]) {
          const r = runMarked([...args, '--library', library]);
          expect(r.error).toBeUndefined();
          expect(r.status).toBe(2);
          expect(r.left).toEqual([]);
        }
      } finally {
        rmSync(library, { recursive: true, force: true });
      }
    }, 90_000);
  }

  it('a PDF export that succeeds loads no automation library and leaves no browser and no profile folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bd-e2e-early-printer-'));
    try {
      const library = join(dir, 'lib');
      // Every package the process requires, one name a line (the printer once required playwright-core).
      const loads = join(dir, 'loads.txt');
      const hook = join(dir, 'hook.cjs');
      writeFileSync(
        hook,
        `const M = require('node:module'); const fs = require('node:fs'); const load = M._load;
fs.appendFileSync(${JSON.stringify(loads)}, '# hook installed\\n');
M._load = function (request, ...rest) { if (!request.startsWith('.') && !request.startsWith('node:') && !request.startsWith('/')) fs.appendFileSync(${JSON.stringify(loads)}, request + '\\n'); return load.call(this, request, ...rest); };`,
      );
      const created = runMarked(['brief', 'create', '--title', '打印引擎周报', '--org', '政策研究室', '--json', '--library', library]);
      expect(created.status).toBe(0);
      const id = (JSON.parse(created.stdout) as { id: string }).id;
      const isolated = join(dir, 'tmp');
      rmSync(isolated, { recursive: true, force: true });
      mkdirSync(isolated);
      const out = join(dir, 'week.pdf');
      const r = runMarked(['export', id, '--format', 'pdf', '--out', out, '--library', library], ['--require', hook], { TMPDIR: isolated });
      expect(r.error).toBeUndefined();
      expect(r.stderr).not.toMatch(/error/i);
      expect(r.status).toBe(0);
      expect(readFileSync(out).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      // The hook ran (the CLI may load no bare package at all: the log's packages load only at its first line).
      expect(readFileSync(loads, 'utf8').split('\n')[0]).toBe('# hook installed');
      expect(readFileSync(loads, 'utf8').split('\n')).not.toContain('playwright-core');
      expect(r.left).toEqual([]);
      // The browser's profile folder went with it.
      expect(readdirSync(isolated).filter((n) => n.startsWith('briefing-desk-print-'))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
