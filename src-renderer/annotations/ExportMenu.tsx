/**
 * "Export" menu button: the article's annotations as W3C Web Annotation
 * JSON-LD, Markdown or our own JSON. A WAI-ARIA menu button: Enter/Space or
 * ArrowDown opens it, arrows move, Escape closes and returns focus.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import type { StringKey } from '../i18n/strings';

export type ExportFormat = 'w3c' | 'md' | 'json';

const FORMATS: { format: ExportFormat; label: StringKey }[] = [
  { format: 'w3c', label: 'annot.exportW3c' },
  { format: 'md', label: 'annot.exportMd' },
  { format: 'json', label: 'annot.exportJson' },
];

export function ExportMenu({ disabled, onExport }: { disabled?: boolean; onExport(format: ExportFormat): void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const close = (e: MouseEvent) => {
      if (!menu.current?.contains(e.target as Node) && e.target !== button.current) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  function onMenuKey(event: KeyboardEvent) {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const i = items.indexOf(document.activeElement as HTMLElement);
    if (event.key === 'ArrowDown') items[(i + 1) % items.length]?.focus();
    else if (event.key === 'ArrowUp') items[(i - 1 + items.length) % items.length]?.focus();
    else if (event.key === 'Home') items[0]?.focus();
    else if (event.key === 'End') items[items.length - 1]?.focus();
    else if (event.key === 'Escape' || event.key === 'Tab') {
      setOpen(false);
      if (event.key === 'Escape') button.current?.focus();
      else return;
    } else return;
    event.preventDefault();
    event.stopPropagation();
  }

  return (
    <div className="menu-wrap">
      <button
        ref={button}
        type="button"
        className="small"
        aria-haspopup="menu"
        aria-expanded={open}
        disabled={disabled}
        data-testid="export-annotations"
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setOpen(true);
          }
        }}
      >
        {t('annot.export')} ▾
      </button>
      {open && (
        <ul className="menu" role="menu" ref={menu} aria-label={t('annot.export')} onKeyDown={onMenuKey}>
          {FORMATS.map(({ format, label }) => (
            <li
              key={format}
              role="menuitem"
              tabIndex={-1}
              data-testid={`export-${format}`}
              onClick={() => {
                setOpen(false);
                button.current?.focus();
                onExport(format);
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  setOpen(false);
                  button.current?.focus();
                  onExport(format);
                }
              }}
            >
              {t(label)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
