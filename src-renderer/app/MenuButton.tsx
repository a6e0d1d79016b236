/**
 * A menu button (WAI-ARIA menu button pattern): Enter, Space or ArrowDown
 * opens it with focus on the first item; arrows, Home and End move; Enter or
 * Space chooses; Escape closes and returns focus to the button; a click
 * outside closes it.
 */
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface MenuItem {
  key: string;
  label: string;
  testId?: string;
}

export interface MenuButtonProps {
  label: ReactNode;
  items: readonly MenuItem[];
  onChoose(key: string): void;
  disabled?: boolean;
  className?: string;
  testId?: string;
  /** The menu's accessible name (defaults to the label when it is text). */
  menuLabel?: string;
  title?: string;
}

export function MenuButton({ label, items, onChoose, disabled, className = 'small', testId, menuLabel, title }: MenuButtonProps) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const close = (e: MouseEvent) => {
      if (!menu.current?.contains(e.target as Node) && !button.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  function choose(key: string) {
    setOpen(false);
    button.current?.focus();
    onChoose(key);
  }

  function onMenuKey(event: KeyboardEvent) {
    const list = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const i = list.indexOf(document.activeElement as HTMLElement);
    if (event.key === 'ArrowDown') list[(i + 1) % list.length]?.focus();
    else if (event.key === 'ArrowUp') list[(i - 1 + list.length) % list.length]?.focus();
    else if (event.key === 'Home') list[0]?.focus();
    else if (event.key === 'End') list[list.length - 1]?.focus();
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
        className={className}
        aria-haspopup="menu"
        aria-expanded={open}
        disabled={disabled}
        title={title}
        data-testid={testId}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setOpen(true);
          }
        }}
      >
        {label} ▾
      </button>
      {open && (
        <ul className="menu" role="menu" ref={menu} aria-label={menuLabel ?? (typeof label === 'string' ? label : undefined)} onKeyDown={onMenuKey}>
          {items.map((item) => (
            <li
              key={item.key}
              role="menuitem"
              tabIndex={-1}
              data-testid={item.testId}
              onClick={() => choose(item.key)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  choose(item.key);
                }
              }}
            >
              {item.label}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
