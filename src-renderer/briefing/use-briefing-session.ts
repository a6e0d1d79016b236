/**
 * React's view of a BriefingSession: re-renders on every change of its
 * snapshot (document, save state, history).
 */
import { useSyncExternalStore } from 'react';
import type { BriefingSession, SessionSnapshot } from './briefing-session';

const noSubscribe = () => () => undefined;
const noSnapshot = () => null;

export function useSessionSnapshot(session: BriefingSession | null): SessionSnapshot | null {
  return useSyncExternalStore(session ? session.subscribe : noSubscribe, session ? session.getSnapshot : noSnapshot);
}
