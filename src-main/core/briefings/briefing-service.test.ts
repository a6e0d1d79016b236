/**
 * Briefings on a real temporary library: files of the old format (v1, the
 * committed fixture) read as v2 with their series, and the next issue of a
 * series carried over and numbered — yearly or continuously.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BRIEFING_SCHEMA_VERSION } from '../../common/briefing/model';
import { BdError } from '../../common/errors';
import { AnnotationService } from '../annotations/annotation-service';
import { LibraryStore } from '../library/store';
import { BriefingService, legacySeriesId } from './briefing-service';
import { briefingKind, decodeFile } from '../library/file-kinds';

let dir: string;
let store: LibraryStore;
let briefings: BriefingService;

async function open(fixture?: string) {
  if (fixture) cpSync(join(__dirname, '../../../tests/fixtures', fixture), dir, { recursive: true });
  store = await LibraryStore.open(dir);
  briefings = new BriefingService(store, new AnnotationService(store));
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bd-briefings-'));
});
afterEach(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('briefing files of schemaVersion 1', () => {
  it('read as the current version: each joins a series (old issues of one 刊名 share it) and digit issue numbers become numbers', async () => {
    await open('briefings-v1');
    const [p11, p12, notes] = await Promise.all(['b-v1-policy-11', 'b-v1-policy-12', 'b-v1-notes'].map((id) => briefings.get(id)));
    expect(p11.schemaVersion).toBe(BRIEFING_SCHEMA_VERSION);
    expect(p11.header.issueNumber).toBe(11);
    expect(p11.header.series).toEqual({ id: legacySeriesId('政策简报', '市发展研究中心', 'b-v1-policy-11') });
    expect(p12.header.series).toEqual(p11.header.series);
    expect(notes.header.series!.id).not.toBe(p11.header.series!.id);
    expect(notes.header.issueNumber).toBe('第3期');
    // Reading migrates in memory; the file is rewritten in the new format when it is next saved.
    expect(JSON.parse(readFileSync(join(dir, 'briefings', 'b-v1-policy-11.json'), 'utf8')).schemaVersion).toBe(1);
    await briefings.save(p11);
    expect(JSON.parse(readFileSync(join(dir, 'briefings', 'b-v1-policy-11.json'), 'utf8')).schemaVersion).toBe(BRIEFING_SCHEMA_VERSION);
  });

  it('migrates step by step and refuses a file from a newer version', () => {
    const v1 = JSON.parse(readFileSync(join(__dirname, '../../../tests/fixtures/briefings-v1/briefings/b-v1-policy-11.json'), 'utf8'));
    const decoded = decodeFile(briefingKind, JSON.stringify(v1));
    if (!decoded.ok) throw new Error(decoded.reason);
    expect({ from: decoded.from, migrated: decoded.migrated, version: decoded.data.schemaVersion }).toEqual({
      from: 1,
      migrated: true,
      version: BRIEFING_SCHEMA_VERSION,
    });
    expect(decodeFile(briefingKind, JSON.stringify({ ...v1, schemaVersion: BRIEFING_SCHEMA_VERSION + 1 }))).toMatchObject({ ok: false, problem: 'newer' });
  });

  it('continues an old series: the next issue of 政策简报 is 第13期, with its distribution', async () => {
    await open('briefings-v1');
    const next = await briefings.create({ nextOf: 'b-v1-policy-11', date: '2023-12-25' });
    expect(next.header).toMatchObject({
      publicationName: '政策简报',
      issueNumber: 13,
      title: '政策简报 第13期',
      organisation: '市发展研究中心',
      date: '2023-12-25',
    });
    expect(next.header.distribution).toEqual({ to: '市委、市政府领导同志', cc: '市发展改革委、市经济信息化委', issuedTo: '各区发展改革部门' });
    // The catalog now knows every issue's series, number and date.
    expect(store.catalog.briefings['b-v1-policy-12']).toMatchObject({ seriesName: '政策简报', issueNumber: 12, date: '2023-12-18' });
    expect(store.catalog.briefings[next.id]).toMatchObject({ seriesId: next.header.series!.id, issueNumber: 13, date: '2023-12-25' });
  });
});

describe('series', () => {
  it('makes the next issue by name, starts again at 第1期 in a new year, and counts on in it', async () => {
    await open();
    const first = await briefings.create({ title: '储能产业观察', series: '能源简报', organisation: '能源研究室', date: '2024-11-04', template: 'gbt9704' });
    expect(first.header).toMatchObject({ publicationName: '能源简报', issueNumber: 1 });
    const withDist = await briefings.save({ ...first, header: { ...first.header, distribution: { to: '局领导' }, copies: 40, noteLabel: 'comment' } });
    const second = await briefings.create({ series: '能源简报', date: '2024-12-02' });
    expect(second.header).toMatchObject({
      issueNumber: 2,
      organisation: '能源研究室',
      distribution: { to: '局领导' },
      copies: 40,
      noteLabel: 'comment',
      series: withDist.header.series,
    });
    expect(second.template).toBe('gbt9704');
    const january = await briefings.create({ nextOf: second.id, date: '2025-01-06', title: '新年第一期' });
    expect(january.header).toMatchObject({ issueNumber: 1, title: '新年第一期' });
    const february = await briefings.create({ series: '能源简报', date: '2025-02-03' });
    expect(february.header.issueNumber).toBe(2);
  });

  it('counts on across years when the series numbers continuously, and takes a number or organisation given', async () => {
    await open();
    const first = await briefings.create({ title: '周报', series: 'Weekly', date: '2024-12-23' });
    await briefings.save({ ...first, header: { ...first.header, issueNumber: 51, series: { ...first.header.series!, numbering: 'continuous' } } });
    expect((await briefings.create({ nextOf: first.id, date: '2025-01-06' })).header.issueNumber).toBe(52);
    const given = await briefings.create({ nextOf: first.id, date: '2025-01-13', issueNumber: 60, organisation: '新编印单位' });
    expect(given.header).toMatchObject({ issueNumber: 60, organisation: '新编印单位' });
    expect((await briefings.create({ series: 'Weekly', date: '2025-01-20' })).header.issueNumber).toBe(61);
  });

  it('asks for a title when there is no series to continue, and names an unknown briefing', async () => {
    await open();
    await expect(briefings.create({})).rejects.toMatchObject({ code: 'invalid-params', field: 'title' });
    await expect(briefings.create({ nextOf: 'b-missing-1' })).rejects.toBeInstanceOf(BdError);
  });
});
