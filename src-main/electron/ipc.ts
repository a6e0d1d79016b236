/**
 * Registers every contract method once as `bd:<method>` on ipcMain. Each call
 * is answered only when `isTrusted` accepts its sender (in the app:
 * security.ts isTrustedSender — the main frame of one of our windows, showing
 * exactly the app origin); anything else gets a refusal and reaches no handler.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { METHOD_NAMES } from '../common/api';
import { toEnvelope, type Envelope } from '../common/envelope';
import { BdError } from '../common/errors';
import type { SenderEvent } from './security';

export interface CallTarget {
  call(method: string, params: unknown): Promise<unknown>;
  /** The library's problems revision, stamped on every answer (see `Envelope.problems`). */
  problemsRevision?(): number;
}

export const CHANNEL_PREFIX = 'bd:';

/** The refusal every untrusted call gets, naming the method. */
export function refusedEnvelope(method: string): Envelope {
  return {
    ok: false,
    error: new BdError('refused', `Call to ${method} refused: it did not come from the Briefing Desk window.`).toInfo(),
  };
}

export function registerApi(ipcMain: Pick<IpcMain, 'handle'>, target: CallTarget, isTrusted: (event: SenderEvent) => boolean): void {
  for (const method of METHOD_NAMES) {
    ipcMain.handle(CHANNEL_PREFIX + method, (event: IpcMainInvokeEvent, params: unknown): Promise<Envelope> => {
      if (!isTrusted(event as unknown as SenderEvent)) return Promise.resolve(refusedEnvelope(method));
      return toEnvelope(() => target.call(method, params)).then((envelope) =>
        target.problemsRevision ? { ...envelope, problems: target.problemsRevision() } : envelope,
      );
    });
  }
}
