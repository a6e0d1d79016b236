/**
 * The CLI entry's reading of the command line for the catalog read it starts
 * early: the library's catalog for a command that reads it, nothing for one
 * that does not (exports, check, help).
 */
import { describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import { catalogToPrefetch } from './catalog-prefetch';

describe('catalogToPrefetch', () => {
  const lib = resolve('/tmp/some library');
  const catalog = join(lib, 'catalog.json');

  it('names the catalog of --library, given before or after the command, in either spelling', () => {
    expect(catalogToPrefetch(['stats', '--json', '--library', lib])).toBe(catalog);
    expect(catalogToPrefetch(['--library', lib, 'list', '--tag', '重点'])).toBe(catalog);
    expect(catalogToPrefetch([`--library=${lib}`, '--json', 'search', '人工智能'])).toBe(catalog);
    expect(catalogToPrefetch(['import', '/tmp/a.txt', `--library=${lib}`])).toBe(catalog);
  });

  it('uses BRIEFING_DESK_LIBRARY when no --library is given', () => {
    const before = process.env.BRIEFING_DESK_LIBRARY;
    process.env.BRIEFING_DESK_LIBRARY = lib;
    try {
      expect(catalogToPrefetch(['list'])).toBe(catalog);
    } finally {
      if (before === undefined) delete process.env.BRIEFING_DESK_LIBRARY;
      else process.env.BRIEFING_DESK_LIBRARY = before;
    }
  });

  it('reads nothing for commands that do not read the catalog, for help, and without a command', () => {
    expect(catalogToPrefetch(['export', 'b123', '--format', 'pdf', '--library', lib])).toBeNull();
    expect(catalogToPrefetch(['export-article', 'a123', '--library', lib])).toBeNull();
    expect(catalogToPrefetch(['check', 'out.pdf'])).toBeNull();
    expect(catalogToPrefetch(['list', '--help'])).toBeNull();
    expect(catalogToPrefetch(['--library', lib])).toBeNull();
    expect(catalogToPrefetch([])).toBeNull();
  });
});
