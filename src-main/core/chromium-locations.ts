/**
 * Where Chromium-based browsers (Chromium, Google Chrome, Microsoft Edge,
 * Brave) are usually installed, per operating system: the one list that PDF
 * export (core/export/pdf.ts) and browser mode's app window
 * (server/app-window.ts) search. `CHROMIUM_PATH` overrides it in both.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Usual executable paths for `platform`, most preferred first: Chromium's own
 * build and Chrome before Edge on Linux and macOS (where they are the common
 * ones), Chrome then Edge on Windows (Edge ships with Windows 10/11, so a
 * Windows PC always has one). Per-user installs (`%LOCALAPPDATA%`) count on Windows.
 */
export function chromiumCandidates(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string[] {
  switch (platform) {
    case 'darwin': {
      const apps = [
        ['Chromium.app', 'Chromium'],
        ['Google Chrome.app', 'Google Chrome'],
        ['Microsoft Edge.app', 'Microsoft Edge'],
        ['Brave Browser.app', 'Brave Browser'],
      ];
      const roots = ['/Applications', ...(env.HOME ? [join(env.HOME, 'Applications')] : [])];
      return roots.flatMap((root) => apps.map(([app, exe]) => `${root}/${app}/Contents/MacOS/${exe}`));
    }
    case 'win32': {
      const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter((r): r is string => Boolean(r));
      const rel = [
        ['Google', 'Chrome', 'Application', 'chrome.exe'],
        ['Microsoft', 'Edge', 'Application', 'msedge.exe'],
        ['Chromium', 'Application', 'chrome.exe'],
        ['BraveSoftware', 'Brave-Browser', 'Application', 'brave.exe'],
      ];
      return rel.flatMap((parts) => roots.map((root) => join(root, ...parts)));
    }
    default:
      return [
        '/usr/bin/chromium',
        '/usr/bin/chromium-browser',
        '/usr/bin/google-chrome',
        '/usr/bin/google-chrome-stable',
        '/usr/bin/microsoft-edge',
        '/usr/bin/microsoft-edge-stable',
        '/usr/bin/brave-browser',
        '/snap/bin/chromium',
        '/usr/lib/chromium/chromium',
        '/opt/google/chrome/chrome',
        '/opt/microsoft/msedge/msedge',
        '/var/lib/flatpak/exports/bin/org.chromium.Chromium',
      ];
  }
}

/**
 * The browser to use: `CHROMIUM_PATH` when set and present; otherwise the
 * first usual location that exists; null when there is none (or when
 * `CHROMIUM_PATH` names a missing file — callers say so).
 */
export function locateChromium(
  env: NodeJS.ProcessEnv = process.env,
  exists: (p: string) => boolean = existsSync,
  platform: NodeJS.Platform = process.platform,
): string | null {
  const fromEnv = env.CHROMIUM_PATH?.trim();
  if (fromEnv) return exists(fromEnv) ? fromEnv : null;
  return chromiumCandidates(platform, env).find((p) => exists(p)) ?? null;
}
