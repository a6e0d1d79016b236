/**
 * Locates the app's bundled resources (sample article, templates, fonts) from
 * source, from the build in out/, or from a packaged app that passes its own path.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let override: string | undefined;

export function setResourcesDir(dir: string): void {
  override = dir;
}

export function resourcesDir(): string {
  if (override) return override;
  if (process.env.BRIEFING_DESK_RESOURCES) return process.env.BRIEFING_DESK_RESOURCES;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'resources', 'rmrb-2023-waic-ai-conference.txt'))) return join(dir, 'resources');
    dir = dirname(dir);
  }
  throw new Error('Briefing Desk resources folder not found; set BRIEFING_DESK_RESOURCES.');
}

export const SAMPLE_ARTICLE = 'rmrb-2023-waic-ai-conference.txt';
