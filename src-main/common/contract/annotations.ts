/**
 * Annotation methods: highlights with colour, note and tags; orphans and
 * re-attaching; editing article text with re-anchoring; W3C/Markdown
 * interchange; colour labels.
 */
import { z } from 'zod';
import { method } from './define';
import { COLOR_KEYS, type ColorKey } from '../model';
import { Id, Line, MAX_ARTICLE_CHARS, MAX_HIGHLIGHT_CHARS, Note, Tags } from '../limits';
import { annotationSchema, type Annotation } from '../annotation';
import type { Article } from '../model';

export const ColorKeySchema = z.enum(COLOR_KEYS);
const Offset = z.number().int('must be a whole number').nonnegative('must not be negative');

export interface ReanchorReport {
  total: number;
  moved: number;
  orphaned: number;
}

export interface AnnotationExport {
  fileName: string;
  mime: string;
  content: string;
}

export interface AnnotationImportReport {
  imported: number;
  placed: number;
  orphaned: number;
  /** Sources that name no article in this library. */
  skipped: number;
}

export type ColorLabels = Record<ColorKey, string>;

const Range = z
  .object({ start: Offset, end: Offset })
  .refine((r) => r.end > r.start, { message: 'end must be greater than start', path: ['end'] });

export const annotationContract = {
  listAnnotations: method(z.object({ articleId: Id }).strict())<Annotation[]>(),
  createAnnotation: method(
    z
      .object({
        articleId: Id,
        start: Offset,
        end: Offset,
        color: ColorKeySchema.default('key'),
        note: Note.optional(),
        tags: Tags.optional(),
      })
      .strict()
      .refine((r) => r.end > r.start, { message: 'end must be greater than start', path: ['end'] })
      .refine((r) => r.end - r.start <= MAX_HIGHLIGHT_CHARS, {
        message: `a highlight can be at most ${MAX_HIGHLIGHT_CHARS.toLocaleString('en')} characters long`,
        path: ['end'],
      }),
  )<Annotation>(),
  updateAnnotation: method(
    z.object({ articleId: Id, id: Id, color: ColorKeySchema.optional(), note: Note.optional(), tags: Tags.optional() }).strict(),
  )<Annotation>(),
  deleteAnnotation: method(z.object({ articleId: Id, id: Id }).strict())<Annotation>(),
  /** Undo of a delete: puts the annotation back as it was. */
  restoreAnnotation: method(z.object({ annotation: annotationSchema }).strict())<Annotation>(),
  reattachAnnotation: method(
    z
      .object({ articleId: Id, id: Id, start: Offset, end: Offset })
      .strict()
      .refine((r) => r.end > r.start, { message: 'end must be greater than start', path: ['end'] })
      .refine((r) => r.end - r.start <= MAX_HIGHLIGHT_CHARS, {
        message: `a highlight can be at most ${MAX_HIGHLIGHT_CHARS.toLocaleString('en')} characters long`,
        path: ['end'],
      }),
  )<Annotation>(),
  /** Replaces `text.slice(start, end)` with `text` (a typo or OCR fix) and re-anchors every annotation. */
  editArticleText: method(
    z.object({ id: Id, start: Offset, end: Offset, text: z.string().max(MAX_ARTICLE_CHARS) }).strict(),
  )<{ article: Article; report: ReanchorReport }>(),
  /** Imports a revised version of a file over an existing article and re-anchors its annotations. */
  reviseArticle: method(
    z.object({ id: Id, name: z.string().min(1).max(1000), dataBase64: z.string().max(80 * 1024 * 1024) }).strict(),
  )<{ article: Article; report: ReanchorReport }>(),
  exportAnnotations: method(
    z
      .object({
        articleId: Id.optional(),
        all: z.boolean().optional(),
        format: z.enum(['json', 'w3c', 'md']),
      })
      .strict()
      .refine((p) => !!p.articleId !== !!p.all, { message: 'give either articleId or all: true', path: ['articleId'] }),
  )<AnnotationExport>(),
  importAnnotations: method(z.object({ content: z.string().min(1, 'is empty').max(50 * 1024 * 1024) }).strict())<AnnotationImportReport>(),
  getColorLabels: method(z.object({}).strict())<ColorLabels>(),
  setColorLabels: method(
    z.object({ labels: z.partialRecord(ColorKeySchema, Line(20).trim().min(1, 'must not be empty')) }).strict(),
  )<ColorLabels>(),
} as const;

export { Range as RangeSchema };
