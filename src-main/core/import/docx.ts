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
import { BdError } from '../../common/errors';
import { isBylineLine } from '../../common/metadata-detect';
import { finishArticle, type RawBlock } from './article-builder';
import { domBlocks } from './dom-blocks';

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

function refuseUnreadable(fileName: string, reason: string): BdError {
  return new BdError(
    'refused',
    `${fileName} is not a readable Word document (${reason}). If it opens in Word or WPS, save it again as .docx and import the new copy; if it was downloaded, download it again.`,
  );
}

/** mammoth's and JSZip's messages, turned into a short reason a user can read. */
function reasonOf(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (/end of central directory|corrupted zip|invalid zip|zip/i.test(message)) return 'the file is damaged or incomplete';
  if (/main document part|word\/document\.xml/i.test(message)) return 'it has no Word document part';
  if (/xml|parse/i.test(message)) return 'its contents are malformed';
  return message.split('\n')[0].slice(0, 160);
}

/** Parses a .docx document into an article. */
export async function parseDocx(bytes: Uint8Array, fileName: string): Promise<ParsedArticle> {
  if (bytes.length === 0) throw new BdError('refused', `${fileName} is empty; there is nothing to import.`);
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      {
        styleMap: STYLE_MAP,
        externalFileAccess: false,
        // Images carry no text: replace each with an empty element instead of a data URI.
        convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
      },
    );
    html = result.value;
  } catch (err) {
    throw refuseUnreadable(fileName, reasonOf(err));
  }

  const dom = new JSDOM('', { virtualConsole: new VirtualConsole() });
  try {
    const template = dom.window.document.createElement('template');
    template.innerHTML = html;

    // Title and subtitle styles become title and subtitle blocks; a second
    // Title-styled paragraph is a top-level heading.
    let seenTitle = false;
    const raw: RawBlock[] = domBlocks(template.content, {
      kindByClass: { 'bd-title': 'title', 'bd-subtitle': 'subtitle' },
    }).map((b) => {
      if (b.kind !== 'title') return b;
      if (!seenTitle) {
        seenTitle = true;
        return b;
      }
      return { kind: 'heading', text: b.text, level: 1 };
    });
    if (!raw.length) {
      throw new BdError('refused', `${fileName} contains no text to import (the document is empty or holds only images; a scanned document needs OCR first).`);
    }

    // Many Chinese documents set the title by hand (centred, bold, large) in
    // the Normal style: a short first paragraph without a sentence end is it.
    if (!raw.some((b) => b.kind === 'title') && raw[0].kind === 'paragraph') {
      const first = raw[0].text;
      if (first.length <= MAX_PLAIN_TITLE && !/[。！？.!?：:]$/.test(first) && !isBylineLine(first) && raw.length > 1) {
        raw[0] = { kind: 'title', text: first };
        // …and a short second line under it is the subtitle, as in plain text.
        const second = raw[1];
        if (
          raw.length > 2 &&
          second.kind === 'paragraph' &&
          second.text.length <= MAX_PLAIN_TITLE &&
          !/[。！？.!?]$/.test(second.text) &&
          !isBylineLine(second.text)
        ) {
          raw[1] = { kind: 'subtitle', text: second.text };
        }
      }
    }
    return finishArticle(raw, {}, fileName);
  } finally {
    dom.window.close();
  }
}
