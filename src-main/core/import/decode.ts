/**
 * Bytes → text for plain-text-like files (.txt, .md, and web pages whose
 * declaration is missing or wrong). Chinese files arrive as UTF-8 (with or
 * without BOM), UTF-16 with BOM, GB18030/GBK/GB2312 from older Windows tools
 * on the mainland, and Big5 from Hong Kong and Taiwan.
 *
 * Order: a BOM decides; valid UTF-8 is UTF-8; otherwise jschardet (the
 * Mozilla universal charset detector, ported) ranks the candidate encodings
 * and the first whose decoding is plausible text wins. Decoding uses the
 * WHATWG TextDecoder (GB18030 covers GBK and GB2312; Big5 is the WHATWG
 * Big5-HKSCS). Text full of replacement, Private Use Area or control
 * characters, or "Chinese" that is mostly kana, hangul and rare ideographs,
 * is not plausible: such a file is refused with a message saying what to do,
 * never imported as garbage.
 */
import jschardet from 'jschardet';
import { bilingualError, type BdError } from '../../common/errors';

export type Encoding =
  | 'utf-8'
  | 'utf-16le'
  | 'utf-16be'
  | 'gb18030'
  | 'big5'
  | 'shift_jis'
  | 'euc-jp'
  | 'euc-kr'
  | 'windows-1252';

export interface Decoded {
  text: string;
  encoding: Encoding;
}

/** jschardet's names → WHATWG encodings we decode. */
const BY_DETECTOR_NAME: Record<string, Encoding> = {
  'gb18030': 'gb18030',
  'gb2312': 'gb18030',
  'gbk': 'gb18030',
  'hz-gb-2312': 'gb18030',
  'big5': 'big5',
  'shift_jis': 'shift_jis',
  'euc-jp': 'euc-jp',
  'euc-kr': 'euc-kr',
  'windows-1252': 'windows-1252',
  'iso-8859-1': 'windows-1252',
  'ascii': 'windows-1252',
};

/** Bytes the detector reads: enough for a confident guess, bounded for huge files. */
const DETECT_BYTES = 64 * 1024;

function strict(encoding: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    // Not valid in this encoding: the question asked, not a failure.
    return null;
  }
}

/** Replacement, Private Use Area and C0/C1 control characters (tab, newlines and form feed aside). */
const BAD = /[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f\ufffd\ue000-\uf8ff]/g;

/** Share of replacement, Private Use Area and control characters in the first 20,000 characters. */
function badShare(text: string): number {
  const sample = text.length > 20000 ? text.slice(0, 20000) : text;
  if (!sample.length) return 0;
  return (sample.match(BAD)?.length ?? 0) / sample.length;
}

/**
 * How implausible a decoded text is, as a share of its characters (0 = all
 * plausible): replacement characters, Private Use Area, C0/C1 controls; and
 * for text that is mostly ideographs, kana, hangul and CJK Extension A
 * ideographs, which legacy Chinese bytes decoded with the wrong table turn into.
 */
export function implausibility(text: string): number {
  const sample = text.length > 20000 ? text.slice(0, 20000) : text;
  if (!sample.length) return 0;
  let ideographs = 0;
  let odd = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c < 0x3040) continue;
    if (c >= 0x4e00 && c <= 0x9fff) ideographs++;
    else if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0xac00 && c <= 0xd7af) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x3100 && c <= 0x312f)) odd++;
  }
  const cjk = ideographs + odd;
  // Real Japanese has kana, real Korean hangul — but not mixed into mostly-Chinese text at this rate.
  const mixed = cjk >= 8 && ideographs / cjk > 0.3 && odd / cjk > 0.15 ? odd : 0;
  return badShare(sample) + mixed / sample.length;
}

/** Share of implausible characters above which a decoding is wrong. */
const MAX_IMPLAUSIBLE = 0.01;

function refuseEncoding(fileName: string, guess?: string): BdError {
  const what = guess ? ` (it may be ${guess}, but it does not decode to readable text)` : '';
  return bilingualError(
    'refused',
    `${fileName} is not in a text encoding Briefing Desk can read${what}. Open it in a text editor, save it as UTF-8, and import it again.`,
    `${fileName} 的文字编码无法识别${guess ? `（可能是 ${guess}，但解码后不是可读文字）` : ''}。请用文本编辑器打开，另存为 UTF-8 编码后再导入。`,
  );
}

/** Decoding by a declared or guessed legacy encoding, if it gives plausible text. */
export function decodeAs(bytes: Uint8Array, encoding: Encoding): string | null {
  const text = strict(encoding, bytes);
  if (text === null || implausibility(text) > MAX_IMPLAUSIBLE) return null;
  return text;
}

/**
 * The encodings a file may be in, best first, from jschardet's ranking (the
 * Chinese ones are always tried, GB18030 before Big5, when it names none).
 */
function candidates(bytes: Uint8Array): Encoding[] {
  const sample = bytes.length > DETECT_BYTES ? bytes.subarray(0, DETECT_BYTES) : bytes;
  const guesses = jschardet.detectAll(Buffer.from(sample.buffer, sample.byteOffset, sample.byteLength));
  const ranked = guesses.map((r) => BY_DETECTOR_NAME[(r.encoding ?? '').toLowerCase()]).filter((e): e is Encoding => !!e);
  // Our readers' files are Chinese: an unsure Japanese or Korean guess (short
  // files give little to go on) yields to the Chinese encodings.
  const unsureOther = ['shift_jis', 'euc-jp', 'euc-kr'].includes(ranked[0]) && (guesses[0]?.confidence ?? 0) < 0.5;
  const out: Encoding[] = [];
  for (const e of [...(unsureOther ? ['gb18030', 'big5'] : []), ...ranked, 'gb18030', 'big5'] as Encoding[]) if (!out.includes(e)) out.push(e);
  // windows-1252 decodes anything: only when the bytes have no CJK-looking pairs does it get a turn.
  return out.filter((e) => e !== 'windows-1252' || ranked[0] === 'windows-1252');
}

/**
 * Decodes a text file. Errors: an empty file, a binary file, a file in no
 * encoding that decodes to plausible text, and a file that is only blank
 * space are refused with a BdError naming `fileName`.
 */
export function decodeText(bytes: Uint8Array, fileName: string): Decoded {
  if (bytes.length === 0) {
    throw bilingualError('refused', `${fileName} is empty; there is nothing to import.`, `${fileName} 是空文件，没有可导入的内容。`);
  }
  let decoded: Decoded | null = null;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    const text = strict('utf-16le', bytes);
    if (text !== null) decoded = { text, encoding: 'utf-16le' };
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const text = strict('utf-16be', bytes);
    if (text !== null) decoded = { text, encoding: 'utf-16be' };
  } else if (bytes.subarray(0, 8192).includes(0)) {
    // NUL bytes never occur in UTF-8 or legacy Chinese text; they mean a binary file.
    throw bilingualError(
      'refused',
      `${fileName} is not a text file Briefing Desk can read (it looks binary).`,
      `${fileName} 不是可读的文本文件（看起来是二进制文件）。`,
    );
  } else {
    const utf8 = strict('utf-8', bytes);
    // Valid UTF-8 is unambiguous: only control and private-use characters make it implausible.
    if (utf8 !== null && badShare(utf8) <= MAX_IMPLAUSIBLE) decoded = { text: utf8, encoding: 'utf-8' };
    else {
      const tried = utf8 === null ? candidates(bytes) : [];
      for (const encoding of tried) {
        const text = decodeAs(bytes, encoding);
        if (text !== null) {
          decoded = { text, encoding };
          break;
        }
      }
      if (!decoded) throw refuseEncoding(fileName, tried[0] === 'gb18030' ? 'GBK/GB18030' : tried[0] === 'big5' ? 'Big5' : undefined);
    }
  }
  if (!decoded || (decoded.encoding.startsWith('utf-16') && badShare(decoded.text) > MAX_IMPLAUSIBLE)) throw refuseEncoding(fileName);
  const text = decoded.text.replace(/^\ufeff/, '');
  if (!text.trim()) {
    throw bilingualError('refused', `${fileName} contains only blank space; there is nothing to import.`, `${fileName} 只有空白，没有可导入的内容。`);
  }
  return { text, encoding: decoded.encoding };
}
