/**
 * The search index's status as the window shows it: a pure reducer over the
 * first `searchStatus` answer and the `indexStatus` events that follow, and
 * the view it yields (hidden, loading, building with progress, just ready,
 * failed). No DOM, no React: `IndexStatus.tsx` renders it.
 */
import type { SearchIndexStatusInfo } from '../../src-main/common/search/status';

/** What the window knows about the index. */
export interface IndexStatusState {
  /** The latest status known, or null before any arrived. */
  status: SearchIndexStatusInfo | null;
  /** True once an `indexStatus` event arrived: a later `searchStatus` answer is older and is dropped. */
  fromEvent: boolean;
  /** True when the index was seen loading or building in this window, so reaching `ready` is worth telling briefly. */
  wasBusy: boolean;
  /** True while the "ready" notice is still shown (cleared by `readyShown`). */
  showReady: boolean;
}

/** `snapshot`: the answer of `searchStatus`; `event`: an `indexStatus` event; `readyShown`: the brief ready notice is over. */
export type IndexStatusAction = { type: 'snapshot'; status: SearchIndexStatusInfo } | { type: 'event'; status: SearchIndexStatusInfo } | { type: 'readyShown' };

export const INITIAL_INDEX_STATUS: IndexStatusState = { status: null, fromEvent: false, wasBusy: false, showReady: false };

const busy = (s: SearchIndexStatusInfo) => s.state === 'loading' || s.state === 'building';

/** The next state. A snapshot that arrives after an event is stale and changes nothing. */
export function reduceIndexStatus(state: IndexStatusState, action: IndexStatusAction): IndexStatusState {
  if (action.type === 'readyShown') return state.showReady ? { ...state, showReady: false } : state;
  if (action.type === 'snapshot' && state.fromEvent) return state;
  const status = action.status;
  const fromEvent = state.fromEvent || action.type === 'event';
  if (busy(status)) return { status, fromEvent, wasBusy: true, showReady: false };
  if (status.state === 'ready') return { status, fromEvent, wasBusy: false, showReady: state.wasBusy || state.showReady };
  return { status, fromEvent, wasBusy: false, showReady: false };
}

/** What to show; `percent` is a whole number 0–100, `done`/`total` are article counts. */
export type IndexStatusView =
  | { kind: 'hidden' }
  | { kind: 'loading' }
  | { kind: 'building'; percent: number | null; done: number; total: number }
  | { kind: 'ready'; documents: number; /** Articles indexed again under newer indexing rules at this open (0: none). */ upgraded: number }
  | { kind: 'failed'; error: string | null };

/** The view of a state. A build without progress yet shows an indeterminate bar (`percent` null). */
export function indexStatusView(state: IndexStatusState): IndexStatusView {
  const s = state.status;
  if (!s) return { kind: 'hidden' };
  if (s.state === 'building') {
    const p = s.progress;
    if (!p || p.total <= 0) return { kind: 'building', percent: null, done: 0, total: 0 };
    const done = Math.min(Math.max(0, p.done), p.total);
    return { kind: 'building', percent: Math.floor((done / p.total) * 100), done, total: p.total };
  }
  if (s.state === 'loading') return { kind: 'loading' };
  if (s.state === 'failed') return { kind: 'failed', error: s.lastError ?? null };
  if (s.state === 'ready' && state.showReady) return { kind: 'ready', documents: s.documents, upgraded: s.rulesUpgrade?.reindexed ?? 0 };
  return { kind: 'hidden' };
}

/** True while results may miss articles not yet indexed. */
export function resultsMayBeIncomplete(state: IndexStatusState): boolean {
  return !!state.status && busy(state.status);
}
