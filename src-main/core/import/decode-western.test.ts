/**
 * Western single-byte text (Windows-1252) is decoded, not refused, while
 * legacy Chinese bytes never take that turn. Real files from the import corpus.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeText, westernSingleByte } from './decode';

const CORPUS = resolve(__dirname, '../../../tests/fixtures/import/corpus');
const bytes = (name: string) => new Uint8Array(readFileSync(resolve(CORPUS, name)));

describe('Windows-1252 text', () => {
  it.each([
    ['cp1252-ecb-rates.txt', '“data-dependent” — not pre-set', '€1.2 trillion'],
    ['cp1252-shipping-loop.txt', 'Ningbo–Rotterdam', 'It’s the third'],
  ])('%s decodes with its smart quotes, dashes and €', (name, a, b) => {
    const decoded = decodeText(bytes(name), name);
    expect(decoded.encoding).toBe('windows-1252');
    expect(decoded.text).toContain(a);
    expect(decoded.text).toContain(b);
  });

  it.each(['gbk-power-supply-notice.txt', 'big5-green-energy.txt'])('%s (two bytes per character) does not look Western', (name) => {
    expect(westernSingleByte(bytes(name))).toBe(false);
    expect(decodeText(bytes(name), name).encoding).not.toBe('windows-1252');
  });
});
