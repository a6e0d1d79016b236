/**
 * The desktop app's IPC, all behind one trusted-frame check: every contract
 * method is registered once as `bd:<method>`, every host method
 * (common/contract/host.ts) as `bd-host:<method>`; a call is answered only
 * when `isTrusted` accepts its sender (in the app: security.ts
 * isTrustedSender — the main frame of one of our windows, showing exactly the
 * app origin); anything else gets a refusal and reaches no handler. Host
 * parameters are checked with the host contract's schemas, like the
 * library's. Events (core's and the host's) go to the main frame of each of
 * our windows as `bd-event:<name>`.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { HOST_METHOD_NAMES, hostContract, METHOD_NAMES, type HostMethodName } from '../common/api';
import type { HandlersOf } from '../common/contract/define';
import { toEnvelope, type Envelope } from '../common/envelope';
import { BdError } from '../common/errors';
import { validateParams } from '../core/dispatch';
import { API_CHANNEL_PREFIX, EVENT_CHANNEL_PREFIX, HOST_CHANNEL_PREFIX } from '../common/ipc-channels';
import type { SenderEvent } from './security';

export interface CallTarget {
  call(method: string, params: unknown): Promise<unknown>;
  /** The library's problems revision, stamped on every answer (see `Envelope.problems`). */
  problemsRevision?(): number;
}

export const CHANNEL_PREFIX = API_CHANNEL_PREFIX;

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

/** A host method's implementation: the checked parameters and the asking web contents (the dialog's owner). */
export type DesktopHostHandlers = {
  [K in HostMethodName]: (params: Parameters<HandlersOf<typeof hostContract>[K]>[0], sender: unknown) => ReturnType<HandlersOf<typeof hostContract>[K]>;
};

/**
 * Registers every host method as `bd-host:<method>`: the same trusted-frame
 * check as the library's calls, parameters checked by the host contract's
 * schema, answers in the same envelope.
 */
export function registerHost(ipcMain: Pick<IpcMain, 'handle'>, handlers: DesktopHostHandlers, isTrusted: (event: SenderEvent) => boolean): void {
  for (const method of HOST_METHOD_NAMES) {
    ipcMain.handle(HOST_CHANNEL_PREFIX + method, (event: IpcMainInvokeEvent, params: unknown): Promise<Envelope> => {
      if (!isTrusted(event as unknown as SenderEvent)) return Promise.resolve(refusedEnvelope(method));
      return toEnvelope(async () => {
        const valid = validateParams(method, params, hostContract);
        const handler = handlers[method] as (p: unknown, sender: unknown) => unknown;
        return handler(valid, event.sender);
      });
    });
  }
}

/** What forwardEvents needs of a window. */
export interface EventWindow {
  webContents: { send(channel: string, payload: unknown): void; isDestroyed?(): boolean };
}

/** Sends one event to the main frame of each of our interface windows. */
export function sendEvent(windows: Iterable<EventWindow>, name: string, payload: unknown): void {
  for (const win of windows) {
    if (win.webContents.isDestroyed?.()) continue;
    win.webContents.send(EVENT_CHANNEL_PREFIX + name, payload);
  }
}

/** Forwards every core event to our windows; returns the unsubscribe. */
export function forwardEvents(
  events: { on(listener: (message: { name: string; payload: unknown }) => void): () => void },
  windows: () => Iterable<EventWindow>,
): () => void {
  return events.on((message) => sendEvent(windows(), message.name, message.payload));
}
