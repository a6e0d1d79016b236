/**
 * The search index indicator: the reducer over the first `searchStatus`
 * answer and later `indexStatus` events (a stale answer is dropped, ready is
 * told briefly only after a build or load), and what it renders in both
 * languages (numbers through Intl, a progress bar with aria-valuenow, the
 * failure's reason).
 */
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nProvider } from '../i18n/I18nProvider';
import type { Locale } from '../i18n/strings';
import type { SearchIndexStatusInfo } from '../../src-main/common/search/status';
import { IndexStatus } from './IndexStatus';
import { INITIAL_INDEX_STATUS, indexStatusView, reduceIndexStatus, resultsMayBeIncomplete, type IndexStatusAction } from './index-status';

afterEach(cleanup);

const building = (done: number, total: number): SearchIndexStatusInfo => ({ state: 'building', documents: 0, progress: { done, total } });
const ready = (documents: number): SearchIndexStatusInfo => ({ state: 'ready', documents });
const run = (...actions: IndexStatusAction[]) => actions.reduce(reduceIndexStatus, INITIAL_INDEX_STATUS);

describe('reduceIndexStatus / indexStatusView', () => {
  it('is hidden before anything is known and when the index was already ready', () => {
    expect(indexStatusView(INITIAL_INDEX_STATUS)).toEqual({ kind: 'hidden' });
    expect(indexStatusView(run({ type: 'snapshot', status: ready(1200) }))).toEqual({ kind: 'hidden' });
  });

  it('shows a build with whole percent and clamped counts, then ready briefly, then nothing', () => {
    let s = run({ type: 'snapshot', status: building(0, 7) });
    expect(indexStatusView(s)).toEqual({ kind: 'building', percent: 0, done: 0, total: 7 });
    expect(resultsMayBeIncomplete(s)).toBe(true);
    s = reduceIndexStatus(s, { type: 'event', status: building(2, 3) });
    expect(indexStatusView(s)).toEqual({ kind: 'building', percent: 66, done: 2, total: 3 });
    s = reduceIndexStatus(s, { type: 'event', status: building(12, 10) });
    expect(indexStatusView(s)).toEqual({ kind: 'building', percent: 100, done: 10, total: 10 });
    s = reduceIndexStatus(s, { type: 'event', status: ready(10) });
    expect(indexStatusView(s)).toEqual({ kind: 'ready', documents: 10, upgraded: 0 });
    expect(resultsMayBeIncomplete(s)).toBe(false);
    s = reduceIndexStatus(s, { type: 'readyShown' });
    expect(indexStatusView(s)).toEqual({ kind: 'hidden' });
  });

  it('drops a searchStatus answer that arrives after an event (it is older)', () => {
    const s = run({ type: 'event', status: building(40, 100) }, { type: 'snapshot', status: ready(0) });
    expect(indexStatusView(s)).toMatchObject({ kind: 'building', percent: 40 });
    // A snapshot first, then events, is the usual order.
    const t = run({ type: 'snapshot', status: { state: 'loading', documents: 0 } }, { type: 'event', status: ready(55) });
    expect(indexStatusView(t)).toEqual({ kind: 'ready', documents: 55, upgraded: 0 });
  });

  it('shows a build without progress yet as indeterminate, loading as loading, a failure with its reason', () => {
    expect(indexStatusView(run({ type: 'event', status: { state: 'building', documents: 0 } }))).toEqual({
      kind: 'building',
      percent: null,
      done: 0,
      total: 0,
    });
    expect(indexStatusView(run({ type: 'event', status: building(0, 0) }))).toMatchObject({ percent: null });
    expect(indexStatusView(run({ type: 'event', status: { state: 'loading', documents: 0 } }))).toEqual({ kind: 'loading' });
    const failed = run({ type: 'event', status: building(1, 9) }, { type: 'event', status: { state: 'failed', documents: 0, lastError: 'disk full' } });
    expect(indexStatusView(failed)).toEqual({ kind: 'failed', error: 'disk full' });
    expect(resultsMayBeIncomplete(failed)).toBe(false);
    // A rebuild after ready (say the saved index failed its checksum) shows the build again.
    const rebuilt = run({ type: 'snapshot', status: ready(500) }, { type: 'event', status: building(100, 500) });
    expect(indexStatusView(rebuilt)).toMatchObject({ kind: 'building', percent: 20 });
    expect(reduceIndexStatus(rebuilt, { type: 'readyShown' })).toBe(rebuilt);
  });
});

function show(locale: Locale, ...actions: IndexStatusAction[]) {
  return render(
    <I18nProvider initial={locale}>
      <IndexStatus state={run(...actions)} />
    </I18nProvider>,
  );
}

describe('IndexStatus', () => {
  it('renders a build in English with grouped numbers and a progress bar', () => {
    show('en', { type: 'event', status: building(4500, 10000) });
    expect(screen.getByTestId('index-status').textContent).toContain('Building the search index… 45% (4,500 of 10,000 articles)');
    const bar = screen.getByRole('progressbar');
    expect(bar.getAttribute('aria-valuenow')).toBe('45');
    expect(bar.getAttribute('aria-valuemax')).toBe('100');
  });

  it('renders a build in Chinese', () => {
    show('zh-CN', { type: 'event', status: building(123456, 200000) });
    expect(screen.getByTestId('index-status').textContent).toContain('正在建立搜索索引… 61%（123,456 / 200,000 篇）');
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('61');
  });

  it('renders an indeterminate bar before progress, a failure as an alert, ready briefly, and nothing when quiet', () => {
    const a = show('en', { type: 'event', status: { state: 'building', documents: 0 } });
    expect(screen.getByRole('progressbar').hasAttribute('aria-valuenow')).toBe(false);
    a.unmount();
    const b = show('zh-CN', { type: 'event', status: { state: 'failed', documents: 0, lastError: 'EACCES' } });
    expect(screen.getByRole('alert').textContent).toBe('搜索索引无法建立（EACCES），暂时无法搜索。重新打开文库会再试一次。');
    b.unmount();
    const c = show('en', { type: 'event', status: building(1, 2) }, { type: 'event', status: ready(1) });
    expect(screen.getByTestId('index-status').textContent).toBe('The search index is ready (1 article)');
    expect(screen.queryByRole('progressbar')).toBeNull();
    c.unmount();
    const d = show('en', { type: 'snapshot', status: ready(3) });
    expect(d.container.innerHTML).toBe('');
  });

  it('says, in both languages, how many articles newer indexing rules indexed again', () => {
    const upgraded: SearchIndexStatusInfo = { state: 'ready', documents: 12000, rulesUpgrade: { from: 1, to: 2, reindexed: 1234 } };
    const a = show('en', { type: 'event', status: building(0, 1234) }, { type: 'event', status: upgraded });
    expect(screen.getByTestId('index-status').textContent).toBe(
      'The search index is ready (12,000 articles; 1,234 articles indexed again under the new indexing rules, such as those with a document number or a very long text)',
    );
    a.unmount();
    show('zh-CN', { type: 'event', status: building(0, 1234) }, { type: 'event', status: upgraded });
    expect(screen.getByTestId('index-status').textContent).toBe('搜索索引已就绪（12,000 篇；按新的索引规则重新索引了 1,234 篇，如带发文字号或超长的文章）');
  });
});
