/**
 * A highlight over an imported table, list and marked-up text keeps its
 * structure in every export: the passage (common/marks.ts) travels in the
 * briefing item, and Markdown, HTML and Word draw it as a table, a list,
 * bold and links — not as one grey paragraph of tab-separated cells.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { describeRange } from '../../common/anchoring/describe';
import type { Annotation } from '../../common/annotation';
import { createBriefing, type Briefing } from '../../common/briefing/model';
import type { Article } from '../../common/model';
import { highlightItem } from '../briefings/briefing-service';
import { importBytes } from '../import/index';
import { listZip } from '../import/zip-package';
import { exportBriefing } from './export';

const FILE = resolve(__dirname, '../../../tests/fixtures/import/corpus/analyst-notes-tables.md');

async function briefing(): Promise<Briefing> {
  const parsed = await importBytes('analyst-notes-tables.md', new Uint8Array(readFileSync(FILE)));
  const article: Article = {
    schemaVersion: 1,
    id: 'a-notes',
    text: parsed.text,
    blocks: parsed.blocks,
    marks: parsed.marks,
    meta: { tags: [], ...parsed.meta },
    provenance: { format: 'markdown', importedAt: '2024-06-18T00:00:00Z' },
    revision: 1,
    modified: '2024-06-18T00:00:00Z',
  };
  // From the bold opening of the first paragraph to the end of the list.
  const start = article.text.indexOf('历经10年发展');
  const end = article.text.indexOf('出口订单的可持续性') + '出口订单的可持续性'.length;
  const annotation: Annotation = {
    id: 'h-notes-1',
    articleId: article.id,
    target: { selector: describeRange(article.text, start, end) },
    color: 'figure',
    note: '',
    tags: [],
    created: '2024-06-18T00:00:00Z',
    modified: '2024-06-18T00:00:00Z',
  };
  const item = highlightItem(article, annotation);
  const b = createBriefing({ title: '宏观数据简报', date: '2024-06-18', now: '2024-06-18T08:00:00Z' });
  return { ...b, sections: [{ id: 's-macro', heading: '宏观数据', items: [item] }] };
}

describe('exports keep the structure of a quoted passage', () => {
  it('the briefing item carries the passage with the table, list numbers, bold and links', async () => {
    const item = (await briefing()).sections[0].items[0];
    expect(item.kind).toBe('highlight');
    const passage = item.kind === 'highlight' ? (item.passage ?? '') : '';
    expect(passage).toContain('**历经10年发展，**');
    expect(passage).toContain('[国家统计局发布](<https://www.stats.gov.cn/sj/zxfb/202406/t20240617_1954711.html>)');
    expect(passage).toContain('| 社会消费品零售总额 | 39211亿元 | 3.7% |');
    expect(passage).toMatch(/^- 1\\\. 设备更新政策落地进度$/m);
  });

  it('Markdown keeps a table, bold, links and numbered items inside the quote', async () => {
    const md = new TextDecoder().decode((await exportBriefing(await briefing(), { format: 'md', template: 'modern' })).bytes);
    expect(md).toContain('> | 指标 | 5月 | 同比 |');
    expect(md).toContain('> **历经10年发展，**');
    expect(md).toMatch(/> - 1\\\. 设备更新政策落地进度/);
  });

  it('HTML draws a table, strong, a link and the list', async () => {
    const html = new TextDecoder().decode((await exportBriefing(await briefing(), { format: 'html', template: 'modern' })).bytes);
    const quote = html.slice(html.indexOf('<blockquote>'), html.indexOf('</blockquote>'));
    expect(quote).toMatch(/<table>[\s\S]*<td>社会消费品零售总额<\/td>/);
    expect(quote).toContain('<strong>历经10年发展，</strong>');
    expect(quote).toContain('href="https://www.stats.gov.cn/sj/zxfb/202406/t20240617_1954711.html"');
    expect(quote).toMatch(/<li>1\. 设备更新政策落地进度<\/li>/);
  });

  it('Word draws a table, bold runs and a hyperlink in the quote', async () => {
    const bytes = (await exportBriefing(await briefing(), { format: 'docx', template: 'modern' })).bytes;
    const entry = listZip(bytes, { maxEntries: 500, maxExpandedBytes: 1e8 }).find((e) => e.name === 'word/document.xml')!;
    const data = bytes.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
    const xml = new TextDecoder().decode(entry.method === 8 ? inflateRawSync(data) : data);
    expect(xml).toContain('<w:tbl>');
    expect(xml).toMatch(/<w:b\/>[\s\S]{0,300}历经10年发展/);
    expect(xml).toContain('<w:hyperlink');
    expect(xml.replace(/<[^>]+>/g, '')).toContain('1. 设备更新政策落地进度');
  });
});
