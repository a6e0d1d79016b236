/**
 * Bytes → text for plain-text-like files. Chinese .txt files arrive as UTF-8
 * (with or without BOM), UTF-16 with BOM, or GB18030/GBK from older Windows
 * tools; binary and empty files are refused with a sentence that says why.
 */
import { BdError } from '../../common/errors';

export interface Decoded {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';
}

function strict(encoding: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

/** Share of C0 control characters other than tab/newline/CR/form feed. */
function controlRatio(text: string): number {
  if (!text.length) return 0;
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0xfffd) bad++;
  }
  return bad / text.length;
}

export function decodeText(bytes: Uint8Array, fileName: string): Decoded {
  if (bytes.length === 0) {
    throw new BdError('refused', `${fileName} is empty; there is nothing to import.`);
  }
  let decoded: Decoded | null = null;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    const text = strict('utf-16le', bytes);
    if (text !== null) decoded = { text, encoding: 'utf-16le' };
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const text = strict('utf-16be', bytes);
    if (text !== null) decoded = { text, encoding: 'utf-16be' };
  } else if (!bytes.subarray(0, 8192).includes(0)) {
    // NUL bytes never occur in UTF-8 or GB18030 text; they mean a binary file.
    const utf8 = strict('utf-8', bytes);
    if (utf8 !== null) decoded = { text: utf8, encoding: 'utf-8' };
    else {
      const gb = strict('gb18030', bytes);
      if (gb !== null) decoded = { text: gb, encoding: 'gb18030' };
    }
  }
  if (!decoded || controlRatio(decoded.text.slice(0, 20000)) > 0.01) {
    throw new BdError(
      'refused',
      `${fileName} is not a text file Briefing Desk can read (it looks binary, or its encoding is not UTF-8, UTF-16 or GB18030).`,
    );
  }
  const text = decoded.text.replace(/^\ufeff/, '');
  if (!text.trim()) {
    throw new BdError('refused', `${fileName} contains only blank space; there is nothing to import.`);
  }
  return { text, encoding: decoded.encoding };
}
