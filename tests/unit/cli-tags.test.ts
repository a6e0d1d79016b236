/**
 * One definition of "tagged" (articleTagsOf): an article carries a tag when
 * its own tags or one of its highlights' tags include it. `briefing list
 * --tag`, `briefing search --tag` and the app's list filter (queryArticles)
 * answer the same articles. Real libraries in temp folders.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src-main/cli/index';
import { Core } from '../../src-main/core/core';

let lib: string;
beforeEach(() => {
  lib = mkdtempSync(join(tmpdir(), 'bd-cli-tags-'));
});
afterEach(() => rmSync(lib, { recursive: true, force: true }));

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli([...args, '--library', lib, '--json'], { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, ids: (JSON.parse(out.join('\n') || '[]') as Array<{ id: string }>).map((r) => r.id).sort(), err: err.join('\n') };
}

/** Articles tagged in every way there is: on the article, on a highlight, on both, on neither; two sources. */
async function build(): Promise<Record<string, string>> {
  const core = await Core.open({ dir: lib, host: 'cli', seedSample: false, searchIndex: 'lazy' });
  try {
    const add = async (key: string, text: string, source: string) => {
      const { id } = await core.api.importText({ text: `${key}\n\n${text}`, title: key });
      await core.api.updateArticleMeta({ id, meta: { source } });
      return id;
    };
    const ids = {
      own: await add('own', '国务院常务会议研究部署稳就业工作，要求加大对重点群体的帮扶力度。', '新华社'),
      highlight: await add('highlight', '央行宣布下调存款准备金率0.5个百分点，释放长期资金约一万亿元。', '人民日报'),
      both: await add('both', 'Exports of electric vehicles rose sharply in the second quarter of the year.', '新华社'),
      other: await add('other', '生态环境部通报今年上半年全国地表水水质总体保持稳定。', '人民日报'),
      none: await add('none', '文化和旅游部发布暑期文旅消费数据，国内出游人次同比增长。', '新华社'),
    };
    await core.api.tagArticles({ ids: [ids.own, ids.both], add: ['重点'] });
    const mark = async (id: string, tags: string[]) => {
      const { text } = await core.api.getArticle({ id });
      await core.api.createAnnotation({ articleId: id, start: 0, end: Math.min(6, text.length), tags });
    };
    await mark(ids.highlight, ['重点', '货币政策']);
    await mark(ids.both, ['重点']);
    await mark(ids.other, ['生态']);
    await mark(ids.none, []);
    return ids;
  } finally {
    await core.close();
  }
}

describe('one tag model for list, search and the app', () => {
  it('list --tag, search --tag and queryArticles answer the same articles', async () => {
    const ids = await build();
    for (const [tag, expected] of [
      ['重点', [ids.own, ids.highlight, ids.both]],
      ['货币政策', [ids.highlight]],
      ['生态', [ids.other]],
      ['没有的标签', []],
    ] as const) {
      const want = [...expected].sort();
      const listed = await cli('list', '--tag', tag);
      expect(listed.code, listed.err).toBe(0);
      expect(listed.ids).toEqual(want);
      const searched = await cli('search', '--tag', tag);
      expect(searched.ids).toEqual(want);
      const core = await Core.open({ dir: lib, host: 'cli', seedSample: false, searchIndex: 'lazy' });
      try {
        await core.ctx.highlights.loadTags();
        const page = await core.api.queryArticles({ tag, limit: 100 });
        expect(page.items.map((i) => i.id).sort()).toEqual(want);
      } finally {
        await core.close();
      }
    }
    // With a source as well: both filters, the same way.
    expect((await cli('list', '--tag', '重点', '--source', '新华社')).ids).toEqual([ids.own, ids.both].sort());
    expect((await cli('search', '--tag', '重点', '--source', '新华社')).ids).toEqual([ids.own, ids.both].sort());
  });

  it('reads the tag arguments the same way: several must all be carried, spaces around are trimmed, an empty one is refused', async () => {
    const ids = await build();
    for (const tags of [
      ['重点', '货币政策'],
      ['货币政策', '重点'],
      [' 重点 ', '货币政策 '],
      ['重点', '生态'],
    ]) {
      const flags = tags.flatMap((t) => ['--tag', t]);
      const listed = await cli('list', ...flags);
      const searched = await cli('search', ...flags);
      expect(listed.code, listed.err).toBe(0);
      expect(listed.ids).toEqual(searched.ids);
    }
    expect((await cli('list', '--tag', '重点', '--tag', '货币政策')).ids).toEqual([ids.highlight]);
    expect((await cli('list', '--tag', ' 生态 ')).ids).toEqual([ids.other]);
    for (const command of ['list', 'search']) {
      const empty = await cli(command, '--tag', '');
      expect(empty.code).toBe(2);
      expect(empty.err).toMatch(/tags?\.?0?: must not be empty|tag.*must not be empty/);
    }
  });
});
