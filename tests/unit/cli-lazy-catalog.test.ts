/**
 * `briefing export` and `export-article` read just the files they export
 * (the briefing; the article and its annotations), never the catalog, which
 * is 40 MB at 100,000 articles; anything unusual (an unknown id, a damaged
 * file) falls back to the ordinary path with the catalog. And opening a
 * library again and again leaves the settings backups as they were.
 * In-process on real temporary libraries.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliOn } from '../support/cli-run';
import { Core } from '../../src-main/core/core';

let dir: string;
let lib: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bd-cli-lazy-'));
  lib = join(dir, 'lib');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => runCliOn(lib, ...args);

const TEXTS: Record<string, string> = {
  'grain.txt':
    '夏粮收购工作有序推进\n\n新华社北京6月18日电 国家粮食和物资储备局介绍，今年夏粮收购总体平稳，各地已累计收购小麦逾三千万吨。\n\n收购进度快于上年同期，主产区价格保持稳定。',
  'ports.md': '# Container throughput rises\n\nThe ministry reported that coastal ports handled more containers in the first quarter than a year earlier.\n',
  'water.txt': '水利部部署汛期防御工作\n\n水利部要求各地落实防汛责任，加强水库安全度汛管理，确保人民群众生命财产安全。',
};

/** Imports the texts, highlights two of them, and makes a briefing of those two. */
async function library(): Promise<{ ids: Record<string, string>; briefingId: string }> {
  const folder = join(dir, 'in');
  mkdirSync(folder, { recursive: true });
  for (const [name, text] of Object.entries(TEXTS)) writeFileSync(join(folder, name), text);
  const imported = (await cli('import', folder, '--json')).json() as Array<{ id: string; title: string }>;
  const ids = Object.fromEntries(imported.map((a) => [a.title, a.id]));
  const grain = ids['夏粮收购工作有序推进'];
  const ports = ids['Container throughput rises'];
  expect((await cli('highlight', grain, '--quote', '累计收购小麦逾三千万吨', '--note', '核对口径')).code).toBe(0);
  expect((await cli('highlight', ports, '--quote', 'handled more containers')).code).toBe(0);
  const briefing = (await cli('brief', 'create', '--title', '粮食与物流周报', '--article', grain, '--article', ports, '--json')).json() as { id: string };
  return { ids, briefingId: briefing.id };
}

/** catalog.json as a current catalog begins, then damage: an open that reads it must quarantine it and rebuild. */
function damageCatalogBody(): Buffer {
  const damaged = Buffer.from('{\n "schemaVersion": 3,\n "articles": {\n  "a-broken": {\u0000\u0001 not json');
  writeFileSync(join(lib, 'catalog.json'), damaged);
  return damaged;
}

describe('exports read just their files', () => {
  it('exports a briefing (named or to --out) without reading the catalog', async () => {
    const { briefingId } = await library();
    const damaged = damageCatalogBody();
    const out = join(dir, 'week.md');
    const written = await cli('export', briefingId, '--format', 'md', '--out', out, '--json');
    expect(written.err).toBe('');
    expect(written.code).toBe(0);
    const md = readFileSync(out, 'utf8');
    expect(md).toContain('粮食与物流周报');
    expect(md).toContain('累计收购小麦逾三千万吨');
    expect(md).toContain('handled more containers');
    // Its own file name (from the briefing) in the working folder, HTML this time.
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const named = await cli('export', briefingId, '--format', 'html', '--json');
      expect(named.code).toBe(0);
      expect(readFileSync(named.json().path, 'utf8')).toContain('粮食与物流周报');
    } finally {
      process.chdir(cwd);
    }
    // The catalog was never read: still in place byte for byte, nothing quarantined, no problem recorded.
    expect(readFileSync(join(lib, 'catalog.json'))).toEqual(damaged);
    expect(readdirSync(join(lib, 'quarantine'))).toEqual([]);
    expect(existsSync(join(lib, 'problems.json'))).toBe(false);

    // The next command that needs the catalog finds the damage and rebuilds it, as always.
    const list = await cli('list', '--json');
    expect(list.err).toMatch(/catalog was rebuilt from the library folders: 3 articles and 1 briefing/);
    expect(list.json()).toHaveLength(3);
  });

  it('exports an article with or without an annotations file without reading the catalog', async () => {
    const { ids } = await library();
    const damaged = damageCatalogBody();
    const grain = await cli('export-article', ids['夏粮收购工作有序推进'], '--format', 'html', '--annotations', 'notes', '--out', join(dir, 'grain.html'));
    expect(grain.code).toBe(0);
    const html = readFileSync(join(dir, 'grain.html'), 'utf8');
    expect(html).toContain('国家粮食和物资储备局');
    expect(html).toContain('核对口径');
    const water = ids['水利部部署汛期防御工作'];
    expect(existsSync(join(lib, 'articles', water, 'annotations.json'))).toBe(false);
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const named = await cli('export-article', water, '--format', 'html', '--json');
      expect(named.code).toBe(0);
      expect(readFileSync(named.json().path, 'utf8')).toContain('加强水库安全度汛管理');
    } finally {
      process.chdir(cwd);
    }
    expect(readFileSync(join(lib, 'catalog.json'))).toEqual(damaged);
    expect(readdirSync(join(lib, 'quarantine'))).toEqual([]);
  });

  it('answers an unknown or damaged briefing as before: through the catalog, naming it', async () => {
    const { briefingId } = await library();
    const unknown = await cli('export', 'b0000nothere', '--format', 'md', '--out', join(dir, 'x.md'));
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/No briefing with id b0000nothere/);
    const badId = await cli('export', '../catalog', '--format', 'md', '--out', join(dir, 'x.md'));
    expect(badId.code).not.toBe(0);
    expect(existsSync(join(dir, 'x.md'))).toBe(false);

    writeFileSync(join(lib, 'briefings', `${briefingId}.json`), '{"schemaVersion": 2, "id": ');
    const damaged = await cli('export', briefingId, '--format', 'md', '--out', join(dir, 'y.md'));
    expect(damaged.code).toBe(1);
    // The title comes from the catalog's list entry: the ordinary path ran.
    expect(damaged.err).toMatch(/“粮食与物流周报”.*missing or unreadable/);
    expect(readdirSync(join(lib, 'quarantine')).some((n) => n.endsWith(`briefings__${briefingId}.json`))).toBe(true);
  });

  it('answers an unknown article, a damaged article.json and damaged annotations as before', async () => {
    const { ids } = await library();
    const unknown = await cli('export-article', 'a0000nothere', '--format', 'html', '--out', join(dir, 'x.html'));
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/No article with id a0000nothere/);

    // A damaged article.json beside its kept original is rebuilt from it (the import pipeline, through the catalog).
    const water = ids['水利部部署汛期防御工作'];
    writeFileSync(join(lib, 'articles', water, 'article.json'), 'garbage');
    const rebuilt = await cli('export-article', water, '--format', 'html', '--out', join(dir, 'water.html'));
    expect(rebuilt.err).toMatch(/rebuilt from the original file/);
    expect(readFileSync(join(dir, 'water.html'), 'utf8')).toContain('确保人民群众生命财产安全');

    // Damaged annotations: quarantined and reported with the article's title, the text still exported.
    const ports = ids['Container throughput rises'];
    writeFileSync(join(lib, 'articles', ports, 'annotations.json'), '{"schemaVersion": 1, "articleId": ');
    const portsOut = await cli('export-article', ports, '--format', 'html', '--out', join(dir, 'ports.html'));
    expect(portsOut.code).toBe(1);
    expect(portsOut.err).toMatch(/highlights and notes of “Container throughput rises”/);
    expect(readFileSync(join(dir, 'ports.html'), 'utf8')).toContain('coastal ports');
  });

  it('a lazily opened core reads the catalog before any other call', async () => {
    const { ids } = await library();
    const core = await Core.open({ dir: lib, host: 'cli', catalog: 'lazy', searchIndex: 'lazy' });
    try {
      expect(core.store.catalogLoaded).toBe(false);
      const article = await core.api.getArticle({ id: ids['Container throughput rises'] });
      expect(article.meta.title).toBe('Container throughput rises');
      expect(core.store.catalogLoaded).toBe(false);
      const info = await core.api.libraryInfo({});
      expect(info.articleCount).toBe(3);
      expect(core.store.catalogLoaded).toBe(true);
      const list = await core.api.queryArticles({ limit: 10 });
      expect(list.total).toBe(3);
    } finally {
      await core.close();
    }
  });
});

describe('settings backups', () => {
  it('are copied only when settings.json changed, so repeated commands keep the older copies', async () => {
    const { ids } = await library();
    const backups = () =>
      readdirSync(join(lib, 'backups'))
        .filter((n) => n.startsWith('settings-'))
        .sort();
    const before = backups();
    expect(before.length).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < 12; i++) expect((await cli('list', '--json')).code).toBe(0);
    expect(backups()).toEqual(before);
    // A change (a new tag joins the list) → one new copy at the next open, the older ones kept.
    expect((await cli('highlight', ids['水利部部署汛期防御工作'], '--quote', '防汛责任', '--tag', '汛期')).code).toBe(0);
    expect(JSON.parse(readFileSync(join(lib, 'settings.json'), 'utf8')).tags).toContain('汛期');
    await cli('list', '--json');
    const after = backups();
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.length).toBe(before.length + 1);
    expect(JSON.parse(readFileSync(join(lib, 'backups', after.at(-1)!), 'utf8')).tags).toContain('汛期');
  });
});
