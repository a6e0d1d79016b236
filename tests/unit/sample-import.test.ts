/**
 * The product's sample (resources/) through the plain-text importer, and the
 * encodings Chinese .txt files arrive in.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePlainText } from '../../src-main/core/import/plain-text';
import { decodeText } from '../../src-main/core/import/decode';
import { BdError } from '../../src-main/common/errors';

const samplePath = join(__dirname, '../../resources/rmrb-2023-waic-ai-conference.txt');
const sampleBytes = readFileSync(samplePath);
const sampleText = sampleBytes.toString('utf8');

function kinds(text: string) {
  const parsed = parsePlainText(text, 'sample.txt');
  return { parsed, of: (k: string) => parsed.blocks.filter((b) => b.kind === k).map((b) => parsed.text.slice(b.start, b.end)) };
}

describe('sample article layout', () => {
  const { parsed, of } = kinds(sampleText);

  it('finds title and subtitle', () => {
    expect(of('title')).toEqual(['推动32个重大产业项目签约，项目投资总额288亿元']);
    expect(of('subtitle')).toEqual(['世界人工智能大会磁场效应显现']);
    expect(parsed.meta.title).toBe('推动32个重大产业项目签约，项目投资总额288亿元');
  });

  it('finds the 核心阅读 label followed by exactly one lead block', () => {
    const i = parsed.blocks.findIndex((b) => b.kind === 'lead-label');
    expect(of('lead-label')).toEqual(['核心阅读']);
    expect(parsed.blocks[i + 1].kind).toBe('lead');
    expect(of('lead')).toHaveLength(1);
    expect(of('lead')[0]).toMatch(/^7月6日至8日，2023世界人工智能大会在上海举办。/);
  });

  it('finds exactly the three section headings, in order', () => {
    expect(of('heading')).toEqual(['人工智能应用场景加速拓展', '构建人工智能时代算力底座', '深度交流为行业高质量发展集聚众智']);
  });

  it('has eighteen paragraphs, none empty, none starting with a full-width space', () => {
    expect(of('paragraph')).toHaveLength(18);
    for (const block of parsed.blocks) {
      const text = parsed.text.slice(block.start, block.end);
      expect(text.length).toBeGreaterThan(0);
      expect(text).not.toMatch(/^[\s\u3000\u00a0]/);
      expect(text).not.toMatch(/[\s\u3000\u00a0]$/);
    }
  });

  it('blocks are ordered, non-overlapping ranges of the canonical text', () => {
    let last = -1;
    for (const b of parsed.blocks) {
      expect(b.start).toBeGreaterThan(last);
      expect(b.end).toBeGreaterThan(b.start);
      last = b.end;
    }
    expect(parsed.blocks.at(-1)!.end).toBe(parsed.text.length);
  });
});

describe('encodings', () => {
  const gb = (() => {
    // GB18030 bytes of the sample, produced by iconv from Debian's libc (no JS encoder ships in Node).
    return readFileSync(join(__dirname, '../fixtures/encodings/sample-gb18030.txt'));
  })();
  const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(sampleText, 'utf16le')]);
  const utf16be = Buffer.from(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(sampleText, 'utf16le')]).swap16());
  const bom8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), sampleBytes]);

  it.each([
    ['UTF-8', sampleBytes, 'utf-8'],
    ['UTF-8 with BOM', bom8, 'utf-8'],
    ['UTF-16 LE with BOM', utf16le, 'utf-16le'],
    ['UTF-16 BE with BOM', utf16be, 'utf-16be'],
    ['GB18030', gb, 'gb18030'],
    ['UTF-16 LE without BOM', Buffer.from(sampleText, 'utf16le'), 'utf-16le'],
    ['UTF-16 BE without BOM', Buffer.from(Buffer.from(sampleText, 'utf16le')).swap16(), 'utf-16be'],
  ] as const)('%s imports to the same article', (_name, bytes, encoding) => {
    const decoded = decodeText(new Uint8Array(bytes), 'sample.txt');
    expect(decoded.encoding).toBe(encoding);
    expect(decoded.text.startsWith('\ufeff')).toBe(false);
    const parsed = parsePlainText(decoded.text);
    expect(parsed.text).toBe(parsePlainText(sampleText).text);
  });

  it('reads Chinese UTF-16 without a byte order mark even when it holds no ASCII character', () => {
    const line = '国务院常务会议研究部署加快发展银发经济，增进老年人福祉。';
    for (const [encoding, bytes] of [
      ['utf-16be', Buffer.from(Buffer.from(line, 'utf16le')).swap16()],
      ['utf-16le', Buffer.from(line, 'utf16le')],
    ] as const) {
      expect(bytes.includes(0)).toBe(false);
      expect(decodeText(new Uint8Array(bytes), 'line.txt')).toEqual({ text: line, encoding });
    }
  });

  it('says "unknown text encoding", not "binary", for UTF-16-looking bytes that do not decode', () => {
    // UTF-16BE text with control characters in it (every twelfth character): it is text, but not readable text.
    const units = Buffer.from(Buffer.from('新闻发布会\n国新办举行新闻发布会介绍情况\n'.repeat(4), 'utf16le')).swap16();
    for (let i = 0; i < units.length; i += 24) [units[i], units[i + 1]] = [0, 0x01];
    const bytes = new Uint8Array(units);
    expect(() => decodeText(bytes, 'notes.txt')).toThrow(/^notes\.txt is in an unknown text encoding \(it may be UTF-16BE/);
  });

  it.each([
    ['an empty file', new Uint8Array(0), /empty/],
    ['only blank lines', new TextEncoder().encode('\n \u3000\n\n'), /blank/],
    ['a PNG image', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]), /not a text file/],
    ['random binary', new Uint8Array(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), /not a text file/],
  ])('refuses %s with a message naming the file', (_name, bytes, pattern) => {
    try {
      decodeText(bytes, 'notes.txt');
      expect.unreachable('should have refused');
    } catch (err) {
      expect(err).toBeInstanceOf(BdError);
      expect((err as BdError).code).toBe('refused');
      expect((err as BdError).message).toMatch(/^notes\.txt /);
      expect((err as BdError).message).toMatch(pattern);
    }
  });
});

describe('the first-run sample', () => {
  it('is filed with its source and date, not as an article without a source', async () => {
    const { Core } = await import('../../src-main/core/core');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'bd-sample-'));
    const core = await Core.open({ dir, host: 'cli', searchIndex: 'lazy' });
    try {
      const [entry] = await core.api.listArticles({});
      expect(entry).toMatchObject({ title: '推动32个重大产业项目签约，项目投资总额288亿元', source: '人民日报', published: '2023-07-10' });
    } finally {
      await core.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
