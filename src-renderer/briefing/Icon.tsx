import type { ButtonHTMLAttributes } from 'react';

/**
 * The composer's few line icons, inline SVG (no icon font, nothing fetched).
 * Decorative: the button around an icon carries the accessible name.
 */
const PATHS = {
  grip: 'M6 4h.01M10 4h.01M6 8h.01M10 8h.01M6 12h.01M10 12h.01',
  plus: 'M8 3v10M3 8h10',
  trash: 'M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.6 8.5h5.8l.6-8.5',
  copy: 'M5.5 5.5h7v7h-7zM3.5 10.5v-7h7',
  next: 'M2.5 8h7M7 5l3 3-3 3M13 3v10',
  undo: 'M5.5 6.5H10a3 3 0 010 6H7M5.5 6.5L3 4m2.5 2.5L3 9',
  redo: 'M10.5 6.5H6a3 3 0 000 6h3M10.5 6.5L13 4m-2.5 2.5L13 9',
  external: 'M9 3h4v4M13 3L7.5 8.5M11 9.5V13H3V5h3.5',
  sync: 'M13 5.5A5 5 0 003.6 5M3 10.5A5 5 0 0012.4 11M13 2.5v3h-3M3 13.5v-3h3',
  download: 'M8 2.5v8M4.5 7.5L8 11l3.5-3.5M3 13.5h10',
  up: 'M8 12.5v-9M4.5 7L8 3.5 11.5 7',
  down: 'M8 3.5v9M4.5 9L8 12.5 11.5 9',
  text: 'M3 4h10M3 8h10M3 12h6',
  expand: 'M9.5 2.5h4v4M6.5 13.5h-4v-4M13.5 2.5l-4.5 4.5M2.5 13.5l4.5-4.5',
  collapse: 'M13 6.5H9.5V3M3 9.5h3.5V13M9.5 6.5L14 2M6.5 9.5L2 14',
  check: 'M3.5 8.5l3 3 6-7',
  quote: 'M4 9.5h2.5V12H4zM4 9.5C4 7 5 5.5 6.5 5M9.5 9.5H12V12H9.5zM9.5 9.5c0-2.5 1-4 2.5-4.5',
  chevron: 'M6 4l4 4-4 4',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 16 }: { name: IconName; size?: number }) {
  return (
    <svg
      className={`brief-icon brief-icon-${name}`}
      width={size}
      height={size}
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth={name === 'grip' ? 2.2 : 1.4}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}

type IconButtonProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type' | 'aria-label' | 'children'> & {
  icon: IconName;
  /** The accessible name (the icon itself is decorative). */
  label: string;
  danger?: boolean;
  'data-testid'?: string;
};

/** A square tool button with one icon; its label is also the tooltip unless `title` says otherwise. */
export function IconButton({ icon, label, danger, title, className, ...rest }: IconButtonProps) {
  return (
    <button
      type="button"
      className={['brief-icon-button', danger ? 'danger' : '', className ?? ''].filter(Boolean).join(' ')}
      aria-label={label}
      title={title ?? label}
      {...rest}
    >
      <Icon name={icon} />
    </button>
  );
}
