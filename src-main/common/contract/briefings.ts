/**
 * Briefing methods: the list, one briefing as a document, composing from
 * highlights, and export to PDF / DOCX / Markdown / HTML.
 */
import { z } from 'zod';
import { method } from './define';
import { Id } from './library';
import { briefingSchema, TEMPLATES, type Briefing } from '../briefing/model';

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

const IssueNumber = z.union([z.number().int().min(0).max(100000), z.string().trim().min(1).max(40)]);

export const briefingContract = {
  listBriefings: method(z.object({}).strict())<BriefingEntry[]>(),
  getBriefing: method(z.object({ id: Id }).strict())<Briefing>(),
  /**
   * A new briefing; with `nextOf` (a briefing id) or `series` (a 刊名) the next
   * issue of that series: masthead, organisation, distribution and print
   * settings carried over, 期号 advanced (from 1 again in a new year when the
   * series numbers yearly). `title` may then be left out.
   */
  createBriefing: method(
    z
      .object({
        title: z.string().trim().min(1, 'must not be empty').max(300).optional(),
        nextOf: Id.optional(),
        series: z.string().trim().min(1, 'must not be empty').max(60).optional(),
        organisation: z.string().max(200).optional(),
        issueNumber: IssueNumber.optional(),
        date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD').optional(),
        template: z.enum(TEMPLATES).optional(),
        /** One section per article with every highlight of that article, in text order. */
        articleIds: z.array(Id).max(500).optional(),
      })
      .strict(),
  )<Briefing>(),
  /** Saves the whole document (the composer edits locally and saves). */
  saveBriefing: method(z.object({ briefing: briefingSchema }).strict())<Briefing>(),
  duplicateBriefing: method(z.object({ id: Id }).strict())<Briefing>(),
  deleteBriefing: method(z.object({ id: Id }).strict())<{ id: string; title: string }>(),
  addHighlightsToBriefing: method(
    z
      .object({
        briefingId: Id,
        sectionId: Id.optional(),
        sectionHeading: z.string().max(300).optional(),
        highlights: z.array(z.object({ articleId: Id, annotationId: Id }).strict()).min(1, 'must name at least one highlight').max(2000),
        /** `skip`: highlights the briefing already holds are left out (default `add`: added again). */
        duplicates: z.enum(['add', 'skip']).optional(),
      })
      .strict(),
  )<Briefing>(),
  /**
   * The briefings citing any of these articles, newest first: which of the
   * articles each cites and which of their highlights it holds.
   */
  citingBriefings: method(z.object({ articleIds: z.array(Id).min(1, 'must name at least one article').max(100_000) }).strict())<{
    briefings: { id: string; title: string; articleIds: string[]; annotationIds: string[] }[];
  }>(),
  /** Pulls the current quote and note of every linked highlight into the briefing. */
  refreshBriefingHighlights: method(z.object({ id: Id }).strict())<{ briefing: Briefing; updated: number; missing: number }>(),
  /** HTML of the print layout, for the live preview (rendered script-free in a sandboxed frame). */
  previewBriefing: method(
    z
      .object({
        id: Id,
        template: z.enum(TEMPLATES).optional(),
        /** `standalone`: pages on a desk, as on screen; `print` (default): exactly what is printed. */
        purpose: z.enum(['print', 'standalone']).optional(),
      })
      .strict(),
  )<{ html: string }>(),
  exportBriefing: method(
    z.object({ id: Id, format: z.enum(EXPORT_FORMATS), template: z.enum(TEMPLATES).optional() }).strict(),
  )<ExportedFile>(),
} as const;

