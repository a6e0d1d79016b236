/**
 * What the search index sees of an article's annotations (its `notes`
 * field) and the stamp of the file they came from, in a module of its own:
 * the annotation service and core need them on every save of a note, and
 * loading the index's code for them would load that with every library.
 */
import { statSync } from 'node:fs';
import type { Annotation } from '../../common/annotation';

/** What the index sees of an article's annotations: every note and tag, one per line. */
export function annotationNotesText(list: readonly Annotation[]): string {
  return list
    .flatMap((a) => [a.note, ...a.tags])
    .filter(Boolean)
    .join('\n');
}

/**
 * The stamp of an article folder's annotations.json: `mtimeMs:size:ino`
 * (the modification time in milliseconds, the size in bytes, the file's
 * inode number: a file replaced by a rename — every atomic writer, most
 * sync tools — is a new inode even within one tick of the file system's
 * clock), `none` when there is no such file. Synchronous: a stat costs
 * ~5 µs this way against ~25 µs through the thread pool, and the open's
 * check stats every article. Never throws (a folder that cannot be read
 * gives `?`, which matches nothing).
 */
export function annotationsStamp(articleDir: string): string {
  try {
    const st = statSync(`${articleDir}/annotations.json`, { throwIfNoEntry: false });
    return st ? `${st.mtimeMs}:${st.size}:${st.ino}` : 'none';
  } catch {
    return '?';
  }
}
