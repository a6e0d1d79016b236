/**
 * Every `briefing` command refuses what it does not take — a stray extra
 * argument, a missing one, an unknown option — with exit code 2, a sentence
 * naming what was wrong, and nothing done (the library folder is not even
 * created); core's refusal of a flag's value names the flag and the values
 * it takes; and every refusal is worded in the language of the user's
 * locale (English or Chinese), while `--json` output keeps its shape.
 * Table-driven over COMMANDS: a command added without a row here fails.
 * Real temporary libraries, the CLI in-process.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMMANDS, runCli } from '../../src-main/cli/index';
import { cliLanguage, type CliLanguage } from '../../src-main/cli/cli-messages';

const SAMPLE = join(__dirname, '../../resources/rmrb-2023-waic-ai-conference.txt');
let dir: string;
let lib: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bd-cli-refusals-'));
  lib = join(dir, 'lib');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function run(language: CliLanguage, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli([...argv, '--library', lib], { out: (t) => out.push(t), err: (t) => err.push(t) }, language);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Per command: a call with one argument too many (the last one is the stray), and one with an argument missing (null: it takes none). */
const CASES: Record<string, { extra: string[]; missing: string[] | null }> = {
  import: { extra: [], missing: ['import'] }, // takes any number of paths: no extra case
  list: { extra: ['list', 'stray'], missing: null },
  show: { extra: ['show', 'a1', 'stray'], missing: ['show'] },
  delete: { extra: ['delete', 'a1', 'stray'], missing: ['delete'] },
  search: { extra: [], missing: ['search'] }, // the words of the query: any number
  highlight: { extra: ['highlight', 'a1', 'stray', '--quote', 'x'], missing: ['highlight', '--quote', 'x'] },
  annotations: { extra: ['annotations', 'a1', 'stray'], missing: ['annotations'] },
  brief: { extra: ['brief', 'list', 'stray'], missing: ['brief'] },
  export: { extra: ['export', 'b1', 'stray', '--format', 'md'], missing: ['export', '--format', 'md'] },
  'export-article': { extra: ['export-article', 'a1', 'stray'], missing: ['export-article'] },
  check: { extra: ['check', 'a.pdf', 'stray'], missing: ['check'] },
  stats: { extra: ['stats', 'stray'], missing: null },
  problems: { extra: ['problems', 'stray'], missing: null },
  diagnostics: { extra: ['diagnostics', 'stray'], missing: null },
  backup: { extra: ['backup', 'a.zip', 'stray'], missing: null },
  restore: { extra: ['restore', 'a.zip', 'stray'], missing: ['restore'] },
  serve: { extra: ['serve', 'stray'], missing: null },
};

/** Calls with a subcommand's own count of arguments. */
const MORE_EXTRA: string[][] = [
  ['brief', 'delete', 'b1', 'stray'],
  ['brief', 'create', 'stray', '--title', 'T'],
  ['annotations', 'import', 'a.json', 'stray'],
  ['annotations', 'stray', '--all'],
];

describe('every command refuses what it does not take', () => {
  it('has a row for every command', () => {
    expect(Object.keys(CASES).sort()).toEqual(COMMANDS.map((c) => c.name).sort());
  });

  const extras = [...Object.values(CASES).map((c) => c.extra), ...MORE_EXTRA].filter((argv) => argv.length > 0);
  it.each(extras.map((argv) => [argv.join(' '), argv] as const))('a stray argument: briefing %s', async (_name, argv) => {
    for (const language of ['en', 'zh'] as const) {
      const res = await run(language, ...argv);
      expect({ code: res.code, out: res.out }).toEqual({ code: 2, out: '' });
      expect(res.err).toContain(language === 'en' ? '"stray"' : '“stray”');
      expect(res.err).toMatch(language === 'en' ? /^Error: Too many arguments/ : /^错误：参数过多/);
      expect(existsSync(lib), 'nothing was done: no library made').toBe(false);
    }
  });

  const missing = Object.values(CASES).flatMap((c) => (c.missing ? [c.missing] : []));
  it.each(missing.map((argv) => [argv.join(' '), argv] as const))('a missing argument: briefing %s', async (_name, argv) => {
    const en = await run('en', ...argv);
    expect(en.code).toBe(2);
    expect(en.err).toMatch(/^Error: .*Usage: briefing /);
    const zh = await run('zh', ...argv);
    expect(zh.code).toBe(2);
    expect(zh.err).toMatch(/^错误：.*用法：briefing /);
    expect(existsSync(lib)).toBe(false);
  });

  it.each(COMMANDS.map((c) => [c.name]))('an unknown option: briefing %s --bogus', async (name) => {
    const argv = [...(CASES[name].missing ?? [name]), '--bogus'];
    const en = await run('en', ...argv);
    expect({ code: en.code, err: en.err }).toEqual({ code: 2, err: `Error: Unknown option --bogus. See \`briefing ${name} --help\`.` });
    const zh = await run('zh', ...argv);
    expect({ code: zh.code, err: zh.err }).toEqual({ code: 2, err: `错误：未知选项 --bogus。用法见 \`briefing ${name} --help\`。` });
  });

  it('refuses an unknown subcommand of brief, naming those it has', async () => {
    const res = await run('en', 'brief', 'publish');
    expect(res.code).toBe(2);
    expect(res.err).toContain('no subcommand "publish"; it takes create, list, delete');
  });
});

describe('a flag value core refuses is named by its flag, with the values it takes', () => {
  let briefingId: string;
  let articleId: string;
  beforeEach(async () => {
    const imported = await run('en', 'import', SAMPLE, '--json');
    articleId = JSON.parse(imported.out)[0].id;
    briefingId = JSON.parse((await run('en', 'brief', 'create', '--title', '测试', '--json')).out).id;
  });

  it.each([
    ['export --format rtf', () => ['export', briefingId, '--format', 'rtf', '--out', join(dir, 'x.rtf')], 'format', 'pdf, docx, md, html', 'rtf'],
    [
      'export --template fancy',
      () => ['export', briefingId, '--format', 'md', '--template', 'fancy', '--out', join(dir, 'x.md')],
      'template',
      'modern, gbt9704',
      'fancy',
    ],
    ['export-article --format docx', () => ['export-article', articleId, '--format', 'docx', '--out', join(dir, 'x.docx')], 'format', 'pdf, html', 'docx'],
    ['search --sort newest', () => ['search', '人工智能', '--sort', 'newest'], 'sort', 'relevance, date, title, added', 'newest'],
    ['annotations --format csv', () => ['annotations', articleId, '--format', 'csv'], 'format', 'json, w3c, md', 'csv'],
    ['brief create --template x', () => ['brief', 'create', '--title', 'T', '--template', 'x'], 'template', 'modern, gbt9704', 'x'],
  ])('%s', async (_name, argv, flag, choices, got) => {
    const en = await run('en', ...argv());
    expect({ code: en.code, err: en.err }).toEqual({ code: 2, err: `Error: --${flag}: expected one of ${choices} (got "${got}").` });
    const zh = await run('zh', ...argv());
    expect({ code: zh.code, err: zh.err }).toEqual({ code: 2, err: `错误：--${flag} 只能是 ${choices.split(', ').join('、')} 之一（收到的是“${got}”）。` });
  });

  it('words an unknown id in Chinese, and keeps --json output the same in both languages', async () => {
    const zh = await run('zh', 'show', 'no-such-id');
    expect({ code: zh.code, err: zh.err }).toEqual({ code: 1, err: '错误：文库中没有 id 为 no-such-id 的文章。' });
    const en = await run('en', 'show', 'no-such-id');
    expect(en.err).toBe('Error: No article with id no-such-id in this library.');
    const [listEn, listZh] = [await run('en', 'list', '--json'), await run('zh', 'list', '--json')];
    expect(listZh.out).toBe(listEn.out);
    expect(Object.keys(JSON.parse(listEn.out)[0]).sort()).toEqual(['date', 'id', 'source', 'tags', 'title']);
  });
});

describe('the language of the user’s locale', () => {
  it.each([
    [{ LANG: 'zh_CN.UTF-8' }, 'zh'],
    [{ LANG: 'zh_TW.Big5' }, 'zh'],
    [{ LANG: 'en_US.UTF-8' }, 'en'],
    [{ LANG: 'C.UTF-8' }, 'en'],
    [{ LC_ALL: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' }, 'zh'],
    [{ LC_ALL: 'en_GB.UTF-8', LANG: 'zh_CN.UTF-8' }, 'en'],
    [{ LC_MESSAGES: 'zh_CN', LANG: 'en_US' }, 'zh'],
    [{ LANGUAGE: 'zh_CN:en', LANG: 'en_US.UTF-8' }, 'zh'],
    [{ LANGUAGE: 'zh_CN:en', LANG: 'C' }, 'en'],
    [{ BRIEFING_DESK_LANG: 'en', LANG: 'zh_CN.UTF-8' }, 'en'],
    [{ BRIEFING_DESK_LANG: 'zh-CN', LANG: 'en_US.UTF-8' }, 'zh'],
    [{}, 'zh', 'zh-CN'],
    [{}, 'en', 'en-US'],
    [{ LANG: '' }, 'zh', 'zh-Hans-CN'],
  ] as const)('%o → %s', (env, expected, system?: string) => {
    expect(cliLanguage(env, system ?? 'en-US')).toBe(expected);
  });
});
