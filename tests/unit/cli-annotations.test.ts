/**
 * Annotations between two real libraries through the `briefing` CLI: export
 * from library A, import into library B where the article has another id and
 * a slightly revised text; re-import adds nothing; what matches nothing is
 * listed and goes where `--assign` says; W3C offsets are code points.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src-main/cli/index';

const SAMPLE = join(__dirname, '../../resources/rmrb-2023-waic-ai-conference.txt');
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bd-cli-annot-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function cliIn(library: string) {
  return async (...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli([...args, '--library', join(dir, library)], { out: (t) => out.push(t), err: (t) => err.push(t) });
    return { code, out: out.join('\n'), err: err.join('\n'), json: () => JSON.parse(out.join('\n')) };
  };
}

const QUOTES = [
  ['构建人工智能时代算力底座，让算力成为人工智能发展的基础资源', '算力是基础资源'],
  ['智能芯片、开发框架等创新成果不断涌现', '创新成果'],
  ['线下参观人数突破17.7万人次', '参观人数（修订稿改为17.8万）'],
] as const;

describe('annotations travel between libraries through the CLI', () => {
  it('exports from A and imports into B (another id, a revised text), once', async () => {
    const a = cliIn('a');
    const b = cliIn('b');
    const [{ id: idA }] = (await a('import', SAMPLE, '--json')).json();
    for (const [quote, note] of QUOTES) {
      const h = await a('highlight', idA, '--quote', quote, '--note', note, '--tag', '大会');
      expect(h.code).toBe(0);
    }
    const file = join(dir, 'from-a.jsonld');
    expect((await a('annotations', idA, '--format', 'w3c', '--out', file)).code).toBe(0);

    // B holds a revised copy of the article: one figure corrected, a sentence added, layout changed.
    const revisedPath = join(dir, 'revised.txt');
    writeFileSync(
      revisedPath,
      readFileSync(SAMPLE, 'utf8').replace('17.7万人次', '17.8万人次').replace('均创历史新高。', '均创历史新高。本届大会首次设立青年论坛。'),
    );
    writeFileSync(join(dir, 'other.md'), '# 储能装机创新高\n\n国家能源局发布数据显示，新型储能装机规模持续增长，各地加快推进储能项目建设。\n');
    await b('import', join(dir, 'other.md'), '--json');
    const [{ id: idB }] = (await b('import', revisedPath, '--json')).json();
    expect(idB).not.toBe(idA);

    const imported = await b('annotations', 'import', file, '--json');
    expect(imported.code).toBe(0);
    const report = imported.json();
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['imported', 'placed', 'orphaned', 'skipped']));
    // The corrected figure (17.7 → 17.8万人次) states another fact: kept as an orphan with its quote, never moved onto the new figure.
    expect(report).toMatchObject({ imported: 3, placed: 2, orphaned: 1, skipped: 0, unmatched: [], refused: [] });
    expect(report.articles).toEqual([expect.objectContaining({ articleId: idB, matchedBy: 'text', imported: 3 })]);

    const inB = (await b('annotations', idB, '--format', 'json')).json();
    expect(inB.map((x: { note: string }) => x.note).sort()).toEqual(QUOTES.map(([, n]) => n).sort());
    const revisedFigure = inB.find((x: { note: string }) => x.note.startsWith('参观人数'));
    expect(revisedFigure).toMatchObject({ orphan: true, orphanReason: 'not-found' });
    expect(revisedFigure.target.selector[0].exact).toBe('线下参观人数突破17.7万人次');
    expect(inB.every((x: { tags: string[] }) => x.tags.includes('大会'))).toBe(true);

    // The same file again: nothing doubles.
    const again = (await b('annotations', 'import', file, '--json')).json();
    expect(again).toMatchObject({ imported: 0, duplicates: 3 });
    expect((await b('annotations', idB, '--format', 'json')).json()).toHaveLength(3);
  });

  it('lists what matches nothing with the reason and imports it with --assign', async () => {
    const a = cliIn('a');
    const c = cliIn('c');
    const [{ id: idA }] = (await a('import', SAMPLE, '--json')).json();
    await a('highlight', idA, '--quote', QUOTES[1][0], '--note', QUOTES[1][1]);
    const file = join(dir, 'a.jsonld');
    await a('annotations', idA, '--format', 'w3c', '--out', file);

    writeFileSync(join(dir, 'brief.md'), '# 人工智能大会简讯\n\n大会期间，智能芯片、开发框架等创新成果不断涌现。\n');
    const [{ id: idC }] = (await c('import', join(dir, 'brief.md'), '--json')).json();
    const words = await c('annotations', 'import', file);
    expect(words.code).toBe(0);
    expect(words.out).toMatch(/0 imported/);
    expect(words.out).toMatch(/no article of this library has its id/);
    const key = /--assign (\S+)=<articleId>/.exec(words.out)?.[1];
    expect(key).toBeTruthy();
    const assigned = (await c('annotations', 'import', file, '--assign', `${key}=${idC}`, '--json')).json();
    expect(assigned).toMatchObject({ imported: 1, placed: 1, unmatched: [] });
    expect(assigned.articles[0]).toMatchObject({ articleId: idC, matchedBy: 'assigned' });
    expect((await c('annotations', 'import', file, '--assign', 'oops')).code).toBe(2);
  });

  it('prints W3C TextPositionSelector offsets in code points', async () => {
    const a = cliIn('a');
    writeFileSync(join(dir, 'astral.md'), '# 𠮷野家与😀的报道\n\n据统计，我国算力规模位居全球第二。\n');
    const [{ id }] = (await a('import', join(dir, 'astral.md'), '--json')).json();
    const text: string = (await a('show', id, '--json')).json().text;
    const h = (await a('highlight', id, '--quote', '算力规模位居全球第二')).json();
    const [, position] = h.target.selector;
    expect(position.start).toBe(text.indexOf('算力规模') - 2);
    expect([...text].slice(position.start, position.end).join('')).toBe('算力规模位居全球第二');
    const w3c = JSON.parse((await a('annotations', id, '--format', 'w3c')).out);
    expect(w3c.first.items[0].target.selector[1]).toEqual(position);
  });
});
