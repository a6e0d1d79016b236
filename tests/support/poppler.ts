/**
 * Test support: read a PDF as a person would, with poppler-utils
 * (`pdftotext`, `pdffonts`, `pdfinfo`), and find the Chromium the PDF tests need.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findChromium } from '../../src-main/core/export/pdf';

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
    // The reason is the answer this function gives.
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
  const out = withFile(bytes, (p) => execFileSync('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), p, '-'], { encoding: 'utf8' }));
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

/** A word of `pdftotext -bbox`, with its page (1-based); points from the page's top-left corner. */
export interface BboxWord {
  page: number;
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** Every word of every page with its box (`pdftotext -bbox`), and the page sizes. */
export function pdfBbox(bytes: Uint8Array): { pages: { width: number; height: number }[]; words: BboxWord[] } {
  const out = withFile(bytes, (p) => execFileSync('pdftotext', ['-bbox', p, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 }));
  const pages: { width: number; height: number }[] = [];
  const words: BboxWord[] = [];
  for (const chunk of out.split('<page ').slice(1)) {
    const size = /^width="([\d.]+)" height="([\d.]+)"/.exec(chunk)!;
    pages.push({ width: Number(size[1]), height: Number(size[2]) });
    for (const m of chunk.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
      words.push({
        page: pages.length,
        xMin: Number(m[1]),
        yMin: Number(m[2]),
        xMax: Number(m[3]),
        yMax: Number(m[4]),
        text: m[5]
          .replace(/&amp;/g, '&')
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&apos;/g, "'")
          .replace(/&quot;/g, '"'),
      });
    }
  }
  return { pages, words };
}

/** Text pieces with the font family that drew them (`pdftohtml -xml`, which splits text where the font changes). */
export function pdfTextFonts(bytes: Uint8Array): { page: number; text: string; font: string }[] {
  const out = withFile(bytes, (p) => execFileSync('pdftohtml', ['-xml', '-i', '-stdout', '-q', p], { encoding: 'utf8', maxBuffer: 64 << 20 }));
  const families = new Map<string, string>();
  for (const m of out.matchAll(/<fontspec id="(\d+)" size="[^"]*" family="([^"]*)"/g)) families.set(m[1], m[2].replace(/^[A-Z]{6}\+/, ''));
  const pieces: { page: number; text: string; font: string }[] = [];
  let page = 0;
  for (const m of out.matchAll(/<page number="(\d+)"|<text [^>]*font="(\d+)"[^>]*>(.*?)<\/text>/g)) {
    if (m[1]) page = Number(m[1]);
    else
      pieces.push({
        page,
        font: families.get(m[2]) ?? m[2],
        text: m[3]
          .replace(/<[^>]+>/g, '')
          .replace(/&amp;/g, '&')
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&apos;/g, "'")
          .replace(/&quot;/g, '"')
          .replace(/&#160;/g, '\u00a0'),
      });
  }
  return pieces;
}

/**
 * Horizontal rules on a page found in pixels: the page rendered in grey at
 * `dpi` (`pdftoppm -gray`), rows whose pixels darker than `dark` (0…255) cover
 * at least `minWidthMm` in one run; consecutive rows make one rule. Millimetres
 * from the page top.
 */
export function pdfRasterRules(
  bytes: Uint8Array,
  page: number,
  minWidthMm: number,
  dpi = 600,
  dark = 128,
): { top: number; bottom: number; thickness: number }[] {
  const pgm = withFile(bytes, (p) =>
    execFileSync('pdftoppm', ['-gray', '-r', String(dpi), '-f', String(page), '-l', String(page), p], { maxBuffer: 256 << 20 }),
  );
  // Binary PGM: "P5\n<w> <h>\n<max>\n" then one byte per pixel.
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 64).toString('latin1'))!;
  const [w, h] = [Number(header[1]), Number(header[2])];
  const data = pgm.subarray(header[0].length);
  const minRun = (minWidthMm / 25.4) * dpi;
  const rows: boolean[] = [];
  for (let y = 0; y < h; y++) {
    let run = 0;
    let best = 0;
    for (let x = 0; x < w; x++) {
      if (data[y * w + x] < dark) best = Math.max(best, ++run);
      else run = 0;
    }
    rows.push(best >= minRun);
  }
  const rules: { top: number; bottom: number; thickness: number }[] = [];
  const mmPerPx = 25.4 / dpi;
  for (let y = 0; y < h; y++) {
    if (!rows[y]) continue;
    let end = y;
    while (end + 1 < h && rows[end + 1]) end++;
    rules.push({ top: y * mmPerPx, bottom: (end + 1) * mmPerPx, thickness: (end + 1 - y) * mmPerPx });
    y = end;
  }
  return rules;
}
