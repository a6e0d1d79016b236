/**
 * The file names exports carry (core's exports, the desktop app's save
 * dialog and browser mode's download all use them).
 */
import type { Briefing } from './model';
import type { ArticleMeta } from '../model';

/**
 * A title made safe as a file name on Windows, macOS and Linux: NFC, no
 * reserved characters (`\\ / : * ? " < > |`) or control characters, spaces
 * collapsed, no trailing dots or spaces, at most 80 UTF-16 units. May be
 * empty (the caller supplies a fallback).
 */
export function fileNameStem(title: string): string {
  return title
    .normalize('NFC')
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[. ]+$/, '')
    .slice(0, 80)
    .trim();
}

/**
 * A file name from the title and date, safe on Windows, macOS and Linux:
 * `2023-07-12 世界人工智能大会简报.pdf`.
 */
export function exportFileName(b: Pick<Briefing, 'header'>, format: string): string {
  return `${b.header.date} ${fileNameStem(b.header.title) || 'briefing'}.${format}`;
}

/**
 * The file name of an exported article, from its date and title, safe on
 * Windows, macOS and Linux: `2023-07-10 推动32个重大产业项目签约.pdf`.
 */
export function articleFileName(article: { meta: Pick<ArticleMeta, 'title' | 'published'> }, format: string): string {
  const title = fileNameStem(article.meta.title);
  const date = article.meta.published ? `${article.meta.published} ` : '';
  return `${date}${title || 'article'}.${format}`;
}

/** The file an export of highlights (the notebook) gets: `<title>.md`, `.docx` or `.jsonld`, the title made safe for any file system. */
export function highlightsFileName(title: string, format: 'md' | 'docx' | 'w3c'): string {
  return `${fileNameStem(title) || 'notes'}.${format === 'w3c' ? 'jsonld' : format}`;
}
