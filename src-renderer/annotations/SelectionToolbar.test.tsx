/**
 * The selection toolbar: a labelled ARIA toolbar with one Tab stop, arrow
 * keys between buttons, Escape to close, and the actions of each mode.
 */
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../i18n/I18nProvider';
import { DEFAULT_LABELS_ZH } from './colors';
import { SelectionToolbar, type SelectionToolbarProps } from './SelectionToolbar';

afterEach(cleanup);

function setup(overrides: Partial<SelectionToolbarProps> = {}, locale: 'zh-CN' | 'en' = 'zh-CN') {
  const props: SelectionToolbarProps = {
    mode: 'selection',
    position: { top: 100, left: 200, placement: 'above', bound: 600 },
    labels: { ...DEFAULT_LABELS_ZH, risk: '舆情风险' },
    onColor: vi.fn(),
    onNote: vi.fn(),
    onTag: vi.fn(),
    onCopy: vi.fn(),
    onClose: vi.fn(),
    ...overrides,
  };
  render(
    <I18nProvider initial={locale}>
      <SelectionToolbar {...props} />
    </I18nProvider>,
  );
  return props;
}

describe('SelectionToolbar', () => {
  it('offers the five colours with their meanings and shortcut keys', () => {
    const props = setup();
    const toolbar = screen.getByRole('toolbar', { name: '标注工具' });
    expect(toolbar.getAttribute('aria-orientation')).toBe('horizontal');
    expect(screen.getByRole('button', { name: '要点（按 1）' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '舆情风险（按 4）' })).toBeTruthy();
    fireEvent.click(screen.getByTestId('tb-color-policy'));
    expect(props.onColor).toHaveBeenCalledWith('policy');
    fireEvent.click(screen.getByTestId('tb-copy'));
    expect(props.onCopy).toHaveBeenCalled();
    expect(screen.queryByTestId('tb-delete')).toBeNull();
  });

  it('has one Tab stop and moves with the arrow keys; Escape closes', () => {
    const props = setup();
    const buttons = screen.getAllByRole('button');
    expect(buttons.filter((b) => b.tabIndex === 0)).toHaveLength(1);
    buttons[0].focus();
    fireEvent.keyDown(buttons[0], { key: 'ArrowRight' });
    expect(document.activeElement).toBe(buttons[1]);
    fireEvent.keyDown(buttons[1], { key: 'End' });
    expect(document.activeElement).toBe(buttons.at(-1));
    fireEvent.keyDown(buttons.at(-1)!, { key: 'ArrowRight' });
    expect(document.activeElement).toBe(buttons[0]);
    fireEvent.keyDown(buttons[0], { key: 'Escape' });
    expect(props.onClose).toHaveBeenCalled();
  });

  it('in highlight mode shows the current colour pressed and a delete button', () => {
    const props = setup({ mode: 'highlight', activeColor: 'figure', onDelete: vi.fn() }, 'en');
    expect(screen.getByRole('button', { name: 'Figure (key 2)' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('button', { name: 'Key point (key 1)' }).getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(screen.getByTestId('tb-delete'));
    expect(props.onDelete).toHaveBeenCalled();
  });

  it('keeps the text selection when pressed', () => {
    setup();
    const event = new MouseEvent('mousedown', { bubbles: true, cancelable: true });
    screen.getByTestId('tb-note').dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
  });
});
