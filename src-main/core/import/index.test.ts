import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_IMPORT_BYTES, SUPPORTED_EXTENSIONS, importBytes } from './index';
import { sniff } from './sniff';
import { BdError } from '../../common/errors';
import { expectWellFormed } from '../../../tests/fixtures/import/article-invariants';
import { styledDocx } from '../../../tests/fixtures/import/make-docx';
import { storedZip } from '../../../tests/fixtures/import/zip';

const ROOT = resolve(__dirname, '../../..');
const read = (path: string) => new Uint8Array(readFileSync(resolve(ROOT, path)));
const TITLE = '推动32个重大产业项目签约，项目投资总额288亿元';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0]);
/** An OLE compound file header followed by a directory entry named "WordDocument" (UTF-16LE), as in a .doc file. */
function oleWith(streamName: string): Uint8Array {
  const header = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
  const bytes = new Uint8Array(1536);
  bytes.set(header);
  const name = new Uint8Array(Buffer.from(streamName, 'utf16le'));
  bytes.set(name, 1024);
  return bytes;
}

async function refusal(name: string, bytes: Uint8Array): Promise<BdError> {
  try {
    await importBytes(name, bytes);
  } catch (err) {
    expect(err).toBeInstanceOf(BdError);
    return err as BdError;
  }
  throw new Error(`${name} was not refused`);
}

describe('importBytes chooses the importer by extension', async () => {
  const cases: { name: string; bytes: Uint8Array; format: string; encoding?: string }[] = [
    { name: 'rmrb-2023-waic-ai-conference.txt', bytes: read('resources/rmrb-2023-waic-ai-conference.txt'), format: 'text', encoding: 'utf-8' },
    { name: 'rmrb-waic.TEXT', bytes: read('resources/rmrb-2023-waic-ai-conference.txt'), format: 'text', encoding: 'utf-8' },
    { name: 'rmrb-waic.md', bytes: read('tests/fixtures/import/rmrb-waic.md'), format: 'markdown', encoding: 'utf-8' },
    { name: 'rmrb-waic.markdown', bytes: read('tests/fixtures/import/rmrb-waic.md'), format: 'markdown', encoding: 'utf-8' },
    { name: 'people-waic.htm', bytes: read('tests/fixtures/import/people-waic.gbk.html'), format: 'html', encoding: 'gb18030' },
    { name: 'xinhua-waic.html', bytes: read('tests/fixtures/import/xinhua-waic.html'), format: 'html', encoding: 'utf-8' },
    { name: 'govcn-waic.xhtml', bytes: read('tests/fixtures/import/govcn-waic.html'), format: 'html', encoding: 'utf-8' },
    { name: 'rmrb-waic.docx', bytes: await styledDocx(), format: 'docx' },
    { name: 'rmrb-waic.pdf', bytes: read('tests/fixtures/import/rmrb-waic.pdf'), format: 'pdf' },
  ];
  it.each(cases)('$name → $format', async ({ name, bytes, format, encoding }) => {
    const article = await importBytes(name, bytes);
    expectWellFormed(article);
    expect(article.format).toBe(format);
    expect(article.meta.title).toBe(TITLE);
    expect(article.encoding).toBe(encoding);
  });

  it('reads a GB18030 text file', async () => {
    const gbk = read('tests/fixtures/import/people-waic.gbk.html');
    // The GBK page, read as a text file: decoding works, the tags stay text.
    const article = await importBytes('page-saved-as.txt', gbk);
    expect(article.encoding).toBe('gb18030');
    expect(article.text).toContain(TITLE);
  });

  it('lists its extensions with the dot, lower case', () => {
    expect([...SUPPORTED_EXTENSIONS].sort()).toEqual(['.docx', '.htm', '.html', '.markdown', '.md', '.pdf', '.text', '.txt', '.xhtml']);
  });
});

describe('importBytes refuses files whose content is not what the extension says', async () => {
  const pdfBytes = read('tests/fixtures/import/rmrb-waic.pdf');
  const docxBytes = await styledDocx();
  const cases: { name: string; bytes: Uint8Array; message: RegExp }[] = [
    {
      name: 'report.txt',
      bytes: pdfBytes,
      message: /^report\.txt is not a text file; it looks like a PDF document\. Rename it to end in \.pdf and import it again\.$/,
    },
    {
      name: 'photo.docx',
      bytes: PNG,
      message: /^photo\.docx is not a Word document; it looks like a PNG image\. Briefing Desk imports text \(\.txt\), Markdown/,
    },
    { name: 'scan.pdf', bytes: JPEG, message: /^scan\.pdf is not a PDF document; it looks like a JPEG image\./ },
    {
      name: 'brief.pdf',
      bytes: docxBytes,
      message: /^brief\.pdf is not a PDF document; it looks like a Word document \(\.docx\)\. Rename it to end in \.docx/,
    },
    { name: 'notes.md', bytes: docxBytes, message: /^notes\.md is not a Markdown text file; it looks like a Word document \(\.docx\)\./ },
    {
      name: 'old-report.docx',
      bytes: oleWith('WordDocument'),
      message:
        /^old-report\.docx is not a Word document; it looks like an older Word 97–2003 document \(\.doc\)\. To import it, open it in Word or WPS, save it as a \.docx document, and import that\.$/,
    },
    {
      name: 'locked.docx',
      bytes: oleWith('EncryptedPackage'),
      message: /^locked\.docx is not a Word document; it looks like a password-protected Office document\. To import it, open it in Word, remove the password/,
    },
    {
      name: 'figures.docx',
      bytes: storedZip({ '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<workbook/>' }),
      message: /^figures\.docx is not a Word document; it looks like an Excel workbook\./,
    },
    {
      name: 'page.docx',
      bytes: read('tests/fixtures/import/xinhua-waic.html'),
      message: /^page\.docx is not a Word document; it looks like an HTML page\. Rename it to end in \.html/,
    },
    {
      name: 'notes.docx',
      bytes: read('resources/rmrb-2023-waic-ai-conference.txt'),
      message: /^notes\.docx is not a Word document; it looks like a text file\./,
    },
    {
      name: 'junk.txt',
      bytes: new Uint8Array(Array.from({ length: 4096 }, (_, k) => (k * 37 + 11) % 256)),
      message: /^junk\.txt is not a text file; it looks like a binary file \(not text\)\./,
    },
    {
      name: 'archive.html',
      bytes: new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]),
      message: /^archive\.html is not a web page; it looks like a gzip archive\./,
    },
  ];
  it.each(cases)('$name', async ({ name, bytes, message }) => {
    const err = await refusal(name, bytes);
    expect(err.code).toBe('refused');
    expect(err.message).toMatch(message);
  });
});

describe('importBytes refuses bad input with a sentence naming the file', () => {
  it.each(['empty.txt', 'empty.md', 'empty.html', 'empty.docx', 'empty.pdf'])('an empty file: %s', async (name) => {
    const err = await refusal(name, new Uint8Array(0));
    expect(err.message).toBe(`${name} is empty; there is nothing to import.`);
  });

  it('a text file of blank space', async () => {
    const err = await refusal('blank.txt', new TextEncoder().encode('\n\u3000\u3000\n   \n'));
    expect(err.message).toMatch(/^blank\.txt contains only blank space/);
  });

  it('a truncated Word document', async () => {
    const whole = await styledDocx();
    const err = await refusal('cut.docx', whole.slice(0, 3000));
    expect(err.message).toMatch(/^cut\.docx is not a readable Word document \(the file is damaged or incomplete\)/);
  });

  it('a truncated PDF', async () => {
    const whole = read('tests/fixtures/import/english-waic.pdf');
    const err = await refusal('cut.pdf', whole.slice(0, whole.length - 5000));
    expect(err.message).toMatch(/^cut\.pdf is incomplete/);
  });

  it('a file over the size limit', async () => {
    const err = await refusal('archive-scan.pdf', new Uint8Array(MAX_IMPORT_BYTES + 10 * 1024 * 1024));
    expect(err.code).toBe('too-large');
    expect(err.message).toBe(
      "archive-scan.pdf is 60 MB; Briefing Desk imports files up to 50 MB. Split the document or save only the article's text, and import that.",
    );
  });

  it.each([
    [
      'slides.pptx',
      /^slides\.pptx cannot be imported: Briefing Desk does not read \.pptx files\. It imports text \(\.txt\), Markdown \(\.md\), web pages \(\.html, \.htm\), Word \(\.docx\) and PDF \(\.pdf\) files\.$/,
    ],
    ['README', /^README cannot be imported: Briefing Desk does not read files without an extension\./],
    ['report.doc', /^report\.doc cannot be imported: Briefing Desk does not read \.doc files\./],
  ])('an unsupported kind: %s', async (name, message) => {
    const err = await refusal(name, new TextEncoder().encode('人工智能'));
    expect(err.code).toBe('refused');
    expect(err.message).toMatch(message);
  });
});

describe('sniff', () => {
  it.each([
    [new TextEncoder().encode('%PDF-1.7\n'), 'pdf'],
    [PNG, 'png'],
    [JPEG, 'jpeg'],
    [new TextEncoder().encode('GIF89a'), 'gif'],
    [new TextEncoder().encode('{\\rtf1\\ansi 人工智能}'), 'rtf'],
    [new TextEncoder().encode('\ufeff<!DOCTYPE html><html>'), 'html'],
    [new TextEncoder().encode('<!-- saved from url=(0031)http://www.people.com.cn/ -->\n<html>'), 'html'],
    [new TextEncoder().encode('BMW sales rose in July.'), 'text'],
    [new TextEncoder().encode('A PDF file starts with "%PDF-1.7" and ends with an end-of-file marker.'), 'text'],
    [new TextEncoder().encode('\r\n%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n'), 'pdf'],
    [new TextEncoder().encode('MZ: 人工智能'), 'text'],
    [storedZip({ mimetype: 'application/epub+zip' }), 'epub'],
    [storedZip({ 'ppt/presentation.xml': '<p/>' }), 'pptx'],
    [oleWith('Workbook'), 'xls'],
  ])('%#: %s', (bytes, kind) => {
    expect(sniff(bytes)?.kind).toBe(kind);
  });
});
