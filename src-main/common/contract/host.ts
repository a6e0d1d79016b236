/**
 * The host contract: what a window asks of the program that shows it, as
 * opposed to the library (api.ts). The desktop app answers all of it over
 * IPC (`bd-host:<method>`, the same trusted-frame check as every library
 * call); browser mode answers `focusWindow` on `POST /host/focusWindow`
 * (token required) and has no dialogs (the browser's own file picker and
 * downloads stand in). Parameters are checked with these schemas in every
 * host, like the library's.
 */
import { z } from 'zod';
import { method, type ClientOf, type ContractShape, type HandlersOf } from './define';

/** A file the operating system asked the app to open ("Open with Briefing Desk"), after importing it. */
export type OpenedFileOutcome =
  | { file: string; status: 'imported'; id: string; title: string }
  | { file: string; status: 'duplicate'; id?: string; message: string; messageZh?: string }
  | { file: string; status: 'refused'; message: string; messageZh?: string };

/** File-type filter of a dialog: a label and extensions without the dot. */
const DialogFilter = z
  .object({
    name: z.string().min(1).max(100),
    extensions: z
      .array(z.string().regex(/^[A-Za-z0-9]{1,10}$/))
      .min(1)
      .max(20),
  })
  .strict();

export const hostContract = {
  /**
   * The save dialog, opened over the asking window. `path` is absent when
   * the user cancelled. The suggested name loses any folder part.
   */
  chooseSavePath: method(
    z.object({ suggestedName: z.string().min(1, 'must name the file').max(255), filters: z.array(DialogFilter).max(10).optional() }).strict(),
  )<{ path?: string }>(),
  /**
   * The save dialog, then `text` written to the chosen file (temp file and
   * rename): exports the window already holds as text (annotations as
   * Markdown or JSON). `path` is absent when the user cancelled.
   */
  saveTextFile: method(
    z
      .object({
        suggestedName: z.string().min(1, 'must name the file').max(255),
        text: z.string().max(50 * 1024 * 1024, 'is larger than 50 MB'),
        filters: z.array(DialogFilter).max(10).optional(),
      })
      .strict(),
  )<{ path?: string }>(),
  /** The open dialog for files (or, with `folders: true`, folders) to import. Empty when cancelled. */
  chooseImportPaths: method(z.object({ folders: z.literal(true).optional(), filters: z.array(DialogFilter).max(10).optional() }).strict())<{
    paths: string[];
  }>(),
  /** Outcomes of files opened from the operating system since the last call; each is handed out once. */
  takeOpenedFiles: method(z.object({}).strict())<OpenedFileOutcome[]>(),
  /** Brings the window to the front (a second start on the same library asks the first). */
  focusWindow: method(z.object({}).strict())<{ focused: boolean }>(),
} as const satisfies ContractShape;

export type HostContract = typeof hostContract;
export type HostMethodName = keyof HostContract & string;
/** What the renderer calls (desktop app). */
export type HostApi = ClientOf<HostContract>;
/** What a host implements; a host may leave out what it cannot do (browser mode has no dialogs). */
export type HostHandlers = Partial<HandlersOf<HostContract>>;

export const HOST_METHOD_NAMES = Object.keys(hostContract) as HostMethodName[];

/** Events of the host (desktop app): new opened files are ready to take. */
export interface HostEvents {
  filesOpened: Record<string, never>;
}

export const HOST_EVENT_NAMES = ['filesOpened'] as const satisfies readonly (keyof HostEvents)[];
