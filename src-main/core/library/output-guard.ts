/**
 * Where a file the user asked for (an export, a save dialog's choice, an
 * annotation file) may be written: anywhere except inside a library folder,
 * where it could replace the library's own files (an article's text, its
 * highlights, the catalog) — a write there would succeed and destroy data the
 * app then quarantines, leaving no copy.
 *
 * A folder is a library folder when it is the library the process has open,
 * or when it holds `library.lock`, or `catalog.json` beside an `articles/`
 * folder (a closed library). A target is refused when any folder on its path
 * is one. The check is made on the real path: symbolic links (of the target
 * itself and of every folder above it) are resolved, folders that do not
 * exist yet are judged by their nearest existing parent, and on file systems
 * that ignore case (Windows, macOS) the markers are found whatever the case
 * of the path, and the open library is compared without regard to case.
 */
import { promises as fs } from 'node:fs';
import { basename, dirname, join, parse, resolve, sep } from 'node:path';
import { bilingualError } from '../../common/errors';

/** True when `dir` holds a library (`library.lock`, or `catalog.json` beside `articles/`). */
async function isLibraryFolder(dir: string): Promise<boolean> {
  const exists = (name: string) =>
    fs.lstat(join(dir, name)).then(
      (s) => s,
      // Absent or unreadable: not a marker of this folder.
      () => null,
    );
  if (await exists('library.lock')) return true;
  const [catalog, articles] = await Promise.all([exists('catalog.json'), exists('articles')]);
  return catalog !== null && articles !== null && articles.isDirectory();
}

/** The real path of `path`: symbolic links resolved as far as the path exists, the rest appended. */
async function realPathOf(path: string): Promise<string> {
  const rest: string[] = [];
  let here = resolve(path);
  for (;;) {
    try {
      const real = await fs.realpath(here);
      return rest.length ? join(real, ...rest.reverse()) : real;
    } catch {
      // Not there (yet): judge by the nearest parent that exists.
      const up = dirname(here);
      if (up === here) return resolve(path);
      rest.push(basename(here));
      here = up;
    }
  }
}

const caseInsensitive = process.platform === 'win32' || process.platform === 'darwin';

/** True when `inner` is `outer` or inside it. */
function isInside(inner: string, outer: string): boolean {
  const a = caseInsensitive ? inner.toLowerCase() : inner;
  const b = caseInsensitive ? outer.toLowerCase() : outer;
  const prefix = b.endsWith(sep) ? b : b + sep;
  return a === b || a.startsWith(prefix);
}

/** The library folder `path` (already real) lies in, if any: the nearest folder up its path that holds a library. */
async function enclosingLibrary(path: string): Promise<string | null> {
  const root = parse(path).root;
  let here = path;
  for (;;) {
    if (await isLibraryFolder(here)) return here;
    if (here === root) return null;
    here = dirname(here);
  }
}

/**
 * Refuses (BdError `refused`, English and Chinese, `detail.library`) a
 * target inside a library folder: the open library `openLibrary` or any
 * other. `target` may be relative (to the working folder) and need not
 * exist. Resolves when the path may be written.
 */
export async function assertOutsideLibrary(target: string, openLibrary?: string): Promise<void> {
  const abs = resolve(target);
  // The target itself may be a link into a library: judge where it points too.
  const candidates = [await realPathOf(dirname(abs)).then((d) => join(d, basename(abs))), await realPathOf(abs)];
  const open = openLibrary ? [resolve(openLibrary), await realPathOf(openLibrary)] : [];
  for (const path of candidates) {
    let library: string | null = open.find((lib) => isInside(path, lib)) ?? null;
    library ??= await enclosingLibrary(dirname(path));
    if (library !== null) {
      throw bilingualError(
        'refused',
        `${target} is inside the library folder ${library}, where Briefing Desk keeps its own files; writing there could replace an article, its highlights or the catalog. Nothing was written — choose a file outside the library folder.`,
        `${target} 位于资料库文件夹 ${library} 之内，那里存放简报台自己的文件；写入可能覆盖文章、标注或目录。未写入任何内容——请选择资料库文件夹以外的位置。`,
        { field: 'out', detail: { library, path: target } },
      );
    }
  }
}

/**
 * Refuses, before anything is made, a target the write could not create:
 * its folder does not exist (BdError `not-found`; with `createFolders`, a
 * writer that makes the missing folders, as a backup does, is let through
 * unless the nearest existing one is a file) or is not a folder, or the
 * target is itself a folder (BdError `refused`). Each error is in
 * English and Chinese (`detail.messageZh`), names the path as the user gave
 * it (`field: 'out'`), and never the temporary file the write would use.
 * Resolves when the folder exists; the write itself may still fail (no
 * permission, disk full), with the system's message.
 */
export async function assertWritableTarget(target: string, options: { createFolders?: boolean } = {}): Promise<void> {
  const abs = resolve(target);
  let folder = dirname(abs);
  let folderStat = await fs.stat(folder).catch(() => null);
  // A writer that makes missing folders: judge the nearest folder that exists.
  while (folderStat === null && options.createFolders && dirname(folder) !== folder) {
    folder = dirname(folder);
    folderStat = await fs.stat(folder).catch(() => null);
  }
  if (folderStat === null) {
    throw bilingualError(
      'not-found',
      `The folder ${folder} does not exist. Nothing was written — create the folder or choose another place for ${basename(abs)}.`,
      `文件夹 ${folder} 不存在。未写入任何内容——请先创建该文件夹，或为 ${basename(abs)} 另选位置。`,
      { field: 'out', detail: { path: target, folder } },
    );
  }
  if (!folderStat.isDirectory()) {
    throw bilingualError(
      'refused',
      `${folder} is a file, not a folder, so ${basename(abs)} cannot be written inside it. Nothing was written.`,
      `${folder} 是文件而不是文件夹，无法在其中写入 ${basename(abs)}。未写入任何内容。`,
      { field: 'out', detail: { path: target, folder } },
    );
  }
  const targetStat = await fs.stat(abs).catch(() => null);
  if (targetStat?.isDirectory()) {
    throw bilingualError(
      'refused',
      `${target} is a folder. Nothing was written — give the name of a file to write (inside that folder or elsewhere).`,
      `${target} 是文件夹。未写入任何内容——请给出要写入的文件名（可以在该文件夹之内或别处）。`,
      { field: 'out', detail: { path: target } },
    );
  }
}
