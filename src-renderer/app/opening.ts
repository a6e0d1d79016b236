/**
 * The app never reopens into an item that stopped it. Opening an article or a
 * briefing asks the core for it with `display: true` (the core notes "opening
 * X" before answering); once a frame has been painted with it, `noteShown`
 * tells the core it was shown. An item still "opening" at the next start
 * stopped the app while loading or drawing, and is not opened by itself again
 * (`LibraryInfo.interrupted`).
 */
import { api } from '../api-client';

/** Tells the core the item has been drawn, once the browser has painted the current frame. */
export function noteShown(kind: 'article' | 'briefing', id: string): void {
  requestAnimationFrame(() =>
    setTimeout(() => {
      try {
        void api.markOpening({ kind, id, phase: 'shown' }).catch(() => undefined);
      } catch {
        // a client without the method (tests): nothing to note
      }
    }, 0),
  );
}
