/**
 * Exporting one article for print: PDF through the same print engine as
 * briefings, or a self-contained HTML document (core/export/article-export.ts).
 */
import { z } from 'zod';
import { method } from './define';
import { Id } from '../limits';
import type { ExportedFile } from './briefings';

export const ARTICLE_EXPORT_FORMATS = ['pdf', 'html'] as const;
/** What the print carries besides the text: nothing, the highlights, or the highlights and their notes. */
export const PRINT_ANNOTATIONS = ['none', 'highlights', 'notes'] as const;

export const articleExportContract = {
  /** The article as PDF or HTML (default: PDF with its highlights). */
  exportArticle: method(
    z
      .object({
        id: Id,
        format: z.enum(ARTICLE_EXPORT_FORMATS).default('pdf'),
        annotations: z.enum(PRINT_ANNOTATIONS).default('highlights'),
      })
      .strict(),
  )<ExportedFile>(),
} as const;
