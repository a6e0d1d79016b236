/**
 * Hostile and oversized input: every kind is refused (or imported) quickly,
 * before anything is expanded, with a message naming the file in English and
 * Chinese. Timing is not asserted (the benchmark measures speed); each case
 * would take minutes or overflow the stack without its bound.
 */
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BdError } from '../../common/errors';
import { MAX_ARTICLE_CHARS } from '../../common/limits';
import { importBytes } from './index';
import { boundNesting } from './html-nesting';
import { plainDocx } from '../../../tests/fixtures/import/make-docx';
import { listZip, writeZip } from './zip-package';

const enc = (s: string) => new TextEncoder().encode(s);

async function refusal(name: string, bytes: Uint8Array): Promise<BdError> {
  try {
    await importBytes(name, bytes);
  } catch (err) {
    expect(err).toBeInstanceOf(BdError);
    return err as BdError;
  }
  throw new Error(`${name} was imported`);
}

/** A real Word document whose word/document.xml is replaced by `xml`, deflated. */
async function docxWithDocumentXml(xml: Uint8Array): Promise<Uint8Array> {
  const base = await plainDocx();
  const entries = listZip(base, { maxEntries: 100, maxExpandedBytes: 1e9 });
  const stored = writeZip(base, entries, new Map([['word/document.xml', xml]]));
  // Re-pack document.xml deflated, as a bomb is.
  const out = listZip(stored, { maxEntries: 100, maxExpandedBytes: 1e9 });
  const deflated = deflateRawSync(xml, { level: 9 });
  const i = out.findIndex((e) => e.name === 'word/document.xml');
  // Build the bomb by hand: the same entry list with document.xml deflated.
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  out.forEach((e, k) => {
    const name = enc(e.name);
    const data = k === i ? deflated : stored.subarray(e.dataOffset, e.dataOffset + e.compressedSize);
    const method = k === i ? 8 : e.method;
    const size = k === i ? xml.length : e.size;
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(8, method, true);
    local.setUint32(14, e.crc, true);
    local.setUint32(18, data.length, true);
    local.setUint32(22, size, true);
    local.setUint16(26, name.length, true);
    parts.push(new Uint8Array(local.buffer), name, data);
    const dir = new DataView(new ArrayBuffer(46));
    dir.setUint32(0, 0x02014b50, true);
    dir.setUint16(10, method, true);
    dir.setUint32(16, e.crc, true);
    dir.setUint32(20, data.length, true);
    dir.setUint32(24, size, true);
    dir.setUint16(28, name.length, true);
    dir.setUint32(42, offset, true);
    central.push(new Uint8Array(dir.buffer), name);
    offset += 30 + name.length + data.length;
  });
  const dirSize = central.reduce((n, c) => n + c.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, out.length, true);
  end.setUint16(10, out.length, true);
  end.setUint32(12, dirSize, true);
  end.setUint32(16, offset, true);
  const all = [...parts, ...central, new Uint8Array(end.buffer)];
  const bytes = new Uint8Array(all.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of all) {
    bytes.set(c, at);
    at += c.length;
  }
  return bytes;
}

describe('Word zip bombs are refused before they are expanded', () => {
  it('refuses a document part that inflates past the limit, naming the file in both languages', async () => {
    // ~400 MB of XML compresses to well under 1 MB.
    const row = enc('<w:p><w:r><w:t>' + '炸'.repeat(1000) + '</w:t></w:r></w:p>');
    const xml = new Uint8Array(row.length * 130_000);
    for (let k = 0; k < 130_000; k++) xml.set(row, k * row.length);
    const bomb = await docxWithDocumentXml(xml);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const err = await refusal('季度报告.docx', bomb);
    expect(err.code).toBe('too-large');
    expect(err.message).toMatch(/^季度报告\.docx would expand to more than \d+ MB/);
    expect(String(err.detail?.messageZh)).toMatch(/^季度报告\.docx 解压后/);
  }, 60_000);

  it('refuses a bomb whose central directory understates the size (the inflate itself is bounded)', async () => {
    const row = enc('<w:p><w:r><w:t>' + 'x'.repeat(4000) + '</w:t></w:r></w:p>');
    const xml = new Uint8Array(row.length * 30_000);
    for (let k = 0; k < 30_000; k++) xml.set(row, k * row.length);
    const bomb = await docxWithDocumentXml(xml);
    // Lie in the central directory: claim 1 KB.
    const entries = listZip(bomb, { maxEntries: 100, maxExpandedBytes: 1e12 });
    const view = new DataView(bomb.buffer, bomb.byteOffset);
    let at = 0;
    for (let k = bomb.length - 22; k >= 0; k--)
      if (view.getUint32(k, true) === 0x06054b50) {
        at = view.getUint32(k + 16, true);
        break;
      }
    for (const e of entries) {
      const nameLength = view.getUint16(at + 28, true);
      if (e.name === 'word/document.xml') view.setUint32(at + 24, 1024, true);
      at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    }
    const err = await refusal('lying.docx', bomb);
    expect(err.code).toBe('too-large');
    expect(err.message).toMatch(/^lying\.docx would expand/);
  }, 60_000);
});

describe('pathological structure is refused or bounded', () => {
  it('imports a page nested 100,000 elements deep by unwrapping the excess (no stack overflow)', async () => {
    const depth = 100_000;
    const html = `<html><head><title>深层嵌套页面_测试网</title></head><body>${'<div>'.repeat(depth)}<p>　　这是一段被埋在极深嵌套里的正文，讲述了某地推进老旧小区改造的做法和成效。</p>${'</div>'.repeat(depth)}</body></html>`;
    expect(boundNesting(html).flattened).toBe(true);
    const article = await importBytes('deep.html', enc(html));
    expect(article.text).toContain('老旧小区改造');
    expect(article.meta.title).toBe('深层嵌套页面');
  });

  it('refuses Markdown nested thousands of levels deep with a clear message', async () => {
    const err = await refusal('deep.md', enc('> '.repeat(20_000) + '引文'));
    expect(err.message).toMatch(/^deep\.md nests quotations or lists more than \d+ levels deep/);
    const list = Array.from({ length: 500 }, (_, k) => `${'  '.repeat(k)}- 第${k}层`).join('\n');
    expect((await refusal('list.md', enc(list))).message).toMatch(/^list\.md nests/);
  });

  it('reads a 200 KB <title> of repeated site suffixes in linear time and keeps the headline', async () => {
    const title = '城市更新行动取得阶段性成效' + '_新闻频道_人民网'.repeat(25_000);
    const html = `<html><head><title>${title}</title></head><body><article><p>　　住房城乡建设部介绍，今年以来各地新开工改造城镇老旧小区2.7万个，惠及居民约470万户，完成投资超过千亿元。</p></article></body></html>`;
    const article = await importBytes('title.html', enc(html));
    expect(article.meta.title).toBe('城市更新行动取得阶段性成效');
  });

  it('refuses an article longer than the limit before building it, in both languages', async () => {
    const line = '　　' + '长'.repeat(998) + '。\n';
    const text = '超长文档\n\n' + line.repeat(Math.ceil(MAX_ARTICLE_CHARS / line.length) + 10);
    const err = await refusal('book.txt', enc(text));
    expect(err.code).toBe('too-large');
    expect(err.message).toMatch(/^book\.txt holds about [\d,]+ characters/);
    expect(String(err.detail?.messageZh)).toMatch(/^book\.txt 约有/);
  });
});

describe('characters and encodings', () => {
  it('stores unified ideographs for radicals in every importer (here Markdown and HTML)', async () => {
    const md = await importBytes('r.md', enc('# 深化改⾰\n\n推进⼯作，保障电⼒供应，⻓期坚持。'));
    expect(md.text).toBe('深化改革\n推进工作，保障电力供应，长期坚持。');
    const html = await importBytes(
      'r.html',
      enc(
        '<html><head><title>深化改⾰</title></head><body><article><h1>深化改⾰</h1><p>⼀、推进⼯作，保障电⼒供应，长期坚持改革创新。（全角标点保留）</p></article></body></html>',
      ),
    );
    expect(html.meta.title).toBe('深化改革');
    expect(html.text).toContain('一、推进工作，保障电力供应');
    expect(html.text).toContain('（全角标点保留）');
  });

  it('refuses bytes in no readable encoding instead of importing garbage', async () => {
    // Bytes that are neither UTF-8 nor plausible GB18030/Big5 text.
    const junk = new Uint8Array(400);
    for (let k = 0; k < junk.length; k++) junk[k] = 0x81 + ((k * 37) % 0x7e);
    const err = await refusal('garbled.txt', junk);
    expect(err.message).toMatch(/^garbled\.txt is in an unknown text encoding/);
    expect(String(err.detail?.messageZh)).toMatch(/^garbled\.txt 的文字编码无法识别/);
  });
});
