/**
 * `briefing search --json` on a library whose index was saved under the
 * first indexing rules (fixture `tests/fixtures/search-index/v5-rules1-library`):
 * the 发文字号 in any bracket spelling and a phrase past the 300,000th
 * character of a long report are found, in the same JSON shape as ever
 * (`[{"id","title","score","snippet"}]`), and a 发文字号 an imported
 * official document carries is found by the spelling a user types.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliOn } from '../support/cli-run';

let lib: string;
let scratch: string;
beforeEach(() => {
  lib = mkdtempSync(join(tmpdir(), 'bd-cli-rules-'));
  scratch = mkdtempSync(join(tmpdir(), 'bd-cli-rules-files-'));
});
afterEach(() => {
  rmSync(lib, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

const cli = (...args: string[]) => runCliOn(lib, ...args);

type Row = { id: string; title: string; score: number; snippet: string };

describe('briefing search --json after an upgrade of the indexing rules', () => {
  it('finds 发文字号 spellings and a phrase deep in a long report, in the same JSON shape', async () => {
    cpSync(join(__dirname, '../fixtures/search-index/v5-rules1-library'), lib, { recursive: true });
    const cases: Array<[query: string, title: string]> = [
      ['国办发[2024]12号', '国务院办公厅关于加快推进算力基础设施建设的通知'],
      ['京政办发〔2023〕5号', '北京市人民政府办公厅关于促进人工智能产业发展的若干措施'],
      ['工信部联规（2025）3号', '关于推动工业互联网平台高质量发展的指导意见'],
      ['财税【2024】１８号', '关于延续实施小微企业增值税优惠政策的公告'],
    ];
    for (const [query, title] of cases) {
      const run = await cli('search', query, '--json');
      expect(run.code, run.err).toBe(0);
      const rows = run.json() as Row[];
      expect(
        rows.map((r) => r.title),
        query,
      ).toEqual([title]);
      expect(Object.keys(rows[0]).sort()).toEqual(['id', 'score', 'snippet', 'title']);
    }
    const deep = await cli('search', '"heliostat array"', '--json');
    const rows = deep.json() as Row[];
    expect(rows.map((r) => r.title)).toEqual(['Grid storage progress report']);
    expect(rows[0].snippet).toContain('[heliostat array]');
    // Nothing says part of the library was searched only in part.
    expect(deep.err).not.toMatch(/only in part/);
    expect((await cli('search', '国办发[2024]1号', '--json')).json()).toEqual([]);
  });

  it('finds the 发文字号 read from an imported document, typed with other brackets and full-width digits', async () => {
    const file = join(scratch, 'notice.txt');
    writeFileSync(
      file,
      '湘政办发〔2024〕7号\n\n湖南省人民政府办公厅关于加快发展现代物流业的通知\n\n各市州人民政府，省政府各厅委、各直属机构：\n　　为推动现代物流业高质量发展，经省人民政府同意，现就有关事项通知如下。\n',
    );
    const imported = await cli('import', file, '--json');
    expect(imported.code, imported.err).toBe(0);
    const listed = (await cli('show', (imported.json() as Array<{ id: string }>)[0].id, '--json')).json() as {
      meta?: { docNumber?: string };
      docNumber?: string;
    };
    expect(listed.meta?.docNumber ?? listed.docNumber).toBe('湘政办发〔2024〕7号');
    for (const query of ['湘政办发[2024]7号', '湘政办发［２０２４］７号', '湘政办发〔2024〕第7号']) {
      const rows = (await cli('search', query, '--json')).json() as Row[];
      expect(
        rows.map((r) => r.title),
        query,
      ).toEqual(['湖南省人民政府办公厅关于加快发展现代物流业的通知']);
    }
  });
});
