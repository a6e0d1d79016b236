/**
 * Every message key core puts on an error has a sentence in both languages
 * (i18n/messages-errors.ts and strings.ts), and real refusals of a real
 * library — a highlight gone, a correction with a line break, tagging
 * articles that are not there, a notebook export that matches nothing, a
 * backup that is not in the folder — read as whole Chinese sentences in the
 * Chinese interface, with their parameters, and as English ones in English.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../src-main/core/core';
import { toErrorInfo } from '../../src-main/common/errors';
import { STRINGS } from '../../src-renderer/i18n/strings';
import { messageText } from '../../src-renderer/i18n/error-text';

const ROOT = join(__dirname, '../../src-main');

/** The `key: '…'` of every BdError and bilingualError in core and common (production files). */
function thrownKeys(): Set<string> {
  const keys = new Set<string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.ts$/.test(name) && !/\.test\.ts$/.test(name)) {
        const text = readFileSync(path, 'utf8');
        if (!/BdError|bilingualError/.test(text)) continue;
        for (const m of text.matchAll(/\bkey:\s*(?:[^'\n]*\?\s*)?'([a-z]+\.[A-Za-z.]+)'(?:\s*:\s*'([a-z]+\.[A-Za-z.]+)')?/g)) {
          keys.add(m[1]);
          if (m[2]) keys.add(m[2]);
        }
      }
    }
  };
  walk(join(ROOT, 'core'));
  walk(join(ROOT, 'common'));
  return keys;
}

describe('error message keys', () => {
  it('has a Chinese and an English sentence for every key core throws', () => {
    const keys = thrownKeys();
    expect(keys.size).toBeGreaterThan(20);
    const missing = [...keys].filter((k) => !(`error.${k}` in STRINGS['zh-CN']) || !(`error.${k}` in STRINGS.en));
    expect(missing).toEqual([]);
  });
});

describe('refusals of a real library, in the interface language', () => {
  let dir: string;
  let core: Core;
  let articleId: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bd-error-keys-'));
    core = await Core.open({ dir: join(dir, 'lib'), host: 'cli', seedSample: false, searchIndex: 'lazy' });
    articleId = (await core.api.importText({ text: '夏粮再获丰收\n全国夏粮总产量达到2923亿斤，种业振兴行动深入实施。' })).id;
  });
  afterAll(async () => {
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The error a call is refused with, as the Chinese and the English interface show it. */
  async function shown(call: () => Promise<unknown>): Promise<{ zh: string; en: string }> {
    const err = await call().then(
      () => expect.unreachable('the call should have been refused'),
      (e: unknown) => e,
    );
    const info = toErrorInfo(err);
    expect(info.key).toBeTruthy();
    return { zh: messageText(info, 'zh-CN'), en: messageText(info, 'en') };
  }

  const chineseOnly = (text: string) => expect(text).not.toMatch(/\b(the|is|was|No|an?)\b/);

  it('a highlight that is gone', async () => {
    const { zh, en } = await shown(() => core.api.updateAnnotation({ articleId, id: 'h0000000000x1', note: '改' }));
    expect(zh).not.toContain('h0000000000x1');
    expect(zh).toContain('已被删除');
    chineseOnly(zh);
    expect(en).toContain('no longer in the article');
  });

  it('an article deleted meanwhile is named by its title, never by its id; one never seen says only that it is gone', async () => {
    const { id } = await core.api.importText({ text: '关于推进算力基础设施建设的通知\n各地要统筹布局数据中心。' });
    await core.api.deleteArticle({ id });
    const gone = await shown(() => core.api.getArticle({ id }));
    expect(gone.zh).toBe('《关于推进算力基础设施建设的通知》已从文库中删除。');
    expect(gone.en).toBe('“关于推进算力基础设施建设的通知” has been deleted from the library.');
    const highlight = await shown(() => core.api.createAnnotation({ articleId: id, start: 0, end: 4, color: 'key' }));
    expect(highlight.zh).toContain('关于推进算力基础设施建设的通知');
    const never = await shown(() => core.api.getArticle({ id: 'a0f6219a74a7e' }));
    expect(never.zh).toBe('这篇文章已不在文库中，它可能已被删除。');
    for (const text of [gone.zh, gone.en, highlight.zh, highlight.en, never.zh, never.en]) expect(text).not.toMatch(new RegExp(`${id}|a0f6219a74a7e`));
  });

  it('a correction with a line break, and one that empties the article', async () => {
    const lineBreak = await shown(() => core.api.editArticleText({ id: articleId, start: 0, end: 2, text: '一\n二' }));
    expect(lineBreak.zh).toBe('一次修改不能包含换行；请逐段修改。');
    const article = await core.api.getArticle({ id: articleId });
    const empty = await shown(() => core.api.editArticleText({ id: articleId, start: 0, end: article.text.length, text: ' ' }));
    expect(empty.zh).toContain('空白');
    expect(empty.en).toContain('empty');
  });

  it('tagging articles that are not there counts the rest with a plural', async () => {
    const one = await shown(() => core.api.tagArticles({ ids: ['a00000000000b'], add: ['粮食'], remove: [] }));
    expect(one.en).toBe('An article is no longer in the library; it may have been deleted. Nothing was changed.');
    const three = await shown(() => core.api.tagArticles({ ids: ['a00000000000b', 'a00000000000c', 'a00000000000d'], add: ['粮食'], remove: [] }));
    expect(three.en).toContain('3 articles are no longer in the library');
    expect(three.zh).toContain('有 3 篇文章已不在文库中');
    expect(three.en + three.zh).not.toMatch(/a00000000000[bcd]/);
    chineseOnly(three.zh);
  });

  it('a notebook export that matches nothing, and a backup that is not in the folder', async () => {
    const nothing = await shown(() => core.api.exportHighlights({ filter: { color: 'risk' }, format: 'md' }));
    expect(nothing.zh).toBe('没有符合筛选条件的划线，未导出任何内容。');
    const backup = await shown(() => core.api.restoreLibrary({ name: '不存在的备份.zip' }));
    expect(backup.zh).toContain('不存在的备份.zip');
    expect(backup.en).toContain('No backup named 不存在的备份.zip');
  });
});
