/**
 * Numbered migrations for every file kind of the library. `steps[n]` turns a
 * file of schemaVersion n into n + 1; a file newer than this build knows is
 * refused rather than rewritten, so an older app never damages newer data.
 */
import { BdError } from '../../common/errors';

export type Migration = (data: Record<string, unknown>) => Record<string, unknown>;

export interface FileSchema {
  kind: string;
  current: number;
  steps: Record<number, Migration>;
}

export interface Migrated<T> {
  data: T;
  from: number;
  migrated: boolean;
}

export function migrate<T>(schema: FileSchema, raw: Record<string, unknown>, where: string): Migrated<T> {
  const from = typeof raw.schemaVersion === 'number' ? raw.schemaVersion : 1;
  if (from > schema.current) {
    throw new BdError(
      'refused',
      `${where} was written by a newer Briefing Desk (${schema.kind} schemaVersion ${from}, this version reads up to ${schema.current}). Update Briefing Desk to open it.`,
    );
  }
  let data = raw;
  for (let v = from; v < schema.current; v++) {
    const step = schema.steps[v];
    if (!step) throw new Error(`No migration for ${schema.kind} from schemaVersion ${v}`);
    data = { ...step(data), schemaVersion: v + 1 };
  }
  return { data: data as T, from, migrated: from !== schema.current };
}

/**
 * catalog.json
 *  v1: `articles` was an array of entries and there were no tag or briefing lists.
 *  v2: `articles` is keyed by id (O(1) lookups at 10,000+ articles), plus `tags` and `briefings`.
 */
export const catalogSchema: FileSchema = {
  kind: 'catalog',
  current: 2,
  steps: {
    1: (v1) => {
      const list = Array.isArray(v1.articles) ? (v1.articles as Array<Record<string, unknown>>) : [];
      const articles: Record<string, unknown> = {};
      const tags = new Set<string>();
      for (const entry of list) {
        if (typeof entry?.id !== 'string') continue;
        const entryTags = Array.isArray(entry.tags) ? (entry.tags as string[]) : [];
        entryTags.forEach((t) => tags.add(t));
        articles[entry.id] = { ...entry, tags: entryTags };
      }
      return { articles, tags: [...tags].sort(), briefings: {}, settings: v1.settings ?? {} };
    },
  },
};

/** articles/<id>/article.json */
export const articleSchema: FileSchema = { kind: 'article', current: 1, steps: {} };
