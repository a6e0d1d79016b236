/**
 * The tag editor: suggestions from the shared tag list, keyboard choice,
 * chips that can be removed, save and cancel.
 */
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../i18n/I18nProvider';
import { TagEditor } from './TagEditor';

afterEach(cleanup);

function setup(initial: string[] = ['人工智能']) {
  const onSave = vi.fn();
  const onCancel = vi.fn();
  render(
    <I18nProvider initial="zh-CN">
      <TagEditor initial={initial} suggestions={['人工智能', '产业政策', '数字经济', '算力']} onSave={onSave} onCancel={onCancel} />
    </I18nProvider>,
  );
  return { onSave, onCancel, input: screen.getByTestId('tag-input') };
}

describe('TagEditor', () => {
  it('suggests existing tags that match, not ones already set', () => {
    const { input } = setup();
    expect(input.getAttribute('role')).toBe('combobox');
    fireEvent.change(input, { target: { value: '经' } });
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['数字经济']);
    fireEvent.change(input, { target: { value: '' } });
    expect(screen.getAllByRole('option').map((o) => o.textContent)).not.toContain('人工智能');
  });

  it('chooses a suggestion with the arrow keys and Enter, adds free text with a comma, saves with Ctrl+Enter', () => {
    const { input, onSave } = setup();
    fireEvent.change(input, { target: { value: '算' } });
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(input.getAttribute('aria-activedescendant')).toBeTruthy();
    fireEvent.keyDown(input, { key: 'Enter' });
    fireEvent.change(input, { target: { value: '上海' } });
    fireEvent.keyDown(input, { key: '，' });
    fireEvent.keyDown(input, { key: 'Enter', ctrlKey: true });
    expect(onSave).toHaveBeenCalledWith(['人工智能', '算力', '上海']);
  });

  it('removes a tag by its chip button or Backspace, and cancels with Escape', () => {
    const { input, onSave, onCancel } = setup(['人工智能', '算力']);
    fireEvent.click(screen.getByRole('button', { name: '移除标签“人工智能”' }));
    fireEvent.keyDown(input, { key: 'Backspace' });
    fireEvent.click(screen.getByTestId('tag-save'));
    expect(onSave).toHaveBeenCalledWith([]);
    fireEvent.keyDown(input, { key: 'Escape' });
    expect(onCancel).toHaveBeenCalled();
  });
});
