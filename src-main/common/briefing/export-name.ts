/**
 * The file name an exported briefing carries (core's exports, the desktop
 * app's save dialog and browser mode's download all use it).
 */
import type { Briefing } from './model';

/**
 * A file name from the title and date, safe on Windows, macOS and Linux:
 * `2023-07-12 世界人工智能大会简报.pdf`.
 */
export function exportFileName(b: Pick<Briefing, 'header'>, format: string): string {
  const title = b.header.title
    .normalize('NFC')
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[. ]+$/, '')
    .slice(0, 80)
    .trim();
  return `${b.header.date} ${title || 'briefing'}.${format}`;
}

