/**
 * Search methods: full-text search over the library (title, text, metadata,
 * tags, annotation notes) and the index's state.
 */
import { z } from 'zod';
import { method } from './define';
import { IsoDate, Tag } from '../limits';
import { SEARCH_SORTS, type SearchResult } from '../search/types';
import type { SearchIndexStatusInfo } from '../search/status';

export const searchContract = {
  search: method(
    z
      .object({
        query: z.string().max(500, 'is longer than 500 characters'),
        tags: z.array(Tag).max(20).optional(),
        source: z.string().max(200).optional(),
        from: IsoDate.optional(),
        to: IsoDate.optional(),
        sort: z.enum(SEARCH_SORTS).optional(),
        limit: z
          .number('must be a whole number from 1 to 500')
          .int('must be a whole number from 1 to 500')
          .min(1, 'must be from 1 to 500')
          .max(500, 'must be from 1 to 500')
          .optional(),
        offset: z.number().int().min(0).max(100_000).optional(),
      })
      .strict()
      .refine((p) => !p.from || !p.to || p.from <= p.to, { message: 'must not be after "to"', path: ['from'] }),
  )<SearchResult>(),
  /** The index's state; with `wait: true`, once it is loaded or built (its `ready`). */
  searchStatus: method(z.object({ wait: z.literal(true).optional() }).strict())<SearchIndexStatusInfo>(),
} as const;
