/**
 * Which CJK faces the PDF printer will find on this machine. Windows and macOS
 * always ship Chinese fonts; a Linux machine may have none, and then Chromium
 * prints empty boxes — so before printing Chinese text on Linux we ask
 * fontconfig (`fc-list :lang=zh`) and stop with the packages to install.
 *
 * The open-licensed faces the templates fall back to (all TrueType, which
 * Chromium embeds as named CID fonts; Debian package in brackets):
 *   仿宋 body   → AR PL SungtiL GB (fonts-arphic-gbsn00lp), AR PL UMing CN (fonts-arphic-uming)
 *   楷体        → LXGW WenKai Mono, then LXGW WenKai (fonts-lxgw-wenkai). The Mono
 *                 face has the same Chinese glyphs (only its Latin is
 *                 monospaced, and the templates set Latin in their own Latin
 *                 face first); Chromium's PDF writer subsets it, while it
 *                 embeds the proportional face whole (15.7 MB, seconds of
 *                 printing) once a document uses about a thousand of its
 *                 characters (font-embedding.test.ts).
 *   黑体        → WenQuanYi Micro Hei (fonts-wqy-microhei)
 *   小标宋 title → Noto Serif CJK SC Bold (fonts-noto-cjk; CFF, so printed as Type 3)
 * No open-licensed simplified-Chinese FangSong face is packaged for Debian or
 * npm, so the body uses the lightest Song face as the nearest substitute.
 */
import { execFile } from 'node:child_process';
import { BdError } from '../../common/errors';

export const LINUX_FONT_PACKAGES = ['fonts-arphic-gbsn00lp', 'fonts-arphic-uming', 'fonts-lxgw-wenkai', 'fonts-wqy-microhei', 'fonts-noto-cjk'];

/** Families the templates name for each role, best first (system faces, then open ones). */
export const FONT_ROLES = {
  fangsong: ['仿宋_GB2312', 'FangSong_GB2312', 'FangSong', '仿宋', 'STFangsong', 'AR PL SungtiL GB', 'AR PL UMing CN', 'Noto Serif CJK SC'],
  kaiti: ['楷体_GB2312', 'KaiTi_GB2312', 'KaiTi', '楷体', 'STKaiti', 'Kaiti SC', 'LXGW WenKai Mono', 'LXGW WenKai', 'AR PL KaitiM GB', 'Noto Serif CJK SC'],
  heiti: ['SimHei', '黑体', 'STHeiti', 'Heiti SC', 'WenQuanYi Micro Hei', 'Noto Sans CJK SC'],
  title: ['方正小标宋简体', 'FZXiaoBiaoSong-B05S', 'STZhongsong', 'Source Han Serif SC', 'Noto Serif CJK SC', 'Songti SC', 'SimSun'],
  sans: ['Microsoft YaHei', 'PingFang SC', 'Hiragino Sans GB', 'Source Han Sans SC', 'WenQuanYi Micro Hei', 'Noto Sans CJK SC'],
} as const;

export type FontRole = keyof typeof FONT_ROLES;

let cache: Promise<string[] | null> | undefined;

/** Chinese-capable font families fontconfig knows, or null where fontconfig is absent (Windows, macOS). */
export function chineseFontFamilies(): Promise<string[] | null> {
  if (process.platform !== 'linux') return Promise.resolve(null);
  cache ??= new Promise((resolve) => {
    execFile('fc-list', [':lang=zh', 'family'], { timeout: 10_000 }, (err, stdout) => {
      if (err) return resolve(null);
      const families = new Set<string>();
      for (const line of stdout.split('\n')) for (const name of line.split(',')) if (name.trim()) families.add(name.trim());
      resolve([...families].sort());
    });
  });
  return cache;
}

/** The face each role resolves to here (first installed family of its list), or null when fontconfig cannot tell. */
export async function resolvedFonts(): Promise<Record<FontRole, string | undefined> | null> {
  const families = await chineseFontFamilies();
  if (!families) return null;
  const have = new Set(families);
  const out = {} as Record<FontRole, string | undefined>;
  for (const role of Object.keys(FONT_ROLES) as FontRole[]) out[role] = FONT_ROLES[role].find((f) => have.has(f));
  return out;
}

/**
 * Throws a BdError naming the packages to install when the text has Chinese
 * characters and this Linux machine has no Chinese font at all.
 */
export async function assertChineseFonts(text: string): Promise<void> {
  if (!/[\u3400-\u9fff]/.test(text)) return;
  const families = await chineseFontFamilies();
  if (families === null || families.length > 0) return;
  throw new BdError(
    'unavailable',
    `This computer has no Chinese fonts, so the PDF would print empty boxes. Install them (Debian/Ubuntu: sudo apt-get install ${LINUX_FONT_PACKAGES.join(' ')}) and export again.`,
    { detail: { packages: LINUX_FONT_PACKAGES }, key: 'export.noChineseFonts', params: { packages: LINUX_FONT_PACKAGES.join(' ') } },
  );
}
