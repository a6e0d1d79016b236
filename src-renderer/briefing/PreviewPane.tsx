/**
 * The print preview: the core's print HTML for the chosen template, laid out
 * in pages that break where the PDF's do (purpose `pages`: columns the size of
 * the page area, one page under the other), shown in a sandboxed frame (`sandbox=""`: no script, no same-origin, no
 * forms — the document also carries its own `default-src 'none'` CSP).
 * It reloads shortly after each save. A new version loads in a hidden frame
 * and replaces the old one when it has rendered, so the preview never
 * flashes blank.
 */
import { useLayoutEffect, useRef, useState } from 'react';
import { TEMPLATES, type TemplateName } from '../../src-main/common/briefing/model';
import { api } from '../api-client';
import { useI18n } from '../i18n/I18nProvider';
import { useApiQuery } from '../app/use-api-query';
import { errorText } from '../i18n/error-text';

/** 210 mm page plus a desk margin on each side. */
const PAGE_PX = 794 + 48;

export interface PreviewPaneProps {
  briefingId: string;
  template: TemplateName;
  onTemplateChange(template: TemplateName): void;
  /** Bumped after each save; the preview reloads shortly after. */
  version: number;
  delay?: number;
}

interface Frame {
  key: number;
  html: string;
}

export function PreviewPane({ briefingId, template, onTemplateChange, version, delay = 300 }: PreviewPaneProps) {
  const { t, locale } = useI18n();
  const [frames, setFrames] = useState<Frame[]>([]);
  const [shownKey, setShownKey] = useState<number | null>(null);
  const [zoom, setZoom] = useState<'fit' | 'actual'>('fit');
  const [box, setBox] = useState({ width: 0, height: 0 });
  const stage = useRef<HTMLDivElement>(null);
  const seq = useRef(0);
  const shownRef = useRef<number | null>(null);
  shownRef.current = shownKey;

  const preview = useApiQuery(['preview', briefingId, template, version], () => api.previewBriefing({ id: briefingId, template, purpose: 'pages' }), {
    delay,
    onData: ({ html }) => {
      const key = ++seq.current;
      setFrames((list) => {
        if (list.at(-1)?.html === html) return list;
        // Keep the frame on screen until the new one has rendered; drop any still loading.
        const shown = list.find((f) => f.key === shownRef.current);
        return shown ? [shown, { key, html }] : [{ key, html }];
      });
    },
  });
  const loading = preview.loading;
  const error = preview.error ? errorText(preview.error, locale) : null;

  useLayoutEffect(() => {
    const el = stage.current;
    if (!el) return;
    const measure = () => setBox({ width: el.clientWidth, height: el.clientHeight });
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const scale = zoom === 'fit' && box.width ? Math.min(1, box.width / PAGE_PX) : 1;
  const frameStyle = {
    width: PAGE_PX,
    height: box.height ? box.height / scale : 600,
    transform: scale === 1 ? undefined : `scale(${scale})`,
  };
  const newest = frames.at(-1);

  return (
    <div className="brief-preview" data-testid="brief-preview">
      <div className="brief-preview-bar">
        <div className="brief-segmented" role="radiogroup" aria-label={t('brief.preview.template')}>
          {TEMPLATES.map((name) => (
            <button
              key={name}
              type="button"
              role="radio"
              aria-checked={template === name}
              className={template === name ? 'active' : undefined}
              onClick={() => onTemplateChange(name)}
              data-testid={`brief-template-${name}`}
            >
              {t(`brief.template.${name}`)}
            </button>
          ))}
        </div>
        <span className="brief-preview-status" aria-live="polite">
          {loading && (
            <>
              <span className="brief-spinner small" aria-hidden="true" />
              {t('brief.preview.updating')}
            </>
          )}
        </span>
        <button
          type="button"
          className="brief-icon-button"
          onClick={() => setZoom((z) => (z === 'fit' ? 'actual' : 'fit'))}
          aria-pressed={zoom === 'actual'}
          title={zoom === 'fit' ? t('brief.preview.actualSize') : t('brief.preview.fitWidth')}
        >
          {zoom === 'fit' ? '100%' : t('brief.preview.fit')}
        </button>
      </div>
      {error && (
        <p className="brief-error" role="alert">
          {error}
        </p>
      )}
      <div className={`brief-preview-stage zoom-${zoom}`} ref={stage}>
        {frames.map((frame) => (
          <iframe
            key={frame.key}
            title={t('brief.preview.frameTitle')}
            sandbox=""
            srcDoc={frame.html}
            style={frameStyle}
            className={`brief-preview-frame${frame.key === (shownKey ?? newest?.key) ? ' is-shown' : ''}`}
            aria-hidden={frame.key !== (shownKey ?? newest?.key)}
            tabIndex={frame.key === (shownKey ?? newest?.key) ? 0 : -1}
            data-testid={frame === newest ? 'brief-preview-frame' : undefined}
            onLoad={() => {
              if (frame !== newest) return;
              setShownKey(frame.key);
              setFrames((list) => list.filter((f) => f.key >= frame.key));
            }}
          />
        ))}
        {!frames.length && !error && <p className="muted brief-preview-empty">{t('brief.loading')}</p>}
      </div>
    </div>
  );
}
