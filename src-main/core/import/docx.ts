/**
 * Word (.docx) importer. mammoth turns the document into semantic HTML —
 * it reads paragraph styles, not looks — and `dom-blocks.ts` walks that HTML
 * into blocks, the same walk a saved web page gets. The style map adds the
 * styles Chinese and English templates use for title and subtitle
 * (`Title`/`标题`, `Subtitle`/`副标题`) and for quotations; Heading 1–6 and
 * lists come from mammoth's defaults. Images are dropped (never embedded),
 * and mammoth is told not to read external files a document links to.
 */
import mammoth from 'mammoth';
import { JSDOM, VirtualConsole } from 'jsdom';
import type { ParsedArticle } from '../../common/model';
import { bilingualError, type BdError } from '../../common/errors';
import { isMetadataLine, numberedHeadingLevel } from '../../common/line-roles';
import { plausibleDeclaredTitle, sameHeadline } from '../../common/page-title';
import { stripMarkSigns } from '../../common/text-builder';
import { finishArticle, type DeclaredMeta, type RawBlock } from './article-builder';
import { domBlocks } from './dom-blocks';
import { writeNumberLabels } from './docx-numbering';
import { listZip, readParts, writeZip, ZipLimitError, type ZipEntry, type ZipLimits } from './zip-package';

const STYLE_MAP = [
  "p[style-name='Title'] => h1.bd-title:fresh",
  "p[style-name='title'] => h1.bd-title:fresh",
  "p[style-name='标题'] => h1.bd-title:fresh",
  "p[style-name='Subtitle'] => h2.bd-subtitle:fresh",
  "p[style-name='subtitle'] => h2.bd-subtitle:fresh",
  "p[style-name='副标题'] => h2.bd-subtitle:fresh",
  "p[style-name='Quote'] => blockquote > p:fresh",
  "p[style-name='Intense Quote'] => blockquote > p:fresh",
  "p[style-name='Block Text'] => blockquote > p:fresh",
  "p[style-name='Caption'] => figcaption:fresh",
  "p[style-name='caption'] => figcaption:fresh",
  "p[style-name='题注'] => figcaption:fresh",
  "p[style-name='标题 1'] => h1:fresh",
  "p[style-name='标题 2'] => h2:fresh",
  "p[style-name='标题 3'] => h3:fresh",
  "p[style-name='标题 4'] => h4:fresh",
];

/** Longest first paragraph that is taken for the title when no style says so. */
const MAX_PLAIN_TITLE = 60;

/**
 * Limits checked before anything is expanded: a Word document has a few
 * dozen parts, and its XML parts together expand to some megabytes (a
 * 1,000-page report to a few dozen).
 */
export const DOCX_LIMITS: ZipLimits = { maxEntries: 2000, maxExpandedBytes: 100 * 1024 * 1024 };

function refuseUnreadable(fileName: string, reason: string, reasonZh: string): BdError {
  return bilingualError(
    'refused',
    `${fileName} is not a readable Word document (${reason}). If it opens in Word or WPS, save it again as .docx and import the new copy; if it was downloaded, download it again.`,
    `${fileName} 不是可读的 Word 文档（${reasonZh}）。如果它能在 Word 或 WPS 中打开，请重新另存为 .docx 后导入新文件；如果是下载的，请重新下载。`,
  );
}

/** mammoth's and JSZip's messages, turned into a short reason a user can read. */
function reasonOf(err: unknown): [string, string] {
  const message = err instanceof Error ? err.message : String(err);
  if (/end of central directory|corrupted zip|invalid zip|zip/i.test(message)) return ['the file is damaged or incomplete', '文件已损坏或不完整'];
  if (/main document part|word\/document\.xml/i.test(message)) return ['it has no Word document part', '缺少 Word 正文部分'];
  if (/xml|parse/i.test(message)) return ['its contents are malformed', '内容格式错误'];
  return [message.split('\n')[0].slice(0, 160), '无法解析'];
}

function refuseBomb(fileName: string, err: ZipLimitError): BdError {
  if (err.reason === 'damaged') return refuseUnreadable(fileName, 'the file is damaged or incomplete', '文件已损坏或不完整');
  const limit = `${DOCX_LIMITS.maxExpandedBytes / (1024 * 1024)} MB`;
  return err.reason === 'entries'
    ? bilingualError(
        'too-large',
        `${fileName} holds more than ${DOCX_LIMITS.maxEntries} parts, far more than any Word document; Briefing Desk does not open it.`,
        `${fileName} 包含超过 ${DOCX_LIMITS.maxEntries} 个部件，远超正常 Word 文档，简报台不予打开。`,
      )
    : bilingualError(
        'too-large',
        `${fileName} would expand to more than ${limit} of text when unpacked (a normal Word document expands to a few MB; this one may be a "zip bomb"); Briefing Desk refused it without unpacking it.`,
        `${fileName} 解压后的文字内容将超过 ${limit}（正常 Word 文档解压后只有几 MB，此文件可能是“压缩炸弹”），简报台未解压即拒绝导入。`,
      );
}

const XML_PART = /\.(xml|rels)$/i;

function parseXml(bytes: Uint8Array | undefined): Document | undefined {
  if (!bytes) return undefined;
  try {
    return new JSDOM(new TextDecoder('utf-8').decode(bytes), { contentType: 'text/xml', virtualConsole: new VirtualConsole() }).window.document;
  } catch {
    // A malformed optional part (numbering, footnotes, properties) is read as absent; the body is read by mammoth.
    return undefined;
  }
}

/** Word's own account names, never a person's name. */
const PLACEHOLDER_AUTHOR =
  /^(administrator|admin|user|owner|author|microsoft( office)?( user)?|windows( 用户| user)?|微软用户|微软中国|作者|用户|lenovo|dell|hp|asus|acer|pc|中国|china|unknown|未知)$/i;

/** Title and author from docProps/core.xml (Dublin Core), where they hold real values (never its dates: see parseDocx). */
function coreProperties(bytes: Uint8Array | undefined): { title?: string; author?: string } {
  const doc = parseXml(bytes);
  if (!doc) return {};
  const text = (local: string) => (Array.from(doc.getElementsByTagName('*')).find((e) => e.localName === local)?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const out: { title?: string; author?: string } = {};
  const title = text('title');
  const headline = plausibleDeclaredTitle(title);
  if (headline) out.title = headline;
  const author = text('creator');
  if (
    author &&
    !PLACEHOLDER_AUTHOR.test(author) &&
    (/^[\u4e00-\u9fff·]{2,5}$/.test(author) || /^\p{Lu}[\p{L}.'’-]+(\s+\p{Lu}[\p{L}.'’-]+){1,3}$/u.test(author))
  ) {
    out.author = author;
  }
  return out;
}

/**
 * Footnotes and endnotes as numbered notes at the end: mammoth writes them as
 * `<ol><li id="footnote-1"><p>… <a href="#footnote-ref-1">↑</a></p></li></ol>`;
 * each becomes one `footnote` block `[1] …` (the reference in the text
 * reads `[1]`), the back-links gone.
 */
function moveNotesToEnd(root: DocumentFragment, doc: Document): void {
  const notes = Array.from(root.querySelectorAll('li[id^="footnote-"], li[id^="endnote-"]'));
  if (!notes.length) return;
  const container = doc.createElement('section');
  for (const li of notes) {
    for (const back of Array.from(li.querySelectorAll('a[href^="#footnote-ref-"], a[href^="#endnote-ref-"]'))) back.remove();
    const n = /-(\d+)$/.exec(li.id)?.[1] ?? '';
    const p = doc.createElement('p');
    p.className = 'bd-footnote';
    p.textContent = `[${n}] ${li.textContent?.replace(/\s+/g, ' ').trim() ?? ''}`;
    container.appendChild(p);
  }
  for (const list of new Set(notes.map((li) => li.parentElement))) list?.remove();
  root.appendChild(container);
}

/** Parses a .docx document into an article. */
export async function parseDocx(bytes: Uint8Array, fileName: string): Promise<ParsedArticle> {
  if (bytes.length === 0) throw bilingualError('refused', `${fileName} is empty; there is nothing to import.`, `${fileName} 是空文件，没有可导入的内容。`);

  // Limits first: nothing is inflated before the package is known to be sane.
  let entries: ZipEntry[];
  let parts: Map<string, Uint8Array>;
  try {
    entries = listZip(bytes, DOCX_LIMITS);
    parts = readParts(bytes, entries, (name) => XML_PART.test(name), DOCX_LIMITS);
  } catch (err) {
    if (err instanceof ZipLimitError) throw refuseBomb(fileName, err);
    throw err;
  }
  if (!parts.has('word/document.xml')) throw refuseUnreadable(fileName, 'it has no Word document part', '缺少 Word 正文部分');

  // Automatic numbering written into the text (docx-numbering.ts).
  let docxBytes = bytes;
  const numberingXml = parts.get('word/numbering.xml');
  if (numberingXml) {
    const document = parseXml(parts.get('word/document.xml'));
    const numbering = parseXml(numberingXml);
    if (document && numbering && writeNumberLabels(document, numbering, parseXml(parts.get('word/styles.xml'))) > 0) {
      const xml = new TextEncoder().encode(new document.defaultView!.XMLSerializer().serializeToString(document));
      docxBytes = writeZip(bytes, entries, new Map([['word/document.xml', xml]]));
    }
  }

  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(docxBytes.buffer, docxBytes.byteOffset, docxBytes.byteLength) },
      {
        styleMap: STYLE_MAP,
        externalFileAccess: false,
        // Images carry no text: replace each with an empty element instead of a data URI.
        convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
      },
    );
    html = result.value;
  } catch (err) {
    throw refuseUnreadable(fileName, ...reasonOf(err));
  }

  const core = coreProperties(parts.get('docProps/core.xml'));
  const dom = new JSDOM('', { virtualConsole: new VirtualConsole() });
  try {
    const template = dom.window.document.createElement('template');
    template.innerHTML = html;
    moveNotesToEnd(template.content, dom.window.document);

    // Title and subtitle styles become title and subtitle blocks; a second
    // Title-styled paragraph is a top-level heading.
    let seenTitle = false;
    const raw: RawBlock[] = domBlocks(template.content, {
      kindByClass: { 'bd-title': 'title', 'bd-subtitle': 'subtitle', 'bd-footnote': 'footnote' },
    }).map((b) => {
      if (b.kind !== 'title') return b;
      if (!seenTitle) {
        seenTitle = true;
        return b;
      }
      return { kind: 'heading', text: b.text, level: 1 };
    });
    if (!raw.length) {
      throw bilingualError(
        'refused',
        `${fileName} contains no text to import (the document is empty or holds only images; a scanned document needs OCR first).`,
        `${fileName} 中没有可导入的文字（文档为空或只有图片；扫描件需要先做文字识别）。`,
      );
    }

    // The document properties' title marks which opening paragraph is the headline.
    let titleAt = -1;
    if (!raw.some((b) => b.kind === 'title') && core.title) {
      titleAt = raw.findIndex((b, k) => k < 4 && (b.kind === 'paragraph' || b.kind === 'heading') && sameHeadline(stripMarkSigns(b.text), core.title!));
      if (titleAt >= 0) raw[titleAt] = { kind: 'title', text: raw[titleAt].text };
    }
    // Many Chinese documents set the title by hand (centred, bold, large) in
    // the Normal style: the first short paragraph without a sentence end,
    // after any metadata lines (发文字号, an issuer's masthead), is it.
    if (!raw.some((b) => b.kind === 'title')) {
      const at = raw.findIndex((b) => !isMetadataLine(stripMarkSigns(b.text)));
      const first = at >= 0 ? raw[at] : undefined;
      const text = first ? stripMarkSigns(first.text) : '';
      if (
        first &&
        (first.kind === 'paragraph' || (first.kind === 'heading' && numberedHeadingLevel(text) === undefined)) &&
        text.length <= MAX_PLAIN_TITLE &&
        !/[。！？.!?：:]$/.test(text) &&
        numberedHeadingLevel(text) === undefined &&
        raw.length > at + 1
      ) {
        raw[at] = { kind: 'title', text: first.text };
        titleAt = at;
      }
    }
    if (titleAt >= 0 && raw[titleAt].kind === 'title' && raw.length > titleAt + 2 && !raw.some((b) => b.kind === 'subtitle')) {
      const at = titleAt;
      {
        // …and a short second line under it is the subtitle, as in plain text.
        const second = raw[at + 1];
        const secondText = stripMarkSigns(second.text);
        if (
          second.kind === 'paragraph' &&
          secondText.length <= MAX_PLAIN_TITLE &&
          !/[。！？.!?：:]$/.test(secondText) &&
          !isMetadataLine(secondText) &&
          numberedHeadingLevel(secondText) === undefined
        ) {
          raw[at + 1] = { kind: 'subtitle', text: second.text };
        }
      }
    }
    const fallback: DeclaredMeta = {};
    if (core.title) fallback.title = core.title;
    if (core.author) fallback.author = core.author;
    // docProps' dcterms:created is when the file was made (a copy, a template, a
    // conversion), not the document's 成文日期: the date comes from the text only.
    return finishArticle(raw, {}, fileName, { format: 'docx', fallbackMeta: fallback });
  } finally {
    dom.window.close();
  }
}
