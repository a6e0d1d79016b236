/**
 * The import corpus (tests/fixtures/import/corpus/): every document is
 * imported through the front door (`importBytes`, as the app and the CLI
 * do) and compared with its golden structure file — title, metadata, and
 * every block's kind, heading level and text. A per-kind score (blocks
 * matched / expected, and metadata fields right) is printed at the end.
 *
 * Adding a document needs no code: put `name.ext` in the folder and
 * `name.golden.json` (or `name.ext.golden.json` when other formats of the
 * same name exist and this one differs) beside it. See the folder's README.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importBytes } from '../../src-main/core/import/index';
import type { ParsedArticle } from '../../src-main/common/model';

const DIR = resolve(__dirname, '../fixtures/import/corpus');
const FORMATS = ['.txt', '.md', '.html', '.htm', '.docx', '.pdf'];

/** `[kind, text]`, or `[kind, level, text]` for headings (and nested list items). */
type GoldenBlock = [string, string] | [string, number, string];
interface Golden {
  description?: string;
  title: string;
  /** Fields to check; "" means the field must be empty. Fields not listed are not checked. */
  meta?: Record<string, string | string[]>;
  blocks: GoldenBlock[];
  /** Inline marks to find: [kind, covered text] or [kind, covered text, href]. */
  marks?: [string, string, string?][];
}

interface Case {
  file: string;
  goldenFile: string;
  golden: Golden;
}

function cases(): Case[] {
  const files = readdirSync(DIR).filter((f) => FORMATS.some((ext) => f.toLowerCase().endsWith(ext)) && !f.endsWith('.golden.json'));
  return files
    .map((file) => {
      const own = join(DIR, `${file}.golden.json`);
      const shared = join(DIR, `${file.replace(/\.[^.]+$/, '')}.golden.json`);
      const goldenFile = existsSync(own) ? own : existsSync(shared) ? shared : undefined;
      return goldenFile ? { file, goldenFile, golden: JSON.parse(readFileSync(goldenFile, 'utf8')) as Golden } : undefined;
    })
    .filter((c): c is Case => !!c)
    .sort((a, b) => a.file.localeCompare(b.file));
}

function actualBlocks(a: ParsedArticle): GoldenBlock[] {
  return a.blocks.map((b) => {
    const text = a.text.slice(b.start, b.end);
    return b.kind === 'heading' ? [b.kind, b.level ?? 1, text] : [b.kind, text];
  });
}

const key = (b: GoldenBlock) => JSON.stringify(b);

/** Matched golden blocks per kind, by longest common subsequence (order matters, extras do not shift the rest). */
function matchedPerKind(expected: GoldenBlock[], actual: GoldenBlock[]): Map<string, number> {
  const n = expected.length;
  const m = actual.length;
  const dp: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      dp[i][j] = key(expected[i]) === key(actual[j]) ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
    }
  }
  const out = new Map<string, number>();
  for (let i = 0, j = 0; i < n && j < m;) {
    if (key(expected[i]) === key(actual[j])) {
      out.set(expected[i][0], (out.get(expected[i][0]) ?? 0) + 1);
      i++;
      j++;
    } else if (dp[i + 1][j] >= dp[i][j + 1]) i++;
    else j++;
  }
  return out;
}

const score = new Map<string, { expected: number; matched: number }>();
const count = (kind: string, expected: number, matched: number) => {
  const s = score.get(kind) ?? { expected: 0, matched: 0 };
  s.expected += expected;
  s.matched += matched;
  score.set(kind, s);
};

const all = cases();

describe('import corpus: every document imports to its golden structure', () => {
  it('has at least 40 documents in all five formats and both languages', () => {
    expect(all.length).toBeGreaterThanOrEqual(40);
    const exts = new Set(all.map((c) => c.file.replace(/^.*\./, '.').replace('.htm', '.html').replace('.htmll', '.html')));
    for (const ext of ['.txt', '.md', '.html', '.docx', '.pdf']) expect(exts).toContain(ext);
  });

  it.each(all.map((c) => [c.file, c] as const))('%s', async (_, c) => {
    const article = await importBytes(c.file, new Uint8Array(readFileSync(join(DIR, c.file))));
    const expected = c.golden.blocks;
    const actual = actualBlocks(article);

    const matched = matchedPerKind(expected, actual);
    for (const kind of new Set(expected.map((b) => b[0]))) {
      count(kind, expected.filter((b) => b[0] === kind).length, matched.get(kind) ?? 0);
    }
    count('(title)', 1, article.meta.title === c.golden.title ? 1 : 0);
    const meta = c.golden.meta ?? {};
    const gotMeta: Record<string, unknown> = {};
    for (const [field, want] of Object.entries(meta)) {
      const got = (article.meta as Record<string, unknown>)[field];
      gotMeta[field] = got ?? '';
      count(`meta.${field}`, 1, JSON.stringify(got ?? '') === JSON.stringify(want) ? 1 : 0);
    }

    expect(article.meta.title, 'title').toBe(c.golden.title);
    expect(gotMeta, 'metadata').toEqual(meta);
    expect(actual, 'blocks').toEqual(expected);
    for (const [kind, text, href] of c.golden.marks ?? []) {
      const found = (article.marks ?? []).some(
        (m) => m.kind === kind && article.text.slice(m.start, m.end) === text && (href === undefined || m.href === href),
      );
      expect(found, `${kind} mark on “${text}”`).toBe(true);
    }
  });
});

describe('the same document in .txt, .md, .html, .docx and .pdf', () => {
  const groups = new Map<string, Case[]>();
  for (const c of all) {
    if (!c.goldenFile.endsWith(`${c.file.replace(/\.[^.]+$/, '')}.golden.json`)) continue;
    const stem = c.file.replace(/\.[^.]+$/, '');
    groups.set(stem, [...(groups.get(stem) ?? []), c]);
  }
  const multi = [...groups.entries()].filter(([, cs]) => cs.length >= 5);

  it('covers at least four documents in all five formats', () => {
    expect(multi.length).toBeGreaterThanOrEqual(4);
  });

  it.each(multi.map(([stem, cs]) => [stem, cs] as const))('%s: same title, headings with levels, and paragraphs', async (_, cs) => {
    const structure = async (c: Case) => {
      const a = await importBytes(c.file, new Uint8Array(readFileSync(join(DIR, c.file))));
      const blocks = actualBlocks(a);
      return {
        title: a.meta.title,
        headings: blocks.filter((b) => b[0] === 'heading'),
        paragraphs: blocks.filter((b) => b[0] === 'paragraph'),
      };
    };
    const [first, ...rest] = await Promise.all(cs.map(structure));
    rest.forEach((other, k) => expect(other, `${cs[k + 1].file} against ${cs[0].file}`).toEqual(first));
  });
});

afterAll(() => {
  if (!score.size) return;
  const rows = [...score.entries()].sort(([a], [b]) => a.localeCompare(b));
  const lines = rows.map(
    ([kind, s]) =>
      `  ${kind.padEnd(18)} ${String(s.matched).padStart(4)} / ${String(s.expected).padEnd(4)} ${((100 * s.matched) / Math.max(1, s.expected)).toFixed(1).padStart(5)}%`,
  );
  console.log(`Import corpus score (${all.length} documents), matched / expected per kind:\n${lines.join('\n')}`);
});
