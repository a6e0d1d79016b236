/**
 * The front door of import: bytes and a file name in, a parsed article and
 * its format out. The extension chooses the importer; the content is sniffed
 * first, so a file whose extension lies is refused with what it really is
 * ("report.docx is not a Word document; it looks like a PNG image").
 */
import type { ImportFormat, ParsedArticle } from '../../common/model';
import { BdError, bilingualError } from '../../common/errors';
import { MAX_IMPORT_BYTES } from '../../common/limits';
import { normalizeCharacters } from '../../common/normalize-characters';
import { decodeText } from './decode';
import { parsePlainText } from './plain-text';
import { checkLength } from './article-builder';
import { sniff, type Sniffed } from './sniff';

// marked, jsdom, mammoth and pdf.js are loaded on first use: they would add hundreds
// of milliseconds to every start of the app and the CLI.
const loadMarkdown = () => import('./markdown');
const loadHtml = () => import('./html');
const loadDocx = () => import('./docx');
const loadPdf = () => import('./pdf');

export { MAX_IMPORT_BYTES };

type FileFormat = Exclude<ImportFormat, 'clipboard'>;

const FORMAT_BY_EXTENSION: Record<string, FileFormat> = {
  '.txt': 'text',
  '.text': 'text',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.docx': 'docx',
  '.pdf': 'pdf',
};

/** Lower-case extensions with their dot, as `path.extname` gives them. */
export const SUPPORTED_EXTENSIONS: readonly string[] = Object.keys(FORMAT_BY_EXTENSION);

const SUPPORTED_KINDS = 'text (.txt), Markdown (.md), web pages (.html, .htm), Word (.docx) and PDF (.pdf) files';
const SUPPORTED_KINDS_ZH = '文本（.txt）、Markdown（.md）、网页（.html、.htm）、Word（.docx）和 PDF（.pdf）文件';

/** What each importer expects, for "x.docx is not a Word document". */
const EXPECTED: Record<FileFormat, string> = {
  text: 'a text file',
  markdown: 'a Markdown text file',
  html: 'a web page',
  docx: 'a Word document',
  pdf: 'a PDF document',
};
const EXPECTED_ZH: Record<FileFormat, string> = {
  text: '文本文件',
  markdown: 'Markdown 文本文件',
  html: '网页',
  docx: 'Word 文档',
  pdf: 'PDF 文档',
};
const EXTENSION_FOR: Partial<Record<string, string>> = { pdf: '.pdf', docx: '.docx', html: '.html' };

function extensionOf(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}

function megabytes(n: number): string {
  const mb = n / (1024 * 1024);
  return mb >= 10 ? `${Math.round(mb)} MB` : `${mb.toFixed(1)} MB`;
}

/** Refusal for a file whose content is not what its extension says. */
function mismatch(name: string, format: FileFormat, found: Sniffed): BdError {
  let message = `${name} is not ${EXPECTED[format]}; it looks like ${found.description}.`;
  let zh = `${name} 不是${EXPECTED_ZH[format]}，看起来是${found.descriptionZh ?? found.description}。`;
  if (found.format && EXTENSION_FOR[found.format]) {
    message += ` Rename it to end in ${EXTENSION_FOR[found.format]} and import it again.`;
    zh += `请把扩展名改为 ${EXTENSION_FOR[found.format]} 后重新导入。`;
  } else if (found.advice) {
    message += ` To import it, ${found.advice}.`;
    zh += found.adviceZh ? `如需导入，请${found.adviceZh}。` : '';
  } else {
    message += ` Briefing Desk imports ${SUPPORTED_KINDS}.`;
    zh += `简报台可导入${SUPPORTED_KINDS_ZH}。`;
  }
  return bilingualError('refused', message, zh, { detail: { actualKind: found.kind } });
}

/** Radicals and compatibility ideographs in the metadata fields, as in the text (normalize-characters.ts). */
function normalizeMeta(meta: ParsedArticle['meta']): ParsedArticle['meta'] {
  const out = { ...meta } as Record<string, unknown>;
  for (const [key, value] of Object.entries(out)) {
    if (typeof value === 'string') out[key] = normalizeCharacters(value);
    else if (Array.isArray(value)) out[key] = value.map((v) => (typeof v === 'string' ? normalizeCharacters(v) : v));
  }
  return out as ParsedArticle['meta'];
}

/** True when the sniffed content is acceptable for the chosen importer. */
function fits(format: FileFormat, found: Sniffed): boolean {
  switch (format) {
    case 'text':
    case 'markdown':
    case 'html':
      // Text formats take any text; HTML saved as .txt is still text.
      return found.kind === 'text' || found.kind === 'html';
    case 'docx':
      return found.kind === 'docx';
    case 'pdf':
      return found.kind === 'pdf';
    default: {
      const never: never = format;
      return never;
    }
  }
}

/**
 * Imports one file's bytes with the importer its extension names. Errors
 * (BdError, with an English message and `detail.messageZh`, both naming the
 * file): an unsupported extension, a file over MAX_IMPORT_BYTES, an empty
 * file, content that is not what the extension says, and each importer's
 * own refusals (encoding, damage, limits, no text).
 */
export async function importBytes(name: string, bytes: Uint8Array): Promise<ParsedArticle & { format: ImportFormat }> {
  const parsed = await importWith(name, bytes);
  return { ...parsed, meta: normalizeMeta(parsed.meta) };
}

async function importWith(name: string, bytes: Uint8Array): Promise<ParsedArticle & { format: ImportFormat }> {
  const ext = extensionOf(name);
  const format = FORMAT_BY_EXTENSION[ext];
  if (!format) {
    const what = ext ? `${ext} files` : 'files without an extension';
    const whatZh = ext ? ` ${ext} 文件` : '没有扩展名的文件';
    throw bilingualError(
      'refused',
      `${name} cannot be imported: Briefing Desk does not read ${what}. It imports ${SUPPORTED_KINDS}.`,
      `${name} 无法导入：简报台不读取${whatZh}。可导入的是${SUPPORTED_KINDS_ZH}。`,
    );
  }
  if (bytes.length > MAX_IMPORT_BYTES) {
    throw bilingualError(
      'too-large',
      `${name} is ${megabytes(bytes.length)}; Briefing Desk imports files up to ${MAX_IMPORT_BYTES / (1024 * 1024)} MB. Split the document or save only the article's text, and import that.`,
      `${name} 大小为 ${megabytes(bytes.length)}；简报台只导入不超过 ${MAX_IMPORT_BYTES / (1024 * 1024)} MB 的文件。请拆分文档或只保存正文后再导入。`,
    );
  }
  const found = sniff(bytes);
  if (!found) throw bilingualError('refused', `${name} is empty; there is nothing to import.`, `${name} 是空文件，没有可导入的内容。`);
  if (!fits(format, found)) throw mismatch(name, format, found);

  switch (format) {
    case 'text': {
      const decoded = decodeText(bytes, name);
      checkLength(decoded.text, name);
      return { ...parsePlainText(decoded.text, name), encoding: decoded.encoding, format };
    }
    case 'markdown': {
      const decoded = decodeText(bytes, name);
      checkLength(decoded.text, name);
      return { ...(await loadMarkdown()).parseMarkdown(decoded.text, name), encoding: decoded.encoding, format };
    }
    case 'html': {
      const { decodeHtmlBytes, parseHtml } = await loadHtml();
      const decoded = decodeHtmlBytes(bytes, name);
      return { ...parseHtml(decoded.text, name), encoding: decoded.encoding, format };
    }
    case 'docx':
      return { ...(await (await loadDocx()).parseDocx(bytes, name)), format };
    case 'pdf':
      return { ...(await (await loadPdf()).parsePdf(bytes, name)), format };
    default: {
      const never: never = format;
      throw new BdError('internal', `No importer for ${String(never)}.`);
    }
  }
}

export { parsePlainText };
