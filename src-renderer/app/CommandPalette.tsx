/**
 * The command palette (Ctrl/Cmd+Shift+P, as in VS Code): every action of the
 * window with its shortcut, found by typing any part of its name in either
 * language. ↑/↓ move, Enter runs, Escape closes and gives focus back to where
 * it was (the command then runs there, so reader commands act on the
 * selected highlight). A modal dialog with a combobox over a listbox
 * (WAI-ARIA combobox pattern, `aria-activedescendant`).
 */
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { translate, type StringKey } from '../i18n/strings';

export interface PaletteCommand {
  id: string;
  /** The command's name (a string key, so both languages can be searched). */
  title: StringKey;
  /** Shown as keys, e.g. `Ctrl+K`; written with Ctrl and translated to ⌘ on macOS. */
  shortcut?: string;
  /** Where it applies, shown beside the name (a string key). */
  group: StringKey;
  /** Other words a user may search it by, not shown (高亮 for 划线, both languages, space-separated). */
  keywords?: string;
  run(): void;
}

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** `Ctrl+Shift+P` as this system writes it. */
export function shortcutText(shortcut: string): string {
  return isMac
    ? shortcut
        .replace(/Ctrl\+/g, '⌘')
        .replace(/Alt\+/g, '⌥')
        .replace(/Shift\+/g, '⇧')
    : shortcut;
}

function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

export function CommandPalette({ commands, onClose }: { commands: readonly PaletteCommand[]; onClose(): void }) {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const opener = useRef<HTMLElement | null>(typeof document !== 'undefined' ? (document.activeElement as HTMLElement | null) : null);

  const shown = useMemo(() => {
    const words = fold(query).split(/\s+/).filter(Boolean);
    if (!words.length) return commands;
    return commands.filter((c) => {
      const hay = fold(
        [
          translate('zh-CN', c.title),
          translate('en', c.title),
          translate('zh-CN', c.group),
          translate('en', c.group),
          c.id,
          c.shortcut ?? '',
          c.keywords ?? '',
        ].join(' '),
      );
      return words.every((w) => hay.includes(w));
    });
  }, [commands, query]);
  const current = Math.min(active, Math.max(0, shown.length - 1));

  useEffect(() => input.current?.focus(), []);
  useEffect(() => {
    document.getElementById(`${id}-opt-${current}`)?.scrollIntoView?.({ block: 'nearest' });
  }, [current, id]);

  /** Closes, gives focus back, then runs the command where the user was. */
  function run(command: PaletteCommand) {
    onClose();
    const back = opener.current;
    if (back && document.contains(back)) back.focus();
    setTimeout(() => command.run(), 0);
  }

  function onKeyDown(event: KeyboardEvent) {
    switch (event.key) {
      case 'ArrowDown':
        setActive((current + 1) % Math.max(1, shown.length));
        break;
      case 'ArrowUp':
        setActive((current - 1 + shown.length) % Math.max(1, shown.length));
        break;
      case 'PageDown':
        setActive(Math.min(shown.length - 1, current + 8));
        break;
      case 'PageUp':
        setActive(Math.max(0, current - 8));
        break;
      case 'Enter':
        if (shown[current]) run(shown[current]);
        break;
      case 'Escape':
        onClose();
        if (opener.current && document.contains(opener.current)) opener.current.focus();
        break;
      case 'Tab':
        // The palette has one control: focus stays in it.
        break;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  }

  return (
    <div className="dialog-backdrop palette-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="dialog command-palette" role="dialog" aria-modal="true" aria-label={t('palette.title')} data-testid="command-palette">
        <input
          ref={input}
          className="palette-input"
          role="combobox"
          aria-expanded="true"
          aria-controls={`${id}-list`}
          aria-autocomplete="list"
          aria-activedescendant={shown.length ? `${id}-opt-${current}` : undefined}
          aria-label={t('palette.title')}
          placeholder={t('palette.placeholder')}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          data-testid="palette-input"
        />
        <ul id={`${id}-list`} role="listbox" aria-label={t('palette.title')} className="palette-list">
          {shown.map((c, i) => (
            <li
              key={c.id}
              id={`${id}-opt-${i}`}
              role="option"
              aria-selected={i === current}
              className={i === current ? 'active' : undefined}
              onMouseMove={() => setActive(i)}
              onClick={() => run(c)}
              data-testid="palette-item"
              data-command={c.id}
            >
              <span className="palette-group">{t(c.group)}</span>
              <span className="palette-name">{t(c.title)}</span>
              {c.shortcut && <kbd>{shortcutText(c.shortcut)}</kbd>}
            </li>
          ))}
          {shown.length === 0 && (
            <li role="option" aria-selected={false} aria-disabled="true" className="muted">
              {t('palette.none')}
            </li>
          )}
        </ul>
      </div>
    </div>
  );
}
