/**
 * Briefing methods: the list, one briefing as a document, composing from
 * highlights, and export to PDF / DOCX / Markdown / HTML.
 */
import { z } from 'zod';
import { method } from './define';
import { Operation } from './library';
import { briefingSchema, IssueNumber, TEMPLATES, type Briefing } from '../briefing/model';
import { Id, IsoDate, Line, MAX_HEADING_CHARS, MAX_ITEMS_PER_SECTION, MAX_NAME_CHARS, MAX_SECTIONS } from '../limits';

export interface BriefingEntry {
  id: string;
  title: string;
  modified: string;
  /** YYYY-MM-DD of the issue. */
  date?: string;
  issueNumber?: number | string;
  /** The series the briefing belongs to, and its 刊名. */
  seriesId?: string;
  seriesName?: string;
}

export const EXPORT_FORMATS = ['pdf', 'docx', 'md', 'html'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportedFile {
  fileName: string;
  mime: string;
  dataBase64: string;
  pages?: number;
}

/** Where an export was written and how large it is (bytes). */
export interface ExportedToFile {
  path: string;
  fileName: string;
  mime: string;
  bytes: number;
}

export const briefingContract = {
  listBriefings: method(z.object({}).strict())<BriefingEntry[]>(),
  /** `display: true` when the app is about to show it (see `markOpening`). */
  getBriefing: method(z.object({ id: Id, display: z.literal(true).optional() }).strict())<Briefing>(),
  /**
   * A new briefing; with `nextOf` (a briefing id) or `series` (a 刊名) the next
   * issue of that series: masthead, organisation, distribution and print
   * settings carried over, 期号 advanced (from 1 again in a new year when the
   * series numbers yearly). `title` may then be left out.
   */
  createBriefing: method(
    z
      .object({
        title: Line(MAX_HEADING_CHARS).trim().min(1, 'must not be empty').optional(),
        nextOf: Id.optional(),
        series: Line(60).trim().min(1, 'must not be empty').optional(),
        organisation: Line(MAX_NAME_CHARS).optional(),
        issueNumber: IssueNumber.optional(),
        date: IsoDate.optional(),
        template: z.enum(TEMPLATES).optional(),
        /** One section per article with every highlight of that article, in text order. */
        articleIds: z.array(Id).max(MAX_SECTIONS).optional(),
      })
      .strict()
      .refine((p) => p.series === undefined || p.nextOf === undefined, { message: 'give either series or nextOf, not both', path: ['series'] }),
    { changes: ['briefings'] },
  )<Briefing>(),
  /** Saves the whole document (the composer edits locally and saves). */
  saveBriefing: method(z.object({ briefing: briefingSchema }).strict(), { changes: ['briefings'] })<Briefing>(),
  duplicateBriefing: method(z.object({ id: Id }).strict(), { changes: ['briefings'] })<Briefing>(),
  deleteBriefing: method(z.object({ id: Id }).strict(), { changes: ['briefings'] })<{ id: string; title: string }>(),
  addHighlightsToBriefing: method(
    z
      .object({
        briefingId: Id,
        sectionId: Id.optional(),
        sectionHeading: Line(MAX_HEADING_CHARS).optional(),
        highlights: z
          .array(z.object({ articleId: Id, annotationId: Id }).strict())
          .min(1, 'must name at least one highlight')
          .max(MAX_ITEMS_PER_SECTION),
        /** `skip`: highlights the briefing already holds are left out (default `add`: added again). */
        duplicates: z.enum(['add', 'skip']).optional(),
      })
      .strict(),
    { changes: ['briefings'] },
  )<Briefing>(),
  /**
   * The briefings citing any of these articles, newest first: which of the
   * articles each cites and which of their highlights it holds.
   */
  citingBriefings: method(z.object({ articleIds: z.array(Id).min(1, 'must name at least one article').max(100_000) }).strict())<{
    briefings: { id: string; title: string; articleIds: string[]; annotationIds: string[] }[];
  }>(),
  /** Pulls the current quote and note of every linked highlight into the briefing. */
  refreshBriefingHighlights: method(z.object({ id: Id }).strict(), { changes: ['briefings'] })<{ briefing: Briefing; updated: number; missing: number }>(),
  /**
   * The highlight items (ids, in briefing order) whose quote no longer is
   * their highlight's text (`changed`: the article was corrected under it, or
   * the highlight moved), whose highlight is gone (`missing`), or whose
   * highlight's passage is no longer in the article (`orphaned`). Writes nothing.
   */
  briefingHighlightChanges: method(z.object({ id: Id }).strict())<{ changed: string[]; missing: string[]; orphaned: string[] }>(),
  /** HTML of the print layout, for the live preview (rendered script-free in a sandboxed frame). */
  previewBriefing: method(
    z
      .object({
        id: Id,
        template: z.enum(TEMPLATES).optional(),
        /**
         * `standalone`: the HTML export, one long sheet on a desk; `pages`: the printed pages on a
         * desk, broken where the PDF breaks them (the composer's preview); `print` (default):
         * exactly what is printed.
         */
        purpose: z.enum(['print', 'standalone', 'pages']).optional(),
      })
      .strict(),
  )<{ html: string }>(),
  /** The export's bytes, for browser mode's download; progress in `exportProgress` events tagged with `operation`. */
  exportBriefing: method(
    z.object({ id: Id, format: z.enum(EXPORT_FORMATS), template: z.enum(TEMPLATES).optional(), operation: Operation.optional() }).strict(),
  )<ExportedFile>(),
  /**
   * Exports straight into a file on this computer (the desktop app after its
   * save dialog, the CLI): written to a temp file beside it and renamed, so
   * an interrupted export never damages an earlier file of that name.
   * Browser mode refuses it (it downloads `exportBriefing`'s bytes instead).
   */
  exportBriefingToFile: method(
    z
      .object({
        id: Id,
        format: z.enum(EXPORT_FORMATS),
        template: z.enum(TEMPLATES).optional(),
        path: z.string().min(1, 'must name the file').max(4096),
        operation: Operation.optional(),
      })
      .strict(),
  )<ExportedToFile>(),
} as const;
