/**
 * Series of briefings (刊): 《产业动态》 2023年第15期, 第16期, … An issue
 * belongs to a series through `header.series.id`; the series' name (刊名),
 * organisation (编印单位) and distribution (报/送/发) are read from its latest
 * issue, so the next issue starts from what the office last sent and an edit
 * in one issue never rewrites the others.
 *
 * Numbering (期号) follows the series' `numbering`: `yearly` (the default, as
 * 简报 are numbered "2024年第3期") restarts at 1 with the first issue dated in a
 * new calendar year; `continuous` counts on.
 */
import { BRIEFING_SCHEMA_VERSION, randomId, type Briefing, type IdFactory, type Numbering } from './model';

/**
 * The number in an issue number as people write it: 12, "12", "第12期",
 * "2023年第3期" (→ 3), "No. 7"; undefined when there is none to count on.
 */
export function issueNumberValue(issue: number | string | undefined): number | undefined {
  if (typeof issue === 'number') return Number.isInteger(issue) && issue >= 0 ? issue : undefined;
  if (typeof issue !== 'string') return undefined;
  const s = issue.normalize('NFKC').trim();
  const m = /^(?:\d{4}\s*年\s*)?第?\s*(\d{1,5})\s*期?$/.exec(s) ?? /^(?:no\.?|nr\.?|issue|#)\s*(\d{1,5})$/i.exec(s);
  return m ? Number(m[1]) : undefined;
}

/** One issue of a series as the catalog lists it. */
export interface IssueRef {
  id: string;
  /** YYYY-MM-DD */
  date: string;
  issueNumber?: number | string;
}

/** The issue every next issue continues from: the latest by date, then by number. */
export function latestIssue<T extends IssueRef>(issues: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const issue of issues) {
    if (!best) best = issue;
    else if (issue.date > best.date) best = issue;
    else if (issue.date === best.date && (issueNumberValue(issue.issueNumber) ?? -1) > (issueNumberValue(best.issueNumber) ?? -1)) best = issue;
  }
  return best;
}

/**
 * The number of a new issue dated `date` (YYYY-MM-DD) in a series that has
 * `issues`: one more than the highest number of the same year (`yearly`) or
 * of all issues (`continuous`); 1 when there is none.
 */
export function nextIssueNumber(issues: readonly IssueRef[], date: string, numbering: Numbering = 'yearly'): number {
  const year = date.slice(0, 4);
  let max = 0;
  for (const issue of issues) {
    if (numbering === 'yearly' && issue.date.slice(0, 4) !== year) continue;
    max = Math.max(max, issueNumberValue(issue.issueNumber) ?? 0);
  }
  return max + 1;
}

export interface NextIssueOptions {
  /** ISO timestamp for created/modified. */
  now: string;
  /** YYYY-MM-DD of the new issue. */
  date: string;
  issueNumber: number;
  /** Defaults to the series name and issue, e.g. 产业动态 第16期. */
  title?: string;
  newId?: IdFactory;
}

/**
 * The next issue of `previous`'s series: same series, masthead name,
 * organisation, classification, distribution (报/送/发), print settings,
 * language and template; new date, number and title; no content. The
 * previous issue is left as it is.
 */
export function nextIssue(previous: Briefing, opts: NextIssueOptions): Briefing {
  const newId = opts.newId ?? randomId;
  const h = previous.header;
  const zh = h.language ? h.language === 'zh' : /[\u3400-\u9fff]/.test(h.title + (h.publicationName ?? ''));
  const series = h.publicationName?.trim() || (zh ? '简报' : 'Briefing');
  const title = opts.title?.trim() || (zh ? `${series} 第${opts.issueNumber}期` : `${series} No. ${opts.issueNumber}`);
  const header: Briefing['header'] = {
    ...h,
    title,
    date: opts.date,
    issueNumber: opts.issueNumber,
    series: h.series ?? { id: newId('sr') },
  };
  if (h.distribution) header.distribution = { ...h.distribution };
  return {
    schemaVersion: BRIEFING_SCHEMA_VERSION,
    id: newId('b'),
    header,
    summary: '',
    sections: [],
    created: opts.now,
    modified: opts.now,
    ...(previous.template ? { template: previous.template } : {}),
  };
}
