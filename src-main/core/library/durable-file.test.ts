/**
 * Atomic, durable writes on a real temporary folder.
 */
import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileDurable } from './durable-file';

describe('writeFileDurable with chunks', () => {
  it('writes the chunks in order over an existing file and leaves no temp file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bd-index-file-'));
    try {
      const path = join(dir, 'search.bin');
      await writeFile(path, 'old content that is longer than the new one');
      await writeFileDurable(path, [Uint8Array.of(1, 2), new Uint8Array(0), Uint8Array.of(3), new Uint8Array(70_000).fill(9)]);
      const bytes = await readFile(path);
      expect(bytes.length).toBe(70_003);
      expect([...bytes.subarray(0, 4)]).toEqual([1, 2, 3, 9]);
      expect(await readdir(dir)).toEqual(['search.bin']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
