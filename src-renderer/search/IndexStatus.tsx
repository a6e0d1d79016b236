/**
 * The search index indicator: while the index loads or builds, a line with a
 * progress bar ("Building the search index… 45% (4,500 of 10,000 articles)");
 * when it is ready, a short notice that then goes away; when it failed, the
 * reason. Its state comes from `searchStatus` first, then `indexStatus`
 * events (`index-status.ts`).
 */
import { useEffect, useReducer } from 'react';
import { api, onApiEvent } from '../api-client';
import { useI18n } from '../i18n/I18nProvider';
import { INITIAL_INDEX_STATUS, indexStatusView, reduceIndexStatus, type IndexStatusState } from './index-status';

/** How long the "ready" notice stays after a build or load, in ms. */
export const READY_NOTICE_MS = 2500;

/** The index's status in this window, kept current by events. */
export function useIndexStatus(): IndexStatusState {
  const [state, dispatch] = useReducer(reduceIndexStatus, INITIAL_INDEX_STATUS);
  useEffect(() => {
    let live = true;
    const off = onApiEvent('indexStatus', (status) => dispatch({ type: 'event', status }));
    api.searchStatus({}).then(
      (status) => live && dispatch({ type: 'snapshot', status }),
      () => undefined, // The events still come; a failed first look only leaves the indicator hidden until one does.
    );
    return () => {
      live = false;
      off();
    };
  }, []);
  useEffect(() => {
    if (!state.showReady) return;
    const timer = setTimeout(() => dispatch({ type: 'readyShown' }), READY_NOTICE_MS);
    return () => clearTimeout(timer);
  }, [state.showReady, state.status]);
  return state;
}

/** Renders the indicator of `state` (nothing when the index is ready and quiet). */
export function IndexStatus({ state }: { state: IndexStatusState }) {
  const { t, locale } = useI18n();
  const view = indexStatusView(state);
  if (view.kind === 'hidden') return null;
  if (view.kind === 'failed') {
    return (
      <p className="index-status failed" role="alert" data-testid="index-status">
        {view.error ? t('index.failedWhy', { error: view.error }) : t('index.failed')}
      </p>
    );
  }
  if (view.kind === 'ready') {
    return (
      <p className="index-status ready muted" role="status" data-testid="index-status">
        {view.upgraded ? t('index.readyUpgraded', { count: view.documents, upgraded: view.upgraded }) : t('index.ready', { count: view.documents })}
      </p>
    );
  }
  const label =
    view.kind === 'loading'
      ? t('index.loading')
      : view.percent === null
        ? t('index.buildingStart')
        : t('index.building', {
            percent: new Intl.NumberFormat(locale, { style: 'percent' }).format(view.percent / 100),
            done: view.done,
            total: view.total,
          });
  return (
    <div className="index-status busy" role="status" data-testid="index-status">
      <span className="index-status-label">{label}</span>
      <div
        className="index-status-bar"
        role="progressbar"
        aria-label={t('index.progressLabel')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={view.kind === 'building' && view.percent !== null ? view.percent : undefined}
        aria-valuetext={label}
      >
        <div className="index-status-fill" style={{ width: view.kind === 'building' && view.percent !== null ? `${view.percent}%` : undefined }} />
      </div>
    </div>
  );
}
