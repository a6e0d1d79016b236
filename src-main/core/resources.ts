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

/**
 * What the bundled sample's text does not say about itself: it is People's
 * Daily's front-page report of 10 July 2023 (《人民日报》2023年07月10日 第01版).
 * The first-run library shows it with its source and date, as a careful
 * reader would file it, instead of "no source".
 */
export const SAMPLE_META = { source: '人民日报', published: '2023-07-10' } as const;
