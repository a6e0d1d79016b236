/**
 * Backup and restore against real libraries on disk: the whole library to
 * one archive and back into an empty folder (ids, texts, originals,
 * highlights, briefings, tags all there); merged into another library
 * (missing things added, newer things kept, what was skipped said); and
 * archives that are damaged or hostile — path traversal, an absolute path,
 * a file that is not a library file, a zip bomb, contents that do not match
 * the manifest, a manifest from a newer version, no manifest, not a zip —
 * refused with a message naming the problem, nothing in the library lost.
 */
import { mkdtemp, readFile, readdir, rm, writeFile, mkdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import yazl from 'yazl';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Core } from '../core';
import type { Annotation } from '../../common/annotation';
import type { Article, CatalogEntry } from '../../common/model';
import type { Briefing } from '../../common/briefing/model';
import { MANIFEST_NAME, openBackup, restoreBackup, writeBackup, type BackupProgress } from './backup';
import { mergeBackup } from './merge';

let root: string;
let source: Core;
const cores: Core[] = [];

const TEXT_A = '推动32个重大产业项目签约\n\n世界人工智能大会开幕，推动32个重大产业项目签约，总投资288亿元。上海已有30个大模型通过备案。';
const TEXT_B =
  'Central bank cuts reserve ratio\n\nThe central bank cut the reserve requirement ratio by 0.25 percentage points, releasing long-term liquidity.';
const TEXT_C = '夏粮再获丰收\n\n全国夏粮总产量达到2923亿斤，比上年增加37.2亿斤。';

async function open(dir: string): Promise<Core> {
  const core = await Core.open({ dir, host: 'cli', seedSample: false, searchIndex: 'lazy' });
  cores.push(core);
  return core;
}

async function close(core: Core): Promise<void> {
  cores.splice(cores.indexOf(core), 1);
  await core.close();
}

async function mark(core: Core, articleId: string, phrase: string, note = ''): Promise<Annotation> {
  const { text } = (await core.call('getArticle', { id: articleId })) as Article;
  const start = text.indexOf(phrase);
  return (await core.call('createAnnotation', { articleId, start, end: start + phrase.length, note, tags: ['算力'] })) as Annotation;
}

/** Every file under `dir` with its SHA-256, to show nothing changed. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  async function walk(d: string, prefix: string) {
    for (const entry of await readdir(d, { withFileTypes: true })) {
      const rel = prefix + entry.name;
      if (entry.isDirectory()) await walk(join(d, entry.name), `${rel}/`);
      else if (entry.name !== 'library.lock')
        out[rel] = createHash('sha256')
          .update(await readFile(join(d, entry.name)))
          .digest('hex');
    }
  }
  await walk(dir, '');
  return out;
}

let ids: { a: string; b: string };
let highlight: Annotation;
let briefing: Briefing;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'bd-backup-'));
  source = await open(join(root, 'source'));
  const a = (await source.call('importFile', { name: 'waic.md', dataBase64: Buffer.from(`# ${TEXT_A}`).toString('base64') })) as { id: string };
  const b = (await source.call('importText', { text: TEXT_B })) as { id: string };
  ids = { a: a.id, b: b.id };
  await source.call('updateArticleMeta', { id: ids.a, meta: { source: '人民日报', tags: ['人工智能'] } });
  highlight = await mark(source, ids.a, '总投资288亿元', '投资额');
  await mark(source, ids.b, 'reserve requirement ratio');
  briefing = (await source.call('createBriefing', { title: '第12期 人工智能动态', articleIds: [ids.a] })) as Briefing;
});

afterEach(async () => {
  for (const core of [...cores]) await close(core);
  await rm(root, { recursive: true, force: true });
});

describe('backup and restore into an empty folder', () => {
  it('writes the whole library to one archive, with progress, and restores it with ids, originals, highlights, briefings and tags', async () => {
    const progress: BackupProgress[] = [];
    const archive = join(root, 'out', 'library.zip');
    const result = await writeBackup(source.store.dir, archive, { onProgress: (p) => progress.push(p) });
    expect(result).toMatchObject({ path: archive, articles: 2, briefings: 1 });
    expect(result.bytes).toBe((await stat(archive)).size);
    expect(progress.at(-1)).toMatchObject({ done: result.files, total: result.files });
    // Derived and private files stay out.
    const checked = await openBackup(archive);
    const names = checked.manifest.files.map((f) => f.path);
    checked.close();
    expect(names).toContain(`articles/${ids.a}/original.md`);
    expect(names.some((n) => n.startsWith('index/') || n.includes('lock') || n.startsWith('backups/'))).toBe(false);

    const target = join(root, 'restored');
    const restored = await restoreBackup(archive, target);
    expect(restored).toMatchObject({ articles: 2, briefings: 1 });
    const copy = await open(target);
    const list = (await copy.call('listArticles', {})) as CatalogEntry[];
    expect(list.map((e) => e.id).sort()).toEqual([ids.a, ids.b].sort());
    expect(((await copy.call('getArticle', { id: ids.a })) as Article).text).toBe(((await source.call('getArticle', { id: ids.a })) as Article).text);
    expect(await readFile(join(target, 'articles', ids.a, 'original.md'), 'utf8')).toContain('推动32个重大产业项目签约');
    expect(((await copy.call('listAnnotations', { articleId: ids.a })) as Annotation[]).map((x) => [x.id, x.note])).toEqual([[highlight.id, '投资额']]);
    const restoredBriefing = (await copy.call('getBriefing', { id: briefing.id })) as Briefing;
    expect(restoredBriefing.header.title).toBe('第12期 人工智能动态');
    expect(restoredBriefing.sections[0].items).toHaveLength(1);
    expect(copy.store.tags).toEqual(expect.arrayContaining(['人工智能', '算力']));
    expect(copy.store.warnings).toEqual([]);
  });

  it('refuses a destination inside the library, and a restore into a folder that is not empty (which is left as it was)', async () => {
    await expect(writeBackup(source.store.dir, join(source.store.dir, 'b.zip'))).rejects.toThrow(/is inside the library folder/);
    const archive = join(root, 'b.zip');
    await writeBackup(source.store.dir, archive);
    const busy = join(root, 'busy');
    await mkdir(busy);
    await writeFile(join(busy, 'notes.txt'), 'mine');
    await expect(restoreBackup(archive, busy)).rejects.toThrow(/not empty/);
    expect(await readdir(busy)).toEqual(['notes.txt']);
  });
});

describe('merging a backup into a library', () => {
  it('adds what is missing, takes newer copies, keeps what is newer here, and says what was skipped', async () => {
    const archive = join(root, 'merge.zip');
    await writeBackup(source.store.dir, archive);
    // The other library: restored from the same backup, then changed — a newer note, a new highlight, its own article.
    const otherDir = join(root, 'other');
    await restoreBackup(archive, otherDir);
    const other = await open(otherDir);
    await other.call('updateAnnotation', { articleId: ids.a, id: highlight.id, note: '更新后的批注' });
    const own = (await other.call('importText', { text: TEXT_C })) as { id: string };
    // Meanwhile the source gains a highlight and a briefing, and backs up again.
    const extra = await mark(source, ids.a, '上海已有30个大模型');
    const second = (await source.call('createBriefing', { title: '第13期 人工智能动态' })) as Briefing;
    await source.call('deleteArticle', { id: ids.b });
    const later = join(root, 'later.zip');
    await writeBackup(source.store.dir, later);

    const before = await snapshot(otherDir);
    const report = await mergeBackup(other.ctx, later);
    expect(report.added).toEqual({ articles: 0, annotations: 1, briefings: 1 });
    expect(report.skipped.map((s) => s.path)).toEqual(expect.arrayContaining([`articles/${ids.a}/annotations.json`, `briefings/${briefing.id}.json`]));
    const notes = ((await other.call('listAnnotations', { articleId: ids.a })) as Annotation[]).map((x) => [x.id, x.note]);
    // The newer note here was not overwritten by the backup's older one.
    expect(notes).toEqual(
      expect.arrayContaining([
        [highlight.id, '更新后的批注'],
        [extra.id, ''],
      ]),
    );
    expect(((await other.call('listBriefings', {})) as { id: string }[]).map((b) => b.id).sort()).toEqual([briefing.id, second.id].sort());
    // Nothing of this library was lost: its own article and the article the source deleted are still here.
    const list = ((await other.call('listArticles', {})) as CatalogEntry[]).map((e) => e.id);
    expect(list).toEqual(expect.arrayContaining([own.id, ids.a, ids.b]));
    expect(Object.keys(await snapshot(otherDir))).toEqual(expect.arrayContaining(Object.keys(before)));

    // Into a library that lacks everything: all is added, with the same ids; a second merge adds nothing.
    const emptyDir = join(root, 'fresh');
    const fresh = await open(emptyDir);
    const first = await mergeBackup(fresh.ctx, archive);
    expect(first.added).toEqual({ articles: 2, annotations: 2, briefings: 1 });
    expect(((await fresh.call('listAnnotations', { articleId: ids.a })) as Annotation[])[0].id).toBe(highlight.id);
    const again = await mergeBackup(fresh.ctx, archive);
    expect(again.added).toEqual({ articles: 0, annotations: 0, briefings: 0 });
    expect(again.updated).toEqual({ articles: 0, annotations: 0, briefings: 0 });
  });

  it('puts highlights of a backed-up article whose text was imported here under another id onto that article', async () => {
    const archive = join(root, 'x.zip');
    await writeBackup(source.store.dir, archive);
    const other = await open(join(root, 'other2'));
    const mine = (await other.call('importText', { text: TEXT_B })) as { id: string };
    const report = await mergeBackup(other.ctx, archive);
    expect(report.skipped.find((s) => s.path === `articles/${ids.b}`)?.reason).toContain(mine.id);
    expect(((await other.call('listAnnotations', { articleId: mine.id })) as Annotation[]).map((a) => a.target.selector[0].exact)).toEqual([
      'reserve requirement ratio',
    ]);
  });
});

// ---------------------------------------------------------------- hostile archives

/** A zip of `files` (name → bytes) with a manifest listing them (unless told otherwise). */
async function zipOf(files: Record<string, Buffer>, options: { manifest?: unknown; compress?: boolean } = {}): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, bytes] of Object.entries(files)) zip.addBuffer(bytes, name, { compress: options.compress ?? true });
  const manifest =
    'manifest' in options
      ? options.manifest
      : {
          format: 'briefing-desk-backup',
          version: 1,
          created: new Date().toISOString(),
          app: { name: 'Briefing Desk', version: 'test' },
          files: Object.entries(files).map(([path, bytes]) => ({ path, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') })),
        };
  if (manifest !== null) zip.addBuffer(Buffer.from(JSON.stringify(manifest)), MANIFEST_NAME);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Replaces every occurrence of an entry name in the archive's headers (same length), as a hand-made hostile zip would have it. */
function rename(zip: Buffer, from: string, to: string): Buffer {
  if (from.length !== to.length) throw new Error('names must have the same length');
  const out = Buffer.from(zip);
  let at = out.indexOf(from);
  while (at !== -1) {
    out.write(to, at, 'latin1');
    at = out.indexOf(from, at + 1);
  }
  return out;
}

describe('damaged and hostile archives are refused; nothing in the library is lost', () => {
  const article = Buffer.from(JSON.stringify({ not: 'an article' }));
  const cases: [string, () => Promise<Buffer>, RegExp][] = [
    [
      'path traversal',
      async () => rename(await zipOf({ 'briefings/aaaaaaaaaaaaaaaa.json': article }), 'briefings/aaaaaaaaaaaaaaaa.json', '../../../../../../tmp/evil.json'),
      /evil\.json|relative path/,
    ],
    [
      'an absolute path',
      async () => rename(await zipOf({ 'briefings/aaaaaaa.json': article }), 'briefings/aaaaaaa.json', '/etc/cron.d/evil.json'.padEnd(22, 'x')),
      /absolute path|not a library file/,
    ],
    ['a file that is not a library file', () => zipOf({ 'articles/abc123/run.exe': Buffer.from('MZ') }), /run\.exe.*not a library file/],
    [
      'a backslash path',
      async () => rename(await zipOf({ 'articles/abc/article.json': article }), 'articles/abc/article.json', 'articles\\abc\\article.json'),
      /not a readable zip|not a library file|backslash/,
    ],
    ['a zip bomb', () => zipOf({ 'articles/abc123/article.json': Buffer.alloc(64 * 1024 * 1024, 0x20) }), /zip bomb/],
    [
      'contents that do not match the manifest',
      () =>
        zipOf(
          { 'briefings/abc123.json': Buffer.from('{"a":1}') },
          { manifest: { format: 'briefing-desk-backup', version: 1, files: [{ path: 'briefings/abc123.json', bytes: 7, sha256: '0'.repeat(64) }] } },
        ),
      /damaged/,
    ],
    ['a manifest from a newer version', () => zipOf({}, { manifest: { format: 'briefing-desk-backup', version: 99, files: [] } }), /newer Briefing Desk/],
    ['no manifest', () => zipOf({ 'catalog.json': Buffer.from('{}') }, { manifest: null }), /not a Briefing Desk backup/],
    [
      'a file the manifest does not list',
      () => zipOf({ 'catalog.json': Buffer.from('{}') }, { manifest: { format: 'briefing-desk-backup', version: 1, files: [] } }),
      /does not list/,
    ],
    ['not a zip at all', async () => Buffer.from('PK\u0003\u0004 this is not really a zip archive, only its first bytes'), /not a zip archive/],
  ];

  it.each(cases)('%s', async (_name, make, message) => {
    const archive = join(root, 'hostile.zip');
    await writeFile(archive, await make());
    const before = await snapshot(source.store.dir);
    // The sentence is the user's (a keyed "not a backup, or damaged"); the technical cause is kept in detail.cause.
    const why = (e: { message: string; detail?: { cause?: string } }) => `${e.message} ${e.detail?.cause ?? ''}`;
    expect(
      why(
        await mergeBackup(source.ctx, archive).then(
          () => ({ message: 'accepted' }),
          (e) => e,
        ),
      ),
    ).toMatch(message);
    const empty = join(root, 'empty-target');
    expect(
      why(
        await restoreBackup(archive, empty).then(
          () => ({ message: 'accepted' }),
          (e) => e,
        ),
      ),
    ).toMatch(message);
    // Nothing was written: not into the library, not into the empty target, nothing outside.
    expect(await snapshot(source.store.dir)).toEqual(before);
    expect(await readdir(empty).catch(() => 'absent')).toBe('absent');
    expect((await readdir(root)).filter((n) => n.includes('restoring'))).toEqual([]);
    expect(await stat('/tmp/evil.json').catch(() => null)).toBeNull();
  });

  it('names the archive in English and Chinese', async () => {
    const archive = join(root, '备份.zip');
    await writeFile(archive, await zipOf({ 'articles/abc123/run.exe': Buffer.from('MZ') }));
    const err = await mergeBackup(source.ctx, archive).catch((e: { message: string; detail?: { messageZh?: string } }) => e);
    expect((err as { message: string }).message).toContain('备份.zip cannot be restored');
    expect((err as { detail: { messageZh: string } }).detail.messageZh).toContain('无法从 备份.zip 恢复');
  });
});
