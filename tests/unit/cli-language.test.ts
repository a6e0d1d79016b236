/**
 * Under a Chinese locale the `briefing` command line speaks Chinese
 * throughout — help, every command's `--help`, refusals of arguments and of
 * flag values (with the range or format the value must have), file errors,
 * errors from core, and every command's report — and English under any
 * other locale. A zh run is searched for English words: Latin is allowed
 * only in option names, command names and their arguments' values, paths,
 * ids, file formats, units and product names (ALLOWED). `diagnostics`
 * prints its report in English on purpose (it is read by whoever answers a
 * support request) and says so in Chinese first.
 * Real temporary libraries, the CLI in-process, real files.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMMANDS, runCli } from '../../src-main/cli/index';
import type { CliLanguage } from '../../src-main/cli/cli-messages';

const SAMPLE = join(__dirname, '../../resources/rmrb-2023-waic-ai-conference.txt');
const CHECKED_PDF = join(__dirname, '../fixtures/layout-check/colophon-own-page.pdf');

/** Latin words a Chinese sentence may hold: command and option values, formats, units, product and standard names. */
const ALLOWED = new Set(
  [
    // commands and subcommands
    'briefing',
    ...COMMANDS.flatMap((c) => c.name.split('-')),
    'create',
    // values options take, formats, templates
    'pdf json w3c md html docx txt zip ld markdown word gbt modern relevance date title added none highlights notes key figure policy risk verify',
    // units and abbreviations
    'mm pt em mb ms id pid',
    // names
    'gb chromium chrome edge ctrl',
  ]
    .join(' ')
    .split(/\s+/),
);

/** The English words in `text` that are none of the allowed kinds (lower-cased). */
function strayEnglish(text: string, own: readonly string[]): string[] {
  let t = text;
  for (const s of own) t = t.split(s).join(' ');
  t = t
    .replace(/`[^`\n]*`/g, ' ') // a command to run
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/(?:[A-Za-z]:)?[\w.<>\u4e00-\u9fff-]*[\\/][^\s，。；：、（）“”]*/g, ' ') // paths, folders (`quarantine/`)
    .replace(/--[a-z][a-z-]*/g, ' ') // option names
    .replace(/\$?\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g, ' ') // environment variables
    .replace(/\bYYYY-MM-DD\b/g, ' ')
    .replace(/\b(?=[a-z0-9]*\d)[a-z0-9]{8,}\b/g, ' ') // ids
    .replace(/[\w.-]+\.(?:pdf|zip|json|md|html|docx|txt)\b/gi, ' '); // file names
  return [...new Set((t.match(/[A-Za-z]{2,}/g) ?? []).map((w) => w.toLowerCase()).filter((w) => !ALLOWED.has(w)))];
}

let dir: string;
let lib: string;
let articleId = '';
let briefingId = '';

async function run(language: CliLanguage, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli([...argv, '--library', lib], { out: (t) => out.push(t), err: (t) => err.push(t) }, language);
  return { code, out: out.join('\n'), text: [...out, ...err].join('\n') };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bd-cli-language-'));
  lib = join(dir, 'lib');
  const imported = await run('en', 'import', SAMPLE, '--json');
  articleId = JSON.parse(imported.out)[0].id;
  const made = await run('en', 'brief', 'create', '--title', '测试简报', '--article', articleId, '--json');
  briefingId = JSON.parse(made.out).id;
  await run('en', 'highlight', articleId, '--quote', '人工智能', '--note', '要点');
  writeFileSync(join(dir, 'not-a-pdf.pdf'), '这不是 PDF 文件。');
  copyFileSync(CHECKED_PDF, join(dir, 'checked.pdf'));
  writeFileSync(join(dir, 'notes.json'), '{ not json');
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every call, by what it shows: help, refusals (exit 2), errors (exit 1) and reports (exit 0). */
const CALLS: { name: string; argv: (language: CliLanguage) => string[]; code: number }[] = [
  { name: 'help', argv: () => ['--help'], code: 0 },
  ...COMMANDS.map((c) => ({ name: `${c.name} --help`, argv: () => [c.name, '--help'], code: 0 })),
  // refusals of arguments and of flag values
  { name: 'search --limit 0', argv: () => ['search', '人工智能', '--limit', '0'], code: 2 },
  { name: 'search --limit 501', argv: () => ['search', '人工智能', '--limit', '501'], code: 2 },
  { name: 'search --limit 1e2', argv: () => ['search', '人工智能', '--limit', '1e2'], code: 2 },
  { name: 'search --sort', argv: () => ['search', '人工智能', '--sort', '大小'], code: 2 },
  { name: 'search --from', argv: () => ['search', '人工智能', '--from', '2024-13-01'], code: 2 },
  { name: 'search --from after --to', argv: () => ['search', '人工智能', '--from', '2024-05-01', '--to', '2024-01-01'], code: 2 },
  { name: 'diagnostics --recent', argv: () => ['diagnostics', '--recent', '几条'], code: 2 },
  { name: 'serve --port', argv: () => ['serve', '--port', '99999'], code: 2 },
  { name: 'brief create without a title', argv: () => ['brief', 'create'], code: 2 },
  { name: 'brief publish', argv: () => ['brief', '发布'], code: 2 },
  { name: 'brief create --date', argv: () => ['brief', 'create', '--title', '标题', '--date', '2024/01/01'], code: 2 },
  { name: 'highlight --color', argv: () => ['highlight', articleId, '--quote', '人工智能', '--color', '粉色'], code: 2 },
  { name: 'export --format', argv: () => ['export', briefingId, '--format', '文本', '--out', join(dir, 'x.rtf')], code: 2 },
  { name: 'export-article --annotations', argv: () => ['export-article', articleId, '--format', 'html', '--annotations', '全部'], code: 2 },
  { name: 'annotations import --assign', argv: () => ['annotations', 'import', join(dir, 'notes.json'), '--assign', '键'], code: 2 },
  { name: 'show, a stray argument', argv: () => ['show', articleId, '多余'], code: 2 },
  { name: 'delete, no id', argv: () => ['delete'], code: 2 },
  { name: 'unknown command', argv: () => ['发布'], code: 2 },
  { name: 'unknown option', argv: () => ['list', '--bogus'], code: 2 },
  // errors
  { name: 'show an unknown id', argv: () => ['show', 'a0b1c2d3e4f5'], code: 1 },
  { name: 'show an id that cannot be one', argv: () => ['show', 'X'], code: 2 },
  { name: 'export an unknown briefing', argv: () => ['export', 'b0c1d2e3f4a5', '--format', 'md', '--out', join(dir, 'x.md')], code: 1 },
  { name: 'highlight a quote not in the text', argv: () => ['highlight', articleId, '--quote', '量子计算机'], code: 1 },
  { name: 'highlight an ambiguous quote', argv: () => ['highlight', articleId, '--quote', '的'], code: 1 },
  { name: 'check a missing file', argv: () => ['check', join(dir, 'missing.pdf')], code: 1 },
  { name: 'check a file that is not a PDF', argv: () => ['check', join(dir, 'not-a-pdf.pdf')], code: 2 },
  { name: 'annotations import of a missing file', argv: () => ['annotations', 'import', join(dir, 'missing.json')], code: 1 },
  { name: 'restore a missing archive', argv: () => ['restore', join(dir, 'missing.zip'), '--merge'], code: 1 },
  // reports
  { name: 'list', argv: () => ['list'], code: 0 },
  { name: 'search', argv: () => ['search', '人工智能'], code: 0 },
  { name: 'stats', argv: () => ['stats'], code: 0 },
  { name: 'problems', argv: () => ['problems'], code: 0 },
  { name: 'problems --ack-all', argv: () => ['problems', '--ack-all'], code: 0 },
  { name: 'brief list', argv: () => ['brief', 'list'], code: 0 },
  { name: 'import a duplicate', argv: () => ['import', SAMPLE], code: 1 },
  { name: 'annotations --out', argv: (l) => ['annotations', articleId, '--format', 'w3c', '--out', join(dir, `w3c-${l}.json`)], code: 0 },
  { name: 'annotations import', argv: (l) => ['annotations', 'import', join(dir, `w3c-${l}.json`)], code: 0 },
  { name: 'export md', argv: (l) => ['export', briefingId, '--format', 'md', '--out', join(dir, `b-${l}.md`)], code: 0 },
  { name: 'export-article html', argv: (l) => ['export-article', articleId, '--format', 'html', '--out', join(dir, `a-${l}.html`)], code: 0 },
  { name: 'check a PDF', argv: () => ['check', join(dir, 'checked.pdf')], code: 0 },
  { name: 'check a PDF against another template', argv: () => ['check', join(dir, 'checked.pdf'), '--template', 'modern'], code: 0 },
  { name: 'backup', argv: (l) => ['backup', join(dir, `backup-${l}.zip`)], code: 0 },
  { name: 'restore --merge', argv: (l) => ['restore', join(dir, `backup-${l}.zip`), '--merge'], code: 0 },
];

describe('the command line in the language of the locale', () => {
  it.each(CALLS.map((c) => [c.name, c] as const))('briefing %s', async (_name, call) => {
    const own = [dir, articleId, briefingId];
    const zh = await run('zh', ...call.argv('zh'));
    expect({ code: zh.code, stray: strayEnglish(zh.text, own) }, zh.text).toEqual({ code: call.code, stray: [] });
    expect(zh.text, 'Chinese is spoken').toMatch(/\p{Script=Han}/u);
    const en = await run('en', ...call.argv('en'));
    expect(en.code).toBe(call.code);
    // English is spoken where anything is said in words (a bare list of ids, dates and titles reads the same in both).
    if (en.text !== zh.text) expect(en.text).toMatch(/\b(?:[A-Za-z]{3,})\b/);
  });

  it('says which range a number must lie in, in both languages', async () => {
    expect((await run('en', 'search', '人工智能', '--limit', '0')).text).toBe('Error: --limit: must be from 1 to 500 (got "0").');
    expect((await run('zh', 'search', '人工智能', '--limit', '501')).text).toBe('错误：--limit 的值无效：必须在 1 到 500 之间（收到的是“501”）。');
  });

  it('keeps the diagnostics report in English and says so in Chinese', async () => {
    const zh = await run('zh', 'diagnostics');
    expect(zh.code).toBe(0);
    expect(zh.text).toContain('以下诊断报告用英文写出');
  });
});
