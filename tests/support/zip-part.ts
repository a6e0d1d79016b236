/**
 * One part of a zip package (a .docx) as text, read in-process with the
 * importer's own bounded zip reader (core/import/zip-package.ts), so the
 * Word export tests need no `unzip` program. Test-only.
 */
import { listZip, readParts } from '../../src-main/core/import/zip-package';

const LIMITS = { maxEntries: 10_000, maxExpandedBytes: 256 * 1024 * 1024 };

/** The part `name` (e.g. `word/document.xml`) decoded as UTF-8; throws when the package has no such part. */
export function zipPartText(bytes: Uint8Array, name: string): string {
  const parts = readParts(bytes, listZip(bytes, LIMITS), (n) => n === name, LIMITS);
  const part = parts.get(name);
  if (!part) throw new Error(`The package has no part ${name}.`);
  return new TextDecoder('utf-8').decode(part);
}
