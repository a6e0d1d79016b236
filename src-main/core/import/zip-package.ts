/**
 * Reads the parts of a ZIP package (a .docx is one: ECMA-376 Part 2, OPC)
 * with limits checked before anything is expanded, so a 0.4 MB "zip bomb"
 * that would inflate to gigabytes is refused in milliseconds:
 *
 *  - the central directory (PKWARE APPNOTE 4.3.12) is read first; a package
 *    with too many parts or whose parts declare more than the limit is
 *    refused without inflating anything;
 *  - the parts we read are inflated with a hard output bound
 *    (`maxOutputLength`), so a part whose header lies about its size still
 *    stops at the limit.
 *
 * Parts we do not read (images, embedded objects) are never inflated; they
 * are copied as they are when the package is written back (`writeZip`).
 */
import { crc32, inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflated. */
  method: number;
  crc: number;
  compressedSize: number;
  /** As the central directory declares it. */
  size: number;
  /** Offset of the compressed data. */
  dataOffset: number;
}

export interface ZipLimits {
  /** Most parts a package may hold. */
  maxEntries: number;
  /** Most bytes the parts we read may expand to, all together. */
  maxExpandedBytes: number;
}

export class ZipLimitError extends Error {
  constructor(
    readonly reason: 'entries' | 'expanded' | 'damaged',
    message: string,
  ) {
    super(message);
  }
}

function u16(b: Uint8Array, at: number): number {
  return b[at] | (b[at + 1] << 8);
}

function u32(b: Uint8Array, at: number): number {
  return (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
}

/** The entries of the central directory. Throws ZipLimitError for a damaged or oversized directory. */
export function listZip(bytes: Uint8Array, limits: ZipLimits): ZipEntry[] {
  // End of central directory: 22 bytes plus a comment of up to 64 KB, at the end.
  let eocd = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 65535); at--) {
    if (u32(bytes, at) === 0x06054b50) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw new ZipLimitError('damaged', 'no end of central directory');
  const count = u16(bytes, eocd + 10);
  const dirSize = u32(bytes, eocd + 12);
  const dirOffset = u32(bytes, eocd + 16);
  if (count > limits.maxEntries) throw new ZipLimitError('entries', `${count} parts`);
  if (dirOffset + dirSize > bytes.length) throw new ZipLimitError('damaged', 'central directory outside the file');
  const decoder = new TextDecoder('utf-8');
  const entries: ZipEntry[] = [];
  let at = dirOffset;
  for (let k = 0; k < count; k++) {
    if (at + 46 > bytes.length || u32(bytes, at) !== 0x02014b50) throw new ZipLimitError('damaged', 'bad central directory entry');
    const method = u16(bytes, at + 10);
    const crc = u32(bytes, at + 16);
    const compressedSize = u32(bytes, at + 20);
    const size = u32(bytes, at + 24);
    const nameLength = u16(bytes, at + 28);
    const extraLength = u16(bytes, at + 30);
    const commentLength = u16(bytes, at + 32);
    const localOffset = u32(bytes, at + 42);
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
    if (localOffset + 30 > bytes.length || u32(bytes, localOffset) !== 0x04034b50) throw new ZipLimitError('damaged', `bad local header for ${name}`);
    const dataOffset = localOffset + 30 + u16(bytes, localOffset + 26) + u16(bytes, localOffset + 28);
    entries.push({ name, method, crc, compressedSize, size, dataOffset });
  }
  return entries;
}

/**
 * Inflates the named parts (those present), all together bounded by
 * `limits.maxExpandedBytes`. Declared sizes are checked first; the real
 * output is bounded too. Throws ZipLimitError('expanded') past the limit.
 */
export function readParts(bytes: Uint8Array, entries: readonly ZipEntry[], want: (name: string) => boolean, limits: ZipLimits): Map<string, Uint8Array> {
  const chosen = entries.filter((e) => want(e.name));
  const declared = chosen.reduce((n, e) => n + e.size, 0);
  if (declared > limits.maxExpandedBytes) throw new ZipLimitError('expanded', `${declared} bytes declared`);
  const out = new Map<string, Uint8Array>();
  let budget = limits.maxExpandedBytes;
  for (const e of chosen) {
    const data = bytes.subarray(e.dataOffset, e.dataOffset + e.compressedSize);
    let part: Uint8Array;
    if (e.method === 0) part = data;
    else if (e.method === 8) {
      try {
        part = inflateRawSync(data, { maxOutputLength: Math.max(1, budget) });
      } catch (err) {
        if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
          throw new ZipLimitError('expanded', `${e.name} expands past the limit`);
        }
        throw new ZipLimitError('damaged', `${e.name} cannot be inflated`);
      }
    } else throw new ZipLimitError('damaged', `${e.name} uses compression method ${e.method}`);
    budget -= part.length;
    if (budget < 0) throw new ZipLimitError('expanded', `${e.name} expands past the limit`);
    out.set(e.name, part);
  }
  return out;
}

/**
 * Writes a package: `replaced` parts stored (uncompressed) with their new
 * content, every other entry copied with its original compressed bytes.
 */
export function writeZip(bytes: Uint8Array, entries: readonly ZipEntry[], replaced: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const enc = new TextEncoder();
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = enc.encode(e.name);
    const fresh = replaced.get(e.name);
    const data = fresh ?? bytes.subarray(e.dataOffset, e.dataOffset + e.compressedSize);
    const method = fresh ? 0 : e.method;
    const crc = fresh ? crc32(fresh) >>> 0 : e.crc;
    const size = fresh ? fresh.length : e.size;
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(6, 0x0800, true); // UTF-8 names
    local.setUint16(8, method, true);
    local.setUint32(14, crc, true);
    local.setUint32(18, data.length, true);
    local.setUint32(22, size, true);
    local.setUint16(26, name.length, true);
    chunks.push(new Uint8Array(local.buffer), name, data);
    const dir = new DataView(new ArrayBuffer(46));
    dir.setUint32(0, 0x02014b50, true);
    dir.setUint16(4, 20, true);
    dir.setUint16(6, 20, true);
    dir.setUint16(8, 0x0800, true);
    dir.setUint16(10, method, true);
    dir.setUint32(16, crc, true);
    dir.setUint32(20, data.length, true);
    dir.setUint32(24, size, true);
    dir.setUint16(28, name.length, true);
    dir.setUint32(42, offset, true);
    central.push(new Uint8Array(dir.buffer), name);
    offset += 30 + name.length + data.length;
  }
  const dirSize = central.reduce((n, c) => n + c.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, dirSize, true);
  end.setUint32(16, offset, true);
  const all = [...chunks, ...central, new Uint8Array(end.buffer)];
  const out = new Uint8Array(all.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of all) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
