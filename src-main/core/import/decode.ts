/**
 * Bytes → text for plain-text-like files (.txt, .md, and web pages whose
 * declaration is missing or wrong). Chinese files arrive as UTF-8 (with or
 * without BOM), UTF-16 with BOM, GB18030/GBK/GB2312 from older Windows tools
 * on the mainland, and Big5 from Hong Kong and Taiwan.
 *
 * Order: a BOM decides; a file with zero bytes is UTF-16 without a BOM when
 * nearly all its code units in one byte order are characters of text
 * (`utf16ByteOrder`), else binary; valid UTF-8
 * is UTF-8; otherwise jschardet (the
 * Mozilla universal charset detector, ported) ranks the candidate encodings
 * and the first whose decoding is plausible text wins. Decoding uses the
 * WHATWG TextDecoder (GB18030 covers GBK and GB2312; Big5 is the WHATWG
 * Big5-HKSCS). Text full of replacement, Private Use Area or control
 * characters, or "Chinese" that is mostly kana, hangul and rare ideographs,
 * is not plausible: such a file is refused with a message saying what to do,
 * never imported as garbage.
 */
import { createRequire } from 'node:module';
import type Jschardet from 'jschardet';
import { bilingualError, type BdError } from '../../common/errors';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' | 'big5' | 'shift_jis' | 'euc-jp' | 'euc-kr' | 'windows-1252';

export interface Decoded {
  text: string;
  encoding: Encoding;
}

/** jschardet, loaded when a file first needs its encoding guessed (not with every command that opens a library). */
const jschardet = () => createRequire(import.meta.url)('jschardet') as typeof Jschardet;

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
    `${fileName} is in an unknown text encoding${what}; Briefing Desk cannot read it as text. Open it in a text editor, save it as UTF-8, and import it again.`,
    `${fileName} 的文字编码无法识别${guess ? `（可能是 ${guess}，但解码后不是可读文字）` : ''}。请用文本编辑器打开，另存为 UTF-8 编码后再导入。`,
  );
}

/**
 * Windows-1252's 0x80–0x9F (WHATWG Encoding Standard, index-windows-1252; the
 * five unassigned bytes stay C1 controls, which `implausibility` counts).
 * Node's TextDecoder may decode the label as ISO 8859-1, which leaves these
 * bytes as C1 controls instead of “ ” ’ — € and the rest.
 */
const CP1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** Decodes Windows-1252: ISO 8859-1 with 0x80–0x9F from `CP1252_C1`. */
function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    out += String.fromCharCode(...chunk.map((b) => b)).replace(/[\u0080-\u009f]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80]);
  }
  return out;
}

/** Decoding by a declared or guessed legacy encoding, if it gives plausible text. */
export function decodeAs(bytes: Uint8Array, encoding: Encoding): string | null {
  const text = encoding === 'windows-1252' ? decodeWindows1252(bytes) : strict(encoding, bytes);
  if (text === null || implausibility(text) > MAX_IMPLAUSIBLE) return null;
  return text;
}

/**
 * The encodings a file may be in, best first, from jschardet's ranking (the
 * Chinese ones are always tried, GB18030 before Big5, when it names none).
 */
function candidates(bytes: Uint8Array): Encoding[] {
  const sample = bytes.length > DETECT_BYTES ? bytes.subarray(0, DETECT_BYTES) : bytes;
  const guesses = jschardet().detectAll(Buffer.from(sample.buffer, sample.byteOffset, sample.byteLength));
  const ranked = guesses.map((r) => BY_DETECTOR_NAME[(r.encoding ?? '').toLowerCase()]).filter((e): e is Encoding => !!e);
  // Our readers' files are Chinese: an unsure Japanese or Korean guess (short
  // files give little to go on) yields to the Chinese encodings.
  const unsureOther = ['shift_jis', 'euc-jp', 'euc-kr'].includes(ranked[0]) && (guesses[0]?.confidence ?? 0) < 0.5;
  const out: Encoding[] = [];
  for (const e of [...(unsureOther ? ['gb18030', 'big5'] : []), ...ranked, 'gb18030', 'big5'] as Encoding[]) if (!out.includes(e)) out.push(e);
  // windows-1252 decodes anything: only when the bytes have no CJK-looking pairs does it get a turn —
  // first when the detector says so, last when the bytes look Western (see `westernSingleByte`).
  const kept = out.filter((e) => e !== 'windows-1252' || ranked[0] === 'windows-1252');
  if (!kept.includes('windows-1252') && westernSingleByte(sample)) kept.push('windows-1252');
  return kept;
}

/**
 * True when bytes look like Western single-byte text (Windows-1252, ISO
 * 8859-1: English wire copy saved on Windows with “smart quotes”, — dashes,
 * ’ apostrophes): mostly ASCII, and at least 80 % of the bytes ≥ 0x80 stand
 * alone between ASCII bytes. Legacy Chinese (GBK, Big5) writes two bytes per
 * character, the lead byte ≥ 0x81, so its high bytes come in pairs.
 */
export function westernSingleByte(bytes: Uint8Array): boolean {
  let high = 0;
  let alone = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] < 0x80) continue;
    high++;
    if ((i === 0 || bytes[i - 1] < 0x80) && (i + 1 === bytes.length || bytes[i + 1] < 0x80)) alone++;
  }
  return high > 0 && high <= bytes.length * 0.2 && alone >= high * 0.8;
}

/** Bytes read to tell UTF-16 without a byte order mark. */
const UTF16_SAMPLE = 8192;

/** UTF-16 code units that text is made of: ASCII, Latin, Greek, Cyrillic, punctuation and symbols, CJK punctuation, kana, bopomofo, ideographs, full-width forms. */
function isTextUnit(u: number): boolean {
  return (
    u === 0x09 ||
    u === 0x0a ||
    u === 0x0d ||
    (u >= 0x20 && u <= 0x7e) ||
    (u >= 0xa0 && u <= 0x24f) ||
    (u >= 0x370 && u <= 0x4ff) ||
    (u >= 0x2000 && u <= 0x2bff) ||
    (u >= 0x3000 && u <= 0x33ff) ||
    (u >= 0x3400 && u <= 0x4dbf) ||
    (u >= 0x4e00 && u <= 0x9fff) ||
    (u >= 0xfe30 && u <= 0xfe4f) ||
    (u >= 0xff00 && u <= 0xffef)
  );
}

/** Chinese punctuation that UTF-16 text is full of and no ASCII or GBK byte pair spells: ，。、：；“”（）《》. */
const CJK_PUNCT_UNITS: ReadonlySet<number> = new Set([0xff0c, 0x3002, 0x3001, 0xff1a, 0xff1b, 0x201c, 0x201d, 0xff08, 0xff09, 0x300a, 0x300b]);

/**
 * The byte order of UTF-16 text without a byte order mark, or undefined.
 * With zero bytes (the text has ASCII characters: line ends, digits, Latin
 * letters, which are `00 xx` in UTF-16BE and `xx 00` in UTF-16LE), the side
 * where most zero bytes fall gives the order (a few ideographs, 一 U+4E00
 * among them, put some on the other side). Without zero bytes, only Chinese
 * text qualifies: the order in which its Chinese punctuation (，。、) shows
 * (ASCII and GBK byte pairs never spell those code units). Either way at
 * least `minShare` of the first 4,096 code units must be characters text is
 * made of, so binary data and legacy Chinese bytes (GBK and Big5 lead bytes
 * make Hangul, Yi and Private Use Area units) never pass.
 */
export function utf16ByteOrder(bytes: Uint8Array, minShare = 0.9): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(bytes.length, UTF16_SAMPLE) & ~1;
  if (n < 4) return undefined;
  let zeroEven = 0;
  let zeroOdd = 0;
  let be = 0;
  let le = 0;
  let punctBe = 0;
  let punctLe = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) zeroEven++;
    if (bytes[i + 1] === 0) zeroOdd++;
    const ub = (bytes[i] << 8) | bytes[i + 1];
    const ul = (bytes[i + 1] << 8) | bytes[i];
    if (isTextUnit(ub)) be++;
    if (isTextUnit(ul)) le++;
    if (CJK_PUNCT_UNITS.has(ub)) punctBe++;
    if (CJK_PUNCT_UNITS.has(ul)) punctLe++;
  }
  const units = n / 2;
  let order: 'utf-16le' | 'utf-16be' | undefined;
  if (zeroEven + zeroOdd > 0) {
    if (zeroEven >= 1.3 * zeroOdd) order = 'utf-16be';
    else if (zeroOdd >= 1.3 * zeroEven) order = 'utf-16le';
  } else {
    const enough = Math.max(2, units * 0.02);
    if (punctBe >= enough && punctBe > punctLe) order = 'utf-16be';
    else if (punctLe >= enough && punctLe > punctBe) order = 'utf-16le';
  }
  if (!order) return undefined;
  return (order === 'utf-16be' ? be : le) >= units * minShare ? order : undefined;
}

/** Share of CJK ideographs among the non-space characters of a sample. */
function ideographShare(text: string): number {
  const sample = text.slice(0, 4000).replace(/\s/g, '');
  if (!sample) return 0;
  return (sample.match(/[\u3400-\u4dbf\u4e00-\u9fff]/g)?.length ?? 0) / sample.length;
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
    // NUL bytes never occur in UTF-8 or legacy Chinese text: UTF-16 without
    // a byte order mark (its ASCII characters are `00 xx` or `xx 00`), else a binary file.
    const order = utf16ByteOrder(bytes);
    if (!order) {
      throw bilingualError(
        'refused',
        `${fileName} is not a text file Briefing Desk can read (it looks binary).`,
        `${fileName} 不是可读的文本文件（看起来是二进制文件）。`,
      );
    }
    const text = bytes.length % 2 === 0 ? strict(order, bytes) : null;
    if (text === null || implausibility(text) > MAX_IMPLAUSIBLE) throw refuseEncoding(fileName, order === 'utf-16le' ? 'UTF-16LE' : 'UTF-16BE');
    decoded = { text, encoding: order };
  } else {
    const utf8 = strict('utf-8', bytes);
    // Valid UTF-8 is unambiguous: only control and private-use characters make it implausible.
    if (utf8 !== null && badShare(utf8) <= MAX_IMPLAUSIBLE) decoded = { text: utf8, encoding: 'utf-8' };
    else {
      const tried = utf8 === null ? candidates(bytes) : [];
      // Chinese UTF-16 without a byte order mark and without a single ASCII character.
      const order = utf8 === null && bytes.length % 2 === 0 ? utf16ByteOrder(bytes) : undefined;
      if (order) {
        const text = strict(order, bytes);
        if (text !== null && implausibility(text) <= MAX_IMPLAUSIBLE && ideographShare(text) >= 0.5) decoded = { text, encoding: order };
      }
      for (const encoding of decoded ? [] : tried) {
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
