/**
 * Where a library lives. `--library DIR` beats `BRIEFING_DESK_LIBRARY`, which
 * beats the host's default: Electron's userData for the desktop app, the
 * platform data folder for the CLI and browser mode.
 */
import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export function platformDataDir(): string {
  const home = homedir();
  switch (process.platform) {
    case 'win32':
      return join(process.env.APPDATA || join(home, 'AppData', 'Roaming'), 'briefing-desk');
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'briefing-desk');
    default:
      return join(process.env.XDG_DATA_HOME || join(home, '.local', 'share'), 'briefing-desk');
  }
}

export function resolveLibraryDir(options: { flag?: string; hostDefault?: string } = {}): string {
  if (options.flag) return resolve(options.flag);
  const env = process.env.BRIEFING_DESK_LIBRARY;
  if (env) return resolve(env);
  return options.hostDefault ?? join(platformDataDir(), 'library');
}

/**
 * A library's key: the first 12 hex digits of the SHA-256 of its resolved
 * folder. Names what belongs to one library outside it (the app window's
 * browser profile, the library's lines in the shared log) without writing
 * its path or name there.
 */
export function libraryKey(libraryDir: string): string {
  return createHash('sha256').update(resolve(libraryDir)).digest('hex').slice(0, 12);
}
