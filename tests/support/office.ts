/**
 * Test support: LibreOffice, to see a Word export as a reader of the file would (converted to PDF
 * with `soffice --headless --convert-to pdf`, then read with poppler), with the font replacements a
 * user on Linux would set.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasCommand } from './poppler';

/** The LibreOffice command on PATH, or null. */
export function soffice(): string | null {
  for (const cmd of ['soffice', 'libreoffice']) if (hasCommand(cmd)) return cmd;
  return null;
}

/**
 * LibreOffice's replacement table, as a user would set it (Tools ▸ Options ▸
 * Fonts): the Windows faces the document names, mapped to the open faces the
 * PDF templates use on Linux.
 */
const REPLACEMENTS: [string, string][] = [
  ['仿宋', 'AR PL SungtiL GB'],
  ['楷体', 'AR PL UMing CN'],
  ['黑体', 'WenQuanYi Micro Hei'],
  ['宋体', 'AR PL SungtiL GB'],
  ['SimSun', 'AR PL SungtiL GB'],
  ['方正小标宋简体', 'Noto Serif CJK SC'],
  ['微软雅黑', 'WenQuanYi Micro Hei'],
];

/** A LibreOffice user profile in `dir` with `REPLACEMENTS` set; returns its URL for `-env:UserInstallation`. */
export function officeProfile(dir: string): string {
  const user = join(dir, 'profile', 'user');
  mkdirSync(user, { recursive: true });
  const pair = ([from, to]: [string, string], i: number) =>
    `<item oor:path="/org.openoffice.Office.Common/Font/Substitution/FontPairs"><node oor:name="_${i}" oor:op="replace">` +
    `<prop oor:name="Always" oor:op="fuse"><value>true</value></prop><prop oor:name="OnScreenOnly" oor:op="fuse"><value>false</value></prop>` +
    `<prop oor:name="ReplaceFont" oor:op="fuse"><value>${from}</value></prop><prop oor:name="SubstituteFont" oor:op="fuse"><value>${to}</value></prop></node></item>`;
  writeFileSync(
    join(user, 'registrymodifications.xcu'),
    '<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n' +
      '<item oor:path="/org.openoffice.Office.Common/Font/Substitution"><prop oor:name="Replacement" oor:op="fuse"><value>true</value></prop></item>\n' +
      REPLACEMENTS.map(pair).join('\n') +
      '\n</oor:items>\n',
  );
  return 'file://' + join(dir, 'profile');
}

/** Converts Word files to PDF beside them (`<name>.pdf` in `outDir`) in one LibreOffice run, with a fresh profile in `profileDir`. */
export function officeToPdf(files: string[], outDir: string, profileDir: string): void {
  const office = soffice();
  if (!office) throw new Error('LibreOffice is not installed');
  execFileSync(
    office,
    ['--headless', '--norestore', `-env:UserInstallation=${officeProfile(profileDir)}`, '--convert-to', 'pdf', '--outdir', outDir, ...files],
    {
      stdio: 'ignore',
      timeout: 240_000,
    },
  );
}
