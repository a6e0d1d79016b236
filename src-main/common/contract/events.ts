/**
 * Events: what core (and the host) tell the interface without being asked —
 * progress of long work, changes to the library, the search index's state and
 * library problems. Every host forwards them unchanged: `webContents.send` to
 * the trusted main frame in the desktop app (channel `bd-event:<name>`),
 * server-sent events on `GET /events` (token required) in browser mode. The
 * renderer subscribes through one function (`onApiEvent` in api-client.ts)
 * and never learns which transport carried them.
 *
 * Payloads are plain JSON; names are listed in `API_EVENT_NAMES` (the preload's
 * channel list is generated from it, see src-main/preload/channels.ts).
 */
import type { SearchIndexStatusInfo } from '../search/status';

/** What part of the library a change touched; the interface reloads what shows it. */
export const LIBRARY_AREAS = ['articles', 'annotations', 'briefings', 'settings', 'problems'] as const;
export type LibraryArea = (typeof LIBRARY_AREAS)[number];

/** One file of an import by path (`importPaths`) has been handled. */
export interface ImportProgressEvent {
  /** The caller's label for this import (`importPaths({ operation })`), so a window follows only its own. */
  operation: string;
  /** Files handled so far (this one included) and files found in all (folders walked). */
  done: number;
  total: number;
  /** The file just handled, as given or found under a given folder. */
  file: string;
  status: 'imported' | 'duplicate' | 'refused';
}

/** A step of an export (`exportBriefing`, `exportBriefingToFile`). */
export interface ExportProgressEvent {
  operation: string;
  format: string;
  /** `building`: laying out the document; `writing`: into the chosen file; then `done` or `failed`. */
  phase: 'building' | 'writing' | 'done' | 'failed';
  /** While building: the step (`outline`, `render`, `print`, `package`) and the share of the whole export done, 0…1. */
  stage?: string;
  fraction?: number;
  /** The file name the export carries (set from `writing` on). */
  fileName?: string;
}

/** How far a backup or a restore (`backupLibrary`, `restoreLibrary` and their `…File` forms) has got. */
export interface BackupProgressEvent {
  /** The caller's `operationId`, or `backup` / `restore` when it gave none. */
  operation: string;
  phase: 'reading' | 'writing' | 'checking' | 'restoring' | 'merging';
  /** Files (or bytes while writing) done so far, of `total`. */
  done: number;
  total: number;
}

/** The library changed (by any window, browser tab or host talking to this core). */
export interface LibraryChangedEvent {
  areas: LibraryArea[];
  /** Ids of the articles or briefings concerned, where the change names them. */
  ids?: string[];
}

/** The library's problems changed (found or acknowledged): the interface reads them again. */
export interface ProblemsChangedEvent {
  revision: number;
}

/**
 * Counts that lists showed as incomplete (`complete: false` in `queryArticles`
 * / `queryHighlights` answers) are now final: sent once when every article's
 * highlight tags are known (`tags`: the article list's tag filter and counts)
 * and once when every highlight is in memory (`highlights`: the notebook).
 * A list waiting on incomplete counts asks again on it instead of polling.
 */
export interface CountsCompleteEvent {
  /** `tags`: article lists are complete; `highlights`: highlight lists are complete too. */
  counts: 'tags' | 'highlights';
}

/** Every event and its payload. */
export interface ApiEvents {
  importProgress: ImportProgressEvent;
  exportProgress: ExportProgressEvent;
  backupProgress: BackupProgressEvent;
  libraryChanged: LibraryChangedEvent;
  indexStatus: SearchIndexStatusInfo;
  problemsChanged: ProblemsChangedEvent;
  countsComplete: CountsCompleteEvent;
}

export type ApiEventName = keyof ApiEvents;

export const API_EVENT_NAMES = [
  'importProgress',
  'exportProgress',
  'backupProgress',
  'libraryChanged',
  'indexStatus',
  'problemsChanged',
  'countsComplete',
] as const satisfies readonly ApiEventName[];

/** One event as it travels: its name and payload. */
export type ApiEventMessage = { [K in ApiEventName]: { name: K; payload: ApiEvents[K] } }[ApiEventName];
