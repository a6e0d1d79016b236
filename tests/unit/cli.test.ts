/**
 * The `briefing` CLI in-process on real temporary libraries: the --json
 * shapes users script against, errors on stderr with non-zero exits.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliOn } from '../support/cli-run';

const SAMPLE = join(__dirname, '../../resources/rmrb-2023-waic-ai-conference.txt');
let dir: string;
let lib: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bd-cli-'));
  lib = join(dir, 'lib');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => runCliOn(lib, ...args);

describe('briefing CLI', () => {
  it('imports, lists and shows with the documented --json shapes', async () => {
    const imported = await cli('import', SAMPLE, '--json');
    expect(imported.code).toBe(0);
    const [{ id, title }] = imported.json();
    expect(Object.keys(imported.json()[0]).sort()).toEqual(['id', 'title']);
    expect(title).toBe('推动32个重大产业项目签约，项目投资总额288亿元');

    const list = (await cli('list', '--json')).json();
    expect(list).toEqual([{ id, title, source: null, date: null, tags: [] }]);

    const shown = (await cli('show', id, '--json')).json();
    expect(Object.keys(shown).sort()).toEqual(['blocks', 'id', 'meta', 'text', 'title']);
    const headings = shown.blocks
      .filter((b: { kind: string }) => b.kind === 'heading')
      .map((b: { start: number; end: number }) => shown.text.slice(b.start, b.end));
    expect(headings).toEqual(['人工智能应用场景加速拓展', '构建人工智能时代算力底座', '深度交流为行业高质量发展集聚众智']);
    for (const b of shown.blocks) expect(Object.keys(b)).toEqual(expect.arrayContaining(['kind', 'start', 'end']));
  });

  it('refuses a duplicate on stderr with a non-zero exit, naming the existing article', async () => {
    const first = (await cli('import', SAMPLE, '--json')).json()[0];
    const again = await cli('import', SAMPLE, '--json');
    expect(again.code).not.toBe(0);
    expect(again.json()).toEqual([]);
    expect(again.err).toContain(first.id);
    expect(again.err).toMatch(/already in the library/);
  });

  it('imports a folder recursively; one bad file does not stop the rest', async () => {
    const folder = join(dir, 'in');
    mkdirSync(join(folder, 'sub'), { recursive: true });
    writeFileSync(join(folder, 'a.txt'), readFileSync(SAMPLE));
    writeFileSync(join(folder, 'sub', 'b.md'), '# 储能装机创新高\n\n国家能源局发布数据显示，上半年新型储能装机规模创历史新高。\n');
    writeFileSync(join(folder, 'sub', 'broken.docx'), 'this is not a word file');
    writeFileSync(join(folder, 'ignored.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    const result = await cli('import', folder, '--json');
    expect(result.code).toBe(1);
    expect(
      result
        .json()
        .map((a: { title: string }) => a.title)
        .sort(),
    ).toEqual(['储能装机创新高', '推动32个重大产业项目签约，项目投资总额288亿元'].sort());
    expect(result.err).toContain('broken.docx');
    expect(result.err).not.toContain('ignored.png');
  });

  it('highlights by quote, refuses unknown and ambiguous quotes, exports W3C', async () => {
    const { id } = (await cli('import', SAMPLE, '--json')).json()[0];
    const h = await cli(
      'highlight',
      id,
      '--quote',
      '算力底座',
      '--prefix',
      '构建人工智能时代',
      '--suffix',
      '\n人工智能',
      '--color',
      'policy',
      '--note',
      '重点',
      '--tag',
      '算力',
    );
    expect(h.code).toBe(0);
    const annotation = JSON.parse(h.out);
    expect(annotation).toMatchObject({ articleId: id, color: 'policy', note: '重点', tags: ['算力'] });
    const missing = await cli('highlight', id, '--quote', '量子计算');
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/does not occur/);
    const ambiguous = await cli('highlight', id, '--quote', '项目投资总额288亿元');
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.err).toMatch(/occurs \d+ times/);
    const badColor = await cli('highlight', id, '--quote', '算力', '--color', 'pink');
    expect(badColor.code).toBe(2);
    const w3c = JSON.parse((await cli('annotations', id, '--format', 'w3c')).out);
    expect(w3c.first.items[0].target.selector[0].exact).toBe('算力底座');
  });

  it('creates and lists briefings with the documented --json shapes', async () => {
    const { id } = (await cli('import', SAMPLE, '--json')).json()[0];
    await cli('highlight', id, '--quote', '徐晓兰');
    const created = await cli('brief', 'create', '--title', '人工智能产业动态', '--article', id, '--org', '研究室', '--issue', '3', '--json');
    expect(created.code).toBe(0);
    // `{"id"}` as documented, with fields added since (never removed or renamed).
    expect(created.json()).toMatchObject({ id: expect.any(String), title: '人工智能产业动态', issueNumber: 3, series: null });
    const list = (await cli('brief', 'list', '--json')).json();
    expect(list[0]).toMatchObject({ id: created.json().id, title: '人工智能产业动态', modified: expect.any(String), issueNumber: 3 });
  });

  it('makes the next issue of a series by name or by id, 期号 advanced and restarted in a new year', async () => {
    const first = await cli('brief', 'create', '--title', '储能产业观察', '--series', '能源简报', '--org', '能源研究室', '--date', '2024-11-04', '--json');
    expect(first.json()).toMatchObject({ series: '能源简报', issueNumber: 1, date: '2024-11-04' });
    const second = (await cli('brief', 'create', '--series', '能源简报', '--date', '2024-12-02', '--json')).json();
    expect(second).toMatchObject({ series: '能源简报', issueNumber: 2, title: '能源简报 第2期' });
    const third = (await cli('brief', 'create', '--next-of', second.id, '--date', '2025-01-06', '--title', '新年第一期', '--json')).json();
    expect(third).toMatchObject({ series: '能源简报', issueNumber: 1, title: '新年第一期', date: '2025-01-06' });
    const list = (await cli('brief', 'list', '--json')).json();
    expect(list.map((b: { issueNumber: number }) => b.issueNumber).sort()).toEqual([1, 1, 2]);
    const both = await cli('brief', 'create', '--series', '能源简报', '--next-of', second.id);
    expect(both.code).toBe(2);
    const none = await cli('brief', 'create');
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/--title T/);
    const unknown = await cli('brief', 'create', '--next-of', 'b-nope-404');
    expect(unknown.code).toBe(1);
  });

  it('says which series a new issue joined, also when the series has no printed name (seriesId)', async () => {
    const named = (await cli('brief', 'create', '--title', '储能产业观察', '--series', '能源简报', '--date', '2024-11-04', '--json')).json();
    const unnamed = (await cli('brief', 'create', '--title', '周报', '--date', '2024-11-04', '--json')).json();
    expect(Object.keys(unnamed)).toEqual(expect.arrayContaining(['id', 'title', 'series', 'issueNumber', 'date', 'seriesId']));
    expect(unnamed.seriesId).toMatch(/^sr/);
    expect(unnamed.seriesId).not.toBe(named.seriesId);
    const next = (await cli('brief', 'create', '--next-of', unnamed.id, '--date', '2024-11-11', '--json')).json();
    expect(next).toMatchObject({ series: null, seriesId: unnamed.seriesId });
    const nextNamed = (await cli('brief', 'create', '--next-of', named.id, '--date', '2024-11-11', '--json')).json();
    expect(nextNamed).toMatchObject({ series: '能源简报', seriesId: named.seriesId, issueNumber: 2 });
    const list = (await cli('brief', 'list', '--json')).json();
    expect(list.find((b: { id: string }) => b.id === next.id)).toMatchObject({ seriesId: unnamed.seriesId, series: null });
  });

  it('answers usage errors with exit 2 and unknown ids with exit 1', async () => {
    expect((await cli('frobnicate')).code).toBe(2);
    expect((await cli('list', '--colour', 'red')).code).toBe(2);
    const unknown = await cli('show', 'a0123456789ab');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/No article with id a0123456789ab/);
    const badId = await cli('show', '../../etc');
    expect(badId.code).toBe(2);
    expect(badId.err).toMatch(/id/);
  });
});

describe('briefing search', () => {
  it('finds Chinese inside words, ranks, and prints the documented --json shape', async () => {
    await cli('import', SAMPLE, '--json');
    const folder = join(dir, 'more');
    mkdirSync(folder);
    writeFileSync(join(folder, 'settings.md'), '# 软件默认设置说明\n\n安装后程序使用默认配置，用户可在设置中修改。\n');
    await cli('import', folder);
    const hits = await cli('search', '算力', '--json');
    expect(hits.code).toBe(0);
    const rows = hits.json();
    expect(rows).toHaveLength(1);
    expect(Object.keys(rows[0]).sort()).toEqual(['id', 'score', 'snippet', 'title']);
    expect(rows[0].title).toBe('推动32个重大产业项目签约，项目投资总额288亿元');
    expect(rows[0].snippet).toContain('[算力]');
    expect((await cli('search', '默想', '--json')).json()).toEqual([]);
    expect((await cli('search', '默认', '--json')).json().map((r: { title: string }) => r.title)).toEqual(['软件默认设置说明']);
    expect((await cli('search', '288亿元', '--json')).json()).toHaveLength(1);
    expect((await cli('search', '算力', '--sort', 'loudest')).code).toBe(2);
  });
});

describe('annotation notes in search', () => {
  it('finds an article by a word that occurs only in a highlight note or tag', async () => {
    const { id } = (await cli('import', SAMPLE, '--json')).json()[0];
    expect((await cli('search', '碳足迹', '--json')).json()).toEqual([]);
    expect((await cli('highlight', id, '--quote', '徐晓兰', '--note', '需核实其碳足迹口径', '--tag', '待跟踪事项')).code).toBe(0);
    const byNote = (await cli('search', '碳足迹', '--json')).json();
    expect(byNote.map((r: { id: string }) => r.id)).toEqual([id]);
    expect((await cli('search', '待跟踪事项', '--json')).json().map((r: { id: string }) => r.id)).toEqual([id]);
  });
});

describe('briefing delete, damage on stderr, problems', () => {
  it('deletes an article by id with the documented --json shape', async () => {
    const { id, title } = (await cli('import', SAMPLE, '--json')).json()[0];
    const deleted = await cli('delete', id, '--json');
    expect(deleted.code).toBe(0);
    expect(deleted.json()).toEqual({ id, title });
    expect((await cli('list', '--json')).json()).toEqual([]);
    expect(existsSync(join(lib, 'articles', id))).toBe(false);
    const again = await cli('delete', id);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/No article with id/);
    expect((await cli('delete')).code).toBe(2);
  });

  it('rebuilds a damaged article.json from the original under the same id; delete keeps the highlights', async () => {
    const { id } = (await cli('import', SAMPLE, '--json')).json()[0];
    for (const quote of ['徐晓兰', '线下参观人数', '开发框架']) await cli('highlight', id, '--quote', quote, '--note', quote);
    const path = join(lib, 'articles', id, 'article.json');
    const text = (await cli('show', id, '--json')).json().text;
    writeFileSync(path, readFileSync(path).subarray(0, 500));
    const shown = await cli('show', id, '--json');
    expect(shown.code).toBe(0);
    expect(shown.json().text).toBe(text);
    expect(shown.err).toMatch(/rebuilt from the original file kept beside it \(original\.txt\), under the same id\. All 3 of its highlights are in place/);
    expect((await cli('annotations', id, '--format', 'json', '--json')).json()).toHaveLength(3);
    expect((await cli('import', SAMPLE)).err).toMatch(/already in the library/);
    const deleted = await cli('delete', id, '--json');
    expect(deleted.json()).toEqual({ id, title: expect.any(String), annotationsKept: { file: expect.stringMatching(/^backups\//), count: 3 } });
    expect(deleted.err).toMatch(/3 highlights and notes were kept in backups\//);
    expect(JSON.parse(readFileSync(join(lib, deleted.json().annotationsKept.file), 'utf8')).annotations).toHaveLength(3);
  });

  it('says on stderr what was damaged, on every command until acknowledged', async () => {
    const { id } = (await cli('import', SAMPLE, '--json')).json()[0];
    await cli('highlight', id, '--quote', '徐晓兰', '--note', '核实');
    writeFileSync(join(lib, 'articles', id, 'annotations.json'), '{"schemaVersion":1,"annotations":[{"id":');
    const exported = await cli('annotations', id, '--format', 'json');
    expect(exported.out).toBe('[]');
    expect(exported.code).toBe(1);
    expect(exported.err).toMatch(
      /Library problem: The highlights and notes of “推动32个重大产业项目签约，项目投资总额288亿元” \(articles\/a[0-9a-f]+\/annotations\.json\) could not be read/,
    );
    expect(exported.err).toMatch(/moved to quarantine\/\S+annotations\.json/);
    for (const command of [['list'], ['show', id], ['brief', 'list']]) {
      const next = await cli(...command);
      expect(next.code).toBe(0);
      expect(next.err).toMatch(/Library problem: .*annotations\.json/);
    }
    const listed = (await cli('problems', '--json')).json();
    expect(listed).toHaveLength(1);
    expect(Object.keys(listed[0]).sort()).toEqual(['articleId', 'briefingId', 'file', 'id', 'kind', 'message', 'messageZh', 'text']);
    expect(listed[0]).toMatchObject({ kind: 'quarantined', articleId: id, text: { key: 'file-quarantined' } });
    expect(listed[0].messageZh).toMatch(/的标注和笔记（articles\/.*annotations\.json）无法读取/);
    expect(existsSync(join(lib, listed[0].file))).toBe(true);
    expect((await cli('problems', '--ack', listed[0].id, '--json')).json()).toEqual({ acknowledged: 1 });
    expect((await cli('list')).err).not.toMatch(/Library problem/);
  });

  it('one article’s newer-version annotations never block the bulk commands: everything else done, that one named', async () => {
    const { id } = (await cli('import', SAMPLE, '--json')).json()[0];
    const other = join(dir, 'other.md');
    writeFileSync(other, '# 储能装机创新高\n\n国家能源局发布数据显示，上半年新型储能装机规模创历史新高，同比增长约一倍。\n');
    const { id: id2 } = (await cli('import', other, '--json')).json()[0];
    await cli('highlight', id, '--quote', '徐晓兰', '--note', '人物');
    await cli('highlight', id2, '--quote', '新型储能装机规模', '--note', '储能核实');
    const briefing = (await cli('brief', 'create', '--title', '动态', '--article', id, '--article', id2, '--json')).json().id;
    const path = join(lib, 'articles', id, 'annotations.json');
    const future = JSON.stringify({ ...JSON.parse(readFileSync(path, 'utf8')), schemaVersion: 99 });
    writeFileSync(path, future);
    for (const format of ['w3c', 'json', 'md']) {
      const all = await cli('annotations', '--all', '--format', format);
      expect(all.code, format).toBe(1);
      expect(all.out).toContain(format === 'md' ? '储能核实' : '新型储能装机规模');
      expect(all.out).not.toContain('徐晓兰');
      expect(all.err).toMatch(new RegExp(`Not exported: the annotations of “推动32个重大产业项目签约[^”]*” \\(${id}\\): .*newer`));
    }
    const out = join(dir, 'all.jsonld');
    expect((await cli('annotations', '--all', '--format', 'w3c', '--out', out)).code).toBe(1);
    expect(JSON.parse(readFileSync(out, 'utf8')).first.items).toHaveLength(1);
    // Listing, searching, a briefing citing both articles: unaffected.
    expect((await cli('list', '--json')).json()).toHaveLength(2);
    expect((await cli('search', '储能核实', '--json')).json().map((r: { id: string }) => r.id)).toEqual([id2]);
    const md = await cli('export', briefing, '--format', 'md', '--out', join(dir, 'brief.md'), '--json');
    expect(md.code).toBe(0);
    expect(readFileSync(join(dir, 'brief.md'), 'utf8')).toContain('新型储能装机规模');
    expect(readFileSync(path, 'utf8')).toBe(future);
  });

  it('one newer-version article.json never blocks the bulk commands either', async () => {
    const { id } = (await cli('import', SAMPLE, '--json')).json()[0];
    const other = join(dir, 'other.md');
    writeFileSync(other, '# 储能装机创新高\n\n国家能源局发布数据显示，上半年新型储能装机规模创历史新高，同比增长约一倍。\n');
    const { id: id2 } = (await cli('import', other, '--json')).json()[0];
    await cli('highlight', id, '--quote', '徐晓兰', '--note', '人物');
    await cli('highlight', id2, '--quote', '新型储能装机规模', '--note', '储能核实');
    const briefing = (await cli('brief', 'create', '--title', '动态', '--article', id, '--article', id2, '--json')).json().id;
    const path = join(lib, 'articles', id, 'article.json');
    const future = JSON.stringify({ ...JSON.parse(readFileSync(path, 'utf8')), schemaVersion: 99 });
    writeFileSync(path, future);
    rmSync(join(lib, 'index'), { recursive: true, force: true });
    const all = await cli('annotations', '--all', '--format', 'w3c');
    expect(all.code).toBe(1);
    expect(JSON.parse(all.out).first.items).toHaveLength(1);
    expect(all.err).toMatch(new RegExp(`Not exported: .*\\(${id}\\)`));
    expect((await cli('list', '--json')).json()).toHaveLength(2);
    expect((await cli('search', '新型储能', '--json')).json().map((r: { id: string }) => r.id)).toEqual([id2]);
    const md = await cli('export', briefing, '--format', 'md', '--out', join(dir, 'brief.md'));
    expect(md.code).toBe(0);
    const text = readFileSync(join(dir, 'brief.md'), 'utf8');
    expect(text).toContain('新型储能装机规模');
    expect(text).toContain('徐晓兰');
    expect(readFileSync(path, 'utf8')).toBe(future);
  });

  it('refuses annotations from a newer version, leaving the file as it is', async () => {
    const { id } = (await cli('import', SAMPLE, '--json')).json()[0];
    await cli('highlight', id, '--quote', '徐晓兰');
    const path = join(lib, 'articles', id, 'annotations.json');
    const future = JSON.stringify({ ...JSON.parse(readFileSync(path, 'utf8')), schemaVersion: 7 });
    writeFileSync(path, future);
    const result = await cli('annotations', id, '--format', 'json');
    expect(result.code).toBe(1);
    expect(result.out).toBe('');
    expect(result.err).toMatch(/newer Briefing Desk/);
    expect(readFileSync(path, 'utf8')).toBe(future);
    expect(readdirSync(join(lib, 'quarantine'))).toEqual([]);
  });

  it('refuses --out inside a library folder and loses nothing (export and annotations)', async () => {
    const { id } = (await cli('import', SAMPLE, '--json')).json()[0];
    const other = join(dir, 'other.md');
    writeFileSync(other, '# 储能装机创新高\n\n国家能源局发布数据显示，上半年新型储能装机规模创历史新高。\n');
    const { id: id2 } = (await cli('import', other, '--json')).json()[0];
    for (const quote of ['徐晓兰', '线下参观人数', '开发框架']) await cli('highlight', id, '--quote', quote, '--note', quote);
    const briefing = (await cli('brief', 'create', '--title', '动态', '--article', id, '--json')).json().id;
    const annotations = join(lib, 'articles', id, 'annotations.json');
    const article2 = join(lib, 'articles', id2, 'article.json');
    const before = [readFileSync(annotations, 'utf8'), readFileSync(article2, 'utf8'), readFileSync(join(lib, 'catalog.json'), 'utf8')];
    for (const args of [
      ['export', briefing, '--format', 'md', '--out', annotations],
      ['export', briefing, '--format', 'html', '--out', join(lib, 'catalog.json')],
      ['annotations', id, '--format', 'json', '--out', article2],
      ['annotations', '--all', '--format', 'w3c', '--out', join(lib, 'backups', 'new-folder', 'all.json')],
    ]) {
      const result = await cli(...args);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.err).toMatch(/inside the library folder .*Nothing was written/);
    }
    expect([readFileSync(annotations, 'utf8'), readFileSync(article2, 'utf8'), readFileSync(join(lib, 'catalog.json'), 'utf8')]).toEqual(before);
    expect((await cli('annotations', id, '--format', 'json', '--json')).json()).toHaveLength(3);
    expect((await cli('show', id2, '--json')).json().text).toContain('新型储能');
    expect(readdirSync(join(lib, 'quarantine'))).toEqual([]);
  });

  it('exports over an earlier file by temp file and rename, leaving no temp file', async () => {
    const { id } = (await cli('import', SAMPLE, '--json')).json()[0];
    await cli('highlight', id, '--quote', '徐晓兰');
    const briefing = (await cli('brief', 'create', '--title', '人工智能产业动态', '--article', id, '--json')).json().id;
    const out = join(dir, 'out', 'brief.md');
    mkdirSync(join(dir, 'out'));
    writeFileSync(out, 'an earlier export');
    const result = await cli('export', briefing, '--format', 'md', '--out', out, '--json');
    expect(result.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^# 人工智能产业动态/);
    expect(readdirSync(join(dir, 'out'))).toEqual(['brief.md']);
    expect((await cli('brief', 'delete', briefing, '--json')).json()).toEqual({ id: briefing, title: '人工智能产业动态' });
    expect((await cli('brief', 'list', '--json')).json()).toEqual([]);
  });
});
