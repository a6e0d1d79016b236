/**
 * The reader's "Aa" popover: colour theme (system, light, dark), text size
 * (14–26 px), line width (about 30, 38 or 46 Chinese characters) and the
 * heading outline, and what printing and exporting the article include,
 * each kept in the preferences. A non-modal popover:
 * Escape or a click outside closes it and focus returns to its button.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { usePreference } from '../app/preferences';
import type { StringKey } from '../i18n/strings';

export const READING_SIZE = { min: 14, max: 26, default: 17 } as const;
export const READING_CHARS = { narrow: 30, normal: 38, wide: 46 } as const;

const THEMES = ['system', 'light', 'dark'] as const;
const WIDTHS = ['narrow', 'normal', 'wide'] as const;
const INCLUDE = ['none', 'highlights', 'notes'] as const;

export function ReadingSettings() {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [theme, setTheme] = usePreference('theme');
  const [size, setSize] = usePreference('readingSize');
  const [width, setWidth] = usePreference('readingWidth');
  const [outline, setOutline] = usePreference('outlinePanel');
  const [include, setInclude] = usePreference('printAnnotations');
  const button = useRef<HTMLButtonElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const id = useId();
  const current = size ?? READING_SIZE.default;

  useEffect(() => {
    if (!open) return;
    box.current?.querySelector<HTMLElement>('button')?.focus();
    const onDown = (e: MouseEvent) => {
      if (!box.current?.contains(e.target as Node) && !button.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  const choice = <T extends string>(value: T, chosen: T, set: (v: T) => void, label: StringKey, testId: string) => (
    <button type="button" key={value} aria-pressed={chosen === value} data-testid={testId} onClick={() => set(value)}>
      {t(label)}
    </button>
  );

  return (
    <span className="reading-settings">
      <button
        ref={button}
        type="button"
        className={`ghost small${open ? ' toggled' : ''}`}
        aria-expanded={open}
        aria-controls={id}
        title={t('reading.settingsLabel')}
        data-testid="reading-settings"
        onClick={() => setOpen((o) => !o)}
      >
        Aa {t('reading.settings')}
      </button>
      {open && (
        <div
          ref={box}
          id={id}
          className="reading-popover"
          role="dialog"
          aria-label={t('reading.settingsLabel')}
          data-testid="reading-popover"
          onKeyDown={(e) => {
            if (e.key !== 'Escape') return;
            e.preventDefault();
            e.stopPropagation();
            setOpen(false);
            button.current?.focus();
          }}
        >
          <fieldset>
            <legend>{t('reading.theme')}</legend>
            <div className="segmented">{THEMES.map((v) => choice(v, theme ?? 'system', setTheme, `reading.theme.${v}`, `theme-${v}`))}</div>
          </fieldset>
          <fieldset>
            <legend>{t('reading.size')}</legend>
            <div className="size-row">
              <button
                type="button"
                aria-label={t('reading.smaller')}
                data-testid="size-smaller"
                disabled={current <= READING_SIZE.min}
                onClick={() => setSize(current - 1)}
              >
                A−
              </button>
              <output data-testid="size-value">{t('reading.sizeValue', { size: current })}</output>
              <button
                type="button"
                aria-label={t('reading.larger')}
                data-testid="size-larger"
                disabled={current >= READING_SIZE.max}
                onClick={() => setSize(current + 1)}
              >
                A+
              </button>
            </div>
          </fieldset>
          <fieldset>
            <legend>{t('reading.width')}</legend>
            <div className="segmented">{WIDTHS.map((v) => choice(v, width ?? 'normal', setWidth, `reading.width.${v}`, `width-${v}`))}</div>
          </fieldset>
          <fieldset>
            <legend>{t('print.include')}</legend>
            <div className="segmented">{INCLUDE.map((v) => choice(v, include ?? 'highlights', setInclude, `print.include.${v}`, `print-include-${v}`))}</div>
          </fieldset>
          <label>
            <input
              type="checkbox"
              checked={outline === 'open'}
              data-testid="outline-toggle"
              onChange={(e) => setOutline(e.target.checked ? 'open' : 'closed')}
            />{' '}
            {t('reading.outlineToggle')}
          </label>
        </div>
      )}
    </span>
  );
}
