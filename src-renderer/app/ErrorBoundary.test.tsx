/**
 * The error boundary: an area that throws while rendering is replaced by a
 * message in the interface language while its neighbours keep working;
 * Retry mounts it afresh; Copy diagnostics puts the version, user agent, the
 * error and the component stack on the clipboard and no article text; a new
 * `resetKey` (another article) starts afresh by itself.
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { version } from '../../package.json';
import { I18nProvider } from '../i18n/I18nProvider';
import type { Locale } from '../i18n/strings';
import { ErrorBoundary } from './ErrorBoundary';
import { diagnosticsReport, recordError } from './diagnostics';

const ARTICLE_TEXT = '我国人工智能核心产业规模达到5000亿元';
const state = { failing: true };

function ArticleView({ text }: { text: string }) {
  if (state.failing) throw new TypeError(`Cannot read properties of undefined (reading 'blocks')`);
  return <p data-testid="article-view">{text}</p>;
}

function ui(locale: Locale, resetKey = 'a1') {
  return (
    <I18nProvider initial={locale}>
      <ErrorBoundary area="library">
        <button data-testid="neighbour">文章列表</button>
      </ErrorBoundary>
      <ErrorBoundary area="reader" resetKey={resetKey}>
        <ArticleView text={ARTICLE_TEXT} />
      </ErrorBoundary>
    </I18nProvider>
  );
}

let writeText: ReturnType<typeof vi.fn>;

beforeEach(() => {
  state.failing = true;
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  writeText = vi.fn().mockResolvedValue(undefined);
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('ErrorBoundary', () => {
  it('replaces only the failed area, in Chinese, and Retry mounts it again', () => {
    render(ui('zh-CN'));
    const box = screen.getByTestId('area-error-reader');
    expect(box.textContent).toContain('阅读区暂时无法显示');
    expect(box.getAttribute('role')).toBe('alert');
    expect(screen.getByTestId('neighbour')).toBeTruthy();
    state.failing = false;
    fireEvent.click(screen.getByTestId('area-error-retry'));
    expect(screen.getByTestId('article-view').textContent).toBe(ARTICLE_TEXT);
    expect(screen.queryByTestId('area-error-reader')).toBeNull();
  });

  it('speaks English and copies diagnostics without the article text', async () => {
    render(ui('en'));
    expect(screen.getByTestId('area-error-reader').textContent).toContain('The reader cannot be shown right now');
    expect(screen.getByTestId('area-error-retry').textContent).toBe('Retry');
    fireEvent.click(screen.getByTestId('area-error-copy'));
    await waitFor(() => expect(writeText).toHaveBeenCalledTimes(1));
    const report = writeText.mock.calls[0][0] as string;
    expect(report).toContain(`version: ${version}`);
    expect(report).toContain(`user agent: ${navigator.userAgent}`);
    expect(report).toContain('error in: reader');
    expect(report).toContain("TypeError: Cannot read properties of undefined (reading 'blocks')");
    expect(report).toMatch(/component stack:\n\s+at ArticleView/);
    expect(report).not.toContain(ARTICLE_TEXT);
    expect(await screen.findByRole('status')).toBeTruthy();
  });

  it('starts afresh when another article is opened', () => {
    const view = render(ui('zh-CN', 'a1'));
    expect(screen.getByTestId('area-error-reader')).toBeTruthy();
    state.failing = false;
    view.rerender(ui('zh-CN', 'a2'));
    expect(screen.getByTestId('article-view')).toBeTruthy();
  });
});

describe('diagnosticsReport', () => {
  it('lists recent errors with their codes, oldest first, and only the last twenty', () => {
    for (let i = 0; i < 25; i++)
      recordError(Object.assign(new Error(`call ${i} failed`), { code: 'unavailable' }), 'preferences', new Date(Date.UTC(2024, 0, 1, 0, 0, i)));
    const text = diagnosticsReport({}, { version: '9.9.9', host: 'browser', userAgent: 'UA', language: 'en', now: new Date(Date.UTC(2024, 0, 2)) });
    expect(text).toContain('version: 9.9.9');
    expect(text).not.toContain('call 4 failed');
    expect(text).toContain('2024-01-01T00:00:05.000Z [preferences] (unavailable) Error: call 5 failed');
    expect(text.trimEnd().endsWith('Error: call 24 failed')).toBe(true);
  });

  it('leaves out the titles and quotes that error messages name, in the error, its stack and the recent errors', () => {
    const titled = new Error('The text of “关于做好夏粮收购工作的通知” (a1b2c3d4e5f6) is missing');
    recordError(Object.assign(new Error('The quote "handled more containers" does not occur'), { code: 'not-found' }), 'reader');
    const text = diagnosticsReport(
      { area: 'reader', error: titled },
      { version: '9.9.9', host: 'browser', userAgent: 'UA', language: 'zh-CN', now: new Date() },
    );
    expect(text).toContain('Error: The text of “…” (a1b2c3d4e5f6) is missing');
    expect(text).toContain('(not-found) Error: The quote "…" does not occur');
    for (const secret of ['夏粮收购', 'handled more containers']) expect(text).not.toContain(secret);
  });
});
