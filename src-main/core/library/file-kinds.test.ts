/**
 * The file-kind registry against its committed fixtures
 * (tests/fixtures/file-kinds/<kind>/v<N>.json): a fixture for every version
 * of every kind, each migrating to a valid current file; newer versions
 * refused; damage reported with the field named; nothing invalid written.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { annotationsKind, articleKind, briefingKind, catalogKind, decodeFile, encodeFile, FILE_KINDS, type FileKind } from './file-kinds';
import { BdError } from '../../common/errors';

const fixtures = join(__dirname, '../../../tests/fixtures/file-kinds');
const fixture = (kind: string, version: number) => readFileSync(join(fixtures, kind, `v${version}.json`), 'utf8');

function decodeOk<T>(kind: FileKind<T>, text: string) {
  const decoded = decodeFile(kind, text);
  if (!decoded.ok) throw new Error(`${kind.kind}: ${decoded.reason}`);
  return decoded;
}

describe('file-kind registry', () => {
  const versions = FILE_KINDS.flatMap((kind) => Array.from({ length: kind.current }, (_, i) => [kind.kind, i + 1, kind] as const));

  it.each(versions)('%s v%i: has a committed fixture that reads as a valid current file', (name, version, kind) => {
    const path = join(fixtures, name, `v${version}.json`);
    expect(existsSync(path), `missing fixture ${path}`).toBe(true);
    const decoded = decodeOk(kind, readFileSync(path, 'utf8'));
    expect(decoded.from).toBe(version);
    expect(decoded.migrated).toBe(version < kind.current);
    expect(decoded.dropped).toBeUndefined();
    // What a read gives back is what a write accepts, and reads back the same.
    const written = encodeFile(kind, decoded.data, name);
    expect(decodeOk(kind, written).data).toEqual(decoded.data);
  });

  it.each(FILE_KINDS.map((k) => [k.kind, k] as const))(
    '%s: refuses a newer schemaVersion (left for a newer app) rather than calling it damaged',
    (_name, kind) => {
      const current = JSON.parse(fixture(kind.kind, kind.current));
      const decoded = decodeFile(kind, JSON.stringify({ ...current, schemaVersion: kind.current + 1 }));
      expect(decoded).toMatchObject({ ok: false, problem: 'newer', version: kind.current + 1 });
    },
  );

  it.each(FILE_KINDS.map((k) => [k.kind, k] as const))('%s: tells unparsable text from a wrong shape, naming the field', (_name, kind) => {
    expect(decodeFile(kind, '{"schemaVersion": 1, "trunc')).toMatchObject({ ok: false, problem: 'unparsable' });
    expect(decodeFile(kind, '[1, 2, 3]')).toMatchObject({ ok: false, problem: 'wrong-shape' });
    const wrong = decodeFile(kind, JSON.stringify({ schemaVersion: kind.current, unexpected: { deeply: true } }));
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.reason).toMatch(/\w+: /);
  });

  it('migrates an old article: a URL that may not be a link is dropped, line breaks leave the title', () => {
    const { data } = decodeOk(articleKind, fixture('article', 1));
    expect(data.meta.url).toBeUndefined();
    expect(data.meta.title).toBe('推动32个重大产业项目签约， 项目投资总额288亿元');
    expect(data.meta.tags).toEqual(['人工智能', '上海']);
  });

  it.each([1, 2])('migrates a v%i briefing: a citation URL that may not be a link is dropped, the rest kept', (version) => {
    const { data } = decodeOk(briefingKind, fixture('briefing', version));
    const item = data.sections[0].items[0];
    expect(item.kind === 'highlight' && item.citation).toEqual({
      title: '推动32个重大产业项目签约，项目投资总额288亿元',
      source: '人民日报',
      published: '2023-07-10',
    });
    expect(data.sections[0].items).toHaveLength(2);
    expect(data.header.issueNumber).toBe(12);
  });

  it('migrates catalogs v1 and v2 to v3: tags and settings leave the catalog, unsafe URLs are dropped', () => {
    const v1 = decodeOk(catalogKind, fixture('catalog', 1)).data;
    expect(Object.keys(v1.articles)).toEqual(['a1f00dfeed001']);
    expect(v1).not.toHaveProperty('settings');
    const v2 = decodeOk(catalogKind, fixture('catalog', 2)).data;
    expect(v2.articles.a1f00dfeed001.url).toBeUndefined();
    expect(Object.keys(v2.briefings)).toEqual(['b2023waic0012']);
    expect(v2).not.toHaveProperty('tags');
  });

  it('keeps the good annotations of a file with some bad ones, and says which were dropped', () => {
    const file = JSON.parse(fixture('annotations', 1));
    const good = file.annotations[0];
    file.annotations.push({ ...good, id: 'hbad00000001', color: 'purple' }, { ...good, id: 'hgood0000002' }, 'not an annotation');
    const decoded = decodeOk(annotationsKind, JSON.stringify(file));
    expect(decoded.data.annotations.map((a) => a.id)).toEqual(['h5e1ec7ed0001', 'hgood0000002']);
    expect(decoded.dropped).toHaveLength(2);
    expect(decoded.dropped![0]).toMatch(/annotation 2 hbad00000001 \(color/);
  });

  it('refuses to write what would not read back, naming the field, and writes nothing', () => {
    const file = JSON.parse(fixture('annotations', 1));
    file.annotations[0].target.selector[0].exact = '';
    let error: unknown;
    try {
      encodeFile(annotationsKind, file, 'The highlights of “推动”');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(BdError);
    expect((error as BdError).message).toMatch(/annotations\.0\.target\.selector\.0\.exact: must not be empty/);
    expect((error as BdError).message).toMatch(/Nothing was changed/);
  });
});
