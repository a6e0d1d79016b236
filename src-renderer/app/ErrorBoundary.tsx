/**
 * A React error boundary around one area of the window (library list,
 * search, reader, annotation panel, briefing composer): when that area
 * fails to render, it alone is replaced by a message in the interface
 * language with Retry and Copy diagnostics, and the rest of the app stays
 * usable. `resetKey` starts afresh when it changes (another article opened).
 */
import { Component, Fragment, useState, type ErrorInfo, type ReactNode } from 'react';
import { copyText } from '../annotations/citation';
import { useI18n } from '../i18n/I18nProvider';
import type { StringKey } from '../i18n/strings';
import { api } from '../api-client';
import { fullDiagnostics, recordError } from './diagnostics';

export type Area = 'library' | 'search' | 'reader' | 'annotations' | 'notebook' | 'composer';

const AREA_NAMES: Record<Area, StringKey> = {
  library: 'boundary.area.library',
  search: 'boundary.area.search',
  reader: 'boundary.area.reader',
  annotations: 'boundary.area.annotations',
  notebook: 'boundary.area.notebook',
  composer: 'boundary.area.composer',
};

interface Props {
  area: Area;
  resetKey?: unknown;
  children: ReactNode;
}

interface State {
  error: unknown;
  failed: boolean;
  componentStack: string;
  attempt: number;
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, failed: false, componentStack: '', attempt: 0 };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error, failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    recordError(error, this.props.area);
    this.setState({ componentStack: info.componentStack ?? '' });
  }

  override componentDidUpdate(previous: Props): void {
    if (this.state.failed && previous.resetKey !== this.props.resetKey) this.retry();
  }

  retry = (): void => {
    this.setState((s) => ({ error: null, failed: false, componentStack: '', attempt: s.attempt + 1 }));
  };

  override render(): ReactNode {
    const { failed, error, componentStack, attempt } = this.state;
    if (failed) return <AreaError area={this.props.area} error={error} componentStack={componentStack} onRetry={this.retry} />;
    // A new key on retry: the area mounts afresh instead of reusing the state that failed.
    return <Fragment key={attempt}>{this.props.children}</Fragment>;
  }
}

function AreaError({ area, error, componentStack, onRetry }: { area: Area; error: unknown; componentStack: string; onRetry(): void }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState<boolean | null>(null);
  const copy = async () => setCopied(await copyText(await fullDiagnostics({ area, error, componentStack }, () => api.diagnostics({}))));
  return (
    <section className={`area-error area-error-${area}`} role="alert" data-testid={`area-error-${area}`}>
      <h2>{t('boundary.title', { area: t(AREA_NAMES[area]) })}</h2>
      <p>{t('boundary.text')}</p>
      <div className="area-error-actions">
        <button type="button" className="primary" onClick={onRetry} data-testid="area-error-retry">
          {t('boundary.retry')}
        </button>
        <button type="button" onClick={() => void copy()} data-testid="area-error-copy">
          {t('boundary.copy')}
        </button>
      </div>
      {copied !== null && (
        <p className="small muted" role="status">
          {t(copied ? 'boundary.copied' : 'boundary.copyFailed')}
        </p>
      )}
    </section>
  );
}
