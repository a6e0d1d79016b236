/**
 * The benchmark's and the scale tests' library generator writes what the
 * store reads as its own: the library opens without repairs, every article
 * reads back with the plain-text importer's blocks, highlights list and
 * anchor, and a second generation into the same folder is refused.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generatedId, generateLibrary } from '../../bench/library-generator';
import { Core } from '../../src-main/core/core';
import { parsePlainText } from '../../src-main/core/import/plain-text';
import { syntheticCorpus } from '../../bench/search/bench-corpus';

const sample = readFileSync(join(__dirname, '..', '..', 'resources', 'rmrb-2023-waic-ai-conference.txt'), 'utf8');
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'bd-generated-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('generateLibrary', () => {
  it('writes a library the core opens as it is, with the importer’s blocks and anchored highlights', async () => {
    const dir = join(tempDir(), 'library');
    const options = { articles: 40, seed: 7, sources: [sample], minChars: 300, maxChars: 2000 };
    const { ids } = await generateLibrary(dir, { ...options, highlightsPerArticle: 3 });
    expect(ids).toEqual(Array.from({ length: 40 }, (_, n) => generatedId(n)));

    const core = await Core.open({ dir, host: 'cli', seedSample: false, searchIndex: 'lazy' });
    try {
      expect(core.store.warnings).toEqual([]);
      const list = await core.api.listArticles({});
      expect(list).toHaveLength(40);
      const texts = [...syntheticCorpus(options)];
      for (const n of [0, 17, 39]) {
        const article = await core.api.getArticle({ id: generatedId(n) });
        const parsed = parsePlainText(texts[n].text, texts[n].fileName);
        expect(article.text).toBe(parsed.text);
        expect(article.blocks).toEqual(parsed.blocks);
        const annotations = await core.api.listAnnotations({ articleId: generatedId(n) });
        expect(annotations.length).toBeGreaterThan(0);
        for (const a of annotations) {
          const quote = a.target.selector.find((s) => s.type === 'TextQuoteSelector')!;
          const position = a.target.selector.find((s) => s.type === 'TextPositionSelector')!;
          expect(article.text.slice(position.start, position.end)).toBe(quote.exact);
        }
      }
      // The library is a real one: a new highlight and a new article are saved beside the generated ones.
      await core.api.createAnnotation({ articleId: generatedId(3), start: 0, end: 4, color: 'key' });
      await core.api.importText({ text: '另一篇文章\n\n　　这是导入生成库之后的新文章。', title: '新文章' });
      expect(await core.api.listArticles({})).toHaveLength(41);
    } finally {
      await core.close();
    }
  });

  it('refuses a folder that already holds a library', async () => {
    const dir = join(tempDir(), 'library');
    await generateLibrary(dir, { articles: 3, seed: 1, minChars: 200, maxChars: 300 });
    await expect(generateLibrary(dir, { articles: 3, seed: 1 })).rejects.toThrow(/already holds a library/);
  });
});
