/**
 * Test support: read a PDF as a person would, with poppler-utils
 * (`pdftotext`, `pdffonts`, `pdfinfo`), and find the Chromium the PDF tests need.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findChromium } from '../pdf';

export function hasCommand(cmd: string): boolean {
  try {
    execFileSync(cmd, ['-v'], { stdio: 'ignore' });
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

/** Why the PDF tests cannot run here, or null when they can. */
export function pdfSkipReason(): string | null {
  try {
    findChromium();
  } catch {
    return 'no Chromium: install chromium (/usr/bin/chromium) or set CHROMIUM_PATH';
  }
  if (!hasCommand('pdftotext') || !hasCommand('pdffonts') || !hasCommand('pdfinfo')) return 'poppler-utils (pdftotext, pdffonts, pdfinfo) not installed';
  return null;
}

function withFile<T>(bytes: Uint8Array, fn: (path: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'bd-pdf-'));
  const path = join(dir, 'out.pdf');
  try {
    writeFileSync(path, bytes);
    return fn(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Text of each page (pdftotext splits pages with form feeds). */
export function pdfPages(bytes: Uint8Array): string[] {
  const text = withFile(bytes, (p) => execFileSync('pdftotext', ['-enc', 'UTF-8', p, '-'], { encoding: 'utf8' }));
  const pages = text.split('\f');
  if (pages.at(-1)!.trim() === '') pages.pop();
  return pages;
}

export interface PdfFont {
  name: string;
  type: string;
  embedded: boolean;
}

export function pdfFonts(bytes: Uint8Array): PdfFont[] {
  const out = withFile(bytes, (p) => execFileSync('pdffonts', [p], { encoding: 'utf8' }));
  return out
    .split('\n')
    .slice(2)
    .filter((l) => l.trim())
    .map((line) => {
      const m = /^(\S+)\s+(Type 3|Type 1C?|CID TrueType|CID Type 0C?|TrueType|Type 0C?)\s+(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)/.exec(line);
      if (!m) throw new Error(`Unexpected pdffonts line: ${line}`);
      return { name: m[1], type: m[2], embedded: m[4] === 'yes' };
    });
}

export function pdfInfo(bytes: Uint8Array): { pages: number; width: number; height: number } {
  const out = withFile(bytes, (p) => execFileSync('pdfinfo', [p], { encoding: 'utf8' }));
  const pages = Number(/^Pages:\s+(\d+)/m.exec(out)![1]);
  const size = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(out)!;
  return { pages, width: Number(size[1]), height: Number(size[2]) };
}

/** Words with their boxes on one page (`pdftotext -bbox`), for checking where things are. */
export function pdfWords(bytes: Uint8Array, page: number): { text: string; xMin: number; yMin: number }[] {
  const out = withFile(bytes, (p) =>
    execFileSync('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), p, '-'], { encoding: 'utf8' }),
  );
  return [...out.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g)].map((m) => ({
    xMin: Number(m[1]),
    yMin: Number(m[2]),
    text: m[3],
  }));
}

/** Text without any whitespace, for comparing prose that the PDF wraps across lines. */
export function squash(s: string): string {
  return s.replace(/[\s\u00a0\u3000]+/g, '');
}

