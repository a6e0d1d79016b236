/**
 * Core's event channel: typed events of the contract (common/contract/events.ts)
 * that hosts forward to their windows — IPC in the desktop app, server-sent
 * events in browser mode. Listeners run synchronously in order; one that
 * throws is logged and never stops the others or the work that emitted.
 */
import type { ApiEventMessage, ApiEventName, ApiEvents } from '../common/contract/events';
import { log } from './diagnostics/log';

export type ApiEventListener = (message: ApiEventMessage) => void;

export class CoreEvents {
  private readonly listeners = new Set<ApiEventListener>();

  /** Calls `listener` with every event from now on; returns the unsubscribe. */
  on(listener: ApiEventListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  emit<K extends ApiEventName>(name: K, payload: ApiEvents[K]): void {
    const message = { name, payload } as ApiEventMessage;
    for (const listener of this.listeners) {
      try {
        listener(message);
      } catch (err) {
        log.warn('An event listener failed', { event: name, err });
      }
    }
  }

  /** How many listeners are attached (tests, diagnostics). */
  get size(): number {
    return this.listeners.size;
  }
}
