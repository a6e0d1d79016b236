/**
 * Registers every contract method once as `bd:<method>` on ipcMain. Each call
 * is answered only when it comes from the main frame of one of our windows
 * showing our renderer; anything else gets a refusal and reaches no handler.
 */
import type { IpcMain, IpcMainInvokeEvent, WebFrameMain } from 'electron';
import { METHOD_NAMES } from '../common/api';
import { toEnvelope, type Envelope } from '../common/envelope';
import { BdError } from '../common/errors';

export interface CallTarget {
  call(method: string, params: unknown): Promise<unknown>;
}

export const CHANNEL_PREFIX = 'bd:';

/** True when the frame is a top-level frame whose URL starts with one of the trusted origins/paths. */
export function isTrustedFrame(frame: WebFrameMain | null | undefined, trustedUrlPrefixes: string[]): boolean {
  if (!frame) return false;
  if (frame.parent !== null) return false;
  const url = frame.url;
  return trustedUrlPrefixes.some((prefix) => url.startsWith(prefix));
}

export function registerApi(ipcMain: IpcMain, target: CallTarget, trustedUrlPrefixes: () => string[]): void {
  for (const method of METHOD_NAMES) {
    ipcMain.handle(CHANNEL_PREFIX + method, (event: IpcMainInvokeEvent, params: unknown): Promise<Envelope> => {
      if (!isTrustedFrame(event.senderFrame, trustedUrlPrefixes())) {
        return Promise.resolve({
          ok: false,
          error: new BdError('refused', `Call to ${method} refused: it did not come from the Briefing Desk window.`).toInfo(),
        });
      }
      return toEnvelope(() => target.call(method, params));
    });
  }
}
