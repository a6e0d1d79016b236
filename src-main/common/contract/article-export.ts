/**
 * Exporting one article for print: PDF through the same print engine as
 * briefings, or a self-contained HTML document (core/export/article-export.ts).
 */
import { z } from 'zod';
import { method } from './define';
import { Id } from '../limits';
import type { ExportedFile, ExportedToFile } from './briefings';
import { Operation } from './library';

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
  /**
   * The same export written straight into a file on this computer (the
   * desktop app after its save dialog, the CLI's `--out`): temp file beside it
   * and rename; a target inside a library folder is refused before the
   * export is made. Progress goes out as `exportProgress` events under
   * `operation`. Browser mode refuses it (it downloads `exportArticle`'s bytes).
   */
  exportArticleToFile: method(
    z
      .object({
        id: Id,
        format: z.enum(ARTICLE_EXPORT_FORMATS).default('pdf'),
        annotations: z.enum(PRINT_ANNOTATIONS).default('highlights'),
        path: z.string().min(1, 'must name the file').max(4096),
        operation: Operation.optional(),
      })
      .strict(),
  )<ExportedToFile>(),
} as const;
