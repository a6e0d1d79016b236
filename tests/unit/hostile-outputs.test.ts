/**
 * The one table of hostile input (tests/fixtures/hostile.ts) against every
 * output the core writes, through the real API on a real library: the print
 * preview, and the HTML, PDF (link annotations), DOCX (hyperlinks) and
 * Markdown exports. Every hostile case is a highlight note, a free Markdown
 * item and part of the summary of one briefing; hostile URLs arrive as an
 * article's metadata (refused on input), from an imported page, and inside an
 * old briefing file. Only http(s) and mailto links may come out anywhere.
 * The app's own renderers run the same table in src-renderer/hostile-input.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { Marked } from 'marked';
import mammoth from 'mammoth';
import { Core } from '../../src-main/core/core';
import { BdError } from '../../src-main/common/errors';
import { isSafeLinkUrl } from '../../src-main/common/safe-url';
import type { Briefing } from '../../src-main/common/briefing/model';
import { assertHarmlessHtml, HOSTILE_MARKDOWN, HOSTILE_URLS, SAFE_URL } from '../fixtures/hostile';
import { SAMPLE_ZH } from '../fixtures/texts';
import { pdfSkipReason } from '../support/poppler';
import { zipPartText } from '../support/zip-part';

let dir: string;
let core: Core;
let briefing: Briefing;
let legacyBriefingId: string;
const outputs = new Map<string, string>();
let pdf: Uint8Array | null = null;
let docx: Uint8Array;
const skipPdf = pdfSkipReason();

function decode(dataBase64: string): Uint8Array {
  return new Uint8Array(Buffer.from(dataBase64, 'base64'));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bd-hostile-'));
  core = await Core.open({ dir, host: 'cli', seedSample: false, searchIndex: 'lazy' });
  const { id } = await core.api.importText({ text: SAMPLE_ZH });
  await core.api.updateArticleMeta({ id, meta: { url: SAFE_URL, source: '人民日报', published: '2023-07-10' } });
  const text = (await core.api.getArticle({ id })).text;
  briefing = await core.api.createBriefing({ title: '2023世界人工智能大会成果' });
  const highlights = [];
  for (const [i, c] of HOSTILE_MARKDOWN.entries()) {
    const start = 40 + i * 6;
    if (!text.slice(start, start + 4).trim()) throw new Error('the sample has white space where a highlight goes');
    const a = await core.api.createAnnotation({ articleId: id, start, end: start + 4, note: c.markdown });
    highlights.push({ articleId: id, annotationId: a.id });
  }
  briefing = await core.api.addHighlightsToBriefing({ briefingId: briefing.id, sectionHeading: '一、大会成果', highlights });
  briefing = await core.api.saveBriefing({
    briefing: {
      ...briefing,
      summary: HOSTILE_MARKDOWN.map((c) => c.markdown).join('\n\n'),
      sections: [
        ...briefing.sections,
        {
          id: 'sfree000001',
          heading: '二、其他',
          items: HOSTILE_MARKDOWN.map((c, i) => ({ kind: 'markdown' as const, id: `ifree${String(i).padStart(6, '0')}`, markdown: c.markdown })),
        },
      ],
    },
  });
  outputs.set('print preview', (await core.api.previewBriefing({ id: briefing.id })).html);
  outputs.set('HTML export', new TextDecoder().decode(decode((await core.api.exportBriefing({ id: briefing.id, format: 'html' })).dataBase64)));
  outputs.set('Markdown export', new TextDecoder().decode(decode((await core.api.exportBriefing({ id: briefing.id, format: 'md' })).dataBase64)));
  docx = decode((await core.api.exportBriefing({ id: briefing.id, format: 'docx' })).dataBase64);
  if (!skipPdf) pdf = decode((await core.api.exportBriefing({ id: briefing.id, format: 'pdf', template: 'modern' })).dataBase64);

  // An old briefing file (schemaVersion 1) whose citations carry hostile URLs, as an earlier version could write.
  const legacy = JSON.parse(readFileSync(join(__dirname, '../fixtures/file-kinds/briefing/v1.json'), 'utf8'));
  legacy.id = 'blegacy00001';
  legacy.sections[0].items = HOSTILE_URLS.map((url, i) => ({
    ...legacy.sections[0].items[0],
    id: `ilegacy${String(i).padStart(5, '0')}`,
    citation: { ...legacy.sections[0].items[0].citation, url },
  }));
  writeFileSync(join(dir, 'briefings', 'blegacy00001.json'), JSON.stringify(legacy));
  await core.close();
  core = await Core.open({ dir, host: 'cli', seedSample: false, searchIndex: 'lazy' });
  legacyBriefingId = legacy.id;
}, 120_000);

afterAll(async () => {
  await core?.close();
  rmSync(dir, { recursive: true, force: true });
});

function htmlDocument(html: string): Document {
  return new JSDOM(html).window.document;
}

/** What a Markdown viewer that renders raw HTML would show. */
function renderedMarkdown(md: string): Document {
  return htmlDocument(`<!doctype html><body>${new Marked({ gfm: true }).parse(md) as string}</body>`);
}

describe.each(['print preview', 'HTML export'])('%s', (where) => {
  it('holds nothing that runs, loads or leaves the page, and the only links are safe', () => {
    const doc = htmlDocument(outputs.get(where)!);
    assertHarmlessHtml(doc, where, { documentHead: true });
    for (const md of Array.from(doc.querySelectorAll('.bd-md'))) assertHarmlessHtml(md, `${where} (user Markdown)`, { ownClasses: true });
    const hrefs = Array.from(doc.querySelectorAll('a[href]')).map((a) => a.getAttribute('href')!);
    expect(hrefs).toContain(SAFE_URL);
    for (const href of hrefs) expect(isSafeLinkUrl(href), href).toBe(true);
  });

  it.each(HOSTILE_MARKDOWN.filter((c) => c.marker).map((c) => [c.name, c.marker!] as const))('%s: the text stays readable', (_name, marker) => {
    expect(htmlDocument(outputs.get(where)!).body.textContent).toContain(marker);
  });
});

describe('Markdown export', () => {
  it('renders (even with raw HTML allowed) to nothing that runs, loads or leaves the page', () => {
    const md = outputs.get('Markdown export')!;
    const doc = renderedMarkdown(md);
    assertHarmlessHtml(doc.body, 'Markdown export');
    const hrefs = Array.from(doc.querySelectorAll('a[href]')).map((a) => a.getAttribute('href')!);
    expect(hrefs).toContain(SAFE_URL);
    expect(md).not.toMatch(/\]\(\s*(javascript|vbscript|data|file):/i);
  });

  it.each(HOSTILE_MARKDOWN.filter((c) => c.marker).map((c) => [c.name, c.marker!] as const))('%s: the text stays readable', (_name, marker) => {
    expect(renderedMarkdown(outputs.get('Markdown export')!).body.textContent).toContain(marker);
  });
});

describe('DOCX export', () => {
  it('has hyperlinks only to http(s) and mailto targets', () => {
    const rels = zipPartText(docx, 'word/_rels/document.xml.rels');
    const targets = [...rels.matchAll(/<Relationship [^>]*Type="[^"]*\/hyperlink"[^>]*Target="([^"]*)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));
    expect(targets).toContain(SAFE_URL);
    for (const t of targets) expect(isSafeLinkUrl(t), t).toBe(true);
    const document = zipPartText(docx, 'word/document.xml');
    expect(document).not.toMatch(/HYPERLINK\s+"?(javascript|vbscript|data|file):/i);
  });

  it('keeps the text of every case', async () => {
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(docx) });
    for (const c of HOSTILE_MARKDOWN) if (c.marker) expect(value, c.name).toContain(c.marker);
  });
});

describe.skipIf(skipPdf !== null)('PDF export', () => {
  it('has link annotations only to http(s) and mailto targets', async () => {
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await pdfjs.getDocument({ data: pdf!.slice(), isEvalSupported: false, useSystemFonts: false }).promise;
    const urls: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      for (const a of await page.getAnnotations()) {
        if (a.subtype !== 'Link') continue;
        const target = (a.unsafeUrl ?? a.url) as string | undefined;
        if (target) urls.push(target);
        expect(a.action ?? null, 'no JavaScript or launch actions').toBeNull();
      }
    }
    await doc.destroy();
    expect(urls).toContain(SAFE_URL);
    for (const url of urls) expect(isSafeLinkUrl(url), url).toBe(true);
  });
});

describe('hostile URLs from any source', () => {
  it.each(HOSTILE_URLS)('an article URL of %j is refused on input with a clear error, and nothing is written', async (url) => {
    const [entry] = await core.api.listArticles({});
    const before = readFileSync(join(dir, 'articles', entry.id, 'article.json'), 'utf8');
    const err = await core.api.updateArticleMeta({ id: entry.id, meta: { url } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BdError);
    expect(err).toMatchObject({ code: 'invalid-params', field: 'meta.url' });
    expect((err as BdError).message).toMatch(/http:\/\/ or https:\/\//);
    expect(readFileSync(join(dir, 'articles', entry.id, 'article.json'), 'utf8')).toBe(before);
  });

  it.each(HOSTILE_URLS)('a citation URL of %j in a briefing is refused on save', async (url) => {
    const b = await core.api.getBriefing({ id: briefing.id });
    const item = b.sections[0].items[0];
    if (item.kind !== 'highlight') throw new Error('expected a highlight');
    const err = await core.api
      .saveBriefing({ briefing: { ...b, sections: [{ ...b.sections[0], items: [{ ...item, citation: { ...item.citation, url } }] }] } })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'invalid-params' });
  });

  it('an imported page whose metadata names a javascript: URL keeps no such URL', async () => {
    const page = `<!doctype html><html><head><title>储能装机创新高</title><link rel="canonical" href="javascript:alert(1)"><meta property="og:url" content="javascript:alert(2)"></head><body><article><h1>储能装机创新高</h1><p>国家能源局发布数据显示，上半年新型储能装机规模创历史新高，多个省份加快布局独立储能电站。</p><p>业内人士表示，储能将在新型电力系统中发挥更大作用。</p></article></body></html>`;
    const { id } = await core.api.importFile({ name: 'storage.html', dataBase64: Buffer.from(page).toString('base64') });
    const article = await core.api.getArticle({ id });
    expect(article.meta.url === undefined || isSafeLinkUrl(article.meta.url)).toBe(true);
  });

  it('links inside an imported page: only http(s) ones survive into the article and a quoted passage in every export', async () => {
    const page = `<!doctype html><html><head><title>数字经济观察</title></head><body><article><h1>数字经济观察</h1><p>据<a href="javascript:alert(1)">国家统计局</a>消息，<strong>数字经济核心产业</strong>增加值继续增长，详见<a href="${SAFE_URL}">人民网报道</a>与<a href="data:text/html,<script>alert(2)</script>">附件</a>。</p><p>专家认为，算力基础设施建设将持续提速。</p></article></body></html>`;
    const { id } = await core.api.importFile({ name: 'digital.html', dataBase64: Buffer.from(page).toString('base64') });
    const article = await core.api.getArticle({ id });
    for (const m of article.marks ?? []) if (m.kind === 'link') expect(isSafeLinkUrl(m.href!), m.href).toBe(true);
    const from = article.text.indexOf('据');
    const to = article.text.indexOf('附件') + 2;
    const a = await core.api.createAnnotation({ articleId: id, start: from, end: to });
    const b = await core.api.createBriefing({ title: '链接测试' });
    await core.api.addHighlightsToBriefing({ briefingId: b.id, highlights: [{ articleId: id, annotationId: a.id }] });
    const html = htmlDocument(new TextDecoder().decode(decode((await core.api.exportBriefing({ id: b.id, format: 'html' })).dataBase64)));
    assertHarmlessHtml(html, 'passage, HTML', { documentHead: true });
    const md = new TextDecoder().decode(decode((await core.api.exportBriefing({ id: b.id, format: 'md' })).dataBase64));
    assertHarmlessHtml(renderedMarkdown(md).body, 'passage, Markdown');
    for (const href of Array.from(renderedMarkdown(md).querySelectorAll('a[href]')).map((x) => x.getAttribute('href')!))
      expect(isSafeLinkUrl(href), href).toBe(true);
    const word = decode((await core.api.exportBriefing({ id: b.id, format: 'docx' })).dataBase64);
    const targets = [...zipPartText(word, 'word/_rels/document.xml.rels').matchAll(/Type="[^"]*\/hyperlink"[^>]*Target="([^"]*)"/g)].map((m) => m[1]);
    for (const t of targets) expect(isSafeLinkUrl(t.replace(/&amp;/g, '&')), t).toBe(true);
  });

  it('an old briefing file whose citations carry hostile URLs exports none of them as links, in any format', async () => {
    const html = new TextDecoder().decode(decode((await core.api.exportBriefing({ id: legacyBriefingId, format: 'html' })).dataBase64));
    const doc = htmlDocument(html);
    assertHarmlessHtml(doc, 'old briefing, HTML', { documentHead: true });
    expect(doc.querySelectorAll('a[href]')).toHaveLength(0);
    const md = new TextDecoder().decode(decode((await core.api.exportBriefing({ id: legacyBriefingId, format: 'md' })).dataBase64));
    expect(renderedMarkdown(md).querySelectorAll('a[href]')).toHaveLength(0);
    const word = decode((await core.api.exportBriefing({ id: legacyBriefingId, format: 'docx' })).dataBase64);
    expect(zipPartText(word, 'word/_rels/document.xml.rels')).not.toMatch(/hyperlink/);
  });
});
