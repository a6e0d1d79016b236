/**
 * What a file really is, from its first bytes (and, for ZIP and OLE
 * containers, the names of the parts inside), so a PDF renamed `.txt` or a
 * PNG renamed `.docx` is refused with a sentence naming what it looks like
 * instead of a parser's stack trace.
 */
import type { ImportFormat } from '../../common/model';
import { utf16ByteOrder } from './decode';

export interface Sniffed {
  /** Short machine name: `pdf`, `docx`, `png`, `doc`, … */
  kind: string;
  /** For messages: "a PNG image". */
  description: string;
  /** The same in Chinese: "PNG 图片". */
  descriptionZh?: string;
  /** The importer that reads this kind, if any. */
  format?: Extract<ImportFormat, 'pdf' | 'docx' | 'html'>;
  /** What the user should do with it, when there is something better than "not supported". */
  advice?: string;
  adviceZh?: string;
}

const SAVE_AS_DOCX = 'open it in Word or WPS, save it as a .docx document, and import that';
const SAVE_AS_DOCX_ZH = '用 Word 或 WPS 打开并另存为 .docx 文档后导入';

function startsWith(bytes: Uint8Array, sig: readonly number[], at = 0): boolean {
  if (bytes.length < at + sig.length) return false;
  return sig.every((b, i) => bytes[at + i] === b);
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return new TextDecoder('latin1').decode(bytes.subarray(Math.max(0, from), Math.min(bytes.length, to)));
}

/** Part names of a ZIP file, read loosely from the local headers and the central directory. */
function zipKind(bytes: Uint8Array): Sniffed {
  const text = ascii(bytes, 0, 65536) + ascii(bytes, bytes.length - 65536, bytes.length);
  if (text.includes('word/document') || (text.includes('[Content_Types].xml') && text.includes('word/'))) {
    return { kind: 'docx', description: 'a Word document (.docx)', descriptionZh: 'Word 文档（.docx）', format: 'docx' };
  }
  if (text.includes('xl/workbook') || text.includes('xl/worksheets')) return { kind: 'xlsx', description: 'an Excel workbook', descriptionZh: 'Excel 工作簿' };
  if (text.includes('ppt/presentation') || text.includes('ppt/slides'))
    return { kind: 'pptx', description: 'a PowerPoint presentation', descriptionZh: 'PowerPoint 演示文稿' };
  if (text.includes('mimetypeapplication/vnd.oasis.opendocument.text')) {
    return {
      kind: 'odt',
      description: 'an OpenDocument text file (.odt)',
      descriptionZh: 'OpenDocument 文本文件（.odt）',
      advice: SAVE_AS_DOCX,
      adviceZh: SAVE_AS_DOCX_ZH,
    };
  }
  if (text.includes('mimetypeapplication/vnd.oasis.opendocument'))
    return { kind: 'odf', description: 'an OpenDocument file', descriptionZh: 'OpenDocument 文件' };
  if (text.includes('mimetypeapplication/epub+zip')) return { kind: 'epub', description: 'an EPUB e-book', descriptionZh: 'EPUB 电子书' };
  return { kind: 'zip', description: 'a ZIP archive', descriptionZh: 'ZIP 压缩包' };
}

/** OLE compound files: Office 97–2003 documents, and password-protected Office 2007+ files. */
function oleKind(bytes: Uint8Array): Sniffed {
  const utf16 = new TextDecoder('utf-16le').decode(bytes.subarray(0, Math.min(bytes.length, 1 << 20)));
  if (utf16.includes('EncryptedPackage')) {
    return {
      kind: 'encrypted-office',
      description: 'a password-protected Office document',
      descriptionZh: '设有密码的 Office 文档',
      advice: 'open it in Word, remove the password (File › Info › Protect Document), save it, and import it again',
      adviceZh: '用 Word 打开，取消密码（文件 › 信息 › 保护文档）并保存后重新导入',
    };
  }
  if (utf16.includes('WordDocument')) {
    return {
      kind: 'doc',
      description: 'an older Word 97–2003 document (.doc)',
      descriptionZh: '旧版 Word 97–2003 文档（.doc）',
      advice: SAVE_AS_DOCX,
      adviceZh: SAVE_AS_DOCX_ZH,
    };
  }
  if (utf16.includes('Workbook')) return { kind: 'xls', description: 'an older Excel workbook (.xls)', descriptionZh: '旧版 Excel 工作簿（.xls）' };
  if (utf16.includes('PowerPoint Document'))
    return { kind: 'ppt', description: 'an older PowerPoint presentation (.ppt)', descriptionZh: '旧版 PowerPoint 演示文稿（.ppt）' };
  return { kind: 'ole', description: 'an older Microsoft Office file', descriptionZh: '旧版 Microsoft Office 文件' };
}

/** Binary signatures, checked in order. */
const SIGNATURES: { sig: number[]; at?: number; sniffed: Sniffed }[] = [
  { sig: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], sniffed: { kind: 'png', description: 'a PNG image', descriptionZh: 'PNG 图片' } },
  { sig: [0xff, 0xd8, 0xff], sniffed: { kind: 'jpeg', description: 'a JPEG image', descriptionZh: 'JPEG 图片' } },
  { sig: [0x47, 0x49, 0x46, 0x38], sniffed: { kind: 'gif', description: 'a GIF image', descriptionZh: 'GIF 图片' } },
  { sig: [0x49, 0x49, 0x2a, 0x00], sniffed: { kind: 'tiff', description: 'a TIFF image (often a scan)', descriptionZh: 'TIFF 图片（常为扫描件）' } },
  { sig: [0x4d, 0x4d, 0x00, 0x2a], sniffed: { kind: 'tiff', description: 'a TIFF image (often a scan)', descriptionZh: 'TIFF 图片（常为扫描件）' } },
  { sig: [0x42, 0x4d], sniffed: { kind: 'bmp', description: 'a BMP image', descriptionZh: 'BMP 图片' } },
  { sig: [0x66, 0x74, 0x79, 0x70, 0x68, 0x65, 0x69, 0x63], at: 4, sniffed: { kind: 'heic', description: 'a HEIC photo', descriptionZh: 'HEIC 照片' } },
  { sig: [0x66, 0x74, 0x79, 0x70], at: 4, sniffed: { kind: 'mp4', description: 'an MP4 video or audio file', descriptionZh: 'MP4 音视频文件' } },
  { sig: [0x49, 0x44, 0x33], sniffed: { kind: 'mp3', description: 'an MP3 audio file', descriptionZh: 'MP3 音频文件' } },
  { sig: [0x4f, 0x67, 0x67, 0x53], sniffed: { kind: 'ogg', description: 'an Ogg audio file', descriptionZh: 'Ogg 音频文件' } },
  { sig: [0x1f, 0x8b], sniffed: { kind: 'gzip', description: 'a gzip archive', descriptionZh: 'gzip 压缩包' } },
  { sig: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], sniffed: { kind: '7z', description: 'a 7-Zip archive', descriptionZh: '7-Zip 压缩包' } },
  { sig: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07], sniffed: { kind: 'rar', description: 'a RAR archive', descriptionZh: 'RAR 压缩包' } },
  { sig: [0x4d, 0x5a], sniffed: { kind: 'exe', description: 'a Windows program', descriptionZh: 'Windows 程序' } },
  { sig: [0x7f, 0x45, 0x4c, 0x46], sniffed: { kind: 'elf', description: 'a Linux program', descriptionZh: 'Linux 程序' } },
  { sig: [0x00, 0x61, 0x73, 0x6d], sniffed: { kind: 'wasm', description: 'a WebAssembly module', descriptionZh: 'WebAssembly 模块' } },
  { sig: [0x25, 0x21, 0x50, 0x53], sniffed: { kind: 'postscript', description: 'a PostScript file', descriptionZh: 'PostScript 文件' } },
  {
    sig: [0x7b, 0x5c, 0x72, 0x74, 0x66],
    sniffed: { kind: 'rtf', description: 'an RTF document', descriptionZh: 'RTF 文档', advice: SAVE_AS_DOCX, adviceZh: SAVE_AS_DOCX_ZH },
  },
  {
    sig: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66, 0x6f, 0x72, 0x6d, 0x61, 0x74, 0x20, 0x33, 0x00],
    sniffed: { kind: 'sqlite', description: 'an SQLite database', descriptionZh: 'SQLite 数据库' },
  },
];

/**
 * The kind of a binary file, or for text files `html` / `text`. Returns
 * undefined for an empty file.
 */
export function sniff(bytes: Uint8Array): Sniffed | undefined {
  if (bytes.length === 0) return undefined;
  // A PDF header may follow up to 1 KB of junk (ISO 32000-1, annex H); a text
  // that merely mentions "%PDF-" near its start is told apart by the missing
  // end-of-file marker.
  const pdfAt = ascii(bytes, 0, 1024).indexOf('%PDF-');
  if (pdfAt === 0 || (pdfAt > 0 && ascii(bytes, bytes.length - 2048, bytes.length).includes('%%EOF'))) {
    return { kind: 'pdf', description: 'a PDF document', descriptionZh: 'PDF 文档', format: 'pdf' };
  }
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return zipKind(bytes);
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return oleKind(bytes);
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && bytes.length >= 12) {
    const form = ascii(bytes, 8, 12);
    if (form === 'WEBP') return { kind: 'webp', description: 'a WebP image', descriptionZh: 'WebP 图片' };
    if (form === 'WAVE') return { kind: 'wav', description: 'a WAV audio file', descriptionZh: 'WAV 音频文件' };
    return { kind: 'riff', description: 'a media file', descriptionZh: '媒体文件' };
  }
  for (const { sig, at, sniffed } of SIGNATURES) {
    // 'BM' and 'MZ' are two ASCII letters a text file may start with: require no text after them.
    if (startsWith(bytes, sig, at ?? 0)) {
      if (sig.length === 2 && !bytes.subarray(0, 64).some((b) => b === 0)) continue;
      return sniffed;
    }
  }
  // UTF-16 without a byte order mark is text (decode.ts reads it), not binary.
  const order = bytes[0] === 0xff || bytes[0] === 0xfe || !bytes.subarray(0, 8192).includes(0) ? undefined : utf16ByteOrder(bytes);
  const head = new TextDecoder(order ?? 'utf-8')
    .decode(bytes.subarray(0, 2048))
    .replace(/^\ufeff/, '')
    .trimStart()
    .toLowerCase();
  if (/^(<!doctype html|<html|<head|<body|<meta|<!--[\s\S]*?-->\s*<(!doctype html|html))/.test(head)) {
    return { kind: 'html', description: 'an HTML page', descriptionZh: '网页（HTML）', format: 'html' };
  }
  if (bytes.subarray(0, 8192).includes(0) && !order && !(bytes[0] === 0xff && bytes[1] === 0xfe) && !(bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { kind: 'binary', description: 'a binary file (not text)', descriptionZh: '二进制文件（不是文本）' };
  }
  return { kind: 'text', description: 'a text file', descriptionZh: '文本文件' };
}
